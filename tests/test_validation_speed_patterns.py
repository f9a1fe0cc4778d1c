"""Patterns rewritten so sre searches them by their opening characters (or tried only where their
opening words stand) find what their plain forms find: the same matches on generated texts and on
every deterministic page of the facts' pairs. A rewrite that skips a match or finds an extra one fails."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from generator.author import deterministic_section
from generator.comparison import compare
from generator.facts import load_facts
from generator.page import assemble, render_markdown
from generator.validation.checkers import directions
from generator.validation.vocabulary import MARKDOWN_NOISE, SENTENCE_BREAK

PLAIN_SENTENCE_BREAK = re.compile(
    r"(?=[.;!?\n|])(?:\.(?!\d)(?<!\bvs\.)(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\bapprox\.)|[;!?\n|])"
)
PLAIN_MARKDOWN_NOISE = re.compile(
    r"(?=[<\]h])(?:<!--.*?-->|\]\([^)\n]*\)|<(?:https?|mailto):[^>\s]*>|https?://\S+|<[a-z/][^>\n]*>)", re.S
)
MASKED_MODEL = "\x00\x01\x01\x01"
PIECES = [
    " ", ".", "..", ";", "!", "?", "\n", "|", ":", ",", "vs.", "e.g.", "i.e.", "approx.", "1.5", "3", "<!--", "-->",
    "](", ")", "<https://x.org>", "http://a.b/c", "https://q", "<b>", "</i>", "<mailto:a@b>", "h", "<", "]",
    "Pros of ", "Cons for ", "Strengths of ", "Weakness of ", "Drawbacks for ", "Advantages of ", "Winner on ",
    "Leader for ", "Best pick for ", "PROS OF ", "pros of", "price", "cheaper output", MASKED_MODEL, "**", "İ", "ſ",
]  # fmt: skip


def random_texts(count: int, seed: int) -> list[str]:
    generator = random.Random(seed)
    return ["".join(generator.choice(PIECES) for _ in range(generator.randint(0, 16))) for _ in range(count)]


def deterministic_pages() -> list[str]:
    dataset = load_facts(Path("facts"))
    pages = []
    for a, b in dataset.pairs:
        comparison = compare(dataset, a, b)
        sections = {section: deterministic_section(section, comparison) for section in ("deep_dive", "faq")}
        pages.append(render_markdown(assemble(comparison, sections)))
    return pages


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return random_texts(4000, seed=7) + deterministic_pages()


def spans(matches) -> list[tuple[int, int]]:
    return [match.span() for match in matches]


def test_sentence_breaks_are_found_as_the_plain_pattern_finds_them(texts):
    for text in texts:
        assert spans(SENTENCE_BREAK.finditer(text)) == spans(PLAIN_SENTENCE_BREAK.finditer(text)), text


def test_markdown_noise_is_found_as_the_plain_pattern_finds_it(texts):
    for text in texts:
        assert spans(MARKDOWN_NOISE.finditer(text)) == spans(PLAIN_MARKDOWN_NOISE.finditer(text)), text


def test_labelled_lists_are_found_where_the_plain_search_finds_them(texts):
    for text in texts:
        for start, end in ((0, len(text)), (len(text) // 3, len(text))):
            plain = directions.LABELLED.finditer(text, start, end)
            assert spans(directions.labelled(text, start, end)) == spans(plain), text
