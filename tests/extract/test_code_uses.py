"""What each function, the module-level code and the ``__main__`` block load of the module's own
functions and classes and of its imports (``FunctionFact.uses``): the code of another module a
script runs, whose env reads are the script's."""

from __future__ import annotations

from alignlint.core.settings import Settings
from alignlint.extract import extract_file

SOURCE = b'''"""A script."""

import os
from . import common_env
from .flags import read_flag as flag
from .tables import *

LIMIT = flag("LIMIT")


def _helper():
    return common_env.settings.batch_size() + len(os.sep)


def main(input_paths, output_paths, environ_vars, job_args):
    from .late import late_value

    def nested():
        return _helper()

    return late_value(), nested(), Local()


class Local:
    def run(self):
        return flag("X")


if __name__ == "__main__":
    main({}, {}, {}, None)
'''


def test_each_scope_records_the_module_names_and_imported_attributes_it_loads() -> None:
    facts = extract_file("steps/scripts/x.py", SOURCE, Settings())
    functions = {function.name: function for function in facts.functions}
    assert functions["_helper"].uses == (
        "common_env",
        "common_env.settings",
        "common_env.settings.batch_size",
        "os",
        "os.sep",
    )
    # Its own local import, a nested function's use, the module's class.
    assert functions["main"].uses == ("Local", "_helper", "late_value")
    assert facts.classes[0].methods[0].uses == ("flag",)
    # Module-level code runs at import; the ``__main__`` block only when the file is run.
    assert facts.module_uses == ("flag",)
    assert facts.main_uses == ("main",)
    assert facts.reads_env


def test_a_module_that_never_names_the_environment_reads_none() -> None:
    facts = extract_file("steps/x.py", b"import sys\n\nX = sys.argv\n", Settings())
    assert not facts.reads_env
