"""Engine findings (ALN0xx): files alignlint could not read, pieces it could not link, and
suppression comments that do not suppress anything."""

from __future__ import annotations

from alignlint.rules.base import Rule
from alignlint.rules.engine.syntax_error import SyntaxErrorRule
from alignlint.rules.engine.undecodable_file import UndecodableFile
from alignlint.rules.engine.unresolved_link import UnresolvedLink
from alignlint.rules.engine.unused_suppression import UnusedSuppression

RULES: list[type[Rule]] = [SyntaxErrorRule, UndecodableFile, UnresolvedLink, UnusedSuppression]

__all__ = ["RULES", "SyntaxErrorRule", "UndecodableFile", "UnresolvedLink", "UnusedSuppression"]
