"""Shared helpers of the script ↔ contract rules: which (contract, script) pairs to compare and
how to name both sides in a message."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Iterator
from fnmatch import fnmatchcase

from alignlint.core.records import record
from alignlint.extract.facts import FileFacts
from alignlint.model import Contract, Project, Script, Step
from alignlint.model.values import Located
from alignlint.sagemaker.suggestions import SUGGESTION_CUTOFF as SUGGESTION_CUTOFF
from alignlint.sagemaker.suggestions import closest as closest
from alignlint.sagemaker.suggestions import similarity as similarity


@record
class Pairing:
    """A contract and the script its ``entry_point`` names, and the (first) step linking them."""

    step: Step
    contract: Contract
    script: Script


def pairings(project: Project) -> Iterator[Pairing]:
    """Every linked (contract, script) pair once, in step-name order; not those whose script
    does not parse or cannot be read (ALN001/ALN002 report it: what it does is unknown)."""
    seen: set[tuple[int, str]] = set()
    for step in project.steps:
        if step.contract is None or step.script is None:
            continue
        summary = project.files.get(step.script.path)
        if summary is not None and summary.errors:
            continue
        key = (id(step.contract), step.script.path)
        if key in seen:
            continue
        seen.add(key)
        yield Pairing(step, step.contract, step.script)


def contract_label(contract: Contract) -> str:
    """``contract `X_CONTRACT` ``. Messages name components; where they are written is in the
    finding's spans (a path in a message would not be rebased to the working directory)."""
    return f"contract `{contract.name}`"


def backticked(names: Iterable[str], *, limit: int = 8) -> str:
    """```a`, `b`, ...`` (sorted, at most ``limit`` names), or ``none``."""
    ordered = sorted(set(names))
    if not ordered:
        return "none"
    shown = ", ".join(f"`{name}`" for name in ordered[:limit])
    more = len(ordered) - limit
    return shown + (f" and {more} more" if more > 0 else "")


def is_platform_env_var(name: str, patterns: Iterable[str]) -> bool:
    """Whether SageMaker (or the OS) sets ``name``: it matches one of the glob ``patterns``."""
    return any(fnmatchcase(name, pattern) for pattern in patterns)


def argument_name(flag: str) -> str:
    """argparse's dest for a contract argument name: ``--job-type`` -> ``job_type``."""
    return flag.lstrip("-").replace("-", "_")


def python_string(text: str) -> str:
    """A double-quoted Python string literal for ``text``."""
    return json.dumps(text, ensure_ascii=False)


def is_plain_string_literal(value: Located[str]) -> bool:
    """Whether ``value``'s span is exactly a one-line quoted literal of its text (no escapes, no
    composition), so replacing the span with a new literal keeps the code's meaning."""
    span = value.span
    return (
        not span.is_multiline
        and span.end.column - span.start.column == len(value.value) + 2
        and "\\" not in value.value
    )


def hands_off(project: Project, script: Script, dict_name: str) -> bool:
    """Whether the script passes ``dict_name`` (``input_paths``, ``environ_vars``, ...) to code
    whose key uses alignlint does not see: a function not defined in the script, or (for
    ``environ_vars``, which is only followed by name) a parameter with another name."""
    for path in script.paths:
        module = project.module_by_path(path)
        if module is None:
            return True
        key = ("handed-off", module.path)
        if dict_name in project.derived(key, functools.partial(_handed_off, module.facts)):
            return True
    return False


def _handed_off(facts: FileFacts) -> frozenset[str]:
    """Every dict name :func:`hands_off` holds for in the module of ``facts`` (one pass over
    its functions answers for all names)."""
    functions = {function.name: function for function in facts.functions}
    found: set[str] = set()
    for function in facts.functions:
        for passed in function.body.dict_passes:
            dict_name = passed.dict_name
            if dict_name in found or dict_name not in function.param_names:
                continue
            callee = functions.get(passed.callee)
            if callee is None:
                found.add(dict_name)
                continue
            params = callee.param_names
            target = passed.keyword if passed.keyword in params else None
            if passed.position is not None and passed.position < len(params):
                target = params[passed.position]
            if target is None or (dict_name == "environ_vars" and target != dict_name):
                found.add(dict_name)
    return frozenset(found)
