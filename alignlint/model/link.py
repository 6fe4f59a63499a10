"""Phase 2, part 2: link components into steps by following declarations (never file names)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import field

from alignlint.core.records import record
from alignlint.core.types import Span
from alignlint.extract.facts import FileFacts
from alignlint.model.components import (
    BuilderClass,
    ConfigClass,
    Contract,
    DagNode,
    Registry,
    RegistryRow,
    Script,
    Spec,
    text_of,
)
from alignlint.model.paths import SuffixIndex
from alignlint.model.resolve import Resolved, Resolver
from alignlint.model.values import Located


@record
class Link:
    """Why two pieces belong to one step: ``kind`` names the piece linked (``spec``,
    ``contract``, ``config``, ``builder``, ``script``, ``dag``), ``source_span`` the declaration
    that made the link, ``target_span`` the piece, ``reason`` a one-line explanation."""

    kind: str
    source_span: Span
    target_span: Span
    reason: str


@record
class Unlinked:
    """A piece that belongs to no step, and why (reported once, by ALN003)."""

    kind: str
    name: str
    span: Span
    reason: str


@record(frozen=False, eq=False)
class Step:
    """One registered step with every piece linked to it. ``specs`` maps job type (``None`` for
    the generic spec) to the spec."""

    name: str
    registry_row: RegistryRow | None = None
    contract: Contract | None = None
    specs: dict[str | None, Spec] = field(default_factory=dict)
    config: ConfigClass | None = None
    builder: BuilderClass | None = None
    script: Script | None = None
    dag_nodes: list[DagNode] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)

    @property
    def job_types(self) -> tuple[str | None, ...]:
        return tuple(sorted(self.specs, key=lambda k: (k is not None, k or "")))

    def all_specs(self) -> list[Spec]:
        return [self.specs[key] for key in self.job_types]

    @property
    def sagemaker_step_type(self) -> str | None:
        row = self.registry_row
        return row.text("sagemaker_step_type") if row is not None else None


def _names_job_type(spec: Spec, job_type: str) -> bool:
    """Whether the spec's variable or module name has ``job_type`` as a ``_``-separated word."""
    words = {*spec.name.lower().split("_"), *spec.module.rpartition(".")[2].lower().split("_")}
    return job_type.lower() in words


def _span_of(value: object, fallback: Span) -> Span:
    return value.span if isinstance(value, Located) else fallback


class Linker:
    """Builds :class:`Step` objects from resolved components."""

    def __init__(
        self,
        resolved: Resolved,
        resolver: Resolver,
        files: Sequence[FileFacts],
        script_roots: Iterable[str],
        preferred: Callable[[str], bool] | None = None,
    ) -> None:
        self.r = resolved
        #: In a workspace's view: whether a path is the workspace's (its pieces win over the
        #: shared library's pieces for the same step, as the hybrid registry resolves them).
        self.preferred = preferred
        self.resolver = resolver
        self.files = {f.path: f for f in files}
        self.files_by_suffix = SuffixIndex(self.files)
        self.script_roots = tuple(root.strip("/") for root in script_roots if root.strip("/"))
        self.steps: dict[str, Step] = {}
        self.unlinked: list[Unlinked] = []
        self.scripts: dict[str, Script] = dict(resolved.scripts)
        self._spec_types: dict[str, str] = {}

    # -- driver ------------------------------------------------------------------------------
    def run(self) -> list[Step]:
        for registry in self.r.registries:
            for name, row in registry.rows.items():
                if name not in self.steps:
                    self.steps[name] = Step(name, registry_row=row)
                    self._spec_types.setdefault(row.text("spec_type") or name, name)
                    self._spec_types.setdefault(name, name)
        self._link_specs()
        self._link_configs_and_builders()
        self._link_contracts()
        self._link_scripts()
        self._link_dags()
        self._report_unlinked()
        return [self.steps[name] for name in sorted(self.steps)]

    def _later(self, path: str) -> bool:
        """Whether ``path`` comes after the preferred paths (False everywhere without a view)."""
        return self.preferred is not None and not self.preferred(path)

    # -- specs -------------------------------------------------------------------------------
    def _step_of_spec(self, spec: Spec) -> tuple[str | None, str]:
        ref = spec.step_type
        text = ref.text
        if text is None:
            reason = ref.value.reason if not isinstance(ref.value, Located) else "not a string"
            return None, f"its step_type cannot be resolved ({reason})"
        if text in self._spec_types:
            return self._spec_types[text], ""
        prefix = text.rpartition("_")[0]
        if prefix and prefix in self._spec_types:
            return self._spec_types[prefix], ""
        return None, f'its step_type "{text}" is not a registered step'

    def _link_specs(self) -> None:
        for spec in sorted(self.r.specs, key=lambda s: (self._later(s.path), s.path, s.span.start)):
            step_name, why = self._step_of_spec(spec)
            if step_name is None:
                if self._incomplete_registries():
                    continue
                self.unlinked.append(
                    Unlinked("spec", spec.name, spec.name_span, f"spec {spec.name}: {why}")
                )
                continue
            step = self.steps[step_name]
            if spec.job_type in step.specs and self._link_fallback(step, spec):
                continue
            if spec.job_type in step.specs:
                other = step.specs[spec.job_type]
                self.unlinked.append(
                    Unlinked(
                        "spec",
                        spec.name,
                        spec.name_span,
                        f"spec {spec.name}: step {step_name} already has the "
                        f"{spec.job_type or 'generic'} spec {other.name} ({other.path})",
                    )
                )
                continue
            step.specs[spec.job_type] = spec
            self._add_spec_link(step, spec)

    def _link_fallback(self, step: Step, spec: Spec) -> bool:
        """Link a second spec of a job type the step already has when one of the two is the
        step's generic spec: its variable and module names carry no job type (``X_SPEC`` in
        ``x_spec.py`` beside ``X_TRAINING_SPEC``), the shape of a builder's fallback for the job
        types it has no variant for. It becomes the step's generic spec and the other stays the
        variant; both are checked. False when neither (or both) reads as generic, or the step
        already has a generic spec."""
        job_type = spec.job_type
        if job_type is None or None in step.specs:
            return False
        other = step.specs[job_type]
        generic = [s for s in (other, spec) if not _names_job_type(s, job_type)]
        if len(generic) != 1:
            return False
        fallback = generic[0]
        variant = spec if fallback is other else other
        step.specs[job_type] = variant
        step.specs[None] = fallback
        step.links = [
            link
            for link in step.links
            if not (link.kind == "spec" and link.target_span == fallback.name_span)
        ]
        if variant is spec:
            self._add_spec_link(step, spec)
        how = self._step_type_text(fallback)
        step.links.append(
            Link(
                "spec",
                _span_of(fallback.step_type.value, fallback.span),
                fallback.name_span,
                f"{fallback.name}.step_type={how} like {variant.name}, but its name carries no "
                f"job type: the step's generic spec (the builder's fallback)",
            )
        )
        return True

    def _add_spec_link(self, step: Step, spec: Spec) -> None:
        how = self._step_type_text(spec)
        step.links.append(
            Link(
                "spec",
                _span_of(spec.step_type.value, spec.span),
                spec.name_span,
                f"{spec.name}.step_type={how}"
                + (f" (job type {spec.job_type})" if spec.job_type else ""),
            )
        )

    @staticmethod
    def _step_type_text(spec: Spec) -> str:
        ref = spec.step_type
        if ref.function is not None:
            args = [f'"{text_of(ref.argument)}"']
            if ref.job_type_argument is not None:
                args.append(f'"{text_of(ref.job_type_argument)}"')
            return f'{ref.function}({", ".join(args)}) -> "{ref.text}"'
        return f'"{ref.text}"'

    # -- configs and builders ----------------------------------------------------------------
    def _link_configs_and_builders(self) -> None:
        # Later entries win: the smallest path, and the workspace's pieces in its view.
        def last_wins(path: str) -> tuple[bool, str]:
            return self._later(path), path

        configs: dict[str, ConfigClass] = {}
        for config in sorted(self.r.configs, key=lambda c: last_wins(c.info.path), reverse=True):
            configs[config.name] = config
        builders: dict[str, BuilderClass] = {}
        by_path = sorted(self.r.builders, key=lambda b: last_wins(b.info.path), reverse=True)
        for builder in by_path:
            builders[builder.name] = builder
        # A class is also named by the aliases its module binds it to; its own name wins.
        aliases = self.resolver.index.class_aliases
        for config in list(configs.values()):
            for alias in aliases.get(config.info.qualname, ()):
                configs.setdefault(alias, config)
        for builder in list(builders.values()):
            for alias in aliases.get(builder.info.qualname, ()):
                builders.setdefault(alias, builder)
        registered: dict[str, BuilderClass] = {}
        for builder in by_path:
            name = text_of(builder.registered_name)
            if name is not None:
                registered[name] = builder
        for step in self.steps.values():
            row = step.registry_row
            assert row is not None
            builder_name = row.text("builder_step_name")
            if builder_name in builders:
                step.builder = builders[builder_name]
                step.links.append(
                    Link(
                        "builder",
                        _span_of(row.builder_step_name, row.span),
                        step.builder.info.name_span,
                        f'registry row {step.name} builder_step_name="{builder_name}"',
                    )
                )
            elif step.name in registered:
                step.builder = registered[step.name]
                step.links.append(
                    Link(
                        "builder",
                        _span_of(step.builder.registered_name, step.builder.span),
                        step.builder.info.name_span,
                        f'@register_builder("{step.name}") on {step.builder.name}',
                    )
                )
            config_name = row.text("config_class")
            if config_name in configs:
                step.config = configs[config_name]
                step.links.append(
                    Link(
                        "config",
                        _span_of(row.config_class, row.span),
                        step.config.info.name_span,
                        f'registry row {step.name} config_class="{config_name}"',
                    )
                )
            elif step.builder is not None and step.builder.config_class is not None:
                step.config = step.builder.config_class
                names = step.builder.config_class_names
                source = names[0].span if names else step.builder.span
                step.links.append(
                    Link(
                        "config",
                        source,
                        step.config.info.name_span,
                        f"{step.builder.name} isinstance(config, {step.config.name})",
                    )
                )
            if step.builder is not None and not step.specs:
                for spec in step.builder.spec_refs:
                    if spec.job_type not in step.specs:
                        step.specs[spec.job_type] = spec
                        step.links.append(
                            Link(
                                "spec",
                                step.builder.info.name_span,
                                spec.name_span,
                                f"{step.builder.name} uses {spec.name}",
                            )
                        )

    # -- contracts ---------------------------------------------------------------------------
    def _link_contracts(self) -> None:
        for step in self.steps.values():
            for spec in step.all_specs():
                if isinstance(spec.contract, Contract):
                    if step.contract is None:
                        step.contract = spec.contract
                    if spec.contract is step.contract:
                        step.links.append(
                            Link(
                                "contract",
                                spec.contract_span or spec.span,
                                spec.contract.name_span,
                                f"{spec.name}.script_contract={spec.contract_expression} -> {spec.contract.name}",
                            )
                        )
            config = step.config
            if config is not None and isinstance(config.script_contract, Contract):
                if step.contract is None:
                    step.contract = config.script_contract
                if config.script_contract is step.contract:
                    step.links.append(
                        Link(
                            "contract",
                            config.script_contract_span or config.span,
                            step.contract.name_span,
                            f"{config.name}.get_script_contract() -> {step.contract.name}",
                        )
                    )

    # -- scripts -----------------------------------------------------------------------------
    def find_script(self, entry_point: str) -> list[str]:
        """Files whose path ends with ``entry_point``: under the script roots when configured
        and found there, else anywhere in the project (sorted)."""
        candidates = self.files_by_suffix.ending_with(entry_point)
        if self.script_roots:
            rooted = [
                p for p in candidates if any(p.startswith(r + "/") for r in self.script_roots)
            ]
            if rooted:
                return rooted
        return candidates

    def _link_scripts(self) -> None:
        for step in self.steps.values():
            contract = step.contract
            entry = contract.entry_point_name if contract is not None else None
            source_span = (
                contract.entry_point.span
                if contract and isinstance(contract.entry_point, Located)
                else None
            )
            origin = f"{contract.name}.entry_point" if contract is not None else ""
            if entry is None and step.config is not None:
                for field_name, attribute in step.config.entry_points.items():
                    if isinstance(attribute.default, Located) and isinstance(
                        attribute.default.value, str
                    ):
                        entry = attribute.default.value
                        source_span = attribute.default.span
                        origin = f"{step.config.name}.{field_name}"
                        break
            if entry is None or source_span is None:
                continue
            found = self.find_script(entry)
            if not found:
                continue
            preferred = self.preferred
            if preferred is not None:
                # In a workspace's view a piece's script is on its own side (workspace/shared).
                side = preferred(source_span.path)
                found = sorted(found, key=lambda p: preferred(p) != side)
            path = found[0]
            script = self.scripts.get(path)
            if script is None:
                script = self.resolver.script(self.files[path])
                self.scripts[path] = script
            step.script = script
            extra = f" (also: {', '.join(found[1:])})" if len(found) > 1 else ""
            step.links.append(
                Link("script", source_span, script.span, f'{origin}="{entry}" -> {path}{extra}')
            )
        # A module defining the ``main`` a linked script imports is part of that script, not a
        # script of its own (unless a contract names it too).
        linked = {s.script.path for s in self.steps.values() if s.script is not None}
        for path in sorted(self._implementations() - linked):
            self.scripts.pop(path, None)

    def _implementations(self) -> set[str]:
        """The modules defining the ``main`` of a linked script that imports it."""
        return {
            s.script.implementation
            for s in self.steps.values()
            if s.script is not None and s.script.implementation is not None
        }

    # -- DAGs --------------------------------------------------------------------------------
    def _link_dags(self) -> None:
        for dag in self.r.dags:
            for node, span in dag.nodes.items():
                step = self.steps.get(node)
                job_type = None
                if step is None and "_" in node:
                    prefix, _, suffix = node.rpartition("_")
                    step = self.steps.get(prefix)
                    job_type = suffix.lower()
                if step is None:
                    continue
                step.dag_nodes.append(DagNode(dag, node, span, job_type))
                step.links.append(Link("dag", span, span, f'DAG {dag.name} node "{node}"'))

    # -- leftovers ---------------------------------------------------------------------------
    def _incomplete_registries(self) -> list[Registry]:
        """Registries that may hold rows not known statically (in the shared library's view)."""
        return [registry for registry in self.r.registries if not registry.closed]

    def _report_unlinked(self) -> None:
        if self._incomplete_registries():
            # Any piece may belong to a row that could not be read: nothing is reported as
            # unlinked (ALN003 records what it could not check, for ``--statistics``).
            self.unlinked.sort(key=lambda u: (u.span.path, u.span.start, u.kind, u.name))
            return
        linked_contracts = {id(s.contract) for s in self.steps.values() if s.contract is not None}
        for step in self.steps.values():
            for spec in step.all_specs():
                if isinstance(spec.contract, Contract):
                    linked_contracts.add(id(spec.contract))
            if step.config is not None and isinstance(step.config.script_contract, Contract):
                linked_contracts.add(id(step.config.script_contract))
        for contract in self.r.contracts:
            if id(contract) not in linked_contracts:
                self.unlinked.append(
                    Unlinked(
                        "contract",
                        contract.name,
                        contract.name_span,
                        f"contract {contract.name}: no linked spec or config refers to it",
                    )
                )
        used_builders = {id(s.builder) for s in self.steps.values() if s.builder is not None}
        builder_bases = {id(c) for b in self.r.builders for c in list(b.info.mro())[1:]}
        for builder in self.r.builders:
            if id(builder) in used_builders or id(builder.info) in builder_bases:
                continue
            self.unlinked.append(
                Unlinked(
                    "builder",
                    builder.name,
                    builder.info.name_span,
                    f"builder {builder.name}: no registry row names it (builder_step_name) "
                    "and it is not registered with @register_builder(<step>)",
                )
            )
        used_configs = {id(s.config) for s in self.steps.values() if s.config is not None}
        # A config a builder's isinstance check names is claimed: when that check disagrees with
        # the registry, ALN409 reports the conflict (and an unlinked builder is reported itself).
        used_configs |= {id(b.config_class) for b in self.r.builders if b.config_class is not None}
        config_bases = {id(b) for c in self.r.configs for b in list(c.info.mro())[1:]}
        typed = set(self.resolver.config_names) - {"BaseModel"}
        for config in self.r.configs:
            if id(config) in used_configs or id(config.info) in config_bases:
                continue
            if not set(config.info.ancestors) & typed:
                continue
            self.unlinked.append(
                Unlinked(
                    "config",
                    config.name,
                    config.info.name_span,
                    f"config {config.name}: no registry row (config_class) or builder "
                    "isinstance check names it",
                )
            )
        used_scripts = {s.script.path for s in self.steps.values() if s.script is not None}
        used_scripts |= self._implementations()
        for path, script in sorted(self.r.scripts.items()):
            if path not in used_scripts:
                self.unlinked.append(
                    Unlinked(
                        "script",
                        path,
                        script.span,
                        f"script {path}: no linked contract's entry_point names it",
                    )
                )
        self.unlinked.sort(key=lambda u: (u.span.path, u.span.start, u.kind, u.name))
