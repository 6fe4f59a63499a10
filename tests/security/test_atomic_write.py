"""The one atomic writer (``alignlint.infra.atomic_write``): every file alignlint keeps (cache
entries, fixed sources, output files and baselines, the user key) is written by it, so these
guarantees hold for all of them."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from alignlint.infra.atomic_write import TEMP_NAME, write_atomically
from alignlint.infra.cache import clean, prepare_directory


def test_a_link_at_the_target_is_replaced_never_followed(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"secret\n")
    target = tmp_path / "out.json"
    target.symlink_to(victim)
    write_atomically(target, b"report\n")
    assert not target.is_symlink()
    assert target.read_bytes() == b"report\n"
    assert victim.read_bytes() == b"secret\n"


def test_the_temporary_file_is_beside_the_target_complete_and_private(tmp_path: Path) -> None:
    target = tmp_path / "entry"
    seen: list[tuple[str, bytes, int]] = []

    def inspect() -> None:
        (name,) = [name for name in os.listdir(tmp_path) if name != "entry"]
        path = tmp_path / name
        seen.append((name, path.read_bytes(), stat.S_IMODE(path.stat().st_mode)))

    target.write_bytes(b"old")
    target.chmod(0o640)
    write_atomically(target, b"new", like=target.stat(), before_rename=inspect)
    ((name, content, mode),) = seen
    assert TEMP_NAME.match(name), name
    assert name.startswith(".entry.")
    assert content == b"new"
    assert mode == 0o640
    assert target.read_bytes() == b"new"
    assert os.listdir(tmp_path) == ["entry"]


def test_a_refusal_before_the_rename_leaves_the_target_and_no_temporary_file(
    tmp_path: Path,
) -> None:
    target = tmp_path / "m.py"
    target.write_bytes(b"mine\n")

    def changed() -> None:
        raise RuntimeError("changed on disk")

    with pytest.raises(RuntimeError, match="changed on disk"):
        write_atomically(target, b"theirs\n", before_rename=changed)
    assert target.read_bytes() == b"mine\n"
    assert os.listdir(tmp_path) == ["m.py"]


def test_without_replace_an_existing_file_is_kept(tmp_path: Path) -> None:
    target = tmp_path / "key"
    write_atomically(target, b"first", mode=0o600, replace=False)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    with pytest.raises(FileExistsError):
        write_atomically(target, b"second", mode=0o600, replace=False)
    assert target.read_bytes() == b"first"
    assert os.listdir(tmp_path) == ["key"]


def test_without_replace_a_dangling_link_is_not_followed(tmp_path: Path) -> None:
    target = tmp_path / "key"
    target.symlink_to(tmp_path / "elsewhere")
    with pytest.raises(FileExistsError):
        write_atomically(target, b"first", replace=False)
    assert not (tmp_path / "elsewhere").exists()


def test_a_missing_directory_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_atomically(tmp_path / "absent" / "file", b"x")
    assert os.listdir(tmp_path) == []


def test_new_files_get_the_mode_less_the_umask(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        write_atomically(tmp_path / "report.sarif", b"{}")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "report.sarif").stat().st_mode) == 0o644


def test_a_cache_holding_a_left_over_temporary_file_is_still_cleaned(tmp_path: Path) -> None:
    """A killed run leaves a temporary file in the cache; `alignlint clean` knows its name."""
    cache = tmp_path / ".alignlint_cache"
    namespace = cache / "results-0"
    prepare_directory(cache, namespace)
    (namespace / ".0123456789abcdef.4242.0a1b2c3d4e5f6a7b.alignlint-tmp").write_bytes(b"x")
    assert clean([cache]).removed == (cache,)
