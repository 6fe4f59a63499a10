"""ALN404 beyond its fixtures: what it could not check is scoped to the options no literal flag
passes."""

from __future__ import annotations

import shutil
from pathlib import Path

from fixture_cases import materialized

from alignlint.core.settings import Settings
from alignlint.rules.base import discover_rules
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
