"""One-off: convert the fixture directories (``fixtures/<family>/<case>/`` with ``expected.txt``,
``links.txt``, ``alignlint.toml`` and ``fixtures/fix_snapshots/<family>/<case>.diff``) into case
files ``fixtures/<family>/<case>.case``. Each conversion is checked before the old directory is
removed: the case file parses back to itself and materialises to exactly the old project files."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from fixture_cases import (  # noqa: E402
    CONFIG_FILE,
    FIXTURES,
    INIT,
    CaseFile,
    Section,
    _package_directories,
    parse_case,
    project_files,
    render_case,
)

SNAPSHOTS = FIXTURES / "fix_snapshots"
CASE_FILES = ("expected.txt", "links.txt")
LIBRARY = FIXTURES / "realistic" / "legacy_library"
DUMP = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name not in CASE_FILES and "__pycache__" not in p.parts
    }


def convert(directory: Path, name: str, base: Path | None) -> CaseFile:
    files = tree(directory)
    options: list[str] = []
    if base is not None:
        inherited = tree(base)
        missing = sorted(set(inherited) - set(files))
        assert not missing, f"{name} lacks base files {missing}"
        files = {p: c for p, c in files.items() if inherited.get(p) != c}
        options.append(f"base: {base.relative_to(directory.parent).as_posix()}")
    else:
        packages = _package_directories(list(files))
        empty_inits = {p.rsplit("/", 1)[0] for p, c in files.items() if p.endswith("/" + INIT) and not c}
        assert empty_inits <= packages
        if packages and not empty_inits:
            options.append("no-init: *")
        elif packages - empty_inits:
            options.append("no-init: " + " ".join(sorted(packages - empty_inits)))
        files = {p: c for p, c in files.items() if not (p.rsplit("/", 1)[0] in empty_inits and p.endswith("/" + INIT))}
    sections: list[Section] = []
    if options:
        sections.append(Section("case", None, "".join(o + "\n" for o in options).encode()))
    if CONFIG_FILE in files:
        sections.append(Section("config", None, files.pop(CONFIG_FILE)))
    sections.extend(Section("file", p, c) for p, c in sorted(files.items()))
    expected = directory / "expected.txt"
    # The linking layouts had only links.txt: their findings (never compared before) are recorded.
    findings = DUMP[name]["findings"].encode()
    assert not expected.exists() or expected.read_bytes() == findings, name
    sections.append(Section("expected", None, findings))
    if (directory / "links.txt").exists():
        sections.append(Section("links", None, (directory / "links.txt").read_bytes()))
    snapshot = SNAPSHOTS / f"{name}.diff"
    if snapshot.exists():
        sections.append(Section("fix", None, snapshot.read_bytes()))
    return CaseFile("", tuple(sections))


def main() -> None:
    old = sorted(p.parent for p in FIXTURES.rglob("expected.txt"))
    old += sorted(p for p in (FIXTURES / "linking").iterdir() if p.is_dir())
    converted = []
    # The library stays a directory (the base of both realistic cases): only its project files.
    (LIBRARY / "expected.txt").unlink()
    for directory in old:
        name = directory.relative_to(FIXTURES).as_posix()
        base = LIBRARY if directory.parent == LIBRARY.parent else None
        case = convert(directory, name, base)
        text = render_case(case)
        assert render_case(parse_case(text)) == text, name
        def key(c: CaseFile) -> list[tuple[str, str | None, bytes]]:
            return [(s.kind, s.path, s.content) for s in c.sections]

        assert key(parse_case(text)) == key(case), name
        target = directory.with_suffix(".case")
        target.write_text(text, encoding="utf-8", newline="\n")
        expected_tree = tree(directory)
        assert project_files(target) == expected_tree, name
        converted.append((directory, target))
        print(f"{name}: {len(expected_tree)} files -> {target.relative_to(FIXTURES)}")
    for directory, _ in converted:
        if directory != LIBRARY:
            shutil.rmtree(directory)
    shutil.rmtree(SNAPSHOTS)


if __name__ == "__main__":
    main()
