"""Robustness run: ``alignlint check`` over code that is not a pipeline, and over broken files.

Inputs (any combination):

* ``--stdlib``: every ``*.py`` file of the CPython standard library (the base interpreter's own
  ``site-packages`` below it is left out);
* ``--site-packages``: every ``*.py`` file of the running environment's site-packages;
* ``--corrupt N``: N corrupted copies of the projects of the repository's fixture cases
  (``fixtures/**/*.case``, materialised) and of the shipped catalogue (``alignlint/catalog/**``): bit flips, truncation, invalid UTF-8, CRLF / CR
  newlines, BOMs, tabs, NUL bytes, odd Unicode, deleted / duplicated / swapped lines; each variant
  is one file corrupted inside a copy of its own project;
* ``--special``: hand-made hard cases: a 10 MB module, a 10 MB line, 1,000-deep nesting (parens,
  lists, calls, nested ``if``), very long operator / attribute chains, NUL bytes, directory and file
  symlink loops, a dangling symlink, files and directories without read permission, a FIFO named
  ``*.py``, a directory named ``*.py``, empty / BOM-only / CR-only files.

Each run is the ``check`` command itself (argument parsing, configuration, analysis, JSON rendering)
executed in a forked child process with ``--isolated``, no excludes and ``max-file-size`` raised
to :data:`MAX_FILE_SIZE` (the 10 MB cases are parsed, not refused), so a crash, a hang (a
per-run timeout) or a dying interpreter is observed instead of ending the run. A batch that fails
is re-run file by file to name the culprits.

What counts as a problem:

* an internal error (alignlint's own error report, or any other exception), a crash of the child,
  a hang, or an exit status 2 from an input error (every path given exists and no configuration
  is read, so exit 2 can only mean a file alignlint could not handle);
* a file alignlint promises to report without an ``ALN001`` / ``ALN002`` finding on it
  (``missing``): a ``*.py`` file that cannot be read, that ``ast.parse`` rejects (syntax,
  tokenizer and encoding errors), whose future statements the compiler rejects (misplaced,
  unknown feature), or with a keyword argument repeated in a call to a component constructor; a
  ``*.json`` file that is not UTF-8 JSON (see :func:`file_state`);
* an ``ALN001`` / ``ALN002`` finding on any other file (``spurious``).

Files the compiler rejects for other reasons (a repeated keyword in a call that is not a component
constructor, ``return`` outside a function, ``nonlocal`` at module level, ...) are out of scope:
alignlint does not walk every file's whole tree for them. They are never hidden: the summary
counts them by kind, and ``--json-out`` lists each one.

The summary table gives files, runs, findings by code, problems, out-of-scope rejections and wall
time; ``--json-out`` writes the same figures and every problem as JSON. The exit status is 1 when a
problem was found.
Everything is deterministic given ``--seed``.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import io
import json
import multiprocessing
import os
import random
import shutil
import stat
import sys
import sysconfig
import tempfile
import time
import traceback
import warnings
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from fixture_cases import (  # noqa: E402
    FIXTURES,
    case_paths,
    directory_files,
    project_files,
    write_files,
)

CATALOGUE = "alignlint/catalog"
#: Findings that say "this file could not be read / decoded / parsed".
FILE_ERROR_CODES = frozenset({"ALN001", "ALN002"})
#: File types alignlint reads (corrupted variants are drawn from these).
SUFFIXES = (".py", ".json", ".yaml", ".yml", ".toml")
DEFAULT_BATCH = 100
DEFAULT_TIMEOUT = 300.0
#: The ``max-file-size`` of the runs: above the largest hard case, so every file is parsed.
MAX_FILE_SIZE = 20_000_000
#: Statuses of a run that are problems by themselves.
FAILED = frozenset({"internal-error", "crash", "hang", "input-error"})


# -- one check run (inside the child) --------------------------------------------------------------
@dataclass(frozen=True)
class CheckRun:
    """What one ``alignlint check`` produced.

    ``status`` is ``ok`` (exit 0), ``findings`` (exit 1), ``input-error`` (exit 2 for a reported
    error) or ``internal-error`` (alignlint's bug report or an escaping exception); ``findings``
    holds ``(filename, code)`` pairs; ``output`` is the JSON text; ``message`` the error head.
    """

    status: str
    exit_code: int
    findings: tuple[tuple[str, str], ...] = ()
    output: str = ""
    message: str = ""


def check_command(paths: Sequence[str]) -> CheckRun:
    """Run ``alignlint check --isolated --output-format json PATHS`` in this process (the current
    directory is the project root; nothing is excluded) and classify the outcome."""
    from alignlint.cli.main import build_parser, run_check
    from alignlint.core.errors import AlignlintError, InternalError

    argv = [
        "check",
        "--isolated",
        "--config",
        "exclude = []",
        "--config",
        f"max-file-size = {MAX_FILE_SIZE}",
        "--no-cache",
        "--jobs",
        "1",
        "--output-format",
        "json",
    ]
    args = build_parser().parse_args([*argv, "--", *paths])
    stdout, stderr = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stderr(stderr):
            exit_code = run_check(args, stdout)
    except InternalError as exc:
        return CheckRun("internal-error", 2, message=_head(str(exc), exc.details))
    except AlignlintError as exc:
        return CheckRun("input-error", 2, message=str(exc))
    except Exception as exc:
        return CheckRun("internal-error", 2, message=_head(repr(exc), traceback.format_exc()))
    text = stdout.getvalue()
    findings = tuple((item["filename"], item["code"]) for item in json.loads(text))
    return CheckRun("ok" if exit_code == 0 else "findings", exit_code, findings, text)


def _head(message: str, details: str) -> str:
    """The error message and the innermost frames of its traceback."""
    frames = [line.strip() for line in details.splitlines() if line.startswith('  File "')]
    return "\n".join([message, *frames[-3:]])


# -- what each file should produce -----------------------------------------------------------------
def judged_files(directory: Path) -> list[str]:
    """``*.py`` and ``*.json`` entries below ``directory`` as alignlint's walk sees them (symlinked directories
    are not followed; symlinks and special files named ``*.py`` count), relative, sorted."""
    found = []
    for current, dirnames, filenames in os.walk(directory):
        dirnames.sort()
        for name in filenames:
            if name.endswith((".py", ".json")):
                found.append((Path(current) / name).relative_to(directory).as_posix())
    return sorted(found)


#: Compile-time error messages of future statements (always reported by alignlint).
FUTURE_MESSAGES = (
    "from __future__ imports must occur at the beginning of the file",
    "future feature ",
    "not a chance",
)
#: Prefix of the states of files that alignlint must report (see :func:`file_state`).
REPORTED_STATES = ("unreadable: ", "unparsable: ", "rejected: ")
OUT_OF_SCOPE = "out of scope: "


def file_state(path: Path) -> str:
    """What alignlint promises about a file, as a state string:

    * ``ok``: it reads and compiles; no ALN001/ALN002 allowed;
    * ``unreadable: ...``: not a regular file, larger than :data:`MAX_FILE_SIZE`, or reading it
      fails;
    * ``unparsable: ...``: ``ast.parse`` rejects the bytes (syntax, tokenizer and encoding errors,
      NUL bytes, too deep nesting); for a ``*.json`` file named as a DAG file (``dag-files``):
      not UTF-8 JSON (another JSON file that is not is out of scope: alignlint reads it as a DAG
      only when its content is one, and ignores it otherwise);
    * ``rejected: ...``: ``ast.parse`` accepts it but the compiler rejects a future statement
      (misplaced, unknown feature), or a component constructor call repeats a keyword argument;
    * ``out of scope: ...``: the compiler rejects it for another reason alignlint does not check
      (a repeated keyword in another call, ``return`` outside a function, ``nonlocal`` at module
      level, ...); no ALN001/ALN002 allowed (none of the promised errors is in the file).

    The first three must carry an ALN001/ALN002 finding."""
    try:
        status = os.stat(path)
        if not stat.S_ISREG(status.st_mode):
            return "unreadable: not a regular file"
        if status.st_size > MAX_FILE_SIZE:
            return "unreadable: larger than max-file-size"
        data = path.read_bytes()
    except OSError as exc:
        return f"unreadable: {exc.strerror}"
    if path.suffix == ".json":
        try:
            json.loads(data.decode("utf-8-sig"))
        except ValueError as exc:
            from alignlint.core.settings import Settings
            from alignlint.extract.json_dag import is_dag_file_name

            if not is_dag_file_name(path.as_posix(), Settings().dag_files):
                # alignlint reads such a file as a DAG only when its content is one.
                return f"{OUT_OF_SCOPE}a JSON file not named as a DAG file that is not JSON"
            return f"unparsable: {type(exc).__name__}: {exc}"
        return "ok"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            tree = ast.parse(data)
        except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError) as exc:
            return f"unparsable: {type(exc).__name__}: {exc}"
        try:
            compile(data, str(path), "exec", dont_inherit=True)
        except SyntaxError as exc:
            message, where = f"SyntaxError: {exc.msg}", f" at line {exc.lineno}"
        except (ValueError, RecursionError, MemoryError, OverflowError) as exc:
            message, where = f"{type(exc).__name__}: {exc}", ""
        else:
            return "ok"
    promised = promised_rejection(tree)
    if promised is not None:
        return f"rejected: {promised}"
    if message.startswith("SyntaxError: ") and message[13:].startswith(FUTURE_MESSAGES):
        return f"rejected: {message}{where}"
    return f"{OUT_OF_SCOPE}{message}{where}"


def promised_rejection(tree: ast.Module) -> str | None:
    """A compile-time error of ``tree`` that alignlint promises to report although the compiler
    may name another error first: a future import after the leading run of future imports, or
    a repeated keyword argument in a call to a component constructor (found by a walk of the
    whole tree, independently of alignlint's line-pruned search)."""
    from alignlint.core.settings import Settings
    from alignlint.extract.compile_checks import component_calls

    body = list(tree.body)
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        if isinstance(body[0].value.value, str):
            body = body[1:]
    leading: set[int] = set()
    for statement in body:
        if not (isinstance(statement, ast.ImportFrom) and statement.module == "__future__"):
            break
        leading.add(id(statement))
    components = component_calls(Settings())
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "__future__":
            if id(node) not in leading:
                return f"late future import at line {node.lineno}"
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            names = [keyword.arg for keyword in node.keywords if keyword.arg is not None]
            if name in components and len(set(names)) < len(names):
                return f"repeated keyword argument in a call to {name} at line {node.lineno}"
    return None


def must_report(state: str) -> bool:
    """Whether a file in ``state`` must carry an ALN001/ALN002 finding."""
    return state.startswith(REPORTED_STATES)


@dataclass(frozen=True)
class Verdict:
    """A check run held against the files it covered."""

    run: CheckRun
    files: int
    states: tuple[tuple[str, str], ...]
    #: Unreadable / unparsable / rejected files without an ALN001/ALN002 finding.
    missing: tuple[str, ...]
    #: Files that compile (or are rejected only for out-of-scope reasons) with such a finding.
    spurious: tuple[str, ...]

    @property
    def out_of_scope(self) -> tuple[tuple[str, str], ...]:
        """Files the compiler rejects for reasons alignlint does not check, with the reason."""
        return tuple(
            (name, state[len(OUT_OF_SCOPE) :])
            for name, state in self.states
            if state.startswith(OUT_OF_SCOPE)
        )


def rejection_kind(reason: str) -> str:
    """An out-of-scope reason without its location (``SyntaxError: 'return' outside function``)."""
    return reason.rsplit(" at line ", 1)[0]


def judge(paths: Sequence[str]) -> Verdict:
    """Run the check over ``paths`` (relative to the current directory) and judge the result."""
    targets: list[str] = []
    for path in paths:
        if Path(path).is_dir():
            targets.extend(Path(path, name).as_posix() for name in judged_files(Path(path)))
        elif path.endswith((".py", ".json")):
            targets.append(path)
    names = [os.path.normpath(target).replace(os.sep, "/") for target in targets]
    states = {name: file_state(Path(name)) for name in names}
    run = check_command(paths)
    flagged = {name for name, code in run.findings if code in FILE_ERROR_CODES}
    missing: tuple[str, ...] = ()
    spurious: tuple[str, ...] = ()
    if run.status in ("ok", "findings"):
        missing = tuple(n for n in names if must_report(states[n]) and n not in flagged)
        spurious = tuple(n for n in names if not must_report(states[n]) and n in flagged)
    return Verdict(run, len(names), tuple(sorted(states.items())), missing, spurious)


# -- jobs in forked children -----------------------------------------------------------------------
@dataclass(frozen=True)
class Job:
    """One check run: ``paths`` relative to ``root`` (the run's current directory)."""

    label: str
    root: Path
    paths: tuple[str, ...]
    #: ``library`` (a batch), ``library-file`` (a failed batch's file re-run alone), ``corrupt``,
    #: ``special``.
    kind: str
    #: The input the job belongs to (``stdlib``, ``site-packages``, ``corrupt``, ``special``).
    group: str
    timeout: float = DEFAULT_TIMEOUT


@dataclass(frozen=True)
class Outcome:
    """A job and what became of it (``verdict`` is None when the child crashed or hung)."""

    job: Job
    status: str
    verdict: Verdict | None
    message: str
    seconds: float

    @property
    def problems(self) -> list[str]:
        """Human-readable problems of this run (empty when it behaved)."""
        found = []
        if self.status in FAILED:
            found.append(f"{self.status}: {self.message}")
        if self.verdict is not None:
            states = dict(self.verdict.states)
            found += [f"no ALN001/ALN002 for {p} ({states[p]})" for p in self.verdict.missing]
            found += [
                f"ALN001/ALN002 on a file without a promised error: {p} ({states[p]})"
                for p in self.verdict.spurious
            ]
        return found


def _child(job: Job, connection: Connection) -> None:
    os.chdir(job.root)
    try:
        verdict = judge(job.paths)
    except BaseException as exc:  # the judging itself failed: report it, do not hang the parent
        connection.send(("crash", f"harness error: {exc!r}"))
    else:
        connection.send(("done", verdict))
    connection.close()


@dataclass
class _Running:
    key: tuple[int, ...]
    job: Job
    process: BaseProcess
    connection: Connection
    started: float


def run_jobs(
    jobs: Iterable[Job],
    *,
    workers: int,
    on_done: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Run every job in a forked child, ``workers`` at a time; results in job order. A library
    batch that fails is re-run file by file (those outcomes follow the batch's)."""
    context = multiprocessing.get_context("fork")
    pending: deque[tuple[tuple[int, ...], Job]] = deque(
        ((index,), job) for index, job in enumerate(jobs)
    )
    finished: list[tuple[tuple[int, ...], Outcome]] = []
    running: list[_Running] = []
    while pending or running:
        while pending and len(running) < workers:
            key, job = pending.popleft()
            receive, send = context.Pipe(duplex=False)
            process = context.Process(target=_child, args=(job, send), daemon=True)
            process.start()
            send.close()
            running.append(_Running(key, job, process, receive, time.monotonic()))
        deadline = min(item.started + item.job.timeout for item in running)
        ready = wait([item.connection for item in running], timeout=deadline - time.monotonic())
        now = time.monotonic()
        for item in list(running):
            hung = item.connection not in ready and now >= item.started + item.job.timeout
            if item.connection not in ready and not hung:
                continue
            running.remove(item)
            outcome = _collect(item, hung, now)
            finished.append((item.key, outcome))
            if on_done is not None:
                on_done(outcome)
            if outcome.status in FAILED and item.job.kind == "library":
                singles = [((*item.key, n), job) for n, job in enumerate(_singles(item.job))]
                pending.extendleft(reversed(singles))
    return [outcome for _, outcome in sorted(finished, key=lambda pair: pair[0])]


def _singles(job: Job) -> list[Job]:
    """One job per file of a failed library batch (each in its own copy farm)."""
    jobs = []
    for index, name in enumerate(judged_files(job.root)):
        farm = job.root.with_name(f"{job.root.name}-single-{index:04d}")
        copy_farm(farm, job.root, [name])
        label = f"{job.label} > {name}"
        jobs.append(Job(label, farm, (".",), "library-file", job.group, job.timeout))
    return jobs


def _collect(item: _Running, hung: bool, now: float) -> Outcome:
    seconds = now - item.started
    if hung:
        item.process.kill()
        item.process.join()
        item.connection.close()
        return Outcome(item.job, "hang", None, f"no result after {item.job.timeout:.0f} s", seconds)
    try:
        kind, payload = item.connection.recv()
    except EOFError:
        item.process.join()
        code = item.process.exitcode
        return Outcome(item.job, "crash", None, f"child died (exit code {code})", seconds)
    finally:
        item.connection.close()
    item.process.join()
    if kind != "done":
        return Outcome(item.job, "crash", None, str(payload), seconds)
    verdict: Verdict = payload
    return Outcome(item.job, verdict.run.status, verdict, verdict.run.message, seconds)


# -- inputs: installed code ------------------------------------------------------------------------
def stdlib_directory() -> Path:
    """The standard library of the running interpreter."""
    return Path(sysconfig.get_paths()["stdlib"])


def site_packages_directory() -> Path:
    """The site-packages of the running environment."""
    return Path(sysconfig.get_paths()["purelib"])


def library_files(directory: Path, *, skip: Sequence[str] = ()) -> list[str]:
    """``*.py`` regular files below ``directory`` (relative, sorted), leaving out directories
    named in ``skip`` and ``__pycache__``."""
    found = []
    for current, dirnames, filenames in os.walk(directory):
        dirnames[:] = sorted(d for d in dirnames if d not in skip and d != "__pycache__")
        for name in filenames:
            path = Path(current) / name
            if name.endswith(".py") and path.is_file():
                found.append(path.relative_to(directory).as_posix())
    return sorted(found)


def sample(items: Sequence[str], limit: int | None, seed: int) -> list[str]:
    """``limit`` items drawn with ``seed`` (all of them when ``limit`` is None), sorted."""
    if limit is None or limit >= len(items):
        return list(items)
    return sorted(random.Random(seed).sample(list(items), limit))


def copy_farm(target: Path, source: Path, files: Sequence[str]) -> Path:
    """A directory holding a copy of each of ``files`` (relative to ``source``) at the same
    relative path, so that a run over the directory checks exactly those files. Copies, not
    symbolic links: alignlint never follows a link out of the repository (the directory)."""
    for name in files:
        copy = target / name
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / name, copy)
    return target


def library_jobs(
    label: str,
    directory: Path,
    files: Sequence[str],
    work: Path,
    *,
    batch: int,
    timeout: float = DEFAULT_TIMEOUT,
) -> list[Job]:
    """Check ``files`` (relative to ``directory``) in batches of ``batch`` files, each batch in
    its own copy farm under ``work``."""
    jobs = []
    for start in range(0, len(files), batch):
        chunk = files[start : start + batch]
        farm = copy_farm(work / f"{label}-{start:06d}", directory, chunk)
        name = f"{label}[{start}:{start + len(chunk)}]"
        jobs.append(Job(name, farm, (".",), "library", label, timeout))
    return jobs


# -- inputs: corrupted copies ----------------------------------------------------------------------
Corruption = Callable[[bytes, random.Random], bytes]


def _offset(data: bytes, rng: random.Random) -> int:
    return rng.randrange(len(data) + 1)


def flip_bits(data: bytes, rng: random.Random) -> bytes:
    """Flip one to eight random bits."""
    if not data:
        return b"\x80"
    mutable = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        mutable[rng.randrange(len(mutable))] ^= 1 << rng.randrange(8)
    return bytes(mutable)


def truncate(data: bytes, rng: random.Random) -> bytes:
    """Cut the file at a random offset."""
    return data[: _offset(data, rng)]


INVALID_UTF8 = (
    b"\xff",
    b"\xfe\xfe",
    b"\xc3\x28",
    b"\xe2\x82",
    b"\xed\xa0\x80",
    b"\xc0\xaf",
    b"\x80",
)


def invalid_utf8(data: bytes, rng: random.Random) -> bytes:
    """Insert an invalid UTF-8 sequence (stray, truncated, surrogate, overlong)."""
    at = _offset(data, rng)
    return data[:at] + rng.choice(INVALID_UTF8) + data[at:]


def crlf(data: bytes, rng: random.Random) -> bytes:
    """Windows newlines everywhere."""
    return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def carriage_returns(data: bytes, rng: random.Random) -> bytes:
    """Old Mac newlines (CR only) everywhere."""
    return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r")


def mixed_newlines(data: bytes, rng: random.Random) -> bytes:
    """Each newline independently LF, CRLF or CR."""
    lines = data.split(b"\n")
    ends = [rng.choice((b"\n", b"\r\n", b"\r")) for _ in lines[1:]]
    return lines[0] + b"".join(end + line for end, line in zip(ends, lines[1:], strict=True))


def add_bom(data: bytes, rng: random.Random) -> bytes:
    """A UTF-8 byte-order mark (sometimes two, sometimes with a coding cookie that contradicts it)."""
    extra = rng.choice((b"", b"\xef\xbb\xbf", b"# -*- coding: latin-1 -*-\n"))
    return b"\xef\xbb\xbf" + extra + data


def utf16(data: bytes, rng: random.Random) -> bytes:
    """The text re-encoded as UTF-16 with a byte-order mark."""
    return data.decode("utf-8", "replace").encode("utf-16")


def tabs(data: bytes, rng: random.Random) -> bytes:
    """Replace some four-space indentation steps with tabs (sometimes inconsistently)."""
    out = []
    for line in data.split(b"\n"):
        if line.startswith(b"    ") and rng.random() < 0.5:
            line = b"\t" + line[4:]
        out.append(line)
    return b"\n".join(out)


def nul_bytes(data: bytes, rng: random.Random) -> bytes:
    """Insert a NUL byte."""
    at = _offset(data, rng)
    return data[:at] + b"\x00" + data[at:]


ODD_CHARACTERS = ("\u2028", "\u2029", "\x0c", "\x1c", "\x85", "\x0b", "\u200b", "\U0001d518", "é")


def odd_unicode(data: bytes, rng: random.Random) -> bytes:
    """Insert characters that are line breaks for ``str.splitlines`` but not for Python, or that
    take several bytes / UTF-16 units, at a character boundary."""
    text = data.decode("utf-8", "replace")
    at = rng.randrange(len(text) + 1)
    return (text[:at] + rng.choice(ODD_CHARACTERS) + text[at:]).encode("utf-8")


def delete_lines(data: bytes, rng: random.Random) -> bytes:
    """Delete one to three consecutive lines."""
    lines = data.splitlines(keepends=True)
    if not lines:
        return data
    start = rng.randrange(len(lines))
    return b"".join(lines[:start] + lines[start + rng.randint(1, 3) :])


def duplicate_line(data: bytes, rng: random.Random) -> bytes:
    """Repeat one line."""
    lines = data.splitlines(keepends=True)
    if not lines:
        return data
    at = rng.randrange(len(lines))
    return b"".join(lines[: at + 1] + lines[at:])


def swap_lines(data: bytes, rng: random.Random) -> bytes:
    """Exchange two lines."""
    lines = data.splitlines(keepends=True)
    if len(lines) < 2:
        return data
    first, second = rng.sample(range(len(lines)), 2)
    lines[first], lines[second] = lines[second], lines[first]
    return b"".join(lines)


CORRUPTIONS: dict[str, Corruption] = {
    "flip-bits": flip_bits,
    "truncate": truncate,
    "invalid-utf8": invalid_utf8,
    "crlf": crlf,
    "cr": carriage_returns,
    "mixed-newlines": mixed_newlines,
    "bom": add_bom,
    "utf16": utf16,
    "tabs": tabs,
    "nul": nul_bytes,
    "odd-unicode": odd_unicode,
    "delete-lines": delete_lines,
    "duplicate-line": duplicate_line,
    "swap-lines": swap_lines,
}


def corruption_projects(repo: Path = REPO) -> dict[str, dict[str, bytes]]:
    """Label → files (relative path → bytes) of every project a corruption starts from: each
    fixture case's project (labelled with its case file, relative to ``repo``) and the catalogue."""
    projects = {
        path.relative_to(repo).as_posix(): project_files(path)
        for path in case_paths(repo / FIXTURES.name)
    }
    projects[CATALOGUE] = directory_files(repo / CATALOGUE)
    return projects


def corruption_sources(projects: dict[str, dict[str, bytes]]) -> list[tuple[str, str]]:
    """(project, file) of every file alignlint reads in ``projects``, sorted."""
    return sorted(
        (project, name)
        for project, files in projects.items()
        for name in files
        if name.endswith(SUFFIXES)
    )


def corrupt_jobs(
    count: int, seed: int, work: Path, *, repo: Path = REPO, timeout: float = DEFAULT_TIMEOUT
) -> list[Job]:
    """``count`` variants, each a copy of one project with one file corrupted (under ``work``).
    Variant ``i`` depends only on ``seed`` and ``i``; operators are used in turn."""
    projects = corruption_projects(repo)
    sources = corruption_sources(projects)
    names = sorted(CORRUPTIONS)
    jobs = []
    for index in range(count):
        rng = random.Random(f"{seed}:{index}")
        project, inside = rng.choice(sources)
        operator = names[index % len(names)]
        files = dict(projects[project])
        files[inside] = CORRUPTIONS[operator](files[inside], rng)
        target = write_files(files, work / f"corrupt-{index:05d}")
        label = f"corrupt#{index} {operator} {project}:{inside}"
        jobs.append(Job(label, target, (".",), "corrupt", "corrupt", timeout))
    return jobs


# -- inputs: hand-made hard cases ------------------------------------------------------------------
def _nested_ifs(depth: int) -> str:
    return "".join(" " * level + "if x:\n" for level in range(depth)) + " " * depth + "pass\n"


def _big_module(size: int) -> str:
    line = 'STEP_{0} = {{"input_{0}": "/opt/ml/processing/input/{0}", "env": "VAR_{0}"}}\n'
    lines: list[str] = []
    total, index = 0, 0
    while total < size:
        lines.append(line.format(index))
        total += len(lines[-1])
        index += 1
    return "".join(lines)


#: Hard files by name: the directory gets one file ``case.py`` with this content.
SPECIAL_SOURCES: dict[str, Callable[[], bytes]] = {
    "ten-megabyte-module": lambda: _big_module(10_000_000).encode(),
    "ten-megabyte-line": lambda: b'X = "' + b"a" * 10_000_000 + b'"\n',
    "parens-1000-deep": lambda: b"x = " + b"(" * 1000 + b"1" + b")" * 1000 + b"\n",
    "lists-1000-deep": lambda: b"x = " + b"[" * 1000 + b"]" * 1000 + b"\n",
    "calls-1000-deep": lambda: b"x = " + b"f(" * 1000 + b")" * 1000 + b"\n",
    "ifs-1000-deep": lambda: _nested_ifs(1000).encode(),
    "parens-190-deep": lambda: b"x = " + b"(" * 190 + b"1" + b")" * 190 + b"\n",
    "ifs-99-deep": lambda: _nested_ifs(99).encode(),
    "lambdas-1000-deep": lambda: b"x = " + b"lambda: " * 1000 + b"1\n",
    "sum-1000-terms": lambda: b"X = " + b" + ".join([b'"/opt/ml"'] * 1000) + b"\n",
    "sum-10000-terms": lambda: b"X = " + b" + ".join([b'"/opt/ml"'] * 10000) + b"\n",
    "attributes-10000": lambda: b"x = a" + b".b" * 10000 + b"\n",
    "not-10000": lambda: b"x = " + b"not " * 10000 + b"a\n",
    "nul-byte": lambda: b'PATH = "/opt/ml/processing"\x00\nX = 1\n',
    "empty": lambda: b"",
    "bom-only": lambda: b"\xef\xbb\xbf",
    "cr-only": lambda: b"\r",
    "form-feeds": lambda: b"\x0c\nx = 1\n\x0c\ndef f():\n\x0c    return x\n",
    "latin1-cookie": lambda: '# -*- coding: latin-1 -*-\nX = "café"\n'.encode("latin-1"),
    "unknown-cookie": lambda: b"# -*- coding: no-such-codec -*-\nX = 1\n",
    "bom-and-latin1-cookie": lambda: b"\xef\xbb\xbf# coding: latin-1\nX = 1\n",
}


def _symlink_loops(directory: Path) -> None:
    (directory / "ok.py").write_text("X = 1\n")
    (directory / "loop").symlink_to(".")
    (directory / "a").symlink_to("b")
    (directory / "b").symlink_to("a")
    (directory / "self.py").symlink_to("self.py")


def _dangling_symlink(directory: Path) -> None:
    (directory / "ok.py").write_text("X = 1\n")
    (directory / "gone.py").symlink_to("nowhere.py")


def _unreadable_file(directory: Path) -> None:
    (directory / "ok.py").write_text("X = 1\n")
    secret = directory / "secret.py"
    secret.write_text("X = 2\n")
    secret.chmod(0)


def _unreadable_directory(directory: Path) -> None:
    (directory / "ok.py").write_text("X = 1\n")
    locked = directory / "locked"
    locked.mkdir()
    (locked / "inside.py").write_text("X = 2\n")
    locked.chmod(0)


def _fifo(directory: Path) -> None:
    (directory / "ok.py").write_text("X = 1\n")
    os.mkfifo(directory / "pipe.py")


def _directory_named_py(directory: Path) -> None:
    (directory / "package.py").mkdir()
    (directory / "package.py" / "inner.py").write_text("X = 1\n")


#: Hard file-system layouts by name.
SPECIAL_LAYOUTS: dict[str, Callable[[Path], None]] = {
    "symlink-loops": _symlink_loops,
    "dangling-symlink": _dangling_symlink,
    "unreadable-file": _unreadable_file,
    "unreadable-directory": _unreadable_directory,
    "fifo": _fifo,
    "directory-named-py": _directory_named_py,
}


def special_job(name: str, work: Path, *, timeout: float = DEFAULT_TIMEOUT) -> Job:
    """Build the special case ``name`` (a key of ``SPECIAL_SOURCES`` or ``SPECIAL_LAYOUTS``)
    under ``work`` and return its job."""
    directory = work / f"special-{name}"
    directory.mkdir(parents=True)
    if name in SPECIAL_SOURCES:
        (directory / "case.py").write_bytes(SPECIAL_SOURCES[name]())
    else:
        SPECIAL_LAYOUTS[name](directory)
    return Job(f"special {name}", directory, (".",), "special", "special", timeout)


def special_names() -> list[str]:
    """Every special case, sorted."""
    return sorted([*SPECIAL_SOURCES, *SPECIAL_LAYOUTS])


def restore_permissions(work: Path) -> None:
    """Make everything below ``work`` readable again (so it can be deleted)."""
    for current, dirnames, filenames in os.walk(work):
        for name in [*dirnames, *filenames]:
            path = Path(current) / name
            if not path.is_symlink():
                path.chmod(0o755 if path.is_dir() else 0o644)
    for current, dirnames, _ in os.walk(work):
        for name in dirnames:
            path = Path(current) / name
            if not path.is_symlink():
                path.chmod(0o755)


# -- summary ---------------------------------------------------------------------------------------
@dataclass
class Summary:
    """Figures of a robustness run, per input kind and in total."""

    seconds: float = 0.0
    files: Counter[str] = field(default_factory=Counter)
    runs: Counter[str] = field(default_factory=Counter)
    codes: Counter[str] = field(default_factory=Counter)
    statuses: Counter[str] = field(default_factory=Counter)
    problems: list[tuple[str, str]] = field(default_factory=list)
    #: Files the compiler rejects for reasons alignlint does not check: (run, file, reason).
    out_of_scope: list[tuple[str, str, str]] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        """The figures as plain JSON data."""
        return {
            "seconds": round(self.seconds, 1),
            "files": dict(sorted(self.files.items())),
            "runs": dict(sorted(self.runs.items())),
            "findings_by_code": dict(sorted(self.codes.items())),
            "statuses": dict(sorted(self.statuses.items())),
            "internal_errors": self.statuses["internal-error"] + self.statuses["crash"],
            "problems": [{"run": label, "problem": text} for label, text in self.problems],
            "out_of_scope_rejections": len(self.out_of_scope),
            "out_of_scope_by_kind": dict(sorted(self.out_of_scope_kinds().items())),
            "out_of_scope": [
                {"run": label, "file": name, "reason": reason}
                for label, name, reason in self.out_of_scope
            ],
        }

    def out_of_scope_kinds(self) -> Counter[str]:
        """Out-of-scope rejections counted by kind (the compiler's message)."""
        return Counter(rejection_kind(reason) for _, _, reason in self.out_of_scope)


def summarize(outcomes: Sequence[Outcome], seconds: float) -> Summary:
    """Count files, runs, findings and problems. Files re-run alone after a failed batch are not
    counted twice; their problems are listed."""
    summary = Summary(seconds=seconds)
    for outcome in outcomes:
        group = outcome.job.group
        if outcome.job.kind != "library-file":
            summary.runs[group] += 1
            summary.files[group] += outcome.verdict.files if outcome.verdict else 0
            summary.statuses[outcome.status] += 1
            if outcome.verdict is not None:
                summary.codes.update(code for _, code in outcome.verdict.run.findings)
                summary.out_of_scope.extend(
                    (outcome.job.label, name, reason)
                    for name, reason in outcome.verdict.out_of_scope
                )
        summary.problems.extend((outcome.job.label, text) for text in outcome.problems)
    return summary


def render(summary: Summary) -> str:
    """The summary as a plain-text table."""
    rows = [("input", "runs", "files")]
    rows += [(g, str(summary.runs[g]), str(summary.files[g])) for g in sorted(summary.runs)]
    rows.append(("total", str(sum(summary.runs.values())), str(sum(summary.files.values()))))
    width = max(len(row[0]) for row in rows)
    lines = [f"{a:<{width}}  {b:>6}  {c:>7}" for a, b, c in rows]
    lines.append("")
    lines.append("run outcomes: " + _counts(summary.statuses))
    lines.append("findings by code: " + (_counts(summary.codes) or "none"))
    internal = summary.statuses["internal-error"] + summary.statuses["crash"]
    lines.append(f"internal errors (incl. crashes): {internal}")
    lines.append(f"hangs: {summary.statuses['hang']}")
    lines.append(f"problems: {len(summary.problems)}")
    lines.append(
        f"compiler rejections out of scope (not checked by alignlint): {len(summary.out_of_scope)}"
        + "".join(
            f"\n  {count} x {kind}" for kind, count in sorted(summary.out_of_scope_kinds().items())
        )
    )
    lines.append(f"wall time: {summary.seconds:.1f} s")
    for label, text in summary.problems:
        lines.append(f"  {label}: {text}")
    return "\n".join(lines) + "\n"


def _counts(counter: Counter[str]) -> str:
    return ", ".join(f"{key} {value}" for key, value in sorted(counter.items()))


# -- command line ----------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    """The script's arguments."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--stdlib", action="store_true", help="check the standard library")
    parser.add_argument("--site-packages", action="store_true", help="check site-packages")
    parser.add_argument("--corrupt", type=int, default=0, metavar="N", help="corrupted variants")
    parser.add_argument("--special", action="store_true", help="check the hand-made hard cases")
    parser.add_argument("--seed", type=int, default=0, help="seed for sampling and corruption")
    parser.add_argument("--limit", type=int, metavar="N", help="at most N files per library")
    parser.add_argument("--batch", type=int, default=DEFAULT_BATCH, help="files per library run")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="parallel runs")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds per run")
    parser.add_argument("--json-out", metavar="FILE", help="also write the figures as JSON")
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    return parser


def collect_jobs(args: argparse.Namespace, work: Path) -> Iterator[Job]:
    """The jobs the arguments ask for."""
    if args.stdlib:
        directory = stdlib_directory()
        files = sample(library_files(directory, skip=("site-packages",)), args.limit, args.seed)
        yield from library_jobs(
            "stdlib", directory, files, work, batch=args.batch, timeout=args.timeout
        )
    if args.site_packages:
        directory = site_packages_directory()
        files = sample(library_files(directory), args.limit, args.seed)
        yield from library_jobs(
            "site-packages", directory, files, work, batch=args.batch, timeout=args.timeout
        )
    if args.corrupt:
        yield from corrupt_jobs(args.corrupt, args.seed, work, timeout=args.timeout)
    if args.special:
        for name in special_names():
            yield special_job(name, work, timeout=args.timeout)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the requested inputs, print the summary; exit 1 when a problem was found."""
    args = build_parser().parse_args(argv)
    if not (args.stdlib or args.site_packages or args.corrupt or args.special):
        build_parser().error(
            "nothing to do: give --stdlib, --site-packages, --corrupt N or --special"
        )
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="alignlint-robustness-") as temporary:
        work = Path(temporary)
        try:
            jobs = list(collect_jobs(args, work))
            progress = None if args.quiet else _progress(len(jobs))
            outcomes = run_jobs(jobs, workers=args.jobs, on_done=progress)
        finally:
            restore_permissions(work)
    summary = summarize(outcomes, time.monotonic() - started)
    sys.stdout.write(render(summary))
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(summary.to_json(), indent=2) + "\n")
    return 1 if summary.problems else 0


def _progress(total: int) -> Callable[[Outcome], None]:
    done = [0]

    def report(outcome: Outcome) -> None:
        done[0] += 1
        flag = " PROBLEM" if outcome.problems else ""
        line = f"[{done[0]}/{total}] {outcome.job.label}: {outcome.status} {outcome.seconds:.1f}s"
        sys.stderr.write(line + flag + "\n")

    return report


if __name__ == "__main__":
    sys.exit(main())
