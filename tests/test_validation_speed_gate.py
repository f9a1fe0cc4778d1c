"""The prose-quality gate's fast paths reach the verdicts of the plain scans they stand in for.

Each fast path (a str.find before a pattern, a lower-cased twin of a case-insensitive pattern, hints a
unit must hold before a pattern reads it, one scan shared out to sentences) is checked here against the
plain way, written out in the test, on generated and hand-written texts: a fast path that skips a
match or finds one the plain way would not fails.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from generator.comparison import compare
from generator.facts import load_facts
from generator.validation import Validator
from generator.validation import gate as G
from tests.support import CATALOG, REFERENCE_FACTS

# Texts that hold each alternative of the hinted patterns at least once, in several cases and places.
SAMPLES = [
    "See <b>this</b> and <!-- x --> and ![img](a.png) or [link](http://x.org) ] ( here.",
    "Visit https://example.com or www.example.com, javascript:alert(1), data:x, mailto:a@b.c now.",
    "It is **bold** and __under__ and `code` | --- | here.",
    "# Heading\n- item\n* item\n+ item\n1. first\n2) second\n  ### deep",
    "A {placeholder} and { and } and ... and … and [FIGURE] and <name> and XX and XXX here.",
    "Still TBD, TODO, Lorem Ipsum, %s, ${x}, N/A, Model A, model b, insert model, your name, Your Figure.",
    "Paragraphs two. Answer with JSON. Answered in json. Answers with json. JSON only. json format here.",
    "Json object, JSON below, json above, the schema, This schema, given schema, same schema.",
    "As an AI, an AI language model, an ai model, a language model developed by, I cannot, I can't say.",
    "I am unable. I'm sorry. Sure, here. Sure! Here is it. Here's it. The listed facts, given fact, provided facts.",
    "Facts above, fact below, facts listed, fact given, facts provided, according to the facts, from these facts.",
    "In the facts, using these facts, use only the facts, these facts, the facts say, the facts show, fact ids.",
    "Fact id, display text, deep dive, FAQ, this section, the section, next section, previous section.",
    "First section, second section, third section, fourth section, section title, Section name, rule 3, rules 4.",
    "Instructions, instruction, the prompt, this prompt, above prompt, in braces, placeholders, the user.",
    "Assistant, Question: x, Answer: y, Structure: z, write the text, write a line, write one thing, Note: a.",
    "Output: b, Example: c, context_window here, model_a.benchmark.mmlu and x.capability, y.route, z.Route.",
    "a.context_window b.input_price c.output_price d.license e.provider f.providers g.leads_on end.",
    "Best, worst, most powerful, most advanced, most capable, most efficient, most popular, state-of-the-art.",
    "State of the art, frontier, cutting-edge, cutting edge, revolutionary, groundbreaking, unmatched.",
    "Unparalleled, world-class, world class, industry-leading, leading, top-tier, top tier, powerful, superior.",
    "Incredible, amazing, remarkable, game-changing, game changer, production-ready, production ready.",
    "Paragraphing xhttp://a.b awww.x.org bestow unmatchedly 3.2_x model_benchmarks xbest_y leading-edge x_y.",
    "BEST MOST POWERFUL STATE-OF-THE-ART FRONTIER ANSWER: NOTE: JSON ONLY TBD LOREM IPSUM HTTP://X.",
    "Larger context, a bigger window for context, more of its context, the context window is longer, wider.",
    "Smaller context, shorter context, narrower context, less context, context window is smaller, shorter.",
    "Cheaper, less expensive, lower-priced, lower priced, costs less, cost less, lower price, lower costs.",
    "More affordable, more expensive, pricier, costs more, cost more, higher price, higher costs, higher-priced.",
    "More providers, broader provider coverage, wider availability, more routes, more of the provider.",
    "Leads, lead, leading, ahead, outperforms, outperform, outscores, beats, beat, higher score, scores higher.",
    "Wins, win, trails, trail, behind, lower scores, score lower, underperforms, loses.",
    "The same model, an identical model, the same as, is also known as.",
    "It leads by 3, is ahead by about 2, ahead of Qwen by roughly 4, outperforms by 1, outscored by 2, wins by 5.",
    "It leads by ",
    "Ahead by about ",
    "ahead of Qwen BY roughly ",
    "It outscores by\t",
    "Cost, pricing, priced, cheapest, expensive, spending, billed, pays, per 1M, USD, dollars, $3, score, scoring.",
    "Benchmarks, points, point, accuracy, accurate, context, window, provider, providers, route, routes, host, hosts.",
]


def pattern_texts() -> list[str]:
    texts = list(SAMPLES)
    texts += [sample.lower() for sample in SAMPLES] + [sample.upper() for sample in SAMPLES]
    for name in ("good", "bad"):
        corpus = yaml.safe_load((Path(__file__).parent / "prose_corpus" / f"{name}.yaml").read_text(encoding="utf-8"))
        texts += [item["text"] for item in corpus]
    return texts


def random_texts(alphabet: list[str], count: int, seed: int, longest: int = 14) -> list[str]:
    generator = random.Random(seed)
    return ["".join(generator.choice(alphabet) for _ in range(generator.randint(0, longest))) for _ in range(count)]


def spans(matches) -> list[tuple[int, int]]:
    return [(match.start(), match.end()) for match in matches]


def test_the_sections_of_a_page_are_found_where_the_lazy_pattern_found_them():
    texts = random_texts(["## Deep dive", "## FAQ", "\n", " ", "a", "#", "## ", "\n\n", "\t"], 20000, seed=1)
    for markdown in texts:
        for heading in G.SECTION_HEADINGS:
            old = re.search(rf"^{heading}\s*$(.*?)(?=^## |\Z)", markdown, re.M | re.S)
            start = G._section_start(markdown, heading)
            found = None if start is None else (start, G._section_end(markdown, start))
            assert found == (None if old is None else (old.start(1), old.end(1))), markdown


CASELESS = {"meta": G.META, "superlative": G.SUPERLATIVE}
CASELESS |= {f"direction {index}": claim.words for index, claim in enumerate(G.DIRECTION_CLAIMS)}
CASELESS |= {f"benchmark direction {index}": direction.words for index, direction in enumerate(G.BENCHMARK_DIRECTIONS)}


@pytest.mark.parametrize("name", CASELESS)
def test_a_caseless_pattern_reads_ascii_lower_cased_as_the_case_insensitive_pattern_reads_it(name):
    caseless = CASELESS[name]
    texts = pattern_texts() + random_texts(["A", "b", "_", ".", "-", " ", "X", "json ", "Only"], 3000, seed=2)
    for text in texts:
        lowered = G._lowered(text)
        assert spans(caseless.finditer(text, lowered)) == spans(caseless.folded.finditer(text)), text


def test_a_caseless_pattern_must_be_written_in_lower_case():
    with pytest.raises(ValueError, match="lower case"):
        G.Caseless.of(r"\bTBD\b")


FAULT_PATTERNS = {
    "markup": G.MARKUP,
    "placeholder": G.PLACEHOLDER,
    "meta": G.META.folded,
    "superlative": G.SUPERLATIVE.folded,
}


@pytest.mark.parametrize("kind", FAULT_PATTERNS)
def test_every_match_of_a_fault_pattern_holds_a_hint_of_it(kind):
    pattern, hints = FAULT_PATTERNS[kind], G.FAULT_HINTS[kind]
    matches = [(text, match) for text in pattern_texts() if text.isascii() for match in pattern.finditer(text)]
    assert len(matches) >= 10
    for text, match in matches:
        # MARKUP's list and heading marks open a line: those are read wherever a line opens with one.
        opens_a_line = kind == "markup" and G._may_open_a_line(text) and match.group()[:1] in G.LINE_MARKS + " \t\n"
        assert any(hint in match.group().lower() for hint in hints) or opens_a_line, (text, match)
        assert G._may_hold(G._hints_found([text]), kind, text.lower()) or opens_a_line
        # The page's words are whole: the match with its neighbours ("paragraphing", not "paragraph").
        alone = " " * max(0, match.start() - 1) + text[max(0, match.start() - 1) : match.end() + 1]
        assert kind in G._hints_found([alone]) or opens_a_line, (text, match)


def test_each_hint_of_a_direction_is_in_every_match_of_its_words():
    directions = [(claim.words, claim.hints) for claim in G.DIRECTION_CLAIMS]
    directions += [(direction.words, direction.hints) for direction in G.BENCHMARK_DIRECTIONS]
    directions += [(G.Caseless(G.SAME_MODEL, G.SAME_MODEL), G.SAME_MODEL_HINTS)]
    directions += [(G.Caseless(G.LEAD_BY, G.LEAD_BY), ("by",))]
    directions += [(G.Caseless(pattern, pattern), G.QUANTITY_HINTS[kind]) for kind, pattern in G.QUANTITY_WORDS.items()]
    for words, hints in directions:
        found = [match.group().lower() for text in pattern_texts() for match in words.folded.finditer(text)]
        assert found, words.folded.pattern
        assert all(any(hint in match for hint in hints) for match in found), words.folded.pattern


def test_stray_punctuation_in_parts_finds_what_the_whole_pattern_finds():
    alphabet = ["the", "The", "a", " ", "  ", ",", ".", "..", "!", "?", ";", ":", "(", ")", "\n", "\n\n", "-"]
    alphabet += ["]", "1", "x", "X", "\t", "é", "É", "_"]
    for text in random_texts(alphabet, 30000, seed=3) + pattern_texts():
        assert spans(G._stray_punctuation(text, G._lowered(text))) == spans(G.STRAY_PUNCTUATION.finditer(text)), text


def first_repeated_by_counting_every_gram(words: list[str], size: int, limit: int) -> tuple[str, ...] | None:
    """The plain way: count every n-gram but a lone stopword or short word, or a run of stopwords."""
    counts: dict[tuple[str, ...], int] = {}
    for start in range(len(words) - size + 1):
        gram = tuple(words[start : start + size])
        if size == 1 and (gram[0] in G.STOPWORDS or len(gram[0]) < 4 or "\x01" in gram[0]):
            continue
        if size > 1 and all(word in G.STOPWORDS for word in gram):
            continue
        counts[gram] = counts.get(gram, 0) + 1
    return next((gram for gram, count in counts.items() if count >= limit and "\x01" not in "".join(gram)), None)


def test_repetition_finds_the_gram_that_counting_every_gram_finds():
    vocabulary = ["the", "and", "a", "model", "scores", "points", "\x01\x01", "cheap", "price", "2.3", "is", "of"]
    generator = random.Random(4)
    for _ in range(20000):
        words = [
            generator.choice(vocabulary[: generator.randint(2, len(vocabulary))])
            for _ in range(generator.randint(0, 30))
        ]
        expected = next(
            (gram for size, limit in G.REPEATS if (gram := first_repeated_by_counting_every_gram(words, size, limit))),
            None,
        )
        assert G._repeated_gram(words, Counter(words)) == expected, words


def test_the_figure_finder_states_every_display_a_text_holds():
    generator = random.Random(5)
    pieces = ["1", "2", "0", ".", "$", "%", "K", " points", "+"]
    for _ in range(300):
        displays = tuple(
            sorted({"".join(generator.choice(pieces) for _ in range(generator.randint(1, 5))) for _ in range(8)})
        )
        finder = G._literal_finder(displays)
        for text in random_texts(pieces + [" ", "a"], 30, seed=generator.random(), longest=20):
            assert finder.stated(text) == {display for display in displays if display in text}, (displays, text)


def test_a_figure_is_found_where_its_pattern_finds_it():
    for display in ("1.1", "$0.40", "20.0", "11", "128K", "+2.5 points"):
        pattern = G._figure_pattern(display)
        pieces = [display, "1", ".", " ", "$", "/", "per ", "a", " input", "%", display[:2]]
        for text in random_texts(pieces, 3000, seed=6):
            assert spans(G._literal_matches(text, display, pattern)) == spans(pattern.finditer(text)), text


def test_the_names_of_a_unit_are_shared_out_to_its_sentences_as_each_sentence_reads_them():
    gate = Validator(compare(load_facts(CATALOG), "llama-3.2-1b-instruct", "qwen3.5-4b")).gate
    names = ["Llama 3.2 1B Instruct", "Qwen3.5-4B", "x", "Qwen3.5-4B.", "Meta", "Llama", ". ", "! ", "\n", "Q"]
    for body in random_texts(names + [" is ", " vs ", "-", " "], 4000, seed=7, longest=10):
        sentences = G._sentences(body)
        each_alone = [gate._names_in(body, start, end) for start, end in sentences]
        assert gate._names_by_sentence(body, sentences) == each_alone, body


def test_the_words_of_the_sentences_of_a_text_are_the_words_of_the_text():
    pieces = ["Word", "word", "it's", " ", ". ", "! ", "? ", "\n", "\x01\x01", "3.2", "é", "'", "a.b", "Q", "x"]
    for text in random_texts(pieces, 20000, seed=8) + pattern_texts():
        by_sentence = [G.WORD.findall(text[start:end]) for start, end in G._sentences(text)]
        assert [word for words in by_sentence for word in words] == G.WORD.findall(text), text


def test_a_gate_reads_the_names_of_its_own_catalog_as_gathering_them_afresh_does():
    comparisons = [compare(load_facts(CATALOG), a, b) for a, b in load_facts(CATALOG).pairs[:3]]
    comparisons += [compare(load_facts(REFERENCE_FACTS), "llama-3.2-1b-instruct", "qwen3.5-4b")]
    for comparison in comparisons + comparisons[:1]:
        model_of_name = {name: model for model, names in comparison.model_names.items() for name in names}
        model_of_name |= {comparison.a.name: comparison.a.id, comparison.b.name: comparison.b.id}
        gate = G.Gate(comparison)
        assert gate.model_of_name == model_of_name
        assert gate.model_pattern.pattern == G._literal(frozenset(model_of_name)).pattern


def test_the_catalog_names_are_gathered_again_when_the_names_change():
    names = {"a": ["Alpha", "A1"], "b": ["Beta"]}
    first = G._catalog_names(names)
    names["b"].append("Beta 2")
    second = G._catalog_names(names)
    assert "Beta 2" not in first.names and second.model_of_name["Beta 2"] == "b"
    assert G._catalog_names({"a": ["Alpha", "A1"], "b": ["Beta", "Beta 2"]}) is second


def sentences_by_lookbehind(text: str) -> list[tuple[int, int]]:
    """The plain way: split where a lookbehind finds an end mark before the space."""
    bounds, position = [], 0
    for match in re.finditer(r"(?<=[.!?])\s+(?=[^a-z\s])", text):
        bounds.append((position, match.start()))
        position = match.end()
    bounds.append((position, len(text.rstrip())))
    return [(start, end) for start, end in bounds if text[start:end].strip()]


def test_sentences_end_where_the_lookbehind_ended_them():
    pieces = ["Word", "word", " ", "  ", ". ", ".", "!", "?", "\n", "\x01", "3.2", "é", "É", "a", "A", "\t"]
    for text in random_texts(pieces, 20000, seed=9) + pattern_texts():
        assert G._sentences(text) == sentences_by_lookbehind(text), text
