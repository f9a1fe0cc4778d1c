"""Page formulas: how each derived figure of a page was computed ("How we computed this"), and the
exact prices the page's traffic calculator recomputes monthly costs from.

Everything here reads comparison facts and routes; it computes nothing a page states, it only shows
the arithmetic the comparison did, with the exact inputs and the rounding of the shown result.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from generator import factids
from generator.comparison import Comparison, Fact, PriceRoute
from generator.factids import benchmark_fact, context_fact, gap_fact, model_fact, profile_fact, score_fact

ROUNDING = {
    "usd_per_mtok": "rounded to the nearest cent, ties up (below a cent: to two significant digits)",
    "usd_per_month": "rounded to the nearest cent, ties up (below a cent: to two significant digits)",
    "percent": "rounded to one decimal, ties up",
    "multiplier": "rounded to one decimal, ties up",
    "points": "rounded to one decimal, ties up",
}
# Exact values are shown whole up to this many decimals, beyond it rounded (and marked ≈).
EXACT_PLACES = 6


@dataclass
class Derivation:
    """One derived figure: what it is, the formula with its exact inputs, and how it is rounded."""

    fact_id: str
    label: str
    formula: str
    exact: str
    shown: str
    rounding: str


def exact(value: Decimal | int) -> str:
    """A value as computed: whole when short, else to six decimals with ≈."""
    value = Decimal(value)
    if value == value.to_integral_value():
        return f"{int(value):,}"
    normalized = value.normalize()
    if -normalized.as_tuple().exponent <= EXACT_PLACES:
        return format(normalized, "f")
    return "≈" + format(value.quantize(Decimal(1).scaleb(-EXACT_PLACES)), "f")


def _usd(value: Decimal) -> str:
    """Money as computed, in cents at least: $21.00, $0.0792."""
    value = Decimal(value)
    if value == value.quantize(Decimal("0.01")):
        return f"${value.quantize(Decimal('0.01')):,}"
    return "$" + exact(value)


# The unit an exact result is written with, so a reader (and the validator) knows what it measures.
UNIT_SUFFIX = {"percent": "%", "multiplier": "×", "points": " points"}


def _derivation(fact: Fact, label: str, formula: str) -> Derivation:
    shown_exact = (
        _usd(fact.value) if fact.unit.startswith("usd") else exact(fact.value) + UNIT_SUFFIX.get(fact.unit, "")
    )
    return Derivation(
        fact_id=fact.id,
        label=label,
        formula=formula,
        exact=shown_exact,
        shown=fact.display,
        rounding=ROUNDING.get(fact.unit, "shown as computed"),
    )


def derivations(comparison: Comparison, facts: dict[str, Fact]) -> list[Derivation]:
    """The formula of every derived figure the page states, in page order."""
    result: list[Derivation] = []
    blend_in, blend_out = facts[factids.BLEND_INPUT_SHARE], facts[factids.BLEND_OUTPUT_SHARE]
    traffic_in, traffic_out = facts[factids.TRAFFIC_INPUT_TOKENS], facts[factids.TRAFFIC_OUTPUT_TOKENS]
    for model in (comparison.a, comparison.b):
        route = _cheapest(comparison, facts, model.id)
        if route is None:
            continue
        result.append(
            _derivation(
                facts[model_fact(model.id, "blended_price")],
                f"{model.name}: blended price on {route.provider}",
                f"{blend_in.display} × {_usd(route.input_usd_per_mtok)} input + {blend_out.display} × {_usd(route.output_usd_per_mtok)} output, per 1M tokens",
            )
        )
        result.append(
            _derivation(
                facts[model_fact(model.id, "monthly_cost")],
                f"{model.name}: monthly cost on {route.provider}",
                _monthly_formula(traffic_in.value, traffic_out.value, route),
            )
        )
        for level in comparison.traffic_profiles:
            fact = facts.get(profile_fact(model.id, level.id))
            if fact is not None and fact.known:
                result.append(
                    _derivation(
                        fact,
                        f"{model.name}: monthly cost at the {level.name} profile",
                        _monthly_formula(level.input_tokens, level.output_tokens, route),
                    )
                )
    result += _gap_derivations(comparison, facts)
    for benchmark in comparison.benchmarks:
        lead = facts[benchmark_fact(benchmark, "lead")]
        if not lead.known:
            continue  # scores not directly comparable: no lead, so no formula
        score_a, score_b = (
            facts[score_fact(comparison.a.id, benchmark)],
            facts[score_fact(comparison.b.id, benchmark)],
        )
        result.append(
            _derivation(
                lead,
                f"Lead on {comparison.benchmark_names[benchmark]}",
                f"the gap between {comparison.b.name}'s {exact(score_b.value)} and {comparison.a.name}'s {exact(score_a.value)}",
            )
        )
    if context_fact("ratio") in facts:
        windows = sorted(
            (facts[model_fact(model.id, "context_window")].value for model in (comparison.a, comparison.b)),
            reverse=True,
        )
        result.append(
            _derivation(
                facts[context_fact("ratio")],
                "Context window ratio",
                f"{exact(windows[0])} tokens ÷ {exact(windows[1])} tokens (larger ÷ smaller)",
            )
        )
    if factids.PRICE_MIX_FLIP_INPUT_SHARE in facts:
        route_a, route_b = _cheapest(comparison, facts, comparison.a.id), _cheapest(comparison, facts, comparison.b.id)
        output_gap = route_a.output_usd_per_mtok - route_b.output_usd_per_mtok
        input_gap = route_a.input_usd_per_mtok - route_b.input_usd_per_mtok
        result.append(
            _derivation(
                facts[factids.PRICE_MIX_FLIP_INPUT_SHARE],
                "Input share at which the cheaper model changes",
                f"the share s where s × input + (1 − s) × output is equal for both: s = Δoutput ÷ (Δoutput − Δinput) = {_usd(output_gap)} ÷ ({_usd(output_gap)} − {_usd(input_gap)}), as a percentage",
            )
        )
    return result


def _monthly_formula(input_tokens: int, output_tokens: int, route: PriceRoute) -> str:
    return (
        f"input: {exact(input_tokens)} tokens × {_usd(route.input_usd_per_mtok)} per 1M; "
        f"output: {exact(output_tokens)} tokens × {_usd(route.output_usd_per_mtok)} per 1M; summed"
    )


def _gap_derivations(comparison: Comparison, facts: dict[str, Fact]) -> list[Derivation]:
    result = []
    names = {comparison.a.id: comparison.a.name, comparison.b.id: comparison.b.name}
    labels = {
        "input_price": "input price",
        "output_price": "output price",
        "blended_price": "blended price",
        "monthly_cost": "monthly cost",
    }
    for attribute, label in labels.items():
        if gap_fact(attribute, "difference") not in facts:
            continue
        values = {model_id: facts[model_fact(model_id, attribute)].value for model_id in names}
        cheaper_id = facts[gap_fact(attribute, "difference")].model
        dearer_id = next(model_id for model_id in names if model_id != cheaper_id)
        cheaper, dearer = _usd(values[cheaper_id]), _usd(values[dearer_id])
        result.append(
            _derivation(
                facts[gap_fact(attribute, "difference")],
                f"Difference in {label}",
                f"{dearer} ({names[dearer_id]}) − {cheaper} ({names[cheaper_id]})",
            )
        )
        relative = {
            "cheaper_percent": (
                f"How much cheaper on {label}",
                f"({dearer} − {cheaper}) ÷ {dearer}, as a percentage of the dearer price",
            ),
            "multiple": (f"How many times the {label}", f"{dearer} ÷ {cheaper}"),
        }
        result += [
            _derivation(facts[gap_fact(attribute, gap)], title, formula)
            for gap, (title, formula) in relative.items()
            if gap_fact(attribute, gap) in facts
        ]
    return result


def _cheapest(comparison: Comparison, facts: dict[str, Fact], model_id: str) -> PriceRoute | None:
    provider_id = facts[model_fact(model_id, "cheapest_route")].value
    return next((route for route in comparison.routes[model_id] if route.provider_id == provider_id), None)


def calculator_data(comparison: Comparison) -> dict[str, Any]:
    """The exact prices the page's calculator reads: decimal strings, never binary floats."""
    models = []
    for model in (comparison.a, comparison.b):
        routes = [
            {
                "provider_id": route.provider_id,
                "provider": route.provider,
                "input": format(route.input_usd_per_mtok, "f"),
                "output": format(route.output_usd_per_mtok, "f"),
            }
            for route in comparison.routes[model.id]
            if route.input_usd_per_mtok is not None and route.output_usd_per_mtok is not None
        ]
        cheapest = comparison.fact(model_fact(model.id, "cheapest_route")).value
        models.append({"id": model.id, "name": model.name, "cheapest": cheapest, "routes": routes})
    return {"input_tokens": comparison.input_tokens, "output_tokens": comparison.output_tokens, "models": models}
