"""Stage 6, page: render a pair's facts and validated prose into page.md, page.html and page.json."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from pydantic import BaseModel, TypeAdapter, ValidationError

from generator import __version__, factids
from generator.charts import benchmark_chart, cost_chart
from generator.comparison import Comparison, Fact, FactSource, compare
from generator.errors import VersusError
from generator.factids import Family, gap_fact, model_fact, parse_fact_id
from generator.facts import CAPABILITIES, CAPABILITY_NAMES, Dataset
from generator.files import write_if_changed
from generator.formulas import calculator_data, derivations
from generator.sections import SectionResult
from generator.validation import ValidationReport, Validator, validate_markdown
from generator.writer import write_intro

TEMPLATES = Path(__file__).parent / "templates"


class Page(BaseModel):
    """page.json: everything a page states, the facts behind it, and how each prose section was written."""

    slug: str
    pair: tuple[str, str]
    generator_version: str
    facts_hash: str
    comparison: Comparison
    sections: dict[str, SectionResult]

    def content_hash(self) -> str:
        return hashlib.sha256(json.dumps(self.model_dump(mode="json"), sort_keys=True).encode()).hexdigest()


# One serializer call for the whole list: a build hashes every pair's facts.
FACT_LIST = TypeAdapter(list[Fact])


def facts_hash(comparison: Comparison) -> str:
    """A hash of every fact the page stands on: unchanged facts mean an unchanged page."""
    payload = FACT_LIST.dump_python(comparison.facts, mode="json")
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def assemble(comparison: Comparison, sections: dict[str, SectionResult], facts_digest: str | None = None) -> Page:
    """The page of a pair; `facts_digest` is `facts_hash(comparison)` when the caller already has it."""
    return Page(
        slug=comparison.slug,
        pair=(comparison.a.id, comparison.b.id),
        generator_version=__version__,
        facts_hash=facts_digest or facts_hash(comparison),
        comparison=comparison,
        sections=sections,
    )


# What would let text from the facts or the prose become HTML, a link, an image or a table cell in
# page.md: backslash-escaped (CommonMark shows each as itself) in every value the Markdown template prints.
MARKDOWN_SPECIALS = re.compile(r"([\\`<>\[\]|])")


class MarkdownSafe(str):
    """Text the page.md template prints as it is: made safe where it is made (the receipt's JSON)."""


def markdown_text(value: Any) -> str:
    return value if isinstance(value, MarkdownSafe) else MARKDOWN_SPECIALS.sub(r"\\\1", str(value))


def _environment(autoescape: bool) -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        **({} if autoescape else {"finalize": markdown_text}),
    )
    # A value in a table row stays on its line ("|" is escaped by markdown_text).
    environment.filters["cell"] = lambda text: str(text).replace("\n", " ")
    # Templates name a fact with the builders the code uses (`f[model_fact(a.id, "context_window")]`).
    environment.globals.update(factids.TEMPLATE_GLOBALS)
    return environment


MARKDOWN = _environment(autoescape=False)
HTML = _environment(autoescape=True)


def template_context(page: Page, receipt: Receipt | None = None, validator: Validator | None = None) -> dict[str, Any]:
    """Everything the page templates read; the receipt is computed (by validating the page's
    Markdown) when the caller does not pass the one it already has."""
    context = _body_context(page, validator)
    context["receipt"] = receipt or receipt_of(
        page, validate_markdown(page.comparison, MARKDOWN.get_template("page.md.j2").render(context))
    )
    return context


def _body_context(page: Page, validator: Validator | None = None) -> dict[str, Any]:
    comparison = page.comparison
    facts: dict[str, Fact] = {fact.id: fact for fact in comparison.facts}
    models = (comparison.a, comparison.b)
    scored = [fact.attribute for fact in comparison.facts if fact.unit == "score"]
    intro = write_intro(comparison)
    return {
        "page": page,
        "c": comparison,
        "f": facts,
        "models": models,
        "intro": intro,
        "capabilities": [(name, CAPABILITY_NAMES[name]) for name in CAPABILITIES],
        "benchmarks": list(dict.fromkeys(scored)),
        "price_gaps": [
            (attribute, label)
            for attribute, label in (
                ("input_price", "Input price gap"),
                ("output_price", "Output price gap"),
                ("blended_price", "Blended price gap"),
            )
            if gap_fact(attribute, "cheaper") in facts
        ],
        "deep_dive": page.sections["deep_dive"],
        "faq": page.sections["faq"],
        "related": [(f"{a}-vs-{b}", _pair_title(comparison, a, b)) for a, b in comparison.related_pairs],
        "benchmark_chart": benchmark_chart(comparison, facts, list(dict.fromkeys(scored))),
        "cost_chart": cost_chart(comparison, facts),
        "figures": FigureMarker(comparison, facts, _prose_texts(page, facts, intro), validator),
        "source_note": source_note,
        "derivations": derivations(comparison, facts),
        "calculator": calculator_data(comparison),
        "receipt": None,
        "receipt_mark": RECEIPT_MARK,
    }


def _prose_texts(page: Page, facts: dict[str, Fact], intro: str) -> list[str]:
    """Every prose text page.html marks figures in, in page order."""
    comparison = page.comparison
    texts = [intro, facts[factids.VERDICT].display]
    texts += [facts[model_fact(model.id, "leads_on")].display for model in (comparison.a, comparison.b)]
    texts += facts[factids.TRADEOFFS].value
    texts += [comparison.traffic_description, comparison.blend_description]
    texts += [facts[factids.PRICE_MIX_FLIP].display] if factids.PRICE_MIX_FLIP in facts else []
    texts += page.sections["deep_dive"].content.paragraphs
    texts += [text for item in page.sections["faq"].content.items for text in (item.question, item.answer)]
    return texts


def _pair_title(comparison: Comparison, a: str, b: str) -> str:
    return f"{comparison.model_names[a][0]} vs {comparison.model_names[b][0]}"


def render_markdown(page: Page, receipt: Receipt | None = None) -> str:
    """page.md; with a receipt, it ends with the receipt as a comment the validator skips."""
    context = _body_context(page)
    context["receipt"] = receipt
    return MARKDOWN.get_template("page.md.j2").render(context)


def render_html(page: Page, receipt: Receipt | None = None, validator: Validator | None = None) -> str:
    """page.html; `validator` is the pair's, when the caller has built one already."""
    return HTML.get_template("page.html.j2").render(template_context(page, receipt, validator))


@dataclass(frozen=True)
class RenderedPage:
    """What a page.json renders to: the page files and the validation report its receipt states."""

    markdown: str
    html: str
    report: ValidationReport
    receipt: Receipt


def render_page(page: Page) -> RenderedPage:
    """page.md and page.html of `page`, each ending with the receipt of validating page.md's body: a
    pure function of page.json, so a page file that differs from it was edited after the build."""
    body = render_markdown(page)
    validator = Validator(page.comparison)
    report = validator.validate_markdown(body)
    receipt = receipt_of(page, report)
    # The receipt is appended after everything validated, as a comment: the mentions and their
    # offsets stay those of the report, only the word count takes the comment in.
    markdown = render_markdown(page, receipt)
    report = report.model_copy(update={"words": len(markdown.split())})
    return RenderedPage(markdown=markdown, html=render_html(page, receipt, validator), report=report, receipt=receipt)


def write_page(page: Page, out_dir: Path) -> tuple[Path, bool]:
    """Write one pair's page files and its validation report; say whether any file changed.

    Each file is replaced atomically and page.json goes last, so a page.json on disk always
    describes complete page files beside it."""
    page_dir = out_dir / page.slug
    rendered = render_page(page)
    files = {
        "page.md": rendered.markdown,
        "page.html": rendered.html,
        "validation.json": rendered.report.model_dump_json(indent=2) + "\n",
        "page.json": page.model_dump_json(indent=2) + "\n",
    }
    changed = [write_if_changed(page_dir / name, text) for name, text in files.items()]
    return page_dir, any(changed)


def read_page(page_dir: Path) -> Page:
    path = page_dir / "page.json"
    try:
        return Page.model_validate_json(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise VersusError(
            f"{path}: cannot read the page ({error.strerror}); pass a folder that `versus build` wrote"
        ) from error
    except ValidationError as error:
        raise VersusError(
            f"{path}: not a page.json of this versus ({error.error_count()} problems, first: {error.errors()[0]['msg']}); rebuild it with `versus build`"
        ) from error


def validate_page_dir(dataset: Dataset, page_dir: Path) -> ValidationReport:
    """Re-validate a built page (tables and prose of page.md) against the facts as they are now."""
    page = read_page(page_dir)
    markdown_path = page_dir / "page.md"
    try:
        markdown = markdown_path.read_text(encoding="utf-8")
    except OSError as error:
        raise VersusError(
            f"{markdown_path}: cannot read the page ({error.strerror}); rebuild it with `versus build`"
        ) from error
    return validate_markdown(compare(dataset, *page.pair), markdown)


# -- validation receipt ------------------------------------------------------------------------

RECEIPT_MARK = "versus-receipt:"
RECEIPT_COMMENT = re.compile(r"<!--\s*" + re.escape(RECEIPT_MARK) + r"\s*(\{.*?\})\s*\n", re.DOTALL)
RECEIPT_SCRIPT = re.compile(r'<script type="application/json" id="versus-receipt">(.*?)</script>', re.DOTALL)


class SectionReceipt(BaseModel):
    """Who wrote a prose section and after how many repair rounds."""

    section: str
    author: str
    outcome: str
    model: str | None
    repairs: int
    attempts: int


class Receipt(BaseModel):
    """What a page's validation found, stated at the end of the page; computed from validation.json
    (the figures and findings) and page.json (the authors, versus version and facts date)."""

    figures: int
    verified: int
    findings: int
    sections: list[SectionReceipt]
    versus_version: str
    facts_checked: dt.date

    @property
    def all_verified(self) -> bool:
        return self.findings == 0 and self.verified == self.figures

    def as_json(self) -> MarkdownSafe:
        # Printed inside an HTML comment of page.md: "--" may not appear there, and "<", ">" and "&"
        # must not close it or start markup; as JSON escapes they read back the same.
        text = json.dumps(self.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
        for character, escaped in (("--", "-\\u002d"), ("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
            text = text.replace(character, escaped)
        return MarkdownSafe(text)


def receipt_of(page: Page, report: ValidationReport) -> Receipt:
    figures = [mention for mention in report.mentions if mention.kind == "number"]
    return Receipt(
        figures=len(figures),
        verified=sum(mention.verified for mention in figures),
        findings=len(report.findings),
        sections=[
            SectionReceipt(
                section=name,
                author=result.author,
                outcome=result.outcome,
                model=result.model,
                repairs=sum(attempt.kind == "repair" for attempt in result.attempts),
                attempts=len(result.attempts),
            )
            for name, result in page.sections.items()
        ],
        versus_version=page.generator_version,
        facts_checked=page.comparison.last_reviewed,
    )


RECEIPT_FILES = {"page.md": (RECEIPT_COMMENT, "receipt.md.j2"), "page.html": (RECEIPT_SCRIPT, "receipt.html.j2")}


def stated_receipts(page_dir: Path) -> dict[str, Receipt | None]:
    """The receipt each page file states (None when a file states none or an unreadable one)."""
    found: dict[str, Receipt | None] = {}
    for name, (pattern, _) in RECEIPT_FILES.items():
        path = page_dir / name
        match = pattern.search(path.read_text(encoding="utf-8") if path.is_file() else "")
        try:
            found[name] = Receipt.model_validate_json(match.group(1)) if match else None
        except ValidationError:
            found[name] = None
    return found


def rendered_receipt(name: str, receipt: Receipt) -> str:
    """The receipt exactly as page.md or page.html states it."""
    environment = MARKDOWN if name == "page.md" else HTML
    return environment.get_template(RECEIPT_FILES[name][1]).render(receipt=receipt, receipt_mark=RECEIPT_MARK)


def recorded_receipt(page_dir: Path) -> Receipt | None:
    """The receipt of a built page from its page.json and validation.json (None without validation.json)."""
    report_path = page_dir / "validation.json"
    if not report_path.is_file():
        return None
    try:
        report = ValidationReport.model_validate_json(report_path.read_text(encoding="utf-8"))
    except ValidationError as error:
        raise VersusError(
            f"{report_path}: not a validation report ({error.errors()[0]['msg']}); rebuild the page with `versus build`"
        ) from error
    return receipt_of(read_page(page_dir), report)


@dataclass
class ReceiptProblem:
    """A page file whose validation receipt disagrees with its validation.json and page.json."""

    file: Path
    message: str


def receipt_problems(page_dir: Path) -> list[ReceiptProblem]:
    """Where the receipt a page states (its data and its text) disagrees with its validation.json
    and page.json (a page without validation.json is checked against its page.md validated afresh)."""
    try:
        expected = recorded_receipt(page_dir)
    except VersusError as error:
        return [ReceiptProblem(page_dir / "validation.json", str(error))]
    if expected is None:
        page = read_page(page_dir)
        expected = receipt_of(
            page, validate_markdown(page.comparison, (page_dir / "page.md").read_text(encoding="utf-8"))
        )
    problems = []
    for name, stated in stated_receipts(page_dir).items():
        path = page_dir / name
        if rendered_receipt(name, expected) in (path.read_text(encoding="utf-8") if path.is_file() else ""):
            continue
        if stated is None:
            problems.append(
                ReceiptProblem(path, "states no readable validation receipt; rebuild the page with `versus build`")
            )
            continue
        differing = [field for field in Receipt.model_fields if getattr(stated, field) != getattr(expected, field)]
        shown = (
            "; ".join(
                f"{field} {getattr(stated, field)!r} instead of {getattr(expected, field)!r}" for field in differing
            )
            or "its text was changed"
        )
        problems.append(
            ReceiptProblem(
                path, f"the validation receipt disagrees with validation.json and page.json: {shown}; rebuild the page"
            )
        )
    return problems


# -- figures that show their source ------------------------------------------------------------


@dataclass
class Segment:
    """A run of prose: plain text, or a figure and the fact it was verified against."""

    text: str
    fact: Fact | None = None


def source_note(fact: Fact) -> str:
    """Where a figure comes from, as its tooltip says: the fact id, its sources and when they were checked."""
    if fact.sources:
        unique = {source.url: source for source in fact.sources}.values()
        return f"{fact.id}: " + "; ".join(_source_line(source) for source in unique)
    if parse_fact_id(fact.id).family is Family.ASSUMPTION:
        return f"{fact.id}: stated in assumptions.yaml"
    return f"{fact.id}: computed from the other facts of this page"


def _source_line(source: FactSource) -> str:
    where = f"{source.title} <{source.url}>" if source.title else source.url
    return f"{where}, checked {source.checked.isoformat()}"


class FigureMarker:
    """Splits prose into plain runs and the figures the validator verified, each with its fact.

    The first call validates all of the page's prose (`texts`) in one pass, one scan instead of one
    per paragraph, and only then: the Markdown renderings never ask. A text not among `texts` is
    validated on its own."""

    SEPARATOR = "\n\n"

    def __init__(
        self, comparison: Comparison, facts: dict[str, Fact], texts: list[str], validator: Validator | None = None
    ):
        self.comparison = comparison
        self.facts = facts
        self._texts = texts
        self._validator = validator
        self._prepared: dict[str, list[Segment]] = {}

    def _validate(self, text: str) -> ValidationReport:
        if self._validator is None:
            self._validator = Validator(self.comparison)
        return self._validator.validate(text)

    def _prepare(self) -> None:
        texts = list(dict.fromkeys(text for text in self._texts if text))
        joined = self.SEPARATOR.join(texts)
        mentions = self._validate(joined).mentions
        start = 0
        for text in texts:
            end = start + len(text)
            inside = [mention for mention in mentions if start <= mention.start and mention.end <= end]
            self._prepared[text] = self._segments(text, inside, start)
            start = end + len(self.SEPARATOR)

    def __call__(self, text: str) -> list[Segment]:
        if not self._prepared:
            self._prepare()
        if text not in self._prepared:
            self._prepared[text] = self._segments(text, self._validate(text).mentions, 0)
        return self._prepared[text]

    def _segments(self, text: str, mentions, offset: int) -> list[Segment]:
        segments, position = [], 0
        for mention in mentions:
            start, end = mention.start - offset, mention.end - offset
            fact = self.facts.get(mention.fact_id or "")
            if mention.kind != "number" or not mention.verified or fact is None or start < position:
                continue
            if start > position:
                segments.append(Segment(text[position:start]))
            segments.append(Segment(text[start:end], fact))
            position = end
        if position < len(text):
            segments.append(Segment(text[position:]))
        return segments


# -- site index --------------------------------------------------------------------------------


class IndexModel(BaseModel):
    """One model's figures in a row of the site index; `*_sort` are exact values for sorting ('' unknown)."""

    name: str
    blended_price: str
    blended_price_sort: str
    context_window: str
    context_window_sort: str


class IndexRow(BaseModel):
    slug: str
    title: str
    models: tuple[IndexModel, IndexModel]


def index_row(page: Page) -> IndexRow:
    """A published pair as the site index lists it: both models' blended prices and context windows."""
    comparison = page.comparison
    facts = {fact.id: fact for fact in comparison.facts}

    def summary(model_id: str, name: str) -> IndexModel:
        price, window = facts[model_fact(model_id, "blended_price")], facts[model_fact(model_id, "context_window")]
        return IndexModel(
            name=name,
            blended_price=f"{price.display}/1M tokens" if price.known else price.display,
            blended_price_sort=format(price.value, "f") if price.known else "",
            context_window=window.display,
            context_window_sort=str(window.value) if window.known else "",
        )

    return IndexRow(
        slug=page.slug,
        title=f"{comparison.a.name} vs {comparison.b.name}",
        models=(summary(comparison.a.id, comparison.a.name), summary(comparison.b.id, comparison.b.name)),
    )


def index_rows(site_dir: Path, slugs: list[str]) -> list[IndexRow]:
    """The index rows of the pages published into site_dir (each read from its copied page.json)."""
    return [index_row(read_page(site_dir / slug)) for slug in slugs]
