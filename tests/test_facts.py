"""Bad facts get a clear answer: one message per problem, naming the file and the field; exit 2; nothing written."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.errors import FactsError
from generator.facts import load_facts
from tests.support import edit

LLAMA_FILE = Path("models/llama-3.2-1b-instruct.yaml")


def problems_of(facts_dir: Path) -> list[str]:
    with pytest.raises(FactsError) as raised:
        load_facts(facts_dir)
    return raised.value.problems


def build_with(facts_dir: Path, out_dir: Path):
    return CliRunner().invoke(
        main,
        [
            "build",
            "--pair",
            "llama-3.2-1b-instruct",
            "qwen3.5-4b",
            "--llm",
            "none",
            "--out",
            str(out_dir),
            "--facts",
            str(facts_dir),
        ],
    )


def test_reference_facts_load(reference_dataset):
    assert set(reference_dataset.models) == {"llama-3.2-1b-instruct", "qwen3.5-4b", "trinity-large-thinking"}


def test_prices_load_as_exact_decimals(reference_dataset):
    route = reference_dataset.models["llama-3.2-1b-instruct"].routes[0]
    assert str(route.input_usd_per_mtok) == "0.027"


def test_malformed_yaml_names_file_line_and_column(facts_copy):
    path = edit(facts_copy, LLAMA_FILE, "name: Llama 3.2 1B Instruct", "name: [Llama 3.2")
    [problem] = problems_of(facts_copy)
    assert str(path) in problem and "line" in problem and "not valid YAML" in problem


def test_unknown_key_is_rejected_with_its_name(facts_copy):
    path = edit(facts_copy, LLAMA_FILE, "architecture:", "architecure:")
    problems = problems_of(facts_copy)
    assert any(str(path) in problem and "architecure" in problem and "unknown key" in problem for problem in problems)


def test_wrong_type_names_the_field_and_what_is_expected(facts_copy):
    path = edit(facts_copy, LLAMA_FILE, "parameters: {value: 1230000000", "parameters: {value: lots")
    [problem] = problems_of(facts_copy)
    assert str(path) in problem and "parameters.value" in problem and "integer" in problem and "'lots'" in problem


def test_negative_price_is_rejected(facts_copy):
    path = edit(facts_copy, LLAMA_FILE, "input_usd_per_mtok: 0.027", "input_usd_per_mtok: -0.027")
    [problem] = problems_of(facts_copy)
    assert (
        str(path) in problem and "routes[0].input_usd_per_mtok" in problem and "greater than or equal to 0" in problem
    )


def test_duplicate_id_names_both_files(facts_copy):
    original = facts_copy / LLAMA_FILE
    copy = facts_copy / "models" / "llama-copy.yaml"
    copy.write_text(original.read_text())
    problems = problems_of(facts_copy)
    assert any("duplicate id 'llama-3.2-1b-instruct'" in problem and str(copy) in problem for problem in problems)


def test_pair_naming_an_unknown_model_is_rejected(facts_copy):
    path = edit(
        facts_copy, Path("pairs.yaml"), "[llama-3.2-1b-instruct, qwen3.5-4b]", "[llama-3.2-1b-instruct, qwen3.5-4a]"
    )
    [problem] = problems_of(facts_copy)
    assert str(path) in problem and "pairs[0]" in problem and "unknown model id 'qwen3.5-4a'" in problem


def test_undeclared_source_key_is_rejected(facts_copy):
    edit(
        facts_copy,
        LLAMA_FILE,
        "organization: {value: AI at Meta, source: model-card}",
        "organization: {value: AI at Meta, source: nowhere}",
    )
    [problem] = problems_of(facts_copy)
    assert "organization" in problem and "source 'nowhere'" in problem


def test_blend_shares_must_add_up_to_one(facts_copy):
    edit(facts_copy, Path("assumptions.yaml"), "output_share: 0.3", "output_share: 0.4")
    [problem] = problems_of(facts_copy)
    assert "assumptions.yaml" in problem and "add up to 1" in problem


def test_every_problem_is_reported_in_one_run(facts_copy):
    edit(facts_copy, LLAMA_FILE, "input_usd_per_mtok: 0.027", "input_usd_per_mtok: -1")
    edit(facts_copy, Path("pairs.yaml"), "trinity-large-thinking]", "trinity]")
    assert len(problems_of(facts_copy)) == 2


@pytest.mark.parametrize(
    "old, new",
    [
        ("name: Llama 3.2 1B Instruct", "name: [Llama 3.2"),
        ("architecture:", "architecure:"),
        ("input_usd_per_mtok: 0.027", "input_usd_per_mtok: -0.027"),
    ],
)
def test_bad_facts_exit_2_and_write_nothing(facts_copy, tmp_path, old, new):
    edit(facts_copy, LLAMA_FILE, old, new)
    out_dir = tmp_path / "out"
    result = build_with(facts_copy, out_dir)
    assert result.exit_code == 2
    assert "llama-3.2-1b-instruct.yaml" in result.output
    assert "Traceback" not in result.output
    assert not out_dir.exists()


def test_unknown_pair_on_the_command_line_exits_2(facts_copy, tmp_path):
    result = CliRunner().invoke(
        main,
        [
            "build",
            "--pair",
            "llama-3.2-1b-instruct",
            "gpt-9",
            "--llm",
            "none",
            "--out",
            str(tmp_path / "out"),
            "--facts",
            str(facts_copy),
        ],
    )
    assert result.exit_code == 2 and "unknown model id 'gpt-9'" in result.output
