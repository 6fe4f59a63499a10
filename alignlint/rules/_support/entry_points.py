"""The script a step runs, as its pieces name it: the contract's ``entry_point`` and the config's
default entry point fields (shared by ALN114 missing-entry-point and ALN407
entry-point-mismatch, whose fixes choose a side by the same evidence).

When the pieces disagree, the side a fix follows is chosen by evidence, in this order:

1. never break wiring other steps rely on: a contract that several steps use is not edited;
2. the file system: an entry point that names an existing script beats one that names nothing,
   and the config's entry point is evidence for which script is meant;
3. the side the other pieces of the step agree on: the contract, which links the step's script
   and specification.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from alignlint.model.values import Located

if TYPE_CHECKING:
    from alignlint.model import ConfigClass, Contract, Project

#: Config fields naming the step's own script (``inference_entry_point`` names another one).
SCRIPT_ENTRY_POINT_FIELDS = ("processing_entry_point", "training_entry_point", "entry_point")


def same_script(configured: str, declared: str) -> bool:
    """Whether two entry points name the same script: equal, or one is the other below a
    directory (``scripts/x.py`` ~ ``x.py``)."""
    a, b = configured.lstrip("./"), declared.lstrip("./")
    return a == b or a.endswith("/" + b) or b.endswith("/" + a)


def file_name(path: str) -> str:
    return path.rpartition("/")[2]


def names_a_file(project: Project, entry_point: str) -> bool:
    """Whether ``entry_point`` names a file of the project."""
    return bool(project.files_by_suffix.ending_with(entry_point))


def config_entry_points(config: ConfigClass) -> list[tuple[str, Located[str]]]:
    """The config's default script entry points, ``(field, default)``, where the default is a
    known string."""
    found = []
    for field in SCRIPT_ENTRY_POINT_FIELDS:
        attribute = config.entry_points.get(field)
        if attribute is None or not isinstance(attribute.default, Located):
            continue
        if isinstance(attribute.default.value, str):
            found.append((field, Located(attribute.default.value, attribute.default.span)))
    return found


def steps_using(project: Project, contract: Contract) -> list[str]:
    """The steps whose contract, or whose config's ``get_script_contract()``, is ``contract``."""
    return [
        step.name
        for step in project.steps
        if step.contract is contract
        or (step.config is not None and step.config.script_contract is contract)
    ]
