"""Property: applying non-overlapping edits to any text equals splicing exactly those spans."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from alignlint.core.types import Applicability, Edit, Fix
from alignlint.fix.apply import FixCandidate, apply_pass
from alignlint.fix.store import SourceStore

from .toy_project import span

LINE = st.text(st.sampled_from("ab é\t𝒳#'\""), max_size=8)
NEWLINE = st.sampled_from(["\n", "\r\n", "\r"])


@st.composite
def text_and_cuts(draw: st.DrawFn) -> tuple[str, list[tuple[int, int, str]]]:
    lines = draw(st.lists(st.tuples(LINE, NEWLINE), min_size=1, max_size=6))
    text = "".join(line + newline for line, newline in lines)
    # Cut points never split a \r\n pair (a column cannot point between them).
    points = [i for i in range(len(text) + 1) if not (text[i - 1 : i + 1] == "\r\n")]
    chosen = sorted(draw(st.lists(st.sampled_from(points), max_size=8, unique=True)))
    cuts = []
    for start, end in zip(chosen[::2], chosen[1::2], strict=False):
        cuts.append((start, end, draw(st.text(st.sampled_from("xy é"), max_size=4))))
    return text, cuts


@settings(max_examples=150, deadline=None)
@given(text_and_cuts(), st.booleans())
def test_edits_splice_the_original_text(
    case: tuple[str, list[tuple[int, int, str]]], bom: bool
) -> None:
    text, cuts = case
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        data = (b"\xef\xbb\xbf" if bom else b"") + text.encode()
        (root / "notes.txt").write_bytes(data)
        store = SourceStore(root)
        candidates = [
            FixCandidate(
                ("notes.txt", n, 1, "TST900", ""),
                "TST900",
                Fix("cut", Applicability.SAFE, (Edit(span("notes.txt", text, s, e), c),)),
            )
            for n, (s, e, c) in enumerate(cuts)
        ]
        result = apply_pass(candidates, store)
        assert len(result.applied) == len(cuts)
        expected = text
        for start, end, content in reversed(cuts):
            expected = expected[:start] + content + expected[end:]
        changes = store.changes()
        new = changes[0].new if changes else data
        assert new == (b"\xef\xbb\xbf" if bom else b"") + expected.encode()
