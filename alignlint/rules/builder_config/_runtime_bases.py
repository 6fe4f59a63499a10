"""What alignlint knows statically about config bases that live outside the checked files.

A user's project imports ``BasePipelineConfig`` / ``ProcessingStepConfigBase`` from the installed
``alignlint.runtime.config``; their fields are read from that module's *source* with alignlint's
own extractor (never imported), so they always match the installed runtime. Pydantic's
``BaseModel`` attributes are a fixed list (a test proves it equals ``dir(BaseModel)``).
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

from alignlint.extract import extract_file
from alignlint.settings import Settings
from alignlint.values import Name

#: The module whose config classes are known without being in the checked files.
RUNTIME_CONFIG_MODULE = "alignlint.runtime.config"

#: Modules that re-export the runtime config classes (``from alignlint.runtime import ...``).
RUNTIME_EXPORTING_MODULES = (RUNTIME_CONFIG_MODULE, "alignlint.runtime")

#: Public attributes of ``pydantic.BaseModel`` (pydantic 2).
BASEMODEL_ATTRIBUTES: frozenset[str] = frozenset(
    {
        "construct",
        "copy",
        "dict",
        "from_orm",
        "json",
        "model_computed_fields",
        "model_config",
        "model_construct",
        "model_copy",
        "model_dump",
        "model_dump_json",
        "model_extra",
        "model_fields",
        "model_fields_set",
        "model_json_schema",
        "model_parametrized_name",
        "model_post_init",
        "model_rebuild",
        "model_validate",
        "model_validate_json",
        "model_validate_strings",
        "parse_file",
        "parse_obj",
        "parse_raw",
        "schema",
        "schema_json",
        "update_forward_refs",
        "validate",
    }
)


@lru_cache(maxsize=1)
def runtime_config_attributes() -> dict[str, frozenset[str]]:
    """Class name -> every attribute it has (own and inherited within the module, plus
    ``BaseModel``'s), read from the installed ``alignlint/runtime/config.py`` source."""
    source = files("alignlint.runtime").joinpath("config.py").read_bytes()
    facts = extract_file("alignlint/runtime/config.py", source, Settings())
    own = {cls.name: {member.name for member in cls.members} for cls in facts.classes}
    bases = {
        cls.name: [base.id for base in cls.bases if isinstance(base, Name)] for cls in facts.classes
    }
    result: dict[str, frozenset[str]] = {}

    def collect(name: str, seen: frozenset[str]) -> set[str]:
        names = set(own.get(name, ()))
        for base in bases.get(name, ()):
            if base in own and base not in seen:
                names |= collect(base, seen | {base})
        return names

    for name in own:
        result[name] = frozenset(collect(name, frozenset({name})) | BASEMODEL_ATTRIBUTES)
    return result


def runtime_base_attributes(dotted: str) -> frozenset[str] | None:
    """The attributes of an external base named by its dotted path, when it is one of
    alignlint's runtime config classes; else None."""
    module, _, name = dotted.rpartition(".")
    if module not in RUNTIME_EXPORTING_MODULES:
        return None
    return runtime_config_attributes().get(name)
