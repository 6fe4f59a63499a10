"""A pipeline library held in memory, and mutants: one span of one file rewritten."""

from __future__ import annotations

import ast
import re
import warnings
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

#: The files a mutant may touch (Python modules and JSON DAGs); caches are never read.
_SUFFIXES = (".py", ".json")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class SourceFile:
    """One file of a library: its root-relative path (``/`` separators) and its text."""

    path: str
    text: str

    @cached_property
    def line_starts(self) -> tuple[int, ...]:
        """Character offset at which each line starts (index 0 is line 1), as ``ast`` counts."""
        return (0, *(match.end() for match in _LINE_BREAK.finditer(self.text)))

    @cached_property
    def tree(self) -> ast.Module | None:
        """The parsed module, or None for JSON files and files that do not parse."""
        if not self.path.endswith(".py"):
            return None
        try:
            with warnings.catch_warnings():  # a real library's invalid escapes are not ours
                warnings.simplefilter("ignore", SyntaxWarning)
                warnings.simplefilter("ignore", DeprecationWarning)
                return ast.parse(self.text)
        except SyntaxError:
            return None

    @cached_property
    def nodes(self) -> tuple[ast.AST, ...]:
        """Every node of the parsed module in ``ast.walk`` order (none for JSON and broken files);
        operators walk it many times, so it is walked once."""
        return () if self.tree is None else tuple(ast.walk(self.tree))

    def offset(self, line: int, byte_column: int) -> int:
        """The character offset of an ``ast`` position (1-based line, UTF-8 byte column)."""
        start = self.line_starts[line - 1]
        end = self.line_starts[line] if line < len(self.line_starts) else len(self.text)
        prefix = self.text[start:end].encode("utf-8")[:byte_column]
        return start + len(prefix.decode("utf-8"))

    def node_span(self, node: ast.expr) -> tuple[int, int]:
        """The character offsets ``[start, end)`` of an expression node."""
        assert node.end_lineno is not None and node.end_col_offset is not None
        return (
            self.offset(node.lineno, node.col_offset),
            self.offset(node.end_lineno, node.end_col_offset),
        )

    def line_of(self, offset: int) -> int:
        """The 1-based line holding character ``offset``."""
        low, high = 0, len(self.line_starts) - 1
        while low < high:
            middle = (low + high + 1) // 2
            if self.line_starts[middle] <= offset:
                low = middle
            else:
                high = middle - 1
        return low + 1


@dataclass(frozen=True)
class Library:
    """Every Python and JSON file below ``root``, sorted by path."""

    root: Path
    files: tuple[SourceFile, ...]

    @classmethod
    def load(cls, root: Path) -> Library:
        files = []
        for path in sorted(root.rglob("*")):
            relative = path.relative_to(root)
            if "__pycache__" in relative.parts or path.suffix not in _SUFFIXES:
                continue
            if not path.is_file():
                continue
            with path.open(encoding="utf-8", newline="") as handle:
                files.append(SourceFile(relative.as_posix(), handle.read()))
        return cls(root, tuple(files))


@dataclass(frozen=True)
class Mutant:
    """``operator`` replaced ``original.text[start:end]`` with ``replacement``.

    ``site`` describes the mutated spot for humans (``path:line: what``).
    """

    operator: str
    original: SourceFile
    start: int
    end: int
    replacement: str
    description: str

    @property
    def path(self) -> str:
        return self.original.path

    @property
    def text(self) -> str:
        """The mutated file's text."""
        text = self.original.text
        return text[: self.start] + self.replacement + text[self.end :]

    @property
    def lines(self) -> tuple[int, int]:
        """The mutated line range (1-based, inclusive) in the mutated file.

        The replacement starts on the line of ``start`` (unchanged by the rewrite) and ends on the
        line of its last character; an empty replacement (a deletion) is the line it happened on.
        """
        mutated = SourceFile(self.path, self.text)
        first = mutated.line_of(self.start)
        last = mutated.line_of(self.start + max(len(self.replacement) - 1, 0))
        return first, last

    @property
    def site(self) -> str:
        first, _ = self.lines
        return f"{self.path}:{first}: {self.description}"
