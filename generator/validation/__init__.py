"""Stage 5c, validation: every figure and claim in prose must match a comparison fact.

The validator reads prose (an LLM's section, a reference page, a whole built page.md) against the
facts of one pair. It masks every known name first (models, providers, benchmarks, licences, source
titles), so the digits in "Llama 3.2 1B Instruct" are never read as claims; models described instead
of named ("the cheaper option") are resolved from the facts. Then each registered checker
(checkers/) reads its kind of claim: figures at the precision the prose states them, figures of
sentences naming two models, input/output price pairs, relative prices, dates and order in time,
capabilities, directions, makers, licences, names the facts do not hold and unsupported superlatives.
"""

from generator.validation.report import Finding, FindingKind, Mention, ValidationReport, describe_finding
from generator.validation.validator import Validator, validate_markdown, validate_text

__all__ = [
    "Finding",
    "FindingKind",
    "Mention",
    "ValidationReport",
    "Validator",
    "describe_finding",
    "validate_markdown",
    "validate_text",
]
