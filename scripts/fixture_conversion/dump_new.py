"""Dump every case file's findings, links and fix diff, and its materialised project files, in the
form of dump_old.py, and compare with the old dump."""
import base64, json, sys, tempfile
from pathlib import Path
sys.path.insert(0, "tests")
from fixture_cases import load_case, project_files
from fixture_harness import collect_cases, run_case
from fix_cli.support import fix_copy
from alignlint.fix import render_diffs

old = json.load(open(sys.argv[1]))
new = {}
for case in collect_cases():
    parsed = load_case(case.path)
    with tempfile.TemporaryDirectory() as t:
        o = run_case(case, Path(t) / "p")
        fixed = fix_copy(case, Path(t) / "q")
    new[case.name] = {
        "findings": o.findings, "links": o.links, "fix": render_diffs(fixed.report.changes),
        "tree": {p: base64.b64encode(c).decode() for p, c in project_files(case.path).items()},
        "has_links": parsed.generated("links") is not None,
        "has_expected": True,
        "section_expected": parsed.generated("expected"),
        "section_links": parsed.generated("links"),
        "section_fix": parsed.generated("fix") or "",
    }
assert sorted(new) == sorted(old), set(new) ^ set(old)
bad = 0
for name in sorted(old):
    o, n = old[name], new[name]
    for key in ("findings", "links", "fix", "tree", "has_links"):
        if o[key] != n[key]:
            print("DIFFERS", name, key); bad += 1
    # the sections hold what the old files held
    if n["section_expected"] != o["findings"]: print("SECTION expected", name); bad += 1
    if o["has_links"] and n["section_links"] != o["links"]: print("SECTION links", name); bad += 1
    if n["section_fix"] != o["fix"]: print("SECTION fix", name); bad += 1
print(f"{len(old)} cases compared: findings, link tables, fix diffs and project files; {bad} differences")
