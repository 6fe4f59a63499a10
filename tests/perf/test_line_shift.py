"""Lines added in one place of a file (:mod:`alignlint.model.line_shift`): found between two
interfaces of a script, positions carried forward and back, and every other change refused."""

from __future__ import annotations

import dataclasses

from alignlint.core.settings import Settings
from alignlint.core.types import Diagnostic, Related, Severity, Span
from alignlint.extract import extract_file
from alignlint.extract.facts import FileFacts
from alignlint.model.interfaces import script_interface
from alignlint.model.line_shift import (
    LineShift,
    line_shift,
    moved,
    moved_back,
    moved_back_through,
)
from alignlint.run.changed import StepWiring, WiringIndex

PATH = "steps/scripts/train.py"
SCRIPT = """\
import os


def main(input_paths, output_paths, environ_vars, job_args):
    \"\"\"Train.\"\"\"
    data = input_paths["data"]
    return data


DEFAULTS = {
    "mode": "batch",  # alignlint: ignore[ALN108]
}

if __name__ == "__main__":
    main({"data": "/opt/ml/processing/input/data"}, {}, dict(os.environ), None)
"""


def interface(text: str) -> FileFacts:
    return script_interface(extract_file(PATH, text.encode(), Settings()))


def shift_of(before: str, after: str) -> LineShift | None:
    delta = after.count("\n") - before.count("\n")
    return line_shift(interface(before), interface(after), PATH, delta)


def inserted(text: str, before_line: int, *lines: str) -> str:
    kept = text.splitlines(keepends=True)
    return "".join(
        [*kept[: before_line - 1], *(f"{line}\n" for line in lines), *kept[before_line - 1 :]]
    )


def test_statements_added_to_main_move_the_code_below_it() -> None:
    after = inserted(SCRIPT, 6, '    print("start")', '    print("again")')
    assert interface(SCRIPT) != interface(after)
    shift = shift_of(SCRIPT, after)
    assert shift is not None
    assert shift.delta == 2
    assert shift.kept_through < 6 <= shift.moved_from <= 10
    # Every position of the interface is carried to its new line, the comment's lines too.
    assert moved(interface(SCRIPT), {PATH: shift}) == interface(after)
    assert moved_back(interface(after), {PATH: shift}) == interface(SCRIPT)


def test_lines_removed_move_the_code_up() -> None:
    after = inserted(SCRIPT, 6, "    pass")
    shift = shift_of(after, SCRIPT)
    assert shift is not None and shift.delta == -1
    assert moved(interface(after), {PATH: shift}) == interface(SCRIPT)


def test_other_changes_are_not_a_shift() -> None:
    # Nothing moved.
    assert shift_of(SCRIPT, SCRIPT.replace('"batch"', '"stream"')) is None
    # Lines added in two places: the code between them moves by one line, the rest by two.
    twice = inserted(inserted(SCRIPT, 13, ""), 6, "    pass")
    assert shift_of(SCRIPT, twice) is None
    # A line added and a module-level value changed.
    changed = inserted(SCRIPT, 6, "    pass").replace('"batch"', '"stream"')
    assert shift_of(SCRIPT, changed) is None
    # Code re-indented below the edit: columns move too.
    indented = inserted(SCRIPT, 6, "    pass").replace('    "mode"', '        "mode"')
    assert shift_of(SCRIPT, indented) is None
    # A module-level name added above main moves nothing the interface had, but adds to it.
    assert shift_of(SCRIPT, "X = 1\n" + SCRIPT) is None


def finding(line: int, related_line: int) -> Diagnostic:
    return Diagnostic(
        code="ALN004",
        name="unused-suppression",
        severity=Severity.WARNING,
        message="unused",
        span=Span(PATH, line, 5, line, 9),
        related=(Related(Span(PATH, related_line, 1, related_line, 2), "other side"),),
    )


def test_findings_move_with_their_lines() -> None:
    shift = LineShift(PATH, kept_through=5, moved_from=6, delta=3)
    assert moved(finding(11, 2), {PATH: shift}) == finding(14, 2)
    assert moved_back(finding(14, 2), {PATH: shift}) == finding(11, 2)
    other = Diagnostic("ALN004", "x", Severity.WARNING, "m", Span("other.py", 11, 1, 11, 2))
    assert moved(other, {PATH: shift}) == other


def test_a_position_where_the_edit_happened_has_no_place() -> None:
    shift = LineShift(PATH, kept_through=5, moved_from=8, delta=1)
    assert moved(finding(6, 2), {PATH: shift}) is None
    assert moved_back(finding(7, 2), {PATH: shift}) is None
    assert moved(finding(9, 7), {PATH: shift}) is None


def test_positions_go_back_through_several_moves() -> None:
    first = LineShift(PATH, kept_through=5, moved_from=6, delta=2)  # two lines before line 6
    then = LineShift(PATH, kept_through=2, moved_from=3, delta=-1)  # line 3 removed
    # Line 11 of the first version: 13 after the first move, 12 after the second.
    assert moved(moved(finding(11, 2), {PATH: first}), {PATH: then}) == finding(12, 2)
    assert moved_back_through(finding(12, 2), [{PATH: then}, {PATH: first}]) == finding(11, 2)
    assert moved_back_through(finding(6, 2), [{PATH: then}, {PATH: first}]) is None


def test_values_without_a_moved_position_are_kept_as_they_are() -> None:
    """Objects none of whose positions moves come back as themselves (nothing is rebuilt),
    whatever they hold besides positions; the others are rebuilt around the moved ones."""
    shift = LineShift(PATH, kept_through=5, moved_from=6, delta=1)
    other = finding(3, 4)
    table = {"names": frozenset({"a", "b"}), "counts": (1, 2.5, True, None, b"x"), "f": other}
    assert moved(table, {PATH: shift})["f"] is other
    assert moved(table, {PATH: shift}) == table
    nested = ("label", [finding(11, 2)], {"k": (7, finding(2, 12))})
    assert moved(nested, {PATH: shift}) == ("label", [finding(12, 2)], {"k": (7, finding(2, 13))})


def wiring_index(spec: str, dag: str) -> WiringIndex:
    steps = (
        StepWiring(
            frozenset({spec}),
            frozenset({"Train"}),
            ((0, "Train"),),
            frozenset({(0, "Load")}),
            ((Span(spec, 20, 9, 20, 15), frozenset({"Load", None})),),
        ),
    )
    return WiringIndex(steps, (Span(dag, 4, 1, 9, 2),))


def test_a_wiring_index_moves_as_any_value_does() -> None:
    """The wiring index answers a move without looking through it when none of its positions
    (its dependencies' and DAGs') is in a shifted file, and as :func:`moved` does otherwise."""
    index = wiring_index("specs/train_spec.py", "dags/pipeline.py")
    assert set(index.spans()) == set(_every_span(index))
    script_move = {PATH: LineShift(PATH, kept_through=5, moved_from=6, delta=1)}
    assert index.moved(script_move) is index
    for path in ("specs/train_spec.py", "dags/pipeline.py"):
        shifts = {path: LineShift(path, kept_through=3, moved_from=4, delta=2)}
        assert index.moved(shifts) == moved(index, shifts)
        assert index.moved(shifts) != index
    inside = {"dags/pipeline.py": LineShift("dags/pipeline.py", 3, 6, 1)}
    assert index.moved(inside) is None


def _every_span(value: object) -> list[Span]:
    """Every span in ``value``, found by looking through all of it."""
    if isinstance(value, Span):
        return [value]
    if isinstance(value, (tuple, list, frozenset, set)):
        return [span for item in value for span in _every_span(item)]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [
            span
            for field in dataclasses.fields(value)
            for span in _every_span(getattr(value, field.name))
        ]
    return []
