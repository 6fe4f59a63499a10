"""The static twin of the pipeline assembler: bind DAG nodes to specs, wire each node's
dependencies from its predecessors, and find cycles.

Node names follow the runtime's convention: a node is a specification's step type
(``TabularPreprocessing_Training``), a registered step name (its generic specification), or a step
name with a job-type suffix (``TabularPreprocessing_training``: that variant, else the generic
specification). Each node's dependencies are scored against its predecessors' outputs with
:func:`alignlint.sagemaker.matching.rank_candidates`, exactly as
:meth:`alignlint.runtime.resolver.DependencyResolver.resolve_step_dependencies` does when the
assembler registers every node's specification under the node name.
"""

from __future__ import annotations

from dataclasses import field

from alignlint.core.records import record
from alignlint.core.types import Span
from alignlint.model import Project, Spec, Step
from alignlint.model.components import Dag, DagEdge, Dependency
from alignlint.rules._support.unparsed import builder_may_be_unparsed
from alignlint.rules.spec_dependency.config_inputs import config_inputs
from alignlint.rules.spec_dependency.library import is_external
from alignlint.rules.spec_dependency.views import Producer, producer, project_dependency_view
from alignlint.sagemaker.matching import (
    Candidate,
    DependencyView,
    rank_candidates,
    strip_job_type,
)
from alignlint.sagemaker.suggestions import close_names, closest

MISSPELLED_NODE_CUTOFF = 0.85
"""How alike an undeclared edge end and a declared node must be to read the edge end as a typo
of it (difflib ratio: one or two letters in a node name of ordinary length)."""


@record
class NodeBinding:
    """What a DAG node stands for: a step and its specification, or why it stands for nothing."""

    node: str
    span: Span
    step: Step | None = None
    spec: Spec | None = None
    problem: str | None = None
    #: For a node that names no step: the registered name spelled closest to it, if close.
    close: str | None = None


@record
class DagResolution:
    """One dependency of one node, scored against every output of the node's predecessors.

    ``complete`` is False when a predecessor (or part of the DAG) is unknown: then an unresolved
    or unused verdict could be wrong and nothing is reported.
    """

    node: str
    spec: Spec
    dependency: Dependency
    view: DependencyView
    predecessors: tuple[str, ...]
    candidates: tuple[Candidate, ...]
    complete: bool
    external: bool
    #: Where the step's builder takes this dependency from its configuration instead of from
    #: the pipeline (``Builder._get_inputs``), or None.
    config_supplied: str | None = None

    @property
    def chosen(self) -> Candidate | None:
        """The candidate the runtime resolver would wire, if any."""
        if self.candidates and self.candidates[0].score.accepted:
            return self.candidates[0]
        return None

    @property
    def wired_and_unsatisfied(self) -> bool:
        """A required, wired dependency (not external, not taken from the configuration) that
        no known predecessor output satisfies."""
        return (
            self.chosen is None
            and self.view.required
            and not self.external
            and self.config_supplied is None
        )

    @property
    def unresolved(self) -> bool:
        """:attr:`wired_and_unsatisfied`, known for certain (every predecessor fully read)."""
        return self.wired_and_unsatisfied and self.complete

    @property
    def may_be_unresolved(self) -> bool:
        """:attr:`wired_and_unsatisfied` while a predecessor is not fully read: Unknown."""
        return self.wired_and_unsatisfied and not self.complete

    @property
    def rivals(self) -> tuple[Candidate, ...]:
        """Accepted candidates of *other* predecessors scoring exactly as the chosen one."""
        chosen = self.chosen
        if chosen is None:
            return ()
        return tuple(
            candidate
            for candidate in self.candidates[1:]
            if candidate.score.accepted
            and candidate.score.total == chosen.score.total
            and candidate.producer_step != chosen.producer_step
        )


@record
class Cycle:
    """A cycle of a DAG: its nodes in edge order (first node repeated last) and closing edge."""

    nodes: tuple[str, ...]
    closing_edge: DagEdge
    members: frozenset[str]


@record(frozen=False)
class DagAnalysis:
    """Everything the DAG rules report on for one DAG."""

    dag: Dag
    nodes: dict[str, Span]
    edges: list[DagEdge]
    bindings: dict[str, NodeBinding]
    undeclared: list[tuple[str, DagEdge]] = field(default_factory=list)
    #: Nodes only an edge names in a DAG that declares its nodes (``add_edge`` creates them).
    implied: list[tuple[str, DagEdge]] = field(default_factory=list)
    resolutions: list[DagResolution] = field(default_factory=list)
    cycles: list[Cycle] = field(default_factory=list)
    producers: dict[str, Producer] = field(default_factory=dict)
    #: Nodes whose builder hands its ``inputs`` to a method alignlint cannot follow: why.
    unknown_inputs: dict[str, str] = field(default_factory=dict)

    @property
    def foreign(self) -> bool:
        """Whether no node names a step of the library or anything spelled like one: the DAG
        is not one of this library's pipelines (a placeholder DAG in tooling, a test)."""
        return all(b.step is None and b.close is None for b in self.bindings.values())

    def job_type_twins(self) -> list[tuple[str, DagEdge, str, str]]:
        """Implied nodes that differ from a declared node only by a job-type suffix
        (``X`` beside a declared ``X_calibration``), or that name no step and are spelled like a
        declared node (``X_trainign`` beside ``X_training``): almost certainly a mistyped edge,
        which silently creates a second node and leaves the declared one unwired. Each with the
        declared node and how the two differ."""
        declared = list(self.dag.nodes)
        found: list[tuple[str, DagEdge, str, str]] = []
        for node, edge in self.implied:
            stem = strip_job_type(node)
            twin = next(
                (other for other in declared if other != node and strip_job_type(other) == stem),
                None,
            )
            if twin is not None:
                found.append((node, edge, twin, "differs only by the job-type suffix"))
                continue
            spelled = close_names(node, declared, cutoff=MISSPELLED_NODE_CUTOFF)
            if spelled and self._same_step_or_none(node, spelled[0]):
                found.append((node, edge, spelled[0], "is spelled like it"))
        return found

    def _same_step_or_none(self, node: str, declared: str) -> bool:
        """Whether ``node`` names no step, or the step ``declared`` names (a job type is any
        string, so ``X_trainign`` still binds to ``X``): then it is a typo of ``declared``, not
        an edge to another step added on purpose."""
        binding, other = self.bindings.get(node), self.bindings.get(declared)
        if binding is None or binding.step is None:
            return True
        return other is not None and other.step is binding.step

    def predecessors(self, node: str) -> tuple[str, ...]:
        """Sources of edges into ``node``, in edge order (as ``PipelineDAG.predecessors``)."""
        return tuple(edge.source for edge in self.edges if edge.target == node)

    def incomplete_reason(self, node: str) -> str:
        """Why ``node``'s wiring cannot be checked (see :meth:`is_checkable`): part of the DAG
        is Unknown, an edge names an undeclared node, a predecessor's outputs could not be
        read, or one of the node's own dependencies could not. The node is named: the subject
        of a record may be an edge from another of its predecessors."""
        if self.dag.unknown:
            return f"part of the DAG is not known: {self.dag.unknown[0].reason}"
        if self.undeclared:
            return f"an edge names node '{self.undeclared[0][0]}', which the DAG does not declare"
        for predecessor in self.predecessors(node):
            if predecessor not in self.producers:
                return f"predecessor '{predecessor}' of node '{node}' is bound to no specification"
            if not self.producers[predecessor].complete:
                return (
                    f"the outputs of predecessor '{predecessor}' of node '{node}' are not all known"
                )
        if node in self.unknown_inputs:
            return (
                f"what the builder of node '{node}' takes from the pipeline is not known: "
                f"{self.unknown_inputs[node]}"
            )
        return f"a dependency of node '{node}' is not known"

    def is_checkable(self, node: str) -> bool:
        """Whether ``node`` and all of its dependencies and predecessors are fully known."""
        binding = self.bindings.get(node)
        if binding is None or binding.spec is None or self.dag.unknown:
            return False
        own = [r for r in self.resolutions if r.node == node]
        return len(own) == len(binding.spec.dependencies) and all(r.complete for r in own)

    def explained(self, edge: DagEdge) -> bool:
        """Whether another DAG rule already says why the edge carries nothing: it lies on a cycle
        (ALN308), its source is the best failing candidate of an unresolved dependency of the
        target (ALN304), or it lost a tie for one (ALN306)."""
        if any({edge.source, edge.target} <= cycle.members for cycle in self.cycles):
            return True
        for resolution in self.resolutions:
            if resolution.node != edge.target:
                continue
            if resolution.unresolved and resolution.candidates:
                if resolution.candidates[0].producer_step == edge.source:
                    return True
            if any(rival.producer_step == edge.source for rival in resolution.rivals):
                return True
        return False

    def shadowed(self, edge: DagEdge) -> list[DagResolution]:
        """The target's dependencies for which an output of the edge's source would be accepted
        (a score at the threshold or above) but another predecessor's output was chosen: the
        edge was meant to carry data that goes elsewhere. Empty for an *ordering* edge, whose
        source offers nothing any dependency of the target accepts (a deliberate gate: the
        assembler turns every predecessor into ``depends_on``)."""
        return [
            resolution
            for resolution in self.resolutions
            if resolution.node == edge.target
            and resolution.chosen is not None
            and resolution.chosen.producer_step != edge.source
            and any(
                candidate.producer_step == edge.source and candidate.score.accepted
                for candidate in resolution.candidates
            )
        ]

    def feeds(self, edge: DagEdge) -> bool:
        """Whether some dependency of the edge's target is wired to the edge's source."""
        return any(
            resolution.node == edge.target
            and resolution.chosen is not None
            and resolution.chosen.producer_step == edge.source
            for resolution in self.resolutions
        )


class _Binder:
    """Maps node names to steps and specifications by the runtime's naming convention."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.by_step_type: dict[str, tuple[Step, Spec]] = {}
        self.steps: dict[str, Step] = {}
        for step in project.steps:
            self.steps.setdefault(step.name, step)
            row = step.registry_row
            spec_type = row.text("spec_type") if row is not None else None
            if spec_type:
                self.steps.setdefault(spec_type, step)
            for spec in step.all_specs():
                text = spec.step_type.text
                if text is not None:
                    self.by_step_type.setdefault(text, (step, spec))
        self.names = sorted(set(self.steps) | set(self.by_step_type))

    def bind(self, node: str, span: Span) -> NodeBinding:
        if node in self.by_step_type:
            owner, spec = self.by_step_type[node]
            return NodeBinding(node, span, owner, spec)
        named = self.steps.get(node)
        if named is not None:
            return self._generic(node, span, named)
        prefix, separator, suffix = node.rpartition("_")
        step = self.steps.get(prefix) if separator else None
        if step is not None:
            variant = step.specs.get(suffix.lower())
            if variant is not None:
                return NodeBinding(node, span, step, variant)
            if self.project.may_be_unparsed(step.name) and self.project.may_be_unparsed(suffix):
                # The variant may be in a file that does not parse: what the node stands for
                # is unknown (not the generic specification).
                return NodeBinding(node, span, step)
            if None in step.specs:
                return NodeBinding(node, span, step, step.specs[None])
            return NodeBinding(node, span, step, problem=self._variants(step, f"'{suffix}'"))
        close = closest(node, self.names)
        hint = f"; did you mean '{close}'?" if close else ""
        return NodeBinding(
            node,
            span,
            problem=f"names no registered step or job-type variant{hint}",
            close=close,
        )

    def _generic(self, node: str, span: Span, step: Step) -> NodeBinding:
        if None in step.specs:
            return NodeBinding(node, span, step, step.specs[None])
        if not step.specs:
            return NodeBinding(
                node, span, step, problem=f"names step {step.name}, which has no specification"
            )
        return NodeBinding(node, span, step, problem=self._variants(step, "no job type"))

    @staticmethod
    def _variants(step: Step, which: str) -> str:
        variants = ", ".join(
            spec.step_type.text or spec.name for spec in step.all_specs() if spec.job_type
        )
        if not variants:
            return f"names step {step.name} with {which}, but the step has no specification"
        return (
            f"names step {step.name} with {which}, but the step has no generic specification "
            f"and no such job-type variant (variants: {variants})"
        )


def _collect(
    dag: Dag,
) -> tuple[dict[str, Span], list[DagEdge], list[tuple[str, DagEdge]], list[tuple[str, DagEdge]]]:
    """Nodes (declared, then implied by Python edges), unique edges, JSON edge ends that name
    undeclared nodes (``PipelineDAG.from_json`` rejects those), and Python edge ends that name
    undeclared nodes (``add_edge`` creates them), each with the first edge naming it."""
    nodes = dict(dag.nodes)
    edges: list[DagEdge] = []
    seen: set[tuple[str, str]] = set()
    undeclared: list[tuple[str, DagEdge]] = []
    implied: list[tuple[str, DagEdge]] = []
    for edge in dag.edges:
        missing = [end for end in (edge.source, edge.target) if end not in nodes]
        if missing and dag.origin == "json":
            undeclared.extend((end, edge) for end in dict.fromkeys(missing))
            continue
        for end in missing:
            nodes[end] = edge.span
            if dag.nodes:
                implied.append((end, edge))
        if (edge.source, edge.target) not in seen:
            seen.add((edge.source, edge.target))
            edges.append(edge)
    return nodes, edges, undeclared, implied


def _cycles(nodes: dict[str, Span], edges: list[DagEdge]) -> list[Cycle]:
    """One cycle per strongly connected component that has one (self-loops included)."""
    order = {node: index for index, node in enumerate(nodes)}
    outgoing: dict[str, list[DagEdge]] = {node: [] for node in nodes}
    for edge in edges:
        outgoing[edge.source].append(edge)
    found: list[Cycle] = []
    for component in _components(nodes, outgoing):
        start = min(component, key=order.__getitem__)
        self_loop = next((e for e in outgoing[start] if e.target == start), None)
        if len(component) == 1 and self_loop is None:
            continue
        found.append(_cycle_from(start, frozenset(component), outgoing))
    return sorted(found, key=lambda cycle: order[cycle.nodes[0]])


def _cycle_from(start: str, component: frozenset[str], outgoing: dict[str, list[DagEdge]]) -> Cycle:
    """The first cycle back to ``start`` found by a depth-first walk in edge order."""
    path: list[str] = [start]
    stack: list[list[DagEdge]] = [[e for e in outgoing[start] if e.target in component]]
    visited = {start}
    while stack:
        if not stack[-1]:
            stack.pop()
            path.pop()
            continue
        edge = stack[-1].pop(0)
        if edge.target == start:
            return Cycle((*path, start), edge, component)
        if edge.target in visited:
            continue
        visited.add(edge.target)
        path.append(edge.target)
        stack.append([e for e in outgoing[edge.target] if e.target in component])
    raise AssertionError("a strongly connected component has a cycle through each of its nodes")


def _components(nodes: dict[str, Span], outgoing: dict[str, list[DagEdge]]) -> list[set[str]]:
    """Strongly connected components (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[set[str]] = []
    counter = 0
    for root in nodes:
        if root in index:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            node, position = work.pop()
            if position == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            successors = outgoing[node]
            if position < len(successors):
                work.append((node, position + 1))
                target = successors[position].target
                if target not in index:
                    work.append((target, 0))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            if low[node] == index[node]:
                component: set[str] = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                components.append(component)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return components


def analyse_dag(project: Project, dag: Dag, binder: _Binder) -> DagAnalysis:
    """Bind, wire and check one DAG."""
    nodes, edges, undeclared, implied = _collect(dag)
    bindings = {node: binder.bind(node, span) for node, span in nodes.items()}
    analysis = DagAnalysis(dag, nodes, edges, bindings, undeclared, implied)
    analysis.cycles = _cycles(nodes, edges)
    for node, binding in bindings.items():
        if binding.spec is not None:
            found = producer(node, binding.spec, project)
            if found is not None:
                analysis.producers[node] = found
    for node, binding in bindings.items():
        if binding.spec is None:
            continue
        from_config = config_inputs(project, binding.step)
        if from_config is not None and from_config.unknown is not None:
            analysis.unknown_inputs[node] = from_config.unknown
        predecessors = analysis.predecessors(node)
        available = [analysis.producers[p] for p in predecessors if p in analysis.producers]
        complete = (
            not dag.unknown
            and not undeclared
            and len(available) == len(predecessors)
            and all(item.complete for item in available)
            # What its builder supplies from the config is unknown, not nothing.
            and not builder_may_be_unparsed(project, binding.step)
            and node not in analysis.unknown_inputs
        )
        for dependency in binding.spec.dependencies:
            view = project_dependency_view(project, dependency)
            if view is None:
                continue
            candidates = rank_candidates(view, [item.view for item in available])
            analysis.resolutions.append(
                DagResolution(
                    node,
                    binding.spec,
                    dependency,
                    view,
                    predecessors,
                    tuple(candidates),
                    complete,
                    is_external(project, binding.spec, dependency.logical_name),
                    from_config.where
                    if from_config is not None and from_config.supplies(dependency.logical_name)
                    else None,
                )
            )
    return analysis


def analyse_dags(project: Project) -> list[DagAnalysis]:
    """Every DAG of ``project``, in the model's order."""
    binder = _Binder(project)
    return [analyse_dag(project, dag, binder) for dag in project.dags]
