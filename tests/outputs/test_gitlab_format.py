"""The `gitlab` format: GitLab Code Quality JSON, as ruff renders it."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from output_samples import RULES, DefaultDisagrees, finding, sample_findings

from alignlint.core.types import Span
from alignlint.render import RenderContext, get_renderer


def test_golden(context: RenderContext, golden: Callable[[str, str], None]) -> None:
    golden("gitlab.json", get_renderer("gitlab")(sample_findings(), context))


def test_issue_shape_and_severities(context: RenderContext) -> None:
    issues = json.loads(get_renderer("gitlab")(sample_findings(), context))
    assert issues[0] == {
        "check_name": "ALN310",
        "description": "ALN310: Builder sets environment variable `LABEL_FIELD` that contract "
        "`TRAIN_CONTRACT` does not declare",
        "fingerprint": "c0ffee0000000002",
        "location": {"lines": {"begin": 40, "end": 44}, "path": "src/builders/builder_train.py"},
        "severity": "minor",
    }
    assert [(i["check_name"], i["severity"]) for i in issues] == [
        ("ALN310", "minor"),
        ("ALN501", "info"),
        ("ALN203", "major"),
        ("ALN203", "major"),
        ("ALN203", "major"),
    ]


def test_no_findings_is_an_empty_list(context: RenderContext) -> None:
    assert get_renderer("gitlab")([], context) == "[]\n"


def test_fingerprints_are_unique_within_a_report(context: RenderContext) -> None:
    first = finding(DefaultDisagrees, "m", Span.of("a.py", 1, 1, 1, 2), fingerprint="f")
    twins = [first, replace(first, span=Span.of("a.py", 5, 1, 5, 2)), replace(first, message="n")]
    issues = json.loads(get_renderer("gitlab")(twins, context))
    assert [issue["fingerprint"] for issue in issues] == ["f", "f-2", "f-3"]


def test_findings_without_fingerprint_get_a_stable_one(context: RenderContext) -> None:
    bare = finding(DefaultDisagrees, "m", Span.of("a.py", 1, 1, 1, 2))
    moved = replace(bare, span=Span.of("a.py", 9, 1, 9, 2))
    (issue,) = json.loads(get_renderer("gitlab")([bare], context))
    (moved_issue,) = json.loads(get_renderer("gitlab")([moved], context))
    assert len(issue["fingerprint"]) == 16
    assert issue["fingerprint"] == moved_issue["fingerprint"]


def test_paths_are_relative_to_the_gitlab_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "sub").mkdir()
    monkeypatch.setenv("CI_PROJECT_DIR", str(tmp_path))
    context = RenderContext(root=tmp_path / "sub", rules=RULES)
    (issue,) = json.loads(get_renderer("gitlab")([sample_findings()[0]], context))
    assert issue["location"]["path"] == "sub/src/scripts/train.py"
