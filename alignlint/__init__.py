"""alignlint: a static alignment linter for spec-driven SageMaker pipelines.

``alignlint.check(paths)`` is the Python API (see :mod:`alignlint.api`); it is loaded on first use
so that ``import alignlint`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["__version__", "check"]

if TYPE_CHECKING:
    from alignlint.api import check


def __getattr__(name: str) -> Any:
    if name == "check":
        from alignlint.api import check

        return check
    raise AttributeError(f"module 'alignlint' has no attribute {name!r}")
