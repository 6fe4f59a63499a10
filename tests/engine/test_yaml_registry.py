"""YAML registries: the subset that is read (with spans) and what makes a registry Unknown."""

from __future__ import annotations

import pytest

from alignlint.core.settings import Settings
from alignlint.core.types import Position
from alignlint.extract import extract_file
from alignlint.model import text_of
from alignlint.model.values import Located, Unknown
from alignlint.rules.engine.unresolved_link import UnresolvedLink
from engine.helpers import project_of

SETTINGS = Settings()

ROWS = (
    "# registry\n"
    "Train:\n"
    "  config_class: TrainConfig   # trailing comment\n"
    "  spec_type: 'Train'\n"
    '  description: "uses \\"quotes\\" and \\u00e9"\n'
    "  sagemaker_step_type: yes\n"
    "Eval:\n"
    "  config_class: EvalConfig\n"
    "  builder_step_name: ~\n"
)


def test_rows_fields_and_spans() -> None:
    project = project_of({"registry/steps.yaml": ROWS})
    (registry,) = project.registries
    assert registry.name == "steps" and registry.unknown == ()
    assert sorted(registry.rows) == ["Eval", "Train"]
    train = registry.rows["Train"]
    assert str(train.span) == "registry/steps.yaml:2:1"
    assert train.text("config_class") == "TrainConfig"
    config_class = train.fields["config_class"]
    assert isinstance(config_class, Located)
    assert (config_class.span.start, config_class.span.end) == (Position(3, 17), Position(3, 28))
    assert train.text("spec_type") == "Train"
    assert text_of(train.fields["description"]) == 'uses "quotes" and \u00e9'
    ambiguous = train.fields["sagemaker_step_type"]
    assert isinstance(ambiguous, Unknown)
    assert ambiguous.reason == "plain `yes` is a boolean in YAML 1.1 and a string in YAML 1.2"
    builder = registry.rows["Eval"].fields["builder_step_name"]
    assert isinstance(builder, Located) and builder.value is None


def test_wrapper_key_names_the_registry() -> None:
    text = "---\nSTEP_NAMES:\n  Train:\n    spec_type: Train\n"
    project = project_of({"steps.yml": text})
    (registry,) = project.registries
    assert registry.name == "STEP_NAMES"
    assert str(registry.span) == "steps.yml:2:1"
    assert [step.name for step in project.steps] == ["Train"]


def test_python_registry_loaded_from_the_yaml_gives_way_to_it() -> None:
    project = project_of(
        {
            "reg/names.py": 'import yaml\nSTEP_NAMES = yaml.safe_load(open("names.yaml"))\n',
            "reg/names.yaml": "Train:\n  spec_type: Train\n",
        }
    )
    assert [registry.path for registry in project.registries] == ["reg/names.yaml"]
    assert project.unlinked == []


@pytest.mark.parametrize(
    ("text", "reason", "line"),
    [
        ("Train:\n  config_class: [A, B]\n", "`[` starts a YAML construct not supported here", 2),
        ("base: &b\n  spec_type: X\n", "`&` starts a YAML construct not supported here", 1),
        ("Train:\n  - spec_type: X\n", "`-` starts a YAML construct not supported here", 2),
        ("Train:\n  spec_type: |\n    X\n", "`|` starts a YAML construct not supported here", 2),
        ("Train:\n  spec_type: X\n    Y\n", "a scalar continues on a more indented line", 3),
        ("Train:\n  spec_type: X\n spec_type: Y\n", "inconsistent indentation", 3),
        (
            "Train:\n  spec_type: X\n  spec_type: Y\n",
            "duplicate key `spec_type` (also on line 2)",
            3,
        ),
        ('Train:\n  spec_type: "X\n', "a quoted scalar continues on the next line", 2),
        (
            "Train:\n  spec_type: X\n---\nB:\n  spec_type: Y\n",
            "several YAML documents in one file",
            3,
        ),
    ],
)
def test_outside_the_subset_the_registry_is_unknown(text: str, reason: str, line: int) -> None:
    project = project_of({"registry.yaml": text})
    (registry,) = project.registries
    assert registry.rows == {}
    (unknown,) = registry.unknown
    assert unknown.reason == (
        f"the YAML registry uses YAML alignlint does not read statically: {reason} (line {line})"
    )
    assert unknown.span.start.line == line
    assert project.steps == []
    assert project.unlinked == []
    assert not project.registry_closed


def test_unknown_registry_does_not_cascade_into_unlinked_pieces() -> None:
    project = project_of(
        {
            "registry.yaml": "Train:\n  spec_type: {a: b}\n",
            "spec.py": (
                "from pipeline_core import StepSpecification\n"
                'TRAIN_SPEC = StepSpecification(step_type="Train")\n'
            ),
        }
    )
    assert project.unlinked == []
    rule = UnresolvedLink()
    assert list(rule.check(project)) == []
    (unchecked,) = rule.unchecked
    assert unchecked.subject == "pieces registry registry (registry.yaml) may name"
    assert unchecked.reason.startswith(
        "the registry may hold rows not known statically: the YAML registry uses YAML"
    )


@pytest.mark.parametrize(
    "text",
    [
        "repos:\n  - repo: local\n    hooks: []\n",
        "name: CI\non: [push]\n",
        "a:\n  b: c\n",
    ],
)
def test_other_yaml_is_not_a_registry(text: str) -> None:
    facts = extract_file("config.yaml", text.encode(), SETTINGS)
    assert facts.yaml_registry is None
    assert facts.errors == ()
