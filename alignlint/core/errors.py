"""The errors alignlint reports to the user instead of a traceback.

Every expected failure (bad configuration, a missing path, an unknown rule selector) is an
:class:`AlignlintError`; the CLI prints its message and exits with status 2. An
:class:`InternalError` is a bug in alignlint or in a plugin rule: the CLI prints a short report that
says how to file it.
"""

from __future__ import annotations


class AlignlintError(Exception):
    """A usage, configuration or input error; its message is shown to the user as is."""


class ConfigError(AlignlintError):
    """A configuration file (or a command-line override) is invalid.

    ``location`` names the file and key path (``pyproject.toml:12: tool.alignlint.select``).
    """

    def __init__(self, message: str, location: str = "") -> None:
        super().__init__(f"{location}: {message}" if location else message)
        self.location = location
        self.reason = message


class DiscoveryError(AlignlintError):
    """A path given on the command line does not exist or cannot be read."""


class InternalError(AlignlintError):
    """A bug: a rule, an extractor or alignlint itself raised while checking.

    ``where`` says what was running (``rule ALN203 (contract-input-missing)``, ``extracting
    steps/x.py``); ``details`` is the formatted traceback, shown only on request.
    """

    def __init__(self, where: str, error: BaseException, details: str) -> None:
        super().__init__(f"{where}: {type(error).__name__}: {error}")
        self.where = where
        self.error = error
        self.details = details
