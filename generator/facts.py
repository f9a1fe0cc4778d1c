"""Stage 1, facts: load and check the sourced data in facts/ into strict pydantic models.

Layout of a facts directory:
  models/<id>.yaml    one file per model
  assumptions.yaml    blend ratio and monthly traffic profile
  pairs.yaml          the pairs to publish
  providers.yaml      provider ids and display names
  benchmarks.yaml     benchmark ids and display names
  imported/<source>/<id>.yaml   values an import wrote (generator/facts_import.py); curated values win
  stubs/<id>.yaml     models known only from the price sources (generator/facts_genai.py); models/ wins
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import json
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Generic, Literal, TypeVar

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator

from generator.errors import FactsError

T = TypeVar("T")

CAPABILITIES = (
    "vision",
    "multimodal",
    "reasoning",
    "function_calling",
    "tool_use",
    "structured_outputs",
    "code_execution",
)
CAPABILITY_NAMES = {
    "vision": "Vision",
    "multimodal": "Multimodal",
    "reasoning": "Reasoning",
    "function_calling": "Function calling",
    "tool_use": "Tool use",
    "structured_outputs": "Structured outputs",
    "code_execution": "Code execution",
}

NonNegativeDecimal = Annotated[Decimal, Field(ge=0)]
# Bounds no real figure reaches: beyond them Decimal arithmetic and display would overflow their precision.
Score = Annotated[Decimal, Field(ge=0, le=1_000_000)]
TokenCount = Annotated[int, Field(gt=0, le=10**12)]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9.\-]*$")]
# A URL a page may link to: http(s) only (no javascript:, data: or file:), and nothing that could end
# an HTML attribute or a Markdown autolink.
WebUrl = Annotated[str, Field(pattern=r"^https?://[^\s<>\"'`\\\[\]]+$", max_length=2000)]
# YAML deeper than this is no facts file; PyYAML's composer recurses, so it would end in a RecursionError.
MAX_YAML_DEPTH = 32


def _price_in_range(value: Decimal | None) -> Decimal | None:
    # $0 is a free route; otherwise a price per 1M tokens between a millionth of a cent and $10,000.
    if value is not None and value != 0 and not Decimal("0.000001") <= value <= 10_000:
        raise ValueError("a price per 1M tokens must be 0 or between 0.000001 and 10000")
    return value


Price = Annotated[NonNegativeDecimal, AfterValidator(_price_in_range)]


class DecimalLoader(yaml.SafeLoader):
    """Reads YAML floats as Decimal so that 0.027 stays exactly 0.027 (money is never a binary float).

    Refuses what no facts file needs and a hostile one could use: aliases (an "alias bomb" expands a
    few lines into gigabytes), nesting deeper than MAX_YAML_DEPTH, and a key given twice in one
    mapping (YAML would silently keep the last value)."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.get_event()
            raise yaml.composer.ComposerError(
                None,
                None,
                f"found alias *{event.anchor}; aliases are not allowed in facts, write the value out",
                event.start_mark,
            )
        self._depth = getattr(self, "_depth", 0) + 1
        try:
            if self._depth > MAX_YAML_DEPTH:
                raise yaml.composer.ComposerError(
                    None, None, f"nested deeper than {MAX_YAML_DEPTH} levels", self.peek_event().start_mark
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key is not None and key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key '{key}'; keep one", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _construct_decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal:
    text = loader.construct_scalar(node).replace("_", "").lower()
    # YAML spells infinity and not-a-number .inf and .nan; Decimal reads them, the models then refuse them.
    special = {".inf": "Infinity", "+.inf": "Infinity", "-.inf": "-Infinity", ".nan": "NaN"}
    return Decimal(special.get(text, text))


def _construct_timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        # 2025-02-30 looks like a date but is none: kept as text, the models report it as not a valid date.
        return loader.construct_scalar(node)


DecimalLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)
DecimalLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Source(Strict):
    """Where a value came from, and when a person (or an import) last checked it."""

    url: WebUrl
    title: str | None = None
    checked: dt.date
    version: str | None = None


class Sourced(Strict, Generic[T]):
    """A known value with the key of its source in the model's `sources` map."""

    value: T
    source: str


class UnknownAllowed(Strict):
    """Models whose optional fields may be written `unknown` in YAML, which reads as None."""

    @model_validator(mode="before")
    @classmethod
    def unknown_means_none(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {key: (None if value == "unknown" else value) for key, value in data.items()}
        return data


class Capabilities(UnknownAllowed):
    vision: Sourced[bool] | None = None
    multimodal: Sourced[bool] | None = None
    reasoning: Sourced[bool] | None = None
    function_calling: Sourced[bool] | None = None
    tool_use: Sourced[bool] | None = None
    structured_outputs: Sourced[bool] | None = None
    code_execution: Sourced[bool] | None = None


class BenchmarkScore(Strict):
    benchmark: Slug
    score: Score
    source: str
    # Who measured the score: two scores are directly comparable only with the same provenance and version.
    provenance: Literal["self-reported", "independent"] | None = None
    measured_by: str | None = Field(
        default=None, min_length=1, description="The lab or leaderboard that ran it, for an independent score."
    )
    version: str | None = Field(
        default=None, min_length=1, description="The benchmark's version or variant, when the source names one."
    )


class PricePoint(Strict):
    """A route's price from a date on, as a source dated it (None: since the source first listed it)."""

    since: dt.date | None = None
    input_usd_per_mtok: NonNegativeDecimal
    output_usd_per_mtok: NonNegativeDecimal
    source: str


class Route(UnknownAllowed):
    """One provider's price for the model, per 1M tokens, exactly as the source states it (None: not tracked)."""

    provider: Slug
    input_usd_per_mtok: Price | None = None
    output_usd_per_mtok: Price | None = None
    source: str
    context_window_tokens: TokenCount | None = None
    key: str | None = Field(default=None, description="The entry's key in an imported source.")
    history: list[PricePoint] = Field(default=[], description="Dated prices, oldest first, the last one in force.")


class ModelFacts(UnknownAllowed):
    id: Slug
    name: str = Field(min_length=1)
    aliases: list[str] = []
    sources: dict[str, Source]
    organization: Sourced[str] | None = None
    # A date, or "2024-07" / "2024" when the source gives only the month or the year.
    release_date: Sourced[dt.date | Annotated[str, Field(pattern=r"^\d{4}(?:-(?:0[1-9]|1[0-2]))?$")]] | None = None
    parameters: Sourced[Annotated[int, Field(gt=0, le=10**15)]] | None = None
    # Mixture of experts: the parameters used per token, and the layout a name states ("8x7B").
    active_parameters: Sourced[Annotated[int, Field(gt=0, le=10**15)]] | None = None
    expert_layout: Sourced[Annotated[str, Field(pattern=r"^\d+x\d+(?:\.\d+)?B$")]] | None = None
    architecture: Sourced[str] | None = None
    context_window_tokens: Sourced[TokenCount] | None = None
    license: Sourced[str] | None = None
    openness: Sourced[Literal["open source", "open weights", "proprietary"]] | None = None
    commercial_use: Sourced[Literal["allowed", "allowed with conditions", "not allowed"]] | None = None
    knowledge_cutoff: Sourced[Annotated[str, Field(pattern=r"^\d{4}-\d{2}$")]] | None = None
    capabilities: Capabilities = Capabilities()
    benchmarks: list[BenchmarkScore] = []
    routes: list[Route] = []
    # "imported": a stub `versus facts import stubs` wrote from the price sources; a curated file replaces it.
    curation: Literal["curated", "imported"] = "curated"

    def source_keys_used(self) -> list[tuple[str, str]]:
        """Every (field, source key) pair, so the loader can check each key is declared."""
        used = [(name, value.source) for name, value in self if isinstance(value, Sourced)]
        used += [(f"capabilities.{name}", value.source) for name, value in self.capabilities if value]
        used += [(f"benchmarks[{i}].source", score.source) for i, score in enumerate(self.benchmarks)]
        used += [(f"routes[{i}].source", route.source) for i, route in enumerate(self.routes)]
        used += [
            (f"routes[{i}].history[{j}].source", point.source)
            for i, route in enumerate(self.routes)
            for j, point in enumerate(route.history)
        ]
        return used


class Blend(Strict):
    input_share: Annotated[Decimal, Field(ge=0, le=1)]
    output_share: Annotated[Decimal, Field(ge=0, le=1)]

    @model_validator(mode="after")
    def shares_sum_to_one(self) -> Blend:
        if self.input_share + self.output_share != 1:
            raise ValueError("input_share and output_share must add up to 1 (for example 0.7 and 0.3)")
        return self


class MonthlyTraffic(Strict):
    input_tokens: TokenCount
    output_tokens: Annotated[int, Field(ge=0, le=10**12)]
    description: str


class TrafficProfile(Strict):
    """A traffic level a page prices besides the headline one (small, medium, large...)."""

    name: str = Field(min_length=1)
    input_tokens: Annotated[int, Field(gt=0)]
    output_tokens: Annotated[int, Field(ge=0)]


class Assumptions(Strict):
    blend: Blend
    monthly_traffic: MonthlyTraffic
    # Optional, so a single-profile assumptions.yaml stays valid: the monthly cost section prices each.
    traffic_profiles: dict[Slug, TrafficProfile] = {}
    # A benchmark lead no larger than this is reported as within noise (points on the benchmark's scale).
    benchmark_noise_points: NonNegativeDecimal = Decimal(1)


class Provider(Strict):
    name: str = Field(min_length=1)
    url: WebUrl | None = None


class Benchmark(Strict):
    name: str = Field(min_length=1)
    aliases: list[str] = []
    url: WebUrl | None = None


class Dataset(BaseModel):
    """Everything in a facts directory, checked: the input of every later stage."""

    model_config = ConfigDict(frozen=True)

    models: dict[str, ModelFacts]
    assumptions: Assumptions
    pairs: list[tuple[str, str]]
    providers: dict[str, Provider]
    benchmarks: dict[str, Benchmark]

    def model(self, model_id: str) -> ModelFacts:
        if model_id not in self.models:
            close = difflib.get_close_matches(model_id, self.models, n=3)
            hint = (
                f"did you mean {' or '.join(repr(match) for match in close)}?"
                if close
                else f"known ids are {', '.join(sorted(self.models))}"
            )
            raise FactsError([f"unknown model id '{model_id}': no facts/models/{model_id}.yaml; {hint}"])
        return self.models[model_id]

    def model_hash(self, model_id: str) -> str:
        """A stable hash of one model's facts: what a cache or an approval keys on."""
        payload = self.models[model_id].model_dump(mode="json")
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


class ImportedFacts(UnknownAllowed):
    """imported/<source>/<id>.yaml: routes and capabilities an import wrote for one curated model."""

    id: Slug
    sources: dict[str, Source]
    capabilities: Capabilities = Capabilities()
    routes: list[Route] = []


class PairsFile(Strict):
    pairs: list[Annotated[list[Slug], Field(min_length=2, max_length=2)]]


class ProvidersFile(Strict):
    providers: dict[str, Provider]


class BenchmarksFile(Strict):
    benchmarks: dict[str, Benchmark]


def load_facts(facts_dir: Path, with_imported: bool = True) -> Dataset:
    """Load and cross-check a facts directory; raise FactsError listing every problem found.

    with_imported=False leaves out imported/: the curated facts alone, which an import compares against.
    """
    problems: list[str] = []
    if not facts_dir.is_dir():
        raise FactsError(
            [f"{facts_dir}: facts directory not found; pass --facts DIR pointing at a folder with models/"]
        )
    models, declared_ids = _load_models(facts_dir / "models", problems)
    _add_stubs(facts_dir / "stubs", models, declared_ids, problems)
    assumptions = _load_file(facts_dir / "assumptions.yaml", Assumptions, problems)
    pairs_file = _load_file(facts_dir / "pairs.yaml", PairsFile, problems)
    providers_file = _load_file(facts_dir / "providers.yaml", ProvidersFile, problems)
    benchmarks_file = _load_file(facts_dir / "benchmarks.yaml", BenchmarksFile, problems)
    providers = providers_file.providers if providers_file else {}
    benchmarks = benchmarks_file.benchmarks if benchmarks_file else {}
    for path, model in models.values():
        problems += _cross_check_model(path, model, providers_file and providers, benchmarks_file and benchmarks)
    if with_imported:
        _merge_imported(facts_dir / "imported", models, declared_ids, providers_file and providers, problems)
    pairs = [tuple(pair) for pair in pairs_file.pairs] if pairs_file else []
    problems += _check_pairs(facts_dir / "pairs.yaml", pairs, declared_ids)
    if problems:
        raise FactsError(problems)
    return Dataset(
        models={model_id: model for model_id, (_, model) in sorted(models.items())},
        assumptions=assumptions,
        pairs=pairs,
        providers=providers,
        benchmarks=benchmarks,
    )


def read_yaml(path: Path, problems: list[str]) -> Any:
    """Parse one YAML file, recording a problem (with line and column) instead of raising."""
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=DecimalLoader)
    except FileNotFoundError:
        problems.append(f"{path}: file not found; every facts directory needs it")
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problems.append(f"{path}:{where}: not valid YAML ({getattr(error, 'problem', error)}); fix the syntax")
    except (OSError, UnicodeDecodeError) as error:
        problems.append(f"{path}: cannot be read ({error})")
    return None


def _load_file(path: Path, schema: type[Strict], problems: list[str]) -> Any:
    problems_before = len(problems)
    data = read_yaml(path, problems)
    if data is None:
        if len(problems) == problems_before:  # parsed, but empty: not a silent absence
            problems.append(
                f"{path}: (top level): the file is empty; write its fields ({', '.join(schema.model_fields)}) or delete the file"
            )
        return None
    try:
        return schema.model_validate(data)
    except ValidationError as error:
        problems += describe_validation_error(path, error)
        return None


def describe_validation_error(path: Path, error: ValidationError) -> list[str]:
    """One line per pydantic error: file, dotted field path, what was expected, what was found."""
    lines = []
    for item in error.errors():
        field = _dotted(item["loc"]) or "(top level)"
        expected = item["msg"]
        if item["type"] == "extra_forbidden":
            expected = "unknown key: remove it or fix its spelling"
        elif item["type"] == "missing":
            expected = "required field is missing: add it"
        found = "" if item["type"] == "missing" else f" (found {_shown(item['input'])})"
        lines.append(f"{path}: {field}: {expected}{found}")
    return lines


def _shown(value: Any) -> str:
    return str(value) if isinstance(value, Decimal) else repr(value)


def _dotted(loc: tuple) -> str:
    parts: list[str] = []
    for part in loc:
        if isinstance(part, int):
            parts[-1:] = [f"{parts[-1] if parts else ''}[{part}]"]
        elif "[" not in str(part):  # pydantic's names for union members and validators, not fields
            parts.append(str(part))
    return ".".join(parts)


def _load_models(models_dir: Path, problems: list[str]) -> tuple[dict[str, tuple[Path, ModelFacts]], set[str]]:
    """The models that loaded, and every id a file declares (broken files included, so a pair
    naming a broken model is not reported a second time as unknown)."""
    models: dict[str, tuple[Path, ModelFacts]] = {}
    declared_ids: set[str] = set()
    paths = sorted(models_dir.glob("*.yaml")) if models_dir.is_dir() else []
    if not paths:
        problems.append(f"{models_dir}: no model files (*.yaml) found; add one YAML file per model")
    for path in paths:
        declared_ids.add(path.stem)
        model = _load_file(path, ModelFacts, problems)
        if model is None:
            continue
        if model.id in models:
            problems.append(
                f"{path}: id: duplicate id '{model.id}', already defined in {models[model.id][0]}; ids must be unique"
            )
            continue
        if path.stem != model.id:
            problems.append(
                f"{path}: id: '{model.id}' does not match the file name; rename the file to {model.id}.yaml"
            )
        models[model.id] = (path, model)
        declared_ids.add(model.id)
    return models, declared_ids


def _add_stubs(
    stubs_dir: Path, models: dict[str, tuple[Path, ModelFacts]], declared_ids: set[str], problems: list[str]
) -> None:
    """stubs/<id>.yaml: models an import wrote from the price sources (curation: imported). A curated
    models/<id>.yaml always wins, so a stub whose id a curated file declares is not read."""
    for path in sorted(stubs_dir.glob("*.yaml")) if stubs_dir.is_dir() else []:
        if path.stem in declared_ids:
            continue
        stub = _load_file(path, ModelFacts, problems)
        if stub is None:
            continue
        if stub.id != path.stem:
            problems.append(f"{path}: id: '{stub.id}' does not match the file name; re-run the import that wrote it")
        elif stub.curation != "imported":
            problems.append(
                f"{path}: curation: a stub must say `curation: imported`; move a curated model to models/{stub.id}.yaml"
            )
        else:
            models[stub.id] = (path, stub)
            declared_ids.add(stub.id)


def _cross_check_model(path: Path, model: ModelFacts, providers: dict | None, benchmarks: dict | None) -> list[str]:
    problems = [
        f"{path}: {field}: source '{key}' is not declared under sources; add it with url and checked date"
        for field, key in model.source_keys_used()
        if key not in model.sources
    ]
    if providers is not None:
        problems += [
            f"{path}: routes[{i}].provider: unknown provider '{route.provider}'; add it to providers.yaml"
            for i, route in enumerate(model.routes)
            if route.provider not in providers
        ]
    if benchmarks is not None:
        problems += [
            f"{path}: benchmarks[{i}].benchmark: unknown benchmark '{score.benchmark}'; add it to benchmarks.yaml"
            for i, score in enumerate(model.benchmarks)
            if score.benchmark not in benchmarks
        ]
    seen_benchmarks = [score.benchmark for score in model.benchmarks]
    problems += [
        f"{path}: benchmarks: '{name}' is listed more than once; keep one score per benchmark"
        for name in sorted(set(seen_benchmarks))
        if seen_benchmarks.count(name) > 1
    ]
    return problems


def _merge_imported(
    imported_dir: Path,
    models: dict[str, tuple[Path, ModelFacts]],
    declared_ids: set[str],
    providers: dict | None,
    problems: list[str],
) -> None:
    """Add each imported file's values to its curated model: a route only for a provider the model has no
    route for yet, a capability only where the curated file says unknown (curated values win)."""
    for path in sorted(imported_dir.glob("*/*.yaml"), key=_import_precedence):
        imported = _load_file(path, ImportedFacts, problems)
        if imported is None:
            continue
        if imported.id not in models:
            if imported.id not in declared_ids:  # a broken curated file is reported once, as itself
                problems.append(
                    f"{path}: id: no curated model '{imported.id}' in models/; add models/{imported.id}.yaml or remove this file"
                )
            continue
        curated_path, curated = models[imported.id]
        # The same source and provider checks as a curated file, reported against the imported file.
        as_model = ModelFacts.model_construct(
            id=imported.id, sources=imported.sources, capabilities=imported.capabilities, routes=imported.routes
        )
        file_problems = _cross_check_model(path, as_model, providers, None)
        file_problems += [
            f"{path}: sources.{key}: also declared in {curated_path}; rename it in one of them"
            for key in sorted(imported.sources.keys() & curated.sources.keys())
        ]
        problems += file_problems
        if not file_problems:
            models[imported.id] = (curated_path, _with_imported(curated, imported))


# Which import fills a provider's route first when two sources both have it (LiteLLM's came first, so pages stay as they were).
IMPORT_PRECEDENCE = ("litellm", "genai-prices")


def _import_precedence(path: Path) -> tuple[int, Path]:
    source = path.parent.name
    return (IMPORT_PRECEDENCE.index(source) if source in IMPORT_PRECEDENCE else len(IMPORT_PRECEDENCE), path)


def _with_imported(curated: ModelFacts, imported: ImportedFacts) -> ModelFacts:
    routed_providers = {route.provider for route in curated.routes}
    added_routes = []
    for route in imported.routes:
        if route.provider not in routed_providers:
            routed_providers.add(route.provider)
            added_routes.append(route)
    # A route whose price is curated keeps it, but may take an import's dated history for the same provider.
    dated = {route.provider: route.history for route in imported.routes if route.history}
    kept_routes = [
        route.model_copy(update={"history": dated[route.provider]})
        if not route.history and route.provider in dated
        else route
        for route in curated.routes
    ]
    history_sources = {point.source for route in kept_routes if route not in curated.routes for point in route.history}
    filled_capabilities = {
        name: value
        for name, value in imported.capabilities
        if value is not None and getattr(curated.capabilities, name) is None
    }
    used_sources = {route.source for route in added_routes} | {value.source for value in filled_capabilities.values()}
    used_sources |= history_sources | {point.source for route in added_routes for point in route.history}
    return curated.model_copy(
        update={
            "sources": curated.sources | {key: imported.sources[key] for key in sorted(used_sources)},
            "capabilities": curated.capabilities.model_copy(update=filled_capabilities),
            "routes": kept_routes + added_routes,
        }
    )


def _check_pairs(path: Path, pairs: list[tuple[str, str]], models: set[str]) -> list[str]:
    problems = []
    for i, pair in enumerate(pairs):
        problems += [
            f"{path}: pairs[{i}]: unknown model id '{model_id}'; use an id from models/ ({', '.join(sorted(models)[:5])}, ...)"
            for model_id in pair
            if model_id not in models
        ]
        if pair[0] == pair[1]:
            problems.append(f"{path}: pairs[{i}]: a model cannot be compared with itself")
    return problems
