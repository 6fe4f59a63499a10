"""Loading ``[tool.alignlint]`` configuration into :class:`~alignlint.core.settings.Settings`.

Configuration lives in ``.alignlint.toml`` / ``alignlint.toml`` (settings at the top level, like
``ruff.toml``) or in the ``[tool.alignlint]`` table of ``pyproject.toml``. The nearest file to the
checked path (else to the current directory) wins; in one directory ``.alignlint.toml`` beats
``alignlint.toml`` beats ``pyproject.toml``. A file may inherit from another with
``extend = "../base.toml"``: the extending file's keys replace the base's (per-rule option tables
are merged rule by rule). Paths in a file (``roots``, ``script-roots``, ``cache-dir``) are relative
to that file's directory. Every key is validated; an unknown key or a bad value is a
:class:`~alignlint.core.errors.ConfigError` naming the file, the line and the key path.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from alignlint.core.errors import ConfigError
from alignlint.core.settings import BaseClassNames, Settings
from alignlint.core.types import Severity

#: Config file names, in order of precedence within one directory.
CONFIG_FILE_NAMES: tuple[str, ...] = (".alignlint.toml", "alignlint.toml", "pyproject.toml")
DEFAULT_ORIGIN = "default"
COMMAND_LINE_ORIGIN = "command line"

_BASE_CLASS_KEYS: dict[str, str] = {
    "contracts": "contracts",
    "training-contracts": "training_contracts",
    "specs": "specs",
    "builders": "builders",
    "configs": "configs",
    "dags": "dags",
    "registries": "registries",
}


# -- value parsers: raw TOML value -> Settings field value (ValueError with a reason) -------------
def _describe(value: object) -> str:
    kinds = {bool: "a boolean", int: "an integer", float: "a float", str: "a string"}
    kinds.update({list: "an array", dict: "a table"})
    return f"{kinds.get(type(value), type(value).__name__)} ({_toml_value(value)})"


def _string(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected a string, got {_describe(value)}")
    return value


def _strings(value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueError(f"expected an array of strings, got {_describe(value)}")
    return tuple(value)


def _boolean(value: object) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected a boolean, got {_describe(value)}")
    return value


def _severity(value: object) -> Severity:
    return Severity.parse(_string(value))


def _regex(value: object) -> str:
    text = _string(value)
    try:
        re.compile(text)
    except re.error as exc:
        raise ValueError(f"invalid regular expression {text!r}: {exc}") from None
    return text


def _table(value: object) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError(f"expected a table, got {_describe(value)}")
    return value


def _per_file_ignores(value: object) -> tuple[tuple[str, tuple[str, ...]], ...]:
    table = _table(value)
    result = []
    for pattern, selectors in table.items():
        try:
            result.append((pattern, _strings(selectors)))
        except ValueError as exc:
            raise ValueError(f"pattern {pattern!r}: {exc}") from None
    return tuple(result)


def _severities(value: object) -> tuple[tuple[str, Severity], ...]:
    table = _table(value)
    result = []
    for selector, severity in table.items():
        try:
            result.append((selector, _severity(severity)))
        except ValueError as exc:
            raise ValueError(f"`{selector}`: {exc}") from None
    return tuple(result)


def _base_classes(value: object) -> BaseClassNames:
    table = _table(value)
    changes: dict[str, tuple[str, ...]] = {}
    for key, names in table.items():
        if key not in _BASE_CLASS_KEYS:
            raise ValueError(_unknown_field_message(key, _BASE_CLASS_KEYS))
        try:
            changes[_BASE_CLASS_KEYS[key]] = _strings(names)
        except ValueError as exc:
            raise ValueError(f"`{key}`: {exc}") from None
    return dataclasses.replace(BaseClassNames(), **changes)


def _freeze(value: Any) -> Any:
    """TOML value -> hashable value (arrays become tuples, tables tuples of pairs)."""
    if isinstance(value, list):
        return tuple(_freeze(item) for item in value)
    if isinstance(value, dict):
        return tuple((key, _freeze(item)) for key, item in sorted(value.items()))
    return value


def _rule_options(value: object) -> tuple[tuple[str, tuple[tuple[str, Any], ...]], ...]:
    table = _table(value)
    result = []
    for rule, options in sorted(table.items()):
        if not isinstance(options, dict):
            raise ValueError(f"`{rule}`: expected a table of options, got {_describe(options)}")
        result.append((rule, tuple((key, _freeze(item)) for key, item in sorted(options.items()))))
    return tuple(result)


@dataclass(frozen=True)
class KeySpec:
    """One configuration key: its kebab-case name, the Settings field and the value parser."""

    key: str
    attribute: str
    parse: Callable[[object], Any]
    #: A path (or array of paths) relative to the file that sets it.
    is_path: bool = False


KEYS: dict[str, KeySpec] = {
    spec.key: spec
    for spec in (
        KeySpec("roots", "roots", _strings, is_path=True),
        KeySpec("script-roots", "script_roots", _strings, is_path=True),
        KeySpec("exclude", "exclude", _strings),
        KeySpec("extend-exclude", "extend_exclude", _strings),
        KeySpec("dag-files", "dag_files", _strings),
        KeySpec("base-classes", "base_classes", _base_classes),
        KeySpec("select", "select", _strings),
        KeySpec("extend-select", "extend_select", _strings),
        KeySpec("ignore", "ignore", _strings),
        KeySpec("per-file-ignores", "per_file_ignores", _per_file_ignores),
        KeySpec("severity", "severity_overrides", _severities),
        KeySpec("fail-on", "fail_on", _severity),
        KeySpec("platform-env-vars", "platform_env_vars", _strings),
        KeySpec("extra-platform-env-vars", "extra_platform_env_vars", _strings),
        KeySpec("external-inputs", "external_inputs", _strings),
        KeySpec("external-input-pattern", "external_input_pattern", _regex),
        KeySpec("generic-sources", "generic_sources", _strings),
        KeySpec("require-suppression-reason", "require_suppression_reason", _boolean),
        KeySpec("fixable", "fixable", _strings),
        KeySpec("unfixable", "unfixable", _strings),
        KeySpec("extend-safe-fixes", "extend_safe_fixes", _strings),
        KeySpec("extend-unsafe-fixes", "extend_unsafe_fixes", _strings),
        KeySpec("cache-dir", "cache_dir", _string, is_path=True),
        KeySpec("rules", "rule_options", _rule_options),
    )
}
EXTEND_KEY = "extend"


def _unknown_field_message(key: str, known: Iterable[str]) -> str:
    choices = sorted(known)
    close = difflib.get_close_matches(key, choices, n=1)
    if close:
        return f"unknown field `{key}`; did you mean `{close[0]}`?"
    return f"unknown field `{key}`, expected one of " + ", ".join(f"`{c}`" for c in choices)


# -- TOML reading ---------------------------------------------------------------------------------
def _toml_loads(text: str, where: str) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        try:
            import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]
        except ImportError:
            raise ConfigError(
                "reading TOML needs Python 3.11+ or the `tomli` package (pip install tomli)", where
            ) from None
    try:
        data: dict[str, Any] = tomllib.loads(text)
    except ValueError as exc:  # tomllib.TOMLDecodeError
        raise ConfigError(f"invalid TOML: {exc}", where) from None
    return data


_HEADER = re.compile(r"^\s*\[\[?\s*(?P<path>[^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(r"""^\s*(?P<key>"[^"]*"|'[^']*'|[A-Za-z0-9_.\-]+)\s*=""")


def _split_key(text: str) -> tuple[str, ...]:
    if text[:1] in "\"'":
        return (text[1:-1],)
    return tuple(part.strip().strip("\"'") for part in text.split("."))


def find_key_line(text: str, key_path: Sequence[str]) -> int | None:
    """Best-effort line number (1-based) where ``key_path`` is written in TOML ``text``."""
    target = tuple(key_path)
    table: tuple[str, ...] = ()
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            table = _split_key(header.group("path"))
            if table[: len(target)] == target:
                return number
            continue
        assignment = _KEY.match(line)
        if assignment:
            full = table + _split_key(assignment.group("key"))
            if full[: len(target)] == target:
                return number
    return None


def display_path(path: Path) -> str:
    """``path`` relative to the current directory when inside it, else absolute; ``/`` separated."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.resolve().as_posix()


@dataclass(frozen=True)
class ConfigFile:
    """One parsed configuration file: its settings table and where that table sits in the file."""

    path: Path
    text: str
    table: Mapping[str, Any]
    #: Key path of the settings table inside the file (``("tool", "alignlint")`` in pyproject).
    prefix: tuple[str, ...]

    def location(self, *keys: str) -> str:
        """``file:line: key.path`` for error messages (line omitted when not found)."""
        key_path = (*self.prefix, *keys)
        line = find_key_line(self.text, key_path)
        where = display_path(self.path) + (f":{line}" if line else "")
        return f"{where}: {'.'.join(key_path)}" if key_path else where

    @property
    def directory(self) -> Path:
        return self.path.resolve().parent


def read_config_file(path: Path) -> ConfigFile:
    """Parse one configuration file (``ConfigError`` when unreadable or not valid TOML)."""
    where = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read configuration file: {exc}", where) from None
    data = _toml_loads(text, where)
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        table = tool.get("alignlint", {}) if isinstance(tool, dict) else {}
        if not isinstance(table, dict):
            raise ConfigError("expected a table", f"{where}: tool.alignlint")
        return ConfigFile(path, text, table, ("tool", "alignlint"))
    tool = data.get("tool")
    if set(data) == {"tool"} and isinstance(tool, dict) and isinstance(tool.get("alignlint"), dict):
        return ConfigFile(path, text, tool["alignlint"], ("tool", "alignlint"))
    return ConfigFile(path, text, data, ())


def _declares_alignlint(path: Path) -> bool:
    if path.name != "pyproject.toml":
        return True
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return re.search(r"^\s*\[\s*tool\.alignlint\b", text, re.MULTILINE) is not None


def find_config_file(start: Path) -> Path | None:
    """The nearest configuration file in ``start`` or one of its parents, if any."""
    directory = start.resolve()
    if not directory.is_dir():
        directory = directory.parent
    for candidate_dir in (directory, *directory.parents):
        for name in CONFIG_FILE_NAMES:
            candidate = candidate_dir / name
            if candidate.is_file() and _declares_alignlint(candidate):
                return candidate
    return None


# -- resolution -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Configuration:
    """Resolved settings, the project root they apply to, and where each setting came from."""

    settings: Settings
    root: Path
    path: Path | None = None
    #: kebab-case key -> ``"default"``, a config file (``"pyproject.toml"``) or ``"command line"``.
    origins: Mapping[str, str] = field(default_factory=dict)
    #: kebab-case key -> ``file:line: key.path`` for error messages about a configured value.
    locations: Mapping[str, str] = field(default_factory=dict)

    def origin(self, key: str) -> str:
        return self.origins.get(key, DEFAULT_ORIGIN)

    def location(self, key: str) -> str:
        return self.locations.get(key, self.origin(key))


def _load_chain(path: Path) -> list[ConfigFile]:
    """The file and the files it extends, base first; cycles are errors."""
    chain: list[ConfigFile] = []
    seen: list[Path] = []
    current: Path | None = path
    while current is not None:
        resolved = current.resolve()
        if resolved in seen:
            cycle = " -> ".join(display_path(p) for p in [*seen, resolved])
            raise ConfigError(f"circular `extend` chain: {cycle}", display_path(current))
        if not current.is_file():
            where = chain[-1].location(EXTEND_KEY) if chain else ""
            raise ConfigError(f"configuration file not found: {display_path(current)}", where)
        seen.append(resolved)
        config = read_config_file(current)
        chain.append(config)
        base = config.table.get(EXTEND_KEY)
        if base is None:
            current = None
        elif not isinstance(base, str):
            message = f"invalid value: expected a string, got {_describe(base)}"
            raise ConfigError(message, config.location(EXTEND_KEY))
        else:
            current = config.directory / os.path.expanduser(base)
    return list(reversed(chain))


def _rebase(value: str, directory: Path, root: Path) -> str:
    absolute = Path(os.path.normpath(directory / os.path.expanduser(value)))
    return Path(os.path.relpath(absolute, root.resolve())).as_posix()


def _parse_value(spec: KeySpec, raw: object, directory: Path, root: Path) -> Any:
    value = spec.parse(raw)
    if spec.is_path:
        if isinstance(value, tuple):
            return tuple(_rebase(item, directory, root) for item in value)
        return _rebase(value, directory, root)
    return value


def _merge_rule_options(
    base: tuple[tuple[str, tuple[tuple[str, Any], ...]], ...],
    extra: tuple[tuple[str, tuple[tuple[str, Any], ...]], ...],
) -> tuple[tuple[str, tuple[tuple[str, Any], ...]], ...]:
    merged: dict[str, dict[str, Any]] = {rule: dict(options) for rule, options in base}
    for rule, options in extra:
        merged.setdefault(rule, {}).update(dict(options))
    return tuple((rule, tuple(sorted(options.items()))) for rule, options in sorted(merged.items()))


class _Builder:
    """Accumulates parsed values layer by layer, remembering each key's origin and location."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.values: dict[str, Any] = {}
        self.origins: dict[str, str] = {}
        self.locations: dict[str, str] = {}

    def apply_file(self, config: ConfigFile) -> None:
        for key, raw in config.table.items():
            if key == EXTEND_KEY:
                continue
            spec = KEYS.get(key)
            if spec is None:
                message = _unknown_field_message(key, [*KEYS, EXTEND_KEY])
                raise ConfigError(message, config.location(key))
            try:
                value = _parse_value(spec, raw, config.directory, self.root)
            except ValueError as exc:
                raise ConfigError(f"invalid value: {exc}", config.location(key)) from None
            self.set(key, value, display_path(config.path), config.location(key))

    def set(self, key: str, value: Any, origin: str, location: str) -> None:
        if key == "rules" and key in self.values:
            value = _merge_rule_options(self.values[key], value)
        self.values[key] = value
        self.origins[key] = origin
        self.locations[key] = location

    def build(self, path: Path | None) -> Configuration:
        changes = {KEYS[key].attribute: value for key, value in self.values.items()}
        settings = dataclasses.replace(Settings(), **changes)
        return Configuration(settings, self.root, path, dict(self.origins), dict(self.locations))


@dataclass(frozen=True)
class Overrides:
    """Settings given on the command line (or to :func:`alignlint.check`)."""

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    #: Inline TOML settings (``--config "fail-on = 'error'"``), applied last.
    inline: tuple[str, ...] = ()


def _apply_overrides(builder: _Builder, overrides: Overrides) -> None:
    cwd = Path.cwd()
    for text in overrides.inline:
        where = f"--config {text!r}"
        table = _toml_loads(text, where)
        for key, raw in table.items():
            spec = KEYS.get(key)
            if spec is None:
                raise ConfigError(_unknown_field_message(key, KEYS), where)
            try:
                value = _parse_value(spec, raw, cwd, builder.root)
            except ValueError as exc:
                raise ConfigError(f"invalid value for `{key}`: {exc}", where) from None
            builder.set(key, value, COMMAND_LINE_ORIGIN, where)
    if overrides.select is not None:
        builder.set("select", overrides.select, COMMAND_LINE_ORIGIN, "--select")
    for key, option, extra in (
        ("extend-select", "--extend-select", overrides.extend_select),
        ("ignore", "--ignore", overrides.ignore),
    ):
        if extra:
            current = builder.values.get(key, getattr(Settings(), KEYS[key].attribute))
            builder.set(key, (*current, *extra), COMMAND_LINE_ORIGIN, option)


def load_configuration(
    paths: Sequence[str | Path] = (),
    *,
    config_file: str | Path | None = None,
    isolated: bool = False,
    overrides: Overrides | None = None,
) -> Configuration:
    """Find, read and validate the configuration for checking ``paths``.

    ``config_file`` names the file explicitly; ``isolated`` ignores every configuration file. The
    project root is the directory of the configuration file used, else the current directory.
    """
    path: Path | None
    if config_file is not None:
        path = Path(config_file)
        if not path.is_file():
            raise ConfigError(f"configuration file not found: {config_file}")
    elif isolated:
        path = None
    else:
        path = _nearest_config(paths)
    root = path.resolve().parent if path is not None else Path.cwd().resolve()
    builder = _Builder(root)
    if path is not None:
        for config in _load_chain(path):
            builder.apply_file(config)
    _apply_overrides(builder, overrides or Overrides())
    return builder.build(path)


def _nearest_config(paths: Sequence[str | Path]) -> Path | None:
    starts: list[Path] = []
    if paths:
        existing = [Path(p).resolve() for p in paths if Path(p).exists()]
        if existing:
            starts.append(Path(os.path.commonpath(existing)))
    starts.append(Path.cwd())
    for start in starts:
        found = find_config_file(start)
        if found is not None:
            return found
    return None


# -- validation against the installed rules -------------------------------------------------------
def selector_matches(selector: str, code: str, name: str) -> bool:
    """Whether a selector (``ALL``, a code prefix, a full code or a rule name) names a rule."""
    return selector == "ALL" or selector == name or code.startswith(selector)


def validate_selectors(
    configuration: Configuration, rules: Sequence[tuple[str, str]]
) -> Configuration:
    """Check that every rule selector and per-rule option table names an installed rule.

    ``rules`` holds ``(code, name)`` pairs. Returns the configuration unchanged (for chaining).
    """
    settings = configuration.settings

    def check(key: str, selectors: Iterable[str], *, exact: bool = False) -> None:
        for selector in selectors:
            if exact:
                known = any(selector in (code, name) for code, name in rules)
            else:
                known = any(selector_matches(selector, code, name) for code, name in rules)
            if not known:
                kind = "rule code or name" if exact else "rule selector"
                message = f"unknown {kind} `{selector}`"
                raise ConfigError(message, configuration.location(key))

    for key in ("select", "extend-select", "ignore", "fixable", "unfixable"):
        check(key, getattr(settings, KEYS[key].attribute))
    check("extend-safe-fixes", settings.extend_safe_fixes)
    check("extend-unsafe-fixes", settings.extend_unsafe_fixes)
    for _pattern, selectors in settings.per_file_ignores:
        check("per-file-ignores", selectors)
    check("severity", (selector for selector, _ in settings.severity_overrides), exact=True)
    check("rules", (rule for rule, _ in settings.rule_options), exact=True)
    return configuration


def validate_rule_options(
    configuration: Configuration, rules: Iterable[tuple[str, str, Mapping[str, Any]]]
) -> None:
    """Check per-rule option names against each rule's ``default_options``.

    ``rules`` holds ``(code, name, default_options)`` triples.
    """
    for code, name, defaults in rules:
        for key, options in configuration.settings.rule_options:
            if key not in (code, name):
                continue
            for option, value in options:
                where = configuration.location("rules")
                if option not in defaults:
                    message = (
                        _unknown_field_message(option, defaults)
                        if defaults
                        else f"rule {code} ({name}) has no options; got `{option}`"
                    )
                    raise ConfigError(message, f"{where}.{key}.{option}")
                if isinstance(defaults[option], bool) and not isinstance(value, bool):
                    message = f"expected a boolean, got {_describe(value)}"
                    raise ConfigError(message, f"{where}.{key}.{option}")


# -- `alignlint config show` ----------------------------------------------------------------------
def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else _toml_string(key)


def _toml_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Severity):
        return _toml_string(value.label)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, BaseClassNames):
        pairs = {key: getattr(value, attr) for key, attr in _BASE_CLASS_KEYS.items()}
        return _toml_value(pairs)
    if isinstance(value, Mapping):
        items = ", ".join(f"{_toml_key(str(k))} = {_toml_value(v)}" for k, v in value.items())
        return "{ " + items + " }" if items else "{}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    return _toml_string(str(value))


def _shown_value(key: str, value: Any) -> str:
    if key in ("per-file-ignores", "severity"):
        return _toml_value(dict(value))
    if key == "rules":
        return _toml_value({rule: dict(options) for rule, options in value})
    return _toml_value(value)


def show(configuration: Configuration) -> str:
    """The effective settings as TOML, each line noting where the value came from."""
    lines = [
        f"# project root: {configuration.root.as_posix()}",
        "# configuration file: "
        + (display_path(configuration.path) if configuration.path else "(none)"),
    ]
    for key in sorted(KEYS):
        value = getattr(configuration.settings, KEYS[key].attribute)
        origin = configuration.origin(key)
        if value is None:
            lines.append(f"# {key} is not set  # {origin}")
        else:
            lines.append(f"{key} = {_shown_value(key, value)}  # {origin}")
    return "\n".join(lines) + "\n"
