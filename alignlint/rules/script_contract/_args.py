"""argparse arguments: what the script's parser defines, compared by argparse ``dest`` (shared
by ALN111-ALN113)."""

from __future__ import annotations

from alignlint.model import CliArgument, Script


def defined_dests(script: Script) -> dict[str, CliArgument] | None:
    """dest -> first argument defining it; None when the script defines no argument at all (its
    parser is built elsewhere) or one alignlint cannot read (dynamic flags or dest)."""
    if not script.arguments or any(a.dynamic or a.dest is None for a in script.arguments):
        return None
    dests: dict[str, CliArgument] = {}
    for argument in sorted(script.arguments, key=lambda a: a.span):
        assert argument.dest is not None
        dests.setdefault(argument.dest, argument)
    return dests


#: Why ALN111-ALN113 cannot check a script whose parser has an argument they cannot read.
UNREADABLE_ARGUMENT = (
    "the script's parser has an argument alignlint cannot read (its flags or dest are built "
    "at run time, as in a loop over a table of options)"
)


def unreadable_argument(script: Script) -> bool:
    """Whether the script's parser defines an argument whose flags or dest are not known."""
    return any(a.dynamic or a.dest is None for a in script.arguments)


def spellings(dest: str) -> str:
    """How an argument with ``dest`` may be written: ```--job_type`/`--job-type```."""
    forms = sorted({f"--{dest}", f"--{dest.replace('_', '-')}"})
    return "/".join(f"`{form}`" for form in forms)


def is_option(argument: CliArgument) -> bool:
    """Whether the argument is an option (``--x``), not a positional argument."""
    return any(flag.startswith("-") for flag in argument.flags)
