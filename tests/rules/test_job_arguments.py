"""ALN403 and ALN404 beyond their fixtures: the job types a check lets through count only when
they pass every check; what ALN404 could not check is scoped to the options no literal flag
passes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fixture_cases import materialized

from alignlint.core.settings import Settings
from alignlint.rules.base import discover_rules
from alignlint.rules.script_contract._args import UNREADABLE_ARGUMENT
from alignlint.run.analysis import analyze


def test_flags_not_known_leave_only_the_options_they_may_pass_unchecked(tmp_path: Path) -> None:
    # The builder passes `--job_type` and then flags alignlint cannot read: `--region`, which
    # the script requires and no literal flag passes, is not checked (and said so); `--job_type`
    # is checked and passed.
    root = tmp_path / "project"
    shutil.copytree(materialized("builder_config/ALN404_required_argument_not_passed_fires"), root)
    builder = root / "steps" / "builders" / "builder_prep_step.py"
    text = builder.read_text(encoding="utf-8")
    literal = 'return ["--job_type", self.config.job_type]'
    assert literal in text
    builder.write_text(
        text.replace(literal, literal + " + list(self.config.extra_arguments)"), encoding="utf-8"
    )
    result = analyze([], Settings(select=("ALN404",)), root=root, rules=discover_rules())
    assert [d for d in result.diagnostics if d.code == "ALN404"] == []
    assert [(u.subject, u.reason) for u in result.statistics.unchecked] == [
        (
            "option `--region` of step Prep",
            "the builder's _get_job_arguments does not return literal flag lists",
        )
    ]


def _rank_project(tmp_path: Path, builder_check: str, validator_values: str | None) -> Path:
    """The ALN403 builder-check case (the script accepts only `training`) with the builder's
    check replaced by ``builder_check`` and, when given, a config validator of ``job_type``."""
    root = tmp_path / "project"
    shutil.copytree(
        materialized("builder_config/ALN403_job_argument_not_parsed_builder_check_fires"), root
    )
    builder = root / "steps" / "builders" / "builder_rank_step.py"
    text = builder.read_text(encoding="utf-8")
    check = 'if self.config.job_type not in ("training", "scoring"):'
    assert check in text
    builder.write_text(text.replace(check, builder_check), encoding="utf-8")
    if validator_values is not None:
        config = root / "steps" / "configs" / "config_rank_step.py"
        config.write_text(
            "from pydantic import field_validator\n\n"
            + config.read_text(encoding="utf-8")
            + '\n    @field_validator("job_type")\n'
            "    @classmethod\n"
            "    def _job_type(cls, value):\n"
            f"        if value not in {validator_values}:\n"
            '            raise ValueError("unknown job type")\n'
            "        return value\n",
            encoding="utf-8",
        )
    return root


def _aln403(root: Path) -> list[str]:
    result = analyze([], Settings(select=("ALN403",)), root=root, rules=discover_rules())
    return [d.message.rpartition(": ")[2] for d in result.diagnostics]


def test_a_job_type_must_pass_every_check_to_count(tmp_path: Path) -> None:
    """The builder lets `scoring` through but the config's validator does not: no job can
    reach the script with it, so the script's choices leaving it out are right."""
    check = 'if self.config.job_type not in ("training", "scoring"):'
    assert _aln403(_rank_project(tmp_path / "a", check, '("training",)')) == []
    assert _aln403(_rank_project(tmp_path / "b", check, '("training", "scoring")')) == [
        "the step's `scoring` job type would exit with a usage error"
    ]


def test_a_check_whose_values_are_not_known_is_no_evidence(tmp_path: Path) -> None:
    unknown = "if self.config.job_type not in self.config.allowed_job_types:"
    assert _aln403(_rank_project(tmp_path / "a", unknown, None)) == []
    # The builder's known list no longer counts either: the unknown validator may reject it.
    check = 'if self.config.job_type not in ("training", "scoring"):'
    assert _aln403(_rank_project(tmp_path / "b", check, "load_job_types()")) == []


def _edited(tmp_path: Path, case: str, path: str, old: str, new: str) -> Path:
    root = tmp_path / "project"
    shutil.copytree(materialized(case), root)
    target = root / path
    text = target.read_text(encoding="utf-8")
    assert old in text
    target.write_text(text.replace(old, new), encoding="utf-8")
    return root


def _found(root: Path, code: str) -> tuple[list[int], list[tuple[str, str]]]:
    result = analyze([], Settings(select=(code,)), root=root, rules=discover_rules())
    lines = [d.span.start.line for d in result.diagnostics if d.code == code]
    return lines, [(u.subject, u.reason) for u in result.statistics.unchecked]


@pytest.mark.parametrize(
    "parse",
    ["args = parser.parse_known_args()[0]", "args, _unknown = parser.parse_known_args()"],
)
def test_parse_known_args_still_rejects_a_value_outside_the_choices(
    tmp_path: Path, parse: str
) -> None:
    """``parse_known_args()`` tolerates options the parser does not define, not a value outside
    an option's choices: ALN403's choices check still applies, and ALN113 still reads the
    namespace it returns."""
    root = _edited(
        tmp_path / "choices",
        "builder_config/ALN403_job_argument_not_parsed_choices_fires",
        "steps/scripts/sort.py",
        "args = parser.parse_args()",
        parse,
    )
    assert _found(root, "ALN403") == ([12], [])
    root = _edited(
        tmp_path / "reads",
        "script_contract/ALN113_unknown_job_arg_attribute_fires",
        "steps/scripts/prep.py",
        "args = parser.parse_args()",
        parse,
    )
    (lines, _) = _found(root, "ALN113")
    assert lines  # the read of an attribute the parser does not define is still reported


@pytest.mark.parametrize(
    ("case", "code", "subject"),
    [
        ("script_contract/ALN112_undefined_argument_fires", "ALN112", "step Prep arguments"),
        ("script_contract/ALN113_unknown_job_arg_attribute_fires", "ALN113", "script prep.py"),
    ],
)
def test_a_parser_argument_alignlint_cannot_read_is_said_not_checked(
    tmp_path: Path, case: str, code: str, subject: str
) -> None:
    """Options added in a loop over a table: the parser's options are not known, so ALN112
    and ALN113 check nothing there, and say so."""
    root = _edited(
        tmp_path,
        case,
        "steps/scripts/prep.py",
        '    parser.add_argument("--job_type", required=True)\n',
        '    for flag, options in (("--job_type", dict(required=True)),):\n'
        "        parser.add_argument(flag, **options)\n",
    )
    lines, unchecked = _found(root, code)
    assert lines == []
    assert unchecked == [(subject, UNREADABLE_ARGUMENT)]


def test_job_arguments_given_whole_by_the_config_are_said_not_checked(tmp_path: Path) -> None:
    """A builder that returns a list the config holds passes options alignlint cannot read and
    none it can: ALN403 checks nothing there, and says so."""
    root = _edited(
        tmp_path,
        "builder_config/ALN403_job_argument_not_parsed_choices_fires",
        "steps/builders/builder_sort_step.py",
        'return ["--job_type", self.config.job_type]',
        "return self.config.script_arguments",
    )
    assert _found(root, "ALN403") == (
        [],
        [
            (
                "step Sort job arguments",
                "the builder passes job arguments alignlint cannot read, and no option it can",
            )
        ],
    )


def test_a_helper_the_job_arguments_come_from_and_cannot_be_read_is_said_not_checked(
    tmp_path: Path,
) -> None:
    # ``return self._build_args("fast")``: what a helper called with arguments returns may
    # depend on them, so the flags it writes are not read as the builder's; ALN403 says why it
    # checks nothing there (the Trim step's helper is still read).
    root = tmp_path / "project"
    shutil.copytree(
        materialized("builder_config/ALN403_job_argument_not_parsed_builder_helper_fires"), root
    )
    builder = root / "steps" / "builders" / "builder_prep_step.py"
    text = builder.read_text(encoding="utf-8")
    for old, new in (
        ("return self._build_args()", 'return self._build_args("fast")'),
        ("def _build_args(self):", "def _build_args(self, mode):"),
    ):
        assert old in text
        text = text.replace(old, new)
    builder.write_text(text, encoding="utf-8")
    result = analyze([], Settings(select=("ALN403",)), root=root, rules=discover_rules())
    assert [d.message.split(" passes ")[0] for d in result.diagnostics] == [
        "builder `TrimStepBuilder`"
    ]
    assert [(u.subject, u.reason) for u in result.statistics.unchecked] == [
        (
            "step Prep job arguments",
            "the builder passes job arguments alignlint cannot read "
            "(`PrepStepBuilder._get_job_arguments` returns `self._build_args(...)`, which it "
            "calls with arguments), and no option it can",
        )
    ]
