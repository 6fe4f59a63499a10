"""``--diff`` output: unified diffs with a/ b/ headers, in path order."""

from __future__ import annotations

from alignlint.fix import FileChange, render_diffs, unified_diff


def test_unified_diff_with_headers_and_context() -> None:
    change = FileChange("pkg/m.py", b"a = 1\r\nb = 2\r\nc = 3\r\n", b"a = 1\r\nb = 20\r\nc = 3\r\n")
    assert unified_diff(change) == (
        "--- a/pkg/m.py\n+++ b/pkg/m.py\n@@ -1,3 +1,3 @@\n a = 1\n-b = 2\n+b = 20\n c = 3\n"
    )


def test_missing_final_newline_is_marked() -> None:
    change = FileChange("m.py", b"x = 1", b"x = 2")
    assert unified_diff(change) == (
        "--- a/m.py\n"
        "+++ b/m.py\n"
        "@@ -1 +1 @@\n"
        "-x = 1\n"
        "\\ No newline at end of file\n"
        "+x = 2\n"
        "\\ No newline at end of file\n"
    )


def test_diffs_are_ordered_by_path_and_decoded_with_the_file_encoding() -> None:
    latin = "# coding: latin-1\ns = 'é'\n".encode("latin-1")
    changes = [
        FileChange("z.py", b"z = 1\n", b"z = 2\n"),
        FileChange("a.py", latin, latin.replace(b"s =", b"t =")),
    ]
    text = render_diffs(changes)
    assert text.index("--- a/a.py") < text.index("--- a/z.py")
    assert "-s = 'é'\n+t = 'é'\n" in text
    assert render_diffs(changes) == render_diffs(list(reversed(changes)))
