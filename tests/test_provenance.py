"""Benchmark provenance: a lead between scores of different provenance, or of different benchmark versions,
is stated as "not directly comparable", never as a lead, and the validator treats it so."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.comparison import compare
from generator.errors import FactsError
from generator.facts import load_facts
from generator.validation import validate_markdown
from tests.support import LLAMA, QWEN, write_drafts


def annotate(facts_dir: Path, model_id: str, benchmark: str, annotation: str) -> None:
    """Add `annotation` (e.g. "provenance: independent") to the model's score on `benchmark`."""
    path = facts_dir / "models" / f"{model_id}.yaml"
    text = path.read_text()
    line = next(line for line in text.splitlines() if f"{{benchmark: {benchmark}," in line)
    path.write_text(text.replace(line, line.replace("}", f", {annotation}}}")))


def test_scores_of_the_same_provenance_keep_their_lead(facts_copy):
    annotate(facts_copy, LLAMA, "gpqa", "provenance: self-reported")
    annotate(facts_copy, QWEN, "gpqa", "provenance: self-reported")
    comparison = compare(load_facts(facts_copy), LLAMA, QWEN)
    assert (
        comparison.fact("benchmark.gpqa.lead").display == "50.6 points"
        and comparison.fact("benchmark.gpqa.leader").value == QWEN
    )
    assert not comparison.has("benchmark.gpqa.not_comparable")


def test_a_self_reported_score_against_an_independent_one_is_not_a_lead(facts_copy):
    annotate(facts_copy, LLAMA, "gpqa", "provenance: self-reported")
    annotate(facts_copy, QWEN, "gpqa", "provenance: independent, measured_by: Artificial Analysis")
    comparison = compare(load_facts(facts_copy), LLAMA, QWEN)
    lead = comparison.fact("benchmark.gpqa.lead")
    assert (lead.value, lead.model, lead.display) == (None, None, "Not directly comparable")
    assert comparison.fact("benchmark.gpqa.leader").value is None
    assert comparison.fact("benchmark.gpqa.not_comparable").display == (
        "GPQA Diamond scores are not directly comparable: Llama 3.2 1B Instruct's is self-reported by AI at Meta; "
        "Qwen3.5-4B's is measured independently by Artificial Analysis."
    )
    assert "GPQA" not in comparison.fact(f"{QWEN}.leads_on").display
    # The same scores on a benchmark whose provenance is not stated still lead.
    assert comparison.fact("benchmark.mmlu-pro.leader").value == QWEN


def test_the_validator_flags_a_lead_stated_between_incomparable_scores(facts_copy):
    annotate(facts_copy, LLAMA, "gpqa", "provenance: self-reported")
    annotate(facts_copy, QWEN, "gpqa", "provenance: independent")
    comparison = compare(load_facts(facts_copy), LLAMA, QWEN)
    assert not validate_markdown(
        comparison, "Qwen3.5-4B leads Llama 3.2 1B Instruct on GPQA Diamond by 50.6 points."
    ).clean
    assert validate_markdown(comparison, comparison.fact("benchmark.gpqa.not_comparable").display).clean


def test_different_benchmark_versions_are_not_directly_comparable(facts_copy):
    annotate(facts_copy, LLAMA, "mmlu-pro", "version: original")
    annotate(facts_copy, QWEN, "mmlu-pro", "version: revised")
    comparison = compare(load_facts(facts_copy), LLAMA, QWEN)
    assert comparison.fact("benchmark.mmlu-pro.lead").value is None
    assert "different versions of the benchmark" in comparison.fact("benchmark.mmlu-pro.not_comparable").display


def test_the_page_says_not_directly_comparable(facts_copy, tmp_path):
    annotate(facts_copy, LLAMA, "gpqa", "provenance: self-reported")
    annotate(facts_copy, QWEN, "gpqa", "provenance: independent")
    review_dir = write_drafts(tmp_path / "review", facts_copy, pairs=[(LLAMA, QWEN)])
    markdown = (review_dir / f"{LLAMA}-vs-{QWEN}" / "page.md").read_text()
    assert "- GPQA Diamond scores are not directly comparable:" in markdown
    assert "ahead by 50.6" not in markdown


def test_an_unknown_provenance_is_a_facts_error_naming_the_field(facts_copy):
    annotate(facts_copy, LLAMA, "gpqa", "provenance: rumoured")
    with pytest.raises(FactsError) as error:
        load_facts(facts_copy)
    assert "llama-3.2-1b-instruct.yaml: benchmarks[1].provenance" in str(error.value)
