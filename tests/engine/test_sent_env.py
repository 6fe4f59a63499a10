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


def _sent(builders: str, config: str = CONFIG) -> SentEnv:
    project = project_of(
        {
            "steps/__init__.py": "",
            "steps/builders.py": builders,
            "steps/config.py": config,
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


BUILDER = """
from alignlint.runtime.builder import ProcessingStepBuilder

DEFAULTS = {"DEPTH": "1"}


def rake_environment(config):
    return dict(DEFAULTS)


class RakeStepBuilder(ProcessingStepBuilder):
    def _get_environment_variables(self):
        {body}
"""


def test_copies_of_a_helper_s_result_are_that_result() -> None:
    """``dict(self._x())``, ``self._x().copy()``, a local bound to either: what the helper
    returns is sent, each value of the conditional return being read."""
    sent = _sent(
        BUILDER.replace(
            "{body}",
            """env = dict(self._base()) if self.config else self._extra().copy()
        return env

    def _base(self):
        return {"DEPTH": "2"}

    def _extra(self):
        return {"WIDTH": "3"}""",
        )
    )
    assert (sorted(sent.keys), sent.convention, sent.complete) == (["DEPTH", "WIDTH"], False, True)


def test_a_returned_value_alignlint_does_not_read_is_unknown_not_nothing() -> None:
    """A module-level function's result, a comprehension, ``super()`` on another method: the
    builder may send anything, and the reason names the first."""
    cases = {
        "return {} if self.config else rake_environment(self.config)": (
            "returns `rake_environment(...)`"
        ),
        "return {k: v for k, v in DEFAULTS.items()}": (
            "returns a value alignlint does not read (a dict comprehension is not evaluated "
            "statically)"
        ),
        "return self._other()\n\n    def _other(self):\n        return super()._get_inputs()": (
            "returns `super()._get_inputs()`"
        ),
    }
    for body, reason in cases.items():
        sent = _sent(BUILDER.replace("{body}", body))
        assert (dict(sent.keys), sent.complete) == ({}, False), body
        assert sent.unknown is not None and reason in sent.unknown, (body, sent.unknown)


def test_a_property_call_member_of_the_config_is_read_through_its_getter() -> None:
    """``env = property(_env)`` (or ``property(fget=_env)``) is the getter's body; a getter that
    is no function of the class body (a lambda) leaves what it builds unknown."""
    builder = BUILDER.replace("{body}", "return self.config.rake_env")
    for declared, expected in (
        ("rake_env = property(_env)", (["DEPTH"], True)),
        ("rake_env = property(fget=_env)", (["DEPTH"], True)),
        ('rake_env = property(lambda self: {"DEPTH": "3"})', ([], False)),
    ):
        config = (
            CONFIG
            + f"""
    def _env(self):
        return {{"DEPTH": "2"}}

    {declared}
"""
        )
        sent = _sent(builder, config)
        assert (sorted(sent.keys), sent.complete) == expected, declared


def test_a_mapping_alignlint_evaluates_is_read() -> None:
    """A returned module constant, a display spreading it, ``dict(K=v, **constant)``, a class
    constant and a constant merged by ``update`` give their keys; a constant mapping with a key
    alignlint cannot evaluate leaves the rest unknown."""
    cases = {
        "return DEFAULTS": ["DEPTH"],
        'return {**DEFAULTS, "WIDTH": str(self.config.width)}': ["DEPTH", "WIDTH"],
        "return dict(WIDTH=str(self.config.width), **DEFAULTS)": ["DEPTH", "WIDTH"],
        "return self.EXTRA": ["SHAPE"],
        'env = {"WIDTH": "1"}\n        env.update(DEFAULTS)\n        return env': [
            "DEPTH",
            "WIDTH",
        ],
        "env = dict(WIDTH=1)\n        env.update(self.EXTRA)\n        return env": [
            "SHAPE",
            "WIDTH",
        ],
    }
    builder = BUILDER.replace(
        "class RakeStepBuilder(ProcessingStepBuilder):\n",
        """
class RakeStepBuilder(ProcessingStepBuilder):
    EXTRA = {"SHAPE": "round"}
""",
    )
    for body, keys in cases.items():
        sent = _sent(builder.replace("{body}", body))
        assert (sorted(sent.keys), sent.complete, sent.unknown) == (keys, True, None), body
    sent = _sent(
        builder.replace("{body}", "return {**DEFAULTS, **ANY}").replace(
            'DEFAULTS = {"DEPTH": "1"}', 'DEFAULTS = {"DEPTH": "1"}\nANY = {rake_environment(0): 1}'
        )
    )
    assert (sorted(sent.keys), sent.complete) == (["DEPTH"], False)
    assert sent.unknown is not None and "merges `ANY`" in sent.unknown


DATA_BUILDER = """
from alignlint.runtime.builder import ProcessingStepBuilder

SHARED = {"SHAPE": "round"}


class RakeStepBuilder(ProcessingStepBuilder):
    def __init__(self, config):
        super().__init__(config)
        self._env = {"DEPTH": str(config.depth)}
        {init}

    def _get_environment_variables(self):
        {body}
"""


def test_a_data_attribute_filled_in_init_sends_what_the_class_stores_there() -> None:
    """``return self._env`` with ``self._env`` built in ``__init__``: the keys every method of
    the class hierarchy stores there (assigned, written, merged), and nothing else."""
    cases = {
        ("pass", "return self._env"): ["DEPTH"],
        ('self._env["WIDTH"] = "3"', "return self._env"): ["DEPTH", "WIDTH"],
        ("self._env.update(SHARED, WIDTH=3)", "return self._env"): ["DEPTH", "SHAPE", "WIDTH"],
        ("self._env |= SHARED", "return self._env or {}"): ["DEPTH", "SHAPE"],
        ('self._env.setdefault("WIDTH", 3)', "return dict(self._env)"): ["DEPTH", "WIDTH"],
        # A local name bound to it in the method itself: the method's own writes are read.
        ("pass", 'env = self._env\n        env["WIDTH"] = "3"\n        return env'): [
            "DEPTH",
            "WIDTH",
        ],
        # Only read elsewhere: no change.
        ('print(len(self._env), self._env.get("DEPTH"))', "return self._env"): ["DEPTH"],
    }
    for (init, body), keys in cases.items():
        sent = _sent(DATA_BUILDER.replace("{init}", init).replace("{body}", body))
        assert (sorted(sent.keys), sent.convention, sent.complete, sent.unknown) == (
            keys,
            False,
            True,
            None,
        ), (init, body)


def test_a_data_attribute_changed_where_alignlint_cannot_follow_is_unknown() -> None:
    """A store alignlint does not read, a use that may change the mapping, a local name bound
    to it outside the method, or no assignment in the project: what is sent is unknown (the
    keys read stay), and the reason says where."""
    cases = {
        "self._env = build(config)": "`RakeStepBuilder.__init__` assigns `self._env` `build(...)`",
        "register(self._env)": "`RakeStepBuilder.__init__` uses `self._env` in a way that may change it",
        'env = self._env\n        env["WIDTH"] = "3"': (
            "`RakeStepBuilder.__init__` uses `self._env` in a way that may change it"
        ),
        "self._env[self.key] = 1": "`RakeStepBuilder.__init__` writes a key into `self._env`",
        "self._env.pop('DEPTH')": "`RakeStepBuilder.__init__` uses `self._env` in a way",
    }
    for init, reason in cases.items():
        sent = _sent(DATA_BUILDER.replace("{init}", init).replace("{body}", "return self._env"))
        assert sent.complete is False, init
        assert sent.unknown is not None and reason in sent.unknown, (init, sent.unknown)
    sent = _sent(DATA_BUILDER.replace("{init}", "pass").replace("{body}", "return self._cached"))
    assert (dict(sent.keys), sent.complete) == ({}, False)
    assert sent.unknown is not None and "`self._cached` is assigned by no method" in sent.unknown
