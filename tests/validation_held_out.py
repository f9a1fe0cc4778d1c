"""The held-out part of the validator's corpus: phrasings written after the checkers were done, in the
manner of comparison sites, and never tuned against. bench/validate_speed.py reports them apart."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from tests.validation_corpus import MONTH_NAMES, Pair, bump, kilo, one, usd, words


def held_out_1(p: Pair):
    for benchmark, leader, trailer, _, high, low in p.leads():
        for model, score, other_score in ((leader, high, low), (trailer, low, high)):
            for template in (
                "{m} achieves a score of {s} on {b}.",
                "{m} hits {s}% on {b}.",
                "{m} comes in at {s} on {b}.",
                "On {b}, {m} managed {s}.",
            ):
                fill = dict(m=p.name(model), b=p.bench(benchmark))
                yield (
                    template.format(s=one(score), **fill),
                    [template.format(s=one(other_score), **fill), template.format(s=bump(one(score)), **fill)],
                )


def held_out_2(p: Pair):
    for benchmark, leader, _, _, high, low in p.leads():
        for alias in p.aliases(benchmark):
            for template in ("{m} scored {s} on {b} in its model card.", "{m} gets {s} on {b}."):
                fill = dict(m=p.name(leader), b=alias)
                yield template.format(s=one(high), **fill), [template.format(s=one(low), **fill)]


def held_out_3(p: Pair):
    for benchmark, leader, trailer, gap, high, low in p.leads():
        lead, trail, bench, g, h, lo = (
            p.name(leader),
            p.name(trailer),
            p.bench(benchmark),
            one(gap),
            one(high),
            one(low),
        )
        yield (
            f"{lead} outperforms {trail} on {bench} by {g} points.",
            [f"{trail} outperforms {lead} on {bench} by {g} points."],
        )
        yield (
            f"{trail} lags behind {lead} on {bench} by {g} points.",
            [f"{lead} lags behind {trail} on {bench} by {g} points."],
        )
        yield (
            f"{lead} edges out {trail} on {bench} ({h} versus {lo}).",
            [f"{lead} edges out {trail} on {bench} ({lo} versus {h})."],
        )
        yield f"{lead} tops {trail} on {bench}, {h} to {lo}.", [f"{lead} tops {trail} on {bench}, {lo} to {h}."]


def held_out_4(p: Pair):
    for model in p.models:
        for topic, word in (("input_price", "input"), ("output_price", "output")):
            price = p.value(f"{model}.{topic}")
            if not price:
                continue
            name = p.name(model)
            yield (
                f"{name} is billed at {usd(price / 1000)} per 1,000 {word} tokens.",
                [f"{name} is billed at {usd(price)} per 1,000 {word} tokens."],
            )
            yield f"{name} costs {usd(price)}/M {word} tokens.", [f"{name} costs {usd(price)}/K {word} tokens."]
            yield (
                f"{usd(price)} per one million {word} tokens is what {name} charges.",
                [f"{usd(price * 1000)} per one million {word} tokens is what {name} charges."],
            )


def held_out_5(p: Pair):
    for model in p.models:
        pin, pout = p.value(f"{model}.input_price"), p.value(f"{model}.output_price")
        if pin is None or pout is None or pin == pout:
            continue
        name, i, o = p.name(model), usd(pin), usd(pout)
        for template in (
            "Pricing for {m}: {i} per 1M input, {o} per 1M output.",
            "{m} charges {i} for input and {o} for output tokens, per million.",
            "{m} runs {i}/{o} per million tokens (input/output).",
            "{m}'s input price is {i} and its output price is {o} per 1M tokens.",
        ):
            yield template.format(m=name, i=i, o=o), [template.format(m=name, i=o, o=i)]


def held_out_6(p: Pair):
    for topic, word in (("input_price", "input"), ("output_price", "output"), ("blended_price", "blended")):
        found = p.cheaper(topic)
        if not found:
            continue
        low_model, high_model, low, high = found
        cheap, dear = p.name(low_model), p.name(high_model)
        percent = (1 - low / high) * 100
        rounded = int(percent.quantize(Decimal(1), rounding=ROUND_HALF_UP))
        more = one((high / low - 1) * 100)
        yield (
            f"{cheap} is about {rounded}% cheaper than {dear} for {word} tokens.",
            [f"{dear} is about {rounded}% cheaper than {cheap} for {word} tokens."],
        )
        yield (
            f"{dear} is {more}% pricier than {cheap} on {word} tokens.",
            [f"{cheap} is {more}% pricier than {dear} on {word} tokens."],
        )
        yield (
            f"{cheap}'s {word} price is {one(percent)}% lower than that of {dear}.",
            [f"{dear}'s {word} price is {one(percent)}% lower than that of {cheap}."],
        )


def held_out_7(p: Pair):
    for benchmark, leader, _, gap, _, _ in p.leads():
        lead, bench = p.name(leader), p.bench(benchmark)
        rounded = int(gap.quantize(Decimal(1), rounding=ROUND_HALF_UP))
        if rounded >= 1:
            yield (
                f"{lead}'s lead on {bench} is roughly {words(rounded)} points.",
                [f"{lead}'s lead on {bench} is roughly {words(rounded + 12)} points."],
            )
            yield (
                f"{lead} leads {bench} by approximately {rounded} points.",
                [f"{lead} leads {bench} by approximately {rounded + 8} points."],
            )
        if gap != int(gap):
            yield (
                f"{lead} is almost {int(gap) + 1} points ahead on {bench}.",
                [f"{lead} is almost {int(gap)} points ahead on {bench}."],
            )
    for model in p.models:
        count = p.value(f"{model}.provider_count")
        if count and count < 100:
            yield (
                f"{p.name(model)} is available from {words(count)} tracked providers.",
                [f"{p.name(model)} is available from {words(count + 2)} tracked providers."],
            )


def held_out_8(p: Pair):
    for model in p.models:
        name = p.name(model)
        org = p.value(f"{model}.organization")
        if org:
            wrong = "Meta" if "Meta" not in org else "OpenAI"
            yield f"{name} was built by {org}.", [f"{name} was built by {wrong}."]
            yield f"{org} develops {name}.", [f"{wrong} develops {name}."]
        licence, openness = p.value(f"{model}.license"), p.value(f"{model}.openness")
        if licence and licence != "Proprietary":
            yield (
                f"{name} is licensed under {licence}.",
                [f"{name} is licensed under {'MIT' if licence != 'MIT' else 'Apache 2.0'}."],
            )
        if openness == "proprietary":
            yield f"{name} is a closed-source model.", [f"{name} is an open-weight model."]
        elif openness:
            yield f"{name} is an open-weight model.", [f"{name} is a closed-source model."]
        vision = p.value(f"{model}.capability.vision")
        if vision is not None:
            yield (
                (f"{name} can read images." if vision else f"{name} cannot read images."),
                [f"{name} cannot read images." if vision else f"{name} can read images."],
            )
        tracked = {route.provider for route in p.c.routes[model]}
        if "Together AI" not in tracked:
            yield (
                f"{name} is compared here on tracked routes only.",
                [
                    f"{name} is also offered on Together AI.",
                    f"{name} is a cutting-edge model.",
                    f"{name} offers best-in-class accuracy.",
                ],
            )


def held_out_9(p: Pair):
    found = p.cheaper("input_price")
    if found:
        low_model, _, low, high = found
        route_prices = {route.input_usd_per_mtok for route in p.c.routes[low_model]}
        if high not in route_prices:
            yield (
                f"The less expensive model charges {usd(low)} per million input tokens.",
                [f"The less expensive model charges {usd(high)} per million input tokens."],
            )
    windows = {model: p.value(f"{model}.context_window") for model in p.models}
    if None not in windows.values() and windows[p.a] != windows[p.b]:
        small, large = sorted(p.models, key=lambda model: windows[model])
        yield (
            f"The model with the larger context window handles {kilo(windows[large])} tokens.",
            [f"The model with the larger context window handles {kilo(windows[small])} tokens."],
        )
    for benchmark, _, _, _, high, low in p.leads():
        yield (
            f"The top scorer on {p.bench(benchmark)} posts {one(high)}.",
            [f"The top scorer on {p.bench(benchmark)} posts {one(low)}."],
        )


def held_out_10(p: Pair):
    dates = {model: p.released(model) for model in p.models}
    for model, date in dates.items():
        if date:
            name = p.name(model)
            yield (
                f"{name} debuted in {MONTH_NAMES[date.month - 1]} {date.year}.",
                [f"{name} debuted in {MONTH_NAMES[(date.month + 3) % 12]} {date.year}."],
            )
            yield (
                f"{name} was launched on {date.isoformat()}.",
                [f"{name} was launched on {date.replace(year=date.year - 1).isoformat()}."],
            )
    if None in dates.values() or dates[p.a] == dates[p.b]:
        return
    old, new = sorted(p.models, key=lambda model: dates[model])
    months = (dates[new].year - dates[old].year) * 12 + dates[new].month - dates[old].month
    yield f"{p.name(new)} is the more recent release.", [f"{p.name(old)} is the more recent release."]
    yield f"{p.name(old)} predates {p.name(new)}.", [f"{p.name(new)} predates {p.name(old)}."]
    if months >= 2:
        yield (
            f"{p.name(new)} arrived roughly {months} months after {p.name(old)}.",
            [f"{p.name(old)} arrived roughly {months} months after {p.name(new)}."],
        )


HELD_OUT_WRITERS = {
    1: held_out_1,
    2: held_out_2,
    3: held_out_3,
    4: held_out_4,
    5: held_out_5,
    6: held_out_6,
    7: held_out_7,
    8: held_out_8,
    9: held_out_9,
    10: held_out_10,
}
