"""Generate the rule reference from the rules' own documentation and their tested examples.

Writes ``docs/rules.md`` (every rule's full documentation, as ``alignlint rule CODE`` prints it,
followed by its tested example: the fixture case marked ``doc: CODE`` that fires the rule and its
corrected twin that stays silent, shown as the files that differ between the two and the findings;
the fixture tests run both cases) and the rules table of ``README.md`` between ``<!-- rules:start -->`` and
``<!-- rules:end -->`` (one line per rule: code, name linking to its section in ``docs/rules.md``,
severity, fix, summary). ``--check`` exits 1 when either is out of date; ``tests/docs/test_docs.py``
runs it so the docs cannot drift from the code.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from fixture_cases import (  # noqa: E402
    FIXTURES,
    CaseFile,
    DocumentedExample,
    case_name,
    documented_examples,
    escape,
    load_case,
    plain,
    project_files,
)

from alignlint.rules.base import FixAvailability, Rule, discover_rules  # noqa: E402

README = ROOT / "README.md"
RULES_DOC = ROOT / "docs" / "rules.md"
START, END = "<!-- rules:start -->", "<!-- rules:end -->"


def anchor(rule: type[Rule]) -> str:
    return f"{rule.code.lower()}-{rule.name}"


def has_fix(rule: type[Rule]) -> bool:
    return rule.fix_availability is not FixAvailability.NONE


_LANGUAGES = {".py": "python", ".toml": "toml", ".json": "json", ".yaml": "yaml", ".yml": "yaml"}


def _code_block(path: str, content: bytes) -> list[str]:
    """``path`` and its content in a fence (escaped as in case files when not plain text)."""
    text = content.decode("utf-8") if plain(content) else escape(content)
    language = _LANGUAGES.get(Path(path).suffix, "text")
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    note = "" if plain(content) else " (escaped as in case files)"
    return [f"`{path}`{note}:", "", f"{fence}{language}", *text.rstrip("\n").split("\n"), fence, ""]


def _case_link(path: Path) -> str:
    name = case_name(path)
    return f"[`{name}`](../fixtures/{name}.case)"


def _findings(case: CaseFile, code: str) -> list[str]:
    expected = case.generated("expected") or ""
    return [line for line in expected.splitlines() if f" {code} " in line]


def correction(before: dict[str, bytes], after: dict[str, bytes]) -> list[str]:
    """The unified diff (3 lines of context) from one project to another, file by file; a file
    moved unchanged is a git-style rename."""
    lines: list[str] = []
    removed = {before[p]: p for p in sorted(before) if p not in after}
    renamed = {
        removed[after[p]]: p for p in sorted(after) if p not in before and after[p] in removed
    }
    for path in sorted(set(before) | set(after)):
        old, new = before.get(path), after.get(path)
        if old == new or path in renamed.values():
            continue
        if path in renamed:
            lines += [f"rename from {path}", f"rename to {renamed[path]}"]
            continue
        lines += difflib.unified_diff(
            _text(old).splitlines(),
            _text(new).splitlines(),
            f"a/{path}" if old is not None else "/dev/null",
            f"b/{path}" if new is not None else "/dev/null",
            lineterm="",
        )
    return lines


def _text(content: bytes | None) -> str:
    if content is None:
        return ""
    return content.decode("utf-8") if plain(content) else escape(content)


def render_example(code: str, example: DocumentedExample) -> list[str]:
    """The tested example of rule ``code``: the files of the firing case that its corrected twin
    changes or that the rule reports in, the findings, and the correction as a diff."""
    if len(example.fires) != 1 or len(example.silent) != 1:
        return []
    fires, silent = example.fires[0], example.silent[0]
    before, after = project_files(fires), project_files(silent)
    lines = ["#### Tested example", ""]
    lines += [f"This project fires {code} ({_case_link(fires)}):", ""]
    findings = _findings(load_case(fires), code)
    reported = {line.split(":", 1)[0] for line in findings}
    for path in sorted(p for p in before if before[p] != after.get(p) or p in reported):
        lines += _code_block(path, before[path])
    lines += ["```text", *findings, "```", ""]
    lines += [f"Corrected like this, it is silent ({_case_link(silent)}):", ""]
    diff = correction(before, after)
    longest = max((len(run) for line in diff for run in re.findall(r"`+", line)), default=0)
    fence = "`" * max(3, longest + 1)
    lines += [f"{fence}diff", *diff, fence, ""]
    return lines


def render_rules_doc(
    rules: Sequence[type[Rule]], examples: dict[str, DocumentedExample] | None = None
) -> str:
    examples = documented_examples(FIXTURES) if examples is None else examples
    lines = [
        "# Rules",
        "",
        "Generated from the rules' documentation by `scripts/generate_rule_docs.py`; "
        "`alignlint rule CODE` prints the same text. Each rule's tested example is a pair of "
        "fixture cases the test suite runs: a project that fires the rule and the same project "
        "corrected, which is silent.",
        "",
    ]
    for rule in rules:
        facts = [f"Default severity: {rule.severity.label}."]
        if rule.opt_in:
            facts.append("Opt-in (select it explicitly).")
        body = re.sub(r"^## ", "#### ", rule.documentation(), flags=re.M)
        lines += [f'<a id="{anchor(rule)}"></a>', f"## {rule.code} {rule.name}", ""]
        lines += [" ".join(facts), "", body, ""]
        lines += render_example(rule.code, examples.get(rule.code, DocumentedExample(rule.code)))
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
