"""Canonical step names: lookups over a ``STEP_NAMES`` mapping.

A row of ``STEP_NAMES`` maps a canonical step name to its ``config_class``,
``builder_step_name``, ``spec_type``, ``sagemaker_step_type`` and ``description``.
"""

from __future__ import annotations

from collections.abc import Mapping

from alignlint.sagemaker.suggestions import close_names

REQUIRED_KEYS: tuple[str, ...] = (
    "config_class",
    "builder_step_name",
    "spec_type",
    "sagemaker_step_type",
    "description",
)
"""Keys every ``STEP_NAMES`` row must define."""


class RegistryError(ValueError):
    """A ``STEP_NAMES`` mapping is malformed."""


class UnknownStepError(KeyError, ValueError):
    """A step name is not in the registry; the message suggests the closest valid names."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class StepRegistry:
    """Lookups over a ``STEP_NAMES`` mapping; unknown names raise :class:`UnknownStepError`."""

    def __init__(self, step_names: Mapping[str, Mapping[str, str]]) -> None:
        for name, row in step_names.items():
            missing = [key for key in REQUIRED_KEYS if key not in row]
            if missing:
                raise RegistryError(
                    f"STEP_NAMES['{name}'] is missing {', '.join(repr(k) for k in missing)}"
                )
        self._rows: dict[str, dict[str, str]] = {
            name: dict(row) for name, row in step_names.items()
        }

    @property
    def step_names(self) -> list[str]:
        """All canonical step names, in registry order."""
        return list(self._rows)

    def _row(self, name: str) -> dict[str, str]:
        if name in self._rows:
            return self._rows[name]
        suggestions = close_names(name, self._rows, limit=3)
        hint = f"; did you mean {', '.join(repr(s) for s in suggestions)}?" if suggestions else ""
        raise UnknownStepError(f"unknown step name '{name}'{hint}")

    def validate_step_name(self, name: str) -> bool:
        """True when ``name`` is a registered canonical step name."""
        return name in self._rows

    def get_spec_step_type(self, name: str) -> str:
        """The ``spec_type`` a specification of step ``name`` declares."""
        return self._row(name)["spec_type"]

    def get_spec_step_type_with_job_type(self, name: str, job_type: str | None) -> str:
        """``spec_type`` with a job-type suffix: ``("X", "training")`` -> ``"X_Training"``."""
        spec_type = self.get_spec_step_type(name)
        if not job_type:
            return spec_type
        return f"{spec_type}_{job_type[:1].upper()}{job_type[1:]}"

    def get_config_class_name(self, name: str) -> str:
        """Name of the config class of step ``name``."""
        return self._row(name)["config_class"]

    def get_builder_step_name(self, name: str) -> str:
        """Name of the builder class of step ``name``."""
        return self._row(name)["builder_step_name"]

    def get_sagemaker_step_type(self, name: str) -> str:
        """SageMaker step kind of step ``name`` (``Processing``, ``Training``, ...)."""
        return self._row(name)["sagemaker_step_type"]

    def get_description(self, name: str) -> str:
        """Human description of step ``name``."""
        return self._row(name)["description"]

    def get_steps_by_sagemaker_type(self, sagemaker_step_type: str) -> list[str]:
        """Registered steps of one SageMaker step kind, sorted by name."""
        return sorted(
            name
            for name, row in self._rows.items()
            if row["sagemaker_step_type"] == sagemaker_step_type
        )

    def get_step_name_for_config_class(self, config_class: str) -> str:
        """The step whose ``config_class`` is ``config_class``."""
        for name, row in self._rows.items():
            if row["config_class"] == config_class:
                return name
        known = [row["config_class"] for row in self._rows.values()]
        suggestions = close_names(config_class, known, limit=3)
        hint = f"; did you mean {', '.join(repr(s) for s in suggestions)}?" if suggestions else ""
        raise UnknownStepError(f"no step uses config class '{config_class}'{hint}")
