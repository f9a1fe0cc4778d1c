"""The prose-quality gate's behaviour the mutation run (python3 -m bench.mutation gate) found no test pinning.

Through the public API only (Validator.validate with section=True, validate_markdown), on the reference
facts: whether an FAQ answer answers its question, in a section and in a built page, and where a
finding says it is.
"""

from __future__ import annotations

import pytest

from generator.comparison import compare
from generator.facts import Dataset
from generator.validation import Validator, describe_finding

LLAMA, TRINITY = "llama-3.2-1b-instruct", "trinity-large-thinking"
OFF_TOPIC = "Which model suits multilingual translation work?"


@pytest.fixture(scope="module")
def validator(reference_dataset: Dataset) -> Validator:
    return Validator(compare(reference_dataset, LLAMA, TRINITY))


def unanswered(findings) -> list[str]:
    return [describe_finding(finding) for finding in findings if finding.kind == "unanswered_question"]


def test_an_answer_sharing_no_word_with_a_question_of_no_known_topic_is_unanswered(validator: Validator) -> None:
    section = f"{OFF_TOPIC}\nLlama 3.2 1B Instruct is small and runs on one GPU."
    assert unanswered(validator.validate(section, section=True).findings) == [
        'line 2, col 1: "Llama 3.2 1B Instruct is small and runs on one GPU." unanswered question: does not answer '
        f'its question ("{OFF_TOPIC}"): answer it directly'
    ]
    answered = f"{OFF_TOPIC}\nTrinity-Large-Thinking suits translation tasks better, since it reasons before answering."
    assert unanswered(validator.validate(answered, section=True).findings) == []


@pytest.mark.parametrize(
    "question", ["Who asked for Trinity-Large-Thinking?", "Who is asking for Trinity-Large-Thinking?"]
)
def test_a_question_and_its_answer_match_on_word_stems(validator: Validator, question: str) -> None:
    # "asked", "asking" and "asks" share the stem "ask"; "reasoning chains" shares nothing with the question.
    assert (
        unanswered(
            validator.validate(
                f"{question}\nTrinity-Large-Thinking suits whoever asks for reasoning.", section=True
            ).findings
        )
        == []
    )
    assert (
        len(
            unanswered(
                validator.validate(
                    f"{question}\nTrinity-Large-Thinking suits long reasoning chains.", section=True
                ).findings
            )
        )
        == 1
    )


def test_a_built_pages_faq_answer_is_read_against_its_question(validator: Validator) -> None:
    page = (
        "# Llama 3.2 1B Instruct vs Trinity-Large-Thinking\n\n## FAQ\n\n"
        f"### {OFF_TOPIC}\n\nLlama 3.2 1B Instruct is small and runs on one GPU.\n"
    )
    assert unanswered(validator.validate_markdown(page).findings) == [
        'line 7, col 1: "Llama 3.2 1B Instruct is small and runs on one GPU." unanswered question: does not answer '
        f'its question ("{OFF_TOPIC}"): answer it directly'
    ]


def gate_flaws(validator: Validator, text: str, kind: str) -> list[str]:
    return [
        describe_finding(finding) for finding in validator.validate(text, section=True).findings if finding.kind == kind
    ]


def test_a_contradicted_context_direction_names_the_topic_and_the_leader(validator: Validator) -> None:
    assert gate_flaws(validator, "Llama 3.2 1B Instruct has the larger context window.", "contradicted_direction") == [
        'line 1, col 31: "larger context" contradicted direction: the direction contradicts the facts: on context '
        "windows the fact context_window.leader says Trinity-Large-Thinking"
    ]


def test_a_figure_is_judged_by_the_quantity_word_nearest_before_it(validator: Validator) -> None:
    assert gate_flaws(validator, "Trinity-Large-Thinking: score aside, context window 256K.", "figure_misuse") == []
    assert gate_flaws(validator, "Trinity-Large-Thinking: context aside, score 256K.", "figure_misuse") == [
        'line 1, col 46: "256K" figure misuse: 256K is a number of tokens (trinity-large-thinking.context_window), '
        "not a score figure: attach it to what it measures"
    ]


@pytest.mark.parametrize(
    "text, kind, expected",
    [
        (
            "Trinity-Large-Thinking is the most powerful of the two.",
            "superlative",
            'line 1, col 31: "most powerful" superlative: a superlative no fact supports: describe the models only by '
            "their facts",
        ),
        (
            "Llama 3.2 1B Instruct is cheaper on input and",
            "broken_sentence",
            'line 1, col 26: "cheaper on input and" broken sentence: the text stops mid-sentence: end every sentence',
        ),
        (
            "Trinity-Large-Thinking has more providers than Llama 3.2 1B Instruct.",
            "contradicted_direction",
            'line 1, col 28: "more providers" contradicted direction: the direction contradicts the facts: on provider '
            "counts the fact providers.leader says Llama 3.2 1B Instruct",
        ),
        (
            "Llama 3.2 1B Instruct scores higher than Trinity-Large-Thinking on GPQA Diamond.",
            "contradicted_direction",
            'line 1, col 23: "scores higher" contradicted direction: the direction contradicts the facts '
            "(benchmark.gpqa.lead: 63.6 points for Trinity-Large-Thinking)",
        ),
        (
            "Llama 3.2 1B Instruct leads on MMLU-Pro.",
            "contradicted_direction",
            'line 1, col 23: "leads" contradicted direction: no shared benchmark: make no benchmark comparison',
        ),
    ],
)
def test_each_gate_fault_says_what_to_fix(validator: Validator, text: str, kind: str, expected: str) -> None:
    assert gate_flaws(validator, text, kind) == [expected]


def test_a_figure_is_not_judged_by_a_quantity_word_of_an_earlier_sentence(validator: Validator) -> None:
    assert (
        gate_flaws(validator, "Trinity-Large-Thinking is new. Its score is high. It holds 256K.", "figure_misuse") == []
    )


def test_a_short_word_used_often_is_no_repetition_but_a_text_of_few_words_is(validator: Validator) -> None:
    varied = (
        "Trinity-Large-Thinking has a simple API. Each API call is billed. An API key is needed. "
        "Your API quota resets daily. Batch API jobs cost less. Streaming API replies arrive fast."
    )
    assert gate_flaws(validator, varied, "repetition") == []
    looping = "Trinity-Large-Thinking: " + "and so it is, " * 8 + "and so on."
    findings = [f for f in validator.validate(looping, section=True).findings if f.kind == "repetition"]
    assert [finding.message for finding in findings] == ["the text repeats itself: say each thing once"]


def test_calling_one_model_the_other_is_a_contradiction_of_the_whole_sentence(validator: Validator) -> None:
    assert gate_flaws(validator, "Llama 3.2 1B Instruct is Trinity-Large-Thinking.", "contradicted_direction") == [
        'line 1, col 1: "Llama 3.2 1B Instruct is Trinity-Large-Thinking." contradicted direction: the two models are '
        "different models: never call one the other"
    ]


def test_a_contradiction_in_a_later_sentence_points_at_its_words(validator: Validator) -> None:
    text = "Trinity-Large-Thinking is strong. Llama 3.2 1B Instruct has the larger context window."
    findings = [f for f in validator.validate(text, section=True).findings if f.kind == "contradicted_direction"]
    assert [(finding.mention, finding.column) for finding in findings] == [("larger context", 65)]


def test_a_sentence_repeated_after_a_short_one_is_still_a_repetition(validator: Validator) -> None:
    sentence = "Llama 3.2 1B Instruct is the cheaper of the two models here."
    findings = [
        finding
        for finding in validator.validate(f"It is fast. {sentence}\n\n{sentence}", section=True).findings
        if finding.kind == "repetition"
    ]
    assert [(finding.mention, finding.line) for finding in findings] == [(sentence, 3)]
