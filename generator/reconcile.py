"""Stage 1, facts: every route's prices from every source side by side (curated, LiteLLM, genai-prices).

A price is confirmed by the sources whose values agree with the one pages state within $0.001 per 1M
tokens (the published rule of a comparison site users trust); a source that differs by more is a
conflict. The value pages state is still the curated one where there is one, else the first import in
facts.IMPORT_PRECEDENCE: reconciliation reports, it never changes a price.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ValidationError

from generator.errors import FactsError
from generator.facts import (
    IMPORT_PRECEDENCE,
    DecimalLoader,
    ImportedFacts,
    ModelFacts,
    Route,
    describe_validation_error,
    load_facts,
)

TOLERANCE_USD_PER_MTOK = Decimal("0.001")
CURATED = "curated"
PriceField = Literal["input", "output"]


class SourcePrice(BaseModel):
    """One source's value for one price, and when that source was checked."""

    source: str
    usd_per_mtok: Decimal
    checked: dt.date
    key: str | None = None


class ReconciledPrice(BaseModel):
    """One price of one route across the sources: the value pages state and who confirms or contradicts it."""

    model: str
    provider: str
    field: PriceField
    stated_usd_per_mtok: Decimal
    stated_by: str
    values: list[SourcePrice]
    confirmed_by: list[str]
    contradicted_by: list[str]

    @property
    def conflict(self) -> bool:
        return bool(self.contradicted_by)

    @property
    def curated_contradicted_by_all(self) -> bool:
        """A curated value that every other source contradicts (with at least two others): worth a person's look."""
        return self.stated_by == CURATED and len(self.contradicted_by) >= 2 and len(self.confirmed_by) == 1


class Reconciliation(BaseModel):
    prices: list[ReconciledPrice]

    @property
    def conflicts(self) -> list[ReconciledPrice]:
        return [price for price in self.prices if price.conflict]

    def routes_confirmed(self, sources: int = 2) -> int:
        """Routes whose stated input and output prices are each confirmed by at least `sources` sources."""
        by_route: dict[tuple[str, str], list[ReconciledPrice]] = {}
        for price in self.prices:
            by_route.setdefault((price.model, price.provider), []).append(price)
        return sum(
            1
            for prices in by_route.values()
            if len(prices) == 2 and all(len(price.confirmed_by) >= sources for price in prices)
        )

    def conflicted_routes(self) -> dict[tuple[str, str], list[ReconciledPrice]]:
        """(model, provider) -> its conflicted prices."""
        routes: dict[tuple[str, str], list[ReconciledPrice]] = {}
        for price in self.conflicts:
            routes.setdefault((price.model, price.provider), []).append(price)
        return routes


def conflicted_facts(reconciliation: Reconciliation, facts: Iterable) -> dict[str, ReconciledPrice]:
    """Which of a comparison's price facts state a conflicted price: fact id -> the reconciled price.

    `facts` are comparison facts (duck-typed, so the facts stage need not import the comparison): a
    route's own input or output price, and a model's cheapest-route price when that route is conflicted."""
    conflicts = {(price.model, price.provider, f"{price.field}_price"): price for price in reconciliation.conflicts}
    found = {}
    for fact in facts:
        if fact.known and fact.model and fact.attribute in ("input_price", "output_price"):
            for provider in fact.entities[1:2]:
                if (fact.model, provider, fact.attribute) in conflicts:
                    found[fact.id] = conflicts[fact.model, provider, fact.attribute]
    return found


def describe_values(price: ReconciledPrice) -> str:
    """Every source's value and date: "curated $0.22 (2026-04-24), genai-prices $0.25 (2026-11-30)"."""
    return ", ".join(f"{value.source} ${value.usd_per_mtok} ({value.checked.isoformat()})" for value in price.values)


def reconcile(facts_dir: Path) -> Reconciliation:
    """Every priced route of every model in facts_dir, reconciled across the curated file and each import."""
    curated = load_facts(facts_dir, with_imported=False)
    imported = {source: _imported_files(facts_dir / "imported" / source) for source in IMPORT_PRECEDENCE}
    prices = []
    for model_id, model in curated.models.items():
        values: dict[tuple[str, PriceField], list[SourcePrice]] = {}
        _collect(values, CURATED, model, model.routes)
        for source, files in imported.items():
            if model_id in files:
                _collect(values, source, files[model_id], files[model_id].routes)
        prices += [_reconciled(model_id, provider, field, found) for (provider, field), found in sorted(values.items())]
    return Reconciliation(prices=prices)


def _imported_files(directory: Path) -> dict[str, ImportedFacts]:
    problems: list[str] = []
    files = {}
    for path in sorted(directory.glob("*.yaml")):
        try:
            imported = ImportedFacts.model_validate(yaml.load(path.read_text(encoding="utf-8"), Loader=DecimalLoader))
        except ValidationError as error:
            problems += describe_validation_error(path, error)
            continue
        except (OSError, yaml.YAMLError) as error:
            problems.append(f"{path}: cannot be read ({error}); re-run its import")
            continue
        files[imported.id] = imported
    if problems:
        raise FactsError(problems)
    return files


def _collect(values: dict, source: str, facts: ModelFacts | ImportedFacts, routes: list[Route]) -> None:
    for route in routes:
        for field in ("input", "output"):
            price = getattr(route, f"{field}_usd_per_mtok")
            if price is not None:
                checked = facts.sources[route.source].checked
                values.setdefault((route.provider, field), []).append(
                    SourcePrice(source=source, usd_per_mtok=price, checked=checked, key=route.key)
                )


def _reconciled(model_id: str, provider: str, field: PriceField, values: list[SourcePrice]) -> ReconciledPrice:
    stated = values[0]  # curated first, then the imports in precedence order: the value pages state
    agree = [
        value.source for value in values if abs(value.usd_per_mtok - stated.usd_per_mtok) <= TOLERANCE_USD_PER_MTOK
    ]
    return ReconciledPrice(
        model=model_id,
        provider=provider,
        field=field,
        stated_usd_per_mtok=stated.usd_per_mtok,
        stated_by=stated.source,
        values=values,
        confirmed_by=agree,
        contradicted_by=[value.source for value in values if value.source not in agree],
    )


def render_conflicts(reconciliation: Reconciliation) -> str:
    """One line per conflicted price: model, provider, field, every source's value and date."""
    lines = []
    for price in reconciliation.conflicts:
        values = "; ".join(
            f"{value.source} ${value.usd_per_mtok} (checked {value.checked.isoformat()})" for value in price.values
        )
        flag = " [curated value contradicted by every source]" if price.curated_contradicted_by_all else ""
        lines.append(
            f"{price.model} on {price.provider}: {price.field} price per 1M tokens: {values}; pages state ${price.stated_usd_per_mtok} ({price.stated_by}){flag}"
        )
    confirmed = reconciliation.routes_confirmed()
    lines.append(
        f"{len(reconciliation.conflicts)} conflicted price(s); {confirmed} route(s) confirmed by 2 or more sources"
    )
    return "\n".join(lines)
