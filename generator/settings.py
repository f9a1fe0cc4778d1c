"""Project defaults: the `[tool.versus]` table of pyproject.toml, or a versus.toml beside it.

A shared helper for every stage: command-line flags and environment variables override these.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, ValidationError, create_model

from generator.errors import VersusError


@dataclass(frozen=True)
class Setting:
    """One setting: its name in versus.toml / [tool.versus], its default, what it may hold, and its help."""

    name: str
    default: Any
    type: Any
    help: str


# The one table of settings: the file settings' validation, the LLM client's and the build's defaults,
# the CLI's defaults and docs/configuration.md all read it (`python3 -m generator.settings` rewrites
# the doc's table). A key not listed here is an error, not a setting silently ignored.
SETTINGS = (
    Setting("llm", None, Annotated[str, Field(pattern=r"^(https?://\S+|none|local)$")] | None,
            "OpenAI-compatible base URL, `local` for the bundled model, or `none` for the deterministic writer"),
    Setting("model", None, Annotated[str, Field(min_length=1)] | None, "the endpoint's model name"),
    Setting("structured_output", "json_schema", Literal["json_schema", "json_object"],
            "`json_schema` (OpenAI, vLLM, OpenRouter, Ollama) or `json_object` (llama.cpp's server)"),
    Setting("figures", "reference", Literal["reference", "free"],
            "`reference`: the LLM writes figures only as references to facts, enforced while decoding; `free` for endpoints that cannot constrain"),
    Setting("timeout", 120.0, Annotated[float, Field(gt=0)], "seconds per request"),
    Setting("max_attempts", 4, Annotated[int, Field(ge=1, le=100)], "tries per request, on 429, 5xx, timeouts and connection errors"),
    Setting("temperature", 0.2, Annotated[float, Field(ge=0, le=2)], "sampling temperature"),
    Setting("max_tokens", 1200, Annotated[int, Field(ge=1)], "tokens per answer at most"),
    Setting("requests_per_minute", None, Annotated[int, Field(ge=1)] | None, "client-side request limit (none: unlimited)"),
    Setting("tokens_per_minute", None, Annotated[int, Field(ge=1)] | None, "client-side token limit (none: unlimited)"),
    Setting("batch_poll_seconds", 10.0, Annotated[float, Field(gt=0)], "`--batch-api`: how often to ask whether the batch is done"),
    Setting("concurrency", 8, Annotated[int, Field(ge=1, le=1024)], "LLM requests in flight at once"),
    Setting("repair_attempts", 2, Annotated[int, Field(ge=0, le=20)], "repair rounds after the validator finds a problem, before the fallback"),
    Setting("site_url", "https://example.com", Annotated[str, Field(pattern=r"^https?://[^\s<>\"']+$")],
            "the published site's address, for sitemap.xml and canonical links"),
)  # fmt: skip
SETTING = {setting.name: setting for setting in SETTINGS}

# What each setting may hold, built from the table: a wrong value is a message naming the file and
# the setting, not a traceback from whichever stage first uses it.
SettingValues = create_model(
    "SettingValues",
    __config__=ConfigDict(extra="forbid", strict=True),
    **{setting.name: (setting.type | None, None) for setting in SETTINGS},
)


def default(name: str) -> Any:
    """The table's default for a setting."""
    return SETTING[name].default


def project_settings(project_dir: Path | None = None) -> tuple[dict[str, Any], Path | None]:
    """The settings table and the file it came from; versus.toml wins over pyproject.toml."""
    project_dir = project_dir or Path.cwd()
    for path, table_of in (
        (project_dir / "versus.toml", lambda document: document),
        (project_dir / "pyproject.toml", _tool_versus),
    ):
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


def project_setting(name: str, project_dir: Path | None = None) -> Any:
    """A setting's value: the project's settings file, else the table's default."""
    settings, _ = project_settings(project_dir)
    return settings.get(name, SETTING[name].default)


def _tool_versus(document: dict[str, Any]) -> dict[str, Any] | None:
    return document.get("tool", {}).get("versus")


def _check_keys(table: dict[str, Any], path: Path) -> None:
    unknown = sorted(set(table) - set(SETTING))
    if unknown:
        raise VersusError(f"{path}: unknown setting(s) {', '.join(unknown)}; the known ones are {', '.join(SETTING)}")
    try:
        SettingValues.model_validate(table)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(map(str, item['loc']))}: {item['msg']} (found {item['input']!r})" for item in error.errors()
        )
        raise VersusError(f"{path}: {problems}; fix the setting") from error


def settings_markdown() -> str:
    """The settings table as docs/configuration.md shows it."""
    rows = [f"| `{setting.name}` | {_shown(setting.default)} | {setting.help} |" for setting in SETTINGS]
    return "\n".join(["| Setting | Default | What it does |", "|---|---|---|", *rows])


def _shown(value: Any) -> str:
    return "none" if value is None else f"`{value}`"


DOC_START, DOC_END = (
    "<!-- settings table: generated by `python3 -m generator.settings` -->",
    "<!-- end of settings table -->",
)


def documented(doc: str) -> str:
    """The doc with its settings table replaced by the table's current rendering."""
    before, rest = doc.split(DOC_START, 1)
    _, after = rest.split(DOC_END, 1)
    return f"{before}{DOC_START}\n{settings_markdown()}\n{DOC_END}{after}"


if __name__ == "__main__":
    doc_path = Path(__file__).resolve().parent.parent / "docs" / "configuration.md"
    doc_path.write_text(documented(doc_path.read_text(encoding="utf-8")), encoding="utf-8")
