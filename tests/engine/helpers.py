"""Shared helpers for the engine tests: extract a directory or a dict of sources."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from fixture_cases import materialized

from alignlint.core.settings import Settings
from alignlint.extract import extract_file
from alignlint.extract.facts import FileFacts
from alignlint.model import Project, build_project

REPO = Path(__file__).resolve().parents[2]


def layout(name: str) -> Path:
    """The project of the linking fixture case ``fixtures/linking/<name>.case`` (read only)."""
    return materialized(f"linking/{name}")


def extract_tree(root: Path, settings: Settings | None = None) -> list[FileFacts]:
    """Facts of every file under ``root`` (paths relative to it)."""
    settings = settings or Settings()
    facts: list[FileFacts] = []
    for directory, subdirectories, names in os.walk(root):
        subdirectories[:] = sorted(d for d in subdirectories if d != "__pycache__")
        for name in sorted(names):
            path = Path(directory) / name
            relative = path.relative_to(root).as_posix()
            facts.append(extract_file(relative, path.read_bytes(), settings))
    return facts


def project_of_tree(root: Path, settings: Settings | None = None) -> Project:
    settings = settings or Settings()
    return build_project(extract_tree(root, settings), settings)


def project_of(sources: Mapping[str, str], settings: Settings | None = None) -> Project:
    """A project from in-memory sources (path -> text)."""
    settings = settings or Settings()
    files = [extract_file(path, text.encode(), settings) for path, text in sources.items()]
    return build_project(files, settings)
