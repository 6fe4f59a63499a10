"""Fixing can never take the run down or slow to a crawl (issue #17):

* a file too deeply nested for libcst (a 10,000-term ``a and a and …`` segfaulted it) is never
  handed to libcst: the run finishes, fixes elsewhere (and plain edits in that file) are applied,
  and a structural edit of that file is reported as discarded with the reason; ``check`` does
  not count such a fix as fixable (nor does any output that counts fixes);
* one fix whose result does not parse among many others is isolated by halving, so the loop
  stays linear: the number of times a file is rebuilt and parsed grows with the logarithm of the
  number of fixes, not with the number of fixes.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from fix.toy_project import ToyProject, replace_rule

import alignlint.fix.apply as apply_module
from alignlint.fix import FixPolicy, run_fixes

from .support import project_of, snapshot
from .test_cli import alignlint

#: ALN107 fires twice; one finding's fix inserts into the contract's ``optional_env_vars``.
LAYOUT = "script_contract/ALN107_undeclared_env_var_fix_layout_fires"
DEEP = "GUARD = " + " and ".join(["flag"] * 10_000) + "\n"


def test_a_file_too_deep_for_libcst_does_not_take_the_run_down(tmp_path: Path) -> None:
    root = project_of(LAYOUT, tmp_path / "project")
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
        "warning: discarded the ALN107 fix in steps/scripts/prep.py (Add `RANDOM_SEED` to "
        "`optional_env_vars` of PREP_CONTRACT with default `42`): steps/contracts/prep_contract.py: "
        "the file cannot be rewritten structurally: it nests 10004 levels deep, more than the 400 "
        "libcst is given"
    ) in result.stderr
    assert "Found 3 problems (1 fixed, 2 remaining: 0 errors, 2 warnings)." in result.stdout
    assert "fixable" not in result.stdout and "[*]" not in result.stdout


def test_a_structural_fix_libcst_is_not_given_is_not_counted(tmp_path: Path) -> None:
    """``check`` counts only the fixes ``--fix`` writes: the insertion into a contract too deep
    for libcst is shown as help, never as fixable, in every output that counts fixes."""
    root = project_of(LAYOUT, tmp_path / "project")
    contract = root / "steps/contracts/prep_contract.py"
    contract.write_text(contract.read_text(encoding="utf-8") + DEEP, encoding="utf-8")
    before = snapshot(root)

    checked = alignlint(root, "--unsafe-fixes", "--output-format", "concise")
    statistics = alignlint(root, "--unsafe-fixes", "--statistics")
    as_json = alignlint(root, "--unsafe-fixes", "--output-format", "json")
    diff = alignlint(root, "--unsafe-fixes", "--diff")
    safe_only = alignlint(root)

    assert "[*]" not in checked.stdout and "fixable" not in checked.stdout, checked.stdout
    assert "Found 2 problems (0 errors, 2 warnings)." in checked.stdout
    assert "2\tALN107\t[ ] undeclared-env-var" in statistics.stdout
    fixes = [d["fix"] for d in json.loads(as_json.stdout) if d["fix"] is not None]
    assert [(f["applicability"], f["message"]) for f in fixes] == [
        (
            "display-only",
            "Add `RANDOM_SEED` to `optional_env_vars` of PREP_CONTRACT with default `42`",
        )
    ]
    assert (diff.returncode, diff.stdout) == (0, ""), diff.stderr
    assert "Would fix" not in diff.stderr and "discarded the ALN107 fix" in diff.stderr
    assert "hidden fix" not in safe_only.stdout
    assert snapshot(root) == before
    # The same project with a contract libcst is given: the fix is counted and written.
    shallow = project_of(LAYOUT, tmp_path / "shallow")
    assert "[*] 1 fixable with the `--fix` option." in alignlint(shallow, "--unsafe-fixes").stdout
    fixed = alignlint(shallow, "--fix", "--unsafe-fixes")
    assert "Found 2 problems (1 fixed, 1 remaining: 0 errors, 1 warning)." in fixed.stdout


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
