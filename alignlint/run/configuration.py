"""Loading ``[tool.alignlint]`` configuration into :class:`~alignlint.core.settings.Settings`.

Configuration lives in ``.alignlint.toml`` / ``alignlint.toml`` (settings at the top level, like
``ruff.toml``) or in the ``[tool.alignlint]`` table of ``pyproject.toml``. The nearest file to the
checked path (else to the current directory) wins; in one directory ``.alignlint.toml`` beats
``alignlint.toml`` beats ``pyproject.toml``. A file may inherit from another with
``extend = "../base.toml"``: the extending file's keys replace the base's (per-rule option tables
are merged rule by rule). Paths in a file (``roots``, ``script-roots``, ``cache-dir``) are relative
to that file's directory. Every key is validated; an unknown key or a bad value is a
:class:`~alignlint.core.errors.ConfigError` naming the file, the line and the key path.

A configuration file is part of the repository, so what it can name is confined to the repository
root (the git top level of the configuration's directory, else that directory; see
:mod:`alignlint.infra.repository`): a path key declared ``confined`` must resolve inside it, and
``extend`` may only leave it for a file the user allows in their own configuration
(:mod:`alignlint.run.user_config`). Paths outside the repository can be given on the command line
(``--config "roots = ['/elsewhere']"``, ``--cache-dir``). Configuration files are read without
blocking and only when they are regular files of bounded size.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import os
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import field
from pathlib import Path
from typing import Any

from alignlint.core.errors import ConfigError
from alignlint.core.records import record
from alignlint.core.settings import (
    DEFAULT_MAX_FILE_SIZE,
    BaseClassNames,
    Settings,
    WorkspaceSettings,
    frozen_value,
)
from alignlint.core.types import Severity
from alignlint.infra.repository import escaping_link, is_within, repository_root
from alignlint.run.project_root import CONFIG_FILE_NAMES, common_path, root_without_configuration

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
def describe_value(value: object) -> str:
    """A TOML value for an error message: its kind and the value (``a string ("x")``)."""
    kinds = {bool: "a boolean", int: "an integer", float: "a float", str: "a string"}
    kinds.update({list: "an array", dict: "a table"})
    return f"{kinds.get(type(value), type(value).__name__)} ({_toml_value(value)})"


def _string(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected a string, got {describe_value(value)}")
    return value


def _strings(value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueError(f"expected an array of strings, got {describe_value(value)}")
    return tuple(value)


def _boolean(value: object) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected a boolean, got {describe_value(value)}")
    return value


def _severity(value: object) -> Severity:
    return Severity.parse(_string(value))


_SIZE = re.compile(r"(?P<number>[0-9]+(?:\.[0-9]+)?)\s*(?P<unit>[kKMG]i?B|B)?")
_SIZE_UNITS = {"B": 1, "kB": 1000, "KB": 1000, "MB": 1000**2, "GB": 1000**3}
_SIZE_UNITS.update({"KiB": 1024, "kiB": 1024, "MiB": 1024**2, "GiB": 1024**3})


def _size(value: object) -> int:
    """A positive number of bytes: an integer, or a string such as ``"10 MB"`` or ``"512 KiB"``."""
    if isinstance(value, int) and not isinstance(value, bool):
        size = value
    elif isinstance(value, str) and (match := _SIZE.fullmatch(value.strip())):
        unit = match["unit"] or "B"
        if unit not in _SIZE_UNITS:
            raise ValueError(f"unknown unit {unit!r} (expected B, kB, MB, GB, KiB, MiB or GiB)")
        size = int(float(match["number"]) * _SIZE_UNITS[unit])
    else:
        raise ValueError(
            f'expected a size in bytes (an integer, or a string such as "10 MB"), '
            f"got {describe_value(value)}"
        )
    if size <= 0:
        raise ValueError(f"expected a positive size, got {describe_value(value)}")
    return size


def _regex(value: object) -> str:
    """A regular expression that :mod:`alignlint.infra.safe_regex` can search in linear time."""
    from alignlint.infra.safe_regex import compile_pattern

    text = _string(value)
    try:
        compile_pattern(text)
    except (re.error, ValueError) as exc:
        raise ValueError(f"invalid regular expression {text!r}: {exc}") from None
    return text


def _table(value: object) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError(f"expected a table, got {describe_value(value)}")
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
            raise ValueError(unknown_field_message(key, _BASE_CLASS_KEYS))
        try:
            changes[_BASE_CLASS_KEYS[key]] = _strings(names)
        except ValueError as exc:
            raise ValueError(f"`{key}`: {exc}") from None
    return dataclasses.replace(BaseClassNames(), **changes)


_WORKSPACE_KEYS = {"roots": "roots", "shared": "shared", "id": "id", "enabled": "enabled"}
_WORKSPACE_IDS = ("folder", "developer-id")
#: The keys of ``[tool.alignlint.workspaces]`` that hold paths (confined to the repository).
WORKSPACE_PATH_FIELDS = ("roots", "shared")


def _workspaces(value: object) -> WorkspaceSettings:
    table = _table(value)
    changes: dict[str, Any] = {}
    for key, raw in table.items():
        if key not in _WORKSPACE_KEYS:
            raise ValueError(unknown_field_message(key, _WORKSPACE_KEYS))
        try:
            if key == "enabled":
                changes[key] = _boolean(raw)
            elif key == "id":
                text = _string(raw)
                if text not in _WORKSPACE_IDS:
                    choices = ", ".join(f"`{c}`" for c in _WORKSPACE_IDS)
                    raise ValueError(f"expected one of {choices}, got {text!r}")
                changes[key] = text
            else:
                changes[key] = _strings(raw)
        except ValueError as exc:
            raise ValueError(f"`{key}`: {exc}") from None
    return dataclasses.replace(WorkspaceSettings(), **changes)


def _rule_options(value: object) -> tuple[tuple[str, tuple[tuple[str, Any], ...]], ...]:
    table = _table(value)
    result = []
    for rule, options in sorted(table.items()):
        if not isinstance(options, dict):
            raise ValueError(
                f"`{rule}`: expected a table of options, got {describe_value(options)}"
            )
        result.append((rule, frozen_value(options)))
    return tuple(result)


@record
class KeySpec:
    """One configuration key: its kebab-case name, the Settings field and the value parser."""

    key: str
    attribute: str
    parse: Callable[[object], Any]
    #: A path (or array of paths) relative to the file that sets it.
    is_path: bool = False
    #: A path that a configuration file of the repository may only point inside the repository
    #: (the command line and files the user allows may point anywhere).
    confined: bool = False
    #: For a table: the fields of its parsed value that are paths (rebased and, when
    #: ``confined``, kept inside the repository like a path key).
    path_fields: tuple[str, ...] = ()


KEYS: dict[str, KeySpec] = {
    spec.key: spec
    for spec in (
        KeySpec("roots", "roots", _strings, is_path=True, confined=True),
        KeySpec("script-roots", "script_roots", _strings, is_path=True, confined=True),
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
        KeySpec("cache-dir", "cache_dir", _string, is_path=True, confined=True),
        KeySpec("max-file-size", "max_file_size", _size),
        KeySpec(
            "workspaces",
            "workspaces",
            _workspaces,
            confined=True,
            path_fields=WORKSPACE_PATH_FIELDS,
        ),
        KeySpec("rules", "rule_options", _rule_options),
    )
}
EXTEND_KEY = "extend"


def unknown_field_message(key: str, known: Iterable[str]) -> str:
    """The message for an unknown key: the closest known one, else every known one."""
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


@record
class ConfigFile:
    """One parsed configuration file: its settings table and where that table sits in the file."""

    path: Path
    text: str
    table: Mapping[str, Any]
    #: Key path of the settings table inside the file (``("tool", "alignlint")`` in pyproject).
    prefix: tuple[str, ...]
    #: Read from outside the repository because the user allows it (``allowed-extends``): its
    #: paths are not confined to the repository.
    trusted: bool = False

    def location(self, *keys: str) -> str:
        """``file:line: key.path`` for error messages: the line of the key, else of the nearest
        table or key that holds it (an inline table), else omitted."""
        key_path = (*self.prefix, *keys)
        line = None
        for end in range(len(key_path), len(self.prefix), -1):
            line = find_key_line(self.text, key_path[:end])
            if line is not None:
                break
        where = display_path(self.path) + (f":{line}" if line else "")
        return f"{where}: {'.'.join(key_path)}" if key_path else where

    @property
    def directory(self) -> Path:
        return self.path.resolve().parent


def _read_text(path: Path) -> str:
    """The text of a configuration file: a regular file of at most :data:`CONFIG_MAX_SIZE`
    bytes, opened without blocking (``ConfigError`` otherwise)."""
    from alignlint.core.source import ReadFailure, read_source

    where = display_path(path)
    data = read_source(path, CONFIG_MAX_SIZE, "the limit for configuration files")
    if isinstance(data, ReadFailure):
        raise ConfigError(f"cannot read configuration file: {data.reason}", where)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"cannot read configuration file: {exc}", where) from None


#: Configuration files larger than this are refused (no real one comes close).
CONFIG_MAX_SIZE = DEFAULT_MAX_FILE_SIZE


def read_config_file(path: Path, *, trusted: bool = False) -> ConfigFile:
    """Parse one configuration file (``ConfigError`` when unreadable or not valid TOML)."""
    where = display_path(path)
    text = _read_text(path)
    data = _toml_loads(text, where)
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        table = tool.get("alignlint", {}) if isinstance(tool, dict) else {}
        if not isinstance(table, dict):
            line = find_key_line(text, ("tool", "alignlint"))
            at = f"{where}:{line}" if line else where
            raise ConfigError(
                f"expected a table, got {describe_value(table)}", f"{at}: tool.alignlint"
            )
        return ConfigFile(path, text, table, ("tool", "alignlint"), trusted)
    tool = data.get("tool")
    if set(data) == {"tool"} and isinstance(tool, dict) and isinstance(tool.get("alignlint"), dict):
        return ConfigFile(path, text, tool["alignlint"], ("tool", "alignlint"), trusted)
    return ConfigFile(path, text, data, (), trusted)


def _declares_alignlint(path: Path) -> bool:
    if path.name != "pyproject.toml":
        return True
    from alignlint.core.source import ReadFailure, read_source

    if escaping_link(path, repository_root(path.parent)) is not None:
        return True  # chosen, then refused by load_configuration without being read
    data = read_source(path, CONFIG_MAX_SIZE)
    if isinstance(data, ReadFailure):
        return False
    text = data.decode("utf-8", errors="replace")
    if re.search(r"^\s*\[\[?\s*tool\.alignlint\b", text, re.MULTILINE) is not None:
        return True
    if re.search(r"\balignlint\b", text) is None:
        return False
    # Written another way TOML allows (`alignlint = {...}` under `[tool]`, a dotted
    # `tool.alignlint.select = ...`): the parsed file decides, so that a value of the wrong
    # type there is an error instead of a configuration silently ignored.
    try:
        tool = _toml_loads(text, display_path(path)).get("tool")
    except ConfigError:
        return False  # not valid TOML and no [tool.alignlint] header: not ours to report
    return isinstance(tool, dict) and "alignlint" in tool


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
@record
class Configuration:
    """Resolved settings, the project root they apply to, and where each setting came from."""

    settings: Settings
    root: Path
    path: Path | None = None
    #: kebab-case key -> ``"default"``, a config file (``"pyproject.toml"``) or ``"command line"``.
    origins: Mapping[str, str] = field(default_factory=dict)
    #: The repository root (the git top level of ``root``, else ``root``): paths from
    #: configuration files stay inside it, and symbolic links inside it are not followed out.
    repository: Path | None = None

    @property
    def locations(self) -> Mapping[str, str]:
        """kebab-case key -> ``file:line: key.path`` (see :attr:`Settings.locations`)."""
        return self.settings.locations

    @property
    def repository_root(self) -> Path:
        return self.repository if self.repository is not None else repository_root(self.root)

    def origin(self, key: str) -> str:
        return self.origins.get(key, DEFAULT_ORIGIN)

    def location(self, key: str) -> str:
        return self.locations.get(key, self.origin(key))


def _load_chain(path: Path, repository: Path) -> list[ConfigFile]:
    """The file and the files it extends, base first; cycles are errors, and so is an
    ``extend`` that leaves ``repository`` for a file the user does not allow."""
    chain: list[ConfigFile] = []
    seen: list[Path] = []
    current: Path | None = path
    trusted = False
    while current is not None:
        resolved = current.resolve()
        if resolved in seen:
            cycle = " -> ".join(display_path(p) for p in [*seen, resolved])
            raise ConfigError(f"circular `extend` chain: {cycle}", display_path(current))
        if not os.path.lexists(current) or os.path.isdir(current):
            where = chain[-1].location(EXTEND_KEY) if chain else ""
            raise ConfigError(f"configuration file not found: {display_path(current)}", where)
        seen.append(resolved)
        config = read_config_file(current, trusted=trusted)
        chain.append(config)
        base = config.table.get(EXTEND_KEY)
        if base is None:
            current = None
        elif not isinstance(base, str):
            message = f"invalid value: expected a string, got {describe_value(base)}"
            raise ConfigError(message, config.location(EXTEND_KEY))
        else:
            current = config.directory / os.path.expanduser(base)
            trusted = _extend_is_trusted(current, config, repository)
    return list(reversed(chain))


def _extend_is_trusted(target: Path, config: ConfigFile, repository: Path) -> bool:
    """Whether the file ``extend`` names is trusted (outside ``repository``, allowed by the
    user) or a file of the repository (False). Raises :class:`ConfigError` for a file outside
    the repository that the user does not allow, before it is opened."""
    from alignlint.run.user_config import ALLOWED_EXTENDS_KEY, allows_extend, user_config_file

    if is_within(target, repository):
        return False
    if allows_extend(target):
        return True
    place = user_config_file()
    where = f" ({place})" if place is not None else ""
    message = (
        f"`extend` names {os.path.realpath(target)}, outside the repository ({repository}); "
        f"a base configuration outside the repository must be listed in `{ALLOWED_EXTENDS_KEY}` "
        f"of your user configuration{where}"
    )
    raise ConfigError(message, config.location(EXTEND_KEY))


def _rebase(value: str, directory: Path, root: Path) -> str:
    absolute = Path(os.path.normpath(directory / os.path.expanduser(value)))
    return Path(os.path.relpath(absolute, root.resolve())).as_posix()


def _parse_value(
    spec: KeySpec, raw: object, directory: Path, root: Path, repository: Path | None = None
) -> Any:
    """The setting of ``raw``; paths rebased from ``directory`` onto ``root`` and, for a
    ``confined`` key with a ``repository``, required to resolve inside it (``ValueError``)."""
    value = spec.parse(raw)
    if spec.path_fields:
        changes = {
            name: _paths(spec, getattr(value, name), directory, root, repository)
            for name in spec.path_fields
        }
        return dataclasses.replace(value, **changes)
    if not spec.is_path:
        return value
    return _paths(spec, value, directory, root, repository)


def _paths(spec: KeySpec, value: Any, directory: Path, root: Path, repository: Path | None) -> Any:
    """``value`` (a path or a tuple of paths) rebased onto ``root`` and, for a ``confined`` key,
    required to resolve inside ``repository``."""
    items = value if isinstance(value, tuple) else (value,)
    if any(not item.strip() for item in items):
        raise ValueError("expected a path, got an empty string")
    rebased = tuple(_rebase(item, directory, root) for item in items)
    if spec.confined and repository is not None:
        for item, path in zip(items, rebased, strict=True):
            _confine(spec, item, root / path, repository)
    return rebased if isinstance(value, tuple) else rebased[0]


def _confine(spec: KeySpec, written: str, path: Path, repository: Path) -> None:
    """Raise ``ValueError`` when ``path`` (written as ``written``) is not inside ``repository``,
    following symbolic links."""
    if is_within(path, repository):
        return
    option = "--cache-dir or " if spec.key == "cache-dir" else ""
    raise ValueError(
        f"`{written}` is outside the repository ({repository}): a configuration file may only "
        f"name paths inside it; give a path outside it on the command line ({option}"
        f'--config "{spec.key} = ...")'
    )


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

    def __init__(self, root: Path, repository: Path) -> None:
        self.root = root
        self.repository = repository
        self.values: dict[str, Any] = {}
        self.origins: dict[str, str] = {}
        self.locations: dict[str, str] = {}

    def apply_file(self, config: ConfigFile) -> None:
        for key, raw in config.table.items():
            if key == EXTEND_KEY:
                continue
            spec = KEYS.get(key)
            if spec is None:
                message = unknown_field_message(key, [*KEYS, EXTEND_KEY])
                raise ConfigError(message, config.location(key))
            confinement = None if config.trusted else self.repository
            try:
                value = _parse_value(spec, raw, config.directory, self.root, confinement)
            except ValueError as exc:
                raise ConfigError(f"invalid value: {exc}", config.location(key)) from None
            located = functools.partial(config.location, key)
            self.set(key, value, display_path(config.path), config.location(key), located)

    def set(
        self,
        key: str,
        value: Any,
        origin: str,
        location: str,
        locate: Callable[..., str] | None = None,
    ) -> None:
        """Set ``key``; ``locate(rule[, option])`` says where a rule's options were written
        (default: ``location``)."""
        if key == "rules":
            for rule, options in value:
                self.locations[f"rules.{rule}"] = locate(rule) if locate else location
                for option, _ in options:
                    where = locate(rule, option) if locate else location
                    self.locations[f"rules.{rule}.{option}"] = where
            if key in self.values:
                value = _merge_rule_options(self.values[key], value)
        self.values[key] = value
        self.origins[key] = origin
        self.locations[key] = location

    def build(self, path: Path | None) -> Configuration:
        changes = {KEYS[key].attribute: value for key, value in self.values.items()}
        settings = dataclasses.replace(Settings(), **changes, locations=dict(self.locations))
        return Configuration(settings, self.root, path, dict(self.origins), self.repository)


@record
class Overrides:
    """Settings given on the command line (or to :func:`alignlint.check`)."""

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    #: Inline TOML settings (``--config "fail-on = 'error'"``), applied last.
    inline: tuple[str, ...] = ()
    #: ``--cache-dir``: relative to the current directory, like every path on the command line.
    cache_dir: str | None = None


def _apply_overrides(builder: _Builder, overrides: Overrides) -> None:
    cwd = Path.cwd()
    for text in overrides.inline:
        where = f"--config {text!r}"
        table = _toml_loads(text, where)
        for key, raw in table.items():
            spec = KEYS.get(key)
            if spec is None:
                raise ConfigError(unknown_field_message(key, KEYS), where)
            try:
                value = _parse_value(spec, raw, cwd, builder.root)
            except ValueError as exc:
                raise ConfigError(f"invalid value for `{key}`: {exc}", where) from None
            builder.set(key, value, COMMAND_LINE_ORIGIN, where)
    if overrides.cache_dir is not None:
        resolved = str(Path(overrides.cache_dir).resolve())
        builder.set("cache-dir", resolved, COMMAND_LINE_ORIGIN, "--cache-dir")
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
    project root is the directory of the configuration file used, else the current directory or
    the top of the project holding it or the ``paths``
    (:func:`~alignlint.run.project_root.root_without_configuration`).
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
    root = path.resolve().parent if path is not None else root_without_configuration(paths)
    repository = repository_root(root)
    builder = _Builder(root, repository)
    if path is not None:
        reason = escaping_link(path, repository_root(Path(os.path.abspath(path)).parent))
        if reason is not None:
            raise ConfigError(f"configuration file not read: {reason}", display_path(path))
        for config in _load_chain(path, repository):
            builder.apply_file(config)
    _apply_overrides(builder, overrides or Overrides())
    return builder.build(path)


def _nearest_config(paths: Sequence[str | Path]) -> Path | None:
    starts: list[Path] = []
    common = common_path(paths)
    if common is not None:
        starts.append(common)
    starts.append(Path.cwd())
    for start in starts:
        found = find_config_file(start)
        if found is not None:
            return found
    return None


# -- `alignlint config show` ----------------------------------------------------------------------
def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else _toml_string(key)


def _toml_string(text: str) -> str:
    """``text`` as a TOML basic string (control characters escaped, as TOML requires)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{_TOML_CONTROL.sub(_toml_escape, escaped)}"'


_TOML_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def _toml_escape(match: re.Match[str]) -> str:
    character = match.group()
    named = {"\n": "\\n", "\r": "\\r", "\f": "\\f", "\b": "\\b"}
    return named.get(character, f"\\u{ord(character):04x}")


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
    if isinstance(value, WorkspaceSettings):
        return _toml_value({key: getattr(value, attr) for key, attr in _WORKSPACE_KEYS.items()})
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
