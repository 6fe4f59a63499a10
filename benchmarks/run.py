"""Measure alignlint against the performance targets of issues 8 and 20, on generated libraries
and on the real-code corpus.

``python benchmarks/run.py [--sizes 50,500,5000] [--work DIR] [--repeat 3] [--json FILE]
[--corpus DIR | --no-corpus]``

For every size N, on the same generated files (``benchmarks/generate.py``), in one run:

* **ast floor**: read and ``ast.parse`` every Python file, single process, in this process;
* **cold**: ``python -m alignlint check . --output-format concise --exit-zero --cache-dir FRESH``
  in a subprocess, wall time including interpreter start;
* **warm**: the same command again on the now-filled cache;
* **warm, one file changed** (issue 20's "one changed file": a script or spec of one step), a
  real edit each time, then the same command: a statement inserted at the top of one script's
  ``main`` body (``warm+body``; every later line of the file moves), a keyword added to one
  spec's first ``semantic_keywords`` (``warm+spec``: the resolver scores it) and an alias added
  to a spec's first output (``warm+alias``: every consumer of the library may match it); the
  one-file figure is the slowest of the three.
  Reported apart: a comment line inserted in the middle of the spec (``warm+note``: every later
  line moves, no fact changes), a comment appended to the script (``warm+cmt``: its facts do not
  change) and
  to the registry (``warm+reg``: every step may change);
* **pre-commit**: the same two edits, each followed by what the pre-commit hook runs,
  ``alignlint check FILE`` with the edited file (``hook+body``, ``hook+spec``), from a cache that
  knows the original;
* **peak memory**: the largest ``ru_maxrss`` of those child processes.

On the corpus (``../shared/corpus/cursus-a9d18ccc``, copied to a temporary directory; skipped when
absent): the ``ast`` floor of its Python files, ``check --no-cache`` (issue 20's "cold"), a warm
run, and runs after the same three real edits of one spec and of three scripts (a quarter of
the list apart; the figure is the slowest script's).

Then the ratios against the targets are printed. Timings are the best of ``--repeat`` runs (the
cold run is repeated with a fresh cache each time). Nothing here asserts: it prints figures.

``--workspaces W`` (issue 15) measures instead, for each size, a library with ``W`` project
workspaces over it (``generate.py --workspaces``): a cold full check (the shared view and every
workspace), a cold check of one workspace (``--workspace project_00``), their ratio against ``W``
single checks, and, on a warm fact cache, a one-file change inside one workspace and a one-file
change of a shared spec (the pre-commit changed set: ``alignlint check FILE``).
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``benchmarks`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import generate

REPO = Path(__file__).resolve().parent.parent

COLD_OVER_FLOOR = 1.5
WARM_50_SECONDS = 0.3
WARM_CHANGED_50_SECONDS = 0.35
PEAK_500_MB = 200.0
PER_FILE_5000_OVER_500 = 1.3
# issue 20
CORPUS_COLD_OVER_FLOOR = 1.2
CORPUS_CHANGED_SECONDS = 0.25
CHANGED_5000_SECONDS = 1.0
WARM_500_SECONDS = 0.15
WARM_5000_SECONDS = 0.6
PEAK_5000_MB = 500.0
CORPUS = REPO.parent / "shared" / "corpus" / "cursus-a9d18ccc"
CORPUS_PACKAGE = "src/cursus"


class RunnerError(Exception):
    """The benchmark cannot run (no CLI, a failing check); the message says why."""


@dataclass
class Measurement:
    """The figures of one library size."""

    steps: int
    files: int
    python_files: int
    megabytes: float
    floor_s: float
    cold_s: float
    warm_s: float
    body_changed_s: float
    spec_changed_s: float
    alias_changed_s: float
    comment_changed_s: float
    note_changed_s: float
    registry_changed_s: float
    hook_body_s: float
    hook_spec_s: float
    peak_mb: float
    findings: int

    @property
    def warm_changed_s(self) -> float:
        """One changed file: the slowest of the script-body and the two spec edits."""
        return max(self.body_changed_s, self.spec_changed_s, self.alias_changed_s)

    @property
    def cold_per_file_ms(self) -> float:
        return 1000 * self.cold_s / self.files


@dataclass(frozen=True)
class ChildRun:
    """One alignlint subprocess: wall time, peak resident memory and its output."""

    seconds: float
    max_rss_mb: float
    stdout: str


@dataclass
class CorpusMeasurement:
    """The figures of the real-code corpus."""

    python_files: int
    floor_s: float
    cold_s: float
    warm_s: float
    body_changed_s: float
    spec_changed_s: float
    alias_changed_s: float
    peak_mb: float

    @property
    def changed_s(self) -> float:
        """One changed file: the slowest of the script-body and the two spec edits."""
        return max(self.body_changed_s, self.spec_changed_s, self.alias_changed_s)


def check_command(cache_dir: Path | None, target: str = ".") -> list[str]:
    """``alignlint check target`` with the cache in ``cache_dir`` (None: ``--no-cache``)."""
    cache = ["--cache-dir", str(cache_dir)] if cache_dir is not None else ["--no-cache"]
    return [
        sys.executable,
        "-m",
        "alignlint",
        "check",
        target,
        "--output-format",
        "concise",
        "--exit-zero",
        *cache,
    ]


def require_cli() -> None:
    """Fail clearly unless ``python -m alignlint check`` exists and accepts the cache flags."""
    probe = subprocess.run(
        [sys.executable, "-m", "alignlint", "check", "--help"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    if probe.returncode != 0:
        raise RunnerError(
            "`python -m alignlint check --help` failed; the CLI is not usable yet:\n"
            + (probe.stderr.strip() or probe.stdout.strip())
        )
    missing = [flag for flag in ("--cache-dir", "--no-cache") if flag not in probe.stdout]
    if missing:
        raise RunnerError(
            f"`alignlint check` does not accept {', '.join(missing)} yet: the fact cache is not "
            "wired into the CLI, so cold and warm runs cannot be told apart. No figures printed."
        )


def run_child(command: Sequence[str], cwd: Path) -> ChildRun:
    """Run ``command`` and return wall time (including interpreter start) and peak memory."""
    # As a user's install runs: compiled modules are cached (``PYTHONDONTWRITEBYTECODE`` would
    # compile every changed alignlint module again in every run).
    environment = {
        **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
        "PYTHONPATH": str(REPO),
    }
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=err, env=environment)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if process.returncode != 0:
        raise RunnerError(
            f"{' '.join(command)} exited with {process.returncode} in {cwd}:\n{stderr[-2000:]}"
        )
    max_rss_mb = usage.ru_maxrss / 1024 if sys.platform != "darwin" else usage.ru_maxrss / 2**20
    return ChildRun(seconds, max_rss_mb, stdout)


#: Directories under a library that are not its files: alignlint's cache, compiled modules.
NOT_LIBRARY = frozenset({".alignlint_cache", "__pycache__"})


def library_files(library: Path) -> list[Path]:
    """The generated library's files (not a cache a run or an import wrote there)."""
    return [p for p in library.rglob("*") if p.is_file() and NOT_LIBRARY.isdisjoint(p.parts)]


def python_files(library: Path) -> list[Path]:
    return sorted(path for path in library.rglob("*.py") if path.is_file())


def ast_floor(files: Sequence[Path]) -> float:
    """Seconds to read and ``ast.parse`` every file, in this process."""
    start = time.perf_counter()
    for path in files:
        ast.parse(path.read_bytes(), filename=str(path))
    return time.perf_counter() - start


def prepare_library(work: Path, steps: int, seed: int) -> Path:
    """Generate (or reuse) the ``steps``-step library under ``work``."""
    out = work / f"steps-{steps}-seed-{seed}"
    manifest = out / "manifest.json"
    if not manifest.is_file():
        shutil.rmtree(out, ignore_errors=True)
        generate(out, steps, seed)
    return out / "lib"


def first_module(directory: Path, holding: bytes = b"") -> Path:
    """The first module of ``directory`` (not ``__init__.py``) whose text holds ``holding``, for
    determinism."""
    return next(
        path
        for path in sorted(directory.glob("*.py"))
        if not path.name.startswith("__") and holding in path.read_bytes()
    )


#: An edit: the new content of a file from its original content and the attempt number.
Edit = Callable[[bytes, int], bytes]


def append_comment(original: bytes, attempt: int) -> bytes:
    """A comment appended: the file's facts do not change."""
    return original + f"# benchmark edit {attempt}\n".encode()


def insert_note(original: bytes, attempt: int) -> bytes:
    """A comment line inserted before the first top-level statement in the second half of the
    module (never inside a string): every later line moves, no fact changes."""
    tree = ast.parse(original)
    lines = original.splitlines(keepends=True)
    middle = len(lines) // 2
    at = next((node.lineno for node in tree.body if node.lineno > middle), len(lines) + 1)
    lines.insert(at - 1, f"# benchmark note {attempt}\n".encode())
    return b"".join(lines)


def edit_main_body(original: bytes, attempt: int) -> bytes:
    """A statement inserted before the first statement of the module-level ``main`` (after its
    docstring): a real edit of a script's body that moves every later line of the file."""
    tree = ast.parse(original)
    main = next(
        (node for node in tree.body if isinstance(node, ast.FunctionDef) and node.name == "main"),
        None,
    )
    if main is None:
        raise RunnerError("the benchmark script has no module-level main() to edit")
    body = main.body
    docstring = (
        isinstance(body[0], ast.Expr)
        and isinstance(body[0].value, ast.Constant)
        and isinstance(body[0].value.value, str)
    )
    first = body[1] if docstring and len(body) > 1 else body[0]
    lines = original.splitlines(keepends=True)
    indent = " " * first.col_offset
    lines.insert(first.lineno - 1, f"{indent}_benchmark_edit = {attempt}\n".encode())
    return b"".join(lines)


def edit_spec_keywords(original: bytes, attempt: int) -> bytes:
    """A keyword added to the first ``semantic_keywords=[`` of a spec: a real edit of a field the
    dependency resolver scores (a description, which no rule reads, would not do)."""
    marker = b"semantic_keywords=["
    if marker not in original:
        raise RunnerError("the benchmark spec has no semantic_keywords=[ to edit")
    return original.replace(marker, marker + f'"benchmark_edit_{attempt}", '.encode(), 1)


def edit_output_alias(original: bytes, attempt: int) -> bytes:
    """An alias added to the first ``OutputSpec(`` of a spec: a real edit of a field the
    resolver scores for every consumer of the library (not only the spec's own dependencies)."""
    marker = b"OutputSpec("
    if marker not in original or b"aliases=" in original:
        raise RunnerError("the benchmark spec has no OutputSpec( without aliases to edit")
    return original.replace(marker, marker + f'aliases=["benchmark_alias_{attempt}"], '.encode(), 1)


def alias_spec(directory: Path) -> Path:
    """The first spec under ``directory`` (recursively, sorted) with an output and no aliases."""
    return next(
        path
        for path in sorted(directory.rglob("*_spec.py"))
        if b"OutputSpec(" in (text := path.read_bytes()) and b"aliases=" not in text
    )


def changed_runs(
    path: Path,
    cache_dir: Path,
    cwd: Path,
    repeat: int,
    target: str = ".",
    edit: Edit = append_comment,
) -> list[ChildRun]:
    """Warm runs each after ``edit`` of ``path``, always from the original content: before
    each edit the original is checked (not measured), so every measured run starts from a cache
    that knows the original, not the previous attempt's edit (which may differ from it only by
    what no rule reads). The file is restored afterwards."""
    original = path.read_bytes()
    runs = []
    try:
        for attempt in range(repeat):
            path.write_bytes(original)
            run_child(check_command(cache_dir, target), cwd)
            path.write_bytes(edit(original, attempt))
            runs.append(run_child(check_command(cache_dir, target), cwd))
    finally:
        path.write_bytes(original)
    run_child(check_command(cache_dir, target), cwd)
    return runs


def relative(path: Path, root: Path) -> str:
    """``path`` as the pre-commit hook names it: relative to the project root."""
    return path.relative_to(root).as_posix()


def measure(work: Path, steps: int, seed: int, repeat: int) -> Measurement:
    library = prepare_library(work, steps, seed)
    every_file = library_files(library)
    sources = python_files(library)
    megabytes = sum(p.stat().st_size for p in every_file) / 1e6
    floor = min(ast_floor(sources) for _ in range(repeat))

    cold_runs: list[ChildRun] = []
    cache_root = Path(tempfile.mkdtemp(prefix="alignlint-bench-cache-"))
    try:
        for attempt in range(repeat):
            cache_dir = cache_root / f"cold-{attempt}"
            cold_runs.append(run_child(check_command(cache_dir), library))
        cache_dir = cache_root / f"cold-{repeat - 1}"
        warm_runs = [run_child(check_command(cache_dir), library) for _ in range(repeat)]
        script = first_module(library / "steps" / "scripts")
        body_runs = changed_runs(script, cache_dir, library, repeat, edit=edit_main_body)
        spec = first_module(library / "steps" / "specs", b"semantic_keywords=[")
        spec_runs = changed_runs(spec, cache_dir, library, repeat, edit=edit_spec_keywords)
        alias_runs = changed_runs(
            alias_spec(library / "steps" / "specs"),
            cache_dir,
            library,
            repeat,
            edit=edit_output_alias,
        )
        comment_runs = changed_runs(script, cache_dir, library, repeat)
        note_runs = changed_runs(spec, cache_dir, library, repeat, edit=insert_note)
        registry = library / "registry" / "step_names.py"
        registry_runs = changed_runs(registry, cache_dir, library, repeat)
        hook_body = changed_runs(
            script, cache_dir, library, repeat, relative(script, library), edit_main_body
        )
        hook_spec = changed_runs(
            spec, cache_dir, library, repeat, relative(spec, library), edit_spec_keywords
        )
    finally:
        shutil.rmtree(cache_root, ignore_errors=True)

    every_run = [
        *cold_runs,
        *warm_runs,
        *body_runs,
        *spec_runs,
        *alias_runs,
        *comment_runs,
        *note_runs,
        *registry_runs,
        *hook_body,
        *hook_spec,
    ]
    return Measurement(
        steps=steps,
        files=len(every_file),
        python_files=len(sources),
        megabytes=round(megabytes, 2),
        floor_s=floor,
        cold_s=min(run.seconds for run in cold_runs),
        warm_s=min(run.seconds for run in warm_runs),
        body_changed_s=min(run.seconds for run in body_runs),
        spec_changed_s=min(run.seconds for run in spec_runs),
        alias_changed_s=min(run.seconds for run in alias_runs),
        comment_changed_s=min(run.seconds for run in comment_runs),
        note_changed_s=min(run.seconds for run in note_runs),
        registry_changed_s=min(run.seconds for run in registry_runs),
        hook_body_s=min(run.seconds for run in hook_body),
        hook_spec_s=min(run.seconds for run in hook_spec),
        peak_mb=max(run.max_rss_mb for run in every_run),
        findings=len([line for line in cold_runs[0].stdout.splitlines() if line.strip()]),
    )


def measure_corpus(corpus: Path, repeat: int) -> CorpusMeasurement:
    """The corpus figures, on a copy of it (the corpus itself is read-only)."""
    work = Path(tempfile.mkdtemp(prefix="alignlint-bench-corpus-"))
    try:
        root = work / "corpus"
        shutil.copytree(corpus, root, ignore=shutil.ignore_patterns(".alignlint_cache", ".git"))
        package = root / CORPUS_PACKAGE
        sources = python_files(package)
        floor = min(ast_floor(sources) for _ in range(repeat))
        cold = [run_child(check_command(None, CORPUS_PACKAGE), root) for _ in range(repeat)]
        cache_dir = work / "cache"
        run_child(check_command(cache_dir, CORPUS_PACKAGE), root)
        warm = [run_child(check_command(cache_dir, CORPUS_PACKAGE), root) for _ in range(repeat)]
        specs = [
            path
            for path in sorted(package.rglob("*_spec.py"))
            if b"semantic_keywords=[" in path.read_bytes()
        ]
        spec = specs[len(specs) // 2]
        scripts = [
            path
            for path in sorted((package / "steps" / "scripts").glob("*.py"))
            if b"\ndef main(" in path.read_bytes()
        ]
        # Three scripts a quarter of the list apart: most real scripts have module-level code
        # below main that the edit moves; the figure is the slowest script's best run.
        bodies = [
            changed_runs(
                scripts[len(scripts) * part // 4],
                cache_dir,
                root,
                repeat,
                CORPUS_PACKAGE,
                edit=edit_main_body,
            )
            for part in (1, 2, 3)
        ]
        body = [run for runs in bodies for run in runs]
        spec_runs = changed_runs(
            spec, cache_dir, root, repeat, CORPUS_PACKAGE, edit=edit_spec_keywords
        )
        alias_runs = changed_runs(
            alias_spec(package), cache_dir, root, repeat, CORPUS_PACKAGE, edit=edit_output_alias
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return CorpusMeasurement(
        python_files=len(sources),
        floor_s=floor,
        cold_s=min(run.seconds for run in cold),
        warm_s=min(run.seconds for run in warm),
        body_changed_s=max(min(run.seconds for run in runs) for runs in bodies),
        spec_changed_s=min(run.seconds for run in spec_runs),
        alias_changed_s=min(run.seconds for run in alias_runs),
        peak_mb=max(run.max_rss_mb for run in cold + warm + body + spec_runs + alias_runs),
    )


@dataclass
class WorkspaceMeasurement:
    """The figures of one library size with workspaces."""

    steps: int
    workspaces: int
    files: int
    full_cold_s: float
    single_cold_s: float
    shared_cold_s: float
    workspace_changed_s: float
    shared_changed_s: float
    #: The whole check after a keyword added to a spec inside one workspace, and to a shared one.
    workspace_edit_full_s: float
    shared_edit_full_s: float
    findings: int


def measure_workspaces(
    work: Path, steps: int, workspaces: int, seed: int, repeat: int
) -> WorkspaceMeasurement:
    out = work / f"steps-{steps}-workspaces-{workspaces}-seed-{seed}"
    if not (out / "manifest.json").is_file():
        shutil.rmtree(out, ignore_errors=True)
        generate(out, steps, seed, workspaces)
    library = out / "lib"
    files = library_files(library)
    cache_root = Path(tempfile.mkdtemp(prefix="alignlint-bench-cache-"))

    def best(extra: Sequence[str], fresh: bool) -> ChildRun:
        runs = []
        for attempt in range(repeat):
            cache = cache_root / (f"fresh-{len(extra)}-{attempt}" if fresh else "warm")
            command = check_command(cache)
            if extra:
                position = command.index(".")
                command[position : position + 1] = list(extra)
            runs.append(run_child(command, library))
        return min(runs, key=lambda run: run.seconds)

    try:
        full = best([], fresh=True)
        single = best(["--workspace", "project_00"], fresh=True)
        shared = best(["registry", "steps", "dags"], fresh=True)
        best([], fresh=False)  # fill the warm cache
        own = sorted((library / "development/projects/project_00").rglob("*_spec.py"))[0]
        shared_spec = sorted((library / "steps" / "specs").glob("*_spec.py"))[0]
        changed = []
        for path in (own, shared_spec):
            original = path.read_bytes()
            try:
                path.write_bytes(original + b"# benchmark edit\n")
                relative = path.relative_to(library).as_posix()
                changed.append(best([relative], fresh=False))
            finally:
                path.write_bytes(original)
        # The whole check after a real edit: the views whose inputs it leaves alone are reused.
        edited = [
            min(
                changed_runs(path, cache_root / "warm", library, repeat, edit=edit_spec_keywords),
                key=lambda run: run.seconds,
            )
            for path in (own, shared_spec)
        ]
    finally:
        shutil.rmtree(cache_root, ignore_errors=True)
    return WorkspaceMeasurement(
        steps=steps,
        workspaces=workspaces,
        files=len(files),
        full_cold_s=full.seconds,
        single_cold_s=single.seconds,
        shared_cold_s=shared.seconds,
        workspace_changed_s=changed[0].seconds,
        shared_changed_s=changed[1].seconds,
        workspace_edit_full_s=edited[0].seconds,
        shared_edit_full_s=edited[1].seconds,
        findings=len([line for line in full.stdout.splitlines() if line.strip()]),
    )


def workspace_report(results: Sequence[WorkspaceMeasurement]) -> str:
    lines = [
        f"{'steps':>6} {'ws':>4} {'files':>6} {'full cold':>10} {'1 ws cold':>10} "
        f"{'shared cold':>12} {'ws file +1':>11} {'shared file +1':>15} {'ws edit':>8} "
        f"{'shared edit':>11} {'findings':>8}"
    ]
    for m in results:
        lines.append(
            f"{m.steps:>6} {m.workspaces:>4} {m.files:>6} {m.full_cold_s:>9.3f}s "
            f"{m.single_cold_s:>9.3f}s {m.shared_cold_s:>11.3f}s {m.workspace_changed_s:>10.3f}s "
            f"{m.shared_changed_s:>14.3f}s {m.workspace_edit_full_s:>7.3f}s "
            f"{m.shared_edit_full_s:>10.3f}s {m.findings:>8}"
        )
    lines.append("")
    lines.append("targets (issue 15):")
    for m in results:
        singles = m.workspaces * m.single_cold_s
        lines.append(
            f"  full check of {m.workspaces} workspaces over {m.steps} steps: {m.full_cold_s:.2f}s = "
            f"{m.full_cold_s / singles:.2f}x {m.workspaces} single-workspace checks "
            f"({singles:.2f}s) {verdict(m.full_cold_s < 0.5 * singles)}"
        )
        lines.append(
            f"  one file changed inside one workspace: {m.workspace_changed_s:.3f}s "
            f"(a one-file change in the library without workspaces: see the table above)"
        )
        lines.append(
            f"  whole check after a spec edited inside one workspace: "
            f"{m.workspace_edit_full_s:.3f}s (one view linked); of a shared spec: "
            f"{m.shared_edit_full_s:.3f}s (every view)"
        )
    return "\n".join(lines)


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISS"


def report(results: Sequence[Measurement], corpus: CorpusMeasurement | None = None) -> str:
    lines = [
        f"{'steps':>6} {'files':>6} {'MB':>6} {'ast floor':>10} {'cold':>8} {'warm':>8} "
        f"{'warm+body':>9} {'warm+spec':>9} {'warm+alias':>10} {'warm+cmt':>8} {'warm+note':>9} {'warm+reg':>8} "
        f"{'hook+body':>9} "
        f"{'hook+spec':>9} {'peak MB':>8} {'ms/file':>8} {'findings':>8}"
    ]
    for m in results:
        lines.append(
            f"{m.steps:>6} {m.files:>6} {m.megabytes:>6.1f} {m.floor_s:>9.3f}s {m.cold_s:>7.3f}s "
            f"{m.warm_s:>7.3f}s {m.body_changed_s:>8.3f}s {m.spec_changed_s:>8.3f}s "
            f"{m.alias_changed_s:>9.3f}s "
            f"{m.comment_changed_s:>7.3f}s {m.note_changed_s:>8.3f}s {m.registry_changed_s:>7.3f}s "
            f"{m.hook_body_s:>8.3f}s "
            f"{m.hook_spec_s:>8.3f}s {m.peak_mb:>8.1f} {m.cold_per_file_ms:>8.2f} {m.findings:>8}"
        )
    if corpus is not None:
        lines.append(
            f"corpus: {corpus.python_files} Python files, ast floor {corpus.floor_s:.3f}s, cold "
            f"(--no-cache) {corpus.cold_s:.3f}s, warm {corpus.warm_s:.3f}s, one script body "
            f"edited {corpus.body_changed_s:.3f}s, one spec's keyword added "
            f"{corpus.spec_changed_s:.3f}s, an output alias added {corpus.alias_changed_s:.3f}s, "
            f"peak {corpus.peak_mb:.1f} MB"
        )
    lines.append("")
    lines.append("targets (issue 8):")
    by_steps = {m.steps: m for m in results}
    for m in results:
        ratio = m.cold_s / m.floor_s
        lines.append(
            f"  cold / ast floor at {m.steps}: {ratio:.2f}x (target <= {COLD_OVER_FLOOR}x) "
            f"{verdict(ratio <= COLD_OVER_FLOOR)}"
        )
    if 50 in by_steps:
        m = by_steps[50]
        lines.append(
            f"  warm at 50: {m.warm_s:.3f}s (target <= {WARM_50_SECONDS}s) "
            f"{verdict(m.warm_s <= WARM_50_SECONDS)}"
        )
        lines.append(
            f"  warm after one changed file at 50: {m.warm_changed_s:.3f}s "
            f"(target <= {WARM_CHANGED_50_SECONDS}s) "
            f"{verdict(m.warm_changed_s <= WARM_CHANGED_50_SECONDS)}"
        )
    if 500 in by_steps:
        m = by_steps[500]
        lines.append(
            f"  peak memory at 500: {m.peak_mb:.1f} MB (target <= {PEAK_500_MB:.0f} MB) "
            f"{verdict(m.peak_mb <= PEAK_500_MB)}"
        )
    if 500 in by_steps and 5000 in by_steps:
        ratio = by_steps[5000].cold_per_file_ms / by_steps[500].cold_per_file_ms
        lines.append(
            f"  per-file time 5000 / 500: {ratio:.2f}x (target <= {PER_FILE_5000_OVER_500}x) "
            f"{verdict(ratio <= PER_FILE_5000_OVER_500)}"
        )
    lines.append("")
    lines.append("targets (issue 20):")
    lines.extend(issue_20_targets(by_steps, corpus))
    return "\n".join(lines)


def _target(label: str, value: float, limit: float, unit: str) -> str:
    return f"  {label}: {value:.3f}{unit} (target <= {limit}{unit}) {verdict(value <= limit)}"


def issue_20_targets(
    by_steps: dict[int, Measurement], corpus: CorpusMeasurement | None
) -> list[str]:
    """The issue 20 lines: each target met or missed, or why it was not measured."""
    lines = []
    if corpus is None:
        lines.append("  corpus targets: not measured (no corpus)")
    else:
        lines.append(
            _target("one changed file, corpus", corpus.changed_s, CORPUS_CHANGED_SECONDS, "s")
        )
        lines.append(
            _target(
                "cold / ast floor, corpus",
                corpus.cold_s / corpus.floor_s,
                CORPUS_COLD_OVER_FLOOR,
                "x",
            )
        )
    wanted: list[tuple[int, str, str, float, str]] = [
        (5000, "one changed file at 5000", "warm_changed_s", CHANGED_5000_SECONDS, "s"),
        (500, "warm at 500", "warm_s", WARM_500_SECONDS, "s"),
        (5000, "warm at 5000", "warm_s", WARM_5000_SECONDS, "s"),
        (5000, "peak memory at 5000", "peak_mb", PEAK_5000_MB, " MB"),
    ]
    for steps, label, name, limit, unit in wanted:
        m = by_steps.get(steps)
        if m is None:
            lines.append(f"  {label}: not measured (--sizes has no {steps})")
        else:
            lines.append(_target(label, getattr(m, name), limit, unit))
    for m in by_steps.values():
        lines.append(
            f"  at {m.steps} (reported apart): a comment appended to the script "
            f"{m.comment_changed_s:.3f}s, to the registry {m.registry_changed_s:.3f}s, a "
            f"comment line inserted in the spec {m.note_changed_s:.3f}s; "
            f"pre-commit (check FILE) after the script edit {m.hook_body_s:.3f}s, after the "
            f"spec edit {m.hook_spec_s:.3f}s"
        )
    return lines


def parse_sizes(text: str) -> list[int]:
    try:
        sizes = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--sizes takes comma-separated integers, not {text!r}"
        ) from None
    if not sizes or any(size < 1 for size in sizes):
        raise argparse.ArgumentTypeError("--sizes needs at least one positive step count")
    return sizes


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=parse_sizes, default=[50, 500, 5000])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (best is kept)")
    parser.add_argument(
        "--work",
        type=Path,
        default=REPO / "benchmarks" / "out",
        help="where libraries are generated (reused between runs; default benchmarks/out)",
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="the real-code corpus")
    parser.add_argument("--no-corpus", action="store_true", help="skip the corpus figures")
    parser.add_argument(
        "--workspaces",
        type=int,
        default=0,
        help="measure N project workspaces over each library size instead (issue 15)",
    )
    args = parser.parse_args(argv)
    load_before = os.getloadavg()[0]
    if args.workspaces > 0:
        try:
            require_cli()
            found = []
            for steps in args.sizes:
                print(f"measuring {steps} steps, {args.workspaces} workspaces ...", file=sys.stderr)
                found.append(
                    measure_workspaces(
                        args.work, steps, args.workspaces, args.seed, max(1, args.repeat)
                    )
                )
        except RunnerError as error:
            print(f"benchmarks/run.py: {error}", file=sys.stderr)
            return 2
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, best of {args.repeat}")
        print(workspace_report(found))
        if args.json:
            args.json.write_text(json.dumps([asdict(m) for m in found], indent=2) + "\n")
        return 0
    try:
        require_cli()
        corpus = None
        if not args.no_corpus and (args.corpus / CORPUS_PACKAGE).is_dir():
            print("measuring the corpus ...", file=sys.stderr, flush=True)
            corpus = measure_corpus(args.corpus, max(1, args.repeat))
        results = []
        for steps in args.sizes:
            print(f"measuring {steps} steps ...", file=sys.stderr, flush=True)
            results.append(measure(args.work, steps, args.seed, max(1, args.repeat)))
    except RunnerError as error:
        print(f"benchmarks/run.py: {error}", file=sys.stderr)
        return 2
    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, best of {args.repeat}; "
        f"load average {load_before:.2f} before, {os.getloadavg()[0]:.2f} after"
    )
    print(report(results, corpus))
    if args.json:
        figures = {
            "libraries": [asdict(m) for m in results],
            "corpus": asdict(corpus) if corpus is not None else None,
        }
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
