"""Hostile and careless input: every case ends in a one-line message naming the file and the field,
exit 2 and nothing written, or (for text injected into the facts) in pages where that text is shown
as text: no HTML, no link, no image it did not come with.

Cases by kind: bad facts, bad settings, injection strings in every rendered facts field, a damaged
ledger and damaged pages, the review server, publishing, concurrent builds, file permissions.
(Bad LLM replies and LLM prose are the LLM client's and the prose gate's tests.)
"""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from markdown_it import MarkdownIt

from generator.cli import main
from tests.fakeserver import FakeServer
from tests.support import PAIR, REFERENCE_FACTS, REPOSITORY, SLUG, RunningServer

LLAMA = Path("models/llama-3.2-1b-instruct.yaml")
QWEN = Path("models/qwen3.5-4b.yaml")


def cli(*arguments: str):
    return CliRunner().invoke(main, [str(argument) for argument in arguments])


def build_into(out_dir: Path, facts_dir: Path = REFERENCE_FACTS, *extra: str, pair=PAIR):
    return cli(
        "build", *(["--pair", *pair] if pair else []), "--llm", "none", "--out", out_dir, "--facts", facts_dir, *extra
    )


def assert_refused(result, *names: str) -> None:
    """Exit 2, a message (not a traceback) whose first line names every one of `names`."""
    assert result.exit_code == 2, (result.exit_code, result.output, result.exception)
    assert "Traceback" not in result.output
    error_lines = [line for line in result.output.splitlines() if line.startswith("error: ")]
    assert error_lines, result.output
    assert all(name in error_lines[0] for name in names), (names, error_lines[0])


def edit(facts_dir: Path, relative: Path, old: str, new: str) -> None:
    path = facts_dir / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def write(facts_dir: Path, relative: Path, content: str | bytes) -> None:
    path = facts_dir / relative
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))


# -- bad facts: exit 2, the file and the field named, nothing written -----------------------------

CLOUDFLARE_ROUTE = "{provider: cloudflare, input_usd_per_mtok: 0.027,"


def price(value: str):
    return lambda facts: edit(facts, LLAMA, CLOUDFLARE_ROUTE, f"{{provider: cloudflare, input_usd_per_mtok: {value},")


def alias_bomb(levels: int = 9) -> str:
    lines = ['lol0: &lol0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"lol{level}: &lol{level} [{', '.join([f'*lol{level - 1}'] * 9)}]" for level in range(1, levels)]
    return "\n".join(lines) + "\n"


BAD_FACTS = {
    "price NaN": (price(".nan"), ["llama-3.2-1b-instruct.yaml", "routes[0].input_usd_per_mtok", "finite"]),
    "price inf": (price(".inf"), ["llama-3.2-1b-instruct.yaml", "routes[0].input_usd_per_mtok"]),
    "price -inf": (price("-.inf"), ["llama-3.2-1b-instruct.yaml", "routes[0].input_usd_per_mtok"]),
    "price huge": (price("1.0e+30"), ["llama-3.2-1b-instruct.yaml", "routes[0].input_usd_per_mtok", "10000"]),
    "price huger than Decimal's precision": (
        price("1.0e+400"),
        ["llama-3.2-1b-instruct.yaml", "routes[0].input_usd_per_mtok"],
    ),
    "price tiny": (price("1.0e-30"), ["llama-3.2-1b-instruct.yaml", "routes[0].input_usd_per_mtok", "0.000001"]),
    "score NaN": (
        lambda facts: edit(facts, LLAMA, "score: 20.0", "score: .nan"),
        ["llama-3.2-1b-instruct.yaml", "benchmarks[0].score"],
    ),
    "score huge": (
        lambda facts: edit(facts, LLAMA, "score: 20.0", "score: 1.0e+400"),
        ["llama-3.2-1b-instruct.yaml", "benchmarks[0].score"],
    ),
    "context window huge": (
        lambda facts: edit(
            facts, LLAMA, "context_window_tokens: {value: 128000", "context_window_tokens: {value: 1" + "0" * 40
        ),
        ["llama-3.2-1b-instruct.yaml", "context_window_tokens.value"],
    ),
    "parameters huge": (
        lambda facts: edit(facts, LLAMA, "parameters: {value: 1230000000", "parameters: {value: 1" + "0" * 40),
        ["llama-3.2-1b-instruct.yaml", "parameters.value"],
    ),
    "invalid checked date": (
        lambda facts: edit(facts, LLAMA, "checked: 2026-05-22", "checked: 2026-02-30"),
        ["llama-3.2-1b-instruct.yaml", "sources.model-card.checked", "2026-02-30"],
    ),
    "invalid release date": (
        lambda facts: edit(facts, LLAMA, "release_date: {value: 2024-09-25", "release_date: {value: 2024-13-25"),
        ["llama-3.2-1b-instruct.yaml", "release_date.value"],
    ),
    "empty assumptions.yaml": (lambda facts: write(facts, Path("assumptions.yaml"), ""), ["assumptions.yaml", "empty"]),
    "assumptions.yaml of comments only": (
        lambda facts: write(facts, Path("assumptions.yaml"), "# nothing yet\n"),
        ["assumptions.yaml", "empty"],
    ),
    "empty providers.yaml": (lambda facts: write(facts, Path("providers.yaml"), ""), ["providers.yaml", "empty"]),
    "empty benchmarks.yaml": (lambda facts: write(facts, Path("benchmarks.yaml"), ""), ["benchmarks.yaml", "empty"]),
    "empty pairs.yaml": (lambda facts: write(facts, Path("pairs.yaml"), ""), ["pairs.yaml", "empty"]),
    "empty model file": (lambda facts: write(facts, QWEN, ""), ["qwen3.5-4b.yaml", "empty"]),
    "deep nesting": (
        lambda facts: write(facts, QWEN, "deep: " + "[" * 5000 + "]" * 5000 + "\n"),
        ["qwen3.5-4b.yaml", "line 1", "nested deeper"],
    ),
    "deep nesting of mappings": (
        lambda facts: write(facts, QWEN, "".join(f"{'  ' * depth}k{depth}:\n" for depth in range(200))),
        ["qwen3.5-4b.yaml", "nested deeper"],
    ),
    "YAML alias bomb": (lambda facts: write(facts, QWEN, alias_bomb()), ["qwen3.5-4b.yaml", "line 2", "alias"]),
    "a plain alias": (
        lambda facts: edit(
            facts,
            LLAMA,
            "name: Llama 3.2 1B Instruct\naliases: [",
            "name: &name Llama 3.2 1B Instruct\naliases: [*name, ",
        ),
        ["llama-3.2-1b-instruct.yaml", "alias"],
    ),
    "duplicate top-level key": (
        lambda facts: edit(
            facts, LLAMA, "name: Llama 3.2 1B Instruct\n", "name: Llama 3.2 1B Instruct\nname: Llama 9\n"
        ),
        ["llama-3.2-1b-instruct.yaml", "duplicate key 'name'"],
    ),
    "duplicate key in a route": (
        lambda facts: edit(facts, LLAMA, "{provider: cloudflare,", "{provider: cloudflare, provider: fireworks-ai,"),
        ["llama-3.2-1b-instruct.yaml", "duplicate key 'provider'"],
    ),
    "duplicate key in assumptions.yaml": (
        lambda facts: edit(
            facts, Path("assumptions.yaml"), "  input_share: 0.7\n", "  input_share: 0.7\n  input_share: 0.9\n"
        ),
        ["assumptions.yaml", "duplicate key 'input_share'"],
    ),
    "non-UTF-8 model file": (
        lambda facts: write(
            facts, QWEN, (REFERENCE_FACTS / QWEN).read_bytes().replace(b"name: ", b"name: \xff\xfe", 1)
        ),
        ["qwen3.5-4b.yaml", "cannot be read"],
    ),
    "javascript: source URL": (
        lambda facts: edit(
            facts,
            LLAMA,
            "url: https://huggingface.co/meta-llama/Llama-3.2-1B-Instruct",
            "url: javascript:alert(document.domain)",
        ),
        ["llama-3.2-1b-instruct.yaml", "sources.model-card.url", "javascript:"],
    ),
    "data: source URL": (
        lambda facts: edit(
            facts,
            LLAMA,
            "url: https://huggingface.co/meta-llama/Llama-3.2-1B-Instruct",
            "url: 'data:text/html,<script>alert(document.domain)</script>'",
        ),
        ["llama-3.2-1b-instruct.yaml", "sources.model-card.url"],
    ),
    "file: source URL": (
        lambda facts: edit(facts, LLAMA, "url: https://fireworks.ai/pricing", "url: file:///etc/passwd"),
        ["llama-3.2-1b-instruct.yaml", "sources.fireworks.url"],
    ),
    "JavaScript: source URL in capitals": (
        lambda facts: edit(facts, LLAMA, "url: https://fireworks.ai/pricing", "url: JavaScript:alert(document.domain)"),
        ["llama-3.2-1b-instruct.yaml", "sources.fireworks.url"],
    ),
    "source URL breaking out of its attribute": (
        lambda facts: edit(
            facts,
            LLAMA,
            "url: https://fireworks.ai/pricing",
            "url: 'https://fireworks.ai/\" onmouseover=\"alert(document.domain)'",
        ),
        ["llama-3.2-1b-instruct.yaml", "sources.fireworks.url"],
    ),
    "source URL breaking out of its Markdown autolink": (
        lambda facts: edit(
            facts,
            LLAMA,
            "url: https://fireworks.ai/pricing",
            "url: 'https://fireworks.ai/><script>alert(document.domain)</script>'",
        ),
        ["llama-3.2-1b-instruct.yaml", "sources.fireworks.url"],
    ),
    "javascript: provider URL": (
        lambda facts: edit(
            facts, Path("providers.yaml"), "url: https://fireworks.ai/pricing", "url: javascript:alert(document.domain)"
        ),
        ["providers.yaml", "providers.fireworks-ai.url"],
    ),
    "javascript: benchmark URL": (
        lambda facts: edit(
            facts,
            Path("benchmarks.yaml"),
            "url: https://arxiv.org/abs/2406.01574",
            "url: javascript:alert(document.domain)",
        ),
        ["benchmarks.yaml", "benchmarks.mmlu-pro.url"],
    ),
    "traffic huge": (
        lambda facts: edit(facts, Path("assumptions.yaml"), "input_tokens: 800000000", "input_tokens: 8" + "0" * 40),
        ["assumptions.yaml", "monthly_traffic.input_tokens"],
    ),
    "blend NaN": (
        lambda facts: edit(facts, Path("assumptions.yaml"), "input_share: 0.7", "input_share: .nan"),
        ["assumptions.yaml", "blend.input_share"],
    ),
    "a model file that is a list": (
        lambda facts: write(facts, QWEN, "- id\n- name\n"),
        ["qwen3.5-4b.yaml", "(top level)"],
    ),
    "a Python object tag": (
        lambda facts: write(facts, QWEN, "id: !!python/object/apply:os.system ['echo pwned']\n"),
        ["qwen3.5-4b.yaml", "not valid YAML"],
    ),
    "a model compared with itself in pairs.yaml": (
        lambda facts: write(facts, Path("pairs.yaml"), "pairs:\n  - [qwen3.5-4b, qwen3.5-4b]\n"),
        ["pairs.yaml", "pairs[0]", "itself"],
    ),
}


@pytest.mark.parametrize("case", list(BAD_FACTS), ids=list(BAD_FACTS))
def test_bad_facts_are_refused_with_the_file_and_field_and_nothing_is_written(case, facts_copy, tmp_path):
    damage, names = BAD_FACTS[case]
    damage(facts_copy)
    out_dir = tmp_path / "out"
    assert_refused(build_into(out_dir, facts_copy), *names)
    assert not out_dir.exists()


def test_an_empty_pair_list_builds_nothing_and_says_so(facts_copy, tmp_path):
    write(facts_copy, Path("pairs.yaml"), "pairs: []\n")
    out_dir = tmp_path / "out"
    assert_refused(build_into(out_dir, facts_copy, pair=None), "pairs.yaml", "no pair")
    assert not out_dir.exists()


def test_a_model_is_not_built_against_itself(tmp_path):
    out_dir = tmp_path / "out"
    assert_refused(build_into(out_dir, pair=("qwen3.5-4b", "qwen3.5-4b")), "--pair qwen3.5-4b qwen3.5-4b", "itself")
    assert not out_dir.exists()


# -- bad settings: exit 2, the settings file and the setting named, nothing written ---------------

BAD_SETTINGS = {
    "repair_attempts = -1": ("repair_attempts = -1", "repair_attempts"),
    "repair_attempts as text": ('repair_attempts = "two"', "repair_attempts"),
    "repair_attempts fractional": ("repair_attempts = 2.5", "repair_attempts"),
    "timeout negative": ("timeout = -5", "timeout"),
    "max_tokens zero": ("max_tokens = 0", "max_tokens"),
    "max_attempts zero": ("max_attempts = 0", "max_attempts"),
    "temperature as text": ('temperature = "hot"', "temperature"),
    "structured_output unknown": ('structured_output = "xml"', "structured_output"),
    "requests_per_minute zero": ("requests_per_minute = 0", "requests_per_minute"),
    "site_url javascript:": ('site_url = "javascript:alert(document.domain)"', "site_url"),
    "llm not a URL": ('llm = "ftp://example.com"', "llm"),
    "model empty": ('model = ""', "model"),
    "unknown setting": ("repair_atempts = 2", "repair_atempts"),
    "not TOML": ("repair_attempts = ", "not valid TOML"),
}


@pytest.mark.parametrize("case", list(BAD_SETTINGS), ids=list(BAD_SETTINGS))
def test_bad_settings_are_refused_with_the_setting_named_and_nothing_is_written(case, tmp_path, monkeypatch):
    line, name = BAD_SETTINGS[case]
    (tmp_path / "versus.toml").write_text(line + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert_refused(build_into(tmp_path / "out"), "versus.toml", name)
    assert not (tmp_path / "out").exists()


def test_a_bad_setting_in_pyproject_names_pyproject(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text("[tool.versus]\nrepair_attempts = -1\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert_refused(build_into(tmp_path / "out"), "pyproject.toml", "repair_attempts")
    assert not (tmp_path / "out").exists()


# -- text injected into every rendered facts field stays text ------------------------------------

PAYLOADS = {
    "script": "<script>alert(document.domain)</script>",
    "img onerror": "<img src=x onerror=alert(document.domain)>",
    "iframe": '<iframe src="javascript:alert(document.domain)"></iframe>',
    "markdown link": "[click me](javascript:alert(document.domain))",
    "markdown image": "![pixel](https://evil.example/pixel.png)",
    "html link": '<a href="javascript:alert(document.domain)">click</a>',
}
# Where each field's text is shown on the page.
FIELDS = {
    "model name": (LLAMA, "name: Llama 3.2 1B Instruct\n", "name: 'Llama {payload}'\n"),
    "organization": (LLAMA, "organization: {value: AI at Meta,", "organization: {value: 'Meta {payload}',"),
    "architecture": (LLAMA, "architecture: {value: decoder only,", "architecture: {value: 'decoder {payload}',"),
    "license": (LLAMA, "license: {value: Llama 3.2 Community License,", "license: {value: 'Community {payload}',"),
    "source title": (LLAMA, "title: Llama 3.2 1B Instruct model card", "title: 'Card {payload}'"),
    "provider name": (
        Path("providers.yaml"),
        "cloudflare: {name: Cloudflare Workers AI,",
        "cloudflare: {name: 'Cloudflare {payload}',",
    ),
    "benchmark name": (Path("benchmarks.yaml"), "name: MMLU-Pro", "name: 'MMLU {payload}'"),
    "traffic description": (
        Path("assumptions.yaml"),
        "description: 800M input and 250M output tokens a month",
        "description: 'production traffic {payload}'",
    ),
}
# In-page anchors ("How we computed this", a figure's source) are links to the page itself.
ALLOWED_LINK = ("https://", "http://", "../", "#")


class _Markup(HTMLParser):
    """Every tag, attribute and piece of text of an HTML document."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    @property
    def plain(self) -> str:
        return " ".join("".join(self.text).split())


def assert_shown_as_text(html: str, payload: str, allowed_tags: set[str]) -> None:
    markup = _Markup(html)
    assert payload in markup.plain, "the injected text is not on the page at all"
    for tag, attributes in markup.tags:
        assert tag in allowed_tags, f"<{tag}> on the page"
        # The page's own scripts (the calculator, its data, the receipt, JSON-LD) are named; an injected one is not.
        assert (
            tag != "script" or attributes.get("id") in PAGE_SCRIPTS or attributes.get("type") == "application/ld+json"
        ), f"<script {attributes}>"
        assert not [name for name in attributes if name.startswith("on")], f"<{tag} {attributes}>"
        for name in ("href", "src"):
            if name in attributes:
                assert attributes[name].startswith(ALLOWED_LINK) or attributes[name].endswith("page.html"), (
                    f"<{tag} {name}={attributes[name]!r}>"
                )
                assert "evil.example" not in attributes[name]


PAGE_TAGS = {
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "article",
    "h1",
    "h2",
    "h3",
    "p",
    "section",
    "table",
    "tr",
    "th",
    "td",
    "ul",
    "li",
    "a",
    "strong",
    "em",
    "span",
    "div",
    "svg",
    "details",
    "summary",
    "code",
    "small",
    "caption",
    "thead",
    "tbody",
    "br",
    "link",
}
# The charts (inline SVG) and the traffic calculator (a form and its script, issue 17).
PAGE_TAGS |= {
    "figure",
    "figcaption",
    "g",
    "rect",
    "text",
    "desc",
    "form",
    "label",
    "input",
    "button",
    "output",
    "script",
}
PAGE_SCRIPTS = {"calculator-data", "calculator-script", "versus-receipt"}
MARKDOWN_TAGS = {
    "h1",
    "h2",
    "h3",
    "p",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "ul",
    "li",
    "a",
    "strong",
    "em",
    "hr",
    "code",
}


@pytest.mark.parametrize("payload", list(PAYLOADS), ids=list(PAYLOADS))
@pytest.mark.parametrize("field", list(FIELDS), ids=list(FIELDS))
def test_text_injected_into_a_facts_field_is_shown_as_text_in_page_md_and_page_html(
    field, payload, facts_copy, tmp_path
):
    relative, old, new = FIELDS[field]
    text = PAYLOADS[payload]
    edit(facts_copy, relative, old, new.replace("{payload}", text.replace("'", "''")))
    out_dir = tmp_path / "out"
    result = build_into(out_dir, facts_copy)
    assert result.exit_code == 0, result.output
    page_dir = out_dir / SLUG
    assert_shown_as_text((page_dir / "page.html").read_text(encoding="utf-8"), text, PAGE_TAGS)
    # page.md as a Markdown renderer that lets raw HTML through (CommonMark's default) would show it.
    rendered = MarkdownIt("commonmark").enable("table").render((page_dir / "page.md").read_text(encoding="utf-8"))
    assert_shown_as_text(rendered, text, MARKDOWN_TAGS)


# -- a damaged ledger and damaged pages: exit 2, the file named, nothing written ------------------


@pytest.fixture
def review_dir(tmp_path: Path) -> Path:
    review = tmp_path / "review"
    result = build_into(review, pair=None)
    assert result.exit_code == 0, result.output
    return review


def ledger_line(review_dir: Path) -> str:
    result = cli("review", "approve", SLUG, "--reviewer", "ada", "--review", review_dir, "--facts", REFERENCE_FACTS)
    assert result.exit_code == 0, result.output
    return (review_dir / "ledger.jsonl").read_text(encoding="utf-8")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and ".cache" not in path.parts
    }


DAMAGED_LEDGERS = {
    "non-UTF-8 line": lambda line: line.encode() + b'{"decision": "approve", "note": "\xff\xfe"}\n',
    "truncated line": lambda line: (line + line[: len(line) // 2]).encode(),
    "unknown decision": lambda line: (line + line.replace('"approve"', '"maybe"')).encode(),
    "a line that is not an object": lambda line: (line + "[1, 2, 3]\n").encode(),
}


@pytest.mark.parametrize("case", list(DAMAGED_LEDGERS), ids=list(DAMAGED_LEDGERS))
@pytest.mark.parametrize("command", ["review list", "check", "publish"])
def test_a_damaged_ledger_is_named_by_line(case, command, review_dir, tmp_path):
    (review_dir / "ledger.jsonl").write_bytes(DAMAGED_LEDGERS[case](ledger_line(review_dir)))
    before = snapshot(review_dir)
    site = tmp_path / "site"
    extra = ["--out", site] if command == "publish" else []
    assert_refused(cli(*command.split(), *extra, "--review", review_dir, "--facts", REFERENCE_FACTS), "ledger.jsonl:2")
    assert snapshot(review_dir) == before and not site.exists()


DAMAGED_PAGES = {
    "missing page.md": lambda page_dir: (page_dir / "page.md").unlink(),
    "missing page.html": lambda page_dir: (page_dir / "page.html").unlink(),
    "non-UTF-8 page.md": lambda page_dir: (page_dir / "page.md").write_bytes(b"# \xff\xfe\n"),
    "page.json not JSON": lambda page_dir: (page_dir / "page.json").write_text("{not json", encoding="utf-8"),
}
PAGE_COMMANDS = {
    "check": lambda review_dir, site: ("check", "--review", review_dir),
    "validate PAGE_DIR": lambda review_dir, site: ("validate", review_dir / SLUG),
    "review approve": lambda review_dir, site: ("review", "approve", SLUG, "--reviewer", "ada", "--review", review_dir),
    "review show": lambda review_dir, site: ("review", "show", SLUG, "--review", review_dir),
    "publish": lambda review_dir, site: ("publish", "--out", site, "--review", review_dir),
}


@pytest.mark.parametrize("damage", list(DAMAGED_PAGES), ids=list(DAMAGED_PAGES))
@pytest.mark.parametrize("command", list(PAGE_COMMANDS), ids=list(PAGE_COMMANDS))
def test_a_damaged_page_is_named_and_nothing_is_written(damage, command, review_dir, tmp_path):
    page_dir = review_dir / SLUG
    DAMAGED_PAGES[damage](page_dir)
    before = snapshot(review_dir)
    site = tmp_path / "site"
    result = cli(*PAGE_COMMANDS[command](review_dir, site), "--facts", REFERENCE_FACTS)
    file_name = "page.json" if "page.json" in damage else ("page.html" if "page.html" in damage else "page.md")
    assert_refused(result, f"{SLUG}/{file_name}")
    assert snapshot(review_dir) == before and not site.exists()


def test_a_20_kb_slug_on_the_command_line_is_no_draft(review_dir):
    result = cli(
        "review", "approve", "a" * 20_000, "--reviewer", "ada", "--review", review_dir, "--facts", REFERENCE_FACTS
    )
    assert_refused(result, "no draft 'aaaa")
    assert len(result.output) < 2000 and not (review_dir / "ledger.jsonl").exists()


@pytest.mark.parametrize("slug", ["../review", ".", "..", "/etc", "llama-3.2-1b-instruct-vs-qwen3.5-4b/../x"])
def test_a_path_like_slug_is_no_draft(slug, review_dir):
    assert_refused(cli("review", "show", slug, "--review", review_dir, "--facts", REFERENCE_FACTS), "no draft")


# -- publishing ------------------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["the review folder", "a folder holding the review folder"])
def test_publish_refuses_the_review_folder(where, review_dir):
    ledger_line(review_dir)
    site = review_dir if where == "the review folder" else review_dir.parent
    before = snapshot(review_dir.parent)
    assert_refused(
        cli("publish", "--out", site, "--review", review_dir, "--facts", REFERENCE_FACTS),
        f"--out {site}",
        "review folder",
    )
    assert snapshot(review_dir.parent) == before


def test_publish_refuses_a_base_url_that_is_not_http(review_dir, tmp_path):
    ledger_line(review_dir)
    assert_refused(
        cli(
            "publish",
            "--out",
            tmp_path / "site",
            "--base-url",
            "javascript:alert(document.domain)",
            "--review",
            review_dir,
            "--facts",
            REFERENCE_FACTS,
        ),
        "--base-url",
    )
    assert not (tmp_path / "site").exists()


# -- the review server -----------------------------------------------------------------------------


@pytest.fixture
def server(review_dir):
    with RunningServer(review_dir) as running:
        yield running


def raw_post(server, path: str, headers: dict[str, str], body: bytes = b"") -> int:
    """Send a POST by hand (declaring any Content-Length) and return the status the server answers with."""
    host, port = server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        head = (
            f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
            + "".join(f"{name}: {value}\r\n" for name, value in headers.items())
            + "\r\n"
        )
        connection.sendall(head.encode() + body)
        return int(connection.recv(4096).split(b" ", 2)[1])


def csrf_token(server) -> str:
    page = httpx.get(f"{server.url}/drafts/{SLUG}").text
    return page.split("approve?csrf_token=", 1)[1].split('"', 1)[0]


def test_a_20_kb_slug_is_a_clean_404_or_400(server):
    for path in (f"/drafts/{'a' * 20_000}", f"/drafts/{'a' * 20_000}/page.html"):
        response = httpx.get(server.url + path)
        assert response.status_code in (400, 404) and "no draft" in response.text


def test_a_20_kb_slug_post_is_refused_cleanly(server):
    token = csrf_token(server)
    response = httpx.post(
        f"{server.url}/drafts/{'a' * 20_000}/approve?csrf_token={token}",
        data={"reviewer": "ada", "page_hash": "0"},
        headers={"Origin": server.url},
    )
    assert response.status_code in (400, 404, 409) and server.ledger_lines == []


def test_a_cross_site_post_is_refused_before_its_body_is_read(server):
    # A 1 GB body is declared and never sent: the refusal comes at once, from the headers.
    assert (
        raw_post(
            server,
            f"/drafts/{SLUG}/approve",
            {
                "Origin": "https://evil.example",
                "Content-Length": str(10**9),
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        == 403
    )
    assert server.ledger_lines == []


def test_a_post_without_the_csrf_token_in_its_url_is_refused_before_its_body_is_read(server):
    assert (
        raw_post(
            server,
            f"/drafts/{SLUG}/approve",
            {"Origin": server.url, "Content-Length": str(10**9), "Content-Type": "application/x-www-form-urlencoded"},
        )
        == 403
    )
    assert server.ledger_lines == []


def test_a_declared_oversized_body_is_refused_unread(server):
    headers = {"Origin": server.url, "Content-Length": str(10**9), "Content-Type": "application/x-www-form-urlencoded"}
    assert raw_post(server, f"/drafts/{SLUG}/approve?csrf_token={csrf_token(server)}", headers) == 413
    assert server.ledger_lines == []


def test_an_oversized_chunked_body_is_cut_off(server):
    def chunks():
        for _ in range(100):
            yield b"note=" + b"x" * 10_000

    response = httpx.post(
        f"{server.url}/drafts/{SLUG}/approve?csrf_token={csrf_token(server)}",
        content=chunks(),
        headers={"Origin": server.url, "Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 413 and server.ledger_lines == []


def test_a_form_that_is_not_url_encoded_is_refused(server):
    response = httpx.post(
        f"{server.url}/drafts/{SLUG}/approve?csrf_token={csrf_token(server)}",
        files={"reviewer": ("a", b"ada")},
        headers={"Origin": server.url},
    )
    assert response.status_code == 415 and server.ledger_lines == []


def test_an_approval_of_a_draft_that_changed_since_it_was_shown_is_a_409(server):
    token = csrf_token(server)
    form = {"reviewer": "ada", "note": "", "page_hash": "0" * 64}
    response = httpx.post(
        f"{server.url}/drafts/{SLUG}/approve?csrf_token={token}", data=form, headers={"Origin": server.url}
    )
    assert response.status_code == 409 and "changed since it was shown" in response.text
    assert server.ledger_lines == []


def test_an_approval_without_the_shown_hash_is_refused(server):
    response = httpx.post(
        f"{server.url}/drafts/{SLUG}/approve?csrf_token={csrf_token(server)}",
        data={"reviewer": "ada"},
        headers={"Origin": server.url},
    )
    assert response.status_code == 400 and "page hash" in response.text and server.ledger_lines == []


def test_regenerating_a_draft_that_is_not_rejected_is_a_409(server):
    response = httpx.post(
        f"{server.url}/drafts/{SLUG}/regenerate?csrf_token={csrf_token(server)}",
        data={"page_hash": "x"},
        headers={"Origin": server.url},
    )
    assert response.status_code == 409 and "only a rejected draft" in response.text
    assert server.regenerated == []


# -- concurrent builds -----------------------------------------------------------------------------


def subprocess_environment(**variables: str) -> dict[str, str]:
    environment = {name: value for name, value in os.environ.items() if not name.startswith("OPENAI_")}
    return environment | {"PYTHONPATH": str(REPOSITORY)} | variables


def versus_command(out_dir: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "generator.cli",
        "build",
        "--pair",
        *PAIR,
        "--out",
        str(out_dir),
        "--facts",
        str(REFERENCE_FACTS),
        *extra,
    ]


def test_a_second_build_into_a_folder_being_built_exits_2_naming_the_first(tmp_path):
    out_dir = tmp_path / "out"
    # Answers take a minute: the first build is surely still running when the second starts.
    with FakeServer(latency=60) as server:
        environment = subprocess_environment(OPENAI_BASE_URL=server.base_url)
        first = subprocess.Popen(
            versus_command(out_dir), env=environment, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            deadline = time.monotonic() + 60
            while server.chat_calls == 0:
                assert time.monotonic() < deadline and first.poll() is None, "the first build never asked the LLM"
                time.sleep(0.02)
            second = subprocess.run(
                versus_command(out_dir), env=environment, cwd=tmp_path, capture_output=True, text=True, timeout=120
            )
            calls = server.chat_calls
            assert first.poll() is None, "the first build ended before the second started"
        finally:
            first.kill()
            first.wait()
    assert second.returncode == 2, second.stderr
    assert f"pid {first.pid}" in second.stderr and "versus build" in second.stderr and "Traceback" not in second.stderr
    # The second build asked the LLM nothing: the calls are the first build's two sections.
    assert calls <= 2
    assert not list(out_dir.glob("*/page.*"))


def test_a_build_while_the_folder_is_locked_writes_nothing(tmp_path):
    from generator.files import folder_lock

    out_dir = tmp_path / "out"
    with folder_lock(out_dir):
        result = build_into(out_dir)
    assert_refused(result, str(out_dir), f"pid {os.getpid()}")
    assert not list(out_dir.glob("*/page.*"))


def test_a_second_build_with_wait_runs_after_the_first(tmp_path):
    out_dir = tmp_path / "out"
    with FakeServer(latency=0.5) as server:
        environment = subprocess_environment(OPENAI_BASE_URL=server.base_url)
        first = subprocess.Popen(
            versus_command(out_dir), env=environment, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 60
        while server.chat_calls == 0:
            assert time.monotonic() < deadline and first.poll() is None
            time.sleep(0.02)
        second = subprocess.run(
            versus_command(out_dir, "--wait", "--json"), env=environment, cwd=tmp_path, capture_output=True, text=True
        )
        assert first.wait(timeout=120) == 0
    assert second.returncode == 0, second.stderr
    # It waited for the first and found both sections in its cache.
    assert json.loads(second.stdout)["cached_sections"] == 2 and json.loads(second.stdout)["llm_calls"] == 0


# -- file permissions ------------------------------------------------------------------------------


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_files_are_written_with_the_umasks_permissions(umask, mode, tmp_path):
    result = subprocess.run(
        ["sh", "-c", f'umask {umask:03o} && exec "$@"', "sh", *versus_command(tmp_path / "out", "--llm", "none")],
        env=subprocess_environment(),
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    files = [path for path in (tmp_path / "out" / SLUG).iterdir()]
    assert files and {stat.S_IMODE(path.stat().st_mode) for path in files} == {mode}


def test_a_published_site_is_readable_by_a_web_server_under_umask_022(review_dir, tmp_path):
    ledger_line(review_dir)
    previous = os.umask(0o022)
    try:
        result = cli("publish", "--out", tmp_path / "site", "--review", review_dir, "--facts", REFERENCE_FACTS)
    finally:
        os.umask(previous)
    assert result.exit_code == 0, result.output
    published = [path for path in (tmp_path / "site").rglob("*") if path.is_file()]
    assert published and all(path.stat().st_mode & 0o004 for path in published)


def test_a_finished_build_does_not_keep_the_next_one_out(tmp_path):
    # The lock is the operating system's: released when the build ends, however it ends.
    out_dir = tmp_path / "out"
    for _ in range(2):
        assert build_into(out_dir).exit_code == 0
