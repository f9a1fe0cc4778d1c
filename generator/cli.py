"""The `versus` command line: parse arguments, call one stage, turn errors into messages and exit codes.

Exit codes: 0 success; 1 the work ran and found problems (findings, failed pages, stale approvals);
2 bad input (facts, arguments, files), with a message naming the file, the field and the fix.
"""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path

import click
from click_default_group import DefaultGroup

from generator.build import build_pages
from generator.comparison import compare
from generator.errors import VersusError
from generator.facts import Dataset, load_facts


def facts_option(command):
    return click.option(
        "--facts",
        "facts_dir",
        type=click.Path(path_type=Path, file_okay=False),
        default=Path("facts"),
        show_default=True,
        help="The facts directory to read.",
    )(command)


def user_errors(command):
    """Print a VersusError's message (no traceback) and exit with its code."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except VersusError as error:
            click.echo(f"error: {error}", err=True)
            sys.exit(error.exit_code)

    return wrapper


@click.group()
@click.version_option(package_name="versus")
def main():
    """versus: pages comparing two AI language models, every figure checked against sourced facts.

    Facts live in facts/ (one YAML file per model). `versus build` computes the comparison,
    renders the tables, has the prose written (by an LLM or the deterministic writer), validates
    every figure and writes page.md, page.html and page.json per pair.
    """


@main.group(cls=DefaultGroup, default="show", default_if_no_args=False)
def facts():
    """Show, import and diff facts. `versus facts A B --json` prints a pair's comparison facts."""


@facts.command("show")
@click.argument("model_a")
@click.argument("model_b")
@click.option("--json", "as_json", is_flag=True, help="Print the facts as JSON.")
@facts_option
@user_errors
def facts_show(model_a: str, model_b: str, as_json: bool, facts_dir: Path):
    """Print every comparison fact of MODEL_A vs MODEL_B: id, value, unit, display, sources."""
    comparison = compare(load_facts(facts_dir), model_a, model_b)
    if as_json:
        click.echo(json.dumps([fact.model_dump(mode="json") for fact in comparison.facts], indent=2))
        return
    for fact in comparison.facts:
        click.echo(f"{fact.id}: {fact.display}")


def resolve_pairs(dataset: Dataset, pairs: tuple[tuple[str, str], ...]) -> list[tuple[str, str]]:
    for pair in pairs:
        for model_id in pair:
            dataset.model(model_id)
    return list(pairs) or dataset.pairs


@main.command()
@click.option("--pair", "pairs", type=(str, str), multiple=True, metavar="MODEL_A MODEL_B", help="A pair to build (repeatable). Default: every pair in facts/pairs.yaml.")
@click.option("--llm", "llm", default=None, metavar="URL|none", help="OpenAI-compatible base URL, or `none` for the deterministic writer.")
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("review"), show_default=True, help="Where to write <a>-vs-<b>/page.{md,html,json}.")
@facts_option
@user_errors
def build(pairs: tuple[tuple[str, str], ...], llm: str | None, out_dir: Path, facts_dir: Path):
    """Build comparison pages: DIR/<a>-vs-<b>/page.md, page.html and page.json."""
    dataset = load_facts(facts_dir)
    for page_dir in build_pages(dataset, resolve_pairs(dataset, pairs), out_dir):
        click.echo(f"wrote {page_dir}")
if __name__ == "__main__":
    main()
