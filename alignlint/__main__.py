"""``python -m alignlint``."""

from __future__ import annotations

import sys

from alignlint.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
