"""The real pre-commit (from PyPI) running this checkout's hooks on commits to a step library.

The ``repo: local`` snippets of ``docs/pre-commit.md`` (the README's is one of them) run exactly as
written: they run the ``alignlint`` on ``PATH``, which is this checkout's (the virtual environment
of the test run comes first on ``PATH``, as when it is activated).

For the snippets that let pre-commit install alignlint: pre-commit installs a hook repository by
cloning it at ``rev``, so the hooks run the *committed* code. To test the working tree as it is, a
module fixture copies it (tracked and untracked, non-ignored files) into a throwaway git
repository and commits it; the hook configuration is the snippet with ``repo``/``rev`` pointing
there. pre-commit then builds the hook environment with pip (dependencies come from PyPI), once
per module, under a private ``PRE_COMMIT_HOME``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fixture_cases import case_path, materialize
from pre_commit.clientlib import load_config, load_manifest

from alignlint.cli.main import BASELINE_HINT

REPOSITORY = Path(__file__).resolve().parents[2]
DOCS = REPOSITORY / "docs" / "pre-commit.md"
LIBRARY = case_path("contract_spec/ALN206_property_path_wrong_output_silent")
PREPROCESS_SPEC = "specs/preprocess_spec.py"
LOAD_DATA_SPEC = "specs/load_data_spec.py"
GOOD_PATH = """'properties.ProcessingOutputConfig.Outputs["processed_data"].S3Output.S3Uri'"""
BAD_PATH = """"properties.ProcessingOutputConfig.Outputs['data'].S3Output.S3Uri\""""
FIXED_PATH = """"properties.ProcessingOutputConfig.Outputs['processed_data'].S3Output.S3Uri\""""

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def documented_configs(local: bool = False) -> dict[str, str]:
    """The ``.pre-commit-config.yaml`` snippets of the docs, by the hook id they use: those that
    install alignlint from its repository, or (``local``) the ``repo: local`` ones."""
    blocks = re.findall(r"```yaml\n(repos:\n.*?)```", DOCS.read_text(encoding="utf-8"), re.DOTALL)
    configs = {}
    for block in blocks:
        if ("- repo: local\n" in block) != local:
            continue
        ids = re.findall(r"- id: (\S+)", block)
        assert len(ids) == 1, block
        configs[ids[0]] = block
    return configs


def pointed_at(config: str, repo: Path, rev: str) -> str:
    """The documented snippet with ``repo`` and ``rev`` replaced."""
    config, repos = re.subn(r"(?m)^(\s*- repo: ).*$", rf"\g<1>{repo.as_posix()}", config)
    config, revs = re.subn(r"(?m)^(\s*rev: ).*$", rf"\g<1>{rev}", config)
    assert (repos, revs) == (1, 1), config
    return config


def git(cwd: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


def checked_git(cwd: Path, *args: str, env: dict[str, str]) -> str:
    result = git(cwd, *args, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def environment(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A git and pre-commit environment isolated from the user's configuration."""
    home = tmp_path_factory.mktemp("home")
    gitconfig = home / ".gitconfig"
    gitconfig.write_text(
        "[user]\n\tname = alignlint tests\n\temail = tests@alignlint.invalid\n"
        "[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n",
        encoding="utf-8",
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GIT_", "PRE_COMMIT", "ALIGNLINT_"))
    }
    env.update(
        HOME=str(home),
        GIT_CONFIG_GLOBAL=str(gitconfig),
        GIT_CONFIG_NOSYSTEM="1",
        PRE_COMMIT_HOME=str(tmp_path_factory.mktemp("pre-commit-home")),
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        NO_COLOR="1",
    )
    env.pop("PYTHONPATH", None)
    # As in an activated virtual environment: its `alignlint` (this checkout's) comes first.
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return env


@pytest.fixture(scope="module")
def hook_repository(
    tmp_path_factory: pytest.TempPathFactory, environment: dict[str, str]
) -> tuple[Path, str]:
    """A committed copy of this working tree: (path, commit)."""
    copy = tmp_path_factory.mktemp("hook-repository")
    listed = checked_git(
        REPOSITORY, "ls-files", "--cached", "--others", "--exclude-standard", "-z", env=environment
    )
    for name in sorted(set(filter(None, listed.split("\0")))):
        source = REPOSITORY / name
        if source.is_file():
            target = copy / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    checked_git(copy, "init", "--quiet", env=environment)
    checked_git(copy, "add", "--all", env=environment)
    checked_git(copy, "commit", "--quiet", "--message", "working tree under test", env=environment)
    return copy, checked_git(copy, "rev-parse", "HEAD", env=environment).strip()


def pre_commit(cwd: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def make_project(
    directory: Path, hook_id: str, hook_repository: tuple[Path, str], env: dict[str, str]
) -> Path:
    """A git repository with the step library (not committed yet) and pre-commit installed,
    with the documented hook that installs alignlint from the (copied) repository."""
    repo, rev = hook_repository
    return make_project_with(directory, pointed_at(documented_configs()[hook_id], repo, rev), env)


def make_project_with(directory: Path, config: str, env: dict[str, str]) -> Path:
    """A git repository with the step library (not committed yet) and pre-commit installed with
    the configuration ``config``."""
    materialize(LIBRARY, directory)
    (directory / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    checked_git(directory, "init", "--quiet", env=env)
    installed = pre_commit(directory, "install", "--install-hooks", env=env)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    return directory


def commit(project: Path, message: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    checked_git(project, "add", "--all", env=env)
    return git(project, "commit", "--message", message, env=env)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} not found once in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="module")
def check_project(
    tmp_path_factory: pytest.TempPathFactory,
    hook_repository: tuple[Path, str],
    environment: dict[str, str],
) -> Iterator[Path]:
    """A project using the ``alignlint`` hook whose first (clean) commit went through."""
    project = make_project(
        tmp_path_factory.mktemp("check") / "project", "alignlint", hook_repository, environment
    )
    first = commit(project, "step library", environment)
    assert first.returncode == 0, first.stdout + first.stderr
    yield project


def test_docs_have_one_snippet_per_hook() -> None:
    assert sorted(documented_configs()) == ["alignlint", "alignlint-fix"]
    assert sorted(documented_configs(local=True)) == ["alignlint", "alignlint-fix"]


def test_local_snippets_run_the_hooks_of_the_manifest(tmp_path: Path) -> None:
    """A local hook is the manifest's hook (``.pre-commit-hooks.yaml``) run from ``PATH``."""
    manifest = load_manifest(str(REPOSITORY / ".pre-commit-hooks.yaml"))
    hooks = {hook["id"]: hook for hook in manifest}
    for hook_id, snippet in documented_configs(local=True).items():
        config = tmp_path / f"{hook_id}.yaml"
        config.write_text(snippet, encoding="utf-8")
        (hook,) = load_config(str(config))["repos"][0]["hooks"]  # pre-commit's validation
        assert hook["language"] in ("system", "unsupported")  # pre-commit 4.4 renamed system
        for key in ("id", "name", "entry", "types_or", "require_serial"):
            assert hook[key] == hooks[hook_id][key], (hook_id, key)


def test_clean_commit_passes(check_project: Path, environment: dict[str, str]) -> None:
    result = git(check_project, "log", "--format=%s", env=environment)
    assert result.stdout == "step library\n"
    script = check_project / "scripts" / "preprocess.py"
    script.write_text(script.read_text(encoding="utf-8") + "# reviewed\n", encoding="utf-8")
    passed = commit(check_project, "document the script", environment)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert re.search(r"^alignlint\.+Passed$", passed.stdout + passed.stderr, re.MULTILINE)


def test_misaligned_commit_is_rejected_with_the_finding(
    check_project: Path, environment: dict[str, str]
) -> None:
    edit(check_project / PREPROCESS_SPEC, GOOD_PATH, BAD_PATH)
    rejected = commit(check_project, "break the property path", environment)
    output = rejected.stdout + rejected.stderr
    assert rejected.returncode != 0, output
    assert re.search(r"^alignlint\.+Failed$", output, re.MULTILINE), output
    assert f"{PREPROCESS_SPEC}:36:" in output and "ALN206" in output, output
    assert "Outputs['data']" in output
    checked_git(check_project, "checkout", "HEAD", "--", PREPROCESS_SPEC, env=environment)


def test_renamed_output_reports_the_consumer(
    check_project: Path, environment: dict[str, str]
) -> None:
    """Only the producer's spec changes; the consumer's unresolvable dependency is reported."""
    spec = check_project / LOAD_DATA_SPEC
    edit(spec, 'logical_name="data"', 'logical_name="raw_rows"')
    edit(spec, "Outputs['data']", "Outputs['raw_rows']")
    edit(spec, "DependencyType.PROCESSING_OUTPUT", "DependencyType.MODEL_ARTIFACTS")
    rejected = commit(check_project, "rename the LoadData output", environment)
    output = rejected.stdout + rejected.stderr
    assert rejected.returncode != 0, output
    # The full format prints each finding as "CODE message" followed by "--> path:line:col".
    consumer = re.findall(rf"^(ALN3\d\d) .*\n +--> {re.escape(PREPROCESS_SPEC)}:", output, re.M)
    assert consumer, output
    checked_git(check_project, "checkout", "HEAD", "--", LOAD_DATA_SPEC, env=environment)


def test_fix_hook_fixes_a_safe_finding(
    tmp_path: Path, hook_repository: tuple[Path, str], environment: dict[str, str]
) -> None:
    project = make_project(tmp_path / "project", "alignlint-fix", hook_repository, environment)
    edit(project / PREPROCESS_SPEC, GOOD_PATH, BAD_PATH)
    first = commit(project, "step library with a wrong property path", environment)
    output = first.stdout + first.stderr
    assert first.returncode != 0, output
    assert re.search(r"^alignlint \(fix\)\.+Failed$", output, re.MULTILINE), output
    assert "- files were modified by this hook" in output, output
    # The hook says what it changed, not only how many fixes it applied.
    assert f"Applied 1 fix:\n- {PREPROCESS_SPEC}:36: ALN206 (property-path-wrong-output) " in output
    assert FIXED_PATH in (project / PREPROCESS_SPEC).read_text(encoding="utf-8")
    again = commit(project, "step library", environment)
    assert again.returncode == 0, again.stdout + again.stderr


def hook_output(result: subprocess.CompletedProcess[str]) -> list[str]:
    """The non-empty lines pre-commit printed."""
    return [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]


@pytest.mark.parametrize("hook_id", ["alignlint", "alignlint-fix"])
def test_local_snippets_work_as_written(
    tmp_path: Path, environment: dict[str, str], hook_id: str
) -> None:
    snippet = documented_configs(local=True)[hook_id]
    project = make_project_with(tmp_path / "project", snippet, environment)
    first = commit(project, "step library", environment)
    assert first.returncode == 0, first.stdout + first.stderr
    edit(project / PREPROCESS_SPEC, GOOD_PATH, BAD_PATH)
    rejected = commit(project, "break the property path", environment)
    output = rejected.stdout + rejected.stderr
    assert rejected.returncode != 0, output
    name = re.escape("alignlint (fix)" if hook_id == "alignlint-fix" else "alignlint")
    assert re.search(rf"^{name}\.+Failed$", output, re.MULTILINE), output
    if hook_id == "alignlint":
        assert f"{PREPROCESS_SPEC}:36:" in output and "ALN206" in output, output
        return
    assert FIXED_PATH in (project / PREPROCESS_SPEC).read_text(encoding="utf-8")
    again = commit(project, "break the property path", environment)
    assert again.returncode == 0, again.stdout + again.stderr


def test_adopting_on_a_library_with_findings(tmp_path: Path, environment: dict[str, str]) -> None:
    """An existing library with an old finding: an unrelated edit of its file is rejected, the
    output ends with how to adopt alignlint, and doing what it says lets the commit through."""
    project = tmp_path / "project"
    materialize(LIBRARY, project)
    edit(project / PREPROCESS_SPEC, GOOD_PATH, BAD_PATH)
    checked_git(project, "init", "--quiet", env=environment)
    checked_git(project, "add", "--all", env=environment)
    checked_git(project, "commit", "--quiet", "--message", "library", env=environment)
    config = documented_configs(local=True)["alignlint"]
    (project / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    installed = pre_commit(project, "install", env=environment)
    assert installed.returncode == 0, installed.stdout + installed.stderr

    edit(
        project / PREPROCESS_SPEC,
        '"""Specification of Preprocess."""',
        '"""The Preprocess spec."""',
    )
    rejected = commit(project, "reword the docstring", environment)
    assert rejected.returncode != 0
    assert hook_output(rejected)[-1] == BASELINE_HINT

    # What the hint says: record the findings, pass the baseline to the hook.
    recorded = subprocess.run(
        ["alignlint", "baseline", "update"],
        cwd=project,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert recorded.stdout == "Wrote 1 finding to alignlint-baseline.json.\n", recorded.stderr
    hook = "      - id: alignlint\n"
    assert config.count(hook) == 1
    adopted = config.replace(hook, hook + "        args: [--baseline, alignlint-baseline.json]\n")
    (project / ".pre-commit-config.yaml").write_text(adopted, encoding="utf-8")
    passed = commit(project, "adopt alignlint and reword the docstring", environment)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert re.search(r"^alignlint\.+Passed$", passed.stdout + passed.stderr, re.MULTILINE)
