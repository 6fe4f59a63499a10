"""Job arguments a builder passes (``_get_job_arguments``) and the options a script's
``argparse`` parser defines — shared by ALN403 and ALN404.

Passed flags are matched the way ``argparse`` matches them on the command line: an option string
exactly, or a unique prefix of a long option (``allow_abbrev``). ``--job-type`` and ``--job_type``
only share a ``dest``: a parser defining ``--job-type`` rejects ``--job_type`` as unrecognised.
"""

from __future__ import annotations

from dataclasses import dataclass

from alignlint.extract.facts import FunctionFact
from alignlint.extract.ir import Lit, SeqExpr
from alignlint.model import BuilderClass, CliArgument, Project, Script


def option_key(flag: str) -> str:
    """``--job-type`` / ``--job_type`` / ``--job_type=x`` -> ``job_type``; ``-j`` -> ``-j``."""
    name = flag.partition("=")[0]
    if name.startswith("--"):
        return name[2:].replace("-", "_")
    return name


def script_options(script: Script) -> dict[str, CliArgument] | None:
    """Option string -> argument for every option the script's parser defines; None when the
    script defines no argument (its parser is built elsewhere) or one that cannot be read."""
    if not script.arguments or any(a.dynamic for a in script.arguments):
        return None
    options: dict[str, CliArgument] = {}
    for argument in sorted(script.arguments, key=lambda a: a.span):
        for flag in argument.flags:
            if flag.startswith("-"):
                options.setdefault(flag, argument)
    return options


def parsed_as(flag: str, options: dict[str, CliArgument]) -> CliArgument | None:
    """The argument ``argparse`` would parse the passed ``flag`` (``--x`` or ``--x=v``) as."""
    name = flag.partition("=")[0]
    if name in options:
        return options[name]
    if not name.startswith("--"):
        return None
    matches = {id(arg): arg for option, arg in options.items() if option.startswith(name)}
    return next(iter(matches.values())) if len(matches) == 1 else None


@dataclass(frozen=True)
class JobArguments:
    """The builder's ``_get_job_arguments`` method and whether its flags are all literal."""

    method: FunctionFact
    owner: str
    complete: bool


def _is_flag(expr: object) -> bool:
    return isinstance(expr, Lit) and isinstance(expr.value, str) and expr.value.startswith("-")


def _literal_flag_list(expr: object) -> bool:
    """A list display where every non-literal item is the value of the literal flag before it."""
    if isinstance(expr, Lit) and expr.value is None:
        return True
    if not isinstance(expr, SeqExpr):
        return False
    previous_is_flag = False
    for item in expr.items:
        if isinstance(item, Lit):
            previous_is_flag = _is_flag(item)
            continue
        if not previous_is_flag:
            return False
        previous_is_flag = False
    return True


def job_arguments_method(project: Project, builder: BuilderClass) -> JobArguments | None:
    """The nearest ``_get_job_arguments`` defined in the builder's project hierarchy (None when
    only an external base defines it)."""
    for cls in builder.info.mro():
        method = project.index.class_fact(cls).method("_get_job_arguments")
        if method is not None:
            complete = bool(method.returns) and all(
                _literal_flag_list(expr) for expr in method.returns
            )
            return JobArguments(method, cls.name, complete)
    return None
