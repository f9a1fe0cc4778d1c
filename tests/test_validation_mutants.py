"""Validation behaviour the mutation run (python3 -m bench.mutation validation) found no test pinning.

Each test reads the validator through its public API (Validator.validate, validate_markdown,
describe_finding and the checker registry) on the reference facts, and asserts what a writer sees:
which words are flagged, with which kind, where, and what the finding says the facts hold. They pin
behaviour, not internals, so they hold through a refactor of the validator's insides.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.comparison import compare
from generator.facts import Dataset, load_facts
from generator.validation import Validator, describe_finding

LLAMA, QWEN, TRINITY = "llama-3.2-1b-instruct", "qwen3.5-4b", "trinity-large-thinking"


@pytest.fixture(scope="module")
def llama_trinity(reference_dataset: Dataset) -> Validator:
    return Validator(compare(reference_dataset, LLAMA, TRINITY))


@pytest.fixture(scope="module")
def llama_qwen(reference_dataset: Dataset) -> Validator:
    return Validator(compare(reference_dataset, LLAMA, QWEN))


def flagged(validator: Validator, text: str) -> list[tuple[str, str]]:
    """(the words flagged, the finding's kind) of every finding, in the order the text states them."""
    return [(finding.mention, finding.kind) for finding in validator.validate(text).findings]


def described(validator: Validator, text: str) -> list[str]:
    return [describe_finding(finding) for finding in validator.validate(text).findings]


def with_release(facts_copy: Path, model: str, release: str) -> Dataset:
    """The reference facts with one model's release date replaced (a day, a month or a year)."""
    model_file = facts_copy / "models" / f"{model}.yaml"
    text = re.sub(
        r"^release_date: .*$",
        f'release_date: {{value: "{release}", source: model-card}}',
        model_file.read_text(encoding="utf-8"),
        flags=re.M,
    )
    model_file.write_text(text, encoding="utf-8")
    return load_facts(facts_copy)


# --- what a finding tells the writer ------------------------------------------------------------


# Each wrong sentence, and the whole finding the writer gets back for it: what the facts hold.
FINDING_MESSAGES = [
    (
        "Llama 3.2 1B Instruct supports vision.",
        'line 1, col 32: "vision" unsupported capability claim: the text says Llama 3.2 1B Instruct has vision, '
        "but that capability is No in the facts; closest fact llama-3.2-1b-instruct.capability.vision = No",
    ),
    (
        "Llama 3.2 1B Instruct is newer than Trinity-Large-Thinking.",
        'line 1, col 26: "newer" wrong direction: the facts date Trinity-Large-Thinking later '
        "(2026-04-01 against 2024-09-25); closest fact llama-3.2-1b-instruct.release_date = 2024-09-25",
    ),
    (
        "Trinity-Large-Thinking is three years newer than Llama 3.2 1B Instruct.",
        'line 1, col 27: "three years newer" unsupported number: the facts date the releases 2026-04-01 and '
        "2024-09-25; closest fact trinity-large-thinking.release_date = 2026-04-01",
    ),
    (
        "Llama 3.2 1B Instruct is not open weights.",
        'line 1, col 30: "open weights" unsupported claim: the text says Llama 3.2 1B Instruct is not open weights, '
        "but the facts say Open weights; closest fact llama-3.2-1b-instruct.openness = Open weights",
    ),
    (
        "Llama 3.2 1B Instruct is proprietary.",
        'line 1, col 26: "proprietary" unsupported claim: the text says Llama 3.2 1B Instruct is proprietary, '
        "but the facts say Open weights; closest fact llama-3.2-1b-instruct.openness = Open weights",
    ),
    (
        "Trinity-Large-Thinking has broader provider coverage.",
        'line 1, col 1: "Trinity-Large-Thinking has broader provider" wrong direction: the facts count 2 provider '
        "routes for Trinity-Large-Thinking against 6; closest fact trinity-large-thinking.provider_count = 2 tracked",
    ),
    (
        "Trinity-Large-Thinking leads on blended price.",
        'line 1, col 1: "Trinity-Large-Thinking leads" wrong direction: the facts say Llama 3.2 1B Instruct on '
        "blended_price; closest fact blended_price.cheaper = Llama 3.2 1B Instruct",
    ),
    (
        "Llama 3.2 1B Instruct leads on MMLU-Pro.",
        'line 1, col 1: "Llama 3.2 1B Instruct leads" wrong direction: the facts make no such comparison '
        "(benchmark.mmlu-pro.leader is not a fact of this pair)",
    ),
    (
        "Llama 3.2 1B Instruct is open source.",
        'line 1, col 26: "open source" unsupported claim: the text says Llama 3.2 1B Instruct is open source, '
        "but the facts say Open weights; closest fact llama-3.2-1b-instruct.openness = Open weights",
    ),
    (
        "128K tokens is the context window of Trinity-Large-Thinking.",
        'line 1, col 1: "128K" wrong attribution: 128K is llama-3.2-1b-instruct.context_window (128K), but the text '
        "states it about Trinity-Large-Thinking (context_window), whose fact says 256K; closest fact "
        "trinity-large-thinking.context_window = 256K",
    ),
    (
        "Llama 3.2 1B Instruct is hosted on Together AI.",
        'line 1, col 36: "Together AI" unknown entity: the facts track no Together AI route for Llama 3.2 1B '
        "Instruct; name a tracked provider or drop it",
    ),
]


@pytest.mark.parametrize(("text", "message"), FINDING_MESSAGES)
def test_a_wrong_claim_says_what_the_facts_hold(llama_trinity: Validator, text: str, message: str) -> None:
    assert described(llama_trinity, text) == [message]


def test_a_wrong_maker_names_the_facts_maker(llama_trinity: Validator) -> None:
    assert (
        'line 1, col 34: "Google" unsupported claim: the facts name AI at Meta as the maker of Llama 3.2 1B '
        "Instruct; closest fact llama-3.2-1b-instruct.organization = AI at Meta"
    ) in described(llama_trinity, "Llama 3.2 1B Instruct is made by Google.")


# --- which words are flagged --------------------------------------------------------------------


def test_a_shared_capability_list_flags_only_the_capability_not_shared(llama_trinity: Validator) -> None:
    report = llama_trinity.validate("Both models share structured outputs and vision.")
    assert [(finding.mention, finding.kind, finding.column) for finding in report.findings] == [
        ("vision", "wrong_direction", 42)
    ]
    assert [(mention.text, mention.verified) for mention in report.mentions] == [
        ("structured outputs", True),
        ("vision", False),
    ]


@pytest.mark.parametrize(
    "text, wrong",
    [
        ("Trinity-Large-Thinking beats Llama 3.2 1B Instruct on context window size.", False),
        ("Llama 3.2 1B Instruct beats Trinity-Large-Thinking on context.", True),
        ("Llama 3.2 1B Instruct beats Trinity-Large-Thinking on price.", False),
        ("Trinity-Large-Thinking beats Llama 3.2 1B Instruct on price.", True),
    ],
)
def test_a_lead_on_context_or_price_is_checked_against_that_leader(
    llama_trinity: Validator, text: str, wrong: bool
) -> None:
    subject = text.split(" on ")[0]
    assert flagged(llama_trinity, text) == ([(subject, "wrong_direction")] if wrong else [])


# --- order and gaps in time when a release date is known to the day, the month or the year only ---------


# Trinity-Large-Thinking released April 2026 (known to the month) is nineteen months after Llama 3.2 1B
# Instruct's 2024-09-25; Qwen3.5-4B released in 2026 (known to the year) is anything from 4 to 27 months after.
MONTH, YEAR = (TRINITY, "2026-04"), (QWEN, "2026")


@pytest.mark.parametrize(
    "release, text, clean",
    [
        (MONTH, "Trinity-Large-Thinking is 19 months newer than Llama 3.2 1B Instruct.", True),
        (MONTH, "Trinity-Large-Thinking is a year and a half newer than Llama 3.2 1B Instruct.", True),
        (MONTH, "Llama 3.2 1B Instruct is 19 months older than Trinity-Large-Thinking.", True),
        (MONTH, "Trinity-Large-Thinking is 25 months newer than Llama 3.2 1B Instruct.", False),
        (MONTH, "Trinity-Large-Thinking is 19 months older than Llama 3.2 1B Instruct.", False),
        (YEAR, "Qwen3.5-4B is 20 months newer than Llama 3.2 1B Instruct.", True),
        (YEAR, "Qwen3.5-4B is a year newer than Llama 3.2 1B Instruct.", True),
        (YEAR, "Qwen3.5-4B is 30 months newer than Llama 3.2 1B Instruct.", False),
    ],
)
def test_a_release_gap_to_a_date_known_to_the_month_or_year_allows_what_that_date_leaves_open(
    facts_copy: Path, release: tuple[str, str], text: str, clean: bool
) -> None:
    model, date = release
    validator = Validator(compare(with_release(facts_copy, model, date), LLAMA, model))
    assert validator.validate(text).clean is clean, described(validator, text)


def test_two_releases_of_one_year_are_ordered_by_month_when_both_months_are_known(facts_copy: Path) -> None:
    # Trinity-Large-Thinking: April 2026; Qwen3.5-4B: 2026-03-02.
    validator = Validator(compare(with_release(facts_copy, TRINITY, "2026-04"), QWEN, TRINITY))
    assert validator.validate("Trinity-Large-Thinking is newer than Qwen3.5-4B.").clean
    assert validator.validate("Trinity-Large-Thinking is a month newer than Qwen3.5-4B.").clean
    assert described(validator, "Qwen3.5-4B is newer than Trinity-Large-Thinking.") == [
        'line 1, col 15: "newer" wrong direction: the facts date Trinity-Large-Thinking later '
        "(2026-04 against 2026-03-02); closest fact qwen3.5-4b.release_date = 2026-03-02"
    ]


def test_a_release_known_to_the_year_cannot_be_ordered_against_one_of_the_same_year(facts_copy: Path) -> None:
    validator = Validator(compare(with_release(facts_copy, TRINITY, "2026"), QWEN, TRINITY))
    assert described(validator, "Trinity-Large-Thinking is newer than Qwen3.5-4B.") == [
        'line 1, col 27: "newer" wrong direction: the facts cannot order the two releases; '
        "closest fact trinity-large-thinking.release_date = 2026"
    ]


def test_a_release_gap_in_weeks_is_counted_in_days(llama_trinity: Validator) -> None:
    # 2024-09-25 to 2026-04-01 is 553 days: 79 weeks.
    assert llama_trinity.validate("Trinity-Large-Thinking is 79 weeks newer than Llama 3.2 1B Instruct.").clean
    assert not llama_trinity.validate("Trinity-Large-Thinking is 90 weeks newer than Llama 3.2 1B Instruct.").clean
    assert not llama_trinity.validate("Trinity-Large-Thinking is 70 weeks newer than Llama 3.2 1B Instruct.").clean


# --- the report ---------------------------------------------------------------------------------------


def test_mentions_and_findings_are_reported_in_the_order_of_the_text(llama_trinity: Validator) -> None:
    # The capability and the order in time are read before the figure: the report sorts them back.
    text = (
        "Llama 3.2 1B Instruct costs $0.50 per million input tokens. Llama 3.2 1B Instruct supports vision.\n"
        "Llama 3.2 1B Instruct is newer than Trinity-Large-Thinking. It scores 20 on MMLU-Pro."
    )
    report = llama_trinity.validate(text)
    assert [mention.start for mention in report.mentions] == sorted(mention.start for mention in report.mentions)
    assert [(finding.mention, finding.line) for finding in report.findings] == [
        ("$0.50 per million", 1),
        ("vision", 1),
        ("newer", 2),
    ]
    assert ("20", 2, 71) in {(mention.text, mention.line, mention.column) for mention in report.mentions}


def test_a_figure_opening_the_text_is_read_whole(llama_trinity: Validator) -> None:
    assert flagged(llama_trinity, "128K tokens is the context window of Trinity-Large-Thinking.") == [
        ("128K", "wrong_attribution")
    ]
    assert flagged(llama_trinity, "256K tokens is the context window of Trinity-Large-Thinking.") == []


# --- capabilities said in other words ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, flagged_words",
    [
        # Only the model just before the paraphrase is its subject...
        ("Where Llama 3.2 1B Instruct is cheaper, Trinity-Large-Thinking calls external functions.", []),
        # ... unless the sentence opens on a list of models.
        ("Llama 3.2 1B Instruct and Trinity-Large-Thinking call external functions.", ["call external functions"]),
        ("Llama 3.2 1B Instruct and Trinity-Large-Thinking emit structured JSON.", []),
    ],
)
def test_a_capability_paraphrase_is_about_the_models_it_follows(
    llama_trinity: Validator, text: str, flagged_words: list[str]
) -> None:
    assert flagged(llama_trinity, text) == [(words, "unsupported_capability_claim") for words in flagged_words]


# --- who leads, who is cheaper, who has more ---------------------------------------------------------

DIRECTIONS = [
    ("Llama 3.2 1B Instruct leads on blended price and provider coverage.", []),
    ("Trinity-Large-Thinking leads on blended price.", ["Trinity-Large-Thinking leads"]),
    ("Trinity-Large-Thinking leads on provider coverage.", ["Trinity-Large-Thinking leads"]),
    ("Trinity-Large-Thinking leads on GPQA Diamond and context window.", []),
    (
        "Llama 3.2 1B Instruct leads on context window, while Trinity-Large-Thinking leads on GPQA Diamond.",
        ["Llama 3.2 1B Instruct leads"],
    ),
    ("Trinity-Large-Thinking has broader provider coverage.", ["Trinity-Large-Thinking has broader provider"]),
    ("Trinity-Large-Thinking has fewer tracked providers.", []),
    ("Llama 3.2 1B Instruct posts a lower GPQA Diamond score.", []),
    ("Trinity-Large-Thinking posts a lower score on GPQA Diamond.", ["Trinity-Large-Thinking posts a lower score"]),
    ("On GPQA Diamond, Llama 3.2 1B Instruct posts a lower score.", []),
    ("On GPQA Diamond, Trinity-Large-Thinking posts a lower score.", ["Trinity-Large-Thinking posts a lower score"]),
    ("A 70/30 blend puts Llama 3.2 1B Instruct lower.", []),
    ("A 70/30 blend puts Trinity-Large-Thinking lower.", ["puts Trinity-Large-Thinking lower"]),
    ("Trinity-Large-Thinking is pricier on input.", []),
    ("Llama 3.2 1B Instruct is pricier on output.", ["Llama 3.2 1B Instruct is pricier"]),
    ("Llama 3.2 1B Instruct has the smaller context window.", []),
    ("Trinity-Large-Thinking has the smaller context window.", ["Trinity-Large-Thinking has the smaller context"]),
    ("Llama 3.2 1B Instruct leads on MMLU-Pro.", ["Llama 3.2 1B Instruct leads"]),
]


@pytest.mark.parametrize("text, flagged_words", DIRECTIONS, ids=[text[:50] for text, _ in DIRECTIONS])
def test_a_stated_direction_is_flagged_exactly_when_the_facts_say_the_other_way(
    llama_trinity: Validator, text: str, flagged_words: list[str]
) -> None:
    assert flagged(llama_trinity, text) == [(words, "wrong_direction") for words in flagged_words]


# --- models described instead of named -----------------------------------------------------------


def test_the_leader_without_a_benchmark_named_is_the_pairs_one_benchmark_leader(llama_trinity: Validator) -> None:
    # Llama 3.2 1B Instruct and Trinity-Large-Thinking share one benchmark, GPQA Diamond, which Trinity leads.
    assert flagged(llama_trinity, "The leader has a 256K context window.") == []
    assert flagged(llama_trinity, "The leader has a 128K context window.") == [("128K", "wrong_attribution")]
    assert flagged(llama_trinity, "The stronger model costs $0.03 per million input tokens.") == [
        ("$0.03 per million", "wrong_attribution")
    ]


def test_the_cheaper_model_is_no_model_when_the_facts_hold_no_prices_to_compare(facts_copy: Path) -> None:
    model_file = facts_copy / "models" / f"{LLAMA}.yaml"
    model_file.write_text(
        re.sub(r"(input|output)_usd_per_mtok: [\d.]+", r"\1_usd_per_mtok: unknown", model_file.read_text()),
        encoding="utf-8",
    )
    validator = Validator(compare(load_facts(facts_copy), LLAMA, TRINITY))
    for text in ("The cheaper model has a 256K context window.", "The pricier option has a 128K context window."):
        assert validator.validate(text).clean, described(validator, text)


# --- figures: units, hedges and what each mention records ---------------------------------------------

FIGURES = [
    ("Trinity-Large-Thinking has a 256,000-token context window.", []),
    ("Llama 3.2 1B Instruct has a 128000 - token context window.", []),
    ("Trinity-Large-Thinking has a 128,000-token context window.", [("128,000-token", "wrong_attribution")]),
    # "over" allows up to half again the figure; "a little over" a tenth.
    ("Trinity-Large-Thinking's context window is over 200K tokens.", []),
    ("Trinity-Large-Thinking's context window is over 100K tokens.", [("100K", "wrong_attribution")]),
    ("Trinity-Large-Thinking's context window is a little over 250K tokens.", []),
    ("Trinity-Large-Thinking's context window is a little over 200K tokens.", [("200K", "unsupported_number")]),
    # A relative claim with no model to hold it does not stop the next one from being checked.
    (
        "A discount can be 20% cheaper. Llama 3.2 1B Instruct is 50% cheaper on input.",
        [("20%", "unsupported_number"), ("50%", "wrong_attribution")],
    ),
]


@pytest.mark.parametrize("text, expected", FIGURES, ids=[text[:50] for text, _ in FIGURES])
def test_a_figure_is_read_in_its_unit_and_at_the_precision_its_hedge_states(
    llama_trinity: Validator, text: str, expected: list[tuple[str, str]]
) -> None:
    assert flagged(llama_trinity, text) == expected


def test_every_figure_is_a_number_mention_whether_or_not_a_fact_holds_it(llama_trinity: Validator) -> None:
    report = llama_trinity.validate(
        "Llama 3.2 1B Instruct is 87.7% cheaper on input. It costs $0.50 per million input tokens."
    )
    assert [(mention.text, mention.kind, mention.unit, mention.verified) for mention in report.mentions] == [
        ("Llama 3.2 1B Instruct is 87.7% cheaper", "direction", None, True),
        ("87.7%", "number", "relative", True),
        ("$0.50 per million", "number", "usd_per_mtok", False),
    ]


def test_a_table_cell_under_an_input_output_label_reads_its_two_prices_in_that_order(
    llama_trinity: Validator,
) -> None:
    table = (
        "| Price | Llama 3.2 1B Instruct | Trinity-Large-Thinking |\n"
        "|---|---|---|\n"
        "| Input / output per 1M | $0.03 / $0.20 | $0.22 / $0.85 |\n"
    )
    assert llama_trinity.validate_markdown(table).clean
    swapped = table.replace("$0.03 / $0.20", "$0.20 / $0.03")
    assert [(finding.mention, finding.kind) for finding in llama_trinity.validate_markdown(swapped).findings] == [
        ("$0.20", "wrong_attribution"),
        ("$0.03", "wrong_attribution"),
    ]


def test_a_description_after_a_named_model_still_resolves(llama_trinity: Validator) -> None:
    # "The Trinity-Large-Thinking model" holds a name, so it is not a description; "the cheaper model" is Llama.
    opening = "The Trinity-Large-Thinking model is strong, and the cheaper model costs "
    assert flagged(llama_trinity, opening + "$0.03 per million input tokens.") == []
    assert flagged(llama_trinity, opening + "$0.22 per million input tokens.") == [
        ("$0.22 per million", "wrong_attribution")
    ]


def test_a_score_on_a_benchmark_the_pair_has_no_score_for_is_unsupported(facts_copy: Path) -> None:
    benchmarks = facts_copy / "benchmarks.yaml"
    benchmarks.write_text(
        benchmarks.read_text(encoding="utf-8")
        + "  humaneval:\n    name: HumanEval\n    url: https://arxiv.org/abs/2107.03374\n",
        encoding="utf-8",
    )
    validator = Validator(compare(load_facts(facts_copy), LLAMA, TRINITY))
    report = validator.validate("Trinity-Large-Thinking scores 80 on HumanEval.")
    assert [describe_finding(finding) for finding in report.findings] == [
        'line 1, col 31: "80" unsupported number: the facts hold no HumanEval score for this pair; '
        "remove the figure or source it"
    ]
    assert [(mention.text, mention.kind, mention.verified) for mention in report.mentions] == [("80", "number", False)]


# --- found by a second, held-out sample of mutants (seed 1) ---------------------------------------------


def test_an_open_source_claim_holds_for_an_osi_licence_only(llama_trinity: Validator) -> None:
    assert flagged(llama_trinity, "Trinity-Large-Thinking is open source.") == []


def test_two_orders_in_time_in_one_sentence_are_both_read(llama_trinity: Validator) -> None:
    report = llama_trinity.validate(
        "Trinity-Large-Thinking is newer than Llama 3.2 1B Instruct, and Llama 3.2 1B Instruct is older than "
        "Trinity-Large-Thinking."
    )
    assert report.clean
    assert [(mention.text, mention.kind, mention.verified) for mention in report.mentions] == [
        ("newer", "direction", True),
        ("older", "direction", True),
    ]


def test_a_mention_records_the_fact_and_unit_it_was_matched_to(llama_trinity: Validator) -> None:
    def recorded(text: str) -> list[tuple]:
        return [
            (mention.text, mention.kind, mention.unit, mention.verified, mention.fact_id)
            for mention in llama_trinity.validate(text).mentions
        ]

    assert recorded("Llama 3.2 1B Instruct costs $0.03 per million input tokens.") == [
        ("$0.03 per million", "number", "usd_per_mtok", True, "llama-3.2-1b-instruct.route.cloudflare.input_price")
    ]
    assert recorded("Llama 3.2 1B Instruct is 87.7% cheaper on input.")[1] == (
        "87.7%",
        "number",
        "relative",
        True,
        "llama-3.2-1b-instruct.input_price",
    )
    assert recorded("Llama 3.2 1B Instruct runs on Qwen3.5-9Z.") == [("Qwen3.5-9Z", "entity", None, False, None)]
    assert all(mention.verified is False for mention in llama_trinity.validate("It runs on Qwen3.5-9Z.").mentions)


@pytest.mark.parametrize(
    "text",
    [
        "Llama 3.2 1B Instruct costs roughly a quarter of the output price of Trinity-Large-Thinking.",
        "The bigger model costs $0.22 per million input tokens.",
        "Trinity-Large-Thinking leads on GPQA Diamond by sixty-four points.",
        "Llama 3.2 1B Instruct has a context window of about 130,000 tokens.",
    ],
)
def test_hedged_spelled_out_and_described_figures_that_hold_pass(llama_trinity: Validator, text: str) -> None:
    assert llama_trinity.validate(text).clean, described(llama_trinity, text)


def test_the_bigger_model_is_the_one_with_more_parameters(llama_trinity: Validator) -> None:
    assert flagged(llama_trinity, "The bigger model costs $0.03 per million input tokens.") == [
        ("$0.03 per million", "wrong_attribution")
    ]


def test_a_link_before_a_figure_leaves_the_figures_position_intact(llama_trinity: Validator) -> None:
    markdown = "See [the card](https://example.com/card). Llama 3.2 1B Instruct costs $0.50 per million input tokens."
    findings = llama_trinity.validate_markdown(markdown).findings
    assert [(finding.mention, finding.kind, finding.line, finding.column) for finding in findings] == [
        ("$0.50 per million", "unsupported_number", 1, 71)
    ]


def test_a_paraphrase_after_a_table_is_flagged_once(llama_trinity: Validator) -> None:
    markdown = (
        "Neither model handles images in this table.\n\n"
        "| Model | Context |\n|---|---|\n| Llama 3.2 1B Instruct | 128K |\n\n"
        "Llama 3.2 1B Instruct can call external functions.\n"
    )
    findings = llama_trinity.validate_markdown(markdown).findings
    assert [(finding.mention, finding.kind) for finding in findings] == [
        ("call external functions", "unsupported_capability_claim")
    ]


@pytest.mark.parametrize(
    "text, flagged_words",
    [
        ("Trinity-Large-Thinking is permissively licensed.", []),
        ("Llama 3.2 1B Instruct is not permissively licensed.", []),
        ("Llama 3.2 1B Instruct is permissively licensed.", ["permissively licensed"]),
        ("Trinity-Large-Thinking is not permissively licensed.", ["permissively licensed"]),
    ],
)
def test_a_permissive_licence_claim_is_checked_against_the_licence(
    llama_trinity: Validator, text: str, flagged_words: list[str]
) -> None:
    assert flagged(llama_trinity, text) == [(words, "unsupported_claim") for words in flagged_words]


def test_a_licence_claim_about_a_model_with_no_sourced_licence_is_flagged_either_way(facts_copy: Path) -> None:
    model_file = facts_copy / "models" / f"{TRINITY}.yaml"
    model_file.write_text(re.sub(r"^license: .*$", "license: unknown", model_file.read_text(), flags=re.M))
    validator = Validator(compare(load_facts(facts_copy), LLAMA, TRINITY))
    for text in (
        "Trinity-Large-Thinking is permissively licensed.",
        "Trinity-Large-Thinking is not permissively licensed.",
    ):
        findings = validator.validate(text).findings
        assert [(finding.mention, finding.kind) for finding in findings] == [
            ("permissively licensed", "unsupported_claim")
        ]
        assert findings[0].message.endswith("but the facts say nothing sourced")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Trinity-Large-Thinking has fifty billion parameters.", [("fifty", "unsupported_number")]),
        ("Trinity-Large-Thinking costs about $0.39K a month.", []),
        ("Trinity-Large-Thinking costs over $0.0008 per 1K output tokens.", []),
        ("Trinity-Large-Thinking costs $0.0008 per 1K output tokens.", [("$0.0008 per 1K", "unsupported_number")]),
        # A range holds when a fact lies inside it, its ends included.
        ("Llama 3.2 1B Instruct scores 20–25 on MMLU-Pro.", []),
        ("Llama 3.2 1B Instruct scores 21–25 on MMLU-Pro.", [("21–25", "unsupported_number")]),
    ],
)
def test_scaled_per_thousand_and_ranged_figures(
    llama_trinity: Validator, text: str, expected: list[tuple[str, str]]
) -> None:
    assert flagged(llama_trinity, text) == expected
