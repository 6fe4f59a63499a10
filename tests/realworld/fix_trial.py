"""Every fix alignlint offers on a real step library, tried alone on a copy of it.

For each finding that offers a fix (unsafe fixes included), :func:`try_alone` applies that fix and
nothing else, in memory, through the same machinery as ``--fix`` (the gate included), and checks:

* the fix applies (the gate neither refuses nor discards it);
* every file it changed still parses;
* its finding is gone;
* no new finding appears (findings revealed by a repaired link are counted apart, as ``--fix``
  reports them);
* a second run changes nothing (the fixed files written to the copy, the same fix tried again).

``benchmarks/corpus_fixes.py`` runs it on every offered fix and prints figures;
``test_corpus_fixes.py`` runs a bounded sample in CI.
"""

from __future__ import annotations

import ast
import shutil
import stat
import time
from collections import Counter
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path

from alignlint.core.settings import Settings
from alignlint.core.types import Diagnostic
from alignlint.extract.facts import FileFacts
from alignlint.fix import FixPolicy, FixReport, run_fixes
from alignlint.fix.gate import identities, identity
from alignlint.fix.snapshot import Snapshot
from alignlint.rules.base import Rule, discover_rules
from alignlint.run.analysis import Result, analyze

#: Every fix, unsafe ones too (what ``--fix --unsafe-fixes`` applies).
POLICY = FixPolicy(unsafe_fixes=True)


def corpus_copy(source: Path, destination: Path) -> Path:
    """A writable copy of the corpus at ``destination`` (the corpus itself is read-only)."""
    shutil.copytree(source, destination, ignore=shutil.ignore_patterns(".git", ".alignlint_cache"))
    for path in destination.rglob("*"):
        path.chmod(path.stat().st_mode | stat.S_IWUSR)
    return destination


@dataclass(frozen=True)
class Offer:
    """A finding that offers a fix."""

    finding: Diagnostic

    @property
    def identity(self) -> str:
        return identity(self.finding)

    @property
    def label(self) -> str:
        d = self.finding
        assert d.fix is not None
        return f"{d.code} {d.span.path}:{d.span.line} ({d.fix.message})"


@dataclass(frozen=True)
class Trial:
    """The outcome of one fix tried alone: ``problems`` is empty when it passes every check."""

    offer: Offer
    problems: tuple[str, ...]
    files: tuple[str, ...] = ()
    revealed: int = 0
    seconds: float = 0.0

    @property
    def passed(self) -> bool:
        return not self.problems


@dataclass
class Corpus:
    """The engine over a copy of the corpus (or any project), as ``check --fix`` runs it: the
    linked project with the findings, phase 1 facts kept between runs; ``calls`` counts the
    analyses, ``jobs`` caps the extraction workers."""

    root: Path
    package_dir: str
    settings: Settings = field(default_factory=Settings)
    rules: list[type[Rule]] = field(default_factory=discover_rules)
    memo: MutableMapping[tuple[str, str], FileFacts] = field(default_factory=dict)
    jobs: int | None = None
    calls: int = 0

    def analyze(self, overlay: Mapping[str, bytes]) -> Result:
        self.calls += 1
        return analyze(
            [str(self.root / self.package_dir)],
            self.settings,
            root=self.root,
            rules=self.rules,
            overlay=overlay,
            need_project=True,
            facts_memo=self.memo,
            jobs=self.jobs,
        )

    def snapshot(self, overlay: Mapping[str, bytes]) -> Snapshot:
        """``analyze`` as the fix loop takes it (what ``check --fix`` passes it)."""
        result = self.analyze(overlay)
        return Snapshot.from_project(result.diagnostics, result.unreported, result.project)

    def offers(self) -> list[Offer]:
        """The findings that offer a fix ``--fix --unsafe-fixes`` applies, in report order."""
        return [
            Offer(d)
            for d in self.analyze({}).diagnostics
            if d.fix is not None
            and d.fix.changes_something
            and POLICY.allows(d.fix, d.code, d.name)
        ]

    def fix_alone(self, offer: Offer) -> FixReport:
        """Apply ``offer``'s fix and nothing else, in memory (the gate included)."""

        def only(overlay: Mapping[str, bytes]) -> Snapshot:
            result = self.analyze(overlay)
            chosen = [d for d in result.diagnostics if identity(d) == offer.identity]
            others = [d for d in result.diagnostics if identity(d) != offer.identity]
            return Snapshot.from_project(chosen, [*others, *result.unreported], result.project)

        return run_fixes(self.root, only, POLICY, write=False)

    def try_alone(self, offer: Offer) -> Trial:
        started = time.perf_counter()
        before = self.analyze({})
        report = self.fix_alone(offer)
        problems = [f"not applied: {r.reason}" for r in report.refused]
        problems += [f"discarded: {d.reason}" for d in report.discarded]
        if report.fixed != 1 and not problems:
            problems.append("not applied")
        overlay = {change.path: change.new for change in report.changes}
        for path, data in sorted(overlay.items()):
            if path.endswith(".py"):
                try:
                    ast.parse(data)
                except SyntaxError as error:
                    problems.append(f"{path} does not parse: {error}")
        after = self.analyze(overlay)
        left = identities(after.diagnostics)
        if left[offer.identity]:
            problems.append("its finding remains")
        revealed = identities(report.revealed)
        new = identities(after.diagnostics) - identities(before.diagnostics) - revealed
        problems += [f"new finding {key}" for key in sorted(new)]
        problems += self._second_run(offer, overlay)
        return Trial(
            offer,
            tuple(problems),
            tuple(sorted(overlay)),
            sum(revealed.values()),
            time.perf_counter() - started,
        )

    def _second_run(self, offer: Offer, overlay: Mapping[str, bytes]) -> list[str]:
        """Write the fixed files, try the same fix again (it must change nothing), restore."""
        originals = {path: (self.root / path).read_bytes() for path in overlay}
        try:
            for path, data in overlay.items():
                (self.root / path).write_bytes(data)
            again = self.fix_alone(offer)
        finally:
            for path, data in originals.items():
                (self.root / path).write_bytes(data)
        return ["a second run changes files again"] if again.changes else []


def summary(trials: list[Trial]) -> Counter[str]:
    """Passed and failed trials, per rule code."""
    counts: Counter[str] = Counter()
    for trial in trials:
        counts[f"{trial.offer.finding.code} {'passed' if trial.passed else 'failed'}"] += 1
    return counts
