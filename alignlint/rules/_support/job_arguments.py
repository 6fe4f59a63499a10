"""Job arguments a builder passes (``_get_job_arguments``) and the options a script's
``argparse`` parser defines — shared by the script-side argument rule (ALN111) and the
builder-side ones (ALN403, ALN404, ALN420).

What a builder passes: the flags of its own ``_get_job_arguments`` (the nearest definition in its
project hierarchy that is not the base builder's), else the base builder's convention, which
passes ``--<key> <value>`` for each key of the contract's ``expected_arguments``.

Passed flags are matched the way ``argparse`` matches them on the command line: an option string
exactly, or a unique prefix of a long option (``allow_abbrev``). ``--job-type`` and ``--job_type``
only share a ``dest``: a parser defining ``--job-type`` rejects ``--job_type`` as unrecognised.
"""

from __future__ import annotations

from collections.abc import Collection

from alignlint.core.records import record
from alignlint.core.types import Span
from alignlint.extract.facts import FunctionFact
from alignlint.extract.ir import Call, Lit, SeqExpr
from alignlint.extract.python import FIELD_VALIDATORS
from alignlint.model import BuilderClass, CliArgument, Project, Script, Step
from alignlint.model.local_values import inline_locals
from alignlint.model.self_passes import find_method, follow_results
from alignlint.model.values import Located, SeqValue, Value


def option_key(flag: str) -> str:
    """``--job-type`` / ``--job_type`` / ``--job_type=x`` -> ``job_type``; ``-j`` -> ``-j``."""
    name = flag.partition("=")[0]
    if name.startswith("--"):
        return name[2:].replace("-", "_")
    return name


def script_options(script: Script) -> dict[str, CliArgument] | None:
    """Option string -> argument for every option the script's parser defines; None when that
    set is not known: an argument (or sub-commands, parent parsers) alignlint cannot read, or
    no argument at all unless the script itself builds an ``ArgumentParser`` and parses the
    command line with ``parse_args()`` (then it accepts no option: the set is empty)."""
    if any(a.dynamic for a in script.arguments):
        return None
    if not script.arguments:
        return {} if script.parsers and script.strict_parses else None
    options: dict[str, CliArgument] = {}
    for argument in sorted(script.arguments, key=lambda a: a.span):
        for flag in argument.flags:
            if flag.startswith("-"):
                options.setdefault(flag, argument)
    return options


def parser_span(script: Script) -> Span | None:
    """Where the script sets up its parser: from the first ``ArgumentParser(...)`` or
    ``add_argument`` to the last ``add_argument`` or ``parse_args()`` (None without any)."""
    spans = [
        span
        for span in (
            *script.parsers,
            *(argument.span for argument in script.arguments),
            *script.strict_parses,
        )
        if span.path == script.path
    ]
    if not spans:
        return None
    first = min(spans, key=lambda span: span.start)
    last = max(spans, key=lambda span: span.end)
    return Span.between(script.path, first.start, last.end)


def parsed_as(flag: str, options: dict[str, CliArgument]) -> CliArgument | None:
    """The argument ``argparse`` would parse the passed ``flag`` (``--x`` or ``--x=v``) as."""
    name = flag.partition("=")[0]
    if name in options:
        return options[name]
    if not name.startswith("--"):
        return None
    matches = {id(arg): arg for option, arg in options.items() if option.startswith(name)}
    return next(iter(matches.values())) if len(matches) == 1 else None


@record
class JobArguments:
    """The builder's ``_get_job_arguments`` method (of class ``owner``), the bodies that build
    its result (the method's own first, then the helper methods whose result it returns:
    :func:`~alignlint.model.self_passes.follow_results`), and whether its flags are all
    literal; ``unknown`` says why not, when a helper or a returned attribute cannot be read
    (None: it can, or the reason is a value that is no literal list)."""

    method: FunctionFact
    owner: str
    complete: bool
    bodies: tuple[FunctionFact, ...] = ()
    unknown: str | None = None


def _is_flag(expr: object) -> bool:
    return isinstance(expr, Lit) and isinstance(expr.value, str) and expr.value.startswith("-")


def _literal_flag_list(expr: object, flags: Collection[Span] = ()) -> bool:
    """A list display where every non-literal item is the value of the literal flag before it;
    an f-string item whose span is among ``flags`` (a flag alignlint reads,
    ``f"--{FLAG_NAME}"``) is a literal flag."""
    if isinstance(expr, Lit) and expr.value is None:
        return True
    if not isinstance(expr, SeqExpr):
        return False
    previous_is_flag = False
    for item in expr.items:
        if isinstance(item, Lit) or item.span in flags:
            previous_is_flag = not isinstance(item, Lit) or _is_flag(item)
            continue
        if not previous_is_flag:
            return False
        previous_is_flag = False
    return True


def job_arguments_method(project: Project, builder: BuilderClass) -> JobArguments | None:
    """The nearest ``_get_job_arguments`` defined in the builder's project hierarchy, unless it is
    the base builder's convention (None then, and when only an external base defines it).

    Its result is read with the helper methods whose result it returns inlined (``return
    self._build_args()``, also as a branch of a conditional return). The flags are complete
    when every value those bodies may return is a literal flag list (or ``None``) returned as
    it is: a list returned through a local name may have been extended."""
    index = project.index
    found = find_method(index, builder.info, METHOD)
    if found is None:
        return None
    cls, method = found
    if cls.name in project.settings.base_classes.builders:
        return None
    followed = follow_results(index, builder.info, cls, method)
    read = {flag.span for flag in builder.job_arguments}
    unknown = followed.unknown
    literal = followed.unknown is None
    values = 0
    for reached in followed.reached:
        body = reached.method.body
        for result in body.returned_self:
            if result.local is not None:
                literal = False
            elif not result.called and find_method(index, builder.info, result.name) is None:
                literal = False
                unknown = unknown or (
                    f"`{reached.owner.name}.{reached.method.name}` returns "
                    f"`self.{result.name}`, an attribute alignlint does not read"
                )
        for value in body.returned_values:
            values += 1
            if value.local is not None or not _literal_flag_list(value.value, read):
                literal = False
    bodies = tuple(reached.method for reached in followed.reached)
    return JobArguments(method, cls.name, literal and values > 0, bodies, unknown)


METHOD = "_get_job_arguments"


@record
class PassedArguments:
    """The option strings a step's builder passes to its script. ``method`` is the builder's own
    ``_get_job_arguments`` (None: the base builder's convention over the contract's
    ``expected_arguments``); ``complete`` whether no other flag can be passed."""

    flags: tuple[Located[str], ...]
    complete: bool
    method: JobArguments | None


def passed_arguments(project: Project, step: Step) -> PassedArguments | None:
    """What the step's builder passes; None without a builder (or, for the convention, without
    a contract)."""
    builder = step.builder
    if builder is None:
        return None
    method = job_arguments_method(project, builder)
    if method is not None:
        return PassedArguments(builder.job_arguments, method.complete, method)
    contract = step.contract
    if contract is None:
        return None
    arguments = contract.expected_arguments
    flags = tuple(
        Located(f"--{key.lstrip('-')}", entry.key_span) for key, entry in arguments.items()
    )
    return PassedArguments(flags, arguments.complete, None)


def reads_config(method: JobArguments, attribute: str) -> bool:
    """Whether the builder's ``_get_job_arguments`` (or a helper method whose result it
    returns) reads ``config.<attribute>``."""
    return any(
        read.attr == attribute
        for body in method.bodies or (method.method,)
        for read in body.body.config_reads
    )


def choice_texts(argument: CliArgument) -> list[str] | None:
    """The argument's ``choices`` when they are a known list of strings."""
    value = argument.choices
    if not (isinstance(value, Located) and isinstance(value.value, SeqValue)):
        return None
    texts = [item.value for item in value.value.items if isinstance(item, Located)]
    if len(texts) != len(value.value.items) or not all(isinstance(t, str) for t in texts):
        return None
    return [str(text) for text in texts]


def delivered(project: Project, builder: BuilderClass) -> bool | None:
    """Whether some method of the builder's hierarchy (other than ``_get_job_arguments``
    itself) uses ``self._get_job_arguments``; None when a base alignlint cannot read might."""
    for cls in builder.info.mro():
        for method in project.index.class_fact(cls).methods:
            if method.name != METHOD and METHOD in method.body.self_attrs:
                return True
    return False if builder.info.hierarchy_complete else None


def validated_values(project: Project, step: Step, field: str) -> list[Value]:
    """What each ``@field_validator(field)`` (or ``@validator``) of the step's config class and
    its project bases lets through when it raises for a value not in a collection (``if
    value.lower() not in VALUES: raise``): one value per such check, evaluated through the
    method's local names. A validator a subclass overrides is left out. Only the bodies of
    those validators are read."""
    config = step.config
    if config is None:
        return []
    found: list[Value] = []
    seen: set[str] = set()
    for cls in config.info.mro():
        for method in project.index.class_fact(cls).methods:
            if method.name in seen:
                continue  # a subclass's method of that name replaces it
            seen.add(method.name)
            if not _validates(project, cls.module, method, field):
                continue
            params = [name for name in method.param_names if name not in ("self", "cls")]
            if not params:
                continue
            local = dict(method.body.local_values)
            found.extend(
                project.index.evaluator.evaluate(inline_locals(values, local), cls.module)
                for subject, values in method.body.accepted_values
                if subject == params[0]
            )
    return found


def _validates(project: Project, module: str, method: FunctionFact, field: str) -> bool:
    """Whether a decorator of ``method`` makes it a pydantic validator of ``field``: the
    decorator named as written or by the function its name resolves to (``field_validator as
    checks``)."""
    return any(
        isinstance(decorator, Call)
        and any(isinstance(a, Lit) and a.value == field for a in decorator.args)
        and (
            decorator.func_name in FIELD_VALIDATORS
            or project.index.evaluator.defined_name(decorator.func, module) in FIELD_VALIDATORS
        )
        for decorator in method.decorators
    )
