"""ALN410 training-channel-mismatch."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from alignlint.core.types import Diagnostic, Related
from alignlint.model import Contract, Project
from alignlint.model.values import Located
from alignlint.rules.base import Rule, Scope
from alignlint.rules.builder_config._common import builder_label, contract_label, did_you_mean
from alignlint.sagemaker.container_paths import TRAINING_CHANNEL_ROOT, normalise, training_channel


def contract_channels(contract: Contract) -> set[str] | None:
    """The channel names the contract's input paths imply; None when an input path is unknown,
    no path lies under the channel root, or one is the channel root itself (the builder then
    makes the channels from that input, e.g. train/val/test)."""
    if not contract.inputs.complete:
        return None
    channels: set[str] = set()
    for entry in contract.inputs.values():
        value = entry.value
        if not (isinstance(value, Located) and isinstance(value.value, str)):
            return None
        if normalise(value.value) == TRAINING_CHANNEL_ROOT:
            return None
        channel = training_channel(value.value)
        if channel:
            channels.add(channel)
    return channels or None


class TrainingChannelMismatch(Rule):
    """## What it does
    Reports a `TrainingInput` the builder passes under a literal channel name (a dict key or
    subscript) that is not one of the channels the script contract's input paths imply
    (`/opt/ml/input/data/<channel>/...`).

    ## Why is this bad?
    SageMaker mounts each channel at `/opt/ml/input/data/<channel>`. With another channel name
    the training script's input directory does not exist and the job fails: an `error`.

    ## Example
    ```python
    # contract: expected_input_paths={"input_path": "/opt/ml/input/data/train"}
    return {"training": TrainingInput(s3_data=source)}
    ```

    Use instead:
    ```python
    return {"train": TrainingInput(s3_data=source)}
    ```
    """

    code: ClassVar[str] = "ALN410"
    name: ClassVar[str] = "training-channel-mismatch"
    summary: ClassVar[str] = "Builder's training channel is not a channel of the contract"
    reads: ClassVar[Scope] = Scope.STEP

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for step in project.steps:
            builder, contract = step.builder, step.contract
            if builder is None or contract is None:
                continue
            channels = contract_channels(contract)
            if channels is None:
                continue
            for built in sorted(builder.built_objects, key=lambda b: b.span):
                channel = built.channel
                if built.class_name != "TrainingInput" or not (
                    isinstance(channel, Located) and isinstance(channel.value, str)
                ):
                    continue
                if channel.value in channels:
                    continue
                message = (
                    f"{builder_label(builder)} passes a TrainingInput as channel "
                    f"`{channel.value}` but the input paths of {contract_label(contract)} imply "
                    f"channels {', '.join(f'`{c}`' for c in sorted(channels))}"
                    f"{did_you_mean(channel.value, channels) if len(channels) > 1 else ''}"
                )
                yield self.diagnostic(
                    message,
                    channel.span,
                    related=[
                        Related(
                            contract.inputs.span or contract.name_span,
                            "the contract's expected_input_paths",
                        )
                    ],
                    step=step.name,
                    subject=f"channel:{channel.value}",
                )
