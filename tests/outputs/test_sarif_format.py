"""The `sarif` format: SARIF 2.1.0 for GitHub code scanning, validated against the OASIS schema."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from output_samples import RULES, SpecOutputMissing, finding, sample_findings

import alignlint
from alignlint.core.types import Diagnostic, Span
from alignlint.render import RenderContext, get_renderer

SCHEMA = Path(__file__).parents[1] / "data" / "sarif-schema-2.1.0.json"


@cache
def validator() -> jsonschema.Draft4Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())


def render(diagnostics: list[Diagnostic], context: RenderContext) -> dict[str, Any]:
    log: dict[str, Any] = json.loads(get_renderer("sarif")(diagnostics, context))
    errors = sorted(validator().iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)
    return log


def test_golden(context: RenderContext, golden: Callable[[str, str], None]) -> None:
    rendered = get_renderer("sarif")(sample_findings(), context)
    golden("sarif.json", rendered.replace(alignlint.__version__, "<version>"))


def test_sample_output_is_valid_sarif(context: RenderContext) -> None:
    log = render(sample_findings(), context)
    assert log["version"] == "2.1.0"
    assert len(log["runs"][0]["results"]) == 5


def test_empty_output_is_valid_sarif_and_lists_the_rules(context: RenderContext) -> None:
    run = render([], context)["runs"][0]
    assert run["results"] == []
    assert [rule["id"] for rule in run["tool"]["driver"]["rules"]] == sorted(RULES)


def test_schema_rejects_a_broken_log(context: RenderContext) -> None:
    log = json.loads(get_renderer("sarif")(sample_findings(), context))
    del log["runs"][0]["tool"]["driver"]["name"]
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    messages = sorted(error.message for error in validator().iter_errors(log))
    assert messages == ["'name' is a required property", "0 is less than the minimum of 1"]


def test_driver(context: RenderContext) -> None:
    driver = render([], context)["runs"][0]["tool"]["driver"]
    assert driver["name"] == "alignlint"
    assert driver["version"] == alignlint.__version__
    assert driver["informationUri"] == "https://alignlint.dev/"


def test_rule_descriptor_comes_from_the_rule_class(context: RenderContext) -> None:
    rules = render([], context)["runs"][0]["tool"]["driver"]["rules"]
    descriptor = next(rule for rule in rules if rule["id"] == "ALN203")
    assert descriptor == {
        "id": "ALN203",
        "name": "spec-output-missing",
        "shortDescription": {"text": "Specification output is not declared by the contract"},
        "fullDescription": {
            "text": "Reports a specification output whose logical name is not an output of the contract."
        },
        "help": {
            "text": SpecOutputMissing.documentation(),
            "markdown": SpecOutputMissing.documentation(),
        },
        "helpUri": "https://alignlint.dev/rules/spec-output-missing/",
        "defaultConfiguration": {"level": "error"},
    }
    levels = {rule["id"]: rule["defaultConfiguration"]["level"] for rule in rules}
    assert levels == {"ALN101": "error", "ALN203": "error", "ALN310": "warning", "ALN501": "note"}
    without_section = next(rule for rule in rules if rule["id"] == "ALN310")
    assert without_section["fullDescription"]["text"] == without_section["shortDescription"]["text"]


def test_result_references_its_rule_and_the_other_side(context: RenderContext) -> None:
    run = render(sample_findings(), context)["runs"][0]
    result = next(r for r in run["results"] if r["message"]["text"].startswith("Output `processed"))
    assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"] == "ALN203"
    assert result["level"] == "error"
    assert result["message"]["text"] == (
        "Output `processed_data` of spec `PREPROCESS_SPEC` is not an output of contract "
        "`PREPROCESS_CONTRACT` (see [contract outputs](1), [script writes here](2))"
    )
    assert result["locations"] == [
        {
            "physicalLocation": {
                "artifactLocation": {
                    "uri": "src/specs/preprocess_spec.py",
                    "uriBaseId": "%SRCROOT%",
                },
                "region": {"startLine": 12, "startColumn": 25, "endLine": 12, "endColumn": 41},
            }
        }
    ]
    related = result["relatedLocations"]
    assert [(r["id"], r["message"]["text"]) for r in related] == [
        (1, "contract outputs"),
        (2, "script writes here"),
    ]
    assert related[1]["physicalLocation"]["artifactLocation"]["uri"] == "src/scripts/preprocess.py"
    links = {int(n) for n in re.findall(r"\]\((\d+)\)", result["message"]["text"])}
    assert links == {r["id"] for r in related}
    assert result["partialFingerprints"] == {"alignlintFingerprint/v1": "c0ffee0000000001"}
    assert run["columnKind"] == "unicodeCodePoints"


def test_levels_follow_severities(context: RenderContext) -> None:
    results = render(sample_findings(), context)["runs"][0]["results"]
    assert {(r["ruleId"], r["level"]) for r in results} == {
        ("ALN203", "error"),
        ("ALN310", "warning"),
        ("ALN501", "note"),
    }


def test_escaping_path_brackets_and_ansi(context: RenderContext) -> None:
    weird = next(d for d in sample_findings() if d.step == "Weird")
    result = render([weird], context)["runs"][0]["results"][0]
    uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "src/weird%2Cdir%3Aname/spec.py"
    assert result["message"]["text"] == (
        "Coverage is 100% of\nthe declared outputs\\[0\\]\r\nnaïve → ok (see [the \\[other\\] side](1))"
    )


def test_fingerprint_does_not_depend_on_the_line(context: RenderContext) -> None:
    original = sample_findings()[2]
    moved = replace(
        original,
        span=Span(original.span.path, 112, 25, 112, 41),
    )
    before, after = (render([d], context)["runs"][0]["results"][0] for d in (original, moved))
    assert before["locations"] != after["locations"]
    assert before["partialFingerprints"] == after["partialFingerprints"]


def test_finding_of_an_unknown_rule_has_no_rule_index(context: RenderContext) -> None:
    unknown = replace(finding(SpecOutputMissing, "m", Span.of("a.py", 1, 1, 1, 2)), code="PLG001")
    result = render([unknown], context)["runs"][0]["results"][0]
    assert result["ruleId"] == "PLG001"
    assert "ruleIndex" not in result


def test_finding_without_fingerprint_has_no_partial_fingerprints(context: RenderContext) -> None:
    bare = finding(SpecOutputMissing, "m", Span.of("a.py", 1, 1, 1, 2))
    assert "partialFingerprints" not in render([bare], context)["runs"][0]["results"][0]


def test_uris_are_relative_to_the_github_workspace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "sub").mkdir()
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path))
    context = RenderContext(root=tmp_path / "sub", rules=RULES)
    result = render([sample_findings()[2]], context)["runs"][0]["results"][0]
    uris = [
        location["physicalLocation"]["artifactLocation"]["uri"]
        for location in result["locations"] + result["relatedLocations"]
    ]
    assert uris == [
        "sub/src/specs/preprocess_spec.py",
        "sub/src/contracts/preprocess_contract.py",
        "sub/src/scripts/preprocess.py",
    ]
