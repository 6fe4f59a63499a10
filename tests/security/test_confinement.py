"""Nothing a repository commits makes alignlint read, write or delete outside the repository.

Each test commits what a pull request can commit (configuration values, symbolic links, odd file
names) into a git work tree built in a temporary directory, next to files of the victim outside
it, and runs the real command the way CI does.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .support import SCRIPT_PATH, alignlint, findings, make_project

SECRET = "AWS_SECRET_ACCESS_KEY=hunter2-do-not-print"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git work tree holding the step library."""
    return make_project(tmp_path / "repo", git=True)


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A file of the victim, outside the repository."""
    path = tmp_path / "victim" / "credentials"
    path.parent.mkdir()
    path.write_text(SECRET + "\n", encoding="utf-8")
    return path


def configure(repo: Path, text: str) -> None:
    (repo / "alignlint.toml").write_text('select = ["ALN1"]\n' + text, encoding="utf-8")


def listing(directory: Path) -> list[str]:
    return sorted(str(path.relative_to(directory)) for path in directory.rglob("*"))


# -- paths from configuration ---------------------------------------------------------------------
@pytest.mark.parametrize("value", ["..", "/", "{outside}", "link-out"])
def test_cache_dir_outside_the_repository_is_a_configuration_error(
    repo: Path, home: Path, tmp_path: Path, value: str
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (repo / "link-out").symlink_to(outside, target_is_directory=True)
    configure(repo, f'cache-dir = "{value.format(outside=outside)}"\n')
    before = listing(tmp_path)
    for command in (("check",), ("clean",)):
        result = alignlint(repo, home, *command)
        assert result.returncode == 2
        assert result.stderr.startswith("error: alignlint.toml:2: cache-dir: invalid value: `")
        assert "is outside the repository" in result.stderr
        assert "--cache-dir" in result.stderr
    assert listing(tmp_path) == before  # nothing written, nothing deleted


def test_a_cache_dir_outside_given_on_the_command_line_is_used(
    repo: Path, home: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "ci-cache" / "alignlint"
    assert "ALN101" in findings(repo, home, "--cache-dir", str(cache))
    assert (cache / "CACHEDIR.TAG").is_file()
    result = alignlint(repo, home, "check", "--config", f"cache-dir = '{cache}'")
    assert result.returncode == 1, result.stderr


@pytest.mark.parametrize("key", ["roots", "script-roots"])
def test_roots_outside_the_repository_are_a_configuration_error(
    repo: Path, home: Path, key: str
) -> None:
    configure(repo, f'{key} = ["steps", "/"]\n')
    result = alignlint(repo, home, "check")
    assert result.returncode == 2
    assert f"alignlint.toml:2: {key}: invalid value: `/` is outside the repository" in (
        result.stderr
    )


def test_a_root_that_is_a_symbolic_link_out_of_the_repository_is_refused(
    repo: Path, home: Path, tmp_path: Path, secret: Path
) -> None:
    (repo / "shared").symlink_to(secret.parent, target_is_directory=True)
    configure(repo, 'roots = ["steps", "shared"]\n')
    result = alignlint(repo, home, "check")
    assert result.returncode == 2
    assert "`shared` is outside the repository" in result.stderr


def test_roots_outside_given_on_the_command_line_are_used(
    repo: Path, home: Path, tmp_path: Path
) -> None:
    elsewhere = make_project(tmp_path / "elsewhere")
    result = alignlint(
        repo, home, "check", "--output-format", "concise", "--config", f"roots = ['{elsewhere}']"
    )
    assert result.returncode == 1, result.stderr
    assert "elsewhere/steps/scripts/prep.py" in result.stdout


def test_paths_inside_the_repository_but_above_the_configuration_are_allowed(
    tmp_path: Path, home: Path
) -> None:
    top = tmp_path / "monorepo"
    (top / ".git").mkdir(parents=True)
    project = make_project(top / "pipelines")
    make_project(top / "shared")
    configure(project, 'roots = ["steps", "../shared/steps"]\n')
    result = alignlint(project, home, "check", "--output-format", "concise")
    assert result.returncode == 1, result.stderr
    assert "../shared/steps/scripts/prep.py" in result.stdout


# -- extend ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("target", ["{secret}", "/etc/shadow", "/proc/self/environ"])
def test_extend_outside_the_repository_is_refused_before_it_is_read(
    repo: Path, home: Path, secret: Path, target: str
) -> None:
    configure(repo, f'extend = "{target.format(secret=secret)}"\n')
    result = alignlint(repo, home, "check", env={"ALIGNLINT_TEST_SECRET": "hunter2"})
    assert result.returncode == 2
    assert "alignlint.toml:2: extend: `extend` names" in result.stderr
    assert "outside the repository" in result.stderr
    assert "allowed-extends" in result.stderr
    assert "hunter2" not in result.stderr + result.stdout
    assert "root:" not in result.stderr


def test_extend_through_a_committed_link_is_refused(repo: Path, home: Path, secret: Path) -> None:
    (repo / "base.toml").symlink_to(secret)
    configure(repo, 'extend = "base.toml"\n')
    result = alignlint(repo, home, "check")
    assert result.returncode == 2
    assert "outside the repository" in result.stderr
    assert "hunter2" not in result.stderr


def test_extend_of_a_file_the_user_allows_is_read_and_trusted(
    repo: Path, home: Path, tmp_path: Path
) -> None:
    team = tmp_path / "team"
    team.mkdir()
    (team / "base.toml").write_text('select = ["ALN101"]\n', encoding="utf-8")
    (repo / "alignlint.toml").write_text(f'extend = "{team / "base.toml"}"\n', encoding="utf-8")
    user_config = home / "config" / "alignlint" / "config.toml"
    user_config.parent.mkdir(parents=True)
    user_config.write_text(f'allowed-extends = ["{team}/"]\n', encoding="utf-8")
    result = alignlint(repo, home, "check", "--output-format", "concise")
    assert result.returncode == 1, result.stderr
    codes = [line.split()[1] for line in result.stdout.splitlines() if ": ALN" in line]
    assert codes == ["ALN101"]
    user_config.write_text('allowed-extends = ["/nowhere"]\nextra = 1\n', encoding="utf-8")
    broken = alignlint(repo, home, "check")
    assert broken.returncode == 2
    assert "config.toml:2: extra: unknown field `extra`" in broken.stderr


def test_a_committed_configuration_link_out_of_the_repository_is_not_read(
    repo: Path, home: Path, secret: Path
) -> None:
    (repo / "alignlint.toml").unlink()
    (repo / "alignlint.toml").symlink_to(secret)
    result = alignlint(repo, home, "check")
    assert result.returncode == 2
    assert "configuration file not read: symbolic link to" in result.stderr
    assert "hunter2" not in result.stderr


def test_a_configuration_that_is_a_named_pipe_is_never_opened(repo: Path, home: Path) -> None:
    os.mkfifo(repo / "base.toml")
    configure(repo, 'extend = "base.toml"\n')
    result = alignlint(repo, home, "check")  # a blocking open or read would hang here
    assert result.returncode == 2
    assert "cannot read configuration file: not a regular file (a named pipe)" in result.stderr


def test_an_allowed_extend_that_is_a_device_is_never_read(repo: Path, home: Path) -> None:
    user_config = home / "config" / "alignlint" / "config.toml"
    user_config.parent.mkdir(parents=True)
    user_config.write_text('allowed-extends = ["/dev/zero"]\n', encoding="utf-8")
    configure(repo, 'extend = "/dev/zero"\n')
    result = alignlint(repo, home, "check")  # reading /dev/zero would never end
    assert result.returncode == 2
    assert "not a regular file (a character device)" in result.stderr


# -- reading through symbolic links ---------------------------------------------------------------
def test_a_committed_link_to_a_secret_is_reported_never_read(
    repo: Path, home: Path, secret: Path
) -> None:
    configure(repo, "")
    (repo / "alignlint.toml").write_text('select = ["ALN001", "ALN002"]\n', encoding="utf-8")
    (repo / "steps" / "leak.py").symlink_to(secret)
    (repo / "steps" / "environ.py").symlink_to("/proc/self/environ")
    for arguments in ((), ("steps/leak.py", "steps/environ.py")):
        for output_format in ("full", "concise", "json", "github", "sarif", "junit"):
            result = alignlint(
                repo,
                home,
                "check",
                "--no-cache",
                "--output-format",
                output_format,
                *arguments,
                env={"ALIGNLINT_TEST_SECRET": "hunter2"},
            )
            assert result.returncode == 1, result.stderr
            assert "hunter2" not in result.stdout + result.stderr
            assert "steps/environ.py" in result.stdout
            if output_format == "concise":  # the link as committed: the same text every run
                assert (
                    "steps/environ.py:1:1: ALN002 cannot read file: symbolic link to "
                    "/proc/self/environ, which leads outside the repository; not followed"
                ) in result.stdout
            assert "outside the repository; not followed" in result.stdout
            assert "steps/leak.py" in result.stdout


def test_a_link_that_stays_inside_the_repository_is_read(repo: Path, home: Path) -> None:
    real = repo / "steps" / "scripts" / "real_prep.py"
    (repo / SCRIPT_PATH).rename(real)
    (repo / SCRIPT_PATH).symlink_to(real)
    assert "steps/scripts/prep.py:2:12: ALN101" in findings(repo, home, "--no-cache")


def test_a_link_to_a_directory_outside_given_explicitly_is_refused(
    repo: Path, home: Path, secret: Path
) -> None:
    (repo / "shared").symlink_to(secret.parent, target_is_directory=True)
    result = alignlint(repo, home, "check", "shared")
    assert result.returncode == 2
    assert "outside the repository; not followed" in result.stderr


# -- writing through symbolic links ---------------------------------------------------------------
@pytest.mark.parametrize("layout", ["file", "directory"])
def test_an_output_file_is_never_written_through_a_committed_link(
    repo: Path, home: Path, secret: Path, layout: str
) -> None:
    if layout == "file":
        (repo / "alignlint.sarif").symlink_to(secret)
        name = "alignlint.sarif"
    else:
        (repo / "reports").symlink_to(secret.parent, target_is_directory=True)
        name = "reports/credentials"
    result = alignlint(repo, home, "check", "--output-format", f"sarif:{name}")
    assert result.returncode == 2
    assert "is a symbolic link inside the repository" in result.stderr
    assert secret.read_text(encoding="utf-8") == SECRET + "\n"


def test_output_files_outside_the_repository_are_written_as_named(
    repo: Path, home: Path, tmp_path: Path
) -> None:
    target = tmp_path / "runner-temp" / "alignlint.sarif"
    result = alignlint(
        repo, home, "check", "--output-format", f"sarif:{target}", "--output-format", "json:-"
    )
    assert result.returncode == 1, result.stderr
    assert '"version": "2.1.0"' in target.read_text(encoding="utf-8")
    to_stdout = alignlint(repo, home, "check", "--output-format", "json:/dev/stdout")
    assert '"code": "ALN101"' in to_stdout.stdout


def test_baseline_update_never_writes_through_a_committed_link(
    repo: Path, home: Path, secret: Path
) -> None:
    # The temporary file of earlier versions, and the baseline itself, as committed links.
    (repo / ".alignlint-baseline.json.tmp").symlink_to(secret)
    written = alignlint(repo, home, "baseline", "update")
    assert written.returncode == 0, written.stderr
    assert secret.read_text(encoding="utf-8") == SECRET + "\n"
    assert '"ALN101"' in (repo / "alignlint-baseline.json").read_text(encoding="utf-8")
    (repo / "alignlint-baseline.json").unlink()
    (repo / "alignlint-baseline.json").symlink_to(secret)
    refused = alignlint(repo, home, "baseline", "update")
    assert refused.returncode == 2
    assert "is a symbolic link inside the repository" in refused.stderr
    assert secret.read_text(encoding="utf-8") == SECRET + "\n"


@pytest.mark.parametrize("kind", ["fifo", "/dev/zero", "link"])
def test_a_baseline_that_is_special_or_leaves_the_repository_is_not_read(
    repo: Path, home: Path, secret: Path, kind: str
) -> None:
    baseline = repo / "baseline.json"
    if kind == "fifo":
        os.mkfifo(baseline)
    elif kind == "link":
        baseline.symlink_to(secret)
    else:
        baseline.symlink_to("/dev/zero")
    result = alignlint(repo, home, "check", "--baseline", "baseline.json")
    assert result.returncode == 2
    assert "cannot read baseline file baseline.json" in result.stderr
    assert "hunter2" not in result.stderr


def test_fix_never_edits_the_target_of_a_committed_link(
    repo: Path, home: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside.py"
    outside.write_text("VALUE = 1  # alignlint: ignore[ALN101]\n", encoding="utf-8")
    configure(repo, "")
    (repo / "alignlint.toml").write_text(
        'select = ["ALN002", "ALN004", "ALN1"]\n', encoding="utf-8"
    )
    (repo / "steps" / "scripts" / "other.py").symlink_to(outside)
    result = alignlint(repo, home, "check", "--fix", "--output-format", "concise")
    assert outside.read_text(encoding="utf-8") == "VALUE = 1  # alignlint: ignore[ALN101]\n"
    assert "steps/scripts/other.py" in result.stdout  # reported (ALN002), not fixed


# -- file names ------------------------------------------------------------------------------------
def test_file_names_that_are_not_utf8_are_reported_and_never_crash(repo: Path, home: Path) -> None:
    (repo / "alignlint.toml").write_text('select = ["ALN"]\n', encoding="utf-8")
    os.makedirs(os.path.join(os.fsencode(repo / "steps"), b"d\xe9j\xe0"))
    for name in (b"bad\xff.py", b"d\xe9j\xe0/inner.py"):
        with open(os.path.join(os.fsencode(repo / "steps"), name), "wb") as handle:
            handle.write(b"X = 1\n")
    for output_format in ("full", "concise", "json", "json-lines", "github", "sarif", "junit"):
        for cache in ((), ("--no-cache",)):
            result = alignlint(repo, home, "check", "--output-format", output_format, *cache)
            assert result.returncode == 1, result.stderr
            assert "This is a bug" not in result.stderr
            assert "xff.py" in result.stdout
            assert "its name is not valid UTF-8" in result.stdout
    given = os.fsdecode(os.path.join(b"steps", b"bad\xff.py"))
    result = alignlint(repo, home, "check", "--output-format", "concise", given)
    assert result.returncode == 1, result.stderr
    assert "steps/bad\\xff.py:1:1: ALN002 cannot read file: its name is not valid UTF-8" in (
        result.stdout
    )
