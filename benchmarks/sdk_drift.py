"""Compare the shipped SageMaker service-model extract with the newest botocore release.

``python benchmarks/sdk_drift.py [--botocore VERSION] [--wheel FILE]``

alignlint validates property paths against its own extract of botocore's SageMaker service model
(``alignlint/sagemaker/sagemaker_shapes.json``), generated from the botocore release the ``test``
extra pins. The tests compare the extract with that pinned release only, so a new botocore
release never turns them red. This script answers the other question: what would regenerating
the extract from the newest release (or ``--botocore VERSION``) change? It downloads that wheel
with pip (no install), reads the service model out of it, builds the extract with
``scripts/generate_sagemaker_shapes.py`` and prints the shapes and members added, removed or
changed. It prints figures and always exits 0 when it could compare (2 when it could not).
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SHIPPED = REPO / "alignlint" / "sagemaker" / "sagemaker_shapes.json"
GENERATOR = REPO / "scripts" / "generate_sagemaker_shapes.py"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate_sagemaker_shapes", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def download_wheel(version: str | None, directory: Path) -> Path:
    """The botocore wheel of ``version`` (default: the newest), downloaded into ``directory``."""
    requirement = f"botocore=={version}" if version else "botocore"
    command = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps"]
    subprocess.run([*command, "--dest", str(directory), requirement], check=True)
    (wheel,) = directory.glob("botocore-*.whl")
    return wheel


def service_model(wheel: Path) -> tuple[dict[str, Any], str]:
    """The newest SageMaker ``service-2`` model in ``wheel`` and the wheel's botocore version."""
    with zipfile.ZipFile(wheel) as archive:
        names = sorted(
            name
            for name in archive.namelist()
            if name.startswith("botocore/data/sagemaker/") and "/service-2.json" in name
        )
        if not names:
            raise ValueError(f"{wheel.name} holds no SageMaker service model")
        data = archive.read(names[-1])
    if names[-1].endswith(".gz"):
        data = gzip.decompress(data)
    version = wheel.name.split("-")[1]
    return json.loads(data), version


def compare(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    """Lines describing how the extract ``new`` differs from ``old`` (shapes and members)."""
    lines: list[str] = []
    old_shapes: Mapping[str, Any] = old["shapes"]
    new_shapes: Mapping[str, Any] = new["shapes"]
    for name in sorted(new_shapes.keys() - old_shapes.keys()):
        lines.append(f"+ shape {name} ({new_shapes[name]['type']})")
    for name in sorted(old_shapes.keys() - new_shapes.keys()):
        lines.append(f"- shape {name} ({old_shapes[name]['type']})")
    for name in sorted(old_shapes.keys() & new_shapes.keys()):
        before, after = old_shapes[name], new_shapes[name]
        if before == after:
            continue
        if before["type"] != after["type"]:
            lines.append(f"~ shape {name}: {before['type']} -> {after['type']}")
            continue
        members_before = before.get("members", {})
        members_after = after.get("members", {})
        for member in sorted(members_after.keys() - members_before.keys()):
            lines.append(f"+ member {name}.{member} ({members_after[member]})")
        for member in sorted(members_before.keys() - members_after.keys()):
            lines.append(f"- member {name}.{member} ({members_before[member]})")
        for member in sorted(members_before.keys() & members_after.keys()):
            if members_before[member] != members_after[member]:
                lines.append(
                    f"~ member {name}.{member}: {members_before[member]} -> {members_after[member]}"
                )
        for key in ("member", "value"):
            if before.get(key) != after.get(key):
                lines.append(f"~ shape {name} {key}: {before.get(key)} -> {after.get(key)}")
    if old.get("step_kinds") != new.get("step_kinds"):
        lines.append("~ step kinds differ")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--botocore", help="compare with this release instead of the newest")
    parser.add_argument("--wheel", type=Path, help="a botocore wheel already downloaded")
    args = parser.parse_args(argv)
    shipped = json.loads(SHIPPED.read_text(encoding="utf-8"))
    generator = _generator()
    with tempfile.TemporaryDirectory() as directory:
        try:
            wheel = args.wheel or download_wheel(args.botocore, Path(directory))
            model, version = service_model(wheel)
            fresh = generator.build_extract(model, version)
        except (OSError, ValueError, KeyError, subprocess.CalledProcessError) as error:
            print(f"could not compare: {error}", file=sys.stderr)
            return 2
    print(f"shipped extract: botocore {shipped['botocore_version']}, API {shipped['api_version']}")
    print(f"compared with:   botocore {version}, API {fresh['api_version']}")
    print(f"shapes: {len(shipped['shapes'])} shipped, {len(fresh['shapes'])} in {version}")
    differences = compare(shipped, fresh)
    if not differences:
        print("no difference in the shapes alignlint reads")
        return 0
    print(f"{len(differences)} differences (regenerate with scripts/generate_sagemaker_shapes.py")
    print("after raising the botocore pin of the test extra):")
    for line in differences:
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
