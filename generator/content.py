"""One page, one content: page.json is the record, page.md and page.html are what it renders to.

Approval, `versus validate PAGE_DIR`, `versus check` and `versus publish` all read a page through
`read_content`: the three files are read once, hashed from those bytes, checked against what
page.json renders to, and validated from the same bytes. A file edited after the build (a figure
typed into page.json's prose or its facts snapshot, a hand-edited page.html) is a finding, and the
hash an approval records is the hash of exactly what was validated.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from pydantic import ValidationError

from generator.comparison import Comparison
from generator.errors import VersusError
from generator.page import Page, Receipt, facts_hash, render_html, render_page
from generator.validation import ValidationReport, validate_markdown

# The files a reader sees or that the page is rendered from: any change to one of them is a new page.
PAGE_FILES = ("page.md", "page.html", "page.json")
# A page.html renderer: the draft's (render_html) or the published site's; both state the receipt.
RenderHtml = Callable[[Page, Receipt], str]


@dataclass(frozen=True)
class PageContent:
    """A page's files as read once from disk, and the page.json they hold."""

    page_dir: Path
    files: dict[str, bytes]
    page: Page

    @property
    def markdown(self) -> str:
        return self.files["page.md"].decode("utf-8")

    @property
    def html(self) -> str:
        return self.files["page.html"].decode("utf-8")

    @property
    def hash(self) -> str:
        return content_hash(self.files)


def content_hash(files: dict[str, bytes]) -> str:
    """A hash of the page files, names included."""
    digest = hashlib.sha256()
    for name in PAGE_FILES:
        digest.update(name.encode() + b"\0" + files[name] + b"\0")
    return digest.hexdigest()


def read_content(page_dir: Path) -> PageContent:
    """Read page.md, page.html and page.json once; a missing, unreadable or malformed one is a VersusError."""
    files = {}
    for name in PAGE_FILES:
        path = page_dir / name
        try:
            files[name] = path.read_bytes()
            files[name].decode("utf-8")
        except OSError as error:
            raise VersusError(
                f"{path}: cannot read the page ({error.strerror}); rebuild it with `versus build`"
            ) from error
        except UnicodeDecodeError as error:
            raise VersusError(f"{path}: not UTF-8 text (byte {error.start}); rebuild it with `versus build`") from error
    try:
        page = Page.model_validate_json(files["page.json"])
    except ValidationError as error:
        path = page_dir / "page.json"
        raise VersusError(
            f"{path}: not a page.json of this versus ({error.error_count()} problems, first: {error.errors()[0]['msg']}); rebuild it with `versus build`"
        ) from error
    return PageContent(page_dir=page_dir, files=files, page=page)


def tampering(content: PageContent, html_of: RenderHtml = render_html) -> list[str]:
    """Where the files disagree with page.json (empty when they are what it renders to).

    `html_of` renders the page.html this folder should hold: the draft's, or a published page's."""
    page, problems = content.page, []
    if facts_hash(page.comparison) != page.facts_hash:
        problems.append(
            f"{content.page_dir / 'page.json'}: comparison: the facts snapshot does not match its facts_hash (edited after the build); rebuild the page"
        )
    rendered = render_page(page)
    for name, expected in (("page.md", rendered.markdown), ("page.html", html_of(page, rendered.receipt))):
        if content.files[name] != expected.encode("utf-8"):
            problems.append(
                f"{content.page_dir / name}: differs from what page.json renders to (edited after the build, or built by another versus); rebuild the page"
            )
    return problems


def validate_content(content: PageContent, comparison: Comparison) -> ValidationReport:
    """Every figure of the page.md that was read (tables and prose) against `comparison`."""
    return validate_markdown(comparison, content.markdown)


def html_text(html: str) -> str:
    """The text a reader sees in a page.html, as Markdown-like lines (tables as | rows |), for the validator."""
    parser = _TextOfHtml()
    parser.feed(html)
    parser.close()
    return "".join(parser.pieces)


class _TextOfHtml(HTMLParser):
    """Block elements become paragraphs, headings keep their level, table rows become | cells | with a
    separator after the first row: the shape of page.md, so the validator reads both alike.

    Elements marked `data-derived` (charts, "How we computed this", the receipt) are left out: they
    are rendered from page.json's facts alone, page.html must equal that rendering (`tampering`), and
    `versus check` checks the receipt against validation.json; their exact inputs are not claims."""

    BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "tr", "section", "table", "ul", "article", "div"}
    HIDDEN = {"script", "style", "head"}
    VOID = {"br", "img", "hr", "input", "meta", "link", "wbr", "source", "col", "area", "base", "embed", "track"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self.hidden = 0
        self.rows_in_table = 0
        self.cells_in_row = 0
        self.derived: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if self.derived or any(name == "data-derived" for name, _ in attrs):
            if tag not in self.VOID:
                self.derived.append(tag)
        elif tag in self.HIDDEN:
            self.hidden += 1
        elif tag == "table":
            self.rows_in_table = 0
            self.pieces.append("\n\n")
        elif tag == "tr":
            self.cells_in_row = 0
            self.pieces.append("\n|")
        elif tag in ("td", "th"):
            self.cells_in_row += 1
            self.pieces.append(" ")
        elif tag in self.BLOCKS:
            self.pieces.append("\n\n" + {"h1": "# ", "h2": "## ", "h3": "### ", "h4": "#### ", "li": "- "}.get(tag, ""))
        elif tag == "br":
            self.pieces.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self.derived:
            if tag in self.derived:
                del self.derived[len(self.derived) - 1 - self.derived[::-1].index(tag) :]
        elif tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in ("td", "th"):
            self.pieces.append(" |")
        elif tag == "tr":
            self.rows_in_table += 1
            if self.rows_in_table == 1:
                self.pieces.append("\n|" + "---|" * self.cells_in_row)
        elif tag in self.BLOCKS:
            self.pieces.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden and not self.derived:
            self.pieces.append(re.sub(r"\s+", " ", data))
