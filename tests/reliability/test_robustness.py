"""A bounded run of ``scripts/robustness.py``: a deterministic sample of the standard library,
corrupted copies of the fixtures and the catalogue, and every hand-made hard case.

Each ``alignlint check`` runs in a forked child, so a crash or a hang is reported as a problem
instead of taking the test session down. A problem is an internal error, a crash, a hang, an exit
status 2, a file alignlint promises to report (unreadable; rejected by ``ast.parse``; a future
statement or a repeated keyword in a component call the compiler rejects) without an
ALN001/ALN002 finding, or such a finding on any other file (see ``robustness.file_state``).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from robustness_harness import robustness

SEED = 0
STDLIB_FILES = 300
STDLIB_BATCH = 50
CORRUPT_VARIANTS = 56  # four rounds of the fourteen corruption operators
WORKERS = 2
#: Generous bounds that only a hang reaches (no test asserts on time).
TIMEOUT = 120.0
SMALL_CASE_TIMEOUT = 30.0
BIG_CASES = ("ten-megabyte-line", "ten-megabyte-module")


def _problems(outcomes: list[Any]) -> list[str]:
    return [f"{o.job.label}: {text}" for o in outcomes for text in o.problems]


def _failures(outcomes: list[Any]) -> list[str]:
    """Internal errors, crashes, hangs and exit status 2 (not missing findings)."""
    return [
        f"{o.job.label}: {o.status}: {o.message}" for o in outcomes if o.status in robustness.FAILED
    ]


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    directory = tmp_path_factory.mktemp("robustness")
    yield directory
    robustness.restore_permissions(directory)


@pytest.fixture(scope="module")
def stdlib_outcomes(work: Path) -> list[Any]:
    directory = robustness.stdlib_directory()
    everything = robustness.library_files(directory, skip=("site-packages",))
    files = robustness.sample(everything, STDLIB_FILES, SEED)
    jobs = robustness.library_jobs(
        "stdlib", directory, files, work, batch=STDLIB_BATCH, timeout=TIMEOUT
    )
    outcomes: list[Any] = robustness.run_jobs(jobs, workers=WORKERS)
    return outcomes


@pytest.fixture(scope="module")
def corrupt_outcomes(work: Path) -> list[Any]:
    jobs = robustness.corrupt_jobs(CORRUPT_VARIANTS, SEED, work / "corrupt", timeout=TIMEOUT)
    outcomes: list[Any] = robustness.run_jobs(jobs, workers=WORKERS)
    return outcomes


def test_stdlib_sample_is_checked_without_internal_error(stdlib_outcomes: list[Any]) -> None:
    assert sum(o.verdict.files for o in stdlib_outcomes if o.verdict) == STDLIB_FILES
    assert _failures(stdlib_outcomes) == []


def test_stdlib_sample_reports_exactly_the_promised_rejections(
    stdlib_outcomes: list[Any],
) -> None:
    states = [state for o in stdlib_outcomes if o.verdict for _, state in o.verdict.states]
    assert any(state.startswith(("unparsable: ", "rejected: ")) for state in states)
    assert _problems(stdlib_outcomes) == []


def test_corrupted_copies_are_checked_without_internal_error(corrupt_outcomes: list[Any]) -> None:
    assert len(corrupt_outcomes) == CORRUPT_VARIANTS
    assert _failures(corrupt_outcomes) == []


def test_corrupted_copies_report_exactly_the_promised_rejections(
    corrupt_outcomes: list[Any],
) -> None:
    rejected = [
        name
        for outcome in corrupt_outcomes
        for name, state in outcome.verdict.states
        if robustness.must_report(state)
    ]
    assert rejected, "the corruption operators should break some files"
    assert _problems(corrupt_outcomes) == []


@pytest.mark.parametrize("name", robustness.special_names())
def test_special_case(name: str, work: Path) -> None:
    timeout = TIMEOUT if name in BIG_CASES else SMALL_CASE_TIMEOUT
    job = robustness.special_job(name, work / "special", timeout=timeout)
    (outcome,) = robustness.run_jobs([job], workers=1)
    assert outcome.problems == []


@pytest.mark.parametrize(
    ("name", "codes"),
    [
        ("symlink-loops", ["ALN002"]),
        ("dangling-symlink", ["ALN002"]),
        ("fifo", ["ALN002"]),
        ("parens-1000-deep", ["ALN001"]),
        ("ifs-1000-deep", ["ALN001"]),
        # Python 3.10's parser builds this tree (only its compiler gives up, at import); 3.11+
        # refuse it while parsing. alignlint reports what the running parser says: no crash either way.
        ("sum-10000-terms", ["ALN001"] if sys.version_info >= (3, 11) else []),
        ("nul-byte", ["ALN001"]),
        ("unknown-cookie", ["ALN002"]),
        ("lambdas-1000-deep", []),
        ("form-feeds", []),
    ],
)
def test_special_case_findings(name: str, codes: list[str], work: Path) -> None:
    job = robustness.special_job(name, work / "special-findings", timeout=TIMEOUT)
    (outcome,) = robustness.run_jobs([job], workers=1)
    assert outcome.verdict is not None, outcome.message
    assert [code for _, code in outcome.verdict.run.findings] == codes


def test_corruption_is_deterministic(tmp_path: Path) -> None:
    first = robustness.corrupt_jobs(14, 7, tmp_path / "a")
    second = robustness.corrupt_jobs(14, 7, tmp_path / "b")
    assert [job.label for job in first] == [job.label for job in second]
    for one, other in zip(first, second, strict=True):
        files = sorted(p.relative_to(one.root) for p in one.root.rglob("*") if p.is_file())
        assert files == sorted(
            p.relative_to(other.root) for p in other.root.rglob("*") if p.is_file()
        )
        for name in files:
            assert (one.root / name).read_bytes() == (other.root / name).read_bytes()


@pytest.mark.parametrize(
    ("source", "state"),
    [
        ("X = 1\n", "ok"),
        ("def f(:\n", "unparsable: SyntaxError: invalid syntax (<unknown>, line 1)"),
        (
            "import os\nfrom __future__ import annotations\n",
            "rejected: late future import at line 2",
        ),
        (
            "from __future__ import nosuch\n",
            "rejected: SyntaxError: future feature nosuch is not defined at line 1",
        ),
        (
            "def f():\n    return 1\nX = ProcessingInput(source=1, source=2)\n",
            "rejected: repeated keyword argument in a call to ProcessingInput at line 3",
        ),
        (
            "X = dict(a=1, a=2)\n",
            "out of scope: SyntaxError: keyword argument repeated: a at line 1",
        ),
        ("return 1\n", "out of scope: SyntaxError: 'return' outside function at line 1"),
        (
            "nonlocal x\n",
            "out of scope: SyntaxError: nonlocal declaration not allowed at module level at line 1",
        ),
    ],
)
def test_file_state_names_what_alignlint_promises(source: str, state: str, tmp_path: Path) -> None:
    path = tmp_path / "m.py"
    path.write_text(source)
    assert robustness.file_state(path) == state


def test_out_of_scope_rejections_are_counted_not_hidden(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("X = dict(a=1, a=2)\n")
    (tmp_path / "b.py").write_text("return 1\n")
    (tmp_path / "c.py").write_text("import os\nfrom __future__ import annotations\n")
    job = robustness.Job("scope", tmp_path, (".",), "special", "special", TIMEOUT)
    outcomes = robustness.run_jobs([job], workers=1)
    (outcome,) = outcomes
    assert outcome.problems == []
    assert [code for _, code in outcome.verdict.run.findings] == ["ALN001"]
    summary = robustness.summarize(outcomes, 0.0)
    assert summary.to_json()["out_of_scope_by_kind"] == {
        "SyntaxError: 'return' outside function": 1,
        "SyntaxError: keyword argument repeated: a": 1,
    }
    assert "compiler rejections out of scope (not checked by alignlint): 2" in robustness.render(
        summary
    )
