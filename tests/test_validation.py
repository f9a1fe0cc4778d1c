"""Validation: every figure and claim in prose must match a fact of the pair."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.comparison import Comparison, Fact, compare
from generator.errors import FactsError
from generator.factids import Family, fact_family
from generator.facts import Dataset, load_facts
from generator.validation import (
    Finding,
    Validator,
    describe_finding,
    validate_markdown,
    validate_text,
)
from generator.validation.checkers import (
    AnswerChecker,
    CapabilityChecker,
    DescriptorChecker,
    FigureChecker,
    InputOutputChecker,
    LicenceChecker,
    MakerChecker,
    NameChecker,
    RelativeChecker,
    SuperlativeChecker,
    TimeOrderChecker,
    TwoModelChecker,
)
from tests.support import CATALOG, LLAMA, QWEN, REFERENCE_FACTS, REPOSITORY, TRINITY, built_page
from tests.validation_cases import corpus_cases, dataset, generated_cases, published_pairs, score_corpus
from tests.validation_corpus import FAMILIES, corpus, score

REFERENCE_PAGES = REPOSITORY / "tests" / "fixtures" / "reference_pages"


def with_fact(comparison: Comparison, fact: Fact) -> Comparison:
    return comparison.model_copy(update={"facts": [*comparison.facts, fact]})


# --- built pages ---------------------------------------------------------------------------


@pytest.mark.parametrize("facts_dir, a, b", published_pairs(), ids=lambda value: str(value).split("/")[-1])
def test_a_deterministic_page_of_every_published_pair_validates_clean(facts_dir: Path, a: str, b: str) -> None:
    comparison = compare(dataset(facts_dir), a, b)
    report = validate_markdown(comparison, built_page(comparison))
    assert [describe_finding(finding) for finding in report.findings] == []
    assert report.words > 500 and len(report.mentions) > 40


def test_an_old_page_validated_against_a_changed_price_names_the_line_and_the_closest_fact(facts_copy: Path) -> None:
    old_page = built_page(compare(load_facts(facts_copy), LLAMA, TRINITY))
    model_file = facts_copy / "models" / f"{LLAMA}.yaml"
    model_file.write_text(model_file.read_text().replace("input_usd_per_mtok: 0.027", "input_usd_per_mtok: 0.05", 1))
    report = validate_markdown(compare(load_facts(facts_copy), LLAMA, TRINITY), old_page)
    stale = [finding for finding in report.findings if finding.mention.startswith("$0.03")]
    assert stale, [describe_finding(finding) for finding in report.findings]
    first = stale[0]
    assert old_page.splitlines()[first.line - 1][first.column - 1 :].startswith("$0.03")
    assert first.closest_fact is not None and first.closest_fact.startswith(LLAMA)
    assert "$0.05" in {finding.closest_display for finding in stale}


def test_swapped_cells_of_a_table_row_are_wrong_attributions(reference_dataset: Dataset) -> None:
    comparison = compare(reference_dataset, LLAMA, TRINITY)
    page = built_page(comparison).replace("| Context window | 128K | 256K |", "| Context window | 256K | 128K |")
    kinds = {(finding.mention, finding.kind) for finding in validate_markdown(comparison, page).findings}
    assert kinds == {("256K", "wrong_attribution"), ("128K", "wrong_attribution")}


def test_a_capability_table_cell_is_checked_against_its_column_model(reference_dataset: Dataset) -> None:
    comparison = compare(reference_dataset, LLAMA, QWEN)
    page = built_page(comparison).replace("| Vision | No | Yes |", "| Vision | Yes | Yes |")
    findings = validate_markdown(comparison, page).findings
    assert [(finding.mention, finding.kind) for finding in findings] == [("Yes", "unsupported_capability_claim")]


def test_links_urls_and_comments_are_not_read_as_claims(reference_dataset: Dataset) -> None:
    comparison = compare(reference_dataset, LLAMA, TRINITY)
    markdown = "See [the card](https://example.com/v9/777) and <https://x.org/42>.\n<!-- 999 -->\nhttps://a.b/c/555\n"
    assert validate_markdown(comparison, markdown).clean


# --- the mutation corpus --------------------------------------------------------------------


@pytest.mark.parametrize("case", corpus_cases(), ids=lambda case: case["correct"][:50])
def test_a_correct_sentence_passes_and_each_of_its_mutations_gets_its_expected_finding(case: dict) -> None:
    validator = Validator(compare(dataset(REFERENCE_FACTS), *case["pair"]))
    assert validator.validate(case["correct"]).findings == []
    for mutation in case["mutations"]:
        kinds = [finding.kind for finding in validator.validate(mutation["text"]).findings]
        assert mutation["finding"] in kinds, f"{mutation['mutation']}: {mutation['text']} -> {kinds}"


def test_generated_mutations_of_every_published_pair_are_all_caught_and_no_correct_sentence_is_flagged() -> None:
    cases = generated_cases()
    assert len(cases) > 20
    for case in cases:
        validator = Validator(compare(dataset(case["facts"]), *case["pair"]))
        assert validator.validate(case["correct"]).findings == [], case["correct"]
        for mutation in case["mutations"]:
            assert not validator.validate(mutation["text"]).clean, (
                f"{mutation['mutation']} not caught: {mutation['text']}"
            )


def test_corpus_recall_and_false_flag_rate() -> None:
    scores = score_corpus(corpus_cases() + generated_cases())
    print(
        f"\nmutation corpus: {scores['sentences']} correct sentences, {scores['mutations']} mutations, recall {scores['recall']:.1%}, false-flag rate {scores['false_flag_rate']:.1%}"
    )
    assert scores["recall"] == 1.0 and scores["false_flag_rate"] == 0.0


# --- the claim families (tests/validation_corpus.py) -------------------------------------------

# The checkers each family's claims depend on: without them, wrong sentences of the family pass.
FAMILY_CHECKERS = {
    1: (FigureChecker,),
    2: (FigureChecker,),
    3: (TwoModelChecker,),
    4: (FigureChecker,),
    5: (InputOutputChecker,),
    6: (RelativeChecker,),
    7: (FigureChecker,),
    8: (NameChecker, MakerChecker, LicenceChecker, SuperlativeChecker, CapabilityChecker),
    9: (DescriptorChecker, AnswerChecker, FigureChecker),
    10: (TimeOrderChecker, FigureChecker),
}


def family_cases(family: int) -> list:
    return [case for case in corpus() if case.family == family]


def test_the_corpus_has_every_family_on_at_least_five_pairs_and_400_cases() -> None:
    cases = corpus()
    assert len(cases) >= 400
    for family in FAMILIES:
        pairs = {case.pair for case in cases if case.family == family}
        assert len(pairs) >= 5, (family, pairs)
        assert any(case.wrong for case in family_cases(family)) and any(not case.wrong for case in family_cases(family))
    assert len({case.pair for case in cases if case.facts == CATALOG}) >= 3, (
        "pairs from the catalog beyond the reference ones"
    )


@pytest.mark.parametrize("family", FAMILIES)
def test_each_family_passes_its_correct_sentences_and_flags_its_wrong_ones(family: int) -> None:
    for (_, held_out), result in score(family_cases(family)).items():
        assert result.recall >= 0.99, (held_out, result.missed[:5])
        assert result.false_flag_rate <= 0.01, (held_out, result.flagged[:5])


@pytest.mark.parametrize("family", FAMILIES)
def test_without_its_checkers_a_familys_wrong_sentences_pass(family: int) -> None:
    results = score(family_cases(family), without=FAMILY_CHECKERS[family])
    assert any(result.recall < 0.99 for result in results.values())


# --- precision, entities, claims -------------------------------------------------------------


def test_a_price_matches_at_the_precision_the_text_states(reference_dataset: Dataset) -> None:
    comparison = compare(reference_dataset, LLAMA, TRINITY)
    assert validate_text(comparison, "A blend puts Llama 3.2 1B Instruct lower by $0.33 per 1M blended tokens.").clean
    assert validate_text(comparison, "Llama 3.2 1B Instruct costs $0.027/1M input tokens.").clean
    assert not validate_text(comparison, "Llama 3.2 1B Instruct costs $0.028/1M input tokens.").clean


def test_about_86_percent_matches_86_36_percent(reference_dataset: Dataset) -> None:
    comparison = with_fact(
        compare(reference_dataset, LLAMA, TRINITY),
        Fact(id="x.percent", value=Decimal("86.36"), unit="percent", display="86.4%", attribute="x"),
    )
    assert validate_text(comparison, "It is about 86% of the way.").clean
    assert validate_text(comparison, "It is 86.4% of the way.").clean
    assert not validate_text(comparison, "It is 86.5% of the way.").clean


def test_128k_matches_131072_and_128000_tokens(reference_dataset: Dataset) -> None:
    comparison = with_fact(
        compare(reference_dataset, LLAMA, TRINITY),
        Fact(id="x.tokens", value=131072, unit="tokens", display="131K", attribute="x"),
    )
    for text in ("128K", "128k tokens", "131K", "131,072 tokens", "128,000 tokens"):
        assert validate_text(comparison, f"A size of {text}.").clean, text


def test_digits_inside_model_names_are_names_not_figures(reference_dataset: Dataset) -> None:
    report = validate_text(
        compare(reference_dataset, LLAMA, QWEN), "Llama 3.2 1B Instruct, Llama-3.2-1B-Instruct and Qwen3.5-4B."
    )
    assert report.clean and all(mention.kind != "number" for mention in report.mentions)


@pytest.mark.parametrize("name", ["Qwen3.5-4A", "Llama 3.3 2B", "Trinity 2"])
def test_a_model_like_name_not_in_the_facts_is_an_unknown_entity(reference_dataset: Dataset, name: str) -> None:
    findings = validate_text(compare(reference_dataset, LLAMA, QWEN), f"{name} is a strong choice.").findings
    assert [(finding.kind, finding.mention) for finding in findings] == [("unknown_entity", name)]


def test_spelled_out_numbers_ranges_and_ratios_are_checked(reference_dataset: Dataset) -> None:
    comparison = compare(reference_dataset, LLAMA, TRINITY)
    assert validate_text(comparison, "Trinity-Large-Thinking runs on two providers, 5–7 routes, a 70/30 blend.").clean
    assert not validate_text(comparison, "Trinity-Large-Thinking runs on three providers.").clean
    assert not validate_text(comparison, "There are 3–4 routes.").clean
    assert not validate_text(comparison, "A 60/40 blend.").clean


def test_every_finding_has_its_span_and_a_one_line_description(reference_dataset: Dataset) -> None:
    text = "Fine.\nLlama 3.2 1B Instruct is ~715% cheaper."
    finding = validate_text(compare(reference_dataset, LLAMA, TRINITY), text).findings[0]
    assert (finding.line, finding.column, text[finding.start : finding.end]) == (2, 27, "715%")
    assert describe_finding(finding) == (
        'line 2, col 27: "715%" unsupported number: no fact has the value 715%; state the fact\'s own figure or remove it; '
        "closest fact input_price.cheaper_percent = 87.7%"
    )


# --- property tests --------------------------------------------------------------------------


@lru_cache
def reference_validator(b: str) -> Validator:
    return Validator(compare(dataset(REFERENCE_FACTS), LLAMA, b))


text_pieces = st.sampled_from(
    [
        "$0.03/1M",
        "128K",
        "59.1 points",
        "Qwen3.5-4B",
        "Llama 3.2 1B Instruct",
        "| a | b |",
        "|---|",
        "\n",
        "leads",
        "cheaper",
        "both share vision",
        "70/30",
        "2024-13-45",
        "twice",
        "5–",
        "(",
        "[x](",
        "<!--",
        "~",
        "%",
        "×",
        "1,2,3",
        "Qwen3.5-",
        "the cheaper option",
        "The model with more context",
        "the leader on",
        "the newer model",
        "is the older model",
        "beats",
        "is behind",
        "(79.1 vs 20)",
        "respectively",
        "developed by",
        "Meta's",
        "from Google",
        "Apache 2.0",
        "open weights",
        "not proprietary",
        "understands images",
        "handles speech",
        "Groq",
        "available on Foo",
        "state-of-the-art",
        "the best",
        "$0.03 in",
        "$0.20 out",
        "input/output",
        "$0.03/$0.20",
        "half of",
        "twice the",
        "3.5× the price",
        "87.7% cheaper",
        "costs 20% more",
        "a year newer",
        "three months after",
        "released in July 2024",
        "15 cents",
        "per 1K",
        "per token",
        "8x7B",
        "12.9B active",
        "Step 1",
        "24/7",
        "nearly",
        "a little over",
        "forty-two",
        "is the",
        ",",
        "'s",
    ]
)


@settings(max_examples=600, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(st.one_of(st.text(max_size=20), text_pieces), max_size=25).map(" ".join))
def test_arbitrary_text_never_crashes_the_validator(text: str) -> None:
    validator = reference_validator(TRINITY)
    for report in (validator.validate(text), validator.validate_markdown(text)):
        assert all(0 <= finding.start <= finding.end <= len(text) for finding in report.findings)


def stated_facts(comparison: Comparison) -> list[Fact]:
    numeric = {
        "usd_per_mtok",
        "usd_per_month",
        "percent",
        "multiplier",
        "points",
        "score",
        "tokens",
        "parameters",
        "date",
        "month",
    }
    return [fact for fact in comparison.facts if fact.known and fact.unit in numeric]


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_a_sentence_built_from_a_facts_own_display_always_passes(data) -> None:
    validator = reference_validator(data.draw(st.sampled_from([QWEN, TRINITY])))
    fact = data.draw(st.sampled_from(stated_facts(validator.comparison)))
    # A price difference is the pair's, not a price of the cheaper model it is filed under: stated about
    # that model without saying "difference", it is flagged ("X costs $0.70" where $0.70 is the gap).
    named = validator.names.get(fact.model, "The pair") if not fact.id.endswith(".difference") else "The pair"
    # A route's price stated about its model names the route: with no provider named, a model's price is
    # its own (its cheapest route's), and another route's is flagged.
    provider = next((name for name, key in validator.provider_of_name.items() if key in fact.entities[1:]), None)
    if fact_family(fact.id) is Family.ROUTE and provider:
        named = f"{named} on {provider}"
    template = data.draw(
        st.sampled_from(
            ["The figure is {display}.", "{name} shows {display} here.", "According to the facts, {display}."]
        )
    )
    sentence = template.format(display=fact.display, name=named)
    assert validator.validate(sentence).findings == [], (fact.id, sentence)


# --- the reference pages ---------------------------------------------------------------------

REFERENCE_FINDINGS = {
    QWEN: [
        # "Provider routes | 7 tracked": the facts track 6 routes for Llama 3.2 1B Instruct.
        (11, "7", "unsupported_number", f"{LLAMA}.provider_count"),
        # "Provider availability is 7 tracked routes versus 0."
        (75, "7", "unsupported_number", f"{LLAMA}.provider_count"),
    ],
    TRINITY: [
        # "... are frontier reasoning models": no fact supports "frontier", and reasoning is No for Llama 3.2 1B Instruct.
        (2, "frontier", "unsupported_superlative", None),
        (2, "reasoning", "unsupported_capability_claim", f"{LLAMA}.capability.reasoning"),
        # "~715% cheaper": the input price is 87.7% cheaper (715% is the dearer price's markup).
        (3, "715%", "unsupported_number", "input_price.cheaper_percent"),
        # "Availability is 5 providers versus 2": the facts track 6 for Llama 3.2 1B Instruct.
        (34, "5", "unsupported_number", f"{LLAMA}.provider_count"),
        # "Llama 3.2 1B Instruct is listed under Open Source": its licence is not an open-source one (open weights).
        (42, "Open Source", "unsupported_claim", f"{LLAMA}.openness"),
        # "Last reviewed: 2026-04-24": the facts were last checked on 2026-05-22.
        (50, "2026-04-24", "wrong_attribution", "last_reviewed"),
    ],
}
REFERENCE_CORRECT = {
    QWEN: [
        "$71.85",
        "128k",
        "262k",
        "59.1 pts",
        "59.1 points",
        "50.6 points",
        "$0.03/1M",
        "$0.20/1M",
        "1.23B",
        "4B",
        "2024-09-25",
        "2023-12",
        "0",
    ],
    TRINITY: [
        "$0.03/1M",
        "$0.22/1M",
        "$0.2/1M",
        "$0.85/1M",
        "128K",
        "256K",
        "63.6 pts",
        "400B",
        "70/30",
        "$0.33 per million",
        "2",
    ],
}


@pytest.mark.parametrize("b", [QWEN, TRINITY])
def test_the_reference_pages_wrong_figures_and_claims_are_flagged_and_correct_ones_pass(b: str) -> None:
    text = (REFERENCE_PAGES / f"{LLAMA}-vs-{b}.txt").read_text(encoding="utf-8")
    report = reference_validator(b).validate(text)
    assert [
        (finding.line, finding.mention, finding.kind, finding.closest_fact) for finding in report.findings
    ] == REFERENCE_FINDINGS[b]
    verified = {mention.text for mention in report.mentions if mention.verified}
    assert set(REFERENCE_CORRECT[b]) <= verified


def test_finding_is_the_contract_other_stages_read() -> None:
    finding = Finding(kind="unsupported_number", mention="7", line=1, column=2, start=1, end=2, message="m")
    assert re.match(r'line 1, col 2: "7" unsupported number: m$', describe_finding(finding))


def test_read_as_markdown_the_trinity_pages_shifted_price_table_header_is_a_wrong_attribution() -> None:
    # "| Llama 3.2 1B Instruct | Trinity-Large-Thinking | |" heads the row labels with Llama's name, so
    # Llama's prices sit under Trinity's: the table states them about the wrong model.
    text = (REFERENCE_PAGES / f"{LLAMA}-vs-{TRINITY}.txt").read_text(encoding="utf-8")
    findings = reference_validator(TRINITY).validate_markdown(text).findings
    table_findings = [
        (finding.line, finding.mention, finding.kind, finding.closest_fact)
        for finding in findings
        if finding.line in (14, 15)
    ]
    assert table_findings == [
        (14, "$0.03/1M", "wrong_attribution", f"{TRINITY}.route.arcee-ai.input_price"),
        (15, "$0.2/1M", "wrong_attribution", f"{TRINITY}.route.arcee-ai.output_price"),
    ]


# --- the CLI's validating commands stay light -------------------------------------------------

CLI_WITHOUT_LLM = """
import sys
from click.testing import CliRunner
from generator.cli import main
runner = CliRunner()
validated = runner.invoke(main, ["validate", "--pair", sys.argv[1], sys.argv[2], sys.argv[3], "--facts", sys.argv[4]])
checked = runner.invoke(main, ["check", "--review", sys.argv[5], "--facts", sys.argv[4]])
print(validated.exit_code, checked.exit_code, "openai" in sys.modules)
"""


def test_versus_validate_and_check_do_not_import_the_openai_sdk(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("Trinity-Large-Thinking costs $0.22/1M input tokens.\n", encoding="utf-8")
    (tmp_path / "review").mkdir()
    command = [
        sys.executable,
        "-c",
        CLI_WITHOUT_LLM,
        LLAMA,
        TRINITY,
        str(page),
        str(REFERENCE_FACTS),
        str(tmp_path / "review"),
    ]
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        cwd=REPOSITORY,
        env=os.environ | {"PYTHONPATH": str(REPOSITORY)},
        check=True,
    )
    validate_exit, check_exit, imported = result.stdout.split()
    assert (validate_exit, check_exit, imported) == ("0", "0", "False"), result.stdout + result.stderr


# --- facts the validator needed: partial release dates, mixture-of-experts sizes ---------------


def with_release(facts_copy: Path, model: str, release: str) -> Dataset:
    model_file = facts_copy / "models" / f"{model}.yaml"
    text = re.sub(
        r"^release_date: .*$",
        f'release_date: {{value: "{release}", source: model-card}}',
        model_file.read_text(),
        flags=re.M,
    )
    model_file.write_text(text)
    return load_facts(facts_copy)


def test_a_release_date_known_to_the_month_checks_month_and_year_and_orders_the_pair(facts_copy: Path) -> None:
    validator = Validator(compare(with_release(facts_copy, TRINITY, "2026-04"), LLAMA, TRINITY))
    for text in (
        "Trinity-Large-Thinking was released in April 2026.",
        "Trinity-Large-Thinking launched in 2026.",
        "Trinity-Large-Thinking is newer than Llama 3.2 1B Instruct.",
    ):
        assert validator.validate(text).clean, text
    for text in (
        "Trinity-Large-Thinking was released in May 2026.",
        "Trinity-Large-Thinking was released on 2026-04-01.",
        "Llama 3.2 1B Instruct is newer than Trinity-Large-Thinking.",
    ):
        assert not validator.validate(text).clean, text


def test_a_release_date_known_to_the_year_supports_the_year_only(facts_copy: Path) -> None:
    validator = Validator(compare(with_release(facts_copy, QWEN, "2026"), LLAMA, QWEN))
    assert validator.validate("Qwen3.5-4B launched in 2026.").clean
    assert not validator.validate("Qwen3.5-4B launched in March 2026.").clean
    assert not validator.validate("Qwen3.5-4B launched in 2025.").clean


def test_a_release_date_of_the_wrong_shape_is_a_facts_error(facts_copy: Path) -> None:
    with pytest.raises(FactsError, match="release_date"):
        with_release(facts_copy, QWEN, "2026-13")


def test_mixture_of_experts_sizes_are_checked_total_active_and_layout() -> None:
    validator = Validator(compare(dataset(CATALOG), "mixtral-8x7b-instruct", "deepseek-v3"))
    assert validator.validate(
        "Mixtral 8x7B Instruct is an 8x7B mixture of experts with 46.7B parameters, 12.9B of them active."
    ).clean
    assert not validator.validate("Mixtral 8x7B Instruct is an 8x22B mixture of experts.").clean
    assert not validator.validate("Mixtral 8x7B Instruct runs 37B active parameters per token.").clean


# --- site-style prose --------------------------------------------------------------------------

SITE_PAIRS = {
    "g": ("gpt-4o", "claude-3.5-sonnet"),
    "d": ("deepseek-v3", "llama-3.3-70b-instruct"),
    "m": ("gpt-4o-mini", "gpt-4.1-mini"),
    "q": ("qwen3-235b-a22b", "llama-4-maverick"),
}
SITE_PROSE = REPOSITORY / "tests" / "fixtures" / "validation_site_prose.txt"


def site_sentences() -> list[tuple[str, str, str]]:
    lines = [line for line in SITE_PROSE.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    return [tuple(line.split("|", 2)) for line in lines]


@pytest.mark.parametrize("key, verdict, text", site_sentences(), ids=lambda value: str(value)[:40])
def test_site_style_sentences_pass_when_correct_and_are_flagged_when_wrong(key: str, verdict: str, text: str) -> None:
    report = Validator(compare(dataset(CATALOG), *SITE_PAIRS[key])).validate(text)
    assert report.clean == (verdict == "C"), [describe_finding(finding) for finding in report.findings]


SITE_PAGES = {
    ("gpt-4o", "claude-3.5-sonnet"): """## GPT-4o vs Claude 3.5 Sonnet

**GPT-4o** is OpenAI's flagship multimodal model, released in May 2024. **Claude 3.5 Sonnet** is Anthropic's mid-tier model from June 2024. Both are proprietary and available only through APIs.

### Pricing
GPT-4o is the cheaper of the two: $2.50 per million input tokens and $10.00 per million output tokens, against $3.00 and $15.00 for Claude 3.5 Sonnet. That makes Claude 3.5 Sonnet 20% more expensive on input and 50% more expensive on output. On a 70/30 blend, GPT-4o works out to $4.75 per million tokens versus $6.60.

### Context
Claude 3.5 Sonnet's 200K-token context window is larger than GPT-4o's 128K, which matters for long documents.

### Benchmarks
On GPQA Diamond, Claude 3.5 Sonnet scores 59.4 and GPT-4o scores 53.6, a gap of 5.8 points. On MMLU the two are tied at 88.7.

### Capabilities
Both models accept images, support function calling and can return structured JSON. Neither is a reasoning model.

### Availability
GPT-4o is served by the OpenAI API, Azure OpenAI, Replicate and Vercel AI Gateway; Claude 3.5 Sonnet by AWS Bedrock and Google Vertex AI.
""",
    (
        "llama-3.2-1b-instruct",
        "qwen3.5-4b",
    ): """Llama 3.2 1B Instruct is a small open-weights model from Meta with 1.23B parameters and a 128K context window. Qwen3.5-4B, from Alibaba, is larger at 4B parameters and handles up to 262K tokens.

On benchmarks the gap is wide: Qwen3.5-4B scores 79.1 on MMLU-Pro versus 20.0 for Llama 3.2 1B Instruct, and 76.2 versus 25.6 on GPQA Diamond. That is a lead of 59.1 and 50.6 points respectively.

Qwen3.5-4B supports vision and is released under Apache 2.0; Llama 3.2 1B Instruct is text-only and uses the Llama 3.2 Community License. Llama 3.2 1B Instruct was released in September 2024, about a year and a half before Qwen3.5-4B (March 2026).

Llama 3.2 1B Instruct is available on Cloudflare Workers AI from $0.027 per million input tokens. Qwen3.5-4B has no tracked hosted price yet.
""",
}

SITE_PAGE_MUTATIONS = {
    "gpt-4o": [
        ("$2.50 per million input", "$3.50 per million input"),
        ("20% more expensive on input", "30% more expensive on input"),
        ("200K-token", "100K-token"),
        ("scores 59.4 and GPT-4o scores 53.6", "scores 53.6 and GPT-4o scores 59.4"),
        ("tied at 88.7", "tied at 86.7"),
        ("released in May 2024", "released in May 2023"),
        ("Anthropic's mid-tier", "Google's mid-tier"),
        ("Neither is a reasoning model", "Both are reasoning models"),
        ("Replicate and Vercel", "Groq and Vercel"),
        ("GPT-4o is the cheaper", "Claude 3.5 Sonnet is the cheaper"),
        ("$4.75 per million tokens versus $6.60", "$6.60 per million tokens versus $4.75"),
        ("Both are proprietary", "Both are open-weight models"),
        ("a gap of 5.8 points", "a gap of 8.5 points"),
        ("against $3.00 and $15.00", "against $15.00 and $3.00"),
    ],
    "llama-3.2-1b-instruct": [
        ("1.23B parameters", "1.5B parameters"),
        ("from Alibaba", "from Google"),
        ("79.1 on MMLU-Pro", "76.2 on MMLU-Pro"),
        ("76.2 versus 25.6", "25.6 versus 76.2"),
        ("lead of 59.1", "lead of 49.1"),
        ("released under Apache 2.0", "released under MIT"),
        ("September 2024", "October 2024"),
        ("about a year and a half before", "about three years before"),
        ("$0.027 per million", "$0.27 per million"),
        ("Qwen3.5-4B supports vision", "Qwen3.5-4B supports function calling"),
        ("handles up to 262K", "handles up to 128K"),
        ("small open-weights model", "small state-of-the-art model"),
    ],
}


@pytest.mark.parametrize("pair", list(SITE_PAGES), ids=lambda pair: pair[0])
def test_a_site_style_page_passes_and_each_edit_that_makes_it_wrong_is_flagged(pair: tuple[str, str]) -> None:
    facts_dir = REFERENCE_FACTS if pair[1] == "qwen3.5-4b" else CATALOG
    validator = Validator(compare(dataset(facts_dir), *pair))
    page = SITE_PAGES[pair]
    assert [describe_finding(finding) for finding in validator.validate_markdown(page).findings] == []
    for old, new in SITE_PAGE_MUTATIONS[pair[0]]:
        assert old in page
        assert not validator.validate_markdown(page.replace(old, new, 1)).clean, new
