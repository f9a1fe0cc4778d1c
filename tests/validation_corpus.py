"""The validator's mutation corpus, one family per kind of claim (issue 14).

Each family is a set of phrasings written from the facts of a pair: a correct sentence that must pass
and wrong variants that must each be flagged. The phrasings run over every pair below (the reference
pairs and pairs from facts/), skipping a phrasing where a pair's facts cannot fill it. Families also
have a held-out part (HELD_OUT), written after the checkers were done and never tuned against: its
figures are reported apart by bench/validate_speed.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path

from generator import display
from generator.comparison import Comparison, Fact, compare
from generator.facts import Dataset, load_facts
from tests.support import CATALOG, REFERENCE_FACTS

PAIRS = [
    (REFERENCE_FACTS, "llama-3.2-1b-instruct", "qwen3.5-4b"),
    (REFERENCE_FACTS, "llama-3.2-1b-instruct", "trinity-large-thinking"),
    (CATALOG, "gpt-4o", "claude-3.5-sonnet"),
    (CATALOG, "gpt-4o-mini", "gpt-4.1-mini"),
    (CATALOG, "deepseek-v3", "llama-3.3-70b-instruct"),
    (CATALOG, "qwen3-235b-a22b", "llama-4-maverick"),
    (CATALOG, "claude-haiku-4.5", "gemini-2.5-flash"),
    (CATALOG, "mixtral-8x7b-instruct", "deepseek-v3"),
]
FAMILIES = {
    1: "figure before its attribute",
    2: "benchmark aliases",
    3: "sentences naming two models",
    4: "price units and scales",
    5: "input/output order",
    6: "relative prices and multiples",
    7: "numbers in words and approximations",
    8: "claims without numbers",
    9: "comparatives without a model subject",
    10: "dates and order in time",
}
# Fractions in words beyond the common five, each with its value (a sixth, two fifths, seven eighths).
WORDED_FRACTIONS = [
    ("a sixth", Decimal(1) / 6), ("a seventh", Decimal(1) / 7), ("an eighth", Decimal(1) / 8), ("a ninth", Decimal(1) / 9),
    ("two fifths", Decimal(2) / 5), ("three fifths", Decimal(3) / 5), ("four fifths", Decimal(4) / 5),
    ("three eighths", Decimal(3) / 8), ("five eighths", Decimal(5) / 8), ("five sixths", Decimal(5) / 6),
    ("two thirds", Decimal(2) / 3), ("three quarters", Decimal(3) / 4), ("seven tenths", Decimal(7) / 10),
]  # fmt: skip
WORDS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
TENS = {2: "twenty", 3: "thirty", 4: "forty", 5: "fifty", 6: "sixty", 7: "seventy", 8: "eighty", 9: "ninety"}
MONTH_NAMES = "January February March April May June July August September October November December".split()


@dataclass(frozen=True)
class Case:
    family: int
    facts: Path
    pair: tuple[str, str]
    text: str
    wrong: bool
    held_out: bool = False
    markdown: bool = False


@lru_cache
def dataset(facts_dir: Path) -> Dataset:
    return load_facts(facts_dir)


@lru_cache
def comparison_of(facts_dir: Path, a: str, b: str) -> Comparison:
    return compare(dataset(facts_dir), a, b)


# --- reading the facts of a pair --------------------------------------------------------------


class Pair:
    """The facts of one pair as a corpus writer reads them."""

    def __init__(self, comparison: Comparison):
        self.c = comparison
        self.a, self.b = comparison.pair
        self.models = (self.a, self.b)

    def name(self, model: str) -> str:
        return self.c.a.name if model == self.a else self.c.b.name

    def other(self, model: str) -> str:
        return self.b if model == self.a else self.a

    def fact(self, fact_id: str) -> Fact | None:
        return next((fact for fact in self.c.facts if fact.id == fact_id), None)

    def value(self, fact_id: str):
        fact = self.fact(fact_id)
        return fact.value if fact and fact.known else None

    def leads(self) -> Iterator[tuple[str, str, str, Decimal, Decimal, Decimal]]:
        """(benchmark, leader, trailer, gap, leader's score, trailer's score) of each shared benchmark with a leader."""
        for benchmark in self.c.benchmarks:
            lead = self.fact(f"benchmark.{benchmark}.lead")
            if lead and lead.model:
                trailer = self.other(lead.model)
                yield (
                    benchmark,
                    lead.model,
                    trailer,
                    lead.value,
                    self.value(f"{lead.model}.benchmark.{benchmark}"),
                    self.value(f"{trailer}.benchmark.{benchmark}"),
                )

    def bench(self, benchmark: str) -> str:
        return self.c.benchmark_names[benchmark]

    def aliases(self, benchmark: str) -> list[str]:
        return self.c.benchmark_aliases.get(benchmark, [])

    def cheaper(self, topic: str) -> tuple[str, str, Decimal, Decimal] | None:
        """(cheaper model, dearer model, cheaper price, dearer price) on a price topic, when they differ."""
        prices = {model: self.value(f"{model}.{topic}") for model in self.models}
        if None in prices.values() or prices[self.a] == prices[self.b] or 0 in prices.values():
            return None
        low, high = sorted(self.models, key=lambda model: prices[model])
        return low, high, prices[low], prices[high]

    def released(self, model: str) -> dt.date | None:
        value = self.value(f"{model}.release_date")
        return value if isinstance(value, dt.date) else None


def one(value: Decimal) -> str:
    return str(Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def usd(value: Decimal) -> str:
    """A price as a writer states it: $0.027 -> $0.027, $2.5 -> $2.50."""
    value = Decimal(value)
    text = f"{value.normalize():f}"
    if "." not in text:
        return f"${text}.00"
    if len(text.split(".")[1]) == 1:
        return f"${text}0"
    return f"${text}"


def plain(value: Decimal) -> str:
    return f"{Decimal(value).normalize():f}"


def bump(text: str) -> str:
    """Change the last digit, so the figure no longer rounds to the fact."""
    index = max(index for index, character in enumerate(text) if character.isdigit())
    return text[:index] + str((int(text[index]) + 5) % 10) + text[index + 1 :]


def words(number: int) -> str:
    if number < 20:
        return WORDS[number]
    tens, units = divmod(number, 10)
    return TENS[tens] + (f"-{WORDS[units]}" if units else "")


def kilo(tokens: int) -> str:
    return f"{round(tokens / 1000)}K"


# --- families -----------------------------------------------------------------------------------
# Each yields (correct sentence, [wrong variants]).


def family_1(p: Pair):
    for benchmark, leader, trailer, _, high, low in p.leads():
        for model, score, other_score in ((leader, high, low), (trailer, low, high)):
            name, bench, shown, other_shown = p.name(model), p.bench(benchmark), one(score), one(other_score)
            for template in (
                "{m} scores {s} on {b}.",
                "{m} posts {s} points on {b}.",
                "{m} reaches {s} on the {b} benchmark.",
                "{m} lands at {s}% on {b}.",
                "With {s} on {b}, {m} is the one to look at for that test.",
                "{s} on {b} is what {m} reports.",
            ):
                correct = template.format(m=name, s=shown, b=bench)
                wrong = [
                    template.format(m=name, s=other_shown, b=bench),
                    template.format(m=name, s=bump(shown), b=bench),
                ]
                yield correct, [text for text in wrong if text != correct]
    for model in p.models:
        # Mixture-of-experts sizes: the parameters used per token against the total.
        name, active, total, layout = (
            p.name(model),
            p.value(f"{model}.active_parameters"),
            p.value(f"{model}.parameters"),
            p.value(f"{model}.expert_layout"),
        )
        if active and total:
            shown, whole = display.parameters(active), display.parameters(total)
            yield (
                f"{name} runs {shown} active parameters per token.",
                [
                    f"{name} runs {whole} active parameters per token.",
                    f"{name} runs {bump(shown)} active parameters per token.",
                ],
            )
            yield (
                f"{name} has {whole} parameters in total, {shown} of them active.",
                [
                    f"{name} has {bump(whole)} parameters in total, {shown} of them active.",
                    f"{name} has {whole} parameters in total, {bump(shown)} of them active.",
                ],
            )
        if layout:
            yield (
                f"{name} is an {layout} mixture of experts.",
                [f"{name} is an 8x22B mixture of experts.", f"{name} is a 16x7B mixture of experts."],
            )


def family_2(p: Pair):
    for benchmark, leader, trailer, gap, high, low in p.leads():
        for alias in p.aliases(benchmark):
            for template in (
                "{m} scores {s} on {b}.",
                "On {b}, {m} posts {s}.",
                "{m}'s {b} score is {s}.",
                "{b}: {m} at {s}.",
            ):
                correct = template.format(m=p.name(leader), s=one(high), b=alias)
                wrong = [
                    template.format(m=p.name(leader), s=one(low), b=alias),
                    template.format(m=p.name(leader), s=bump(one(high)), b=alias),
                ]
                yield correct, [text for text in wrong if text != correct]
            yield (
                f"On {alias}, {p.name(leader)} leads by {one(gap)} points.",
                [
                    f"On {alias}, {p.name(trailer)} leads by {one(gap)} points.",
                    f"On {alias}, {p.name(leader)} leads by {bump(one(gap))} points.",
                ],
            )


def family_3(p: Pair):
    for benchmark, leader, trailer, gap, high, low in p.leads():
        lead, trail, bench, g, h, lo = (
            p.name(leader),
            p.name(trailer),
            p.bench(benchmark),
            one(gap),
            one(high),
            one(low),
        )
        yield f"{lead} beats {trail} on {bench} by {g} points.", [f"{trail} beats {lead} on {bench} by {g} points."]
        yield (
            f"{trail} is behind {lead} on {bench} by {g} points.",
            [f"{lead} is behind {trail} on {bench} by {g} points."],
        )
        yield (
            f"{lead} is ahead of {trail} by {g} points on {bench}.",
            [f"{trail} is ahead of {lead} by {g} points on {bench}."],
        )
        yield (
            f"On {bench}, {lead} outscores {trail} ({h} vs {lo}).",
            [f"On {bench}, {lead} outscores {trail} ({lo} vs {h})."],
        )
        yield f"{trail} trails {lead} on {bench} ({lo} vs {h}).", [f"{trail} trails {lead} on {bench} ({h} vs {lo})."]
        yield (
            f"On {bench} it is {lead}'s {h} against {trail}'s {lo}.",
            [f"On {bench} it is {lead}'s {lo} against {trail}'s {h}."],
        )
        yield (
            f"{lead} and {trail} score {h} and {lo} respectively on {bench}.",
            [f"{lead} and {trail} score {lo} and {h} respectively on {bench}."],
        )
    prices = {model: p.value(f"{model}.input_price") for model in p.models}
    if None not in prices.values() and prices[p.a] != prices[p.b]:
        a, b, pa, pb = p.name(p.a), p.name(p.b), usd(prices[p.a]), usd(prices[p.b])
        yield (
            f"{a} costs {pa} per 1M input tokens against {b}'s {pb}.",
            [f"{a} costs {pb} per 1M input tokens against {b}'s {pa}."],
        )


def family_4(p: Pair):
    for model in p.models:
        name = p.name(model)
        for topic, word in (("input_price", "input"), ("output_price", "output")):
            price = p.value(f"{model}.{topic}")
            if not price:
                continue
            per_thousand, per_token = usd(price / 1000), usd(price / 1_000_000)
            yield (
                f"{name} charges {usd(price)} per million {word} tokens.",
                [
                    f"{name} charges {usd(price)} per 1K {word} tokens.",
                    f"{name} charges {usd(price * 1000)} per million {word} tokens.",
                ],
            )
            yield (
                f"{name} costs {per_thousand} per 1K {word} tokens.",
                [
                    f"{name} costs {per_thousand} per 1M {word} tokens.",
                    f"{name} costs {usd(price)} per 1K {word} tokens.",
                ],
            )
            yield (
                f"{name} works out to {per_token} per {word} token.",
                [
                    f"{name} works out to {usd(price)} per {word} token.",
                    f"{name} works out to {per_thousand} per {word} token.",
                ],
            )
            yield (
                f"At {per_thousand} per thousand {word} tokens, {name} is easy to budget.",
                [f"At {usd(price)} per thousand {word} tokens, {name} is easy to budget."],
            )
            yield f"{name} lists {usd(price)}/1M {word} tokens.", [f"{name} lists {usd(price)}/1K {word} tokens."]


def family_5(p: Pair):
    for model in p.models:
        name = p.name(model)
        pin, pout = p.value(f"{model}.input_price"), p.value(f"{model}.output_price")
        if pin is None or pout is None or pin == pout:
            continue
        i, o = usd(pin), usd(pout)
        for template in (
            "{m} is priced at {i} in / {o} out per 1M tokens.",
            "{m} costs {i} input and {o} output per million tokens.",
            "{m}: {i}/{o} per 1M input/output tokens.",
            "For {m}, input/output pricing is {i} and {o} per million tokens.",
            "{m} charges {i} per million input tokens and {o} per million output tokens.",
            "Input costs {i} and output {o} per 1M tokens on {m}.",
        ):
            yield template.format(m=name, i=i, o=o), [template.format(m=name, i=o, o=i)]
        yield f"{name} lists {o}/{i} per 1M output/input tokens.", [f"{name} lists {i}/{o} per 1M output/input tokens."]


def family_6(p: Pair):
    for topic, word in (("input_price", "input"), ("output_price", "output"), ("blended_price", "blended")):
        found = p.cheaper(topic)
        if not found:
            continue
        low_model, high_model, low, high = found
        cheap, dear = p.name(low_model), p.name(high_model)
        cheaper_percent, more_percent, multiple = (
            one((1 - low / high) * 100),
            one((high / low - 1) * 100),
            one(high / low),
        )
        yield (
            f"{cheap} is {cheaper_percent}% cheaper than {dear} on {word} tokens.",
            [
                f"{dear} is {cheaper_percent}% cheaper than {cheap} on {word} tokens.",
                f"{cheap} is {bump(cheaper_percent)}% cheaper than {dear} on {word} tokens.",
            ],
        )
        yield (
            f"{dear} costs {more_percent}% more than {cheap} for {word} tokens.",
            [
                f"{cheap} costs {more_percent}% more than {dear} for {word} tokens.",
                f"{dear} costs {cheaper_percent}% more than {cheap} for {word} tokens.",
            ],
        )
        yield (
            f"{dear} is {multiple}× the price of {cheap} on {word} tokens.",
            [f"{cheap} is {multiple}× the price of {dear} on {word} tokens."],
        )
        yield (
            f"On {word} tokens {dear} is {more_percent}% more expensive.",
            [f"On {word} tokens {cheap} is {more_percent}% more expensive."],
        )
        ratio = low / high
        for fraction, share in (
            ("half", Decimal("0.5")),
            ("a third", Decimal(1) / 3),
            ("a quarter", Decimal("0.25")),
            ("a fifth", Decimal("0.2")),
            ("a tenth", Decimal("0.1")),
            *WORDED_FRACTIONS,
        ):
            if abs(ratio - share) <= share * Decimal("0.05"):
                yield (
                    f"{cheap} costs {fraction} of the price of {dear} on {word} tokens.",
                    [f"{dear} costs {fraction} of the price of {cheap} on {word} tokens."],
                )
                yield (
                    f"{cheap} costs roughly {fraction} of what {dear} costs for {word} tokens.",
                    [f"{dear} costs roughly {fraction} of what {cheap} costs for {word} tokens."],
                )
        # "Less than half" is below a half and near it (within half of it), "more than half" above it.
        for bound, holds, other in (
            ("less than", Decimal("0.25") <= ratio < Decimal("0.5"), "more than"),
            ("more than", Decimal("0.5") < ratio <= Decimal("0.75"), "less than"),
        ):
            if holds:
                yield (
                    f"{cheap} costs {bound} half as much as {dear} for {word} tokens.",
                    [
                        f"{dear} costs {bound} half as much as {cheap} for {word} tokens.",
                        f"{cheap} costs {other} half as much as {dear} for {word} tokens.",
                    ],
                )
        if Decimal(1) < high / low < Decimal(2):
            yield (
                f"{dear} costs less than twice as much as {cheap} for {word} tokens.",
                [f"{dear} costs more than twice as much as {cheap} for {word} tokens."],
            )
        for multiple_word, times in (("twice", 2), ("three times", 3), ("four times", 4), ("five times", 5)):
            if abs(high / low - times) <= times * Decimal("0.05"):
                yield (
                    f"{dear} costs {multiple_word} as much as {cheap} for {word} tokens.",
                    [f"{cheap} costs {multiple_word} as much as {dear} for {word} tokens."],
                )
    windows = {model: p.value(f"{model}.context_window") for model in p.models}
    prices = p.cheaper("input_price")
    if None not in windows.values() and windows[p.a] != windows[p.b]:
        small, large = sorted(p.models, key=lambda model: windows[model])
        ratio = one(Decimal(windows[large]) / Decimal(windows[small]))
        wrong = [f"{p.name(small)} offers {ratio}× the context window of {p.name(large)}."]
        if prices and one(prices[3] / prices[2]) != ratio:
            wrong.append(f"{p.name(large)} costs {ratio}× as much as {p.name(small)} for input tokens.")
        yield f"{p.name(large)} offers {ratio}× the context window of {p.name(small)}.", wrong


def family_7(p: Pair):
    for benchmark, leader, _, gap, _, _ in p.leads():
        lead, bench = p.name(leader), p.bench(benchmark)
        rounded = int(gap.quantize(Decimal(1), rounding=ROUND_HALF_UP))
        floor, ceiling = int(gap), int(gap) + 1
        if rounded >= 1:
            yield (
                f"{lead} leads on {bench} by {words(rounded)} points.",
                [
                    f"{lead} leads on {bench} by {words(rounded + 10)} points.",
                    f"{lead} leads on {bench} by {words(rounded + 3)} points.",
                ],
            )
            yield (
                f"{lead} leads on {bench} by roughly {rounded} points.",
                [f"{lead} leads on {bench} by roughly {rounded + 9} points."],
            )
            yield (
                f"{lead} is about {rounded} points ahead on {bench}.",
                [f"{lead} is about {rounded * 2 + 5} points ahead on {bench}."],
            )
        if gap != floor and floor >= 1:
            yield (
                f"On {bench}, {lead} leads by a little over {words(floor)} points.",
                [f"On {bench}, {lead} leads by a little over {words(floor + 2)} points."],
            )
            yield (
                f"On {bench}, {lead} leads by nearly {ceiling} points.",
                [f"On {bench}, {lead} leads by nearly {floor} points."],
            )
            yield (
                f"On {bench}, {lead} leads by more than {floor} points.",
                [f"On {bench}, {lead} leads by more than {ceiling} points."],
            )
    shared = len(p.c.benchmarks)
    if shared >= 2:
        yield (
            f"The pair has {words(shared)} shared benchmarks.",
            [f"The pair has {words(shared + 1)} shared benchmarks."],
        )
        yield (
            f"Both of the {words(shared)} shared benchmarks are reported on the page.",
            [f"Both of the {words(shared + 2)} shared benchmarks are reported on the page."],
        )
    for model in p.models:
        count = p.value(f"{model}.provider_count")
        if count:
            yield (
                f"{p.name(model)} is offered by {words(count)} tracked providers.",
                [f"{p.name(model)} is offered by {words(count + 1)} tracked providers."],
            )
        price = p.value(f"{model}.blended_price")
        if price and price >= Decimal("0.1"):
            about = price.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            yield (
                f"{p.name(model)} costs about ${about} per 1M blended tokens.",
                [f"{p.name(model)} costs about ${about * 100} per 1M blended tokens."],
            )


# Hosts a page may name; family 8 states a model is on the first two it is not tracked on.
UNTRACKED_CANDIDATES = ("Groq", "Replicate", "Cerebras", "Fireworks AI", "Lambda")


def family_8(p: Pair):
    for model in p.models:
        name, other = p.name(model), p.name(p.other(model))
        org = p.value(f"{model}.organization")
        if org:
            wrong_org = "Google" if "Google" not in org else "Anthropic"
            yield f"{name} is developed by {org}.", [f"{name} is developed by {wrong_org}."]
            yield f"{name} comes from {org}.", [f"{name} comes from {wrong_org}."]
            yield f"{name} was made by {org}.", [f"{name} was made by {wrong_org}."]
        licence = p.value(f"{model}.license")
        openness = p.value(f"{model}.openness")
        if licence and licence != "Proprietary":
            wrong_licence = "MIT" if licence != "MIT" else "Apache 2.0"
            yield f"{name} is released under the {licence}.", [f"{name} is released under the {wrong_licence} licence."]
        if openness in ("open weights", "open source"):
            yield f"{name} ships open weights.", [f"{name} is a proprietary model."]
            yield f"{name} is not a proprietary model.", [f"{name} is a closed model."]
        elif openness == "proprietary":
            yield f"{name} is a proprietary model.", [f"{name} ships open weights.", f"{name} is open-source."]
        for capability, claim, denial in (
            ("vision", "{m} understands images.", "{m} cannot understand images."),
            ("function_calling", "{m} supports function calls.", "{m} does not support function calls."),
            ("structured_outputs", "{m} emits structured JSON.", "{m} cannot emit structured JSON."),
        ):
            value = p.value(f"{model}.capability.{capability}")
            if value is True:
                yield claim.format(m=name), [denial.format(m=name)]
            elif value is False:
                yield denial.format(m=name), [claim.format(m=name)]
        providers = [route.provider for route in p.c.routes[model]]
        # Providers this model is not tracked on (Llama 4 Maverick is on Groq: Groq is no wrong name for it).
        absent = [provider for provider in UNTRACKED_CANDIDATES if provider not in providers]
        if providers:
            yield (
                f"{name} is available on {providers[0]}.",
                [f"{name} is available on {absent[0]}.", f"{name} is also served by {absent[1]} and {absent[0]}."],
            )
        yield (
            f"{name} is one of the two models compared here.",
            [
                f"{name} is a state-of-the-art model.",
                f"{name} is the best choice for most teams.",
                f"{name} is a frontier model.",
                f"{name} handles speech input.",
                f"{name} is a sibling of Falcon-180B.",
                f"Unlike {other}, {name} is backed by Microsoft Research.",
            ],
        )


def family_9(p: Pair):
    found = p.cheaper("input_price")
    if found:
        low_model, high_model, low, high = found
        route_prices = {route.input_usd_per_mtok for route in p.c.routes[low_model]}
        yield (
            f"The cheaper option costs {usd(low)} per 1M input tokens.",
            [f"The cheaper option costs {usd(high)} per 1M input tokens."] if high not in route_prices else [],
        )
        yield (
            f"The pricier model charges {usd(high)} per million input tokens.",
            [f"The pricier model charges {usd(low)} per million input tokens."],
        )
        yield (
            f"{p.name(low_model)} is the cheaper option on input tokens.",
            [f"{p.name(high_model)} is the cheaper option on input tokens."],
        )
        # An FAQ's choice question answered by a model's name.
        yield (
            f"Which is cheaper on input tokens?\n\n{p.name(low_model)}, at {usd(low)} per million.",
            [f"Which is cheaper on input tokens?\n\n{p.name(high_model)}, by a wide margin."],
        )
    windows = {model: p.value(f"{model}.context_window") for model in p.models}
    if None not in windows.values() and windows[p.a] != windows[p.b]:
        small, large = sorted(p.models, key=lambda model: windows[model])
        yield (
            f"The model with more context offers {kilo(windows[large])} tokens.",
            [f"The model with more context offers {kilo(windows[small])} tokens."],
        )
        yield (
            f"The model with the smaller context window stops at {kilo(windows[small])} tokens.",
            [f"The model with the smaller context window stops at {kilo(windows[large])} tokens."],
        )
        yield f"{p.name(large)} is the model with more context.", [f"{p.name(small)} is the model with more context."]
        yield (
            f"Which has the larger context window, {p.name(p.a)} or {p.name(p.b)}? {p.name(large)}.",
            [f"Which has the larger context window, {p.name(p.a)} or {p.name(p.b)}? {p.name(small)}."],
        )
    for benchmark, _leader, _trailer, _gap, high, low in p.leads():
        yield (
            f"The leader on {p.bench(benchmark)} scores {one(high)}.",
            [f"The leader on {p.bench(benchmark)} scores {one(low)}."],
        )
        yield (
            f"On {p.bench(benchmark)}, the weaker model reaches {one(low)}.",
            [f"On {p.bench(benchmark)}, the weaker model reaches {one(high)}."],
        )
    dates = {model: p.released(model) for model in p.models}
    if None not in dates.values() and dates[p.a] != dates[p.b]:
        old, new = sorted(p.models, key=lambda model: dates[model])
        yield (
            f"The newer model was released on {dates[new].isoformat()}.",
            [f"The newer model was released on {dates[old].isoformat()}."],
        )
        yield (
            f"### Which model is newer?\n\n**{p.name(new)}**, released on {dates[new].isoformat()}.",
            [f"### Which model is newer?\n\n**{p.name(old)}**, released on {dates[old].isoformat()}."],
        )
        yield (
            f"The older model came out in {MONTH_NAMES[dates[old].month - 1]} {dates[old].year}.",
            [f"The older model came out in {MONTH_NAMES[dates[new].month - 1]} {dates[new].year}."]
            if (dates[old].year, dates[old].month) != (dates[new].year, dates[new].month)
            else [],
        )


def family_10(p: Pair):
    dates = {model: p.released(model) for model in p.models}
    for model, date in dates.items():
        if not date:
            continue
        name, month = p.name(model), MONTH_NAMES[date.month - 1]
        wrong_month = MONTH_NAMES[(date.month + 5) % 12]
        yield f"{name} was released in {month} {date.year}.", [f"{name} was released in {wrong_month} {date.year}."]
        yield (
            f"{name} came out on {month} {date.day}, {date.year}.",
            [f"{name} came out on {month} {date.day}, {date.year - 1}."],
        )
        yield f"{name} launched in {date.year}.", [f"{name} launched in {date.year - 2}."]
    if None in dates.values() or dates[p.a] == dates[p.b]:
        return
    old, new = sorted(p.models, key=lambda model: dates[model])
    older, newer = p.name(old), p.name(new)
    months = (dates[new].year - dates[old].year) * 12 + dates[new].month - dates[old].month
    yield f"{newer} is newer than {older}.", [f"{older} is newer than {newer}."]
    yield f"{older} came out before {newer}.", [f"{newer} came out before {older}."]
    yield f"{older} is the older model.", [f"{newer} is the older model."]
    yield f"{newer} was released later than {older}.", [f"{older} was released later than {newer}."]
    if months >= 2:
        yield (
            f"{newer} is about {months} months newer than {older}.",
            [
                f"{newer} is about {months + 7} months newer than {older}.",
                f"{older} is about {months} months newer than {newer}.",
            ],
        )
    if 8 <= months <= 16:
        yield (
            f"{newer} arrived a year after {older}.",
            [f"{older} arrived a year after {newer}.", f"{newer} arrived three years after {older}."],
        )


FAMILY_WRITERS: dict[int, Callable[[Pair], Iterator]] = {
    1: family_1,
    2: family_2,
    3: family_3,
    4: family_4,
    5: family_5,
    6: family_6,
    7: family_7,
    8: family_8,
    9: family_9,
    10: family_10,
}


def _cases(writers: dict[int, Callable[[Pair], Iterator]], held_out: bool) -> list[Case]:
    cases = []
    for facts_dir, a, b in PAIRS:
        pair = Pair(comparison_of(facts_dir, a, b))
        for family, writer in writers.items():
            for correct, wrong in writer(pair):
                markdown = correct.startswith("|")
                cases.append(Case(family, facts_dir, (a, b), correct, False, held_out, markdown))
                cases += [
                    Case(family, facts_dir, (a, b), text, True, held_out, markdown)
                    for text in dict.fromkeys(wrong)
                    if text and text != correct
                ]
    return cases


@lru_cache
def corpus() -> tuple[Case, ...]:
    """Every case of every family, the held-out part included."""
    from tests.validation_held_out import HELD_OUT_WRITERS

    return tuple(_cases(FAMILY_WRITERS, False) + _cases(HELD_OUT_WRITERS, True))


# --- scoring ----------------------------------------------------------------------------------


@dataclass
class Score:
    """How one family fared: wrong sentences flagged (recall) and correct sentences flagged (false flags)."""

    wrong: int = 0
    caught: int = 0
    correct: int = 0
    false_flags: int = 0
    missed: list[str] | None = None
    flagged: list[str] | None = None

    @property
    def recall(self) -> float:
        return self.caught / self.wrong if self.wrong else 1.0

    @property
    def false_flag_rate(self) -> float:
        return self.false_flags / self.correct if self.correct else 0.0


def score(cases, without: tuple[type, ...] = ()) -> dict[tuple[int, bool], Score]:
    """Score cases by (family, held out), with the checkers of the given types taken out of the registry."""
    from generator.validation import Validator

    validators: dict = {}
    scores: dict[tuple[int, bool], Score] = {}
    for case in cases:
        key = (case.facts, case.pair)
        if key not in validators:
            validators[key] = Validator(comparison_of(case.facts, *case.pair))
            validators[key].checkers = [
                checker for checker in validators[key].checkers if not isinstance(checker, without)
            ]
        validator = validators[key]
        report = validator.validate_markdown(case.text) if case.markdown else validator.validate(case.text)
        family = scores.setdefault((case.family, case.held_out), Score(missed=[], flagged=[]))
        if case.wrong:
            family.wrong += 1
            family.caught += not report.clean
            if report.clean:
                family.missed.append(case.text)
        else:
            family.correct += 1
            family.false_flags += not report.clean
            if not report.clean:
                family.flagged.append(case.text)
    return scores
