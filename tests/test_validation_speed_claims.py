"""The claim checkers' and the prose-quality gate's fast paths of the claims round reach what the plain
way reaches: the pair's texts merged with the catalog's names mask as one pattern of both masks, a
figure is found where its own compiled pattern finds it, and the figure finder split by facts states
what a substring test of every display states. Generated and real texts; a fast path that skips a match
or finds one the plain way would not fails."""

from __future__ import annotations

import random

from generator.comparison import compare
from generator.facts import load_facts
from generator.validation import gate as G
from tests.support import CATALOG, REFERENCE_FACTS


def random_texts(pieces: list[str], count: int, seed: int, longest: int = 12) -> list[str]:
    generator = random.Random(seed)
    return ["".join(generator.choice(pieces) for _ in range(generator.randint(0, longest))) for _ in range(count)]


def masked_by_one_pattern(names: frozenset[str], texts: frozenset[str], text: str) -> str:
    """The plain way: one pattern of the names and the texts together."""
    return G._literal(names | texts).sub(lambda match: "\x01" * len(match.group()), text)


NAMES = frozenset({"Qwen3.5-4B", "Qwen3", "Llama 3.2", "Llama 3.2 1B", "Meta", "o3", "GPT-4o", "1B"})
PAIR_TEXTS = frozenset(
    {
        "Meta AI",
        "Llama 3.2 Community License",
        "3.2 1B",
        "AI",
        "Apache 2.0",
        "Qwen3.5",
        "o3-mini",
        "x\ny",
        "Zürich AI",
        "+5 points",
        "4B leads",
        "Llama",
        "Meta Llama",
    }
)
PIECES = sorted(NAMES | PAIR_TEXTS) + [" ", ".", "-", "a", "1B", "\n", "_", "Instruct", "License", "ü", "(", "Q"]


def test_the_pair_s_texts_merged_with_the_names_mask_as_one_pattern_of_both():
    names_pattern = G._literal(NAMES)
    # A pair's text that cuts into a name's match: the name pattern reads on from the text's end ("1B").
    written = ["Meta Llama 3.2 1B", "Meta Llama 3.2 1B vs Qwen3.5-4B leads", "Apache 2.0 Meta AI Llama 3.2 1B"]
    for known_texts, text_facts in (
        (PAIR_TEXTS, frozenset({"Apache 2.0", "3.2 1B", "Meta AI"})),
        (frozenset({"Meta Llama", "AI"}), frozenset({"Meta Llama"})),
    ):
        pair_texts = G.PairTexts.of(known_texts, text_facts)
        for text in written + random_texts(PIECES, 3000, seed=21):
            found = [match.span() for match in names_pattern.finditer(text)]
            page = G._page_words([text])
            for candidates in (None, pair_texts.candidates(None if page is None else page.words)):
                known, texts = pair_texts.starts(text, candidates)
                merged = G._overwritten(text, G._merged_spans(text, names_pattern, found, known))
                assert merged == masked_by_one_pattern(NAMES, known_texts, text), (text, candidates)
                merged = G._overwritten(text, G._merged_spans(text, names_pattern, found, texts))
                assert merged == masked_by_one_pattern(NAMES, text_facts, text), (text, candidates)


def test_a_gate_masks_a_page_as_the_pattern_of_all_its_names_and_texts_did():
    for facts, a, b in ((CATALOG, None, None), (REFERENCE_FACTS, "llama-3.2-1b-instruct", "qwen3.5-4b")):
        dataset = load_facts(facts)
        pairs = dataset.pairs[:3] if a is None else [(a, b)]
        for first, second in pairs:
            comparison = compare(dataset, first, second)
            gate = G.Gate(comparison)
            known = [fact for fact in comparison.facts if fact.known]
            texts = [fact.display for fact in known if fact.unit in ("text", "model")]
            texts += [route.provider for routes in comparison.routes.values() for route in routes]
            texts += list(comparison.benchmark_names.values()) + list(comparison.benchmark_names)
            names = frozenset(gate.model_of_name)
            text_facts = frozenset(fact.display for fact in known if fact.unit == "text")
            pieces = sorted(set(texts) | set(text_facts))[:40] + sorted(names)[:40] + [" ", ".", "-", "\n", "x"]
            for text in random_texts(pieces, 300, seed=22, longest=8):
                assert gate._masked(text) == masked_by_one_pattern(names, frozenset(texts), text), text
                assert gate._masked_texts(text) == masked_by_one_pattern(names, text_facts, text), text


def test_a_figure_is_found_where_its_compiled_pattern_finds_it():
    for display in ("1.1", "$0.40", "20.0", "11", "128K", "+2.5 points", "41.7%", "1.7×"):
        pattern = G._figure_pattern(display)
        pieces = [display, "1", ".", " ", "$", "/", "per ", "a", " input", " inputs", "%", display[:2], "\n", "×"]
        for text in random_texts(pieces, 3000, seed=23):
            found = [(span.start(), span.end()) for span in G._figure_matches(text, display)]
            assert found == [match.span() for match in pattern.finditer(text)], text


def test_the_figure_finder_of_a_pair_states_every_display_a_text_holds():
    dataset = load_facts(CATALOG)
    for a, b in dataset.pairs[:3]:
        gate = G.Gate(compare(dataset, a, b))
        displays = sorted({fact.display for fact in gate.figures})
        pieces = displays + ["1", "0", ".", " ", "$", "%", "K"]
        for text in random_texts(pieces, 400, seed=24, longest=6):
            assert gate.figure_finder.stated(text) == {display for display in displays if display in text}, text


ORDER_PIECES = ["12", "0.5", "$", "$0.40", " ", "  ", "\n", "vs", "vs.", "VS", "versus", "against", "to", "and", "And"]
ORDER_PIECES += [
    "K",
    "k",
    "M",
    "B",
    "%",
    " points",
    " pts",
    "1,000",
    ",",
    ".",
    "x",
    "from ",
    "(",
    "\x00\x01",
    "ſ",
    "\u212a",
]


def test_the_ordered_figures_are_found_where_the_whole_pattern_finds_them():
    from generator.validation.checkers import pairs

    written = ["(10 routes vs 0)", "262K vs 128K", "65.0 to 40.2", "$0.40 and $1.60", "1,000 points against 2 pts"]
    for text in written + random_texts(ORDER_PIECES, 20000, seed=25, longest=10):
        for start, end in ((0, len(text)), (min(2, len(text)), max(0, len(text) - 2))):
            found = [match.span() for match in pairs._ordered(text, start, end)]
            assert found == [match.span() for match in pairs.ORDERED.finditer(text, start, end)], text


def test_a_figure_owned_after_is_looked_for_wherever_the_pattern_finds_one():
    from generator.validation.checkers import pairs

    pieces = ["200K", " ", "\n", "that", "That", "which", "WHICH", "\x00\x01", "offers", "is", "-", "tokens", "x", "ı"]
    written = ["the 200K that \x00\x01\x01 offers", "128K tokens which \x00 keeps"]
    for text in written + random_texts(pieces, 20000, seed=26, longest=8):
        if pairs.OWNED_AFTER.search(text):
            assert pairs._may_own_after(text, 0, len(text)), text


PARAPHRASE_PIECES = ["understands", "Reads", " ", "images", "Pictures", "JSON", "json mode", "emits", "structured"]
PARAPHRASE_PIECES += ["calls", "functions", "tool calling", "Thinks", "step by step", "runs", "code", "speech", "audio"]
PARAPHRASE_PIECES += ["can see", "vision-capable", "x", "-", ".", "\n", "_", "ſ", "\u212a", "İ", "text-to-image", "ing"]


def test_a_paraphrase_is_found_where_the_case_insensitive_pattern_finds_it():
    from generator.validation.checkers import capabilities

    written = ["X understands images and emits JSON.", "It Reads PICTURES, calls functions and handles speech."]
    for text in written + random_texts(PARAPHRASE_PIECES, 20000, seed=27, longest=8):
        for start, end in ((0, len(text)), (min(3, len(text)), max(0, len(text) - 2))):
            found = [(found.start, found.end, found.capability) for found in capabilities.paraphrases(text, start, end)]
            expected = [
                (match.start(), match.end(), match.lastgroup)
                for match in capabilities.PARAPHRASE.finditer(text, start, end)
            ]
            assert found == expected, (text, start, end)


class HostCheckedTheWholeWay:
    """The plain way: NameChecker._check_host as before the tracked-by-both shortcut, the model of
    the sentence always looked for."""

    def __call__(self, checker, validator, scan, start, end, known):
        from generator.validation.checkers import claims
        from generator.validation.scan import following, previous

        name = scan.text[start:end]
        model = validator.model_for(scan, start, end)
        models = [model] if model in validator.pair else list(validator.pair)
        hosts = [claims._tracked_words(validator, model_id) for model_id in models]
        clause_start = previous(scan.clause_breaks, start)
        clause_end = following(scan.clause_breaks, end, len(scan.masked))
        each = model not in validator.pair and claims.EACH.search(scan.masked, clause_start, clause_end)
        tracked = frozenset.intersection(*hosts) if each else frozenset().union(*hosts)
        words = claims._words(name)
        if words & tracked and (words <= tracked or len(words) == 1):
            validator.add(scan, start, end, "entity", True)
            return
        about = validator.names.get(model) or "either model"
        validator.unknown_entity(
            scan, start, end, f"the facts track no {name} route for {about}; name a tracked provider or drop it"
        )


def test_a_host_tracked_for_both_models_reads_as_the_whole_check_reads_it(monkeypatch):
    from generator.validation import Validator
    from generator.validation.checkers import claims

    dataset = load_facts(CATALOG)
    for a, b in (("deepseek-v3", "llama-3.3-70b-instruct"), ("llama-3.2-1b-instruct", "llama-3.2-3b-instruct")):
        comparison = compare(dataset, a, b)
        providers = sorted({route.provider for routes in comparison.routes.values() for route in routes})
        pieces = [comparison.a.name, comparison.b.name, "Both models", "Each", "It", *providers[:8], "Groq"]
        pieces += [" is available on ", " and ", ", ", " runs on ", ". ", " in common", " serves ", " only "]
        texts = random_texts(pieces, 400, seed=29, longest=9)
        fast = [Validator(comparison).validate(text).model_dump() for text in texts]
        with monkeypatch.context() as patched:
            plain = HostCheckedTheWholeWay()
            patched.setattr(claims.NameChecker, "_check_host", lambda self, *args: plain(self, *args))
            assert [Validator(comparison).validate(text).model_dump() for text in texts] == fast


def test_the_pair_s_texts_found_in_the_joined_units_stand_where_each_unit_alone_holds_them():
    pair_texts = G.PairTexts.of(PAIR_TEXTS, frozenset({"Apache 2.0", "3.2 1B", "Meta AI", "x\ny"}))
    generator = random.Random(30)
    # A text across two units ("x\ny") stands in neither.
    written = [["x", "y"], ["Meta x", "y AI"], ["Apache 2.0", "Meta AI"]]
    for bodies in written + [
        random_texts([*PIECES, "x", "y"], generator.randint(1, 4), seed=generator.random(), longest=6)
        for _ in range(3000)
    ]:
        joined = "\n".join(bodies)
        occurrences = pair_texts.occurrences(joined, None)
        offset = 0
        for body in bodies:
            assert G._longest(occurrences, offset, offset + len(body)) == pair_texts.starts(body, None), bodies
            offset += len(body) + 1
