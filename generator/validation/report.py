"""The validation contract other stages read: mentions, findings and the report."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal, get_args

from pydantic import BaseModel

# One kind a line, so a new checker adds its own.
ClaimKind = Literal[
    "unsupported_number",
    "wrong_attribution",
    "wrong_direction",
    "unknown_entity",
    "unsupported_capability_claim",
    "unsupported_claim",
    "unsupported_superlative",
]
# The prose-quality gate's kinds (generator/validation/gate.py).
GateKind = Literal[
    "markup",
    "placeholder",
    "meta_text",
    "superlative",
    "no_model_named",
    "unanswered_question",
    "repetition",
    "broken_sentence",
    "not_english",
    "figure_misuse",
    "contradicted_direction",
]
FindingKind = Literal[ClaimKind, GateKind]
GATE_KINDS = frozenset(get_args(GateKind))
MentionKind = Literal["number", "entity", "direction", "capability", "claim"]


class Mention(BaseModel):
    """A figure, entity or claim found in the text, and the fact it was checked against."""

    text: str
    line: int
    column: int
    start: int
    end: int
    kind: MentionKind
    value: Decimal | None = None
    unit: str | None = None
    fact_id: str | None = None
    fact_display: str | None = None
    source_url: str | None = None
    verified: bool


class Finding(BaseModel):
    """A mention the facts do not support, with where it is and what the facts say instead."""

    kind: FindingKind
    mention: str
    line: int
    column: int
    start: int
    end: int
    message: str
    closest_fact: str | None = None
    closest_display: str | None = None


class ValidationReport(BaseModel):
    mentions: list[Mention]
    findings: list[Finding]
    words: int

    @property
    def clean(self) -> bool:
        return not self.findings


def describe_finding(finding: Finding) -> str:
    """One line a writer (or an LLM asked to repair its answer) can act on."""
    closest = f"; closest fact {finding.closest_fact} = {finding.closest_display}" if finding.closest_fact else ""
    kind = finding.kind.replace("_", " ")
    return f'line {finding.line}, col {finding.column}: "{finding.mention}" {kind}: {finding.message}{closest}'
