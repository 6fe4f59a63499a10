"""Workspace rules (ALN601-ALN605): isolated project workspaces over the shared step library
(isolation between workspaces, and each workspace's registry tables against the shared one).
They run in workspace views only (:mod:`alignlint.model.workspaces`)."""

from __future__ import annotations

from alignlint.rules.base import Rule
from alignlint.rules.workspace.cross_workspace_import import CrossWorkspaceImport
from alignlint.rules.workspace.foreign_step_reference import ForeignStepReference
from alignlint.rules.workspace.override_of_unknown_step import OverrideOfUnknownStep
from alignlint.rules.workspace.undeclared_override import UndeclaredOverride
from alignlint.rules.workspace.workspace_id_mismatch import WorkspaceIdMismatch

RULES: list[type[Rule]] = [
    CrossWorkspaceImport,
    ForeignStepReference,
    WorkspaceIdMismatch,
    OverrideOfUnknownStep,
    UndeclaredOverride,
]

__all__ = [
    "RULES",
    "CrossWorkspaceImport",
    "ForeignStepReference",
    "OverrideOfUnknownStep",
    "UndeclaredOverride",
    "WorkspaceIdMismatch",
]
