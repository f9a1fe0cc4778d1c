"""What the tests and the benches share: the fixture folders, the reference pairs, drafts and pages built as
the CLI builds them, the edits a test makes to facts and drafts, the price-source fixtures, and a review
server on a free port. Test modules import from here (or from fakeserver.py and the validation corpora),
never from one another or from conftest.py."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest
import uvicorn
import yaml
from click.testing import CliRunner, Result

from generator.author import deterministic_section
from generator.cli import main
from generator.comparison import Comparison, compare
from generator.facts import load_facts
from generator.facts_genai import GenaiImportReport, import_genai_prices
from generator.facts_import import import_litellm
from generator.page import Page, assemble, render_markdown, write_page
from generator.reviewserver import create_app

REPOSITORY = Path(__file__).resolve().parent.parent
FIXTURES = REPOSITORY / "tests" / "fixtures"
# Three models and two pairs, written from the two reference pages: what most tests build.
REFERENCE_FACTS = FIXTURES / "reference"
# A frozen copy of facts/ (curated models, stubs and imports) for the tests that need a real catalog's
# breadth; a routine price update in facts/ leaves it, and the tests that read it, as they are.
CATALOG = FIXTURES / "catalog"
CHROMIUM = os.environ.get("VERSUS_CHROMIUM", "/usr/bin/chromium")

LLAMA, QWEN, TRINITY = "llama-3.2-1b-instruct", "qwen3.5-4b", "trinity-large-thinking"
PAIR = (LLAMA, QWEN)
PAIRS = [PAIR, (LLAMA, TRINITY)]
QWEN_SLUG = f"{LLAMA}-vs-{QWEN}"
TRINITY_SLUG = f"{LLAMA}-vs-{TRINITY}"
# The review tests' names for the two reference drafts: the one they act on and the one left alone.
SLUG, OTHER_SLUG = QWEN_SLUG, TRINITY_SLUG


# -- pages and drafts, as `versus build --llm none` writes them ---------------------------------------


def deterministic_page(comparison: Comparison) -> Page:
    """The page of a comparison with the deterministic writer's sections, as `versus build --llm none` assembles it."""
    sections = {section: deterministic_section(section, comparison) for section in ("deep_dive", "faq")}
    return assemble(comparison, sections)


def built_page(comparison: Comparison) -> str:
    """page.md exactly as `versus build --llm none` writes it."""
    return render_markdown(deterministic_page(comparison))


def write_drafts(review_dir: Path, facts_dir: Path = REFERENCE_FACTS, pairs=PAIRS) -> Path:
    """Drafts as `versus build --llm none` writes them."""
    dataset = load_facts(facts_dir)
    for pair in pairs:
        write_page(deterministic_page(compare(dataset, *pair)), review_dir)
    return review_dir


def build(out_dir: Path, facts_dir: Path = REFERENCE_FACTS, pairs=PAIRS) -> Result:
    """`versus build --llm none` of the pairs, through the CLI; the build must succeed."""
    arguments = ["build", "--llm", "none", "--out", str(out_dir), "--facts", str(facts_dir)]
    for a, b in pairs:
        arguments += ["--pair", a, b]
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 0, result.output
    return result


# -- edits a test makes to facts and drafts -------------------------------------------------------------

# Cloudflare's input price for Llama 3.2 1B in the reference facts, the cheapest input route.
CLOUDFLARE_INPUT = "input_usd_per_mtok: 0.027"
WRONG_PROSE = " Llama 3.2 1B Instruct costs $9.99 per 1M input tokens."


def edit(facts_dir: Path, relative: Path, old: str, new: str) -> Path:
    """Replace the first `old` in a file of the facts folder by `new` (which must be there)."""
    path = facts_dir / relative
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))
    return path


def change_cloudflare_price(facts_dir: Path, new_price: str = "0.045") -> None:
    path = facts_dir / "models" / f"{LLAMA}.yaml"
    text = path.read_text(encoding="utf-8")
    assert CLOUDFLARE_INPUT in text
    path.write_text(text.replace(CLOUDFLARE_INPUT, f"input_usd_per_mtok: {new_price}"), encoding="utf-8")


def rewrite_page(review_dir: Path, slug: str, change) -> None:
    """Change page.json and render the page files from it again, as a build whose LLM wrote that would."""
    path = review_dir / slug / "page.json"
    page = json.loads(path.read_text(encoding="utf-8"))
    change(page)
    write_page(Page.model_validate(page), review_dir)


def edit_page_json(review_dir: Path, slug: str, change) -> None:
    """Change page.json alone, as a hand (or a second build) would, leaving page.md and page.html as they were."""
    path = review_dir / slug / "page.json"
    page = json.loads(path.read_text(encoding="utf-8"))
    change(page)
    path.write_text(json.dumps(page, indent=2), encoding="utf-8")


def edit_page_md(review_dir: Path, slug: str, old: str, new: str) -> int:
    """Replace the first `old` in page.md by `new`; return its 1-based line number."""
    path = review_dir / slug / "page.md"
    lines = path.read_text(encoding="utf-8").split("\n")
    number = next(index for index, line in enumerate(lines) if old in line)
    lines[number] = lines[number].replace(old, new, 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    return number + 1


def add_wrong_prose(page: dict) -> None:
    page["sections"]["deep_dive"]["content"]["paragraphs"][0] += WRONG_PROSE


def wrong_snapshot_price(page: dict) -> None:
    (fact,) = [fact for fact in page["comparison"]["facts"] if fact["id"] == f"{LLAMA}.input_price"]
    fact["display"] = "$0.01"


# Parametrizes a test with the two ways a wrong figure gets into page.json by hand, as its `change`: in the
# prose, or in the facts snapshot.
wrong_figure_in_page_json = pytest.mark.parametrize(
    "change", [add_wrong_prose, wrong_snapshot_price], ids=["prose", "snapshot"]
)


# -- the price sources: LiteLLM's and genai-prices' fixtures, mapped onto the reference facts ---------------

GENAI_PRICES = FIXTURES / "genai_prices" / "prices.json"
LITELLM_PRICES = FIXTURES / "litellm" / "prices.json"
IMPORT_DAY = dt.date(2026, 11, 30)
GENAI_MAPPING = {
    "models": {
        LLAMA: [
            "aws/meta.llama3-2-1b-instruct-v1:0",
            "cloudflare/@cf/meta/llama-3.2-1b-instruct",
            "novita/meta-llama/llama-3.2-1b-instruct",
            "openrouter/meta-llama/llama-3.2-1b-instruct",
        ],
        TRINITY: ["arcee/trinity-large-thinking", "openrouter/arcee-ai/trinity-large-thinking"],
    }
}
LITELLM_MAPPING = {
    "models": {
        LLAMA: [
            "cloudflare/@cf/meta/llama-3.2-1b-instruct",
            "fireworks_ai/accounts/fireworks/models/llama-v3p2-1b-instruct",
            "meta.llama3-2-1b-instruct-v1:0",
            "novita/meta-llama/llama-3.2-1b-instruct",
        ]
    }
}


def with_price_sources(facts_copy: Path) -> Path:
    """The reference facts with both sources' provider maps and mappings of the fixtures' entries."""
    for source, mapping in (("litellm", LITELLM_MAPPING), ("genai-prices", GENAI_MAPPING)):
        (facts_copy / source).mkdir()
        shutil.copy(CATALOG / source / "providers.yaml", facts_copy / source / "providers.yaml")
        (facts_copy / source / "mapping.yaml").write_text(yaml.safe_dump(mapping))
    providers = yaml.safe_load((facts_copy / "providers.yaml").read_text())
    providers["providers"]["novita-ai"] = {"name": "Novita AI"}
    providers["providers"]["openai"] = {"name": "OpenAI API"}
    (facts_copy / "providers.yaml").write_text(yaml.safe_dump(providers))
    return facts_copy


def import_both(facts_dir: Path) -> GenaiImportReport:
    import_litellm(facts_dir, LITELLM_PRICES, source_version="1.109.1", today=dt.date(2026, 11, 24))
    return import_genai_prices(facts_dir, GENAI_PRICES, today=IMPORT_DAY)


# -- the review server ---------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RunningServer:
    """The review app on a free port in a real uvicorn (on the reference facts unless told); regenerations are
    recorded, not run."""

    def __init__(self, review_dir: Path, facts_dir: Path = REFERENCE_FACTS):
        self.review_dir = review_dir
        self.regenerated: list[tuple[str, str]] = []
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        app = create_app(review_dir, facts_dir, regenerate=lambda a, b: self.regenerated.append((a, b)))
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> RunningServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            assert time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.05)
        return self

    def __exit__(self, *exc_info) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)

    @property
    def ledger_lines(self) -> list[dict]:
        path = self.review_dir / "ledger.jsonl"
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []
