"""What alignlint knows statically about config bases that live outside the checked files.

A user's project imports ``BasePipelineConfig`` / ``ProcessingStepConfigBase`` from the installed
``alignlint.runtime.config``; their attributes are a table here (reading that module's source on
every run cost more than the rule itself), which tests compare with what alignlint's own extractor
reads from the source and with the real classes. Pydantic's ``BaseModel`` attributes are a fixed
list (a test proves it equals ``dir(BaseModel)``).
"""

from __future__ import annotations

from functools import lru_cache

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


#: Attributes of alignlint's runtime config classes (own and inherited within the module),
#: without ``BaseModel``'s; a test derives them from ``alignlint/runtime/config.py`` and from the
#: real classes, so this table cannot drift from the installed runtime.
_BASE_PIPELINE_CONFIG: frozenset[str] = frozenset(
    {
        "_known_region",
        "_not_blank",
        "author",
        "aws_region",
        "bucket",
        "derived_fields",
        "framework_version",
        "get_script_contract",
        "get_script_path",
        "model_class",
        "pipeline_description",
        "pipeline_name",
        "pipeline_s3_loc",
        "pipeline_version",
        "py_version",
        "region",
        "role",
        "service_name",
        "source_dir",
    }
)
RUNTIME_CONFIG_ATTRIBUTES: dict[str, frozenset[str]] = {
    "BasePipelineConfig": _BASE_PIPELINE_CONFIG,
    "ProcessingStepConfigBase": _BASE_PIPELINE_CONFIG
    | frozenset(
        {
            "_entry_point_is_relative",
            "effective_instance_type",
            "effective_source_dir",
            "processing_entry_point",
            "processing_framework_version",
            "processing_instance_count",
            "processing_instance_type_large",
            "processing_instance_type_small",
            "processing_source_dir",
            "processing_volume_size",
            "script_entry_point",
            "use_large_processing_instance",
        }
    ),
}


@lru_cache(maxsize=1)
def runtime_config_attributes() -> dict[str, frozenset[str]]:
    """Class name -> every attribute it has, ``BaseModel``'s included."""
    return {
        name: attributes | BASEMODEL_ATTRIBUTES
        for name, attributes in RUNTIME_CONFIG_ATTRIBUTES.items()
    }


def runtime_base_attributes(dotted: str) -> frozenset[str] | None:
    """The attributes of an external base named by its dotted path, when it is one of
    alignlint's runtime config classes; else None."""
    module, _, name = dotted.rpartition(".")
    if module not in RUNTIME_EXPORTING_MODULES:
        return None
    return runtime_config_attributes().get(name)
