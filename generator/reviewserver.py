"""The review web page: `versus review serve`, a local server for reviewers.

Lists drafts by status; shows a draft's prose with every figure highlighted by its verification
against the facts as they are now (verified: the fact and its source on hover; flagged: the
finding), marks which sections the LLM wrote and which fell back, and takes approvals and
rejections into the ledger. It binds to 127.0.0.1 only, answers only to a local Host header (so a
rebound DNS name cannot reach it), and every POST must come from its own pages: same origin by
Origin/Referer and Sec-Fetch-Site, and carrying the per-server CSRF token in its URL, all checked
before a byte of the body is read; the body itself is capped. A decision carries the page hash the
reviewer was shown, and is refused (409) when the draft changed since.
"""

from __future__ import annotations

import functools
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Literal
from urllib.parse import parse_qs, urlsplit

import uvicorn
from pydantic import BaseModel
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from generator import factids
from generator.comparison import Comparison
from generator.content import read_content
from generator.errors import VersusError
from generator.facts import Dataset, load_facts
from generator.page import HTML, Page, read_page
from generator.reconcile import Reconciliation, conflicted_facts, describe_values, reconcile
from generator.review import (
    STATUSES,
    Draft,
    DraftChanged,
    approve,
    check_regenerable,
    current_comparison,
    find_draft,
    get_draft,
    history,
    list_drafts,
    reject,
    validate_draft,
)
from generator.validation import Validator, describe_finding
from generator.writer import write_intro

Regenerate = Callable[[str, str], None]
HOST = "127.0.0.1"
LOCAL_HOSTS = ["127.0.0.1", "localhost"]
# The built page.html is shown in a sandboxed frame; it needs no script and loads nothing.
PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
# A decision form holds a name, a note and a hash: a few hundred bytes. Anything far bigger is refused unread.
MAX_FORM_BYTES = 64 * 1024
FORM_TYPE = "application/x-www-form-urlencoded"


class Segment(BaseModel):
    """A run of prose: plain text, or a figure with what the validator says about it."""

    text: str
    kind: Literal["plain", "verified", "flagged", "conflicted"] = "plain"
    title: str = ""


class ProseBlock(BaseModel):
    """One highlighted piece of prose: a paragraph, an FAQ question or answer."""

    role: Literal["paragraph", "question", "answer"]
    segments: list[Segment]


class ProseSection(BaseModel):
    name: str
    title: str
    author: str
    outcome: str
    model: str | None
    attempts: int
    blocks: list[ProseBlock]


def highlight(text: str, validator: Validator, conflicted: dict[str, str] | None = None) -> list[Segment]:
    """Split `text` into plain runs and figures: flagged where a finding covers it, verified otherwise;
    a verified figure whose fact is a price the sources disagree on is conflicted (`conflicted`: fact id -> every source's value)."""
    report = validator.validate(text)
    conflicted = conflicted or {}
    marks = [(finding.start, finding.end, "flagged", _finding_title(finding)) for finding in report.findings]
    flagged = {(start, end) for start, end, _, _ in marks}
    marks += [
        _conflicted_mark(mention, conflicted[mention.fact_id])
        if mention.verified and mention.fact_id in conflicted
        else (mention.start, mention.end, "verified" if mention.verified else "flagged", _mention_title(mention))
        for mention in report.mentions
        if (mention.start, mention.end) not in flagged
    ]
    segments, position = [], 0
    # By position, findings first where a finding and a mention start together: the finding is what a reviewer must see.
    for start, end, kind, title in sorted(marks, key=lambda mark: (mark[0], mark[2] != "flagged")):
        if start < position or end <= start:
            continue  # overlaps a figure already marked
        if start > position:
            segments.append(Segment(text=text[position:start]))
        segments.append(Segment(text=text[start:end], kind=kind, title=title))
        position = end
    if position < len(text):
        segments.append(Segment(text=text[position:]))
    return segments


def _conflicted_mark(mention, values: str) -> tuple[int, int, str, str]:
    return (
        mention.start,
        mention.end,
        "conflicted",
        f"{mention.fact_id}: {mention.fact_display}, but the sources disagree: {values}",
    )


def _mention_title(mention) -> str:
    if not mention.verified:
        return "not verified: no fact matches this figure"
    return f"{mention.fact_id}: {mention.fact_display} (source: {mention.source_url or 'computed from the facts'})"


def _finding_title(finding) -> str:
    closest = f" (closest fact {finding.closest_fact}: {finding.closest_display})" if finding.closest_fact else ""
    return f"{finding.kind}: {finding.message}{closest}"


def prose_sections(page: Page, comparison: Comparison, conflicted: dict[str, str] | None = None) -> list[ProseSection]:
    """The page's prose, section by section, highlighted against `comparison`."""
    validator = Validator(comparison)

    def blocks(pieces: list[tuple[str, str]]) -> list[ProseBlock]:
        return [ProseBlock(role=role, segments=highlight(text, validator, conflicted)) for role, text in pieces]

    opening = [
        ("paragraph", write_intro(page.comparison)),
        ("paragraph", page.comparison.fact(factids.VERDICT).display),
    ]
    sections = [
        ProseSection(
            name="intro",
            title="Intro and verdict",
            author="deterministic",
            outcome="deterministic",
            model=None,
            attempts=0,
            blocks=blocks(opening),
        )
    ]
    for name, title in (("deep_dive", "Deep dive"), ("faq", "FAQ")):
        result = page.sections[name]
        if name == "deep_dive":
            pieces = [("paragraph", paragraph) for paragraph in result.content.paragraphs]
        else:
            pieces = [
                piece
                for item in result.content.items
                for piece in (("question", item.question), ("answer", item.answer))
            ]
        sections.append(
            ProseSection(
                name=name,
                title=title,
                author=result.author,
                outcome=result.outcome,
                model=result.model,
                attempts=len(result.attempts),
                blocks=blocks(pieces),
            )
        )
    return sections


def is_same_origin(request: Request) -> bool:
    """Whether a POST comes from this server's own pages (the browser says so; a forged request cannot)."""
    if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
        return False
    own_origin = f"{request.url.scheme}://{request.headers.get('host', '')}"
    origin = request.headers.get("origin")
    if origin is not None:
        return origin == own_origin
    referer = urlsplit(request.headers.get("referer", ""))
    return f"{referer.scheme}://{referer.netloc}" == own_origin


def create_app(review_dir: Path, facts_dir: Path, regenerate: Regenerate | None = None) -> Starlette:
    """The review app over the drafts in review_dir, checked against the facts in facts_dir."""
    csrf_token = secrets.token_urlsafe(32)

    def render(template: str, status_code: int = 200, **context) -> HTMLResponse:
        html = HTML.get_template(f"review/{template}").render(
            csrf_token=csrf_token, can_regenerate=regenerate is not None, **context
        )
        return HTMLResponse(html, status_code=status_code)

    async def index(request: Request) -> Response:
        drafts = list_drafts(review_dir, load_facts(facts_dir))
        groups = [(status, [draft for draft in drafts if draft.status == status]) for status in STATUSES]
        return render("index.html.j2", groups=groups, review_dir=review_dir)

    async def show_draft(request: Request, error: str | None = None, status_code: int = 200) -> Response:
        slug = request.path_params["slug"]
        dataset = load_facts(facts_dir)
        draft = get_draft(review_dir, slug, dataset)
        return render(
            "draft.html.j2",
            status_code,
            **_draft_context(review_dir, draft, dataset, reconcile(facts_dir)),
            error=error,
        )

    async def draft_page_html(request: Request) -> Response:
        content = read_content(find_draft(review_dir, request.path_params["slug"]))
        return HTMLResponse(content.html, headers={"Content-Security-Policy": PAGE_POLICY})

    async def decide(request: Request) -> Response:
        slug, action = request.path_params["slug"], request.path_params["action"]
        # Who is asking is decided from the headers and the URL alone, before the body is read.
        refusal = _refusal(request, request.query_params.get("csrf_token"), csrf_token)
        if refusal:
            return refusal
        form = await _read_form(request)
        if isinstance(form, Response):
            return form
        reviewer, note, shown_hash = form.get("reviewer", ""), form.get("note", ""), form.get("page_hash", "")
        if action in ("approve", "reject") and not shown_hash:
            return render(
                "error.html.j2",
                400,
                message="the form carries no page hash, so it is not known what you reviewed: reload the draft and decide again",
            )
        try:
            if action == "approve":
                await run_in_threadpool(
                    functools.partial(
                        approve, review_dir, slug, reviewer, note, load_facts(facts_dir), expected_hash=shown_hash
                    )
                )
            elif action == "reject":
                await run_in_threadpool(
                    functools.partial(reject, review_dir, slug, reviewer, note, expected_hash=shown_hash)
                )
            elif action == "regenerate" and regenerate is not None:
                draft = get_draft(review_dir, slug, None)
                check_regenerable(draft)
                await run_in_threadpool(regenerate, *draft.pair)
            else:
                return render("error.html.j2", 404, message=f"no action '{action}' here")
        except DraftChanged as error:
            return await show_draft(request, error=str(error), status_code=409)
        except VersusError as error:
            return await show_draft(request, error=str(error), status_code=400)
        return RedirectResponse(f"/drafts/{slug}", status_code=303)

    async def user_error(request: Request, error: VersusError) -> Response:
        return render("error.html.j2", 400, message=str(error))

    routes = [
        Route("/", index),
        Route("/drafts/{slug}", show_draft),
        Route("/drafts/{slug}/page.html", draft_page_html),
        Route("/drafts/{slug}/{action}", decide, methods=["POST"]),
    ]
    return Starlette(
        routes=routes,
        middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=LOCAL_HOSTS)],
        exception_handlers={VersusError: user_error},
    )


async def _read_form(request: Request) -> dict[str, str] | Response:
    """The decision form's fields, read at most MAX_FORM_BYTES (a declared length is refused before reading)."""
    if request.headers.get("content-type", "").split(";")[0].strip() != FORM_TYPE:
        return Response(f"send the form as {FORM_TYPE}", status_code=415)
    declared = request.headers.get("content-length", "")
    if declared and (not declared.isdigit() or int(declared) > MAX_FORM_BYTES):
        return Response(f"form too large (more than {MAX_FORM_BYTES} bytes)", status_code=413)
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            return Response(f"form too large (more than {MAX_FORM_BYTES} bytes)", status_code=413)
    try:
        fields = parse_qs(body.decode("utf-8"), keep_blank_values=True, max_num_fields=20)
    except (UnicodeDecodeError, ValueError):
        return Response("the form is not UTF-8 URL-encoded fields", status_code=400)
    return {name: values[0] for name, values in fields.items()}


def _refusal(request: Request, submitted_token, csrf_token: str) -> Response | None:
    if not is_same_origin(request):
        return Response("cross-site request refused", status_code=403)
    if not isinstance(submitted_token, str) or not secrets.compare_digest(submitted_token, csrf_token):
        return Response("missing or wrong CSRF token; reload the page and try again", status_code=403)
    return None


def _draft_context(
    review_dir: Path, draft: Draft, dataset: Dataset, reconciliation: Reconciliation | None = None
) -> dict:
    page = read_page(draft.page_dir)
    comparison = current_comparison(dataset, page)
    conflicted = conflicted_facts(reconciliation, (comparison or page.comparison).facts) if reconciliation else {}
    return {
        # Prices the sources disagree on: shown in their own colour with every source's value.
        "conflicts": [
            ((comparison or page.comparison).fact(fact_id), describe_values(price))
            for fact_id, price in conflicted.items()
        ],
        "draft": draft,
        "page": page,
        # With the pair gone from the facts, figures are shown against the snapshot the page was built from.
        "checked_against_snapshot": comparison is None,
        "sections": prose_sections(
            page,
            comparison or page.comparison,
            {fact_id: describe_values(price) for fact_id, price in conflicted.items()},
        ),
        "findings": [
            describe_finding(finding)
            for finding in validate_draft(draft.page_dir, comparison or page.comparison).findings
        ],
        "history": history(review_dir, draft.slug),
    }


def serve(review_dir: Path, facts_dir: Path, port: int, regenerate: Regenerate | None = None) -> None:
    """Serve the review app on 127.0.0.1:port until Ctrl-C."""
    uvicorn.run(create_app(review_dir, facts_dir, regenerate), host=HOST, port=port, log_level="warning")
