"""The JSON Lines format: one compact JSON object per finding and line (same keys as ``json``)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from alignlint.core.types import Diagnostic
from alignlint.render import RenderContext
from alignlint.render.json_format import to_json


def render(diagnostics: Sequence[Diagnostic], context: RenderContext) -> str:
    """Each finding as one JSON object on its own line."""
    return "".join(
        json.dumps(to_json(d), ensure_ascii=False, separators=(",", ":")) + "\n"
        for d in diagnostics
    )
