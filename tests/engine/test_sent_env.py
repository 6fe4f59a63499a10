"""What a builder sends when its ``_get_environment_variables`` takes the result of helper
methods (:func:`alignlint.rules._support.env_sources.sent_env` with
:func:`alignlint.model.self_passes.follow_results`)."""

from __future__ import annotations

from alignlint.rules._support.env_sources import SentEnv, sent_env
from engine.helpers import project_of

REGISTRY = """
STEP_NAMES = {
    "Rake": {
        "config_class": "RakeConfig",
        "builder_step_name": "RakeStepBuilder",
        "spec_type": "Rake",
        "sagemaker_step_type": "Processing",
        "description": "Rake the leaves",
    },
}
"""

CONFIG = """
from alignlint.runtime.config import ProcessingStepConfigBase


class RakeConfig(ProcessingStepConfigBase):
    processing_entry_point: str = "rake.py"
"""


def _sent(builders: str) -> SentEnv:
    project = project_of(
        {
            "steps/__init__.py": "",
            "steps/builders.py": builders,
            "steps/config.py": CONFIG,
            "steps/registry.py": REGISTRY,
        }
    )
    (step,) = project.steps
    sent = sent_env(project, step)
    assert sent is not None
    return sent


def test_super_in_a_helper_of_a_base_continues_after_the_helper_s_class() -> None:
    """``super()._get_environment_variables()`` in a helper defined by the project base reaches
    the definition after that base (the base builder's convention), not the base's own
    override, which the builder replaces."""
    sent = _sent(
        """
from alignlint.runtime.builder import ProcessingStepBuilder


class ProjectBuilder(ProcessingStepBuilder):
    def _get_environment_variables(self):
        return {"PLAIN": "1"}

    def _common(self):
        env = super()._get_environment_variables()
        env["COMMON"] = "1"
        return env


class RakeStepBuilder(ProjectBuilder):
    def _get_environment_variables(self):
        return self._common()
"""
    )
    assert (list(sent.keys), sent.convention) == (["COMMON"], True)


def test_a_merged_helper_that_extends_its_base_version_through_super() -> None:
    """``env.update(self._extra())`` where the builder's ``_extra`` starts from
    ``super()._extra()``: both bodies' keys are sent; nothing reaches the convention."""
    sent = _sent(
        """
from alignlint.runtime.builder import ProcessingStepBuilder


class ProjectBuilder(ProcessingStepBuilder):
    def _extra(self):
        return {"BASE_EXTRA": "1"}


class RakeStepBuilder(ProjectBuilder):
    def _get_environment_variables(self):
        env = {"OWN": "1"}
        env.update(self._extra())
        return env

    def _extra(self):
        extra = super()._extra()
        extra["MORE"] = "1"
        return extra
"""
    )
    assert (sorted(sent.keys), sent.convention, sent.complete, sent.unknown) == (
        ["BASE_EXTRA", "MORE", "OWN"],
        False,
        True,
        None,
    )


def test_a_helper_returning_a_data_attribute_sends_only_what_is_written() -> None:
    """A cached mapping the method fills itself (``self._cache = env; return self._cache``) is
    no helper method: the keys written are what is sent, and nothing is unknown; a recursive
    helper is read once."""
    sent = _sent(
        """
from alignlint.runtime.builder import ProcessingStepBuilder


class RakeStepBuilder(ProcessingStepBuilder):
    def _get_environment_variables(self):
        return self._cached()

    def _cached(self):
        if self._cache is None:
            self._cache = {"DEPTH": "2"}
            return self._cached()
        return self._cache
"""
    )
    assert (list(sent.keys), sent.convention, sent.complete) == (["DEPTH"], False, True)
