"""Parse step property paths and check them against SageMaker's API model.

A property path such as ``properties.ProcessingOutputConfig.Outputs['model'].S3Output.S3Uri``
names a value in the Describe* response of the job a pipeline step runs. Paths are walked over the
shapes shipped in ``alignlint/sagemaker/sagemaker_shapes.json`` (generated from botocore by
``scripts/generate_sagemaker_shapes.py``) with the SageMaker Python SDK 2.x semantics:

- a structure's members are read with ``.Name``;
- a list that is a structure member (the SDK's ``PropertiesList``) is indexed by position
  ``[0]`` or by name ``['name']`` (SageMaker's by-name lookup, e.g. ``Outputs['model']``);
- a map that is a structure member (the SDK's ``PropertiesMap``) is indexed by key ``['key']``;
- an indexed element is a plain property: if it is itself a list or map, it cannot be indexed.

All offsets are 0-based character offsets into the path string.
"""

from __future__ import annotations

import enum
import itertools
import json
import pkgutil
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Literal

from alignlint.sagemaker.suggestions import closest

ROOT_PREFIX = "properties"
"""Optional first segment of a path (the step's ``properties`` attribute)."""

SegmentKind = Literal["attribute", "index", "key"]


@dataclass(frozen=True)
class Segment:
    """One step of a path: ``.Name`` (attribute), ``[3]`` (index) or ``['name']`` (key)."""

    kind: SegmentKind
    value: str | int
    """Attribute name, integer index or key string."""
    start: int
    """Offset of the segment's first character (the ``.`` or ``[``; 0 for a leading name)."""
    end: int
    """Offset just past the segment."""

    @property
    def name_start(self) -> int:
        """Offset of the attribute name itself (after the ``.``), or of the bracket."""
        if self.kind == "attribute" and self.start > 0:
            return self.start + 1
        return self.start


@dataclass(frozen=True)
class ParseError:
    """Why a path is not well formed, and where."""

    message: str
    offset: int


class PathStatus(enum.Enum):
    """Outcome of :func:`validate_property_path`."""

    OK = "ok"
    UNKNOWN_KIND = "unknown-kind"
    """The step kind has no SageMaker API model: nothing was checked (not an error)."""
    PARSE_ERROR = "parse-error"
    INVALID = "invalid"


@dataclass(frozen=True)
class PathCheck:
    """The result of checking one property path for one step kind.

    For ``INVALID`` and ``PARSE_ERROR`` results ``message`` says what is wrong and
    ``start``/``end`` locate the offending text in the path. For ``INVALID`` results ``shape``
    is the shape the failing segment was applied to, ``suggestion`` the closest valid member name
    (or None) and ``corrected_path`` the path with that member substituted. For ``OK`` results
    ``shape``/``shape_type`` describe the value the path reads (e.g. ``S3Uri``/``string``); for
    ``INVALID`` ones the value the failing segment was applied to.
    """

    status: PathStatus
    step_kind: str | None
    message: str | None = None
    start: int | None = None
    end: int | None = None
    shape: str | None = None
    shape_type: str | None = None
    suggestion: str | None = None
    corrected_path: str | None = None

    @property
    def ok(self) -> bool:
        """True when the path exists in the API model of its step kind."""
        return self.status is PathStatus.OK


@dataclass(frozen=True)
class _Shape:
    type: str
    members: Mapping[str, str]
    element: str | None
    """List member or map value shape."""


@dataclass(frozen=True)
class _Model:
    botocore_version: str
    step_kinds: Mapping[str, tuple[tuple[str, ...], ...]]
    shapes: Mapping[str, _Shape]


@cache
def _model() -> _Model:
    # pkgutil, not importlib.resources: the same package-data lookup (zip-safe) without importing
    # importlib.resources' machinery on every run.
    data = pkgutil.get_data("alignlint.sagemaker", "sagemaker_shapes.json")
    if data is None:  # pragma: no cover - the file ships inside the package
        raise FileNotFoundError("alignlint/sagemaker/sagemaker_shapes.json is missing")
    raw = json.loads(data)
    shapes = {
        name: _Shape(
            type=str(entry["type"]),
            members=dict(entry.get("members", {})),
            element=entry.get("member", entry.get("value")),
        )
        for name, entry in raw["shapes"].items()
    }
    kinds = {
        kind: tuple(tuple(str(name) for name in alt) for alt in roots)
        for kind, roots in raw["step_kinds"].items()
    }
    return _Model(str(raw["botocore_version"]), kinds, shapes)


def known_step_kinds() -> tuple[str, ...]:
    """Step kinds with a SageMaker API model, sorted."""
    return tuple(sorted(_model().step_kinds))


def shapes_botocore_version() -> str:
    """The botocore version the shipped shapes were extracted from."""
    return _model().botocore_version


_STEP_KIND_ALIASES: dict[str, str] = {
    "processing": "Processing",
    "processingstep": "Processing",
    "training": "Training",
    "trainingstep": "Training",
    "transform": "Transform",
    "transformstep": "Transform",
    "createmodel": "CreateModel",
    "createmodelstep": "CreateModel",
    "model": "CreateModel",  # StepTypeEnum.CREATE_MODEL
    "registermodel": "RegisterModel",
    "registermodelstep": "RegisterModel",
    "modelpackage": "RegisterModel",
    "modelstep": "ModelStep",
    "tuning": "Tuning",
    "tuningstep": "Tuning",
    "hyperparametertuning": "Tuning",
    "automl": "AutoML",
    "automlstep": "AutoML",
    "endpointconfig": "EndpointConfig",
    "endpointconfigstep": "EndpointConfig",
    "endpoint": "Endpoint",
    "endpointstep": "Endpoint",
    "inferencecomponent": "InferenceComponent",
    "inferencecomponentstep": "InferenceComponent",
    "qualitycheck": "QualityCheck",
    "qualitycheckstep": "QualityCheck",
    "clarifycheck": "ClarifyCheck",
    "clarifycheckstep": "ClarifyCheck",
}


@lru_cache(maxsize=4096)
def step_kind_for(sagemaker_step_type: str) -> str | None:
    """Map a registry ``sagemaker_step_type`` (or SDK step class name) to a step kind.

    Case, ``_``, ``-`` and spaces are ignored: ``processing``, ``ProcessingStep``,
    ``Create_Model`` and ``ModelStep`` all map. Returns None for kinds with no SageMaker model
    (``Lambda``, ``Callback``, ``EMR``, custom kinds, ...).
    """
    normalised = re.sub(r"[\s_\-]", "", sagemaker_step_type).lower()
    return _STEP_KIND_ALIASES.get(normalised)


_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_INDEX = re.compile(r"\[(?:(?P<int>[0-9]+)|'(?P<sq>[^']*)'|\"(?P<dq>[^\"]*)\")\]")


def parse_property_path(text: str) -> list[Segment] | ParseError:
    """Split ``text`` into segments, or say where it stops being a property path.

    Grammar: ``name ( '.' name | '[' digits ']' | '[' quoted-string ']' )*`` with no spaces,
    where a quoted string uses single or double quotes and contains no quote of its kind.
    """
    parsed = _parsed(text)
    return parsed if isinstance(parsed, ParseError) else list(parsed)


@lru_cache(maxsize=4096)
def _parsed(text: str) -> tuple[Segment, ...] | ParseError:
    """:func:`parse_property_path`, once per distinct path (a library repeats a few paths in
    hundreds of specs, and several rules parse each of them)."""
    if not text:
        return ParseError("empty property path", 0)
    first = _IDENTIFIER.match(text)
    if first is None:
        return ParseError(f"expected a name at the start, found {text[0]!r}", 0)
    segments = [Segment("attribute", first.group(), 0, first.end())]
    position = first.end()
    while position < len(text):
        char = text[position]
        if char == ".":
            name = _IDENTIFIER.match(text, position + 1)
            if name is None:
                found = repr(text[position + 1]) if position + 1 < len(text) else "end of path"
                return ParseError(f"expected a name after '.', found {found}", position + 1)
            segments.append(Segment("attribute", name.group(), position, name.end()))
            position = name.end()
        elif char == "[":
            index = _INDEX.match(text, position)
            if index is None:
                return ParseError(
                    "expected an index [n] or a quoted name ['name'] after '['", position
                )
            if index.group("int") is not None:
                segments.append(Segment("index", int(index.group("int")), position, index.end()))
            else:
                key = index.group("sq") if index.group("sq") is not None else index.group("dq")
                segments.append(Segment("key", key, position, index.end()))
            position = index.end()
        else:
            return ParseError(f"expected '.' or '[', found {char!r}", position)
    return tuple(segments)


def output_name_in_path(path: str) -> str | None:
    """Return ``name`` from the first ``Outputs['name']`` in ``path``, or None."""
    segments = parse_property_path(path)
    if isinstance(segments, ParseError):
        return None
    for current, following in itertools.pairwise(segments):
        if current.kind == "attribute" and current.value == "Outputs" and following.kind == "key":
            return str(following.value)
    return None


def _without_root(segments: Sequence[Segment]) -> Sequence[Segment]:
    if segments and segments[0].kind == "attribute" and segments[0].value == ROOT_PREFIX:
        return segments[1:]
    return segments


def processing_output_key(path: str) -> Segment | None:
    """The ``['name']`` segment of ``[properties.]ProcessingOutputConfig.Outputs['name']...``:
    the processing output a path reads by name (None for other paths, and for ``Outputs[0]``,
    which reads by position)."""
    parsed = parse_property_path(path)
    if isinstance(parsed, ParseError):
        return None
    segments = _without_root(parsed)
    if len(segments) < 3:
        return None
    config, outputs, key = segments[:3]
    if (
        config.value == "ProcessingOutputConfig"
        and outputs.value == "Outputs"
        and key.kind == "key"
    ):
        return key
    return None


SCRIPT_OUTPUTS: Mapping[str, tuple[tuple[str, ...], ...]] = {
    "Processing": (("ProcessingOutputConfig", "Outputs", "*", "S3Output", "S3Uri"),),
    "Training": (("ModelArtifacts", "S3ModelArtifacts"), ("OutputDataConfig", "S3OutputPath")),
}
"""Per step kind, the property paths whose value is where SageMaker uploaded what the job's
script wrote to a container output path (``*`` is an index or key segment)."""


def script_output_attribute(step_kind: str, path: str) -> str | None:
    """The top attribute (``ProcessingOutputConfig``, ``ModelArtifacts``, ``OutputDataConfig``)
    when ``path`` reads data the ``step_kind`` job's script wrote; None for other paths."""
    kind = step_kind_for(step_kind)
    parsed = parse_property_path(path)
    if kind is None or isinstance(parsed, ParseError):
        return None
    segments = _without_root(parsed)
    for shape in SCRIPT_OUTPUTS.get(kind, ()):
        if len(shape) == len(segments) and all(
            (segment.kind != "attribute") if part == "*" else segment.value == part
            for part, segment in zip(shape, segments, strict=True)
        ):
            return shape[0]
    return None


def kinds_with_property(path: str) -> tuple[str, ...]:
    """The step kinds (sorted) whose API model has ``path``."""
    return tuple(kind for kind in known_step_kinds() if validate_property_path(kind, path).ok)


@dataclass(frozen=True)
class _Position:
    """Where a walk is: the shape(s) of the current value and whether it can be indexed."""

    label: str
    """How the value is named in messages (e.g. ``ProcessingOutputConfig.Outputs``)."""
    shapes: tuple[str, ...]
    indexable: bool


@dataclass(frozen=True)
class _Failure:
    segment: Segment
    label: str
    shape: str
    """The shape (``A + B`` for merged roots) the failing segment was applied to."""
    shape_type: str
    problem: str
    candidates: tuple[str, ...]

    @property
    def message(self) -> str:
        return f"'{self.label}' ({self.shape_type} {self.shape}) {self.problem}"


def _members(model: _Model, shapes: Sequence[str]) -> dict[str, str]:
    merged: dict[str, str] = {}
    for name in shapes:
        merged.update(model.shapes[name].members)
    return merged


def _failure(
    model: _Model,
    position: _Position,
    segment: Segment,
    problem: str,
    candidates: tuple[str, ...] = (),
) -> _Failure:
    shape_type = model.shapes[position.shapes[-1]].type
    shape = " + ".join(position.shapes)
    return _Failure(segment, position.label, shape, shape_type, problem, candidates)


def _walk(
    model: _Model, root: tuple[str, ...], segments: Sequence[Segment]
) -> _Position | _Failure:
    position = _Position(ROOT_PREFIX, root, indexable=False)
    for segment in segments:
        shape = model.shapes[position.shapes[-1]]
        if segment.kind == "attribute":
            name = str(segment.value)
            if shape.type != "structure":
                hint = " (index it first)" if shape.type in ("list", "map") else ""
                return _failure(model, position, segment, f"has no member '{name}'{hint}")
            members = _members(model, position.shapes)
            if name not in members:
                problem = f"has no member '{name}'"
                return _failure(model, position, segment, problem, tuple(sorted(members)))
            label = name if position.label == ROOT_PREFIX else f"{position.label}.{name}"
            position = _Position(label, (members[name],), indexable=True)
            continue
        if shape.type not in ("list", "map"):
            return _failure(model, position, segment, "cannot be indexed")
        if not position.indexable:
            problem = "is a list element, which the SDK cannot index"
            return _failure(model, position, segment, problem)
        if shape.type == "map" and segment.kind == "index":
            problem = "is a map: index it by key ['key'], not by position"
            return _failure(model, position, segment, problem)
        if shape.element is None:  # pragma: no cover - the generator always records it
            raise AssertionError(f"shape {position.shapes[-1]} has no element shape")
        suffix = f"[{segment.value}]" if segment.kind == "index" else f"['{segment.value}']"
        position = _Position(position.label + suffix, (shape.element,), indexable=False)
    return position


def _merge_failures(failures: Sequence[_Failure]) -> _Failure:
    """Combine the failures of alternative models that stopped furthest into the path."""
    furthest = max(failure.segment.start for failure in failures)
    stopped = [failure for failure in failures if failure.segment.start == furthest]
    first = stopped[0]
    if len(stopped) == 1:
        return first
    candidates = sorted({name for failure in stopped for name in failure.candidates})
    shapes = " or ".join(dict.fromkeys(failure.shape for failure in stopped))
    return _Failure(
        first.segment, first.label, shapes, first.shape_type, first.problem, tuple(candidates)
    )


@lru_cache(maxsize=4096)
def validate_property_path(step_kind: str, path: str) -> PathCheck:
    """Check that ``path`` exists in the API model of ``step_kind``.

    ``step_kind`` is a kind from :func:`known_step_kinds` or anything :func:`step_kind_for`
    maps; other kinds give ``UNKNOWN_KIND`` without looking at the path. The leading
    ``properties`` segment is optional. A kind with several possible models (``ModelStep``)
    accepts a path valid in any of them and reports the failure that got furthest. Results
    are remembered per (kind, path): a library checks the same few paths many times.
    """
    kind = step_kind_for(step_kind)
    model = _model()
    if kind is None or kind not in model.step_kinds:
        return PathCheck(PathStatus.UNKNOWN_KIND, None)
    parsed = _parsed(path)
    if isinstance(parsed, ParseError):
        return PathCheck(
            PathStatus.PARSE_ERROR,
            kind,
            parsed.message,
            parsed.offset,
            min(parsed.offset + 1, len(path)),
        )
    segments = parsed
    if segments[0].kind == "attribute" and segments[0].value == ROOT_PREFIX:
        segments = segments[1:]
    failures: list[_Failure] = []
    for root in model.step_kinds[kind]:
        outcome = _walk(model, root, segments)
        if isinstance(outcome, _Position):
            final = outcome.shapes[-1]
            return PathCheck(PathStatus.OK, kind, shape=final, shape_type=model.shapes[final].type)
        failures.append(outcome)
    return _invalid(kind, path, _merge_failures(failures))


def _invalid(kind: str, path: str, failure: _Failure) -> PathCheck:
    segment = failure.segment
    suggestion = closest(str(segment.value), failure.candidates) if failure.candidates else None
    message = failure.message
    corrected = None
    if suggestion is not None:
        message += f"; did you mean '{suggestion}'?"
        corrected = path[: segment.name_start] + suggestion + path[segment.end :]
    return PathCheck(
        PathStatus.INVALID,
        kind,
        message,
        segment.name_start,
        segment.end,
        shape=failure.shape,
        shape_type=failure.shape_type,
        suggestion=suggestion,
        corrected_path=corrected,
    )
