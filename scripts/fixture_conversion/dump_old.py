"""Dump every old fixture case's findings, links and fix diff, and its project files."""
import base64, json, sys, tempfile
from pathlib import Path
sys.path.insert(0, "tests")
from fixture_harness import Case, run_case, FIXTURES
from fix_cli.support import fix_copy, snapshot
from alignlint.fix import render_diffs

def tree(root):
    return {p.relative_to(root).as_posix(): base64.b64encode(p.read_bytes()).decode()
            for p in sorted(root.rglob("*")) if p.is_file() and p.name not in ("expected.txt", "links.txt")}

dirs = sorted(p.parent for p in FIXTURES.rglob("expected.txt")) + sorted(p for p in (FIXTURES/"linking").iterdir())
out = {}
for d in dirs:
    name = d.relative_to(FIXTURES).as_posix()
    o = run_case(Case(d, name))
    entry = {"findings": o.findings, "links": o.links, "tree": tree(d),
             "has_links": (d/"links.txt").exists(), "has_expected": (d/"expected.txt").exists()}
    with tempfile.TemporaryDirectory() as t:
        fixed = fix_copy(d, Path(t)/"project")
        entry["fix"] = render_diffs(fixed.report.changes)
    out[name] = entry
    print(name, len(o.findings), len(entry["fix"]), file=sys.stderr)
json.dump(out, open(sys.argv[1], "w"), indent=0, sort_keys=True)
