"""The deterministic writer: deep-dive and FAQ prose built only from comparison facts.

It is `--llm none`, and the fallback author whenever an LLM's section still fails validation after
repair. The section models here are the contract every author (this writer or an LLM) delivers.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from generator import factids
from generator.comparison import Comparison, Fact
from generator.factids import benchmark_fact, capability_fact, context_fact, gap_fact, model_fact, score_fact
from generator.facts import CAPABILITIES, CAPABILITY_NAMES

# Lower bounds that make an empty or placeholder answer ("...") a schema error, sent back for repair;
# they are in the JSON schema too, so a grammar-constrained server cannot produce one. llama.cpp
# honours a `pattern` only when anchored (an unanchored one silently drops the whole schema), ignores
# the length bounds beside a pattern (so the length is in the pattern), and copies a character class
# verbatim: `"`, `\` and control characters (raw newlines) are excluded here or its answer breaks the JSON.
# The patterns constrain decoding only (they are in the JSON schema the endpoint gets): the deterministic
# writer's prose may quote a name from the facts that holds a `"`, and must still be a valid section.
TEXT_CHARACTER = r'[^"\\\x00-\x1F]'
Paragraph = Annotated[str, Field(min_length=80, json_schema_extra={"pattern": rf"^{TEXT_CHARACTER}{{80,}}$"})]
Question = Annotated[
    str, Field(min_length=10, pattern=r"\?$", json_schema_extra={"pattern": rf"^{TEXT_CHARACTER}{{9,}}\?$"})
]
Answer = Annotated[str, Field(min_length=30, json_schema_extra={"pattern": rf"^{TEXT_CHARACTER}{{30,}}$"})]


class DeepDive(BaseModel):
    """The deep dive: a few paragraphs of analysis."""

    model_config = ConfigDict(extra="forbid")
    paragraphs: list[Paragraph] = Field(min_length=2, max_length=6)


class FAQItem(BaseModel):
    model_config = ConfigDict(extra="forbid")
    question: Question
    answer: Answer


class FAQ(BaseModel):
    """Questions a reader asks about the pair, each answered from the facts."""

    model_config = ConfigDict(extra="forbid")
    items: list[FAQItem] = Field(min_length=2, max_length=8)

    @model_validator(mode="after")
    def questions_are_distinct(self) -> FAQ:
        questions = [item.question.strip().lower() for item in self.items]
        if len(set(questions)) != len(questions):
            raise ValueError("each question must be asked once")
        return self


def write_intro(comparison: Comparison) -> str:
    """The opening paragraph: who makes each model, context windows, the largest benchmark lead, input prices."""
    a, b = comparison.a, comparison.b
    sentences = [
        f"{_introduce(comparison, a.id, a.name)} and {_introduce(comparison, b.id, b.name)} are compared here on sourced facts."
    ]
    context_a, context_b = (
        comparison.fact(model_fact(a.id, "context_window")),
        comparison.fact(model_fact(b.id, "context_window")),
    )
    if context_a.known and context_b.known:
        sentences.append(
            f"{a.name} ships a {context_a.display}-token context window, while {b.name} ships a {context_b.display}-token context window."
        )
    leads = [comparison.fact(benchmark_fact(benchmark, "lead")) for benchmark in comparison.benchmarks]
    leads = [lead for lead in leads if lead.model]
    if leads:
        largest = max(leads, key=lambda fact: fact.value)
        sentences.append(
            f"On {comparison.benchmark_names[largest.attribute]}, {_names(comparison)[largest.model]} leads by {largest.display}."
        )
    if comparison.has(gap_fact("input_price", "cheaper")):
        sentences.append(
            f"On pricing, {a.name} costs {comparison.fact(model_fact(a.id, 'input_price')).display}/1M input tokens versus "
            f"{comparison.fact(model_fact(b.id, 'input_price')).display}/1M for {b.name}."
        )
    sentences.append(
        "This comparison covers specs, pricing, provider availability, capabilities, benchmarks and production fit."
    )
    return " ".join(sentences)


def _introduce(comparison: Comparison, model_id: str, name: str) -> str:
    released, organization = (
        comparison.fact(model_fact(model_id, "release_date")),
        comparison.fact(model_fact(model_id, "organization")),
    )
    text = f"{name} ({released.value.year})" if released.known else name
    return f"{text} from {organization.display}" if organization.known else text


def write_deep_dive(comparison: Comparison) -> DeepDive:
    return DeepDive(
        paragraphs=[
            _benchmark_paragraph(comparison),
            _capability_paragraph(comparison),
            _cost_paragraph(comparison),
            _choice_paragraph(comparison),
        ]
    )


def write_faq(comparison: Comparison) -> FAQ:
    items = [_context_answer(comparison), _price_answer(comparison), _licence_answer(comparison)]
    items += _capability_answers(comparison)
    items.append(_where_answer(comparison))
    return FAQ(items=[item for item in items if item][:8])


def _names(comparison: Comparison) -> dict[str, str]:
    return {comparison.a.id: comparison.a.name, comparison.b.id: comparison.b.name}


def _benchmark_paragraph(comparison: Comparison) -> str:
    a, b = comparison.a, comparison.b
    clauses = []
    leads: list[Fact] = []
    for benchmark in comparison.benchmarks:
        lead = comparison.fact(benchmark_fact(benchmark, "lead"))
        name = comparison.benchmark_names[benchmark]
        clause = (
            f"{name} has {a.name} at {comparison.fact(score_fact(a.id, benchmark)).display} "
            f"and {b.name} at {comparison.fact(score_fact(b.id, benchmark)).display}"
        )
        if lead.model:
            clause += f", with {_names(comparison)[lead.model]} ahead by {lead.display}"
            leads.append(lead)
        clauses.append(clause)
    if not clauses:
        return (
            f"{a.name} and {b.name} share no tracked benchmark, so this page makes no benchmark comparison. "
            "Run your own evaluation on prompts that mirror your workload before choosing."
        )
    text = f"On shared benchmark coverage, {'; '.join(clauses)}."
    if leads:
        largest = max(leads, key=lambda fact: fact.value)
        text += (
            f" The largest visible gap is {largest.display} on {comparison.benchmark_names[largest.attribute]}, "
            "which matters most when that benchmark mirrors your workload."
        )
    return (
        text
        + " Treat isolated benchmark wins as directional, because provider routing, prompt style and tool access can move real application results."
    )


def _capability_paragraph(comparison: Comparison) -> str:
    a, b = comparison.a, comparison.b
    only_a, only_b = (
        comparison.fact(model_fact(a.id, "capabilities_only")),
        comparison.fact(model_fact(b.id, "capabilities_only")),
    )
    shared = comparison.fact(factids.SHARED_CAPABILITIES)
    differences = [
        f"{only.display}, which only {name} offers" for only, name in ((only_a, a.name), (only_b, b.name)) if only.value
    ]
    if differences:
        text = f"The capability footprint differs on {' and on '.join(differences)}."
    else:
        text = f"Neither {a.name} nor {b.name} offers a tracked capability that the other lacks."
    if shared.value:
        text += f" Both models offer {shared.display}."
    return (
        text
        + " Use those differences to decide whether the choice is about raw model quality, tool use, multimodal input or predictable structured output."
    )


def _cost_paragraph(comparison: Comparison) -> str:
    a, b = comparison.a, comparison.b
    counts = f"Availability is {comparison.fact(model_fact(a.id, 'provider_count')).value} tracked provider routes for {a.name} against {comparison.fact(model_fact(b.id, 'provider_count')).value} for {b.name}."
    if comparison.has(gap_fact("blended_price", "cheaper")):
        cheaper_id = comparison.fact(gap_fact("blended_price", "cheaper")).model
        prices = " while ".join(_price_clause(comparison, model.id, model.name) for model in (a, b))
        if cheaper_id:
            blend = (
                f" A blend of {comparison.blend_description} puts {_names(comparison)[cheaper_id]} lower by "
                f"{comparison.fact(gap_fact('blended_price', 'difference')).display} per 1M blended tokens "
                f"({comparison.fact(gap_fact('blended_price', 'cheaper_percent')).display} cheaper)."
            )
        else:
            blend = f" At a blend of {comparison.blend_description} both cost the same."
        return f"For cost, {prices}.{blend} {counts}"
    priced = [model for model in (a, b) if comparison.fact(model_fact(model.id, "input_price")).known]
    unpriced = [model.name for model in (a, b) if model not in priced]
    clauses = [_price_clause(comparison, model.id, model.name) for model in priced]
    clauses += [f"{name} has no complete token price sourced yet" for name in unpriced]
    return (
        f"Pricing coverage is uneven: {' and '.join(clauses)}. {counts} "
        "Treat unknown pricing as an integration gap, then verify the route you will actually call before estimating production spend."
    )


def _price_clause(comparison: Comparison, model_id: str, name: str) -> str:
    return (
        f"{name} lists {comparison.fact(model_fact(model_id, 'input_price')).display}/1M input and "
        f"{comparison.fact(model_fact(model_id, 'output_price')).display}/1M output tokens on "
        f"{comparison.fact(model_fact(model_id, 'cheapest_route')).display}"
    )


def _choice_paragraph(comparison: Comparison) -> str:
    sentences = [
        f"Choose {model.name} for {comparison.fact(model_fact(model.id, 'leads_on')).display}."
        for model in (comparison.a, comparison.b)
        if comparison.fact(model_fact(model.id, "leads_on")).value
    ]
    if not sentences:
        sentences.append(
            f"Neither {comparison.a.name} nor {comparison.b.name} leads on a tracked fact, so the choice rests on your own evaluation."
        )
    sentences.append(
        "For production, rerun your own prompts through the exact provider, region and tool stack you plan to ship."
    )
    return " ".join(sentences)


def _context_answer(comparison: Comparison) -> FAQItem | None:
    a, b = comparison.a, comparison.b
    if not comparison.has(context_fact("leader")):
        return None
    question = f"Which has a larger context window, {a.name} or {b.name}?"
    leader = comparison.fact(context_fact("leader"))
    if not leader.model:
        answer = f"Neither: {a.name} and {b.name} both support {comparison.fact(model_fact(a.id, 'context_window')).display} tokens, so the context window does not decide between them."
    else:
        larger, smaller = (a, b) if leader.model == a.id else (b, a)
        answer = (
            f"{larger.name} supports {comparison.fact(model_fact(larger.id, 'context_window')).display} tokens, while {smaller.name} supports "
            f"{comparison.fact(model_fact(smaller.id, 'context_window')).display} tokens. That gap matters most for long documents, "
            "large codebases, retrieval-heavy agents and conversations where earlier context must remain visible."
        )
    return FAQItem(question=question, answer=answer)


def _price_answer(comparison: Comparison) -> FAQItem:
    a, b = comparison.a, comparison.b
    question = f"Which is cheaper, {a.name} or {b.name}?"
    if not comparison.has(gap_fact("blended_price", "cheaper")):
        priced = [model for model in (a, b) if comparison.fact(model_fact(model.id, "input_price")).known]
        named = " and ".join(_price_clause(comparison, model.id, model.name) for model in priced)
        if priced:
            answer = f"Only one of them has a complete token price sourced: {named}. The other has none yet, so this page makes no price comparison."
        else:
            answer = "Neither model has a complete token price sourced yet, so this page makes no price comparison."
        return FAQItem(question=question, answer=answer)
    cheaper = comparison.fact(gap_fact("blended_price", "cheaper"))
    prices = ". ".join(_price_clause(comparison, model.id, model.name) for model in (a, b))
    if not cheaper.model:
        return FAQItem(
            question=question, answer=f"They cost the same at a blend of {comparison.blend_description}. {prices}."
        )
    return FAQItem(
        question=question,
        answer=(
            f"{cheaper.display} is cheaper on tracked token pricing, by {comparison.fact(gap_fact('blended_price', 'cheaper_percent')).display} "
            f"on blended price. {prices}. Provider discounts or batch pricing can still change the final bill."
        ),
    )


def _licence_answer(comparison: Comparison) -> FAQItem:
    a, b = comparison.a, comparison.b
    statements = []
    for model in (a, b):
        licence, openness = (
            comparison.fact(model_fact(model.id, "license")),
            comparison.fact(model_fact(model.id, "openness")),
        )
        if licence.known:
            statements.append(f"{model.name} is listed under {licence.display} ({openness.display.lower()}).")
        else:
            statements.append(f"{model.name} has no licence sourced yet.")
    return FAQItem(
        question=f"Is {a.name} or {b.name} open source?",
        answer=" ".join(statements)
        + " License labels affect whether you can self-host, redistribute weights or rely only on hosted APIs, so confirm the upstream license before deployment.",
    )


# Why each capability matters, so that answers about different capabilities do not end alike.
CAPABILITY_USES = {
    "vision": "That matters for screenshots, charts and scanned documents; check that the provider endpoint accepts images before relying on it.",
    "multimodal": "That matters when inputs mix text with images or audio; check which input types the provider endpoint exposes.",
    "reasoning": "That matters for multi-step problems where the model must work through intermediate steps before answering.",
    "function_calling": "That matters for applications that let the model call your own functions; test the exact call format your provider exposes.",
    "tool_use": "That matters for agents that search, browse or run tools on the way to an answer; confirm the provider passes tools through.",
    "structured_outputs": "That matters when downstream code parses the answer, for example as JSON against a schema.",
    "code_execution": "That matters when the model should run code to check its own work; the provider must host that sandbox too.",
}


def _capability_answers(comparison: Comparison) -> list[FAQItem]:
    a, b = comparison.a, comparison.b
    answers = []
    for name in CAPABILITIES:
        has_a, has_b = (comparison.fact(capability_fact(model.id, name)).value for model in (a, b))
        if has_a is None or has_b is None or has_a == has_b:
            continue
        label = CAPABILITY_NAMES[name].lower()
        offering, lacking = (a, b) if has_a else (b, a)
        answers.append(
            FAQItem(
                question=f"Which is better for {label}, {a.name} or {b.name}?",
                answer=f"Only {offering.name} is documented with {label} in the tracked data; {lacking.name} is documented without it. {CAPABILITY_USES[name]}",
            )
        )
    return answers[:3]


def _where_answer(comparison: Comparison) -> FAQItem:
    a, b = comparison.a, comparison.b
    statements = []
    for model in (a, b):
        providers = comparison.fact(model_fact(model.id, "providers"))
        statements.append(
            f"{model.name} is available on {providers.display}."
            if providers.value
            else f"{model.name} has no tracked provider route yet."
        )
    return FAQItem(
        question=f"Where can I run {a.name} and {b.name}?",
        answer=" ".join(statements)
        + " Provider coverage can affect latency, region availability, compliance posture and fallback options.",
    )
