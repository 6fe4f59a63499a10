"""Shared pieces of the reliability tests: the robustness script as a module, and helpers."""

from __future__ import annotations

import contextlib
import importlib.util
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "robustness.py"


def _load_robustness() -> ModuleType:
    spec = importlib.util.spec_from_file_location("robustness", SCRIPT)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {SCRIPT}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses and pickling look the module up by name
    spec.loader.exec_module(module)
    return module


#: ``scripts/robustness.py``, loaded once.
robustness = sys.modules.get("robustness") or _load_robustness()


@contextlib.contextmanager
def working_directory(path: Path) -> Iterator[None]:
    """Run the body with ``path`` as the current directory."""
    previous = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(previous)
