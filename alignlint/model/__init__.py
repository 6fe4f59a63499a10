"""Phase 2: the linked project model rules read (``docs/architecture.md`` lists its modules)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from alignlint.infra.lazy_exports import lazy_exports

if TYPE_CHECKING:
    from alignlint.model.components import (
        Attribute,
        BuilderClass,
        BuiltObject,
        ClassInfo,
        CliArgument,
        ConfigClass,
        ContainerPath,
        Contract,
        Dag,
        DagEdge,
        DagNode,
        Dependency,
        Entry,
        EntryMap,
        EnvAccess,
        EnvironEntry,
        KeyAccess,
        MainEnviron,
        MissingImport,
        NameLookup,
        NameSet,
        Output,
        Registry,
        RegistryRow,
        Script,
        Spec,
        StepTypeRef,
        text_of,
    )
    from alignlint.model.describe import describe_links, describe_view
    from alignlint.model.link import Link, Step, Unlinked
    from alignlint.model.project import FileSummary, Project, build_project

#: Where each name of the package is defined: imported on first use (PEP 562), so that a run
#: reading only part of the model (the positions of :mod:`~alignlint.model.line_shift`, the
#: interfaces a warm run compares) does not import the linker.
_HOMES: dict[str, str] = {
    "Attribute": "alignlint.model.components",
    "BuilderClass": "alignlint.model.components",
    "BuiltObject": "alignlint.model.components",
    "ClassInfo": "alignlint.model.components",
    "CliArgument": "alignlint.model.components",
    "ConfigClass": "alignlint.model.components",
    "ContainerPath": "alignlint.model.components",
    "Contract": "alignlint.model.components",
    "Dag": "alignlint.model.components",
    "DagEdge": "alignlint.model.components",
    "DagNode": "alignlint.model.components",
    "Dependency": "alignlint.model.components",
    "Entry": "alignlint.model.components",
    "EntryMap": "alignlint.model.components",
    "EnvAccess": "alignlint.model.components",
    "EnvironEntry": "alignlint.model.components",
    "FileSummary": "alignlint.model.project",
    "KeyAccess": "alignlint.model.components",
    "Link": "alignlint.model.link",
    "MainEnviron": "alignlint.model.components",
    "MissingImport": "alignlint.model.components",
    "NameLookup": "alignlint.model.components",
    "NameSet": "alignlint.model.components",
    "Output": "alignlint.model.components",
    "Project": "alignlint.model.project",
    "Registry": "alignlint.model.components",
    "RegistryRow": "alignlint.model.components",
    "Script": "alignlint.model.components",
    "Spec": "alignlint.model.components",
    "Step": "alignlint.model.link",
    "StepTypeRef": "alignlint.model.components",
    "Unlinked": "alignlint.model.link",
    "build_project": "alignlint.model.project",
    "describe_links": "alignlint.model.describe",
    "describe_view": "alignlint.model.describe",
    "text_of": "alignlint.model.components",
}


__getattr__ = lazy_exports(__name__, _HOMES)

__all__ = [
    "Attribute",
    "BuilderClass",
    "BuiltObject",
    "ClassInfo",
    "CliArgument",
    "ConfigClass",
    "ContainerPath",
    "Contract",
    "Dag",
    "DagEdge",
    "DagNode",
    "Dependency",
    "Entry",
    "EntryMap",
    "EnvAccess",
    "EnvironEntry",
    "FileSummary",
    "KeyAccess",
    "Link",
    "MainEnviron",
    "MissingImport",
    "NameLookup",
    "NameSet",
    "Output",
    "Project",
    "Registry",
    "RegistryRow",
    "Script",
    "Spec",
    "Step",
    "StepTypeRef",
    "Unlinked",
    "build_project",
    "describe_links",
    "describe_view",
    "text_of",
]
