"""Generate the rule reference from the rules' own documentation.

Writes ``docs/rules.md`` (every rule's full documentation with its example, as ``alignlint rule
CODE`` prints it) and the rules table of ``README.md`` between ``<!-- rules:start -->`` and
``<!-- rules:end -->`` (one line per rule: code, name linking to its section in ``docs/rules.md``,
severity, fix, summary). ``--check`` exits 1 when either is out of date; ``tests/docs/test_docs.py``
runs it so the docs cannot drift from the code.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from alignlint.rules.base import FixAvailability, Rule, discover_rules

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
RULES_DOC = ROOT / "docs" / "rules.md"
START, END = "<!-- rules:start -->", "<!-- rules:end -->"


def anchor(rule: type[Rule]) -> str:
    return f"{rule.code.lower()}-{rule.name}"


def has_fix(rule: type[Rule]) -> bool:
    return rule.fix_availability is not FixAvailability.NONE


def render_rules_doc(rules: Sequence[type[Rule]]) -> str:
    lines = [
        "# Rules",
        "",
        "Generated from the rules' documentation by `scripts/generate_rule_docs.py`; "
        "`alignlint rule CODE` prints the same text.",
        "",
    ]
    for rule in rules:
        facts = [f"Default severity: {rule.severity.label}."]
        if rule.opt_in:
            facts.append("Opt-in (select it explicitly).")
        body = re.sub(r"^## ", "#### ", rule.documentation(), flags=re.M)
        lines += [f'<a id="{anchor(rule)}"></a>', f"## {rule.code} {rule.name}", ""]
        lines += [" ".join(facts), "", body, ""]
    return "\n".join(lines).rstrip() + "\n"


def render_readme_section(rules: Sequence[type[Rule]]) -> str:
    lines = [START, "", "| code | name | severity | fix | what it finds |", "|---|---|---|---|---|"]
    for rule in rules:
        severity = rule.severity.label + (" (opt-in)" if rule.opt_in else "")
        fix = "yes" if has_fix(rule) else ""
        link = f"[{rule.name}](docs/rules.md#{anchor(rule)})"
        lines.append(f"| {rule.code} | {link} | {severity} | {fix} | {rule.summary} |")
    lines += ["", END]
    return "\n".join(lines)


def updated_readme(text: str, rules: Sequence[type[Rule]]) -> str:
    start, end = text.index(START), text.index(END) + len(END)
    return text[:start] + render_readme_section(rules) + text[end:]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail when the docs are stale")
    args = parser.parse_args(argv)
    rules = discover_rules()
    wanted = {
        RULES_DOC: render_rules_doc(rules),
        README: updated_readme(README.read_text(encoding="utf-8"), rules),
    }
    stale = [
        path
        for path, text in wanted.items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]
    if args.check:
        for path in stale:
            print(f"{path.relative_to(ROOT)} is out of date: run scripts/generate_rule_docs.py")
        return 1 if stale else 0
    for path in stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(wanted[path], encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
