"""The runtime package stays cheap to import and exports the agreed names."""

from __future__ import annotations

import subprocess
import sys

import pytest

import alignlint.runtime


def test_import_does_not_load_sagemaker() -> None:
    code = (
        "import sys, alignlint.runtime as r\n"
        "for name in ['ScriptContract', 'StepSpecification', 'DependencyResolver',"
        " 'StepBuilderBase', 'PipelineAssembler', 'PipelineDAG', 'ScriptInterface']:\n"
        "    getattr(r, name)\n"
        "print('sagemaker' in sys.modules, 'boto3' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False False"


def test_every_export_resolves() -> None:
    for name in alignlint.runtime.__all__:
        assert getattr(alignlint.runtime, name).__name__ == name


def test_unknown_attribute() -> None:
    with pytest.raises(AttributeError) as caught:
        alignlint.runtime.NoSuchThing  # noqa: B018
    assert str(caught.value) == "module 'alignlint.runtime' has no attribute 'NoSuchThing'"
