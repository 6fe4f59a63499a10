"""Fixing can never take the run down or slow to a crawl (issue #17):

* a file too deeply nested for libcst (a 10,000-term ``a and a and …`` segfaulted it) is never
  handed to libcst: the run finishes, fixes elsewhere (and plain edits in that file) are applied,
  and a structural edit of that file is reported as discarded with the reason;
* one fix whose result does not parse among many others is isolated by halving, so the loop
  stays linear: the number of times a file is rebuilt and parsed grows with the logarithm of the
  number of fixes, not with the number of fixes.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from fix.toy_project import ToyProject, replace_rule

import alignlint.fix.apply as apply_module
from alignlint.fix import FixPolicy, run_fixes

from .support import project_of
from .test_cli import alignlint

DEEP = "GUARD = " + " and ".join(["flag"] * 10_000) + "\n"


def test_a_file_too_deep_for_libcst_does_not_take_the_run_down(tmp_path: Path) -> None:
    root = project_of("script_contract/ALN111_undeclared_argument_fires", tmp_path / "project")
    contract = root / "steps/contracts/prep_contract.py"
    contract_text = contract.read_text(encoding="utf-8") + DEEP
    contract.write_text(contract_text, encoding="utf-8")
    deep = root / "steps/deep.py"
    deep.write_text("x = 1  # alignlint: ignore[ALN101]\n" + DEEP, encoding="utf-8")

    result = alignlint(root, "--fix", "--unsafe-fixes", "--extend-select", "ALN004")

    assert result.returncode == 1, result.stderr
    # The plain edit in the deep file (removing the unused suppression) is applied...
    assert deep.read_text(encoding="utf-8") == "x = 1\n" + DEEP
    # ... the insertion into the deep contract is not, and says why.
    assert contract.read_text(encoding="utf-8") == contract_text
    assert (
        "warning: discarded the ALN111 fix in steps/scripts/prep.py (Add `mode` to "
        "`expected_arguments` of PREP_CONTRACT): steps/contracts/prep_contract.py: the file "
        "cannot be rewritten structurally: it nests 10004 levels deep, more than the 400 libcst "
        "is given"
    ) in result.stderr
    assert "Found 2 problems (1 fixed, 1 remaining: 1 error, 0 warnings)." in result.stdout


@pytest.mark.parametrize("count", [100, 800])
def test_one_unparsable_fix_among_many_costs_logarithmic_rebuilds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, count: int
) -> None:
    (tmp_path / "m.py").write_text(
        "".join(f"v{i} = old\n" for i in range(count)) + "bad = 1\n", encoding="utf-8"
    )
    loads: list[str] = []
    real_load_error = apply_module.load_error

    def counted(path: str, data: bytes, text: str) -> str | None:
        loads.append(path)
        return real_load_error(path, data, text)

    monkeypatch.setattr(apply_module, "load_error", counted)
    rules = [replace_rule("TST001", "old", "new"), replace_rule("TST002", "bad = 1", "bad = (")]
    report = run_fixes(tmp_path, ToyProject(tmp_path, rules), FixPolicy())

    assert report.applied == (("TST001", count),)
    assert [item.code for item in report.discarded] == ["TST002"]
    text = (tmp_path / "m.py").read_text(encoding="utf-8")
    assert text.count("= new") == count and "bad = 1" in text
    # One build of the whole pass, the halving (two trials per level), one final build.
    assert len(loads) <= 2 * math.ceil(math.log2(count + 1)) + 3
