"""An offline SageMaker session: build pipeline definitions without credentials or network.

The SDK uploads step code to S3 while it builds a definition and creates a few clients on the
default boto3 session. Offline, the boto session carries fixed fake credentials and a region, and
an event hook answers S3 ``PutObject`` locally (recording the key) and refuses every other request
with :class:`OfflineRequestError`, so no socket is ever opened.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from typing import Any

OFFLINE_ACCESS_KEY = "offline"
OFFLINE_SECRET_KEY = "offline"

ALLOWED_OPERATIONS = frozenset({"s3.PutObject"})
"""Requests answered locally; all others raise."""

TELEMETRY_OPT_OUT_CONFIG: dict[str, Any] = {
    "SchemaVersion": "1.0",
    "SageMaker": {"PythonSDK": {"Modules": {"TelemetryOptOut": True}}},
}
"""SDK defaults that switch off the SDK's telemetry requests.

It is installed only around the calls that emit telemetry (see :func:`telemetry_opted_out`):
the SDK re-validates a non-empty config against its JSON schema on every lookup, which costs
about half a second each.
"""


class OfflineRequestError(RuntimeError):
    """The SDK tried to call an AWS API while building a pipeline offline."""


@dataclass
class UploadLog:
    """S3 URLs the SDK would have uploaded to, in order."""

    urls: list[str] = field(default_factory=list)


class _EmptyBody:
    """A response body with no content, in the shape botocore reads."""

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield b""


def _make_hook(log: UploadLog) -> Any:
    from botocore.awsrequest import AWSResponse

    def answer_locally(request: Any, event_name: str = "", **_: Any) -> Any:
        operation = event_name.removeprefix("before-send.")
        if operation not in ALLOWED_OPERATIONS:
            raise OfflineRequestError(
                f"offline pipeline build attempted the AWS request '{operation}' ({request.url})"
            )
        log.urls.append(request.url)
        return AWSResponse(request.url, 200, {}, _EmptyBody())

    return answer_locally


def offline_boto_session(region: str, log: UploadLog) -> Any:
    """A boto3 session with fake static credentials whose requests never leave the process."""
    import boto3

    session = boto3.Session(
        aws_access_key_id=OFFLINE_ACCESS_KEY,
        aws_secret_access_key=OFFLINE_SECRET_KEY,
        region_name=region,
    )
    session.events.register("before-send", _make_hook(log))
    return session


@cache
def _offline_session_class() -> type[Any]:
    from sagemaker.workflow.pipeline_context import PipelineSession

    class OfflinePipelineSession(PipelineSession):
        """A pipeline session that knows its bucket instead of asking S3 for it."""

        def default_bucket(self) -> str:
            return str(self._default_bucket_name_override)

    return OfflinePipelineSession


def offline_pipeline_session(region: str, bucket: str, log: UploadLog | None = None) -> Any:
    """A ``PipelineSession`` for ``region`` whose default bucket is ``bucket``, fully offline."""
    boto_session = offline_boto_session(region, log if log is not None else UploadLog())
    session = _offline_session_class()(boto_session=boto_session, default_bucket=bucket)
    session.sagemaker_config = {}
    return session


def is_offline_session(sagemaker_session: Any) -> bool:
    """Whether ``sagemaker_session`` came from :func:`offline_pipeline_session`."""
    return isinstance(sagemaker_session, _offline_session_class())


@contextmanager
def default_boto_session(sagemaker_session: Any) -> Iterator[None]:
    """Make the session's boto session boto3's default while the block runs.

    Some SDK constructors create clients on the default boto3 session; offline, they must get
    the offline one. The previous default is restored afterwards.
    """
    import boto3

    previous = boto3.DEFAULT_SESSION
    boto3.DEFAULT_SESSION = sagemaker_session.boto_session
    try:
        yield
    finally:
        boto3.DEFAULT_SESSION = previous


@contextmanager
def telemetry_opted_out(sagemaker_session: Any) -> Iterator[None]:
    """Opt an offline session out of SDK telemetry while the block runs (e.g. ``fit``).

    Online sessions are left untouched.
    """
    if not is_offline_session(sagemaker_session):
        yield
        return
    previous = sagemaker_session.sagemaker_config
    sagemaker_session.sagemaker_config = TELEMETRY_OPT_OUT_CONFIG
    try:
        yield
    finally:
        sagemaker_session.sagemaker_config = previous
