"""Facts keep only what phase 2 and the rules read (they are unpickled on every cached run)."""

from __future__ import annotations

from alignlint.core.settings import Settings
from alignlint.extract import extract_file
from alignlint.extract.facts import FACTS_SCHEMA, FunctionFact
from alignlint.extract.ir import ImportedName
from alignlint.run.fact_cache import namespace_name

SCRIPT = b"""import pandas as pd


def load(path, sep=",", *columns, header: int = 0, **options):
    if sep:
        return pd.read_csv(path)
    return None


def single(frame):
    return frame.head()


def local_import(flag):
    from steps.specs.x_spec import X_SPEC
    if flag:
        return X_SPEC
    return None


def main(input_paths, output_paths, environ_vars, job_args, logger=None):
    if logger:
        return 1
    return 0


class Helper:
    def run(self, value: int = 3):
        if value:
            return value
        return None
"""


def _functions() -> dict[str, FunctionFact]:
    facts = extract_file("steps/scripts/x.py", SCRIPT, Settings())
    found = {function.name: function for function in facts.functions}
    found.update({f"Helper.{m.name}": m for cls in facts.classes for m in cls.methods})
    return found


def test_helper_functions_keep_parameter_names_only() -> None:
    load = _functions()["load"]
    assert load.params == ()
    assert load.param_names == ("path", "sep", "columns", "header", "options")


def test_main_and_methods_keep_detailed_parameters() -> None:
    functions = _functions()
    main = functions["main"]
    assert [(p.name, p.kind) for p in main.params] == [
        ("input_paths", "normal"),
        ("output_paths", "normal"),
        ("environ_vars", "normal"),
        ("job_args", "normal"),
        ("logger", "normal"),
    ]
    assert main.param_names == tuple(p.name for p in main.params)
    run = functions["Helper.run"]
    assert [(p.name, p.annotation) for p in run.params] == [("self", None), ("value", "int")]


def test_returns_kept_where_evaluation_or_rules_read_them() -> None:
    functions = _functions()
    assert functions["load"].returns == ()
    assert functions["single"].single_return is not None
    local = functions["local_import"].returns
    assert len(local) == 2 and isinstance(local[0], ImportedName)
    assert len(functions["main"].returns) == 2
    assert len(functions["Helper.run"].returns) == 2


def test_cache_namespace_names_the_fact_schema() -> None:
    assert f"-s{FACTS_SCHEMA}-" in namespace_name(Settings())
