"""Page charts: bar geometry for the inline SVG charts of page.html (no JavaScript needed).

Every label a chart shows is a fact's display text, so a chart states nothing the tables and the
validator do not know. A model with no score or no price gets an "Unknown" label, never a bar of
zero length that would read as a measured zero.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from generator.comparison import Comparison, Fact
from generator.display import UNKNOWN
from generator.factids import route_fact, score_fact

WIDTH = 640
LABEL_WIDTH = 300
BAR_START = LABEL_WIDTH + 10
BAR_SPACE = 230
ROW_HEIGHT = 22
HEADING_HEIGHT = 24


@dataclass
class Bar:
    """One row of a chart: what it measures, the fact behind it and its drawn length in pixels."""

    label: str
    value_text: str
    fact_id: str | None
    length: float
    known: bool
    y: int = 0
    series: str = "a"


@dataclass
class BarGroup:
    heading: str
    bars: list[Bar]
    y: int = 0


@dataclass
class Chart:
    id: str
    title: str
    description: str
    groups: list[BarGroup]
    height: int = 0
    width: int = WIDTH
    bar_start: int = BAR_START
    label_width: int = LABEL_WIDTH
    notes: list[str] = field(default_factory=list)


def _length(value: Decimal | None, scale: Decimal) -> float:
    if value is None or not scale:
        return 0.0
    # Floats only for pixel geometry; the labels carry the exact facts' display texts.
    return round(float(value / scale) * BAR_SPACE, 1)


def _laid_out(chart: Chart) -> Chart:
    y = 0
    for group in chart.groups:
        if group.heading:
            group.y = y + 16
            y += HEADING_HEIGHT
        for bar in group.bars:
            bar.y = y
            y += ROW_HEIGHT
    chart.height = y + 4
    return chart


def benchmark_chart(comparison: Comparison, facts: dict[str, Fact], benchmarks: list[str]) -> Chart | None:
    """One group of two bars (both models' scores) per benchmark of the page's benchmark table."""
    if not benchmarks:
        return None
    models = (comparison.a, comparison.b)
    scores = {
        (model.id, benchmark): facts.get(score_fact(model.id, benchmark))
        for model in models
        for benchmark in benchmarks
    }
    known = [fact.value for fact in scores.values() if fact is not None and fact.known]
    # Most benchmarks score out of 100; a larger scale (an Elo rating) gets its own maximum.
    scale = max([Decimal(100), *known])
    groups, described = [], []
    for benchmark in benchmarks:
        bars = []
        for series, model in zip("ab", models, strict=False):
            fact = scores[(model.id, benchmark)]
            shown = fact.display if fact is not None and fact.known else UNKNOWN
            bars.append(
                Bar(
                    label=model.name,
                    value_text=shown,
                    fact_id=fact.id if fact else None,
                    length=_length(fact.value if fact else None, scale),
                    known=bool(fact and fact.known),
                    series=series,
                )
            )
        name = comparison.benchmark_names[benchmark]
        groups.append(BarGroup(heading=name, bars=bars))
        described.append(f"{name}: " + ", ".join(f"{bar.label} {bar.value_text}" for bar in bars))
    return _laid_out(
        Chart(id="chart-benchmarks", title="Benchmark scores", description="; ".join(described) + ".", groups=groups)
    )


def cost_chart(comparison: Comparison, facts: dict[str, Fact]) -> Chart:
    """One bar per provider route: its monthly cost at the page's traffic."""
    models = (comparison.a, comparison.b)
    rows: list[tuple[str, str, Fact | None]] = []
    for series, model in zip("ab", models, strict=False):
        for route in comparison.routes[model.id]:
            rows.append(
                (
                    series,
                    f"{model.name} on {route.provider}",
                    facts.get(route_fact(model.id, route.provider_id, "monthly_cost")),
                )
            )
        if not comparison.routes[model.id]:
            rows.append((series, f"{model.name} (no tracked route)", None))
    known = [fact.value for _, _, fact in rows if fact is not None and fact.known]
    scale = max(known, default=Decimal(0))
    bars = [
        Bar(
            label=label,
            value_text=fact.display if fact is not None and fact.known else UNKNOWN,
            fact_id=fact.id if fact else None,
            length=_length(fact.value if fact else None, scale),
            known=bool(fact and fact.known),
            series=series,
        )
        for series, label, fact in rows
    ]
    description = (
        f"Monthly cost per provider route at {comparison.traffic_description}: "
        + "; ".join(f"{bar.label} {bar.value_text}" for bar in bars)
        + "."
    )
    return _laid_out(
        Chart(
            id="chart-monthly-cost",
            title="Monthly cost per provider route",
            description=description,
            groups=[BarGroup(heading="", bars=bars)],
        )
    )
