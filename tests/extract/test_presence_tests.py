"""Reads that a test of the dict (or the environment) guards: the facts say the key was proven
present, for each form of the test, and only for the key the test names."""

from __future__ import annotations

from alignlint.core.settings import Settings
from alignlint.extract import extract_file
from alignlint.extract.ir import Lit

SCRIPT = """\
import os


def main(input_paths, output_paths, environ_vars, job_args):
    if "a" in input_paths:
        use(input_paths["a"], input_paths["b"])
    use("d" in input_paths and input_paths.get("d"))
    use(input_paths.get("e"))
    use("X" in os.environ and os.environ["X"])
    use(os.environ["Y"])
    if "Z" in environ_vars:
        use(environ_vars["Z"])
"""


def test_a_test_of_the_dict_marks_the_reads_it_guards() -> None:
    facts = extract_file("steps/scripts/prep.py", SCRIPT.encode(), Settings())
    (main,) = facts.functions
    present = {
        use.key.value: use.present
        for use in main.body.key_uses
        if isinstance(use.key, Lit) and use.dict_name == "input_paths"
    }
    # `"a" in input_paths` guards the read of "a" only.
    assert present == {"a": True, "b": False, "d": True, "e": False}
    via = {read.name.value: read.via for read in main.body.env_reads if isinstance(read.name, Lit)}
    assert via == {
        "X": "os.environ[] if present",
        "Y": "os.environ[]",
        "Z": "environ_vars[] if present",
    }
