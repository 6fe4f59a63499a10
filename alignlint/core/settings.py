"""The effective settings of a run (what ``[tool.alignlint]`` can say), with their defaults.

Loading and validating configuration files lives in :mod:`alignlint.run.configuration`; this
module only defines the resolved shape that every other part of alignlint reads. Settings are
frozen so they can be hashed into cache keys and sent to worker processes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import asdict, field
from typing import Any

from alignlint.core.records import record
from alignlint.core.types import Severity
from alignlint.sagemaker.step_classes import GENERIC_SOURCE_CLASSES

DEFAULT_PLATFORM_ENV_VARS: tuple[str, ...] = (
    "SM_*",
    "AWS_*",
    "SAGEMAKER_*",
    "TRAINING_JOB_NAME",
    "TRAINING_JOB_ARN",
    # The SageMaker training toolkit logs pip in to this CodeArtifact repository.
    "CA_REPOSITORY_ARN",
    "PROCESSING_JOB_CONFIG",
    "PROCESSING_JOB_NAME",
    "CURRENT_HOST",
    "HOSTS",
    "NUM_GPUS",
    "NUM_CPUS",
    "PATH",
    "HOME",
    "PYTHONPATH",
    "LANG",
    "TMPDIR",
)

DEFAULT_GENERIC_SOURCES: tuple[str, ...] = GENERIC_SOURCE_CLASSES


def frozen_value(value: Any) -> Any:
    """A TOML value as settings hold it (hashable): arrays become tuples, tables tuples of
    ``(key, value)`` pairs sorted by key."""
    if isinstance(value, (list, tuple)):
        return tuple(frozen_value(item) for item in value)
    if isinstance(value, Mapping):
        return tuple((key, frozen_value(item)) for key, item in sorted(value.items()))
    return value


DEFAULT_MAX_FILE_SIZE = 5_000_000
"""Files larger than this many bytes are not read (``max-file-size``): reported as ALN002."""


@record
class BaseClassNames:
    """Names that mark a component by declaration. Teams with their own bases extend these."""

    contracts: tuple[str, ...] = ("ScriptContract",)
    training_contracts: tuple[str, ...] = ("TrainingScriptContract",)
    specs: tuple[str, ...] = ("StepSpecification",)
    builders: tuple[str, ...] = ("StepBuilderBase",)
    configs: tuple[str, ...] = (
        "BasePipelineConfig",
        "ProcessingStepConfigBase",
        "BaseModel",
    )
    dags: tuple[str, ...] = ("PipelineDAG",)
    registries: tuple[str, ...] = ("STEP_NAMES",)


@record
class WorkspaceSettings:
    """Where isolated project workspaces live (``[tool.alignlint.workspaces]``).

    By default a workspace is found by its layout: a file under ``<dir>/<id>/src/<pkg>_dev/`` belongs
    to workspace ``<id>`` (``development/projects/<id>/...`` and ``<workspaces_root>/<id>/...``
    both have it). ``roots`` (paths relative to the project root) say instead that every
    directory directly under one of them is a workspace, whatever its layout; ``shared`` limits
    the shared library a workspace sees to these roots (every file that is in no workspace is
    still checked in the shared view); ``id`` is ``"folder"`` (the directory name) or ``"developer-id"``
    (``WORKSPACE_METADATA["developer_id"]`` when the workspace declares one).
    """

    roots: tuple[str, ...] = ()
    shared: tuple[str, ...] = ()
    id: str = "folder"
    #: Whether workspaces are recognised at all (``enabled = false`` turns the model off).
    enabled: bool = True


@record
class Settings:
    """Resolved settings. Every field has the default a project without configuration gets."""

    #: Directories (relative to ``project_root``) to check when no paths are given.
    roots: tuple[str, ...] = ()
    #: Where scripts named by a contract's ``entry_point`` are searched (else: the whole project).
    script_roots: tuple[str, ...] = ()
    #: Version control, virtual environments and installed packages, build output and tool
    #: caches (ruff's defaults, less those a step library may name its own code after), and the
    #: test suite: a test's contracts, specs, registries and DAGs are fixtures of the test (often
    #: misaligned on purpose), not pieces of the pipeline.
    exclude: tuple[str, ...] = (
        ".git",
        ".hg",
        ".svn",
        ".bzr",
        ".venv",
        "venv",
        ".direnv",
        ".nox",
        ".tox",
        ".eggs",
        "__pypackages__",
        "site-packages",
        "__pycache__",
        "node_modules",
        "build",
        "dist",
        ".alignlint_cache",
        ".mypy_cache",
        ".ruff_cache",
        ".pytest_cache",
        ".pytype",
        ".ipynb_checkpoints",
        "test",
        "tests",
        "conftest.py",
    )
    extend_exclude: tuple[str, ...] = ()
    #: JSON files read as DAGs by name (exclusion pattern syntax); any other JSON file is read as
    #: a DAG only when its content has the shape of one, and is otherwise ignored.
    dag_files: tuple[str, ...] = ("*.dag.json", "**/dags/*.json")
    base_classes: BaseClassNames = field(default_factory=BaseClassNames)

    select: tuple[str, ...] = ("ALN",)
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    severity_overrides: tuple[tuple[str, Severity], ...] = ()
    #: Minimum severity that makes the exit code 1.
    fail_on: Severity = Severity.INFO
    rule_options: tuple[tuple[str, tuple[tuple[str, Any], ...]], ...] = ()

    platform_env_vars: tuple[str, ...] = DEFAULT_PLATFORM_ENV_VARS
    extra_platform_env_vars: tuple[str, ...] = ()
    #: Dependencies that are uploaded, not wired: ``"logical_name"`` or ``"StepType.logical_name"``.
    external_inputs: tuple[str, ...] = ()
    #: Regular expression: dependency logical names matching it are external (a team convention).
    external_input_pattern: str | None = None
    generic_sources: tuple[str, ...] = DEFAULT_GENERIC_SOURCES

    require_suppression_reason: bool = False

    fixable: tuple[str, ...] = ("ALN",)
    unfixable: tuple[str, ...] = ()
    extend_safe_fixes: tuple[str, ...] = ()
    extend_unsafe_fixes: tuple[str, ...] = ()

    cache_dir: str = ".alignlint_cache"
    workspaces: WorkspaceSettings = field(default_factory=WorkspaceSettings)
    #: Source files larger than this (bytes) are reported (ALN002) instead of read.
    max_file_size: int = DEFAULT_MAX_FILE_SIZE

    #: Where each configured value was written, for error messages: a key (``select``,
    #: ``rules.ALN105.platform-paths``) -> ``file:line: key.path`` or the command-line option.
    #: Not part of what the settings are (equality, hash, repr and so cache keys ignore it).
    locations: Mapping[str, str] = field(
        default_factory=dict, compare=False, hash=False, repr=False
    )

    def location(self, key: str) -> str:
        """Where the value of ``key`` was written (the key itself when not known)."""
        return self.locations.get(key, key)

    def options_for(self, code: str, name: str) -> dict[str, Any]:
        """The per-rule options configured for a rule (by code or by name)."""
        merged: dict[str, Any] = {}
        for key, options in self.rule_options:
            if key in (code, name):
                merged.update(dict(options))
        return merged

    def severity_for(self, code: str, name: str) -> Severity | None:
        for key, severity in self.severity_overrides:
            if key in (code, name):
                return severity
        return None

    @property
    def all_platform_env_vars(self) -> tuple[str, ...]:
        return self.platform_env_vars + self.extra_platform_env_vars

    def extraction_key(self) -> str:
        """A hash of the settings that change what phase 1 extracts (part of cache keys)."""
        payload = json.dumps([asdict(self.base_classes), self.dag_files], sort_keys=True)
        return hashlib.sha256(payload.encode()).hexdigest()[:16]
