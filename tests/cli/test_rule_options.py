"""Typed rule options, validated when the configuration loads, by one function that the command
line, the Python API, ``analyze()`` and the fixture harness share."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, ClassVar

import pytest

import alignlint
from alignlint.core.errors import ConfigError
from alignlint.core.settings import Settings
from alignlint.core.types import Diagnostic
from alignlint.model import Project
from alignlint.rules.base import Rule, RuleError, discover_rules
from alignlint.rules.options import CONTAINER_PATHS, STRINGS, OptionType
from alignlint.run.analysis import analyze
from alignlint.run.configuration import load_configuration
from alignlint.run.prepare import prepare

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def _configured(tmp_path: Path, text: str) -> Path:
    (tmp_path / "alignlint.toml").write_text(text, encoding="utf-8")
    return tmp_path / "alignlint.toml"


def _load_error(tmp_path: Path, text: str) -> str:
    config = _configured(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        prepare(config_file=config)
    return str(caught.value)


PLATFORM = "alignlint.toml:2: rules.ALN105.platform-paths: invalid value: "


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            '"/opt/ml/code"',
            "expected an array of absolute container paths (below `/opt/ml`), "
            'got a string ("/opt/ml/code")',
        ),
        (
            "[1]",
            "expected an array of absolute container paths (below `/opt/ml`), got an array ([1])",
        ),
        ('["/"]', "`/` would cover every container path (to turn the rule off, ignore it instead)"),
        (
            '["/opt/ml"]',
            "`/opt/ml` would cover every container path (to turn the rule off, ignore it instead)",
        ),
        (
            '["/opt"]',
            "`/opt` would cover every container path (to turn the rule off, ignore it instead)",
        ),
        ('["opt/ml/code"]', "`opt/ml/code` is not an absolute path"),
        ('["/opt/ml/code/"]', "`/opt/ml/code/` is not written plainly (write `/opt/ml/code`)"),
        ('["/opt/ml/../etc"]', "`/opt/ml/../etc` is not written plainly (write `/opt/etc`)"),
        ('["/tmp/scratch"]', "`/tmp/scratch` is not a container path (below `/opt/ml`)"),
    ],
)
def test_platform_paths_must_be_an_array_of_container_paths(
    tmp_path: Path, value: str, message: str
) -> None:
    text = f"[rules.ALN105]\nplatform-paths = {value}\n"
    assert _load_error(tmp_path, text) == PLATFORM + message


def test_valid_platform_paths_are_accepted_and_reach_the_rule(tmp_path: Path) -> None:
    config = _configured(
        tmp_path, '[rules.undeclared-container-path]\nplatform-paths = ["/opt/ml/x"]\n'
    )
    prepared = prepare(config_file=config)
    assert prepared.settings.options_for("ALN105", "undeclared-container-path") == {
        "platform-paths": ("/opt/ml/x",)
    }


def test_file_name_patterns_match_names_not_paths(tmp_path: Path) -> None:
    text = '[rules.ALN514]\nbuilder = ["builders/*.py"]\n'
    assert _load_error(tmp_path, text) == (
        "alignlint.toml:2: rules.ALN514.builder: invalid value: `builders/*.py` contains `/`: "
        "the patterns match file names, not paths"
    )


def test_an_option_in_an_inline_table_is_located_at_its_table(tmp_path: Path) -> None:
    text = 'fail-on = "error"\nrules = { ALN105 = { platform-paths = "/opt/ml/code" } }\n'
    assert _load_error(tmp_path, text).startswith(
        "alignlint.toml:2: rules.ALN105.platform-paths: invalid value: expected an array"
    )


def test_the_command_line_reports_a_mistyped_option_with_exit_2(tmp_path: Path) -> None:
    _configured(tmp_path, '# options\n[rules.ALN105]\nplatform-paths = "/opt/ml/code"\n')
    (tmp_path / "step.py").write_text("X = 1\n", encoding="utf-8")
    messages = []
    for command in (["check"], ["config", "show"], ["baseline", "update"], ["clean"]):
        completed = subprocess.run(
            [sys.executable, "-m", "alignlint", *command],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=False,
        )
        assert completed.returncode == 2, (command, completed.stderr)
        messages.append(completed.stderr)
    expected = (
        "error: alignlint.toml:3: rules.ALN105.platform-paths: invalid value: expected an array "
        'of absolute container paths (below `/opt/ml`), got a string ("/opt/ml/code")\n'
    )
    assert messages == [expected] * 4
    assert not (tmp_path / "alignlint-baseline.json").exists()


def test_the_api_and_analyze_raise_what_the_command_line_shows(tmp_path: Path) -> None:
    config = _configured(tmp_path, '[rules.ALN105]\nplatform-paths = ["/"]\n')
    expected = (
        "alignlint.toml:2: rules.ALN105.platform-paths: invalid value: "
        "`/` would cover every container path (to turn the rule off, ignore it instead)"
    )
    with pytest.raises(ConfigError) as from_api:
        alignlint.check([tmp_path])
    assert str(from_api.value) == expected
    # analyze() given settings that were never validated (loaded without prepare()).
    settings = load_configuration(config_file=config).settings
    with pytest.raises(ConfigError) as from_analyze:
        analyze([], settings, root=tmp_path)
    assert str(from_analyze.value) == expected


def test_analyze_validates_settings_built_in_code(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"^select: unknown rule selector `ALN9`$"):
        analyze([], Settings(select=("ALN9",)), root=tmp_path)
    options = (("ALN105", (("platform-paths", "/opt/ml/code"),)),)
    with pytest.raises(ConfigError, match=r"^rules\.ALN105\.platform-paths: invalid value: "):
        analyze([], Settings(rule_options=options), root=tmp_path)


class _Counts(Rule):
    """## What it does
    Nothing (a test rule).
    """

    code: ClassVar[str] = "TST900"
    name: ClassVar[str] = "counts"
    summary: ClassVar[str] = "A test rule with options"
    default_options: ClassVar[Mapping[str, Any]] = {"limit": 3, "names": ["a"]}

    def check(self, project: Project) -> Iterator[Diagnostic]:
        return iter(())


def test_defaults_are_not_validated_against_a_subset_of_rules(tmp_path: Path) -> None:
    """The default `select = ["ALN"]` names none of a plugin's rules: it is alignlint's own."""
    result = analyze([], Settings(), root=tmp_path, rules=[_Counts])
    assert result.diagnostics == ()


def test_options_without_a_declared_type_are_checked_against_their_default(
    tmp_path: Path,
) -> None:
    options = (("TST900", (("limit", "3"),)),)
    with pytest.raises(ConfigError) as caught:
        analyze([], Settings(select=("TST",), rule_options=options), root=tmp_path, rules=[_Counts])
    assert str(caught.value) == (
        'rules.TST900.limit: invalid value: expected an integer, got a string ("3")'
    )


def test_a_rule_declaring_a_type_its_default_fails_is_malformed() -> None:
    class Bad(_Counts):
        option_types: ClassVar[Mapping[str, OptionType]] = {"names": CONTAINER_PATHS}

    with pytest.raises(
        RuleError, match=r"the default of `names` is invalid: `a` is not an absolute path"
    ):
        Bad.validate_class()

    class Stray(_Counts):
        option_types: ClassVar[Mapping[str, OptionType]] = {"other": STRINGS}

    with pytest.raises(RuleError, match=r"declares a type for `other`, which has no default"):
        Stray.validate_class()


def test_every_builtin_option_declares_its_type() -> None:
    for rule in discover_rules():
        assert set(rule.option_types) == set(rule.default_options), rule.code
