"""Generate ``alignlint/sagemaker/sagemaker_shapes.json`` from botocore's SageMaker service model.

The extract lists, for each SageMaker Pipelines step kind, the shape(s) the SageMaker Python SDK
2.x builds the step's ``properties`` from (``sagemaker/workflow/steps.py`` and friends), and every
shape reachable from them through structure members, list members and map values. Documentation,
enums, constraints and unreachable shapes are dropped, so the file stays small.

Run from the repository root (botocore is only needed here, not by alignlint at run time)::

    python scripts/generate_sagemaker_shapes.py          # rewrite the shipped file
    python scripts/generate_sagemaker_shapes.py --check  # exit 1 when the shipped file is stale
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

OUTPUT_PATH = (
    Path(__file__).resolve().parent.parent / "alignlint" / "sagemaker" / "sagemaker_shapes.json"
)
"""Where the extract is shipped as package data."""

STEP_KIND_ROOTS: dict[str, tuple[tuple[str, ...], ...]] = {
    # Each kind lists alternatives; an alternative is the shape list the SDK merges into the
    # step's root ``Properties`` (later shapes override earlier members, as in the SDK).
    "Processing": (("DescribeProcessingJobResponse",),),  # ProcessingStep
    "Training": (("DescribeTrainingJobResponse",),),  # TrainingStep
    "Transform": (("DescribeTransformJobResponse",),),  # TransformStep
    "CreateModel": (("DescribeModelOutput",),),  # CreateModelStep, ModelStep(create)
    "RegisterModel": (("DescribeModelPackageOutput",),),  # _RegisterModelStep, RegisterModel
    # ModelStep is a StepCollection whose properties are its last step's: the model or the model
    # package, depending on whether its step_args came from model.create() or model.register().
    "ModelStep": (("DescribeModelOutput",), ("DescribeModelPackageOutput",)),
    "Tuning": (
        (
            "DescribeHyperParameterTuningJobResponse",
            "ListTrainingJobsForHyperParameterTuningJobResponse",
        ),
    ),
    "AutoML": (("DescribeAutoMLJobResponse", "sdk:AutoMLStepProperties"),),
    "EndpointConfig": (("DescribeEndpointConfigOutput",),),
    "Endpoint": (("DescribeEndpointOutput",),),
    "InferenceComponent": (("DescribeInferenceComponentOutput",),),
    "QualityCheck": (("sdk:QualityCheckStepProperties",),),
    "ClarifyCheck": (("sdk:ClarifyCheckStepProperties",),),
}
"""Root shapes per step kind (EMR, Lambda, Callback, Condition, Fail, ... have no SageMaker model)."""

SDK_SHAPES: dict[str, dict[str, Any]] = {
    # Properties the SDK adds by hand instead of reading them from the service model.
    "sdk:String": {"type": "string"},
    "sdk:AutoMLStepProperties": {  # AutoMLStep.__init__
        "type": "structure",
        "members": {"BestCandidateProperties": "sdk:AutoMLBestCandidateProperties"},
    },
    "sdk:AutoMLBestCandidateProperties": {
        "type": "structure",
        "members": {
            "ExplainabilityJsonReportPath": "sdk:String",
            "ModelInsightsJsonReportPath": "sdk:String",
        },
    },
    "sdk:QualityCheckStepProperties": {  # QualityCheckStep.__init__
        "type": "structure",
        "members": {
            "BaselineUsedForDriftCheckConstraints": "sdk:String",
            "BaselineUsedForDriftCheckStatistics": "sdk:String",
            "CalculatedBaselineConstraints": "sdk:String",
            "CalculatedBaselineStatistics": "sdk:String",
        },
    },
    "sdk:ClarifyCheckStepProperties": {  # ClarifyCheckStep.__init__
        "type": "structure",
        "members": {
            "BaselineUsedForDriftCheckConstraints": "sdk:String",
            "CalculatedBaselineConstraints": "sdk:String",
        },
    },
}
"""Synthetic shapes (prefixed ``sdk:``) mirroring properties the SDK builds without a model."""


def _compact_shape(shape: Mapping[str, Any]) -> dict[str, Any]:
    """Keep only the type and the member references of one botocore shape."""
    kind = str(shape["type"])
    if kind == "structure":
        members = shape.get("members", {})
        return {
            "type": kind,
            "members": {name: str(info["shape"]) for name, info in sorted(members.items())},
        }
    if kind == "list":
        return {"type": kind, "member": str(shape["member"]["shape"])}
    if kind == "map":
        return {"type": kind, "value": str(shape["value"]["shape"])}
    return {"type": kind}


def _references(shape: Mapping[str, Any]) -> list[str]:
    """Shape names a compact shape points to (members, list member, map value)."""
    if shape["type"] == "structure":
        return sorted(set(shape["members"].values()))
    if shape["type"] == "list":
        return [shape["member"]]
    if shape["type"] == "map":
        return [shape["value"]]
    return []


def build_extract(service_model: Mapping[str, Any], botocore_version: str) -> dict[str, Any]:
    """Return the compact extract of ``service_model`` (a loaded ``service-2`` document)."""
    service_shapes: Mapping[str, Any] = service_model["shapes"]
    shapes: dict[str, dict[str, Any]] = {}
    pending = sorted({name for roots in STEP_KIND_ROOTS.values() for alt in roots for name in alt})
    while pending:
        name = pending.pop()
        if name in shapes:
            continue
        if name in SDK_SHAPES:
            shape = SDK_SHAPES[name]
        elif name in service_shapes:
            shape = _compact_shape(service_shapes[name])
        else:
            raise KeyError(f"shape {name!r} is not in the SageMaker service model")
        shapes[name] = shape
        pending.extend(ref for ref in _references(shape) if ref not in shapes)
    return {
        "botocore_version": botocore_version,
        "api_version": str(service_model["metadata"]["apiVersion"]),
        "generator": "scripts/generate_sagemaker_shapes.py",
        "step_kinds": {
            kind: [list(alternative) for alternative in roots]
            for kind, roots in sorted(STEP_KIND_ROOTS.items())
        },
        "shapes": dict(sorted(shapes.items())),
    }


def render_extract(extract: Mapping[str, Any]) -> str:
    """Serialise the extract deterministically (sorted keys, one entry per line)."""
    return json.dumps(extract, indent=1, sort_keys=True, ensure_ascii=True) + "\n"


def generate_from_installed_botocore() -> str:
    """Build and render the extract from the botocore installed in this environment."""
    import botocore
    import botocore.loaders

    model = botocore.loaders.create_loader().load_service_model("sagemaker", "service-2")
    return render_extract(build_extract(model, str(botocore.__version__)))


def main(argv: Sequence[str] | None = None) -> int:
    """Write (or with ``--check``, verify) the shipped extract; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--check",
        action="store_true",
        help="do not write; exit 1 if the shipped file differs from a fresh extract",
    )
    parser.add_argument("--output", type=Path, default=OUTPUT_PATH, help="file to write or check")
    args = parser.parse_args(argv)
    output: Path = args.output
    try:
        fresh = generate_from_installed_botocore()
    except ImportError:
        print("error: botocore is required to generate the shapes extract", file=sys.stderr)
        return 2
    except KeyError as error:
        print(f"error: {error.args[0]}", file=sys.stderr)
        return 2
    if args.check:
        current = output.read_text(encoding="utf-8") if output.is_file() else None
        if current != fresh:
            print(
                f"{output} is out of date; run scripts/generate_sagemaker_shapes.py",
                file=sys.stderr,
            )
            return 1
        print(f"{output} is up to date")
        return 0
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(fresh, encoding="utf-8", newline="\n")
    print(f"wrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
