"""The prose-quality gate, measured on a corpus: real bad answers recorded from the bundled model,
bad sections written per kind of fault, and good sections (hand-written in the voice of the
reference pages, and the deterministic writer's for every pair of pairs.yaml and a broad sample).

At least 95% of bad sections must be flagged and at most 5% of good ones; the figures print with
`pytest -s`. A built page's deep dive and FAQ are gated too, wherever pages are validated.
"""

from __future__ import annotations

import functools
import itertools
import json
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from generator.comparison import Comparison, compare
from generator.facts import Dataset, load_facts
from generator.page import assemble, render_markdown
from generator.prompt import REFERENCE, figure_references
from generator.sections import SECTIONS, deterministic_section
from generator.validation import Validator, validate_markdown
from generator.validation.report import GATE_KINDS
from tests.support import CATALOG

CORPUS = Path(__file__).parent / "prose_corpus"


@functools.cache
def dataset() -> Dataset:
    return load_facts(CATALOG)


@functools.cache
def validator(a: str, b: str) -> Validator:
    return Validator(compare(dataset(), a, b))


def gate_kinds(pair: tuple[str, str], text: str) -> set[str]:
    return {finding.kind for finding in validator(*pair).validate(text, section=True).findings} & GATE_KINDS


def recorded_bad_sections() -> list[tuple[tuple[str, str], str]]:
    """The bundled model's recorded answers, as the validator would read them: each JSON string of the
    raw answer (it often breaks off at the token cap) with its references replaced, one block each."""
    sections = []
    for line in (CORPUS / "bundled_answers.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        a, b = record["section"].split(" ")[0], record["section"].split(" ")[2]
        comparison = compare(dataset(), a, b)
        references = figure_references(comparison, SECTIONS[record["section"].split(" ")[3]].facts(comparison))
        strings = [text for key, text in re.findall(r'"(\w+)"\s*:\s*"([^"]*)', record["raw"] or "")]
        strings += re.findall(r'(?<=[\[,])\s*"([^"]*)"(?=\s*[,\]])', record["raw"] or "")
        blocks = [
            REFERENCE.sub(
                lambda match: references[match.group(1)].display if match.group(1) in references else match.group(),
                text,
            )
            for text in strings
            if text.strip()
        ]
        sections.append(((a, b), "\n\n".join(blocks) or (record["raw"] or "")))
    return sections


def written_bad_sections() -> list[tuple[str, tuple[str, str], str]]:
    return [
        (entry["kind"], tuple(entry["pair"]), entry["text"])
        for entry in yaml.safe_load((CORPUS / "bad.yaml").read_text(encoding="utf-8"))
    ]


def good_sections() -> list[tuple[str, tuple[str, str], str]]:
    hand_written = [
        ("hand-written", tuple(entry["pair"]), entry["text"])
        for entry in yaml.safe_load((CORPUS / "good.yaml").read_text(encoding="utf-8"))
    ]
    pairs = [tuple(pair) for pair in dataset().pairs]
    every_pair = list(itertools.combinations(sorted(dataset().models), 2))
    sample = every_pair[:: max(1, len(every_pair) // 40)]
    written = [
        ("deterministic writer", pair, section.text(section.write(compare(dataset(), *pair))))
        for pair in dict.fromkeys(pairs + sample)
        for section in SECTIONS.values()
    ]
    return hand_written + written


def test_the_gate_flags_at_least_95_percent_of_bad_sections_and_at_most_5_percent_of_good_ones():
    recorded = recorded_bad_sections()
    written = written_bad_sections()
    good = good_sections()

    recorded_flagged = [bool(gate_kinds(pair, text)) for pair, text in recorded]
    written_hits = [
        (kind, kind in gate_kinds(pair, text), bool(gate_kinds(pair, text))) for kind, pair, text in written
    ]
    good_flags = [(source, pair, text, gate_kinds(pair, text)) for source, pair, text in good]
    bad_total = len(recorded) + len(written)
    bad_flagged = sum(recorded_flagged) + sum(flagged for _, _, flagged in written_hits)
    good_flagged = [entry for entry in good_flags if entry[3]]

    per_kind = Counter(kind for kind, _, _ in written_hits)
    per_kind_right = Counter(kind for kind, right, _ in written_hits if right)
    print(
        f"\nbad sections flagged: {bad_flagged}/{bad_total} ({100 * bad_flagged / bad_total:.0f}%): recorded from the bundled model {sum(recorded_flagged)}/{len(recorded)}, written per kind {sum(f for _, _, f in written_hits)}/{len(written)}"
    )
    print(
        "flagged with their own kind: "
        + ", ".join(f"{kind} {per_kind_right[kind]}/{count}" for kind, count in sorted(per_kind.items()))
    )
    sources = Counter(source for source, *_ in good_flags)
    print(
        f"good sections flagged: {len(good_flagged)}/{len(good)} ({100 * len(good_flagged) / len(good):.1f}%) of {dict(sources)}"
    )
    for source, pair, text, kinds in good_flagged:
        print(f"  flagged good ({source}, {pair}): {sorted(kinds)}: {text[:100]!r}")

    assert len(recorded) >= 3 and len(written) >= 20 and len(good) >= 60
    assert bad_flagged >= 0.95 * bad_total
    assert len(good_flagged) <= 0.05 * len(good)


@pytest.mark.parametrize(
    ("kind", "pair", "text"),
    written_bad_sections(),
    ids=lambda value: value if isinstance(value, str) and len(value) < 30 else "",
)
def test_each_kind_of_fault_is_reported_as_that_kind(kind: str, pair: tuple[str, str], text: str):
    assert kind in gate_kinds(pair, text)


def test_every_kind_of_gate_fault_has_a_written_bad_section():
    # A kind added to the gate without a bad example would go untested by the test above.
    assert {kind for kind, _, _ in written_bad_sections()} == GATE_KINDS


def test_the_deterministic_writer_s_faq_answers_do_not_end_alike():
    comparison = compare(dataset(), "llama-3.2-1b-instruct", "trinity-large-thinking")
    answers = [item.answer for item in SECTIONS["faq"].write(comparison).items]
    last_sentences = [re.split(r"(?<=\.) ", answer)[-1] for answer in answers]
    assert len(set(last_sentences)) == len(last_sentences)


def test_a_built_page_s_llm_prose_is_gated_where_pages_are_validated():
    comparison: Comparison = compare(dataset(), "gpt-4o-mini", "gpt-4.1-mini")
    sections = {name: deterministic_section(name, comparison) for name in SECTIONS}
    clean = render_markdown(assemble(comparison, sections))
    sections["deep_dive"] = sections["deep_dive"].model_copy(
        update={
            "content": SECTIONS["deep_dive"].answer_model(
                paragraphs=[
                    "Paragraph one: as an AI I compare the two systems in this section, in JSON, exactly as the schema asks me to.",
                    *sections["deep_dive"].content.paragraphs[1:],
                ]
            )
        }
    )
    tampered = render_markdown(assemble(comparison, sections))

    assert not {finding.kind for finding in validate_markdown(comparison, clean).findings} & GATE_KINDS
    assert {"meta_text"} <= {finding.kind for finding in validate_markdown(comparison, tampered).findings}
