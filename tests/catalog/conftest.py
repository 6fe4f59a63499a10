"""Shared fixtures for the catalogue tests: small generated data sets in temporary folders."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from alignlint.runtime.contract import ScriptContract
from alignlint.runtime.script_interface import map_path


def make_frame(rows: int, seed: int) -> pd.DataFrame:
    """A binary classification data set: two informative numeric features and a category."""
    rng = np.random.default_rng(seed)
    f1 = rng.normal(size=rows)
    f2 = rng.normal(size=rows)
    colour = rng.choice(["red", "green", "blue"], size=rows)
    noise = rng.normal(scale=0.5, size=rows)
    label = (f1 + 0.5 * f2 + noise > 0).astype(int)
    frame = pd.DataFrame({"f1": f1, "f2": f2, "colour": colour, "label": label})
    frame.loc[::17, "f2"] = np.nan
    return frame


@pytest.fixture
def raw_csv_dir(tmp_path: Path) -> Path:
    """Two CSV files (240 rows in total) under ``tmp_path/source``."""
    source = tmp_path / "source"
    source.mkdir()
    make_frame(120, seed=1).to_csv(source / "part_a.csv", index=False)
    make_frame(120, seed=2).to_csv(source / "part_b.csv", index=False)
    return source


ContainerPaths = Callable[[ScriptContract, str], tuple[dict[str, str], dict[str, str]]]


@pytest.fixture
def container_paths(tmp_path: Path) -> ContainerPaths:
    """Map a contract's container paths below ``tmp_path/<step>`` (inputs and outputs)."""

    def build(contract: ScriptContract, step: str) -> tuple[dict[str, str], dict[str, str]]:
        root = tmp_path / step
        inputs = {
            name: map_path(path, root) for name, path in contract.expected_input_paths.items()
        }
        outputs = {
            name: map_path(path, root) for name, path in contract.expected_output_paths.items()
        }
        return inputs, outputs

    return build
