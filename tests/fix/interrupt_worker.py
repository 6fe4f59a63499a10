"""Run by test_interrupt.py in a subprocess: fix every ``*.py`` file below ``argv[1]``.

Run as a script (``python tests/fix/interrupt_worker.py ROOT``); it imports the toy analyser
from its own directory.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from alignlint.fix import FixPolicy, run_fixes

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    toy = importlib.import_module("toy_project")
    root = Path(sys.argv[1])
    rule = toy.replace_rule("TST001", "OLD", "NEW")
    report = run_fixes(root, toy.ToyProject(root, [rule]), FixPolicy())
    print(len(report.written))
