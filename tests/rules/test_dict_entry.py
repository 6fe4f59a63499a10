"""The insertion adding an entry to a contract's dict display (ALN107, ALN111) is written in the
display's layout."""

from __future__ import annotations

import pytest

from alignlint.core.settings import Settings
from alignlint.extract import extract_file
from alignlint.fix.structural import insertion_edits
from alignlint.model import build_project
from alignlint.rules.script_contract._dict_entry import add_entry

PATH = "x_contract.py"


def _contract_source(optional: str) -> str:
    return (
        "from alignlint.runtime.contract import ScriptContract\n"
        "\n"
        "X_CONTRACT = ScriptContract(\n"
        '    entry_point="x.py",\n'
        f"    optional_env_vars={optional},\n"
        ")\n"
    )


def _written(text: str) -> str:
    """``text`` with ``"NEW": "1"`` added to its contract's ``optional_env_vars``."""
    settings = Settings()
    project = build_project([extract_file(PATH, text.encode(), settings)], settings)
    (contract,) = project.contracts
    insertion = add_entry(contract.optional_env_vars, contract, "NEW", "1")
    assert insertion is not None
    for edit in sorted(insertion_edits(text, [insertion]), reverse=True):
        text = text[: edit.start] + edit.content + text[edit.end :]
    return text


def _added(optional: str) -> str:
    """The ``optional_env_vars=...`` display after adding ``"NEW": "1"``."""
    fixed = _written(_contract_source(optional))
    prefix, suffix = _contract_source("\0").split("\0")
    assert fixed.startswith(prefix) and fixed.endswith(suffix)
    return fixed[len(prefix) : len(fixed) - len(suffix)]


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("{}", '{"NEW": "1"}'),
        ('{"A": "0"}', '{"A": "0", "NEW": "1"}'),
        (
            '{\n        "A": "0",\n    }',
            '{\n        "A": "0",\n        "NEW": "1",\n    }',
        ),
        (
            '{\n        "A": "0"\n    }',
            '{\n        "A": "0",\n        "NEW": "1"\n    }',
        ),
        (
            '{\n        "A": "0",  # why A\n        # more\n    }',
            '{\n        "A": "0",  # why A\n        # more\n        "NEW": "1",\n    }',
        ),
        (
            '{\n        "A": "0"  # why A\n    }',
            '{\n        "A": "0",  # why A\n        "NEW": "1"\n    }',
        ),
        (
            '{\n        "A": (\n            "0"\n        ),\n    }',
            '{\n        "A": (\n            "0"\n        ),\n        "NEW": "1",\n    }',
        ),
        (
            '{"A": "0",\n                       "B": "2"}',
            '{"A": "0",\n                       "B": "2",\n                       "NEW": "1"}',
        ),
        (
            '{\n        "A": "0", "B": "2",\n    }',
            '{\n        "A": "0", "B": "2", "NEW": "1",\n    }',
        ),
    ],
    ids=[
        "empty",
        "one-line",
        "trailing-comma",
        "no-trailing-comma",
        "comments-stay",
        "comment-without-comma",
        "parenthesised-value",
        "hanging-brace",
        "entries-share-a-line",
    ],
)
def test_the_entry_follows_the_layout(before: str, after: str) -> None:
    assert _added(before) == after


def test_in_a_crlf_file_the_entry_is_written_with_its_newlines() -> None:
    text = _contract_source('{\n        "A": "0",\n    }').replace("\n", "\r\n")
    assert _written(text) == text.replace('"A": "0",\r\n', '"A": "0",\r\n        "NEW": "1",\r\n')


def test_a_mapping_that_is_not_a_complete_dict_display_gets_no_insertion() -> None:
    settings = Settings()
    for optional in ("dict(A='0')", "{**BASE, 'A': '0'}"):
        text = "BASE = {'B': '1'}\n" + _contract_source(optional)
        project = build_project([extract_file(PATH, text.encode(), settings)], settings)
        (contract,) = project.contracts
        assert add_entry(contract.optional_env_vars, contract, "NEW", "1") is None
