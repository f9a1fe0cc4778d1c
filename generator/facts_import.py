"""Stage 1, facts: import provider routes from LiteLLM's price map, and diff the facts against a git revision.

The import reads LiteLLM's model price map (one entry per provider-specific model name) and writes
facts/imported/litellm/<model id>.yaml, which load_facts merges under the curated models/*.yaml.
Which entries are which of our models is decided by a person in facts/litellm/mapping.yaml; the
name matcher here only proposes candidates for that file, it never maps on its own.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.metadata
import importlib.util
import json
import re
import subprocess
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictStr,
    TypeAdapter,
    ValidationError,
)

from generator.errors import FactsError, VersusError
from generator.facts import (
    CAPABILITIES,
    IMPORT_PRECEDENCE,
    Dataset,
    DecimalLoader,
    ImportedFacts,
    ModelFacts,
    Route,
    Slug,
    Source,
    Sourced,
    Strict,
    describe_validation_error,
    load_facts,
    read_yaml,
)
from generator.files import write_atomically

PRICE_MAP_URL = "https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json"
PACKAGED_PRICE_MAP = "model_prices_and_context_window_backup.json"
IMPORTED_DIR = Path("imported") / "litellm"
CAPABILITY_OF_FLAG = {
    "supports_vision": "vision",
    "supports_function_calling": "function_calling",
    "supports_response_schema": "structured_outputs",
    "supports_reasoning": "reasoning",
    "supports_tool_choice": "tool_use",
}
IMPORTED_FILE_HEADER = (
    "# Written by `versus facts import litellm` from LiteLLM's price map; edit facts/litellm/mapping.yaml\n"
    "# and re-run the import instead of editing this file. Curated values in models/ win over these.\n"
)


# The price map as read: only the fields the import uses, each checked.


def _json_number(value: Any) -> Any:
    # A price must be a JSON number; pydantic would otherwise accept "0.1" or true as a Decimal.
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise ValueError("must be a JSON number (US dollars per token)")
    return Decimal(value)


UsdPerToken = Annotated[Decimal, BeforeValidator(_json_number), Field(ge=0)]


class PriceMapEntry(BaseModel):
    """One chat entry of the price map, as far as the import reads it."""

    model_config = ConfigDict(extra="ignore", frozen=True, strict=True)

    litellm_provider: StrictStr
    mode: Literal["chat"]
    input_cost_per_token: UsdPerToken
    output_cost_per_token: UsdPerToken
    max_input_tokens: Annotated[int, Field(gt=0)] | None = None
    supports_vision: StrictBool | None = None
    supports_function_calling: StrictBool | None = None
    supports_response_schema: StrictBool | None = None
    supports_reasoning: StrictBool | None = None
    supports_tool_choice: StrictBool | None = None


class LitellmMapping(Strict):
    """facts/litellm/mapping.yaml: the price-map keys a person confirmed are each of our models."""

    models: dict[Slug, list[str]]
    rejected: dict[Slug, list[str]] = {}


class LitellmProviders(Strict):
    """facts/litellm/providers.yaml: LiteLLM's provider names -> our provider ids."""

    providers: dict[str, Slug]


# What the import reports.


class PriceConflict(BaseModel):
    """A curated route and the imported one for the same provider disagree; the curated route stays."""

    model: str
    provider: str
    key: str
    curated_input_usd_per_mtok: Decimal | None
    curated_output_usd_per_mtok: Decimal | None
    imported_input_usd_per_mtok: Decimal
    imported_output_usd_per_mtok: Decimal


class CapabilityDisagreement(BaseModel):
    """Providers disagree about a model's capability flag; the import leaves the capability unknown."""

    model: str
    capability: str
    flag: str
    keys_saying_true: list[str]
    keys_saying_false: list[str]


class MappingProposal(BaseModel):
    """An unmapped chat entry whose normalised name equals one of a model's names: for a person to confirm."""

    model: str
    key: str
    litellm_provider: str
    matched_name: str


class ImportReport(BaseModel):
    price_map: str
    source_version: str
    models_with_routes: int
    routes_imported: int
    files_written: list[str]
    files_removed: list[str]
    conflicts: list[PriceConflict]
    capability_disagreements: list[CapabilityDisagreement]
    proposals: list[MappingProposal]


def import_litellm(
    facts_dir: Path, price_map_path: Path | None = None, source_version: str | None = None, today: dt.date | None = None
) -> ImportReport:
    """Import the mapped entries of LiteLLM's price map into facts_dir/imported/litellm/, one file per model.

    Everything is read and checked before anything is written; a problem raises FactsError (exit 2) and
    leaves facts_dir untouched. Re-importing the same price map rewrites nothing.
    """
    price_map_path, source_version = locate_price_map(price_map_path, source_version)
    price_map = read_price_map(price_map_path)
    mapping, provider_of = read_source_config(facts_dir / "litellm")
    curated = load_facts(facts_dir, with_imported=False)
    entries_by_model = mapped_entries(price_map_path, price_map, mapping, provider_of, curated, facts_dir)
    imported_dir = facts_dir / IMPORTED_DIR
    today = today or dt.date.today()
    new_files: dict[Path, ImportedFacts] = {}
    disagreements: list[CapabilityDisagreement] = []
    for model_id, entries in entries_by_model.items():
        path = imported_dir / f"{model_id}.yaml"
        imported, model_disagreements = imported_facts(
            model_id, entries, provider_of, _previous(path), source_version, today
        )
        new_files[path] = imported
        disagreements += model_disagreements
    written, removed = _write_files(imported_dir, new_files)
    return ImportReport(
        price_map=str(price_map_path),
        source_version=source_version,
        models_with_routes=len(new_files),
        routes_imported=sum(len(imported.routes) for imported in new_files.values()),
        files_written=[str(path) for path in written],
        files_removed=[str(path) for path in removed],
        conflicts=[
            conflict
            for imported in new_files.values()
            for conflict in price_conflicts(curated.models[imported.id], imported)
        ],
        capability_disagreements=disagreements,
        proposals=propose_mappings(price_map, mapping, curated),
    )


def locate_price_map(price_map_path: Path | None, source_version: str | None) -> tuple[Path, str]:
    """The price map to read and the litellm version it comes from: PATH, or the installed package's copy."""
    if price_map_path is None:
        # find_spec locates the package without importing it (importing litellm is slow and has side effects).
        spec = importlib.util.find_spec("litellm")
        if spec is None or not spec.submodule_search_locations:
            raise VersusError(
                "no PATH given and the litellm package is not installed: pass the price map, e.g. "
                "`versus facts import litellm model_prices_and_context_window.json --source-version 1.109.1`"
            )
        price_map_path = Path(list(spec.submodule_search_locations)[0]) / PACKAGED_PRICE_MAP
        source_version = source_version or importlib.metadata.version("litellm")
    return price_map_path, source_version or stated_version(price_map_path) or content_version(price_map_path)


def stated_version(price_map_path: Path) -> str | None:
    """The litellm release a README.md beside the price map names ("taken from the `litellm` 1.109.1 wheel")."""
    readme = price_map_path.parent / "README.md"
    if not readme.is_file():
        return None
    stated = re.search(r"`?litellm`?\s+(\d+\.\d+\.\d+)", readme.read_text(encoding="utf-8", errors="replace"))
    return stated.group(1) if stated else None


def content_version(price_map_path: Path) -> str:
    """With no release named anywhere, the file's own fingerprint: the same file always gets the same one."""
    try:
        return "sha256:" + hashlib.sha256(price_map_path.read_bytes()).hexdigest()[:16]
    except OSError as error:
        raise VersusError(
            f"{price_map_path}: cannot read the price map ({error.strerror}); pass an existing file"
        ) from error


def read_price_map(path: Path) -> dict[str, Any]:
    """The price map's entries by key, numbers read as Decimal from their JSON text (never via a binary float)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise VersusError(
            f"{path}: cannot be read ({error}); pass the path of LiteLLM's model_prices_and_context_window.json"
        ) from error
    try:
        price_map = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as error:
        raise VersusError(
            f"{path}: not valid JSON (line {error.lineno}, column {error.colno}: {error.msg}); pass LiteLLM's price map"
        ) from error
    if not isinstance(price_map, dict):
        raise VersusError(
            f"{path}: expected a JSON object of entries keyed by model name, found {type(price_map).__name__}"
        )
    return price_map


def read_source_config(config_dir: Path) -> tuple[LitellmMapping, dict[str, str]]:
    """A price source's mapping.yaml and providers.yaml (facts/litellm/ or facts/genai-prices/, one shape), checked."""
    problems: list[str] = []
    mapping = _read_config(config_dir / "mapping.yaml", LitellmMapping, problems)
    providers = _read_config(config_dir / "providers.yaml", LitellmProviders, problems)
    if problems:
        raise FactsError(problems)
    return mapping, providers.providers


def _read_config(path: Path, schema: type[Strict], problems: list[str]) -> Any:
    data = read_yaml(path, problems)
    try:
        return schema.model_validate(data) if data is not None else None
    except ValidationError as error:
        problems += describe_validation_error(path, error)
        return None


@dataclass(frozen=True)
class RouteProviders:
    """What a mapped key of a price source (LiteLLM, genai-prices) must satisfy to be one of a model's routes:
    its entry's provider maps to one of our provider ids, and no other key of the model has that provider."""

    source: str  # the source as problems name it
    provider_of: dict[str, str]  # the source's provider names -> our provider ids (its providers.yaml)
    provider_ids: set[str]  # the providers of the curated facts
    mapping_path: Path
    providers_path: Path

    def admit(
        self, model_id: str, key: str, source_provider: str, key_of_provider: dict[str, str], problems: list[str]
    ) -> bool:
        """True, recording the key under its provider in key_of_provider, when the key is admitted; False with
        a problem naming the file to fix otherwise."""
        provider = self.provider_of.get(source_provider)
        if provider is None:
            problems.append(
                f"{self.providers_path}: providers: no provider id for {self.source} provider '{source_provider}' (entry '{key}'); add it"
            )
        elif provider not in self.provider_ids:
            problems.append(
                f"{self.providers_path}: providers.{source_provider}: unknown provider '{provider}'; add it to providers.yaml"
            )
        elif provider in key_of_provider:
            problems.append(
                f"{self.mapping_path}: models.{model_id}: '{key}' and '{key_of_provider[provider]}' are both {provider}; keep one key per provider"
            )
        else:
            key_of_provider[provider] = key
            return True
        return False


def mapped_entries(
    price_map_path: Path,
    price_map: dict[str, Any],
    mapping: LitellmMapping,
    provider_of: dict[str, str],
    curated: Dataset,
    facts_dir: Path,
) -> dict[str, dict[str, PriceMapEntry]]:
    """Every mapped entry, checked, by model id then key; FactsError listing every problem otherwise."""
    mapping_path = facts_dir / "litellm" / "mapping.yaml"
    routes = RouteProviders(
        "LiteLLM", provider_of, set(curated.providers), mapping_path, facts_dir / "litellm" / "providers.yaml"
    )
    problems: list[str] = []
    entries_by_model: dict[str, dict[str, PriceMapEntry]] = {}
    model_of_key: dict[str, str] = {}
    for model_id, keys in sorted(mapping.models.items()):
        if model_id not in curated.models:
            problems.append(
                f"{mapping_path}: models.{model_id}: no model file models/{model_id}.yaml; add it or remove this mapping"
            )
            continue
        entries: dict[str, PriceMapEntry] = {}
        key_of_provider: dict[str, str] = {}
        for key in keys:
            if key in model_of_key:
                problems.append(
                    f"{mapping_path}: models.{model_id}: '{key}' is already mapped to {model_of_key[key]}; a key is one model"
                )
                continue
            model_of_key[key] = model_id
            entry = _checked_entry(price_map_path, price_map, key, mapping_path, model_id, problems)
            if entry is not None and routes.admit(model_id, key, entry.litellm_provider, key_of_provider, problems):
                entries[key] = entry
        entries_by_model[model_id] = entries
    if problems:
        raise FactsError(problems)
    return {model_id: entries for model_id, entries in entries_by_model.items() if entries}


def _checked_entry(
    price_map_path: Path, price_map: dict[str, Any], key: str, mapping_path: Path, model_id: str, problems: list[str]
) -> PriceMapEntry | None:
    if key not in price_map:
        problems.append(
            f"{mapping_path}: models.{model_id}: '{key}' is not in {price_map_path}; remove it or use the entry's new name"
        )
        return None
    try:
        return PriceMapEntry.model_validate(price_map[key])
    except ValidationError as error:
        problems += [_entry_problem(price_map_path, key, item) for item in error.errors()]
        return None


def _entry_problem(price_map_path: Path, key: str, item: dict) -> str:
    field = ".".join(str(part) for part in item["loc"]) or "(entry)"
    if item["type"] == "missing":
        return f"{price_map_path}: entry '{key}': {field}: required field is missing; only complete chat entries can be imported"
    found = item["input"]
    shown = str(found) if isinstance(found, Decimal) else repr(found)
    return f"{price_map_path}: entry '{key}': {field}: {item['msg']} (found {shown}); fix the entry or unmap it"


def imported_facts(
    model_id: str,
    entries: dict[str, PriceMapEntry],
    provider_of: dict[str, str],
    previous: ImportedFacts | None,
    source_version: str,
    today: dt.date,
) -> tuple[ImportedFacts, list[CapabilityDisagreement]]:
    """One model's imported routes and agreed capabilities, each with its own source.

    A value that equals the previous import's keeps that import's source (version and date), so
    re-importing unchanged data rewrites nothing and a source's date says when its value last changed.
    """
    sources: dict[str, Source] = {}

    def sourced(source_key: str, title: str, unchanged: bool) -> str:
        kept = previous.sources.get(source_key) if unchanged else None
        sources[source_key] = (
            kept
            if kept and kept.title == title
            else Source(url=PRICE_MAP_URL, title=title, checked=today, version=source_version)
        )
        return source_key

    previous_routes = {route.key: route for route in previous.routes} if previous else {}
    routes = []
    for key, entry in sorted(entries.items(), key=lambda item: (provider_of[item[1].litellm_provider], item[0])):
        route = Route(
            provider=provider_of[entry.litellm_provider],
            input_usd_per_mtok=entry.input_cost_per_token.scaleb(6),
            output_usd_per_mtok=entry.output_cost_per_token.scaleb(6),
            context_window_tokens=entry.max_input_tokens,
            key=key,
            source=f"litellm {key}",
        )
        unchanged = key in previous_routes and previous_routes[key] == route
        routes.append(
            route.model_copy(update={"source": sourced(route.source, f"LiteLLM price map entry {key}", unchanged)})
        )

    capabilities, disagreements = {}, []
    for flag, capability in CAPABILITY_OF_FLAG.items():
        said = {key: getattr(entry, flag) for key, entry in sorted(entries.items()) if getattr(entry, flag) is not None}
        if len(set(said.values())) > 1:
            disagreements.append(
                CapabilityDisagreement(
                    model=model_id,
                    capability=capability,
                    flag=flag,
                    keys_saying_true=[key for key, value in said.items() if value],
                    keys_saying_false=[key for key, value in said.items() if not value],
                )
            )
        elif said:
            value = next(iter(said.values()))
            title = f"LiteLLM price map: {flag} is {str(value).lower()} in {', '.join(said)}"
            previous_value = getattr(previous.capabilities, capability) if previous else None
            unchanged = previous_value is not None and previous_value.value == value
            capabilities[capability] = Sourced[bool](
                value=value, source=sourced(f"litellm {capability}", title, unchanged)
            )
    imported = ImportedFacts(
        id=model_id,
        sources=dict(sorted(sources.items())),
        capabilities={name: capabilities[name] for name in CAPABILITIES if name in capabilities},
        routes=routes,
    )
    return imported, disagreements


def price_conflicts(curated: ModelFacts, imported: ImportedFacts) -> list[PriceConflict]:
    """Imported routes whose price differs from the curated route for the same provider (which wins)."""
    curated_routes = {route.provider: route for route in curated.routes}
    conflicts = []
    for route in imported.routes:
        curated_route = curated_routes.get(route.provider)
        if curated_route is None:
            continue
        prices = (
            (curated_route.input_usd_per_mtok, route.input_usd_per_mtok),
            (curated_route.output_usd_per_mtok, route.output_usd_per_mtok),
        )
        if any(
            curated_price is not None and curated_price != imported_price for curated_price, imported_price in prices
        ):
            conflicts.append(
                PriceConflict(
                    model=curated.id,
                    provider=route.provider,
                    key=route.key,
                    curated_input_usd_per_mtok=curated_route.input_usd_per_mtok,
                    curated_output_usd_per_mtok=curated_route.output_usd_per_mtok,
                    imported_input_usd_per_mtok=route.input_usd_per_mtok,
                    imported_output_usd_per_mtok=route.output_usd_per_mtok,
                )
            )
    return conflicts


# Entity resolution: normalised names propose, mapping.yaml decides.

REGION_PREFIX = re.compile(r"^(us|eu|apac|au|jp|global|us-gov)\.")
VENDOR_PREFIX = re.compile(r"^(meta|anthropic|amazon|mistral|cohere|ai21|deepseek|qwen|openai|google|nvidia|writer)\.")
API_VERSION_SUFFIX = re.compile(r"-v\d+:\d+$")
# Words providers add to the same model's name: serving variants and packaging, not a different model.
FILLER_TOKENS = {"instruct", "it", "chat", "hf", "maas", "latest", "meta", "turbo"}


def normalised_name(name: str) -> tuple[str, ...]:
    """A model name without provider decoration, as tokens: `fireworks_ai/accounts/fireworks/models/llama-v3p2-1b-instruct`,
    `us.meta.llama3-2-1b-instruct-v1:0` and `Llama 3.2 1B Instruct` all give (llama, 3, 2, 1, b)."""
    name = name.lower().rsplit("/", 1)[
        -1
    ]  # organisation and route prefixes: meta-llama/, @cf/meta/, accounts/fireworks/models/
    name = VENDOR_PREFIX.sub("", REGION_PREFIX.sub("", name))  # Bedrock's us.meta.llama...
    name = API_VERSION_SUFFIX.sub("", name)  # Bedrock's -v1:0
    name = re.sub(r"(?<=\d)p(?=\d)", ".", name)  # Fireworks' v3p2 and qwen2p5
    name = re.sub(r"(?<![a-z])v(?=\d)", "", name)  # v3.2 -> 3.2
    name = name.replace("+", " plus ").replace("fp8", " ")  # Command R+ is not Command R; FP8 is a serving format
    tokens = re.findall(r"[a-z]+|\d+", name)  # case and separators; llama3 and llama-3 alike
    return tuple(token for token in tokens if token not in FILLER_TOKENS)


def propose_mappings(price_map: dict[str, Any], mapping: LitellmMapping, dataset: Dataset) -> list[MappingProposal]:
    """Unmapped chat entries whose normalised name equals a model's id, name, alias or mapped key, for a person to confirm."""
    mapped_keys = {key for keys in mapping.models.values() for key in keys}
    names_by_tokens: dict[tuple[str, ...], list[tuple[str, str]]] = {}
    for model in dataset.models.values():
        for name in [model.id, model.name, *model.aliases, *mapping.models.get(model.id, [])]:
            names_by_tokens.setdefault(normalised_name(name), []).append((model.id, name))
    proposals = {}
    for key, entry in price_map.items():
        if key in mapped_keys or not isinstance(entry, dict) or entry.get("mode") != "chat":
            continue
        for model_id, name in names_by_tokens.get(normalised_name(key), []):
            if key not in mapping.rejected.get(model_id, []) and (model_id, key) not in proposals:
                provider = str(entry.get("litellm_provider"))
                proposals[model_id, key] = MappingProposal(
                    model=model_id, key=key, litellm_provider=provider, matched_name=name
                )
    return [proposals[pair] for pair in sorted(proposals)]


# Writing: every file checked and rendered first, then each replaced atomically.


class _FactsDumper(yaml.SafeDumper):
    """Writes Decimal as a plain YAML number, which facts.DecimalLoader reads back exactly, and repeats
    shared values (one date object for many sources) instead of writing YAML anchors a reader must follow."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    text = format(value, "f")
    return dumper.represent_scalar("tag:yaml.org,2002:float", text if "." in text else f"{text}.0")


_FactsDumper.add_representer(Decimal, _represent_decimal)


def render_imported(imported: ImportedFacts, header: str = IMPORTED_FILE_HEADER) -> str:
    body = imported.model_dump(mode="python", exclude_none=True)
    for route in body.get("routes", []):
        if not route.get("history"):
            route.pop("history", None)  # a route with no dated history is written as before histories existed
    return header + render_yaml(body)


def render_yaml(body: Any) -> str:
    return yaml.dump(body, Dumper=_FactsDumper, sort_keys=False, allow_unicode=True, width=200)


def _previous(path: Path) -> ImportedFacts | None:
    """The last import's file, if it is readable: only used to keep the dates of unchanged values."""
    try:
        return ImportedFacts.model_validate(yaml.load(path.read_text(encoding="utf-8"), Loader=DecimalLoader))
    except (OSError, yaml.YAMLError, ValidationError):
        return None


def _write_files(
    imported_dir: Path, new_files: dict[Path, ImportedFacts], header: str = IMPORTED_FILE_HEADER
) -> tuple[list[Path], list[Path]]:
    """Write the files whose text changed and remove the ones no mapping produces any more."""
    texts = {path: render_imported(imported, header) for path, imported in sorted(new_files.items())}
    return write_texts(imported_dir, texts)


def write_texts(imported_dir: Path, texts: dict[Path, str]) -> tuple[list[Path], list[Path]]:
    """Write each text whose file differs, and remove the directory's other *.yaml files."""
    changed = [path for path, text in texts.items() if not path.is_file() or path.read_text(encoding="utf-8") != text]
    stale = sorted(set(imported_dir.glob("*.yaml")) - set(texts)) if imported_dir.is_dir() else []
    imported_dir.mkdir(parents=True, exist_ok=True)
    for path in changed:
        write_atomically(path, texts[path])
    for path in stale:
        path.unlink()
    return changed, stale


def render_import_report(report: ImportReport) -> str:
    """The report for a person: counts, conflicts, disagreements and proposals to confirm in mapping.yaml."""
    lines = [
        f"imported {report.routes_imported} routes for {report.models_with_routes} models from {report.price_map} (litellm {report.source_version})",
        f"files written: {len(report.files_written)}, removed: {len(report.files_removed)}",
    ]
    lines += [f"  wrote {path}" for path in report.files_written] + [
        f"  removed {path}" for path in report.files_removed
    ]
    lines.append(f"price conflicts (the curated route stays): {len(report.conflicts)}")
    lines += [
        f"  {c.model} on {c.provider}: curated {_price(c.curated_input_usd_per_mtok)}/{_price(c.curated_output_usd_per_mtok)}, "
        f"LiteLLM '{c.key}' {_price(c.imported_input_usd_per_mtok)}/{_price(c.imported_output_usd_per_mtok)} per 1M input/output tokens"
        for c in report.conflicts
    ]
    lines.append(f"capability disagreements (left unknown): {len(report.capability_disagreements)}")
    lines += [
        f"  {d.model} {d.capability}: true in {', '.join(d.keys_saying_true)}; false in {', '.join(d.keys_saying_false)}"
        for d in report.capability_disagreements
    ]
    lines.append(
        f"proposed mappings to confirm in facts/litellm/mapping.yaml (models or rejected): {len(report.proposals)}"
    )
    lines += [f"  {p.model}: '{p.key}' ({p.litellm_provider}; matches '{p.matched_name}')" for p in report.proposals]
    return "\n".join(lines)


def _price(usd_per_mtok: Decimal | None) -> str:
    return "unknown" if usd_per_mtok is None else f"${usd_per_mtok}"


# Diff: what changed in the facts since a git revision, and which pages that touches.


class PriceChange(BaseModel):
    model: str
    provider: str
    price: Literal["input", "output"]
    old_usd_per_mtok: Decimal | None
    new_usd_per_mtok: Decimal | None
    direction: Literal["up", "down", "now known", "now unknown"]


class RouteChange(BaseModel):
    model: str
    provider: str
    change: Literal["added", "gone"]
    input_usd_per_mtok: Decimal | None
    output_usd_per_mtok: Decimal | None


class FieldChange(BaseModel):
    """Any other changed value: `subject` is a model id, or assumptions, pairs, providers or benchmarks."""

    subject: str
    field: str
    old: Any
    new: Any


class FactsDiff(BaseModel):
    revision: str
    models_added: list[str]
    models_removed: list[str]
    price_changes: list[PriceChange]
    route_changes: list[RouteChange]
    field_changes: list[FieldChange]
    affected_pages: list[str]


def diff_facts(facts_dir: Path, revision: str = "HEAD") -> FactsDiff:
    """What changed in the facts (imports merged) between git REVISION and the working tree, and the pages it affects."""
    with tempfile.TemporaryDirectory() as old_dir:
        _export_facts_at(facts_dir, revision, Path(old_dir))
        try:
            old = load_facts(Path(old_dir))
        except FactsError as error:
            raise FactsError(
                [problem.replace(old_dir, f"{facts_dir} at {revision}") for problem in error.problems]
            ) from error
    new = load_facts(facts_dir)
    price_changes, route_changes, field_changes = [], [], []
    for model_id in sorted(old.models.keys() & new.models.keys()):
        old_model, new_model = old.models[model_id], new.models[model_id]
        price_changes += _price_changes(model_id, old_model, new_model)
        route_changes += _route_changes(model_id, old_model, new_model)
        field_changes += _field_changes(model_id, _comparable(old_model), _comparable(new_model))
    for subject in ("assumptions", "pairs", "providers", "benchmarks"):
        field_changes += _field_changes(
            subject, {subject: _json(getattr(old, subject))}, {subject: _json(getattr(new, subject))}
        )
    models_added = sorted(new.models.keys() - old.models.keys())
    models_removed = sorted(old.models.keys() - new.models.keys())
    changed_models = set(models_added) | {change.model for change in price_changes + route_changes}
    changed_models |= {model_id for change in field_changes for model_id in _models_touched(change, new)}
    return FactsDiff(
        revision=revision,
        models_added=models_added,
        models_removed=models_removed,
        price_changes=price_changes,
        route_changes=route_changes,
        field_changes=field_changes,
        affected_pages=_affected_pages(old, new, changed_models, field_changes),
    )


def _export_facts_at(facts_dir: Path, revision: str, target: Path) -> None:
    """Copy the facts directory as it was at `revision` into target, file by file with `git show`."""
    prefix = _git(facts_dir, "rev-parse", "--show-prefix").strip()
    top = Path(_git(facts_dir, "rev-parse", "--show-toplevel").strip())
    paths = _git(top, "ls-tree", "-r", "--name-only", revision, "--", prefix or ".").splitlines()
    if not paths:
        raise VersusError(
            f"{facts_dir}: no facts at revision {revision}; pass a revision where {prefix or 'the facts directory'} exists"
        )
    for path in paths:
        destination = target / Path(path).relative_to(prefix or ".")
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_text(_git(top, "show", f"{revision}:{path}"), encoding="utf-8")


class GitPrice(BaseModel):
    """A route's prices as committed at one revision of the facts (None: not tracked then)."""

    revision: str
    date: dt.date
    provider: str
    input_usd_per_mtok: Decimal | None
    output_usd_per_mtok: Decimal | None


def git_price_history(facts_dir: Path, model_id: str) -> list[GitPrice]:
    """Every change of the model's route prices (curated and imported, merged as load_facts does) over
    the git history of its files, oldest first: one entry per provider each time its prices changed."""
    prefix = _git(facts_dir, "rev-parse", "--show-prefix").strip()
    top = Path(_git(facts_dir, "rev-parse", "--show-toplevel").strip())
    files = [f"{prefix}models/{model_id}.yaml", f"{prefix}stubs/{model_id}.yaml"] + [
        f"{prefix}imported/{source}/{model_id}.yaml" for source in IMPORT_PRECEDENCE
    ]
    changes: list[GitPrice] = []
    last: dict[str, tuple[Decimal | None, Decimal | None]] = {}
    for line in _git(top, "log", "--reverse", "--format=%h %cs", "--", *files).splitlines():
        revision, day = line.split()
        prices = _route_prices_at(top, revision, files)
        changes += [
            GitPrice(
                revision=revision,
                date=dt.date.fromisoformat(day),
                provider=provider,
                input_usd_per_mtok=price[0],
                output_usd_per_mtok=price[1],
            )
            for provider, price in sorted(prices.items())
            if last.get(provider) != price
        ]
        last = prices
    return changes


def _route_prices_at(top: Path, revision: str, files: list[str]) -> dict[str, tuple[Decimal | None, Decimal | None]]:
    """provider -> (input, output) at a revision: the curated file's routes first, then each import's (curated wins)."""
    listed = set(_git(top, "ls-tree", "--name-only", revision, "--", *files).splitlines())
    prices: dict[str, tuple[Decimal | None, Decimal | None]] = {}
    for path in (path for path in files if path in listed):
        data = yaml.load(_git(top, "show", f"{revision}:{path}"), Loader=DecimalLoader) or {}
        for route in data.get("routes") or []:
            price = tuple(
                None if route.get(field) in (None, "unknown") else Decimal(route[field])
                for field in ("input_usd_per_mtok", "output_usd_per_mtok")
            )
            prices.setdefault(route["provider"], price)
    return prices


def render_price_history(model_id: str, git_changes: list[GitPrice], dataset: Dataset) -> str:
    """Each route's past prices: the dated changes a price source gives, then the changes in the facts' git history."""
    lines = [f"{model_id}: price history per 1M input/output tokens"]
    for route in dataset.model(model_id).routes:
        lines += [
            f"  {route.provider}: since {point.since.isoformat() if point.since else 'first listed'} {_price(point.input_usd_per_mtok)}/{_price(point.output_usd_per_mtok)} ({point.source})"
            for point in route.history
        ]
    lines += [
        f"  {change.provider}: {change.date.isoformat()} ({change.revision}) {_price(change.input_usd_per_mtok)}/{_price(change.output_usd_per_mtok)} in the facts"
        for change in git_changes
    ]
    return "\n".join(lines)


def _git(where: Path, *arguments: str) -> str:
    try:
        result = subprocess.run(
            ["git", "-C", str(where), *arguments], capture_output=True, encoding="utf-8", check=False
        )
    except FileNotFoundError:
        raise VersusError("git is not installed; `versus facts diff` reads the old facts with git") from None
    if result.returncode != 0:
        raise VersusError(
            f"git {' '.join(arguments)} failed in {where}: {result.stderr.strip()}; pass a revision of this repository"
        )
    return result.stdout


def _price_changes(model_id: str, old: ModelFacts, new: ModelFacts) -> list[PriceChange]:
    old_routes = {route.provider: route for route in old.routes}
    changes = []
    for route in new.routes:
        old_route = old_routes.get(route.provider)
        if old_route is None:
            continue
        for price in ("input", "output"):
            old_price, new_price = getattr(old_route, f"{price}_usd_per_mtok"), getattr(route, f"{price}_usd_per_mtok")
            if old_price != new_price:
                changes.append(
                    PriceChange(
                        model=model_id,
                        provider=route.provider,
                        price=price,
                        old_usd_per_mtok=old_price,
                        new_usd_per_mtok=new_price,
                        direction=_direction(old_price, new_price),
                    )
                )
    return changes


def _direction(old: Decimal | None, new: Decimal | None) -> str:
    if old is None:
        return "now known"
    if new is None:
        return "now unknown"
    return "up" if new > old else "down"


def _route_changes(model_id: str, old: ModelFacts, new: ModelFacts) -> list[RouteChange]:
    old_routes = {route.provider: route for route in old.routes}
    new_routes = {route.provider: route for route in new.routes}
    changes = [(route, "added") for provider, route in new_routes.items() if provider not in old_routes]
    changes += [(route, "gone") for provider, route in old_routes.items() if provider not in new_routes]
    return [
        RouteChange(
            model=model_id,
            provider=route.provider,
            change=change,
            input_usd_per_mtok=route.input_usd_per_mtok,
            output_usd_per_mtok=route.output_usd_per_mtok,
        )
        for route, change in sorted(changes, key=lambda item: (item[0].provider, item[1]))
    ]


def _comparable(model: ModelFacts) -> dict[str, Any]:
    """A model's values other than route prices (reported on their own), routes keyed by provider."""
    values = _json(model)
    values["routes"] = {
        route["provider"]: {name: value for name, value in route.items() if not name.endswith("_usd_per_mtok")}
        for route in values["routes"]
    }
    values["benchmarks"] = {score["benchmark"]: score for score in values["benchmarks"]}
    return values


_ANY = TypeAdapter(Any)


def _json(value: Any) -> Any:
    """Plain JSON values (Decimal as its exact text, dates as ISO strings), so any two facts compare by value."""
    return _ANY.dump_python(value, mode="json")


def _field_changes(subject: str, old: dict[str, Any], new: dict[str, Any], prefix: str = "") -> list[FieldChange]:
    """Changed leaves of two nested dicts, as dotted field names. A route added or gone is a RouteChange, and a
    source comes and goes with the values citing it, so neither is repeated here."""
    changes = []
    for name in sorted(old.keys() | new.keys()):
        old_value, new_value = old.get(name), new.get(name)
        field = f"{prefix}{name}"
        if old_value == new_value or (prefix in ("routes.", "sources.") and (old_value is None or new_value is None)):
            continue
        if isinstance(old_value, dict) and isinstance(new_value, dict):
            changes += _field_changes(subject, old_value, new_value, f"{field}.")
        else:
            changes.append(FieldChange(subject=subject, field=field, old=old_value, new=new_value))
    return changes


def _models_touched(change: FieldChange, dataset: Dataset) -> set[str]:
    """The models whose pages show a changed value: the model itself, or every model routed through a
    changed provider or scored on a changed benchmark."""
    if change.subject in dataset.models:
        return {change.subject}
    changed_id = change.field.split(".")[1] if change.field.count(".") else ""
    if change.subject == "providers":
        return {
            model.id for model in dataset.models.values() if changed_id in {route.provider for route in model.routes}
        }
    if change.subject == "benchmarks":
        return {
            model.id
            for model in dataset.models.values()
            if changed_id in {score.benchmark for score in model.benchmarks}
        }
    return set()


def _affected_pages(
    old: Dataset, new: Dataset, changed_models: set[str], field_changes: list[FieldChange]
) -> list[str]:
    """`<a>-vs-<b>` for every published pair with a changed model, every new pair, and every pair when
    the assumptions behind the derived figures changed."""
    assumptions_changed = any(change.subject == "assumptions" for change in field_changes)
    new_pairs = set(new.pairs) - set(old.pairs)
    return sorted(
        f"{a}-vs-{b}" for a, b in new.pairs if assumptions_changed or (a, b) in new_pairs or {a, b} & changed_models
    )


def render_facts_diff(diff: FactsDiff) -> str:
    """The diff for a person: one line per change, then the pages to rebuild."""
    lines = [f"facts changed since {diff.revision}:"]
    lines += [f"  model added: {model_id}" for model_id in diff.models_added]
    lines += [f"  model removed: {model_id}" for model_id in diff.models_removed]
    lines += [
        f"  {c.model} on {c.provider}: {c.price} price {c.direction}, {_price(c.old_usd_per_mtok)} -> {_price(c.new_usd_per_mtok)} per 1M tokens"
        for c in diff.price_changes
    ]
    lines += [
        f"  {c.model}: route {c.change} on {c.provider} ({_price(c.input_usd_per_mtok)} input, {_price(c.output_usd_per_mtok)} output per 1M tokens)"
        for c in diff.route_changes
    ]
    lines += [f"  {c.subject}: {c.field}: {_shown(c.old)} -> {_shown(c.new)}" for c in diff.field_changes]
    if len(lines) == 1:
        lines.append("  nothing")
    lines.append(f"pages affected: {', '.join(diff.affected_pages) or 'none'}")
    return "\n".join(lines)


def _shown(value: Any) -> str:
    if value is None:
        return "unknown"
    return json.dumps(value, sort_keys=True) if isinstance(value, (dict, list)) else str(value)
