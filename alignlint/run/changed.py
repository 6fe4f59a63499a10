"""Changed-set semantics: ``alignlint check FILE...`` checks whole steps, reports what the files touch.

pre-commit passes only the files a commit changes (possibly split over several invocations). A
step's pieces live in many files, so checking the changed files alone would miss most mismatches.
When at least one explicit *file* is given, alignlint therefore treats the files as the *changed
set*:

* it analyses the whole project: the configured ``roots``, else the project root (the directory of
  the configuration file, else the current directory, which pre-commit sets to the top of the git
  work tree), plus every path given (a file outside the project is still checked);
* it reports a finding when its primary or a related location is in a changed file, or lies under
  a directory given on the same command line;
* it also reports the wiring findings of the *consumers* of a step whose specification or
  registry row changed (only those declare what a step produces): findings on a dependency
  declaration of a step that lists the changed step among its ``compatible_sources`` or follows
  it in a DAG, and findings in a DAG where the changed step appears. Renaming a spec output thus
  reports the consumer that can no longer resolve, although only the producer's file changed.

Directories that are parts of a package of the project (each in a directory holding an
``__init__.py``, strictly inside the project's directories, outside every workspace, the root
being a project's top: it holds a configuration file, ``pyproject.toml``, ``.git``, ...) are a
changed set too: ``alignlint check src/pkg/steps`` analyses the whole project and reports the
findings under ``src/pkg/steps`` (analysed alone, its steps would miss the registry, the base
classes and the other steps' specifications they link to).

``--all`` (``report_all``) reports every finding of the analysed project. Without paths, or with
other directories (the project itself, a directory holding it, one outside it, a directory that
is in no package, which may be a project of its own), nothing changes: everything under the
paths is checked and reported.

A changed-set run that analyses the files a run without paths analyses shares that run's cache
(:mod:`alignlint.run.cached_result`): the findings are the project's either way, and the split
reads only the :class:`WiringIndex` the result record keeps.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from alignlint.core.errors import AlignlintError
from alignlint.core.records import record
from alignlint.core.settings import Settings
from alignlint.core.types import Diagnostic, Span
from alignlint.infra.repository import repository_root
from alignlint.run.discover import (
    explicit_file,
    is_explicit_file,
    project_directories,
    relative_to_root,
    shown_relative,
)
from alignlint.run.project_root import is_project_top

if TYPE_CHECKING:
    from alignlint.model import Dag, Project, Step
    from alignlint.model.line_shift import LineShift


@record
class ChangedSet:
    """The explicit files (root-relative) and the explicit directories of one run."""

    files: frozenset[str]
    directories: tuple[str, ...]
    #: The project directories analysed besides the explicit paths (walked like a run without
    #: paths: exclusion patterns apply to them).
    project: tuple[Path, ...]

    def touches(self, path: str) -> bool:
        """Whether a root-relative path is a changed file or lies under an explicit directory."""
        if path in self.files:
            return True
        return any(
            directory == "." or path == directory or path.startswith(f"{directory}/")
            for directory in self.directories
        )


def changed_set(paths: Sequence[str | Path], root: Path, settings: Settings) -> ChangedSet | None:
    """The changed set of a run over ``paths``, or ``None`` when no explicit file is given and
    the paths are not all parts of the project (:func:`parts_of_project`)."""
    root = root.resolve()
    given = [Path(path) for path in paths]
    if not any(is_explicit_file(path) for path in given) and not parts_of_project(
        given, root, settings
    ):
        return None
    repository = repository_root(root)
    files = frozenset(
        shown_relative(relative_to_root(explicit_file(p, repository), root))
        for p in given
        if is_explicit_file(p)
    )
    directories = tuple(
        shown_relative(relative_to_root(p.resolve(), root)) for p in given if p.is_dir()
    )
    return ChangedSet(files, directories, tuple(project_directories(root, settings)))


def parts_of_project(paths: Sequence[Path], root: Path, settings: Settings) -> bool:
    """Whether ``paths`` are directories that each lie in a Python package (the directory
    holding each has an ``__init__.py``) strictly inside a project directory
    (:func:`~alignlint.run.discover.project_directories`) of a root that is a project's top
    (:func:`~alignlint.run.project_root.is_project_top`), outside every workspace: a part of
    a package, whose pieces link to pieces elsewhere in it (a registry, a base class, the
    specifications of other steps). Analysed alone, each of its steps would miss them. A
    directory that is no part of a package (``examples/one_pipeline``) may be a project of its
    own, and is analysed alone as before; so is a directory whose root has no project marker
    (no configuration file and no project top above the directory: the root is then the
    current directory, which would otherwise all become the project)."""
    from alignlint.run.workspace_views import workspace_root_of

    if not paths or not is_project_top(root):
        return False
    try:
        project = project_directories(root, settings)
    except AlignlintError:
        return False
    for path in paths:
        if not path.is_dir() or workspace_root_of(path, root, settings.workspaces) is not None:
            return False
        resolved = path.resolve()
        if not (resolved.parent / "__init__.py").is_file():
            return False
        if not any(resolved != part and resolved.is_relative_to(part) for part in project):
            return False
    return True


def reported(
    diagnostics: Iterable[Diagnostic],
    project: Project | None,
    changed: ChangedSet,
    wiring: Wiring | None = None,
) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """Split findings into those the changed set reports and the others (order kept);
    ``wiring``, when given, is ``consumer_wiring(project, changed)`` computed already."""
    if wiring is None:
        wiring = consumer_wiring(project, changed) if project is not None else Wiring((), ())
    shown: list[Diagnostic] = []
    hidden: list[Diagnostic] = []
    for diagnostic in diagnostics:
        paths = [diagnostic.span.path, *(related.span.path for related in diagnostic.related)]
        if any(changed.touches(path) for path in paths) or wiring.covers(diagnostic.span):
            shown.append(diagnostic)
        else:
            hidden.append(diagnostic)
    return shown, hidden


@record
class Wiring:
    """Spans whose findings concern the wiring of a changed step into its consumers."""

    dependencies: tuple[Span, ...]
    dags: tuple[Span, ...]

    def covers(self, span: Span) -> bool:
        return any(outer.contains(span) for outer in (*self.dependencies, *self.dags))


def consumer_wiring(project: Project, changed: ChangedSet) -> Wiring:
    """The spans whose findings concern the wiring of a changed step into its consumers."""
    return wiring_index(project).wiring(changed)


@record
class StepWiring:
    """What the changed-set filter reads of one step: the files declaring what it produces,
    the names other specifications use for it, its DAG nodes (``(DAG number, node)``), the DAG
    nodes with an edge into one of its nodes, and each dependency of its specifications with
    the names its ``compatible_sources`` list."""

    producer_files: frozenset[str]
    names: frozenset[str]
    nodes: tuple[tuple[int, str], ...]
    sources: frozenset[tuple[int, str]]
    dependencies: tuple[tuple[Span, frozenset[str | None]], ...]


@record
class WiringIndex:
    """Everything :func:`consumer_wiring` reads of a linked project, without the project. A
    run's result record keeps it (:class:`alignlint.run.result_cache.RunRecord`): a changed-set
    run that reuses the findings of the run without paths splits them with it."""

    steps: tuple[StepWiring, ...]
    #: The span of every DAG a step's node is in, by DAG number.
    dags: tuple[Span, ...]

    def spans(self) -> Iterator[Span]:
        """Every position the index holds: its dependencies' and its DAGs'."""
        for step in self.steps:
            for span, _ in step.dependencies:
                yield span
        yield from self.dags

    def moved(self, shifts: Mapping[str, LineShift]) -> WiringIndex | None:
        """The index with its positions in shifted files moved
        (:func:`alignlint.model.line_shift.moved`): itself when none lies in one (the usual
        case: it holds only specifications' and DAGs' positions)."""
        if all(span.path not in shifts for span in self.spans()):
            return self
        from alignlint.model.line_shift import moved

        found: WiringIndex | None = moved(self, shifts)
        return found

    def wiring(self, changed: ChangedSet) -> Wiring:
        """The spans whose findings concern the wiring of a changed step into its consumers."""
        changed_steps = [
            step for step in self.steps if any(map(changed.touches, step.producer_files))
        ]
        names = frozenset().union(*(step.names for step in changed_steps))
        changed_nodes = {node for step in changed_steps for node in step.nodes}
        dependencies: list[Span] = []
        for step in self.steps:
            follows = not step.sources.isdisjoint(changed_nodes)
            for span, sources in step.dependencies:
                if follows or not names.isdisjoint(sources):
                    dependencies.append(span)
        dags = {dag: self.dags[dag] for step in changed_steps for dag, _ in step.nodes}
        return Wiring(tuple(dependencies), tuple(dags.values()))


def wiring_index(project: Project) -> WiringIndex:
    """The :class:`WiringIndex` of a linked project."""
    numbers: dict[int, int] = {}
    dags: list[Span] = []

    def number(dag: Dag) -> int:
        found = numbers.get(id(dag))
        if found is None:
            found = numbers[id(dag)] = len(dags)
            dags.append(dag.span)
        return found

    steps = []
    for step in project.steps:
        nodes = tuple((number(node.dag), node.node) for node in step.dag_nodes)
        sources = frozenset(
            (number(node.dag), edge.source)
            for node in step.dag_nodes
            for edge in node.dag.edges
            if edge.target == node.node
        )
        dependencies = tuple(
            (dependency.span, frozenset(_text(source) for source in dependency.compatible_sources))
            for spec in step.all_specs()
            for dependency in spec.dependencies
        )
        steps.append(
            StepWiring(
                frozenset(_producer_files(step)),
                frozenset(_names(step)),
                nodes,
                sources,
                dependencies,
            )
        )
    return WiringIndex(tuple(steps), tuple(dags))


def _producer_files(step: Step) -> set[str]:
    """The files that declare what ``step`` produces and under which names."""
    files = {spec.path for spec in step.all_specs()}
    if step.registry_row is not None:
        files.add(step.registry_row.span.path)
    return files


def _names(step: Step) -> Iterator[str]:
    """The names other specifications use for ``step`` in ``compatible_sources``."""
    yield step.name
    for spec in step.all_specs():
        text = spec.step_type.text
        if text is not None:
            yield text


def _text(value: object) -> str | None:
    from alignlint.model import text_of

    return text_of(value)
