"""ALN002 undecodable-file."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from alignlint.core.types import Diagnostic, Severity
from alignlint.rules.base import Rule, Scope

if TYPE_CHECKING:
    from alignlint.model import Project


class UndecodableFile(Rule):
    """## What it does
    Reports a file whose bytes cannot be decoded as text: invalid UTF-8 (or invalid for the
    encoding declared by a PEP 263 coding comment), an unknown declared encoding, or a UTF-8 byte
    order mark together with a declared encoding that is not a spelling of UTF-8 (Python's
    "encoding problem: latin-1 with BOM"). The finding points at the first bad byte.

    Also reports a file that cannot be read at all, with the operating system's reason: no read
    permission, a broken or looping symbolic link, or an entry named like a source file that is
    not a regular file (a named pipe, a socket, a device). Such entries are never opened for
    reading, so a named pipe cannot block the run. And a file alignlint refuses to read: one
    larger than `max-file-size` (default 5 MB; the finding names its size), a symbolic link
    inside the repository whose target lies outside it (never followed: a committed link to a
    credentials file is not read), or a file whose name is not valid UTF-8 (shown with the bad
    bytes escaped).

    ## Why is this bad?
    Python refuses to import such a module, and alignlint cannot read any component from it, so
    checks involving the file would otherwise pass without having looked at it.

    ## Severity
    An error: Python cannot import the module either (a file too large to read is reported here
    too, because nothing in it was checked).

    ## Example
    A script saved as Latin-1 that contains `café` in a comment, without a coding declaration.

    Use instead: save the file as UTF-8, or declare its encoding on the first line:
    ```python
    # -*- coding: latin-1 -*-
    ```

    ## Fix safety
    There is no fix: re-encoding a file needs to know what its bytes were meant to be.
    """

    code: ClassVar[str] = "ALN002"
    name: ClassVar[str] = "undecodable-file"
    summary: ClassVar[str] = "File cannot be read or decoded as text"
    reads: ClassVar[Scope] = Scope.INTERFACES
    severity: ClassVar[Severity] = Severity.ERROR

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for path in sorted(project.files):
            for error in project.files[path].errors:
                if error.kind == "undecodable":
                    yield self.diagnostic(error.message, error.span, subject=path)
