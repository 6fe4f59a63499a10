"""The edit adding an entry to a contract's dict display follows the display's layout."""

from __future__ import annotations

import pytest

from alignlint.core.settings import Settings
from alignlint.core.source import LINE_BREAK
from alignlint.core.types import Edit, Position, Span
from alignlint.extract import extract_file
from alignlint.model import build_project
from alignlint.rules.script_contract._dict_entry import add_entry_edit

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


def _apply(text: str, edit: Edit) -> str:
    starts = [0, *(match.end() for match in LINE_BREAK.finditer(text))]
    start = starts[edit.span.start.line - 1] + edit.span.start.column - 1
    end = starts[edit.span.end.line - 1] + edit.span.end.column - 1
    return text[:start] + edit.content + text[end:]


def _added(optional: str, *, with_text: bool = True) -> str:
    """The ``optional_env_vars=...`` display after adding ``"NEW": "1"``."""
    text = _contract_source(optional)
    settings = Settings()
    project = build_project([extract_file(PATH, text.encode(), settings)], settings)
    (contract,) = project.contracts
    edit = add_entry_edit(
        contract.optional_env_vars, contract, "NEW", "1", text if with_text else None
    )
    assert edit is not None
    fixed = _apply(text, edit)
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
            '{\n        "A": "0",  # why A\n        "NEW": "1",\n        # more\n    }',
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


def test_without_the_text_the_entry_is_added_inline() -> None:
    assert (
        _added('{\n        "A": "0",\n    }', with_text=False)
        == '{\n        "A": "0", "NEW": "1",\n    }'
    )


def test_in_a_crlf_file_the_entry_goes_before_the_line_break_and_is_written_with_newlines() -> None:
    # The fix machinery writes the edit's "\n" in the file's newline style.
    text = _contract_source('{\n        "A": "0",\n    }').replace("\n", "\r\n")
    settings = Settings()
    project = build_project([extract_file(PATH, text.encode(), settings)], settings)
    (contract,) = project.contracts
    edit = add_entry_edit(contract.optional_env_vars, contract, "NEW", "1", text)
    end_of_entry = Position(6, len('        "A": "0",') + 1)
    assert edit == Edit(Span.between(PATH, end_of_entry, end_of_entry), '\n        "NEW": "1",')
