"""One dependency analysis per project, shared by every ALN3xx rule, and its counters.

The analysis runs once per :class:`~alignlint.model.Project` (kept on the project) and records
how much it actually resolved in ``project.counters``, which ``--statistics`` prints: a run that
scored no dependency and wired no DAG edge shows zeros instead of passing vacuously.
"""

from __future__ import annotations

from alignlint.core.records import record
from alignlint.model import Project
from alignlint.rules.spec_dependency.dag_resolution import DagAnalysis, analyse_dags
from alignlint.rules.spec_dependency.library import Library, LibraryResolution, build_library
from alignlint.rules.spec_dependency.views import project_dependency_view


@record
class DependencyAnalysis:
    """The library, every dependency scored against it, and every DAG wired."""

    library: Library
    resolutions: tuple[LibraryResolution, ...]
    dags: tuple[DagAnalysis, ...]

    def counters(self) -> dict[str, int]:
        """What was actually checked, for ``--statistics``."""
        dag_resolutions = [r for d in self.dags for r in d.resolutions]
        bindings = [b for d in self.dags for b in d.bindings.values()]
        edges = [(d, e) for d in self.dags for e in d.edges]
        layouts: dict[str, int] = {}
        for dag in self.dags:
            key = f"DAGs ({dag.dag.layout})"
            layouts[key] = layouts.get(key, 0) + 1
        return {
            **layouts,
            "spec dependencies": sum(len(spec.dependencies) for spec in self.library.project.specs),
            "spec dependencies resolvable": sum(1 for r in self.resolutions if r.satisfiable),
            "DAGs": len(self.dags),
            "DAG nodes": len(bindings),
            "DAG nodes linked": sum(1 for b in bindings if b.spec is not None),
            "DAG dependencies": len(dag_resolutions),
            "DAG dependencies resolved": sum(1 for r in dag_resolutions if r.chosen is not None),
            "DAG edges": len(edges),
            "DAG edges resolved": sum(1 for dag, edge in edges if dag.feeds(edge)),
        }


def _analyse(project: Project) -> DependencyAnalysis:
    library = build_library(project)
    resolutions = []
    for spec in project.specs:
        for dependency in spec.dependencies:
            view = project_dependency_view(project, dependency)
            if view is not None:
                resolutions.append(library.resolve(spec, dependency, view))
    return DependencyAnalysis(library, tuple(resolutions), tuple(analyse_dags(project)))


def dependency_analysis(project: Project) -> DependencyAnalysis:
    """The project's analysis (computed once) with its counters recorded on the project.

    It is kept on the project itself: a module-level ``WeakKeyDictionary`` would keep every
    project alive (the analysis refers back to its project), which a long-lived caller such as
    the fix loop would accumulate."""
    return project.derived("dependency-analysis", lambda: _recorded(project))


def _recorded(project: Project) -> DependencyAnalysis:
    found = _analyse(project)
    project.counters.update(found.counters())
    return found
