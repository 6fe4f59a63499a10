"""The per-file fact cache: round trips, damaged or foreign entries, concurrency, ``clean``."""

from __future__ import annotations

import hashlib
import multiprocessing
import pickle
from pathlib import Path

import pytest

import alignlint.run.fact_cache as fact_cache_module
from alignlint.core.settings import BaseClassNames, Settings
from alignlint.extract import extract_file
from alignlint.extract.facts import FileFacts
from alignlint.infra.cache import CACHEDIR_TAG_TEXT, GITIGNORE_TEXT, clean, encode_entry
from alignlint.run.fact_cache import FactCache, entry_key, namespace_name

SCRIPT = b"""import os


def main(input_paths, output_paths, environ_vars, job_args):
    data = input_paths["DATA"]
    label = environ_vars.get("LABEL_FIELD", "")
    return data, label


if __name__ == "__main__":
    main({"DATA": "/opt/ml/processing/input/data"}, {}, {"LABEL_FIELD": os.environ.get("LABEL_FIELD", "")}, None)
"""
PATH = "steps/scripts/x.py"


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def facts_of(path: str = PATH, data: bytes = SCRIPT, settings: Settings | None = None) -> FileFacts:
    return extract_file(path, data, settings or Settings())


def entry_file(root: Path, settings: Settings, path: str, data: bytes) -> Path:
    key = entry_key(path, content_hash(data))
    return root / settings.cache_dir / namespace_name(settings) / key[:2] / key


@pytest.fixture
def settings() -> Settings:
    return Settings()


@pytest.fixture
def stored(tmp_path: Path, settings: Settings) -> Path:
    """A cache holding the facts of ``SCRIPT`` at ``PATH``; returns the entry file."""
    FactCache(tmp_path, settings).put(PATH, content_hash(SCRIPT), facts_of())
    return entry_file(tmp_path, settings, PATH, SCRIPT)


def test_round_trip_returns_equal_facts(tmp_path: Path, settings: Settings) -> None:
    facts = facts_of()
    FactCache(tmp_path, settings).put(PATH, content_hash(SCRIPT), facts)
    assert FactCache(tmp_path, settings).get(PATH, content_hash(SCRIPT)) == facts


def test_missing_entry_is_a_miss(tmp_path: Path, settings: Settings) -> None:
    assert FactCache(tmp_path, settings).get(PATH, content_hash(SCRIPT)) is None
    assert not (tmp_path / settings.cache_dir).exists()


def test_same_bytes_at_another_path_is_a_miss(
    stored: Path, tmp_path: Path, settings: Settings
) -> None:
    assert FactCache(tmp_path, settings).get("steps/scripts/y.py", content_hash(SCRIPT)) is None


def test_cache_directory_ignores_itself_and_is_tagged(stored: Path, tmp_path: Path) -> None:
    directory = tmp_path / ".alignlint_cache"
    assert (directory / ".gitignore").read_text() == GITIGNORE_TEXT
    assert "*" in GITIGNORE_TEXT.splitlines()
    assert (
        (directory / "CACHEDIR.TAG")
        .read_text()
        .startswith("Signature: 8a477f597d28d172789f06886806bc55")
    )


def test_absolute_cache_dir_is_used_as_is(tmp_path: Path) -> None:
    elsewhere = tmp_path / "shared-cache"
    settings = Settings(cache_dir=str(elsewhere))
    FactCache(tmp_path / "project", settings).put(PATH, content_hash(SCRIPT), facts_of())
    assert (elsewhere / "CACHEDIR.TAG").read_text() == CACHEDIR_TAG_TEXT
    assert FactCache(tmp_path / "other", settings).get(PATH, content_hash(SCRIPT)) == facts_of()


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[: len(data) // 2], id="truncated-payload"),
        pytest.param(lambda data: data[:10], id="truncated-header"),
        pytest.param(lambda data: b"", id="empty"),
        pytest.param(lambda data: data[:-40] + bytes(b ^ 0xFF for b in data[-40:]), id="flipped"),
        pytest.param(lambda data: b"XXXXXXXX" + data[8:], id="bad-magic"),
        pytest.param(lambda data: data + b"trailing", id="trailing-bytes"),
        pytest.param(lambda data: pickle.dumps(facts_of()), id="bare-pickle"),
        pytest.param(lambda data: b"\x00" * len(data), id="zeros"),
    ],
)
def test_damaged_entry_is_ignored_and_rebuilt(
    stored: Path, tmp_path: Path, settings: Settings, damage: object
) -> None:
    stored.write_bytes(damage(stored.read_bytes()))  # type: ignore[operator]
    cache = FactCache(tmp_path, settings)
    assert cache.get(PATH, content_hash(SCRIPT)) is None
    cache.put(PATH, content_hash(SCRIPT), facts_of())
    assert FactCache(tmp_path, settings).get(PATH, content_hash(SCRIPT)) == facts_of()


def test_entry_of_another_file_copied_into_place_is_ignored(
    tmp_path: Path, settings: Settings
) -> None:
    other = b"X = 1\n"
    cache = FactCache(tmp_path, settings)
    cache.put("other.py", content_hash(other), facts_of("other.py", other))
    target = entry_file(tmp_path, settings, PATH, SCRIPT)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(entry_file(tmp_path, settings, "other.py", other).read_bytes())
    assert cache.get(PATH, content_hash(SCRIPT)) is None


def test_entry_holding_something_else_than_facts_is_ignored(
    stored: Path, tmp_path: Path, settings: Settings
) -> None:
    cache = FactCache(tmp_path, settings)
    identity = cache._identity(PATH, content_hash(SCRIPT))
    stored.write_bytes(encode_entry(identity, {"not": "facts"}))
    assert cache.get(PATH, content_hash(SCRIPT)) is None
    stored.write_bytes(encode_entry(identity, facts_of()))
    assert cache.get(PATH, content_hash(SCRIPT)) == facts_of()


def test_entry_from_another_version_is_ignored(
    stored: Path, tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fact_cache_module, "__version__", "999.0")
    newer = FactCache(tmp_path, settings)
    assert newer.get(PATH, content_hash(SCRIPT)) is None
    # Even an old entry moved into the new version's place is recognised as foreign.
    target = entry_file(tmp_path, settings, PATH, SCRIPT)
    moved = tmp_path / settings.cache_dir / namespace_name(settings) / target.parent.name
    moved.mkdir(parents=True)
    (moved / target.name).write_bytes(stored.read_bytes())
    assert newer.get(PATH, content_hash(SCRIPT)) is None


def test_other_extraction_settings_do_not_share_entries(stored: Path, tmp_path: Path) -> None:
    other = Settings(base_classes=BaseClassNames(contracts=("MyContract",)))
    assert other.extraction_key() != Settings().extraction_key()
    assert FactCache(tmp_path, other).get(PATH, content_hash(SCRIPT)) is None


def test_unwritable_cache_is_silently_skipped(tmp_path: Path) -> None:
    (tmp_path / "blocked").write_text("a file where the cache directory should be")
    cache = FactCache(tmp_path, Settings(cache_dir="blocked"))
    cache.put(PATH, content_hash(SCRIPT), facts_of())
    assert cache.get(PATH, content_hash(SCRIPT)) is None


def test_clear_removes_the_directory(stored: Path, tmp_path: Path, settings: Settings) -> None:
    cache = FactCache(tmp_path, settings)
    cache.clear()
    assert not cache.directory.exists()
    cache.put(PATH, content_hash(SCRIPT), facts_of())
    assert cache.get(PATH, content_hash(SCRIPT)) == facts_of()


def test_clean_removes_cache_directories(stored: Path, tmp_path: Path) -> None:
    directory = tmp_path / ".alignlint_cache"
    result = clean([directory, tmp_path / "never-created"])
    assert result.removed == (directory,)
    assert result.refused == ()
    assert not directory.exists()


def test_clean_refuses_a_directory_that_is_not_a_cache(tmp_path: Path) -> None:
    precious = tmp_path / "src"
    precious.mkdir()
    (precious / "module.py").write_text("X = 1\n")
    result = clean([precious])
    assert result.removed == ()
    assert result.refused == (precious,)
    assert (precious / "module.py").exists()


# -- concurrency ----------------------------------------------------------------------------------
VARIANTS = [f"VALUE_{index} = {index}\n".encode() * (index + 1) for index in range(12)]


def _hammer(root: str, rounds: int) -> None:
    settings = Settings()
    cache = FactCache(root, settings)
    for _ in range(rounds):
        for index, data in enumerate(VARIANTS):
            path = f"m{index % 3}.py"
            cache.put(path, content_hash(data), facts_of(path, data, settings))
            cache.get(path, content_hash(VARIANTS[-1 - index]))


def test_concurrent_writers_never_leave_an_unreadable_entry(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_hammer, args=(str(tmp_path), 25)) for _ in range(2)]
    for worker in workers:
        worker.start()
    settings = Settings()
    reader = FactCache(tmp_path, settings)
    expected = {
        (f"m{index % 3}.py", content_hash(data)): facts_of(f"m{index % 3}.py", data)
        for index, data in enumerate(VARIANTS)
    }
    while any(worker.is_alive() for worker in workers):
        for (path, digest), facts in expected.items():
            assert reader.get(path, digest) in (None, facts)
    for worker in workers:
        worker.join()
        assert worker.exitcode == 0
    for (path, digest), facts in expected.items():
        assert reader.get(path, digest) == facts
    leftovers = [p.name for p in reader.directory.rglob(".tmp-*")]
    assert leftovers == []


def test_get_many_returns_hits_and_misses_in_order(
    stored: Path, tmp_path: Path, settings: Settings
) -> None:
    cache = FactCache(tmp_path, settings)
    keys = [("missing.py", content_hash(b"")), (PATH, content_hash(SCRIPT))]
    assert cache.get_many(keys) == [None, facts_of()]
