"""Project defaults: the `[tool.versus]` table of pyproject.toml, or a versus.toml beside it.

A shared helper for every stage: command-line flags and environment variables override these.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from generator.errors import VersusError

# Every key the settings table may hold (docs/configuration.md explains each); a misspelt key is an
# error, not a setting silently ignored.
KNOWN_SETTINGS = (
    "llm", "model", "structured_output", "figures", "timeout", "max_attempts", "temperature", "max_tokens",
    "requests_per_minute", "tokens_per_minute", "batch_poll_seconds", "repair_attempts", "site_url",
)  # fmt: skip


def project_settings(project_dir: Path | None = None) -> tuple[dict[str, Any], Path | None]:
    """The settings table and the file it came from; versus.toml wins over pyproject.toml."""
    project_dir = project_dir or Path.cwd()
    for path, table_of in ((project_dir / "versus.toml", lambda document: document), (project_dir / "pyproject.toml", _tool_versus)):
        if path.is_file():
            try:
                document = tomllib.loads(path.read_text(encoding="utf-8"))
            except tomllib.TOMLDecodeError as error:
                raise VersusError(f"{path}: not valid TOML ({error}); fix the file") from error
            table = table_of(document)
            if table is not None:
                _check_keys(table, path)
                return table, path
    return {}, None


def project_setting(name: str, default: Any, project_dir: Path | None = None) -> Any:
    settings, _ = project_settings(project_dir)
    return settings.get(name, default)


def _tool_versus(document: dict[str, Any]) -> dict[str, Any] | None:
    return document.get("tool", {}).get("versus")


def _check_keys(table: dict[str, Any], path: Path) -> None:
    unknown = sorted(set(table) - set(KNOWN_SETTINGS))
    if unknown:
        raise VersusError(f"{path}: unknown setting(s) {', '.join(unknown)}; the known ones are {', '.join(KNOWN_SETTINGS)}")
