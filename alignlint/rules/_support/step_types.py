"""Which step types a specification may declare, and the unregistered one it declares.

ALN503 reports an unregistered step type at the name a spec uses; ALN003 leaves such a spec to
it (one report per problem), so both read the same predicate from here.
"""

from __future__ import annotations

from collections.abc import Iterable

from alignlint.core.selectors import RuleName
from alignlint.core.types import Span
from alignlint.model import Project, Spec
from alignlint.model.values import Located

UNREGISTERED_STEP_TYPE = RuleName("ALN503", "unregistered-step-type")
"""ALN503, which reports an unregistered step type: ALN003 asks whether it runs (a test checks this
names the rule class)."""


def registered_types(project: Project) -> dict[str, str]:
    """Every step type a spec may declare -> its registry row name (row names and spec types)."""
    types: dict[str, str] = {}
    for name, row in project.registry_rows.items():
        types.setdefault(name, name)
        spec_type = row.text("spec_type")
        if spec_type is not None:
            types.setdefault(spec_type, name)
    return types


def unregistered_step_type(spec: Spec, types: dict[str, str]) -> tuple[str, Span] | None:
    """The unregistered step type ``spec`` declares and where its name is written, or None
    (registered, or not known). ``types`` is :func:`registered_types` of a project that has a
    registry."""
    ref = spec.step_type
    if ref.function is not None:
        argument = ref.argument
        if ref.registered is False and isinstance(argument, Located):
            return str(argument.value), argument.span
        return None
    text = ref.text
    if text is None or not isinstance(ref.value, Located):
        return None
    prefix = text.rpartition("_")[0]
    if text in types or (prefix and prefix in types):
        return None
    return text, ref.value.span


def spelled_like_registered(name: str, types: Iterable[str]) -> str | None:
    """The registered step type ``name`` differs from only by letter case, ``_`` or ``-``
    (``Xgboost_Training`` for ``XGBoostTraining``), or None. Such a name means that registered
    step even when the registry may add rows at run time: nobody adds a row spelled so."""
    squashed = _squashed(name)
    return next((known for known in sorted(types) if _squashed(known) == squashed), None)


def _squashed(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())
