"""Which attributes a config class has, through its whole hierarchy, and whether that is known.

The config model lives in :mod:`alignlint.model.config_members` (any rule family may read it);
this module keeps the names the builder ↔ config rules (and ALN402) import.
"""

from __future__ import annotations

from alignlint.model.config_members import (
    ClassMembers,
    ConfigView,
    Member,
    annotated_classes,
    annotation_classes,
    class_members,
    config_view,
)

__all__ = [
    "ClassMembers",
    "ConfigView",
    "Member",
    "annotated_classes",
    "annotation_classes",
    "class_members",
    "config_view",
]
