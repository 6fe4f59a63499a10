"""Configuration: discovery (nearest wins), extend chains, validation errors, ``config show``."""

from __future__ import annotations

from pathlib import Path

import pytest

from alignlint.core.errors import ConfigError
from alignlint.core.settings import Settings
from alignlint.core.types import Severity
from alignlint.rules.base import discover_rules
from alignlint.run.configuration import Overrides, load_configuration, show
from alignlint.run.validation import validate_settings

RULES = discover_rules()


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def error_of(tmp_path: Path, text: str, name: str = "alignlint.toml") -> str:
    config = write(tmp_path / name, text)
    with pytest.raises(ConfigError) as caught:
        load_configuration(config_file=config)
    return str(caught.value)


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def test_defaults_without_configuration(tmp_path: Path) -> None:
    configuration = load_configuration()
    assert configuration.settings == Settings()
    assert configuration.path is None
    assert configuration.root == tmp_path.resolve()


@pytest.mark.parametrize(
    ("cwd", "root"),
    [
        ("project/examples/one", "project/examples/one"),  # in no package: a project of its own
        ("project/src/pkg", "project"),
        ("project/src/pkg/steps/specs", "project"),  # a folder of a package, no __init__.py
        ("elsewhere/pkg/steps", "elsewhere/pkg/steps"),  # no project marker above
        ("loose/src/pkg", "loose"),  # a marker, in no git work tree (an unpacked sdist)
    ],
)
def test_without_configuration_a_package_folder_belongs_to_its_project(
    layout: Path, monkeypatch: pytest.MonkeyPatch, cwd: str, root: str
) -> None:
    monkeypatch.chdir(layout / cwd)
    configuration = load_configuration()
    assert configuration.path is None
    assert configuration.root == (layout / root).resolve()


@pytest.fixture
def layout(tmp_path: Path) -> Path:
    """Projects with and without markers, packages in them, in a directory with no marker."""
    write(tmp_path / "project" / "pyproject.toml", '[project]\nname = "demo"\n')
    (tmp_path / "project" / ".git").mkdir()
    write(tmp_path / "project" / "sub" / "pyproject.toml", '[project]\nname = "sub"\n')
    write(tmp_path / "loose" / "pyproject.toml", '[project]\nname = "loose"\n')
    packages = ("project/src/pkg", "project/src/pkg/steps", "elsewhere/pkg", "loose/src/pkg")
    for package in packages:
        write(tmp_path / package / "__init__.py", "")
    write(tmp_path / "project/src/pkg/steps/specs/x_spec.py", "")
    write(tmp_path / "project/vendor/lib/steps/x.py", "")
    (tmp_path / "project/vendor/lib/.git").mkdir()
    (tmp_path / "project/examples/one").mkdir(parents=True)
    (tmp_path / "elsewhere/pkg/steps").mkdir()
    (tmp_path / "outside").mkdir()
    return tmp_path


@pytest.mark.parametrize(
    ("cwd", "paths", "root"),
    [
        # A project top as the current directory stays the root, nested projects included.
        ("project", ["src/pkg/steps", "sub"], "project"),
        ("project/src/pkg", ["steps"], "project"),
        # ... but another git work tree inside it is another project.
        ("project", ["vendor/lib/steps/x.py"], "project/vendor/lib"),
        # From a directory that is no project's top, the project holding the paths.
        (".", ["project/src/pkg/steps/specs/x_spec.py"], "project"),
        ("outside", ["../project/src/pkg/steps"], "project"),
        ("outside", ["../loose/src/pkg"], "loose"),
        # Paths in no project: inside the current directory, it stays the root; outside it,
        # their directory is.
        (".", ["elsewhere/pkg/steps"], "."),
        ("outside", ["../elsewhere/pkg/steps"], "elsewhere/pkg/steps"),
        # A project top above the current directory is not climbed to.
        ("project/examples", ["one"], "project/examples"),
    ],
)
def test_without_configuration_paths_are_checked_in_the_project_holding_them(
    layout: Path, monkeypatch: pytest.MonkeyPatch, cwd: str, paths: list[str], root: str
) -> None:
    monkeypatch.chdir(layout / cwd)
    assert load_configuration(paths).root == (layout / root).resolve()


def test_pyproject_section_is_read_and_keys_map_to_settings(tmp_path: Path) -> None:
    write(
        tmp_path / "pyproject.toml",
        """[project]
name = "demo"

[tool.alignlint]
roots = ["steps"]
fail-on = "warning"
require-suppression-reason = true
external-input-pattern = "^pretrained_"

[tool.alignlint.severity]
ALN203 = "info"

[tool.alignlint.per-file-ignores]
"legacy/*.py" = ["ALN2"]

[tool.alignlint.base-classes]
builders = ["StepBuilderBase", "MyBuilderBase"]

[tool.alignlint.rules.spec-dependency-not-in-contract]
threshold = 0.7
""",
    )
    settings = load_configuration().settings
    assert settings.roots == ("steps",)
    assert settings.fail_on is Severity.WARNING
    assert settings.require_suppression_reason is True
    assert settings.external_input_pattern == "^pretrained_"
    assert settings.severity_for("ALN203", "x") is Severity.INFO
    assert settings.per_file_ignores == (("legacy/*.py", ("ALN2",)),)
    assert settings.base_classes.builders == ("StepBuilderBase", "MyBuilderBase")
    assert settings.base_classes.specs == ("StepSpecification",)
    assert settings.options_for("ALN203", "spec-dependency-not-in-contract") == {"threshold": 0.7}


def test_pyproject_without_section_is_skipped_for_a_parent_config(tmp_path: Path) -> None:
    write(tmp_path / "alignlint.toml", 'roots = ["steps"]\n')
    write(tmp_path / "sub" / "pyproject.toml", '[project]\nname = "x"\n')
    configuration = load_configuration([tmp_path / "sub"])
    assert configuration.path == tmp_path / "alignlint.toml"


def test_nearest_configuration_wins(tmp_path: Path) -> None:
    write(tmp_path / "alignlint.toml", 'fail-on = "error"\n')
    nested = write(tmp_path / "pkg" / "pyproject.toml", '[tool.alignlint]\nfail-on = "warning"\n')
    (tmp_path / "pkg" / "steps").mkdir()
    configuration = load_configuration([tmp_path / "pkg" / "steps"])
    assert configuration.path == nested
    assert configuration.root == nested.parent.resolve()
    assert configuration.settings.fail_on is Severity.WARNING
    assert load_configuration().settings.fail_on is Severity.ERROR


def test_alignlint_toml_beats_pyproject_in_the_same_directory(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.alignlint]\nfail-on = "warning"\n')
    write(tmp_path / "alignlint.toml", 'fail-on = "error"\n')
    assert load_configuration().settings.fail_on is Severity.ERROR


def test_extend_chain_inherits_and_overrides(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()  # one repository: the bases outside `project` are inside it
    write(
        tmp_path / "base" / "alignlint.toml",
        'roots = ["src"]\nfail-on = "warning"\n[rules.ALN203]\na = 1\nb = 2\n',
    )
    write(tmp_path / "mid.toml", 'extend = "base/alignlint.toml"\nselect = ["ALN2"]\n')
    write(
        tmp_path / "project" / "alignlint.toml",
        'extend = "../mid.toml"\nfail-on = "error"\n[rules.ALN203]\nb = 3\n',
    )
    configuration = load_configuration([tmp_path / "project"])
    settings = configuration.settings
    # Paths are relative to the file that sets them, shown relative to the project root.
    assert settings.roots == ("../base/src",)
    assert settings.select == ("ALN2",)
    assert settings.fail_on is Severity.ERROR
    assert settings.options_for("ALN203", "") == {"a": 1, "b": 3}
    assert configuration.origin("roots") == "base/alignlint.toml"
    assert configuration.origin("select") == "mid.toml"
    assert configuration.origin("fail-on") == "project/alignlint.toml"
    assert configuration.origin("exclude") == "default"


def test_extend_cycle_is_an_error(tmp_path: Path) -> None:
    write(tmp_path / "a.toml", 'extend = "b.toml"\n')
    write(tmp_path / "b.toml", 'extend = "a.toml"\n')
    with pytest.raises(
        ConfigError, match=r"circular `extend` chain: a\.toml -> b\.toml -> a\.toml"
    ):
        load_configuration(config_file=tmp_path / "a.toml")


def test_unknown_key_names_file_line_and_key(tmp_path: Path) -> None:
    text = '[project]\nname = "x"\n\n[tool.alignlint]\nroots = ["a"]\nselct = ["ALN"]\n'
    message = error_of(tmp_path, text, "pyproject.toml")
    assert message == (
        "pyproject.toml:6: tool.alignlint.selct: unknown field `selct`; did you mean `select`?"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'fail-on = "fatal"',
            "alignlint.toml:2: fail-on: invalid value: unknown severity 'fatal' "
            "(expected one of: info, warning, error)",
        ),
        (
            'roots = "steps"',
            'alignlint.toml:2: roots: invalid value: expected an array of strings, got a string ("steps")',
        ),
        (
            "require-suppression-reason = 1",
            "alignlint.toml:2: require-suppression-reason: invalid value: "
            "expected a boolean, got an integer (1)",
        ),
        (
            'external-input-pattern = "("',
            "alignlint.toml:2: external-input-pattern: invalid value: invalid regular expression "
            "'(': missing ), unterminated subpattern at position 0",
        ),
        (
            "[base-classes]\nbuilderz = []",
            "alignlint.toml:2: base-classes: invalid value: "
            "unknown field `builderz`; did you mean `builders`?",
        ),
        (
            'extend = "missing.toml"',
            "alignlint.toml:2: extend: configuration file not found: missing.toml",
        ),
        ("select = [", "alignlint.toml: invalid TOML: Invalid value (at end of document)"),
    ],
)
def test_bad_values_are_reported_with_their_location(
    tmp_path: Path, text: str, expected: str
) -> None:
    assert error_of(tmp_path, "# settings\n" + text + "\n") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '# x\nselect = ["ALN", "syntax-error"]\nignore = ["XYZ1"]\n',
            "alignlint.toml:3: ignore: unknown rule selector `XYZ1`",
        ),
        (
            "[rules.ALN105]\n\nplatform-path = []\n",
            "alignlint.toml:3: rules.ALN105.platform-path: unknown field `platform-path`; "
            "did you mean `platform-paths`?",
        ),
        (
            'fail-on = "error"\n[rules.ALN999]\nx = 1\n',
            "alignlint.toml:2: rules.ALN999: unknown rule code or name `ALN999`",
        ),
    ],
)
def test_settings_are_validated_against_installed_rules_at_their_line(
    tmp_path: Path, text: str, expected: str
) -> None:
    write(tmp_path / "alignlint.toml", text)
    configuration = load_configuration()
    with pytest.raises(ConfigError) as caught:
        validate_settings(configuration.settings, RULES)
    assert str(caught.value) == expected


def test_command_line_selectors_are_validated_with_the_option_name(tmp_path: Path) -> None:
    configuration = load_configuration(overrides=Overrides(select=("ALN9",)))
    with pytest.raises(ConfigError, match=r"^--select: unknown rule selector `ALN9`$"):
        validate_settings(configuration.settings, RULES)


@pytest.mark.parametrize(
    ("text", "overrides", "expected"),
    [
        ("", Overrides(select=()), "--select"),
        ("select = []\n", Overrides(), "alignlint.toml:1: select"),
        ('ignore = ["ALN"]\n', Overrides(), "alignlint.toml:1: ignore"),
    ],
)
def test_a_selection_that_enables_no_rule_is_an_error(
    tmp_path: Path, text: str, overrides: Overrides, expected: str
) -> None:
    """A run that would check nothing must not print "All checks passed!"."""
    write(tmp_path / "alignlint.toml", text)
    configuration = load_configuration(overrides=overrides)
    with pytest.raises(ConfigError) as caught:
        validate_settings(configuration.settings, RULES)
    assert str(caught.value) == (
        f"{expected}: the rule selection enables no rule, so nothing would be checked"
    )


@pytest.mark.parametrize(
    "text", ["[tool]\nalignlint = 3\n", "[tool]\nalignlint = { select = [3] }\n"]
)
def test_a_pyproject_section_written_without_its_header_is_read(tmp_path: Path, text: str) -> None:
    """`alignlint = ...` under `[tool]` is the same TOML key as a `[tool.alignlint]` table: a wrong
    value there is an error, never a configuration silently ignored."""
    write(tmp_path / "pyproject.toml", text)
    with pytest.raises(ConfigError, match=r"^pyproject\.toml(:2)?: tool\.alignlint"):
        load_configuration()


def test_overrides_replace_select_and_extend_ignore(tmp_path: Path) -> None:
    write(tmp_path / "alignlint.toml", 'select = ["ALN1"]\nignore = ["ALN101"]\n')
    overrides = Overrides(
        select=("ALN2",),
        extend_select=("ALN301",),
        ignore=("ALN203",),
        inline=("fail-on = 'error'",),
    )
    configuration = load_configuration(overrides=overrides)
    settings = configuration.settings
    assert settings.select == ("ALN2",)
    assert settings.extend_select == ("ALN301",)
    assert settings.ignore == ("ALN101", "ALN203")
    assert settings.fail_on is Severity.ERROR
    assert configuration.origin("fail-on") == "command line"


def test_isolated_ignores_configuration_files(tmp_path: Path) -> None:
    write(tmp_path / "alignlint.toml", 'fail-on = "error"\n')
    assert load_configuration(isolated=True).settings == Settings()


def test_config_show_lists_every_key_with_its_origin(tmp_path: Path) -> None:
    write(tmp_path / "base.toml", 'fail-on = "warning"\n')
    write(
        tmp_path / "pyproject.toml",
        '[tool.alignlint]\nextend = "base.toml"\nroots = ["steps"]\n'
        '[tool.alignlint.per-file-ignores]\n"tests/*.py" = ["ALN1"]\n',
    )
    text = show(load_configuration())
    lines = text.splitlines()
    assert lines[0] == f"# project root: {tmp_path.resolve().as_posix()}"
    assert lines[1] == "# configuration file: pyproject.toml"
    assert 'roots = ["steps"]  # pyproject.toml' in lines
    assert 'fail-on = "warning"  # base.toml' in lines
    assert 'per-file-ignores = { "tests/*.py" = ["ALN1"] }  # pyproject.toml' in lines
    assert 'select = ["ALN"]  # default' in lines
    assert "# external-input-pattern is not set  # default" in lines
    keys = [line.split(" = ")[0] for line in lines[2:] if not line.startswith("#")]
    assert keys == sorted(keys)
    assert len(lines) == 2 + 26
