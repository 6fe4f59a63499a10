"""The step library the adoption tests change: LoadData → Preprocess, clean as copied."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

from fixture_cases import case_path

REPOSITORY = Path(__file__).resolve().parents[2]
LIBRARY = case_path("contract_spec/ALN206_property_path_wrong_output_silent")

#: The correct property path of Preprocess's output, and a wrong one (ALN206, safe fix).
GOOD_PATH = """'properties.ProcessingOutputConfig.Outputs["processed_data"].S3Output.S3Uri'"""
BAD_PATH = """"properties.ProcessingOutputConfig.Outputs['data'].S3Output.S3Uri\""""

Run = Callable[..., subprocess.CompletedProcess[str]]


def edit(path: Path, old: str, new: str) -> None:
    """Replace the one occurrence of ``old`` in ``path``."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} not found once in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def rename_load_data_output(project: Path) -> None:
    """Rename (and retype) LoadData's output: Preprocess's dependency can no longer resolve."""
    spec = project / "specs" / "load_data_spec.py"
    edit(spec, 'logical_name="data"', 'logical_name="raw_rows"')
    edit(spec, "Outputs['data']", "Outputs['raw_rows']")
    edit(spec, "DependencyType.PROCESSING_OUTPUT", "DependencyType.MODEL_ARTIFACTS")
