"""Phase 1 gives the same facts before and after a change to ``alignlint/extract/``.

``dump OUT [ROOT ...]`` extracts every ``.py`` file under each root (and, with ``--fixtures``, of
every fixture case's project) with the ``alignlint`` on the import path, twice: deferring
(``extract_deferring``, what a run caches) and full (``extract_file``, what a deferred body
resolves to), and pickles the facts to OUT. ``compare OLD NEW`` loads two dumps and reports each
file whose facts differ: by ``==``, by ``repr`` (which tells ``True`` from ``1``) and by the size
of their pickle (spans shared within a file stay shared).

To compare a change with its base commit, dump once from a worktree of the base
(``PYTHONPATH=/path/to/base python scripts/compare_extraction.py dump old.pickle ...``) and once
from this checkout, then ``compare old.pickle new.pickle`` (the fact schema must be the same).
"""

from __future__ import annotations

import argparse
import pickle
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _python_files(root: Path) -> Iterator[tuple[str, Path]]:
    label = root.name
    for path in sorted(root.rglob("*.py")):
        if "__pycache__" in path.parts or ".alignlint_cache" in path.parts:
            continue
        yield f"{label}:{path.relative_to(root).as_posix()}", path


def _fixture_files(directory: Path) -> Iterator[tuple[str, Path]]:
    sys.path.insert(0, str(REPO / "tests"))
    from fixture_cases import case_paths, materialize

    for number, case in enumerate(case_paths()):
        project = materialize(case, directory / str(number))
        for path in sorted(project.rglob("*.py")):
            yield f"{case.stem}:{path.relative_to(project).as_posix()}", path


def dump(out: Path, roots: Sequence[Path], fixtures: bool) -> int:
    import alignlint
    from alignlint.core.settings import Settings
    from alignlint.extract import extract_deferring, extract_file

    settings = Settings()
    facts: dict[str, tuple[object, object]] = {}
    with tempfile.TemporaryDirectory() as temporary:
        files = [file for root in roots for file in _python_files(root)]
        if fixtures:
            files.extend(_fixture_files(Path(temporary)))
        for key, path in files:
            relative = key.partition(":")[2]
            data = path.read_bytes()
            facts[key] = (
                extract_deferring(relative, data, settings),
                extract_file(relative, data, settings),
            )
    out.write_bytes(pickle.dumps(facts, protocol=pickle.HIGHEST_PROTOCOL))
    print(f"{len(facts)} files extracted by {Path(alignlint.__file__).parent} -> {out}")
    return 0


def _differences(old: object, new: object) -> list[str]:
    try:
        equal = old == new
    except RuntimeError as error:  # a deferred body compared with a scanned one
        return [f"not comparable: {error}"]
    found = [] if equal else ["=="]
    if repr(old) != repr(new):
        found.append("repr")
    if len(pickle.dumps(old)) != len(pickle.dumps(new)):
        found.append("pickle size")
    return found


def compare(old_path: Path, new_path: Path) -> int:
    old: dict[str, tuple[object, object]] = pickle.loads(old_path.read_bytes())
    new: dict[str, tuple[object, object]] = pickle.loads(new_path.read_bytes())
    failures = 0
    if old.keys() != new.keys():
        print(f"different files: {sorted(old.keys() ^ new.keys())[:10]}")
        failures += 1
    for key in sorted(old.keys() & new.keys()):
        for how, before, after in zip(("deferring", "full"), old[key], new[key], strict=True):
            differences = _differences(before, after)
            if differences:
                failures += 1
                print(f"{key} ({how}): differs by {', '.join(differences)}")
    print(f"{len(old)} files compared, {failures} differences")
    return 1 if failures else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    dumping = commands.add_parser("dump", help="extract and pickle every file's facts")
    dumping.add_argument("out", type=Path)
    dumping.add_argument("roots", type=Path, nargs="*")
    dumping.add_argument("--fixtures", action="store_true", help="the fixture cases' files too")
    comparing = commands.add_parser("compare", help="compare two dumps")
    comparing.add_argument("old", type=Path)
    comparing.add_argument("new", type=Path)
    args = parser.parse_args(argv)
    if args.command == "dump":
        return dump(args.out, args.roots, args.fixtures)
    return compare(args.old, args.new)


if __name__ == "__main__":
    raise SystemExit(main())
