"""Config reads through local aliases of the builder's config (``config = self.config``)."""

from __future__ import annotations

import textwrap

from alignlint.core.settings import Settings
from alignlint.extract import extract_file

BUILDER = """
from alignlint.runtime.builder import ProcessingStepBuilder


class XStepBuilder(ProcessingStepBuilder):
    def __init__(self, config, session=None):
        settings = config
        super().__init__(config, settings.region)

    def create_step(self):
        config = self.config
        cfg: object = config
        first = cfg.model_class
        config.aws_region
        config = {"not": "the config"}
        config.get("key")
        return getattr(cfg, "framework_version", None), first

    def _get_job_arguments(self):
        return [self.config.job_type, config.not_the_config]
"""


def _reads(method: str) -> list[tuple[str, str, int, bool]]:
    facts = extract_file("x_builder.py", textwrap.dedent(BUILDER).encode(), Settings())
    (builder,) = facts.classes
    function = builder.method(method)
    assert function is not None
    return [
        (read.attr, read.via, read.span.start.line, read.has_default)
        for read in function.body.config_reads
    ]


def test_an_alias_of_the_constructor_parameter_is_followed() -> None:
    assert _reads("__init__") == [("region", "settings", 8, False)]


def test_aliases_of_self_config_are_followed_until_rebound() -> None:
    assert _reads("create_step") == [
        ("model_class", "cfg", 13, False),
        ("aws_region", "config", 14, False),
        ("framework_version", "getattr", 17, True),
    ]


def test_an_alias_does_not_leak_into_other_methods() -> None:
    assert _reads("_get_job_arguments") == [("job_type", "self.config", 20, False)]
