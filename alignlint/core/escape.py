"""Escaping text from the checked repository for where alignlint shows it.

Names, messages, paths and source lines come from the repository, so they can hold anything a
string literal or a file name can: line breaks, escape sequences that recolour or retitle a
terminal or print a hyperlink, bidirectional controls that reorder what a reviewer sees, and text
that a CI runner executes. GitHub Actions runs a log line that starts with ``::`` (after leading
white space) as a workflow command (``::add-mask::``, ``::error``, ``::stop-commands::``), and
its older ``##[command]`` form anywhere in a line.

Every human-readable output (the ``full``, ``concise`` and ``junit`` formats, ``--statistics``,
``--show-links``, ``--diff``, ``--show-fixes``, ``config show`` and every message on stderr)
passes such text through :func:`terminal_text` (a piece of a line) or :func:`terminal_line` (a
whole line): control characters are shown as Python-style escapes (``\\n``, ``\\x1b``,
``\\u202e``) and never emitted, ``##[`` is shown as ``#\\x23[``, and a line built from the
checked code never starts with ``::`` (its first colon is shown as ``\\x3a``). Tabs are kept:
they cannot move the cursor to another line or start a sequence. The ``github`` format's own
workflow commands are the only ``::`` lines alignlint prints.

:func:`markdown_text`, :func:`markdown_code` and :func:`markdown_message` do the same for the
Markdown of the GitHub job summary, where every character Markdown could interpret (emphasis,
links, images, HTML, code spans, table pipes, autolinks) is escaped.
"""

from __future__ import annotations

import re

#: C0 controls but tab, DEL, C1 controls (``\\x9b`` is a CSI in 8-bit terminals), line and
#: paragraph separators, bidirectional controls, lone surrogates (undecodable file names), and
#: the older workflow-command prefix ``##[``.
_UNSAFE = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    "\ud800-\udfff]|##\\["
)
_NAMED = {"\n": "\\n", "\r": "\\r"}
_MARKDOWN_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")
_WHITE_SPACE = re.compile(r"\s+")


def _escaped(match: re.Match[str]) -> str:
    text = match.group()
    if text == "##[":
        return "#\\x23["
    if text in _NAMED:
        return _NAMED[text]
    code = ord(text)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_text(text: str) -> str:
    """``text`` with every character a terminal or a CI log could act on shown escaped."""
    return _UNSAFE.sub(_escaped, text)


def terminal_line(line: str) -> str:
    """:func:`terminal_text` for a whole output line, which then cannot be a workflow command:
    a line that would start with ``::`` (after white space) has its first colon escaped."""
    escaped = terminal_text(line)
    stripped = escaped.lstrip()
    if not stripped.startswith("::"):
        return escaped
    start = len(escaped) - len(stripped)
    return f"{escaped[:start]}\\x3a{escaped[start + 1 :]}"


def terminal_lines(text: str) -> str:
    """:func:`terminal_line` for every line of ``text`` (its ``\\n`` line breaks are kept)."""
    return "\n".join(terminal_line(line) for line in text.split("\n"))


def markdown_text(text: str) -> str:
    """``text`` as Markdown that renders as exactly that text on one line: white space runs
    become one space, control characters are shown escaped, and every ASCII punctuation
    character is backslash-escaped (no emphasis, link, image, HTML, entity, code span, table
    cell break or autolink can start)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", terminal_text(_WHITE_SPACE.sub(" ", text)))


def markdown_code(text: str) -> str:
    """``text`` as a Markdown code span for a table cell (empty for empty text): fenced by more
    backticks than it holds in a row, control characters shown escaped, ``|`` escaped as GitHub
    tables need."""
    content = terminal_text(_WHITE_SPACE.sub(" ", text)).replace("|", "\\|")
    if not content:
        return ""
    runs = [len(run) for run in re.findall("`+", content)]
    fence = "`" * (max(runs, default=0) + 1)
    if content.startswith("`") or content.endswith("`"):
        content = f" {content} "
    return f"{fence}{content}{fence}"


def markdown_message(text: str) -> str:
    """A finding's message as Markdown: the parts between backticks (names, by the rules'
    convention) as code spans, the rest as text. Each part is encoded on its own by
    :func:`markdown_code` or :func:`markdown_text`, so a backtick inside a name can never close
    a span early (an unpaired backtick makes the whole message text)."""
    parts = text.split("`")
    if len(parts) % 2 == 0:
        return markdown_text(text)
    return "".join(
        markdown_code(part) if index % 2 else markdown_text(part)
        for index, part in enumerate(parts)
    )
