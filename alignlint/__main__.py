"""``python -m alignlint``."""

from __future__ import annotations

from alignlint.cli.main import run

if __name__ == "__main__":
    run()
