"""Stage 1, facts: import provider routes and dated prices from pydantic's genai-prices package.

genai-prices is a second price source, independent of LiteLLM's map: per provider, each model's
prices (input, output, cached input) with the dates they changed. The import writes
facts/imported/genai-prices/<model id>.yaml, which load_facts merges under the curated models/*.yaml
(after LiteLLM's). As for LiteLLM, which entries are which of our models is decided by a person in
facts/genai-prices/mapping.yaml; the name matcher only proposes.

An entry's key is `<genai-prices provider id>/<genai-prices model id>`, for example `openai/gpt-4o`.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import json
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from generator.errors import FactsError, VersusError
from generator.facts import (
    Dataset,
    DecimalLoader,
    ImportedFacts,
    ModelFacts,
    PricePoint,
    Route,
    Source,
    Sourced,
    load_facts,
)
from generator.facts_import import (
    LitellmMapping,
    RouteProviders,
    _previous,
    _read_config,
    _write_files,
    normalised_name,
    read_source_config,
    render_yaml,
    write_texts,
)

PACKAGE = "genai-prices"
PACKAGE_URL = "https://github.com/pydantic/genai-prices"
CONFIG_DIR = Path("genai-prices")
IMPORTED_DIR = Path("imported") / "genai-prices"
STUBS_DIR = Path("stubs")
STUB_FILE_HEADER = (
    "# A stub written by `versus facts import genai-prices` for a model mapped in facts/genai-prices/mapping.yaml\n"
    "# that has no curated file: imported, not curated. To curate it, move it to models/ and drop `curation`.\n"
)
IMPORTED_FILE_HEADER = (
    "# Written by `versus facts import genai-prices` from pydantic's genai-prices package; edit\n"
    "# facts/genai-prices/mapping.yaml and re-run the import instead of editing this file. Curated values win.\n"
)
UsdPerMtok = Annotated[Decimal, Field(ge=0)]


class DatedPrice(BaseModel):
    """One of an entry's prices and the day it took effect (None: the entry's first known price)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    since: dt.date | None = None
    input_usd_per_mtok: UsdPerMtok
    output_usd_per_mtok: UsdPerMtok
    cached_input_usd_per_mtok: UsdPerMtok | None = None


class PriceEntry(BaseModel):
    """One provider's listing of one model in genai-prices, as far as the import reads it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    provider: str
    model: str
    name: str | None = None
    context_window_tokens: Annotated[int, Field(gt=0)] | None = None
    prices: list[DatedPrice] = Field(min_length=1)

    def price_on(self, day: dt.date) -> DatedPrice:
        """The price in force on `day`: the last one that started on or before it."""
        started = [price for price in self.prices if price.since is None or price.since <= day]
        return started[-1] if started else self.prices[0]

    def history_until(self, day: dt.date) -> list[DatedPrice]:
        """Every token-price change that started on or before `day`, oldest first (a new date that changed
        only other prices, cached input or search, is not a change of the route's token prices)."""
        changes: list[DatedPrice] = []
        for price in self.prices:
            if price.since is not None and price.since > day:
                continue
            if not changes or (price.input_usd_per_mtok, price.output_usd_per_mtok) != (
                changes[-1].input_usd_per_mtok,
                changes[-1].output_usd_per_mtok,
            ):
                changes.append(price)
        return changes


class PriceList(BaseModel):
    """Every priced entry of a genai-prices release: from the installed package or a JSON cut of it."""

    version: str
    entries: dict[str, PriceEntry]


def package_price_list() -> PriceList:
    """The installed genai-prices package's bundled data, read into PriceList."""
    try:
        from genai_prices import types
        from genai_prices.data import providers
    except ImportError as error:
        raise VersusError(
            f"the genai-prices package is not installed ({error}); `python3 -m pip install -e .` installs the pinned release"
        ) from error
    entries = {}
    for provider in providers:
        for model in provider.models:
            prices = _dated_prices(model.prices, types)
            if prices:
                entries[f"{provider.id}/{model.id}"] = PriceEntry(
                    provider=provider.id,
                    model=model.id,
                    name=model.name,
                    context_window_tokens=model.context_window or None,
                    prices=prices,
                )
    return PriceList(version=importlib.metadata.version(PACKAGE), entries=entries)


def _dated_prices(prices: Any, types: Any) -> list[DatedPrice]:
    """An entry's standard token prices by start date. Time-of-day prices (off-peak discounts) are not a
    route's list price and are left out; tiered prices count at their base tier (prompts under the threshold)."""
    conditional = prices if isinstance(prices, list) else [types.ConditionalPrice(prices=prices)]
    dated = []
    for price in conditional:
        if price.constraint is not None and not isinstance(price.constraint, types.StartDateConstraint):
            continue
        values = [
            _base(getattr(price.prices, name, None), types) for name in ("input_mtok", "output_mtok", "cache_read_mtok")
        ]
        if values[0] is None or values[1] is None:
            continue
        since = price.constraint.start_date if price.constraint is not None else None
        dated.append(
            DatedPrice(
                since=since,
                input_usd_per_mtok=values[0],
                output_usd_per_mtok=values[1],
                cached_input_usd_per_mtok=values[2],
            )
        )
    return sorted(dated, key=lambda price: price.since or dt.date.min)


def _base(price: Any, types: Any) -> Decimal | None:
    return price.base if isinstance(price, types.TieredPrices) else price


def read_price_list(path: Path) -> PriceList:
    """A JSON cut of genai-prices' data ({"version": ..., "entries": {key: entry}}), as the tests' fixture."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    except (OSError, UnicodeDecodeError) as error:
        raise VersusError(
            f"{path}: cannot be read ({error}); pass a JSON file written by `versus facts import genai-prices --export`"
        ) from error
    except json.JSONDecodeError as error:
        raise VersusError(f"{path}: not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})") from error
    try:
        return PriceList.model_validate(data)
    except ValidationError as error:
        field = ".".join(str(part) for part in error.errors()[0]["loc"])
        raise VersusError(f"{path}: {field}: {error.errors()[0]['msg']}; fix the file or export it again") from error


class MappingProposal(BaseModel):
    model: str
    key: str
    matched_name: str


class GenaiImportReport(BaseModel):
    source: str
    source_version: str
    stubs_written: int = 0
    stubs: int = 0
    models_with_routes: int
    routes_imported: int
    routes_with_history: int
    files_written: list[str]
    files_removed: list[str]
    proposals: list[MappingProposal]


def import_genai_prices(
    facts_dir: Path, price_list_path: Path | None = None, today: dt.date | None = None
) -> GenaiImportReport:
    """Import the mapped genai-prices entries into facts_dir/imported/genai-prices/, one file per model.

    Everything is read and checked before anything is written; a problem raises FactsError (exit 2) and
    leaves facts_dir untouched. Re-importing the same release rewrites nothing.
    """
    price_list = read_price_list(price_list_path) if price_list_path else package_price_list()
    today = today or dt.date.today()
    mapping, provider_of = read_source_config(facts_dir / CONFIG_DIR)
    organizations = read_organizations(facts_dir)
    dataset = load_facts(facts_dir, with_imported=False)
    curated_ids = {model_id for model_id, model in dataset.models.items() if model.curation == "curated"}
    entries_by_model = mapped_entries(facts_dir, price_list, mapping, provider_of, set(dataset.providers))
    stubs_dir = facts_dir / STUBS_DIR
    stubs = {
        model_id: stub_facts(
            model_id, entries, organizations, _previous_stub(stubs_dir / f"{model_id}.yaml"), price_list.version, today
        )
        for model_id, entries in entries_by_model.items()
        if model_id not in curated_ids
    }
    imported_dir = facts_dir / IMPORTED_DIR
    new_files = {
        imported_dir / f"{model_id}.yaml": imported_facts(
            model_id, entries, provider_of, _previous(imported_dir / f"{model_id}.yaml"), price_list.version, today
        )
        for model_id, entries in entries_by_model.items()
    }
    stubs_written, _ = write_texts(
        stubs_dir, {stubs_dir / f"{model_id}.yaml": render_stub(stub) for model_id, stub in sorted(stubs.items())}
    )
    written, removed = _write_files(imported_dir, new_files, IMPORTED_FILE_HEADER)
    routes = [route for imported in new_files.values() for route in imported.routes]
    return GenaiImportReport(
        source=str(price_list_path) if price_list_path else f"installed {PACKAGE} package",
        source_version=price_list.version,
        stubs_written=len(stubs_written),
        stubs=len(stubs),
        models_with_routes=len(new_files),
        routes_imported=len(routes),
        routes_with_history=sum(1 for route in routes if route.history),
        files_written=[str(path) for path in written],
        files_removed=[str(path) for path in removed],
        proposals=propose_mappings(price_list, mapping, provider_of, dataset),
    )


def mapped_entries(
    facts_dir: Path, price_list: PriceList, mapping: LitellmMapping, provider_of: dict[str, str], provider_ids: set[str]
) -> dict[str, dict[str, PriceEntry]]:
    """Every mapped entry by model id then key (an id with no curated file becomes a stub); FactsError
    listing every problem otherwise."""
    mapping_path = facts_dir / CONFIG_DIR / "mapping.yaml"
    routes = RouteProviders(
        "genai-prices", provider_of, provider_ids, mapping_path, facts_dir / CONFIG_DIR / "providers.yaml"
    )
    problems: list[str] = []
    entries_by_model: dict[str, dict[str, PriceEntry]] = {}
    model_of_key: dict[str, str] = {}
    for model_id, keys in sorted(mapping.models.items()):
        entries: dict[str, PriceEntry] = {}
        key_of_provider: dict[str, str] = {}
        for key in keys:
            entry = price_list.entries.get(key)
            if key in model_of_key:
                problems.append(
                    f"{mapping_path}: models.{model_id}: '{key}' is already mapped to {model_of_key[key]}; a key is one model"
                )
            elif entry is None:
                problems.append(
                    f"{mapping_path}: models.{model_id}: '{key}' is not a priced entry of genai-prices {price_list.version}; remove it or use its new key"
                )
            elif routes.admit(model_id, key, entry.provider, key_of_provider, problems):
                entries[key] = entry
            model_of_key.setdefault(key, model_id)
        if entries:
            entries_by_model[model_id] = entries
    if problems:
        raise FactsError(problems)
    return entries_by_model


def imported_facts(
    model_id: str,
    entries: dict[str, PriceEntry],
    provider_of: dict[str, str],
    previous: ImportedFacts | None,
    version: str,
    today: dt.date,
) -> ImportedFacts:
    """One model's routes, each with the price in force today and, when it changed, its dated history.

    A route equal to the previous import's keeps that import's source (version and date), so re-importing
    an unchanged release rewrites nothing and a source's date says when its value last changed."""
    previous_routes = {route.key: route for route in previous.routes} if previous else {}
    sources: dict[str, Source] = {}
    routes = []
    for key, entry in sorted(entries.items(), key=lambda item: (provider_of[item[1].provider], item[0])):
        source_key = f"genai-prices {key}"
        current = entry.price_on(today)
        history = entry.history_until(today)
        route = Route(
            provider=provider_of[entry.provider],
            input_usd_per_mtok=current.input_usd_per_mtok,
            output_usd_per_mtok=current.output_usd_per_mtok,
            source=source_key,
            context_window_tokens=entry.context_window_tokens,
            key=key,
            history=[
                PricePoint(
                    since=price.since,
                    input_usd_per_mtok=price.input_usd_per_mtok,
                    output_usd_per_mtok=price.output_usd_per_mtok,
                    source=source_key,
                )
                for price in history
            ]
            if len(history) > 1
            else [],
        )
        # The key stays in the source's key and the route's `key`; a title is shown on pages, where the
        # validator would read the digits of a key ("gpt-5.6-luna") as figures.
        title = f"genai-prices price list, {route.provider} route"
        kept = previous.sources.get(source_key) if previous and previous_routes.get(key) == route else None
        sources[source_key] = (
            kept
            if kept and kept.title == title
            else Source(url=PACKAGE_URL, title=title, checked=today, version=version)
        )
        routes.append(route)
    return ImportedFacts(id=model_id, sources=dict(sorted(sources.items())), routes=routes)


class Organizations(BaseModel):
    """facts/genai-prices/organizations.yaml: OpenRouter vendor -> the organization a stub is attributed to."""

    model_config = ConfigDict(extra="forbid", strict=True)

    organizations: dict[str, str]


def read_organizations(facts_dir: Path) -> dict[str, str]:
    path = facts_dir / CONFIG_DIR / "organizations.yaml"
    if not path.is_file():
        return {}
    problems: list[str] = []
    organizations = _read_config(path, Organizations, problems)
    if problems:
        raise FactsError(problems)
    return organizations.organizations


def stub_facts(
    model_id: str,
    entries: dict[str, PriceEntry],
    organizations: dict[str, str],
    previous: ModelFacts | None,
    version: str,
    today: dt.date,
) -> ModelFacts:
    """A model known only from its genai-prices entries: its name, its organization (by OpenRouter's vendor,
    per organizations.yaml) and its context window where every entry that states one agrees. Everything else
    stays unknown. An unchanged stub keeps its date."""
    openrouter = next((key for key in sorted(entries) if key.startswith("openrouter/") and key.count("/") == 2), None)
    named = [
        entries[key].name.strip()
        for key in ([openrouter] if openrouter else []) + sorted(entries)
        if entries[key].name and entries[key].name.strip()
    ]
    windows = {entry.context_window_tokens for entry in entries.values() if entry.context_window_tokens}
    source = Source(
        url=PACKAGE_URL,
        title=f"genai-prices entries for {named[0] if named else model_id}",
        checked=today,
        version=version,
    )
    vendor = openrouter.split("/")[1] if openrouter else None
    fields: dict[str, Any] = {}
    sources = {"genai-prices": source}
    if vendor in organizations:
        sources["genai-prices vendor"] = Source(
            url=PACKAGE_URL,
            title=f"genai-prices price list: OpenRouter lists it under {organizations[vendor]}",
            checked=today,
            version=version,
        )
        fields["organization"] = Sourced[str](value=organizations[vendor], source="genai-prices vendor")
    if len(windows) == 1:
        fields["context_window_tokens"] = Sourced[int](value=windows.pop(), source="genai-prices")
    stub = ModelFacts(id=model_id, name=named[0] if named else model_id, sources=sources, curation="imported", **fields)
    if (
        previous is not None
        and previous.model_copy(update={"sources": stub.sources}) == stub
        and previous.sources.keys() == stub.sources.keys()
    ):
        return previous
    return stub


def _previous_stub(path: Path) -> ModelFacts | None:
    try:
        return ModelFacts.model_validate(yaml.load(path.read_text(encoding="utf-8"), Loader=DecimalLoader))
    except (OSError, yaml.YAMLError, ValidationError):
        return None


def render_stub(stub: ModelFacts) -> str:
    body = stub.model_dump(mode="python", exclude_none=True, exclude_defaults=True)
    body = {"id": stub.id, "name": stub.name, "curation": stub.curation, **body}
    return STUB_FILE_HEADER + render_yaml(body)


def propose_mappings(
    price_list: PriceList, mapping: LitellmMapping, provider_of: dict[str, str], dataset: Dataset
) -> list[MappingProposal]:
    """Unmapped entries of a mapped provider whose normalised model id or name equals one of a model's names,
    for a person to confirm."""
    mapped = {key for keys in mapping.models.values() for key in keys}
    names_by_tokens: dict[tuple[str, ...], list[tuple[str, str]]] = {}
    for model in dataset.models.values():
        for name in [model.id, model.name, *model.aliases]:
            names_by_tokens.setdefault(normalised_name(name), []).append((model.id, name))
    proposals = {}
    for key, entry in price_list.entries.items():
        if key in mapped or entry.provider not in provider_of:
            continue
        for spelling in filter(None, (entry.model, entry.name)):
            for model_id, name in names_by_tokens.get(normalised_name(spelling), []):
                if key not in mapping.rejected.get(model_id, []):
                    proposals.setdefault((model_id, key), MappingProposal(model=model_id, key=key, matched_name=name))
    return [proposals[pair] for pair in sorted(proposals)]


def export_price_list(price_list: PriceList, keys: list[str] | None = None) -> str:
    """The price list (or only `keys`) as the JSON `read_price_list` reads: how a test fixture is cut."""
    entries = {key: price_list.entries[key] for key in (keys or price_list.entries)}
    return PriceList(version=price_list.version, entries=entries).model_dump_json(indent=1, exclude_none=True) + "\n"


def render_import_report(report: GenaiImportReport) -> str:
    lines = [
        f"imported {report.routes_imported} routes for {report.models_with_routes} models from {report.source} (genai-prices {report.source_version})",
        f"stub models (imported, not curated): {report.stubs} ({report.stubs_written} written)",
        f"routes with a dated price history: {report.routes_with_history}",
        f"files written: {len(report.files_written)}, removed: {len(report.files_removed)}",
    ]
    lines += [f"  wrote {path}" for path in report.files_written] + [
        f"  removed {path}" for path in report.files_removed
    ]
    lines.append(
        f"proposed mappings to confirm in facts/genai-prices/mapping.yaml (models or rejected): {len(report.proposals)}"
    )
    lines += [f"  {p.model}: '{p.key}' (matches '{p.matched_name}')" for p in report.proposals]
    return "\n".join(lines)
