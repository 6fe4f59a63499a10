"""Where an env read's value goes (``EnvRead.transforms``): followed through the normalisations
alignlint computes and through local names bound once; ended by a ``?`` step where it goes into
code alignlint does not compute."""

from __future__ import annotations

import pytest

from alignlint.core.settings import Settings
from alignlint.extract import extract_file
from alignlint.extract.facts import EnvRead
from alignlint.extract.ir import Lit


def _reads(source: str) -> dict[str, tuple[tuple[str, ...], ...]]:
    facts = extract_file("steps/scripts/prep.py", source.encode(), Settings())
    bodies = [facts.module_body, *(f.body for f in facts.functions)]
    if facts.main_block is not None:
        bodies.append(facts.main_block)
    found: dict[str, tuple[tuple[str, ...], ...]] = {}
    for body in bodies:
        for read in body.env_reads:
            assert isinstance(read, EnvRead)
            if isinstance(read.name, Lit):
                found[str(read.name.value)] = read.transforms
    return found


def _in_main(lines: str) -> str:
    body = "".join(f"    {line}\n" for line in lines.splitlines())
    return f"import os\n\n\ndef main(input_paths, output_paths, environ_vars, job_args):\n{body}"


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ('x = os.environ.get("X", "a").lower() == "true"', (("lower", "eq:true"),)),
        ('x = bool(os.environ.get("X", ""))', (("bool",),)),
        ('x = use(os.environ.get("X", "a"))', (("?passed to `use()`",),)),
        ('x = use(flag=os.environ.get("X", "a").strip())', (("strip", "?passed to `use()`"),)),
        ('x = use(int(os.environ.get("X", "1")))', (("int",),)),
        ('x = os.environ.get("X", "a,b").split(",")', (("?through its `.split`",),)),
        ('x = {"k": os.environ.get("X", "a")}', (("?stored in a dict",),)),
        ('x = {os.environ.get("X", "a"): 1}', ((),)),
        ('return os.environ.get("X", "a").lower()', (("lower",),)),
        ('self.flag = os.environ.get("X", "a")', (("?stored in `self.flag`",),)),
        ('x = [os.environ.get("X", "a")]', ((),)),
        ('raw = os.environ.get("X", "a")\nflag = raw.lower() == "true"', (("lower", "eq:true"),)),
        (
            'raw = os.environ.get("X", "a")\nlow = raw.lower()\nuse(low == "y", int(raw))',
            (("lower", "eq:y"), ("int",)),
        ),
        ('raw = os.environ.get("X", "a")\nprint(raw)\nlog(f"{raw}")', ()),
        ('raw = os.environ.get("X", "a")', ()),
        (
            'raw = os.environ.get("X", "a")\nraw = raw.lower()\nuse(raw)',
            (("?bound to `raw`, not followed",),),
        ),
        (
            'if (raw := os.environ.get("X", "a")) == "b":\n    use(raw)',
            (("?passed to `use()`",), ("eq:b",)),
        ),
        (
            'x = (os.environ.get("X", "") or "Fast").lower() == "fast"',
            (("or:Fast", "lower", "eq:fast"),),
        ),
        ('x = os.environ.get("X", "") or DEFAULT', (("?through `or` with another value",),)),
        ('x = flag and os.environ.get("X", "")', ((),)),
    ],
    ids=[
        "chain",
        "bool",
        "helper",
        "keyword after strip",
        "typed then helper",
        "unknown method",
        "dict value",
        "dict key",
        "returned",
        "attribute",
        "list item",
        "name",
        "names and uses",
        "shown only",
        "unused",
        "bound twice",
        "walrus",
        "or text",
        "or name",
        "last operand",
    ],
)
def test_chains_in_a_function(code: str, expected: tuple[tuple[str, ...], ...]) -> None:
    assert _reads(_in_main(code))["X"] == expected


def test_a_module_name_is_followed_only_where_all_its_uses_are() -> None:
    source = (
        "import os\n\n"
        'HERE = os.environ.get("HERE", "a")\n'
        'FLAG = HERE.lower() == "true"\n'
        'THERE = os.environ.get("THERE", "a")\n\n\n'
        "def use():\n"
        "    return THERE.lower()\n\n\n"
        'if __name__ == "__main__":\n'
        '    MAIN = os.environ.get("MAIN", "a")\n'
        '    main({}, {}, {"MAIN": MAIN}, None)\n'
    )
    reads = _reads(source)
    assert reads["HERE"] == (("lower", "eq:true"),)
    assert reads["THERE"] == (("?bound to `THERE`, not followed",),)
    assert reads["MAIN"] == (("?stored in a dict",),)  # ALN110 hands it to `main`
