"""ALN401 and the config model beyond the fixtures' findings: the severity of a finding says
whether the hierarchy allows extra fields, what the rule could not check is listed with its
reason, ``--statistics`` counts the builder config reads resolved, and the config view keeps the
answers other rules (ALN402) rely on."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixture_cases import materialized

from alignlint.core.settings import Settings
from alignlint.core.types import Severity, Unchecked
from alignlint.extract.annotations import annotation_types
from alignlint.model.config_members import (
    ClassMembers,
    class_members,
    config_view,
)
from alignlint.rules.builder_config import UnknownConfigAttribute
from alignlint.run.analysis import Result, analyze
from alignlint.run.configuration import load_configuration

ALN401 = Settings(select=("ALN401",))


def _run(case: str) -> tuple[Path, Result]:
    root = materialized(f"builder_config/{case}")
    return root, analyze([], ALN401, root=root, rules=[UnknownConfigAttribute], need_project=True)


def test_extra_fields_make_the_finding_a_warning() -> None:
    _, result = _run("ALN401_config_hierarchy_extra_allow_fires")
    severities = {d.severity for d in result.diagnostics}
    assert severities == {Severity.WARNING}


def test_a_closed_hierarchy_makes_the_finding_an_error() -> None:
    _, result = _run("ALN401_config_hierarchy_closed_fires")
    severities = {d.severity for d in result.diagnostics}
    assert severities == {Severity.ERROR}


def test_one_finding_per_member_with_the_other_uses_related() -> None:
    _, result = _run("ALN401_config_hierarchy_extra_allow_fires")
    by_subject = {d.subject: d for d in result.diagnostics}
    required = by_subject["config-attribute:TrimStepBuilder.split_kind"]
    assert required.span.start.line == 13  # the `hasattr` requirement comes first
    assert [r.span.start.line for r in required.related if "also used" in r.message] == [24]


def test_unknown_hierarchies_are_listed_as_not_checked() -> None:
    _, result = _run("ALN401_config_hierarchy_unknown_silent")
    assert result.diagnostics == ()
    assert result.statistics.unchecked == [
        Unchecked(
            "ALN401",
            "builder SiftStepBuilder",
            "config `SiftConfig` has a `__getattr__` (in `DynamicConfig`)",
        ),
        Unchecked(
            "ALN401",
            "builder TrimStepBuilder",
            "the hierarchy of config `TrimConfig` has bases alignlint cannot read: "
            "`teamkit.configs.SharedStepConfig`",
        ),
    ]


def test_statistics_count_the_builder_config_reads_resolved() -> None:
    _, result = _run("ALN401_config_hierarchy_members_silent")
    counts = result.statistics.counters
    assert counts["builder config reads"] == counts["builder config reads resolved"] > 10
    _, unknown = _run("ALN401_config_hierarchy_unknown_silent")
    counts = unknown.statistics.counters
    assert (counts["builder config reads"], counts["builder config reads resolved"]) == (2, 0)


def test_trust_extra_fields_is_read_from_the_configuration() -> None:
    root = materialized("builder_config/ALN401_trust_extra_fields_silent")
    settings = load_configuration([root]).settings
    assert analyze([], settings, root=root).diagnostics == ()
    untrusting = Settings(select=("ALN401",))
    (finding,) = analyze([], untrusting, root=root).diagnostics
    assert finding.severity is Severity.WARNING and "team_tag" in finding.message


def test_the_config_view_separates_unknown_bases_extras_and_getattr() -> None:
    _, result = _run("ALN401_config_hierarchy_unknown_silent")
    project = result.project
    assert project is not None
    views = {config.name: config_view(project, config) for config in project.configs}
    sift, trim = views["SiftConfig"], views["TrimConfig"]
    assert (sift.has("rows"), sift.has("other"), sift.declares("other")) == (True, None, None)
    assert (trim.has("other"), trim.declares("other"), trim.declares("rows")) == (None, None, True)
    _, extras = _run("ALN401_config_hierarchy_extra_allow_fires")
    project = extras.project
    assert project is not None
    (trim_config,) = [c for c in project.configs if c.name == "TrimConfig"]
    view = config_view(project, trim_config)
    assert view.complete is False and view.has("row_limit") is None  # ALN402 stays silent
    assert view.declares("row_limit") is False and view.declares("instance_count") is True
    members = class_members(project, trim_config.info)
    assert members.extra_allowed_by == "PipelineStepConfig"
    assert members.members["instance_count"].owner.name == "ProcessingBase"


CLASS_KEYWORDS = """
from pydantic import BaseModel, ConfigDict
from teamkit import EXTRA_MODE

LENIENT = "allow"
OPTIONS = {"extra": "allow"}


class Lenient(BaseModel, extra="allow"):
    name: str = ""


class ByName(BaseModel, extra=LENIENT):
    name: str = ""


class FromMapping(BaseModel, **OPTIONS):
    name: str = ""


class Unreadable(BaseModel, extra=EXTRA_MODE):
    model_config = ConfigDict(extra="forbid")


class ClosedAgain(Lenient, extra="forbid"):
    size: int = 0


class KeywordWins(BaseModel, extra="ignore"):
    model_config = ConfigDict(extra="allow")


class OtherKeyword(BaseModel, frozen=True):
    name: str = ""
"""


def test_class_keywords_set_extra_as_model_config_does(tmp_path: Path) -> None:
    """``class C(BaseModel, extra=...)`` is pydantic's ``model_config`` setting: read as one, a
    keyword alignlint cannot evaluate makes the setting unknown (never closed), and a keyword
    wins over the class's own ``model_config`` as it does in pydantic."""
    (tmp_path / "settings.py").write_text(CLASS_KEYWORDS, encoding="utf-8")
    result = analyze([], ALN401, root=tmp_path, rules=[UnknownConfigAttribute], need_project=True)
    project = result.project
    assert project is not None

    def members(name: str) -> ClassMembers:
        (info,) = project.classes_named(name)
        return class_members(project, info)

    names = ["Lenient", "ByName", "FromMapping", "Unreadable", "ClosedAgain", "KeywordWins"]
    allowed = {name: members(name).extra_allowed_by for name in [*names, "OtherKeyword"]}
    assert allowed == {
        "Lenient": "Lenient",
        "ByName": "ByName",
        "FromMapping": "FromMapping",
        "Unreadable": "Unreadable",
        "ClosedAgain": None,
        "KeywordWins": None,
        "OtherKeyword": None,
    }
    assert members("ClosedAgain").complete is True


@pytest.mark.parametrize(
    ("annotation", "names"),
    [
        ("Params", ["Params"]),
        ("Optional[Params]", ["Params"]),
        ("typing.Optional[Params]", ["Params"]),
        ("Params | None", ["Params"]),
        ("Union[A, B, None]", ["A", "B"]),
        ('Annotated[Optional[Params], Field(description="x y")]', ["Params"]),
        ("'Params'", ["Params"]),
        ("base.Params | None", ["base.Params"]),
        ("dict[str, Params]", None),
        ("Params()", None),
    ],
)
def test_the_types_an_annotation_admits(annotation: str, names: list[str] | None) -> None:
    assert annotation_types(annotation) == names
