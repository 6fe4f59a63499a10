"""The gate with project workspaces: a workspace's step is another step than the shared step of
the same name (the workspace overrides it), so a link the shared step gains in a pass reveals
nothing in the workspace's step, and a finding a workspace fix introduces there is blamed on it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from alignlint.core.types import Applicability, Diagnostic, Edit, Fix, Severity, Span
from alignlint.fix import FixPolicy, run_fixes
from alignlint.fix.snapshot import Snapshot, step_key

from .toy_project import overlay_text, span

WORKSPACE_FILE = "ws/alpha/flag.py"


class SharedAndWorkspace:
    """Step ``S`` twice: the shared one (``contract.py`` names its script; LNK001 reports an
    entry point naming nothing, fix: name ``script.py``) and workspace alpha's override
    (``ws/alpha/flag.py``: WS020 reports ``ping``, fix: ``pong``; WS021 reports ``pong``)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def __call__(self, overlay: Mapping[str, bytes]) -> Snapshot:
        found: list[Diagnostic] = []
        contract = overlay_text(self.root, overlay, "contract.py") or ""
        match = re.search(r'ENTRY = "([^"]*)"', contract)
        assert match is not None
        shared = {"contract:contract.py:"}
        if overlay_text(self.root, overlay, match.group(1)) is None:
            where = span("contract.py", contract, match.start(1), match.end(1))
            fix = Fix("Name script.py", Applicability.SAFE, (Edit(where, "script.py"),))
            found.append(_finding("LNK001", where, fix, None))
        else:
            shared.add(f"script:{match.group(1)}:")
        flag = overlay_text(self.root, overlay, WORKSPACE_FILE) or ""
        for word in re.finditer("ping|pong", flag):
            where = span(WORKSPACE_FILE, flag, word.start(), word.end())
            if word.group() == "ping":
                fix = Fix("Write pong", Applicability.SAFE, (Edit(where, "pong"),))
                found.append(_finding("WS020", where, fix, "alpha"))
            else:
                found.append(_finding("WS021", where, None, "alpha"))
        mine = step_key("S", "alpha")
        steps = {piece.split(":")[1]: frozenset({"S"}) for piece in shared}
        steps[WORKSPACE_FILE] = frozenset({mine})
        pieces = {"S": frozenset(shared), mine: frozenset({f"flag:{WORKSPACE_FILE}:"})}
        return Snapshot(tuple(found), tuple(found), steps, pieces)


def _finding(code: str, where: Span, fix: Fix | None, workspace: str | None) -> Diagnostic:
    return Diagnostic(
        code, code.lower(), Severity.ERROR, code, where, fix=fix, step="S", workspace=workspace
    )


def test_a_shared_repaired_link_does_not_excuse_a_workspace_fix(tmp_path: Path) -> None:
    (tmp_path / "contract.py").write_text('ENTRY = "missing.py"\n')
    (tmp_path / "script.py").write_text("x = 1\n")
    (tmp_path / "ws/alpha").mkdir(parents=True)
    (tmp_path / WORKSPACE_FILE).write_text("x = 'ping'\n")
    report = run_fixes(tmp_path, SharedAndWorkspace(tmp_path), FixPolicy())
    assert report.applied == (("LNK001", 1),)
    assert [r.code for r in report.refused] == ["WS020"]
    assert report.revealed == ()
    assert (tmp_path / WORKSPACE_FILE).read_text() == "x = 'ping'\n"
    assert step_key("S", None) == "S"
