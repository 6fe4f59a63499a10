"""Fixes of the script ↔ contract rules: applied to the fixture sources, each repairs its finding
and leaves valid Python."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest
from fixture_cases import materialized

from alignlint.core.settings import Settings
from alignlint.core.types import Diagnostic, Edit
from alignlint.fix.structural import with_edits
from alignlint.rules.base import discover_rules
from alignlint.rules.script_contract import RULES
from alignlint.rules.script_contract._env import UNKNOWN_READS
from alignlint.rules.script_contract.env_default_drift import UNFOLLOWED
from alignlint.run.analysis import analyze


def fixture(case: str) -> Path:
    """The project of ``fixtures/script_contract/<case>.case`` (read only)."""
    return materialized(f"script_contract/{case}")


OURS = tuple(RULES)


def findings(root: Path, code: str, overlay: dict[str, bytes] | None = None) -> list[Diagnostic]:
    settings = Settings(select=(code,))
    result = analyze([], settings, root=root, rules=discover_rules(), overlay=overlay)
    return [d for d in result.diagnostics if d.code == code]


def apply(root: Path, edits: tuple[Edit, ...]) -> dict[str, str]:
    """The edited text of every file the edits touch (edits applied back to front)."""
    texts: dict[str, list[str]] = {}
    for edit in sorted(edits, key=lambda e: e.span.start, reverse=True):
        lines = texts.setdefault(
            edit.span.path,
            (root / edit.span.path).read_text(encoding="utf-8").splitlines(keepends=True),
        )
        start, end = edit.span.start, edit.span.end
        head = lines[start.line - 1][: start.column - 1]
        tail = lines[end.line - 1][end.column - 1 :]
        lines[start.line - 1 : end.line] = [head + edit.content + tail]
    return {path: "".join(lines) for path, lines in texts.items()}


def fixed_sources(case: str, code: str) -> tuple[Path, dict[str, str], Diagnostic]:
    root = fixture(case)
    (first, *_) = findings(root, code)
    assert first.fix is not None
    texts = {path: (root / path).read_text(encoding="utf-8") for path in first.fix.paths}
    return root, apply(root, with_edits(first.fix, texts).edits), first


@pytest.mark.parametrize(
    ("case", "code", "path", "expected_line"),
    [
        (
            "ALN106_container_path_mismatch_fires",
            "ALN106",
            "steps/scripts/prep.py",
            '        input_paths={"data_input": "/opt/ml/processing/input/data"},\n',
        ),
        (
            "ALN107_undeclared_env_var_fix_layout_fires",
            "ALN107",
            "steps/contracts/prep_contract.py",
            "        'RANDOM_SEED': '42'\n",
        ),
        (
            "ALN111_undeclared_argument_default_fires",
            "ALN111",
            "steps/contracts/prep_contract.py",
            '        "mode": "fast",\n',
        ),
        (
            "ALN114_missing_entry_point_fires",
            "ALN114",
            "steps/contracts/prep_contract.py",
            '    entry_point="tabular_preprocessing.py",\n',
        ),
    ],
)
def test_fix_repairs_the_finding(case: str, code: str, path: str, expected_line: str) -> None:
    root, sources, diagnostic = fixed_sources(case, code)
    assert diagnostic.fix is not None
    assert diagnostic.fix.applicability.value == "unsafe"
    assert list(sources) == [path]
    assert expected_line in sources[path].splitlines(keepends=True)
    ast.parse(sources[path])
    overlay = {p: text.encode("utf-8") for p, text in sources.items()}
    remaining = findings(root, code, overlay)
    assert diagnostic.message not in [d.message for d in remaining]


def test_env_var_read_without_default_or_with_different_defaults_gets_no_fix() -> None:
    messages = {
        d.message.split("`")[1]: d.fix
        for d in findings(fixture("ALN107_undeclared_env_var_fires"), "ALN107")
    }
    assert set(messages) == {"TRAIN_SPLIT", "RUN_MODE"}
    assert messages["RUN_MODE"] is None
    # TRAIN_SPLIT falls back to "0.8" in main and to "" in the __main__ block.
    assert messages["TRAIN_SPLIT"] is None


def test_findings_point_at_the_other_side() -> None:
    (finding,) = findings(fixture("ALN101_undeclared_input_key_fires"), "ALN101")
    assert [(r.span.path, r.span.line, r.message) for r in finding.related] == [
        ("steps/contracts/prep_contract.py", 7, "declared inputs")
    ]
    (unused,) = findings(fixture("ALN103_unused_contract_input_fires"), "ALN103")
    assert [(r.span.path, r.message) for r in unused.related] == [
        ("steps/scripts/prep.py", "script prep.py")
    ]


def test_rules_are_sorted_by_code_and_documented() -> None:
    codes = [rule.code for rule in OURS]
    assert codes == sorted(codes)
    assert codes == [f"ALN1{n:02d}" for n in range(1, 18)]
    for rule in OURS:
        documentation = rule.documentation()
        assert "## What it does" in documentation
        assert "## Why is this bad?" in documentation


def test_env_var_renamed_in_the_script_gets_no_fix() -> None:
    """A name close to a declared one is a rename in the script: declaring the new name too
    would leave the config filling the old one (ALN402), so the contract is not edited."""
    root = fixture("ALN107_undeclared_env_var_fix_layout_fires")
    script = (root / "steps/scripts/prep.py").read_text(encoding="utf-8")
    renamed = script.replace('"TRAIN_RATIO"', '"TRAIN_RATIOS"')
    assert renamed != script
    overlay = {"steps/scripts/prep.py": renamed.encode("utf-8")}
    fixes = {d.message.split("`")[1]: d.fix for d in findings(root, "ALN107", overlay)}
    assert fixes["TRAIN_RATIOS"] is None
    assert fixes["RANDOM_SEED"] is not None


def _prep_reading(tmp_path: Path, extra: str) -> Path:
    """The ALN108 fires case (``ID_FIELD`` required, never read) whose ``main`` also runs
    ``extra``."""
    root = tmp_path / "project"
    shutil.copytree(fixture("ALN108_unread_required_env_var_fires"), root)
    script = root / "steps" / "scripts" / "prep.py"
    script.write_text(
        script.read_text(encoding="utf-8")
        .replace("import argparse\n", "import argparse\nimport os\n")
        .replace(
            '    label = environ_vars["LABEL_FIELD"]\n',
            f'    label = environ_vars["LABEL_FIELD"]\n    {extra}\n',
        ),
        encoding="utf-8",
    )
    return root


@pytest.mark.parametrize(
    "extra",
    [
        "extra = dict(os.environ)",
        'extra = {k: v for k, v in os.environ.items() if k.startswith("ID_")}',
    ],
    ids=["whole", "by a prefix it has"],
)
def test_an_environment_used_whole_leaves_only_the_names_not_read_unchecked(
    tmp_path: Path, extra: str
) -> None:
    # The script also uses the environment whole (or every variable with a prefix ID_FIELD
    # has): ID_FIELD, never read by name, may be read there (not checked, and said so);
    # LABEL_FIELD, read by name, is checked.
    root = _prep_reading(tmp_path, extra)
    result = analyze([], Settings(select=("ALN108",)), root=root, rules=discover_rules())
    assert [d for d in result.diagnostics if d.code == "ALN108"] == []
    unchecked = [(u.subject, u.reason) for u in result.statistics.unchecked]
    if "startswith" in extra:
        assert unchecked == []  # read, by the prefix
    else:
        assert unchecked == [("env var ID_FIELD of step Prep", UNKNOWN_READS)]


def test_a_prefix_read_leaves_the_other_names_checked(tmp_path: Path) -> None:
    """A loop or comprehension over the environment that keeps only names with a prefix reads
    those names only: ID_FIELD, without the prefix, is still reported never read."""
    for extra in (
        'extra = {k: v for k, v in os.environ.items() if k.startswith("PREP_")}',
        'extra = [k for k in os.environ if k.startswith("PREP_")]',
    ):
        root = _prep_reading(tmp_path / str(len(extra)), extra)
        result = analyze([], Settings(select=("ALN108",)), root=root, rules=discover_rules())
        (finding,) = result.diagnostics
        assert finding.code == "ALN108"
        assert "`ID_FIELD`" in finding.message
        assert result.statistics.unchecked == []


@pytest.mark.parametrize(
    ("case", "code", "before", "after", "reported", "unchecked"),
    [
        (
            "ALN108_unread_required_env_var_composed_list_fires",
            "ALN108",
            '[*_SHARED_REQUIRED, "LABEL_FIELD"]',
            '[*_SHARED_REQUIRED, "LABEL_FIELD", *extra_names()]',
            ["ID_FIELD"],
            [("step Score", "the contract's required env vars are not all known")],
        ),
        (
            "ALN116_unread_optional_env_var_merged_mapping_fires",
            "ALN116",
            '_SHARED_OPTIONAL | dict.fromkeys(["CACHE_DIR", "TRACE_FILE"], "")',
            '{**extra_defaults(), **_SHARED_OPTIONAL, "CACHE_DIR": "", "TRACE_FILE": ""}',
            ["LOG_LEVEL", "TRACE_FILE"],
            [("step Score", "the contract's optional env vars are not all known")],
        ),
        (
            "ALN117_unread_sent_env_var_composed_declarations_fires",
            "ALN117",
            '[*_SHARED_REQUIRED, "LABEL_FIELD"]',
            '[*_SHARED_REQUIRED, "LABEL_FIELD", *extra_names()]',
            [],
            [("env var METRIC_LIST of step Score", "the contract's env vars are not all known")],
        ),
    ],
)
def test_env_lists_partly_known_check_the_names_they_know_and_list_the_rest(
    case: str,
    code: str,
    before: str,
    after: str,
    reported: list[str],
    unchecked: list[tuple[str, str]],
) -> None:
    """A contract env list combined partly from a value alignlint cannot read (a function of
    another package): ALN108 and ALN116 check the names they know and list the step as not
    fully checked; ALN117 lists a sent variable the known names do not declare (the unknown
    part may declare it) instead of reporting it."""
    root = fixture(case)
    path = "steps/contracts/score_contract.py"
    text = (root / path).read_text(encoding="utf-8")
    assert before in text
    text = text.replace(before, after).replace(
        "from alignlint.runtime.contract import ScriptContract\n",
        "from alignlint.runtime.contract import ScriptContract\n"
        "from shared_names import extra_defaults, extra_names\n",
    )
    result = analyze(
        [],
        Settings(select=(code,)),
        root=root,
        rules=discover_rules(),
        overlay={path: text.encode()},
    )
    names = [d.message.split("`")[3] for d in result.diagnostics]
    assert [d.code for d in result.diagnostics] == [code] * len(reported)
    assert names == reported
    assert [(u.subject, u.reason) for u in result.statistics.unchecked] == unchecked


def test_an_option_the_unknown_part_of_expected_arguments_may_declare_is_listed() -> None:
    """ALN111 with ``expected_arguments`` merged partly from a value alignlint cannot read: the
    options the known part declares are fine, the others may be declared by the rest (listed
    as not checked, not reported)."""
    root = fixture("ALN111_undeclared_argument_merged_mapping_fires")
    path = "steps/contracts/prep_contract.py"
    text = (root / path).read_text(encoding="utf-8")
    before = '_COMMON_ARGUMENTS | {"sample": "all"}'
    assert before in text
    text = text.replace(before, '{**extra_arguments(), **_COMMON_ARGUMENTS, "sample": "all"}')
    text = text.replace(
        "from pipeline_core.contracts import ScriptContract\n",
        "from pipeline_core.contracts import ScriptContract\nfrom shared_names import extra_arguments\n",
    )
    settings = Settings(select=("ALN111",))
    result = analyze([], settings, root=root, rules=discover_rules(), overlay={path: text.encode()})
    assert result.diagnostics == ()
    assert [(u.subject, u.reason) for u in result.statistics.unchecked] == [
        ("option `--mode` of step Prep", "the contract's expected_arguments are not all known")
    ]


def test_reads_of_the_names_a_literal_loop_lists_are_checked_by_name() -> None:
    """``for name in (A, B): if name in os.environ: d[name] = os.environ[name]`` reads A and B:
    the sent variables are checked (nothing is left unchecked), and the guarded reads of an
    optional variable are no ALN109."""
    root = materialized("script_contract/ALN117_unread_sent_env_var_loop_names_silent")
    result = analyze([], Settings(select=("ALN109", "ALN117")), root=root, rules=discover_rules())
    assert result.diagnostics == ()
    assert result.statistics.unchecked == []
    # Without the loop the same name is reported (the record is the only thing that changed).
    assert [
        d.code for d in findings(fixture("ALN108_unread_required_env_var_fires"), "ALN108")
    ] == ["ALN108"]


def test_environ_key_missing_from_main_dict_names_the_dict_and_its_severity() -> None:
    found = findings(fixture("ALN107_environ_key_missing_from_main_dict_fires"), "ALN107")
    assert [(d.span.line, d.severity.name) for d in found] == [
        (7, "ERROR"),  # environ_vars["SORT_FIELD"]: KeyError
        (9, "WARNING"),  # .get("AWS_REGION_NAME", default): always the default
        (19, "ERROR"),  # __main__ reads back environ_vars["SORT_FIELDS"]
    ]
    for finding in found:
        assert [(r.span.path, r.span.line, r.message) for r in finding.related] == [
            ("steps/scripts/sorter.py", 14, "the `environ_vars` dict built in `__main__`")
        ]


def test_reads_that_run_only_when_the_variable_is_set_are_warnings() -> None:
    """A read under ``if "K" in environ_vars:`` of a key ``__main__`` never puts in, and a read
    under ``if "X" in os.environ:`` (and the test itself) of an undeclared variable, cannot
    fail: the guarded code just never runs. Warnings, where the unguarded reads are errors."""
    found = findings(fixture("ALN107_undeclared_env_var_guarded_fires"), "ALN107")
    assert [(d.span.line, d.severity.name) for d in found] == [(9, "WARNING"), (12, "WARNING")]
    assert "KeyError" not in found[0].message


@pytest.mark.parametrize(
    "case",
    [
        "ALN107_environ_key_missing_from_main_dict_unknown_silent",
        "ALN107_environ_key_missing_from_main_dict_updated_silent",
    ],
)
def test_environ_dict_not_fully_known_is_unchecked_not_reported(case: str) -> None:
    settings = Settings(select=("ALN107",))
    result = analyze([], settings, root=fixture(case), rules=discover_rules())
    assert [d for d in result.diagnostics if d.code == "ALN107"] == []
    unchecked = [item for item in result.statistics.unchecked if item.code == "ALN107"]
    assert [item.subject for item in unchecked] == ["script steps/scripts/sorter.py"]


def test_env_defaults_normalised_where_alignlint_cannot_see_are_listed_not_reported() -> None:
    """A default that differs from the contract's as written, whose value then goes through code
    alignlint does not compute (a helper, a method, a module name a function reads, ``main``
    handing the ``__main__`` value to a helper), is listed as not checked; the values followed
    through local names to a known normalisation are checked, and need no record."""
    settings = Settings(select=("ALN110",))
    case = "ALN110_env_default_drift_normalised_away_silent"
    result = analyze([], settings, root=fixture(case), rules=discover_rules())
    assert result.diagnostics == ()
    assert [(u.subject, u.reason) for u in result.statistics.unchecked] == [
        ("step Sift env var COLUMNS (through its `.split`)", UNFOLLOWED),
        ("step Sift env var ECHO (passed to `_is_true()`)", UNFOLLOWED),
        ("step Sift env var LEVEL (bound to `LEVEL_TEXT`, not followed)", UNFOLLOWED),
        ("step Sift env var QUIET (stored in a dict)", UNFOLLOWED),
        ("step Sift env var STRICT (passed to `_is_true()`)", UNFOLLOWED),
        ("step Sift env var TIER (through `or` with another value)", UNFOLLOWED),
    ]
    # Where a use that is followed tells the defaults apart, the finding stands.
    case = "ALN110_env_default_drift_normalised_away_fires"
    result = analyze([], settings, root=fixture(case), rules=discover_rules())
    assert len(result.diagnostics) == 5
    assert result.statistics.unchecked == []


def test_aln106_knows_the_key_rules_by_code_and_name() -> None:
    """ALN106 leaves a key renamed in ``__main__`` to ALN101 / ALN102 by their ``RuleName``s:
    they name the rule classes, and ignoring a rule by its name brings ALN106's finding back."""
    from alignlint.rules.script_contract import UndeclaredInputKey, UndeclaredOutputKey
    from alignlint.rules.script_contract._keys import INPUTS, OUTPUTS

    for rule, direction in ((UndeclaredInputKey, INPUTS), (UndeclaredOutputKey, OUTPUTS)):
        named = direction.undeclared_rule
        assert (rule.code, rule.name, rule.opt_in) == (named.code, named.name, named.opt_in)
    root = materialized("script_contract/ALN102_undeclared_output_key_renamed_in_main_fires")
    select = ("ALN101", "ALN102", "ALN106")
    found = analyze([], Settings(select=select, ignore=("undeclared-input-key",)), root=root)
    assert [(d.code, d.span.start.line) for d in found.diagnostics] == [
        ("ALN102", 7),
        ("ALN106", 11),
    ]


@pytest.mark.parametrize(
    ("case", "select", "expected"),
    [
        # A variable the config's method builds is a setting the job drops (warning); one the
        # builder's own code adds is plumbing (info).
        (
            "script_contract/ALN117_unread_sent_env_var_fires",
            "ALN117",
            [("ALN117", 20, "info"), ("ALN117", 14, "warning")],
        ),
        # A /opt/ml/code fallback of __main__ (the key written on both branches) is a warning;
        # the same kind of path used unconditionally breaks the job (error).
        (
            "contract_platform/ALN120_wrong_container_root_main_fallback_fires",
            "ALN120",
            [("ALN120", 13, "error"), ("ALN120", 17, "warning")],
        ),
        # The same when the fallback path is built (`str(Path("/opt/ml/code") / "models")`).
        (
            "contract_platform/ALN120_wrong_container_root_main_fallback_composed_fires",
            "ALN120",
            [("ALN120", 14, "error"), ("ALN120", 18, "warning")],
        ),
        # A key used only after testing the dict holds it (`if "k" in input_paths:`, `"k" in
        # input_paths and ...`) is never passed, and the job runs: a warning; the key read
        # unguarded raises KeyError (error).
        (
            "script_contract/ALN101_undeclared_input_key_guarded_fires",
            "ALN10",
            [
                ("ALN101", 9, "warning"),
                ("ALN101", 10, "warning"),
                ("ALN102", 12, "warning"),
                # `if input_paths.get("priors"):` and its read; `mask = ...get("mask")` tested
                # `is not None`: tested too. `notes = ...get("notes")` passed on untested.
                ("ALN101", 13, "warning"),
                ("ALN101", 14, "warning"),
                ("ALN101", 15, "warning"),
                ("ALN101", 18, "error"),
                ("ALN101", 19, "error"),
            ],
        ),
    ],
)
def test_severity_follows_what_the_finding_breaks(
    case: str, select: str, expected: list[tuple[str, int, str]]
) -> None:
    found = analyze([], Settings(select=(select,)), root=materialized(case))
    assert [
        (d.code, d.span.start.line, d.severity.name.lower()) for d in found.diagnostics
    ] == expected


def _prep_using(tmp_path: Path, replacements: dict[str, str]) -> Path:
    """The ALN103 fires case (input ``metadata`` declared, never used) with its script's text
    and its contract's edited by ``replacements`` (each must apply)."""
    root = tmp_path / "project"
    shutil.copytree(fixture("ALN103_unused_contract_input_fires"), root)
    applied: set[str] = set()
    for name in ("scripts/prep.py", "contracts/prep_contract.py"):
        path = root / "steps" / name
        text = path.read_text(encoding="utf-8")
        for old, new in replacements.items():
            if old in text:
                applied.add(old)
                text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    assert applied == set(replacements)
    return root


def _unused_keys(root: Path) -> tuple[list[tuple[str, str]], list[tuple[str, str, str]]]:
    result = analyze([], Settings(select=("ALN10",)), root=root, rules=discover_rules())
    found = [(d.code, d.message.split("`")[3]) for d in result.diagnostics]
    unchecked = [(u.code, u.subject, u.reason) for u in result.statistics.unchecked]
    return found, unchecked


def test_a_main_without_the_unified_dict_names_is_said_not_checked(tmp_path: Path) -> None:
    """``main(inputs, outputs, ...)``: its keys are not read (only the unified names are), so
    ALN101-ALN104 check nothing of it, and say so instead of passing."""
    root = _prep_using(
        tmp_path,
        {
            "def main(input_paths, output_paths,": "def main(inputs, outputs,",
            'return input_paths["data_input"], output_paths["processed_data"]': (
                'return inputs["data_input"], outputs["processed_data"]'
            ),
            "        input_paths={": "        {",
            "        output_paths={": "        {",
            "        environ_vars={},\n        job_args=": "        {},\n        ",
        },
    )
    found, unchecked = _unused_keys(root)
    assert found == []
    reason = (
        "`main` of script `prep.py` takes no `{role}` parameter: the {noun} keys it uses are "
        "read only from the unified signature"
    )
    assert unchecked == [
        ("ALN101", "step Prep", reason.format(role="input_paths", noun="input")),
        ("ALN102", "step Prep", reason.format(role="output_paths", noun="output")),
        ("ALN103", "step Prep", reason.format(role="input_paths", noun="input")),
        ("ALN104", "step Prep", reason.format(role="output_paths", noun="output")),
    ]


def test_a_directory_above_a_declared_path_leaves_only_that_key_unchecked(
    tmp_path: Path,
) -> None:
    """The script lists ``/opt/ml/processing/input``, above the paths of ``data_input`` (used
    by key) and ``metadata``: whether ``metadata`` is used there is unknown (said so), while
    ``lookup``, under another directory, is still reported unused."""
    root = _prep_using(
        tmp_path,
        {
            '    return input_paths["data_input"]': (
                '    listing = os.listdir("/opt/ml/processing/input")\n'
                '    return listing, input_paths["data_input"]'
            ),
            '"""Prepare the data."""\n': '"""Prepare the data."""\n\nimport os\n',
            '        "metadata": "/opt/ml/processing/input/metadata",\n': (
                '        "metadata": "/opt/ml/processing/input/metadata",\n'
                '        "lookup": "/opt/ml/processing/lookup",\n'
            ),
        },
    )
    found, unchecked = _unused_keys(root)
    assert found == [("ALN103", "lookup")]
    assert unchecked == [
        (
            "ALN103",
            "input `metadata` of step Prep",
            "the script uses `/opt/ml/processing/input`, a directory above its path "
            "`/opt/ml/processing/input/metadata`",
        )
    ]


def test_keys_only_shown_are_no_use_of_every_key(tmp_path: Path) -> None:
    """Logging the dict's keys uses no path: ``metadata`` is still reported unused, and the
    keys are checked (nothing left unchecked); iterating them for real leaves them unchecked."""
    shown = _prep_using(
        tmp_path / "shown",
        {
            '    return input_paths["data_input"]': (
                '    print(f"inputs: {list(input_paths.keys())}")\n'
                '    return input_paths["data_input"]'
            )
        },
    )
    assert _unused_keys(shown) == ([("ALN103", "metadata")], [])
    used = _prep_using(
        tmp_path / "used",
        {
            '    return input_paths["data_input"]': (
                '    paths = list(input_paths.values())\n    return paths, input_paths["data_input"]'
            )
        },
    )
    assert _unused_keys(used) == (
        [],
        [("ALN103", "step Prep", "every key of `input_paths` is used (.values())")],
    )


@pytest.mark.parametrize(
    ("extra", "unchecked"),
    [
        (
            "extra = dict(os.environ)",
            [
                (
                    "a read of script prep.py (step Prep)",
                    "it reads an env var whose name is not known (the environment is used whole)",
                )
            ],
        ),
        ('extra = {k: v for k, v in os.environ.items() if k.startswith("ID_")}', []),
    ],
    ids=["whole", "by a prefix"],
)
def test_a_read_of_an_unknown_env_var_is_said_not_checked_for_aln107(
    tmp_path: Path, extra: str, unchecked: list[tuple[str, str]]
) -> None:
    """A read whose variable is not known may be of an undeclared one: ALN107 says it could not
    check it (and still checks the reads it can name); a read of every variable with a prefix
    names none to declare."""
    root = _prep_reading(tmp_path, extra)
    result = analyze([], Settings(select=("ALN107",)), root=root, rules=discover_rules())
    assert result.diagnostics == ()
    assert [(u.subject, u.reason) for u in result.statistics.unchecked] == unchecked


def test_a_read_in_an_imported_module_whose_name_is_not_known_is_said_not_checked() -> None:
    """The script reads its variables through a function of another module of the project that
    computes the name (``os.environ.get(name, default)``): ALN116 cannot say the contract's
    ``BATCH_SIZE`` is never read, and ALN107 cannot check that read; both say so."""
    root = materialized(
        "script_contract/ALN116_unread_optional_env_var_imported_dynamic_key_silent"
    )
    settings = Settings(select=("ALN107", "ALN116"))
    result = analyze([], settings, root=root, rules=discover_rules())
    assert result.diagnostics == ()
    assert [(u.subject, u.reason) for u in result.statistics.unchecked] == [
        (
            "a read of script clean.py (step Clean)",
            "it reads an env var whose name is not known "
            "(`name` is a parameter of `steps.scripts.settings.setting`)",
        ),
        ("env var BATCH_SIZE of step Clean", UNKNOWN_READS),
    ]


def test_a_helper_the_builder_takes_its_environment_from_and_cannot_be_read_is_listed() -> None:
    """``return self._environment_for("nightly")`` (a helper called with arguments) and ``env =
    self._platform_environment()`` (no project class defines it): what the builder sends is
    unknown, not nothing, so ALN110 compares no script default there and says why."""
    root = materialized("script_contract/ALN110_env_default_drift_unknown_helper_silent")
    result = analyze([], Settings(select=("ALN110",)), root=root, rules=discover_rules())
    assert result.diagnostics == ()
    assert [(u.subject, u.reason) for u in result.statistics.unchecked] == [
        (
            "step Pad env var FILL",
            "`PadStepBuilder._get_environment_variables` returns `self._platform_environment()`, "
            "which the project part of the class hierarchy of `PadStepBuilder` does not define",
        ),
        (
            "step Trim env var MARGIN",
            "`TrimStepBuilder._get_environment_variables` returns "
            "`self._environment_for(...)`, which it calls with arguments",
        ),
    ]


_SENDING_BUILDER = '''"""Builder of the Fitter step."""

from alignlint.runtime.builder import TrainingStepBuilder

from ..specs.fitter_spec import FITTER_SPEC


class FitterStepBuilder(TrainingStepBuilder):
    """Builds the Fitter training step."""

    def __init__(self, config, sagemaker_session=None, role=None):
        super().__init__(config, FITTER_SPEC, sagemaker_session, role)

    def _get_environment_variables(self):
        return {"SM_MODEL_DIR": "/opt/ml/model"}
'''


@pytest.mark.parametrize("builder", [False, True], ids=["no builder", "the builder sends it"])
def test_a_path_read_from_the_environment_that_is_not_known_is_said_not_checked(
    tmp_path: Path, builder: bool
) -> None:
    """ALN106 compares a `__main__` path read from the environment only when the variable has
    one value wherever the job runs; it lists the others (a default SageMaker's own value
    overrides, a channel variable without a default, a variable the builder sends)."""
    root = tmp_path / "project"
    shutil.copytree(
        materialized("script_contract/ALN106_container_path_mismatch_sagemaker_env_default_silent"),
        root,
    )
    if builder:
        (root / "steps" / "builders").mkdir()
        (root / "steps" / "builders" / "__init__.py").write_text("", encoding="utf-8")
        (root / "steps" / "builders" / "builder_fitter_step.py").write_text(
            _SENDING_BUILDER, encoding="utf-8"
        )
    result = analyze([], Settings(select=("ALN106",)), root=root, rules=discover_rules())
    assert result.diagnostics == ()
    expected = [
        (
            "step Fitter input `warm_start`",
            "it is read from env var `SM_CHANNEL_WARM_START`, which SageMaker sets to the folder "
            "of a channel whose name's case is not known, without a default",
        ),
        *(
            [
                (
                    "step Fitter output `model_dir`",
                    "it is read from env var `SM_MODEL_DIR`, which the builder sends",
                )
            ]
            if builder
            else []
        ),
        (
            "step Fitter output `reports`",
            "it is read from env var `SM_OUTPUT_DATA_DIR`, which SageMaker sets to "
            "`/opt/ml/output/data`, and its default is `/opt/ml/output/data/reports`",
        ),
    ]
    assert [(u.subject, u.reason) for u in result.statistics.unchecked] == expected


def test_a_key_renamed_on_a_path_read_from_the_environment_is_one_finding(
    tmp_path: Path,
) -> None:
    """`main` and `__main__` call the model output `model`, mapped to SageMaker's
    `SM_MODEL_DIR` (default `/opt/ml/model`, the contract's path of `model_dir`): ALN102 reports
    the renaming and names the contract's key, as for the literal path; ALN106 leaves it."""
    root = tmp_path / "project"
    shutil.copytree(
        materialized("script_contract/ALN106_container_path_mismatch_sagemaker_env_default_fires"),
        root,
    )
    script = root / "steps" / "scripts" / "fitter.py"
    text = script.read_text(encoding="utf-8")
    script.write_text(
        text.replace('output_paths["model_dir"]', 'output_paths["model"]').replace(
            '"model_dir": os.environ', '"model": os.environ'
        ),
        encoding="utf-8",
    )
    settings = Settings(select=("ALN102", "ALN106"))
    result = analyze([], settings, root=root, rules=discover_rules())
    renamed = [d for d in result.diagnostics if "`model`" in d.message]
    assert [(d.code, d.message.split("; ")[-1]) for d in renamed] == [
        (
            "ALN102",
            "`__main__` maps `model` to `/opt/ml/model`, the contract's path of output `model_dir`",
        )
    ]


def test_a_module_function_the_builder_returns_the_environment_of_is_listed() -> None:
    """``return pad_environment(self.config)``: a value alignlint does not read makes what the
    builder sends unknown, not nothing (the conditional returns of the other steps are read)."""
    root = materialized("script_contract/ALN110_env_default_drift_conditional_helper_silent")
    result = analyze([], Settings(select=("ALN110",)), root=root, rules=discover_rules())
    assert result.diagnostics == ()
    assert [(u.subject, u.reason) for u in result.statistics.unchecked] == [
        (
            "step Pad env var FILL",
            "`PadStepBuilder._get_environment_variables` returns `pad_environment(...)`, which "
            "alignlint does not read",
        ),
    ]


def test_a_contract_whose_link_is_unknown_is_not_judged_missing() -> None:
    """No step links `HARVEST_CONTRACT`, but a specification's contract is a helper's result
    alignlint does not evaluate: ALN114 does not report its placeholder entry point (the step
    runs an SDK step) and lists it with the specification whose contract is unknown."""
    root = materialized("script_contract/ALN114_missing_entry_point_unknown_link_silent")
    result = analyze([], Settings(select=("ALN114",)), root=root, rules=discover_rules())
    assert result.diagnostics == ()
    assert [(u.subject, u.reason) for u in result.statistics.unchecked] == [
        (
            "contract `HARVEST_CONTRACT` entry point",
            "no step links the contract and the contract of `HARVEST_SPEC` cannot be read, so "
            "what runs it is not known (an SDK step runs no script of the library)",
        )
    ]


def test_a_main_imported_from_outside_the_project_is_listed_not_judged() -> None:
    """The entry script runs a `main` imported from an installed package: what it reads is not
    known, so the rules that depend on it say nothing about the script and list it (ALN107
    still checks the `__main__` block's own reads, and lists what it cannot)."""
    root = materialized("script_contract/ALN116_main_imported_from_outside_silent")
    selected = ("ALN101", "ALN103", "ALN104", "ALN107", "ALN108", "ALN113", "ALN115", "ALN116")
    result = analyze([], Settings(select=selected), root=root, rules=discover_rules())
    assert result.diagnostics == ()
    why = (
        "`main` is imported from `table_tools.cleaning`, outside the project: what the "
        "script's `main` reads is not known"
    )
    assert sorted((u.code, u.subject, u.reason) for u in result.statistics.unchecked) == [
        ("ALN101", "step Clean", why),
        ("ALN103", "step Clean", why),
        ("ALN104", "step Clean", why),
        ("ALN107", "the main of script clean.py (step Clean)", why),
        ("ALN113", "script clean.py", why),
        ("ALN115", "script clean.py", why),
        ("ALN116", "env var MIN_COUNT of step Clean", why),
    ]


def test_a_function_of_another_name_imported_as_main_is_listed_not_judged() -> None:
    """`from ._clean_impl import run as _main`, then `_main(...)`: only a function called `main`
    is read in detail, so `run` is not followed; the rules that depend on the script's `main`
    say nothing about it and list it (before: no record at all)."""
    root = materialized("script_contract/ALN101_main_imported_under_other_name_silent")
    selected = ("ALN003", "ALN101", "ALN103", "ALN104", "ALN107", "ALN113", "ALN115", "ALN116")
    result = analyze([], Settings(select=selected), root=root, rules=discover_rules())
    assert result.diagnostics == ()
    why = (
        "`_main` is `run` of `steps.scripts._clean_impl`, not followed under another name: "
        "what the script's `main` reads is not known"
    )
    unchecked = {(u.code, u.subject, u.reason) for u in result.statistics.unchecked}
    assert ("ALN101", "step Clean", why) in unchecked
    assert ("ALN113", "script clean.py", why) in unchecked


@pytest.mark.parametrize(
    "case",
    [
        "ALN101_main_via_module_attribute_fires",
        "ALN101_main_via_absolute_module_alias_fires",
        "ALN101_main_assigned_from_module_fires",
    ],
)
def test_a_main_called_through_its_module_is_the_implementation_s(case: str) -> None:
    """`impl.main(...)` after `from . import impl` / `import pkg.impl as impl`, and `main =
    impl.main`: the implementation module's `main` is the script's."""
    root = materialized(f"script_contract/{case}")
    result = analyze([], Settings(), root=root, rules=discover_rules(), need_project=True)
    assert result.project is not None
    script = result.project.scripts["steps/scripts/clean.py"]
    assert script.implementation == "steps/scripts/_clean_impl.py"
    assert script.main_unknown is None
    assert list(result.project.scripts) == ["steps/scripts/clean.py"]


def test_an_implementation_module_s_main_is_the_script_s() -> None:
    """The entry script imports `main` from a module of its package: that function is the
    script's `main` (its signature, its reads), the module is the script's implementation and
    no script of its own."""
    root = materialized("script_contract/ALN101_main_in_implementation_module_fires")
    result = analyze([], Settings(), root=root, rules=discover_rules(), need_project=True)
    assert result.project is not None
    script = result.project.scripts["steps/scripts/clean.py"]
    assert script.implementation == "steps/scripts/_clean_impl.py"
    assert script.main is not None and script.main.name_span.path == script.implementation
    assert list(result.project.scripts) == ["steps/scripts/clean.py"]
    assert result.project.unlinked == []
