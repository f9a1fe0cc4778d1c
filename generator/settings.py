"""Project defaults: the `[tool.versus]` table of pyproject.toml, or a versus.toml beside it.

A shared helper for every stage: command-line flags and environment variables override these.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from generator.errors import VersusError

# Every key the settings table may hold (docs/configuration.md explains each); a misspelt key is an
# error, not a setting silently ignored.
KNOWN_SETTINGS = (
    "llm", "model", "structured_output", "timeout", "max_attempts", "temperature", "max_tokens",
    "requests_per_minute", "tokens_per_minute", "batch_poll_seconds", "repair_attempts", "site_url",
)  # fmt: skip


class SettingValues(BaseModel):
    """What each setting may hold: a wrong value is a message naming the file and the setting, not a
    traceback from whichever stage first uses it."""

    model_config = ConfigDict(extra="forbid", strict=True)

    llm: Annotated[str, Field(pattern=r"^(https?://\S+|none)$")] | None = None
    model: Annotated[str, Field(min_length=1)] | None = None
    structured_output: Literal["json_schema", "json_object"] | None = None
    timeout: Annotated[float, Field(gt=0)] | None = None
    max_attempts: Annotated[int, Field(ge=1, le=100)] | None = None
    temperature: Annotated[float, Field(ge=0, le=2)] | None = None
    max_tokens: Annotated[int, Field(ge=1)] | None = None
    requests_per_minute: Annotated[int, Field(ge=1)] | None = None
    tokens_per_minute: Annotated[int, Field(ge=1)] | None = None
    batch_poll_seconds: Annotated[float, Field(gt=0)] | None = None
    repair_attempts: Annotated[int, Field(ge=0, le=20)] | None = None
    site_url: Annotated[str, Field(pattern=r"^https?://[^\s<>\"']+$")] | None = None


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
    try:
        SettingValues.model_validate(table)
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(map(str, item['loc']))}: {item['msg']} (found {item['input']!r})" for item in error.errors())
        raise VersusError(f"{path}: {problems}; fix the setting") from error
