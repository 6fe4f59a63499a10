"""A fix run killed at any point leaves every file entirely old or entirely new."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from alignlint.fix.write import PAUSE_VARIABLE
from alignlint.infra.atomic_write import TEMP_NAME

WORKER = Path(__file__).resolve().with_name("interrupt_worker.py")
REPOSITORY = WORKER.parents[2]
FILES = 8


def make_project(root: Path) -> dict[str, tuple[bytes, bytes]]:
    """File name → (old, new) content; every file has a different size and newline style."""
    root.mkdir()
    contents = {}
    for number in range(FILES):
        newline = ["\n", "\r\n", "\r"][number % 3]
        lines = [f"# file {number}", "OLD = 1", *(f"x{i} = 'OLD'" for i in range(number * 20))]
        old = newline.join(lines).encode() + newline.encode()
        name = f"f{number:02}.py"
        (root / name).write_bytes(old)
        contents[name] = (old, old.replace(b"OLD", b"NEW"))
    return contents


def start(root: Path, pause_at: int | None, marker: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, PYTHONPATH=str(REPOSITORY))
    env.pop(PAUSE_VARIABLE, None)
    if pause_at is not None:
        env[PAUSE_VARIABLE] = f"{pause_at}:{marker}"
    return subprocess.Popen(
        [sys.executable, str(WORKER), str(root)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def states(root: Path, contents: dict[str, tuple[bytes, bytes]]) -> list[str]:
    result = []
    for name, (old, new) in sorted(contents.items()):
        data = (root / name).read_bytes()
        assert data in (old, new), f"{name} is neither old nor new"
        result.append("new" if data == new else "old")
    return result


def strays(root: Path, contents: dict[str, tuple[bytes, bytes]]) -> list[str]:
    extra = sorted(p.name for p in root.iterdir() if p.name not in contents)
    assert all(TEMP_NAME.match(name) for name in extra), extra
    return extra


def finish_and_check(root: Path, contents: dict[str, tuple[bytes, bytes]]) -> None:
    """A later run completes the job and removes the stale temporary file."""
    worker = start(root, None, root / "unused")
    assert worker.wait() == 0, worker.stderr.read() if worker.stderr else ""
    assert states(root, contents) == ["new"] * FILES
    assert strays(root, contents) == []


def test_killed_between_writing_and_renaming(tmp_path: Path) -> None:
    for pause_at in sorted(random.Random(6).sample(range(1, FILES + 1), 3)):
        root = tmp_path / f"run{pause_at}"
        contents = make_project(root)
        marker = tmp_path / f"paused{pause_at}"
        worker = start(root, pause_at, marker)
        while not marker.exists():
            assert worker.poll() is None, worker.stderr.read() if worker.stderr else ""
            time.sleep(0.01)
        worker.send_signal(signal.SIGKILL)
        worker.wait()
        assert states(root, contents) == ["new"] * (pause_at - 1) + ["old"] * (FILES - pause_at + 1)
        assert len(strays(root, contents)) == 1
        finish_and_check(root, contents)


def test_killed_at_random_moments(tmp_path: Path) -> None:
    rng = random.Random(9)
    for attempt in range(5):
        root = tmp_path / f"run{attempt}"
        contents = make_project(root)
        worker = start(root, None, root / "unused")
        time.sleep(rng.uniform(0.2, 1.2))
        worker.send_signal(signal.SIGKILL)
        worker.wait()
        states(root, contents)
        strays(root, contents)
        finish_and_check(root, contents)
