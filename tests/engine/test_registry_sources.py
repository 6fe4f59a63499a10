"""Registries computed at run time are read through the static tables they are built from."""

from __future__ import annotations

from alignlint.model.components import ADDS_ANY_ROWS, ADDS_WORKSPACE_ROWS
from engine.helpers import project_of

TABLE = """\
BASE_ROWS = {
    "Prep": {"config_class": "PrepConfig", "spec_type": "Prep"},
    "Train": {"config_class": "TrainConfig", "spec_type": "Train"},
}
"""


def test_a_literal_registry_is_closed_and_not_computed() -> None:
    project = project_of({"reg.py": TABLE.replace("BASE_ROWS", "STEP_NAMES")})
    (registry,) = project.registries
    assert registry.closed and not registry.computed
    assert list(registry.rows) == ["Prep", "Train"]
    assert project.registry_closed


def test_a_returned_copy_of_an_imported_table_gives_the_rows_and_an_open_dynamic_part() -> None:
    project = project_of(
        {
            "pkg/__init__.py": "",
            "pkg/base.py": TABLE,
            "pkg/names.py": (
                "def load(extra=None):\n"
                "    from .base import BASE_ROWS\n"
                "    rows = dict(BASE_ROWS)\n"
                "    rows.update(extra or {})\n"
                "    return rows\n\n"
                "STEP_NAMES = load()\n"
            ),
        }
    )
    (registry,) = project.registries
    assert registry.computed and list(registry.rows) == ["Prep", "Train"]
    (source,) = registry.built_from
    assert (source.name, source.path, source.via) == (
        "BASE_ROWS",
        "pkg/base.py",
        "load -> BASE_ROWS",
    )
    (part,) = registry.dynamic
    assert part.adds == ADDS_ANY_ROWS
    assert not registry.closed and not project.registry_closed
    assert project.unresolved == []


def test_workspace_overlays_leave_the_shared_view_closed() -> None:
    project = project_of(
        {
            "pkg/__init__.py": "",
            "pkg/base.py": TABLE,
            "pkg/hub.py": (
                "class Hub:\n"
                "    def __init__(self):\n"
                "        from .base import BASE_ROWS\n"
                "        self.rows = dict(BASE_ROWS)\n\n"
                "    def add_workspace(self, module):\n"
                '        self.rows.update(getattr(module, "LOCAL_STEPS", {}))\n\n'
                "    def table(self):\n"
                "        return self.rows\n"
            ),
            "pkg/names.py": (
                "from .hub import Hub\n\n"
                "def get_step_names():\n"
                "    hub = Hub()\n"
                "    return hub.table()\n\n"
                "STEP_NAMES = get_step_names()\n"
            ),
        }
    )
    (registry,) = project.registries
    (part,) = registry.dynamic
    assert (part.adds, part.workspace_tables) == (ADDS_WORKSPACE_ROWS, ("LOCAL_STEPS",))
    assert registry.closed and project.registry_closed
    assert registry.built_from[0].via == "get_step_names -> Hub -> BASE_ROWS"


def test_a_computed_registry_without_static_tables_knows_nothing() -> None:
    project = project_of({"names.py": "import loader\n\nSTEP_NAMES = loader.read()\n"})
    (registry,) = project.registries
    assert registry.rows == {} and not registry.closed
    assert [reason for _, _, reason in project.registry_openings()] == [
        "STEP_NAMES is computed at run time (call to external function `loader.read()`)"
    ]
    (unresolved,) = project.unresolved
    assert unresolved.reason == "call to external function `loader.read()`"


def test_rows_shared_with_a_literal_registry_are_counted_once() -> None:
    project = project_of(
        {
            "pkg/__init__.py": "",
            "pkg/original.py": TABLE.replace("BASE_ROWS", "STEP_NAMES"),
            "pkg/names.py": (
                "def get_step_names():\n"
                "    from .original import STEP_NAMES as ROWS\n"
                "    return ROWS.copy()\n\n"
                "STEP_NAMES = get_step_names()\n"
            ),
        }
    )
    assert len(project.registries) == 2
    assert [row.name for _, row in project.unique_registry_rows()] == ["Prep", "Train"]
    assert project.counters == {
        "registries": 2,
        "registries computed": 1,
        "registries known": 1,
        "registry rows": 2,
    }
