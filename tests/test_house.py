"""The five deliberate bugs a review of the house slipped past the suite, each with a test that fails
when the bug is back: a prompt change that no longer invalidates the section cache, the failure count
not reset after a success, a batch journal reused for another endpoint, GitHub annotations
unescaped, and an approval check dropped as redundant. LLM traffic goes through the real openai SDK
to the fake server. Last, a grep that no fact id is built or read by hand outside generator/factids.py."""

from __future__ import annotations

import ast
import asyncio
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import SecretStr

from generator import factids
from generator.build import BuildOptions, build_pages
from generator.check import CheckReport, PageCheck, Problem, check, render_github
from generator.errors import VersusError
from generator.facts import load_facts
from generator.llm import BatchLLMClient, Completion, LLMClient, LLMConfig, LLMError, request_key
from generator.prompt import DEFAULT_PROMPTS, TEMPLATE_NAMES, load_prompts
from generator.publish import publish
from generator.review import approve, get_draft
from generator.writer import DeepDive
from tests.fakeserver import FakeServer, Reply, neutral_answer
from tests.support import PAIR, REFERENCE_FACTS, REPOSITORY, SLUG, rewrite_page, write_drafts

MESSAGES = [
    {"role": "system", "content": "You write one section."},
    {"role": "user", "content": "Write the deep dive."},
]
GOOD_DEEP_DIVE = neutral_answer({}).content
# A source title of the reference facts: the page cites it, but states no figure from it.
MODEL_CARD_TITLE = "title: Llama 3.2 1B Instruct model card"


@pytest.fixture
def server():
    with FakeServer() as fake:
        yield fake


def config_for(base_url: str, **overrides) -> LLMConfig:
    """One attempt a request, so each failed request counts at once; millisecond timings."""
    settings = {
        "api_key": SecretStr("sk-test-house"),
        "model": "test-model",
        "timeout": 5.0,
        "max_attempts": 1,
        "backoff_initial": 0,
        "backoff_max": 0,
        "batch_poll_seconds": 0.02,
    }
    return LLMConfig(base_url=base_url, **(settings | overrides))


def outcomes_of(client: LLMClient, requests: int) -> list[str]:
    """`requests` calls in a row on one client: "ok" for an answer, else the LLMError's message."""

    async def run() -> list[str]:
        outcomes = []
        async with client:
            for _ in range(requests):
                try:
                    await client.complete(MESSAGES, DeepDive)
                    outcomes.append("ok")
                except LLMError as error:
                    outcomes.append(str(error))
        return outcomes

    return asyncio.run(run())


# -- (a) the section cache is keyed by the prompt templates --------------------------------------


def copy_prompts(tmp_path: Path) -> Path:
    prompts_dir = tmp_path / "prompts"
    shutil.copytree(DEFAULT_PROMPTS, prompts_dir)
    return prompts_dir


@pytest.mark.parametrize("template", TEMPLATE_NAMES)
def test_changing_any_prompt_template_changes_the_prompts_fingerprint(tmp_path: Path, template: str):
    prompts_dir = copy_prompts(tmp_path)
    before = load_prompts(prompts_dir).fingerprint
    path = prompts_dir / template
    path.write_text(path.read_text(encoding="utf-8") + "\nKeep every sentence short.\n", encoding="utf-8")
    assert load_prompts(prompts_dir).fingerprint != before


def test_a_prompt_template_change_regenerates_the_cached_sections(tmp_path: Path, server: FakeServer):
    prompts_dir = copy_prompts(tmp_path)
    out_dir = tmp_path / "out"

    def build():
        options = BuildOptions(out_dir=out_dir, prompts_dir=prompts_dir)
        return build_pages(load_facts(REFERENCE_FACTS), [PAIR], options, config_for(server.base_url))

    assert build().llm_calls == 2
    assert build().cached_sections == 2, "nothing changed: both sections come from the cache"
    deep_dive = prompts_dir / "deep_dive.j2"
    deep_dive.write_text(
        deep_dive.read_text(encoding="utf-8") + "\nWrite for a reader choosing a model for a chatbot.\n",
        encoding="utf-8",
    )
    calls_before = server.chat_calls

    report = build()

    assert report.cached_sections == 0 and report.llm_calls == 2
    assert any(
        "choosing a model for a chatbot" in message["content"]
        for request in server.requests[calls_before:]
        for message in request["messages"]
    )


# -- (b) the give-up after three failed requests in a row ----------------------------------------


def test_a_success_resets_the_count_of_failed_requests_in_a_row():
    with FakeServer() as server:
        fail, answer = Reply(status=503), Reply(content=GOOD_DEEP_DIVE)
        server.script(fail, fail, answer, fail, fail, answer)
        outcomes = outcomes_of(LLMClient(config_for(server.base_url)), 6)
    # Four failures in all, never three in a row: every request is sent and the last one answered.
    assert outcomes[2] == outcomes[5] == "ok"
    assert server.chat_calls == 6


def test_three_failed_requests_in_a_row_stop_the_run_asking():
    with FakeServer(responder=lambda request: Reply(status=503)) as server:
        outcomes = outcomes_of(LLMClient(config_for(server.base_url)), 5)
    assert server.chat_calls == 3
    assert all("endpoint looks down" in outcome for outcome in outcomes[3:])
    assert all("endpoint looks down" not in outcome for outcome in outcomes[:3])


# -- (c) the batch journal resumes a batch only against the endpoint it was sent to ---------------


def write_journal(path: Path, base_url: str, config: LLMConfig) -> str:
    """A journal of a killed run that sent this test's request, with `config`, to `base_url` as batch_earlier."""
    key = request_key(LLMClient(config).request_body(MESSAGES, DeepDive))
    path.write_text(
        json.dumps({"batch_earlier": {"base_url": base_url, "requests": {key: "request-1"}}}), encoding="utf-8"
    )
    return key


def ask_in_a_batch(config: LLMConfig, journal: Path) -> Completion | LLMError:
    async def run() -> Completion | LLMError:
        async with BatchLLMClient(config, journal=journal, collect_seconds=0.01) as client:
            try:
                return await client.complete(MESSAGES, DeepDive)
            except LLMError as error:
                return error

    return asyncio.run(run())


def test_a_journaled_batch_of_this_endpoint_is_collected_not_resubmitted(tmp_path: Path, server: FakeServer):
    # The control for the next two tests: a matching journal is used (its batch is gone, so the call fails).
    journal, config = tmp_path / "batches.journal", config_for(server.base_url)
    write_journal(journal, server.base_url, config)
    result = ask_in_a_batch(config, journal)
    assert isinstance(result, LLMError) and "batch_earlier of an earlier run" in str(result)
    assert server.batches_created == 0


def test_a_journal_written_for_another_base_url_is_not_reused(tmp_path: Path, server: FakeServer):
    journal, config = tmp_path / "batches.journal", config_for(server.base_url)
    write_journal(journal, "https://api.openai.com/v1", config)
    result = ask_in_a_batch(config, journal)
    assert isinstance(result, Completion), result
    assert server.batches_created == 1
    # The other endpoint's batch stays journaled for a run against that endpoint.
    assert "batch_earlier" in json.loads(journal.read_text(encoding="utf-8"))


def test_a_journal_written_for_another_model_is_not_reused(tmp_path: Path, server: FakeServer):
    journal, config = tmp_path / "batches.journal", config_for(server.base_url)
    write_journal(journal, server.base_url, config_for(server.base_url, model="another-model"))
    result = ask_in_a_batch(config, journal)
    assert isinstance(result, Completion), result
    assert server.batches_created == 1


# -- (d) GitHub annotations escape what would end or split a workflow command ----------------------


def test_github_annotations_escape_the_message_and_the_file_property():
    problem = Problem(
        file="review/a:b,c/page.md", kind="finding", message="100% wrong:\r\nsee line 2, col 3", line=7, column=2
    )
    report = CheckReport(pages=[PageCheck(file=problem.file, problems=[problem])])
    annotation, summary = render_github(report).split("\n")
    assert annotation == "::error file=review/a%3Ab%2Cc/page.md,line=7,col=2::100%25 wrong:%0D%0Asee line 2, col 3"
    assert summary == "1 page(s) checked, 1 with problems, 1 problem(s)"


def test_a_percent_sign_is_escaped_before_the_escapes_are_added():
    # Escaping "%" last would turn the "%0A" of a newline into "%250A".
    problem = Problem(file="page.md", kind="finding", message="a\nb", line=1, column=1)
    report = CheckReport(pages=[PageCheck(file="page.md", problems=[problem])])
    assert render_github(report).split("\n")[0] == "::error file=page.md,line=1,col=1::a%0Ab"


# -- (e) every approval check stands on its own -----------------------------------------------------


def retitle_model_card(facts_dir: Path) -> None:
    """A facts change no figure on the page shows: the page still validates, but stands on old facts."""
    path = facts_dir / "models" / "llama-3.2-1b-instruct.yaml"
    text = path.read_text(encoding="utf-8")
    assert MODEL_CARD_TITLE in text
    path.write_text(text.replace(MODEL_CARD_TITLE, f"{MODEL_CARD_TITLE} (revised)"), encoding="utf-8")


def test_approval_is_refused_for_a_page_from_older_facts_even_when_its_figures_still_validate(
    tmp_path: Path, facts_copy: Path
):
    # The validator cannot stand in for the facts-hash check: no figure on this page changed.
    review_dir = write_drafts(tmp_path / "review", pairs=[PAIR])
    retitle_model_card(facts_copy)
    with pytest.raises(VersusError, match="built from older facts"):
        approve(review_dir, SLUG, "ada", "", load_facts(facts_copy))
    assert not (review_dir / "ledger.jsonl").exists()


def test_an_approval_goes_stale_when_facts_change_that_no_figure_on_the_page_shows(tmp_path: Path, facts_copy: Path):
    review_dir = write_drafts(tmp_path / "review", facts_dir=facts_copy, pairs=[PAIR])
    approve(review_dir, SLUG, "ada", "", load_facts(facts_copy))
    retitle_model_card(facts_copy)
    draft = get_draft(review_dir, SLUG, load_facts(facts_copy))
    assert draft.status == "stale"
    assert draft.reasons == ["the facts changed since the approval; rebuild the page and review it again"]


def test_a_published_page_is_a_problem_once_its_draft_is_changed_and_approved_again(tmp_path: Path):
    # The draft's own approval holds; only the page hash in published.json tells the site is behind.
    review_dir = write_drafts(tmp_path / "review", pairs=[PAIR])
    dataset = load_facts(REFERENCE_FACTS)
    approve(review_dir, SLUG, "ada", "", dataset)
    site = tmp_path / "site"
    publish(review_dir, site, REFERENCE_FACTS, "https://example.com")
    # A rebuild whose prose differs (page files edited by hand could not be approved at all).
    rewrite_page(
        review_dir,
        SLUG,
        lambda page: page["sections"]["deep_dive"]["content"]["paragraphs"].append(
            "Teams that weigh Llama 3.2 1B Instruct against Qwen3.5-4B should read both model cards before they choose one for production work."
        ),
    )
    approve(review_dir, SLUG, "ada", "prose rebuilt", dataset)

    problems = check(REFERENCE_FACTS, review_dir, site).problems

    assert [(problem.kind, problem.file.endswith(f"site/{SLUG}/page.md")) for problem in problems] == [
        ("unpublished", True)
    ]


# -- fact ids are built in one place: generator/factids.py ------------------------------------------

GENERATOR = Path(__file__).resolve().parent.parent / "generator"
# Every word that ends a fact id or marks its family; a file path such as f"{model_id}.yaml" ends in none.
FACT_ID_WORDS = "|".join(
    sorted(
        {
            *factids.MODEL_ATTRIBUTES,
            *factids.ROUTE_ATTRIBUTES,
            *factids.GAPS,
            *factids.CONTEXT_ATTRIBUTES,
            *factids.BENCHMARK_ATTRIBUTES,
            *factids.PROFILE_TOKENS,
            "benchmark",
            "capability",
            "route",
            "profile",
        },
        key=len,
        reverse=True,
    )
)
HAND_BUILT_FACT_ID = re.compile(
    # f-strings: f"{model.id}.context_window", f"{attribute}.cheaper", f"{route_id}.price_change", f"{model.id}.{attribute}"
    rf"""\{{[^{{}}"']*\}}\.(?:{FACT_ID_WORDS})\b"""
    r"""|\{[^{}"']*(?:\bid|model_id|model)\}\.\{"""
    # f-strings opening with a family: f"benchmark.{benchmark}.lead", f"capability.{name}"
    r"""|\bf["'](?:benchmark|capability|assumptions\.profile)\.\{"""
    # Jinja: a.id ~ ".blended_price", "benchmark." ~ benchmark, {{ m.id }}.route.{{ provider }}
    rf"""|~\s*["']\.|["'][\w.]*\.["']\s*~|\}}\}}\.(?:{FACT_ID_WORDS})\b"""
    # Python concatenation: model_id + ".input_price", "benchmark." + benchmark
    rf"""|\+\s*["']\.(?:{FACT_ID_WORDS})\b|["'](?:benchmark|capability)\.["']\s*\+"""
    # An id read by hand instead of by factids.parse_fact_id: fact.id.startswith("benchmark."), fact_id.rsplit(".")
    r"""|\b(?:id|fact_id)\.(?:startswith|endswith|split|rsplit|partition|rpartition)\("""
)


def hand_built_fact_ids() -> list[str]:
    """file:line of every fact id built by hand in generator/ (Python and templates), outside factids.py."""
    found = []
    for path in sorted([*GENERATOR.rglob("*.py"), *GENERATOR.rglob("*.j2")]):
        name = path.relative_to(GENERATOR.parent).as_posix()
        if name == "generator/factids.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if HAND_BUILT_FACT_ID.search(line):
                found.append(f"{name}:{number}: {line.strip()}")
    return found


@pytest.mark.parametrize(
    "line",
    [
        'id=f"{model.id}.context_window",',
        "comparison.fact(f'{a.id}.benchmark.{benchmark}').display",
        'lead = facts[f"benchmark.{benchmark}.lead"]',
        'if f"{attribute}.cheaper" in facts',
        '_sourced_fact(model, f"capability.{name}", "capability")',
        'id=f"{route_id}.previous_input_price",',
        'id=f"{model.id}.{attribute}",',
        'facts[model_id + ".input_price"]',
        '{{ f[a.id ~ ".blended_price"].display }}',
        '{{ fig(f[route_id ~ ".input_price"]) }}',
        '{{ f["benchmark." ~ benchmark ~ ".lead"].display }}',
        '<output data-calc-route="{{ m.id }}.route.{{ route.provider_id }}">',
        'if fact.id.startswith("benchmark.") and fact.id.endswith(".lead"):',
        'suffix = derived.id.rsplit(".", 1)[-1]',
    ],
)
def test_the_fact_id_grep_catches_an_id_built_by_hand(line: str):
    assert HAND_BUILT_FACT_ID.search(line)


@pytest.mark.parametrize(
    "line",
    [
        'path = imported_dir / f"{model_id}.yaml"',
        'f"{path}: sources.{key}: also declared in {curated_path}"',
        'slug = f"{a.id}-vs-{b.id}"',
        'f"{major}.{minor}"',
        'f"{blend.input_share * 100:.0f}% input and {value:.2f}"',
        'id=model_fact(model.id, "context_window"),',
        "f\"{comparison.fact(model_fact(a.id, 'input_price')).display}/1M input tokens\"",
        '{{ f[route_fact(m.id, route.provider_id, "input_price")].display }}',
        "if parse_fact_id(fact.id).family is Family.ASSUMPTION:",
        'wanted = report.model.lower().rsplit("/", 1)[-1]',
    ],
)
def test_the_fact_id_grep_passes_what_is_no_fact_id(line: str):
    assert not HAND_BUILT_FACT_ID.search(line)


def test_no_fact_id_is_built_by_hand_outside_the_fact_id_module():
    assert hand_built_fact_ids() == []


# -- tests and benches share helpers through tests/support.py, never through each other -------------------


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, anywhere in it, as a dotted name resolved against the tests package."""
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            modules |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            package = "tests" if node.level else ""
            base = ".".join(part for part in (package, node.module or "") if part)
            modules |= {base} | {f"{base}.{alias.name}" for alias in node.names}
    return modules


def test_no_test_or_bench_module_imports_a_test_module_or_conftest():
    files = sorted((REPOSITORY / "tests").glob("*.py")) + sorted((REPOSITORY / "bench").glob("*.py"))
    offenders = [
        f"{path.relative_to(REPOSITORY)} imports {module}"
        for path in files
        for module in sorted(imported_modules(path))
        if module == "tests.conftest" or module.startswith("tests.test_")
    ]
    assert len(files) > 30 and offenders == []


# -- tests read fixtures; only tests marked `data` read the live facts/ ------------------------------------


def marked_data(decorators: list[ast.expr]) -> bool:
    return any(isinstance(mark, ast.Attribute) and mark.attr == "data" for mark in decorators)


def names_live_facts(node: ast.AST) -> bool:
    """`REPOSITORY / "facts"`: the project's own facts folder."""
    return (
        isinstance(node, ast.BinOp)
        and isinstance(node.left, ast.Name)
        and node.left.id == "REPOSITORY"
        and isinstance(node.right, ast.Constant)
        and node.right.value == "facts"
    )


def live_facts_reads(path: Path) -> list[int]:
    """Lines of `REPOSITORY / "facts"` outside a test marked data (by decorator or by the module's pytestmark)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    module_marks = [
        node.value
        for node in tree.body
        if isinstance(node, ast.Assign) and "pytestmark" in ast.unparse(node.targets[0])
    ]
    if marked_data(module_marks):
        return []
    allowed = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef) and marked_data(node.decorator_list)
        for inner in ast.walk(node)
    }
    return [node.lineno for node in ast.walk(tree) if names_live_facts(node) and id(node) not in allowed]


def test_only_tests_marked_data_read_the_live_facts():
    reads = {path.name: live_facts_reads(path) for path in sorted((REPOSITORY / "tests").glob("*.py"))}
    assert {name: lines for name, lines in reads.items() if lines} == {}
    # The scan does see the live-data module's own read: only its `data` mark lets it through.
    live_data = ast.parse((REPOSITORY / "tests" / "test_live_data.py").read_text(encoding="utf-8"))
    assert any(names_live_facts(node) for node in ast.walk(live_data))


def test_every_module_imports_first_without_an_import_cycle():
    """Each generator module imported first in a clean module table: a cycle shows as an ImportError
    only when its modules load in one order (the gate once failed when imported before the validator)."""
    script = """
import importlib, pathlib, sys
failed = []
for path in sorted(pathlib.Path("generator").rglob("*.py")):
    name = ".".join(path.with_suffix("").parts).removesuffix(".__init__")
    for loaded in [module for module in sys.modules if module == "generator" or module.startswith("generator.")]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except ImportError as error:
        failed.append(f"{name}: {error}")
print("\\n".join(failed))
"""
    repository = Path(__file__).resolve().parent.parent
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=repository, capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.strip() == ""
