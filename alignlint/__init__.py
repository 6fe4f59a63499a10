"""alignlint: a static alignment linter for spec-driven SageMaker pipelines."""

from __future__ import annotations

__version__ = "0.1.0"
