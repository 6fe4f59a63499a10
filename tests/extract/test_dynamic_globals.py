"""Which modules write their namespace through ``globals()`` (ALN408 then trusts any name)."""

from __future__ import annotations

import pytest

from alignlint.core.settings import Settings
from alignlint.extract import extract_file

WRITES = [
    "_globals = globals()\nbuild(DESCRIPTOR, _globals)\n",
    "globals().update(table)\n",
    "globals()['X'] = 1\n",
    "def install():\n    for name in NAMES:\n        globals()[name] = make(name)\n",
    "del globals()['X']\n",
    "setdefault = globals().setdefault\n",
]
READS = [
    "X = globals()['X']\n",
    "X = globals().get('X', 1)\n",
    "present = 'X' in globals()\n",
    "names = sorted(globals().keys())\n",
    "# globals() in a comment\nX = 'globals()'\n",
    "def f(globals):\n    return globals(1)\n",
]


@pytest.mark.parametrize("source", WRITES)
def test_code_writing_globals_may_define_any_name(source: str) -> None:
    assert extract_file("m.py", source.encode(), Settings()).dynamic_globals


@pytest.mark.parametrize("source", READS)
def test_reading_globals_defines_nothing(source: str) -> None:
    assert not extract_file("m.py", source.encode(), Settings()).dynamic_globals
