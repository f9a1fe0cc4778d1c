"""The `versus` command line: parse arguments, call one stage, turn errors into messages and exit codes.

Exit codes: 0 success; 1 the work ran and found problems (findings, failed pages, stale approvals);
2 bad input (facts, arguments, files), with a message naming the file, the field and the fix.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import json
import sys
from pathlib import Path

import click
from click_default_group import DefaultGroup
from tqdm import tqdm

from generator.check import check as check_pages
from generator.check import render_github, render_junit, render_text
from generator.comparison import at_traffic, compare
from generator.content import read_content, tampering, validate_content
from generator.errors import VersusError
from generator.facts import Dataset, load_facts
from generator.facts_genai import (
    export_price_list,
    import_genai_prices,
    package_price_list,
)
from generator.facts_genai import render_import_report as render_genai_import_report
from generator.facts_import import (
    diff_facts,
    git_price_history,
    import_litellm,
    render_facts_diff,
    render_import_report,
    render_price_history,
)
from generator.files import write_atomically
from generator.prompt import DEFAULT_PROMPTS
from generator.publish import publish as publish_site
from generator.reconcile import reconcile, render_conflicts
from generator.review import (
    approve,
    diff_since_approval,
    get_draft,
    list_drafts,
    reject,
    render_list,
    render_show,
)
from generator.settings import default, project_setting
from generator.validation import describe_finding, validate_markdown


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
@click.option(
    "--traffic",
    type=(click.IntRange(min=1), click.IntRange(min=0)),
    default=None,
    metavar="INPUT OUTPUT",
    help="Monthly input and output tokens to price instead of assumptions.yaml's (as a page's calculator does).",
)
@facts_option
@user_errors
def facts_show(model_a: str, model_b: str, as_json: bool, traffic: tuple[int, int] | None, facts_dir: Path):
    """Print every comparison fact of MODEL_A vs MODEL_B: id, value, unit, display, sources."""
    dataset = load_facts(facts_dir)
    comparison = compare(at_traffic(dataset, *traffic) if traffic else dataset, model_a, model_b)
    if as_json:
        click.echo(json.dumps([fact.model_dump(mode="json") for fact in comparison.facts], indent=2))
        return
    for fact in comparison.facts:
        click.echo(f"{fact.id}: {fact.display}")


@facts.group("import")
def facts_import():
    """Import facts from public sources into facts/imported/ (curated values always win)."""


@facts_import.command("litellm")
@click.argument("price_map", required=False, type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option(
    "--source-version",
    help="The litellm release the price map comes from (default: the release a README.md beside PRICE_MAP names, else the file's sha256).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the import report as JSON.")
@facts_option
@user_errors
def facts_import_litellm(price_map: Path | None, source_version: str | None, as_json: bool, facts_dir: Path):
    """Import provider routes and capability flags from LiteLLM's price map.

    PRICE_MAP is model_prices_and_context_window.json (default: the copy inside an installed
    `litellm` package). Only the entries mapped in facts/litellm/mapping.yaml are imported; the
    report lists conflicts with curated values and proposed mappings for a person to confirm.
    Re-importing the same file changes nothing.
    """
    report = import_litellm(facts_dir, price_map, source_version)
    click.echo(report.model_dump_json(indent=2) if as_json else render_import_report(report))


@facts_import.command("genai-prices")
@click.argument("price_list", required=False, type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option(
    "--export",
    "export_file",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write the installed package's price list (or only the --key entries) as JSON to this file, and import nothing.",
)
@click.option(
    "--key", "keys", multiple=True, metavar="PROVIDER/MODEL", help="With --export: an entry to keep (repeatable)."
)
@click.option("--json", "as_json", is_flag=True, help="Print the import report as JSON.")
@facts_option
@user_errors
def facts_import_genai_prices(
    price_list: Path | None, export_file: Path | None, keys: tuple[str, ...], as_json: bool, facts_dir: Path
):
    """Import provider routes and dated prices from pydantic's genai-prices package.

    PRICE_LIST is a JSON cut written by --export (default: the installed, pinned `genai-prices`
    package). Only the entries mapped in facts/genai-prices/mapping.yaml are imported. Prints the
    import counts, then how the routes reconcile with the curated facts and LiteLLM (confirmed
    routes, conflicts). Re-importing the same release changes nothing.
    """
    if export_file:
        write_atomically(export_file, export_price_list(package_price_list(), list(keys) or None))
        click.echo(f"wrote {export_file}")
        return
    report = import_genai_prices(facts_dir, price_list)
    reconciliation = reconcile(facts_dir)
    if as_json:
        summary = {
            "confirmed_routes": reconciliation.routes_confirmed(),
            "conflicts": len(reconciliation.conflicts),
            "curated_contradicted_by_every_source": sum(
                price.curated_contradicted_by_all for price in reconciliation.prices
            ),
        }
        click.echo(json.dumps(report.model_dump(mode="json") | summary, indent=2))
        return
    click.echo(render_genai_import_report(report))
    contradicted = sum(price.curated_contradicted_by_all for price in reconciliation.prices)
    click.echo(
        f"reconciled with curated and LiteLLM: {reconciliation.routes_confirmed()} routes confirmed by 2 or more sources, "
        f"{len(reconciliation.conflicts)} conflicted prices ({contradicted} curated contradicted by every source; `versus facts conflicts`)"
    )


@facts.command("conflicts")
@click.option("--json", "as_json", is_flag=True, help="Print every conflicted price as JSON.")
@facts_option
@user_errors
def facts_conflicts(as_json: bool, facts_dir: Path):
    """List route prices the sources disagree on by more than $0.001 per 1M tokens.

    Each line names the model, the provider, the price (input or output), every source's value
    and the date it was checked, and the value pages state (the curated one wins). A curated value
    that every other source contradicts is marked. Exit 0 either way: conflicts are for a person.
    """
    reconciliation = reconcile(facts_dir)
    if as_json:
        click.echo(
            json.dumps(
                [
                    price.model_dump(mode="json") | {"curated_contradicted_by_all": price.curated_contradicted_by_all}
                    for price in reconciliation.conflicts
                ],
                indent=2,
            )
        )
        return
    click.echo(render_conflicts(reconciliation))


@facts.command("history")
@click.argument("model_id")
@click.option("--json", "as_json", is_flag=True, help="Print the git history of the model's route prices as JSON.")
@facts_option
@user_errors
def facts_history(model_id: str, as_json: bool, facts_dir: Path):
    """Each route's past prices for MODEL_ID: the dated changes genai-prices gives, and every change of
    the model's prices in the git history of facts/ (curated and imported, as pages saw them)."""
    dataset = load_facts(facts_dir)
    dataset.model(model_id)
    changes = git_price_history(facts_dir, model_id)
    click.echo(
        json.dumps([change.model_dump(mode="json") for change in changes], indent=2)
        if as_json
        else render_price_history(model_id, changes, dataset)
    )


@facts.command("diff")
@click.argument("revision", default="HEAD")
@click.option("--json", "as_json", is_flag=True, help="Print the diff as JSON.")
@facts_option
@user_errors
def facts_diff(revision: str, as_json: bool, facts_dir: Path):
    """List what changed in the facts since git REVISION (default HEAD), and the pages it affects."""
    diff = diff_facts(facts_dir, revision)
    click.echo(diff.model_dump_json(indent=2) if as_json else render_facts_diff(diff))


def select_pairs(
    dataset: Dataset, pairs: tuple[tuple[str, str], ...], models: tuple[str, ...], every_pair: bool
) -> list[tuple[str, str]]:
    """--pair as given; else every pair of pairs.yaml (or of all models with --all), narrowed by --model."""
    for model_id in {model_id for pair in pairs for model_id in pair} | set(models):
        dataset.model(model_id)
    for model_a, model_b in pairs:
        if model_a == model_b:
            raise VersusError(
                f"--pair {model_a} {model_b}: a model cannot be compared with itself; pass two different model ids"
            )
    if pairs:
        return list(pairs)
    universe = list(itertools.combinations(sorted(dataset.models), 2)) if every_pair else dataset.pairs
    selected = [pair for pair in universe if not models or set(models) & set(pair)]
    if not selected:
        where = (
            f"no pair in {'facts/models/' if every_pair else 'facts/pairs.yaml'} includes {' or '.join(models)}"
            if models
            else "facts/pairs.yaml lists no pair"
        )
        raise VersusError(f"nothing to build: {where}; add pairs to pairs.yaml or pass --pair MODEL_A MODEL_B")
    return selected


@main.command()
@click.option(
    "--pair",
    "pairs",
    type=(str, str),
    multiple=True,
    metavar="MODEL_A MODEL_B",
    help="A pair to build (repeatable). Default: every pair in facts/pairs.yaml.",
)
@click.option(
    "--model",
    "models",
    multiple=True,
    metavar="MODEL",
    help="Build every pair that includes MODEL (a facts id; repeatable).",
)
@click.option("--all", "every_pair", is_flag=True, help="Every pair of models in facts/, not only facts/pairs.yaml.")
@click.option(
    "--llm",
    "llm",
    default=None,
    metavar="URL|local|none",
    help="OpenAI-compatible base URL, `local` for the bundled offline model, or `none` for the deterministic writer. Default: OPENAI_BASE_URL (or OpenAI with OPENAI_API_KEY), [tool.versus] or versus.toml, else the deterministic writer.",
)
@click.option(
    "--llm-model",
    "llm_model",
    default=None,
    metavar="NAME",
    help="The model name to ask the endpoint for (default: OPENAI_MODEL or the configured one).",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("review"),
    show_default=True,
    help="Where to write <a>-vs-<b>/page.{md,html,json}.",
)
@click.option(
    "--concurrency",
    default=None,
    type=click.IntRange(min=1),
    help=f"LLM requests in flight at once (default: concurrency in [tool.versus], else {default('concurrency')}).",
)
@click.option("--force", is_flag=True, help="Regenerate every section, ignoring the cache.")
@click.option(
    "--repair-attempts",
    type=click.IntRange(min=0),
    default=None,
    help=f"Repair rounds after a failed validation (default: repair_attempts in [tool.versus], else {default('repair_attempts')}).",
)
@click.option(
    "--prompts",
    "prompts_dir",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    default=DEFAULT_PROMPTS,
    help="The prompt templates directory.",
)
@click.option(
    "--batch-api",
    is_flag=True,
    help="Send the LLM requests through the OpenAI Batch API (half price; slower). A batch still out when a run stops is collected by the next run, not submitted again.",
)
@click.option(
    "--wait",
    "wait_for_lock",
    is_flag=True,
    help="If another build is writing into DIR, wait for it to end (default: stop, naming it, exit 2).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@facts_option
@user_errors
def build(
    pairs,
    models,
    every_pair,
    llm,
    llm_model,
    out_dir,
    concurrency,
    force,
    repair_attempts,
    prompts_dir,
    batch_api,
    wait_for_lock,
    as_json,
    facts_dir,
):
    """Build comparison pages: DIR/<a>-vs-<b>/page.md, page.html, page.json and validation.json.

    The LLM writes the deep dive and the FAQ; every answer is validated against the facts, sent back
    for repair when it has findings, and replaced by deterministic prose when it still fails.
    Finished sections are cached in DIR/.cache: a rerun (also after a crash) only writes what is
    missing or whose facts changed. A section whose LLM could not be reached (or refused the
    request) gets deterministic prose too, but is not cached: the next run asks again.

    Exit 0 when every page was written; 1 when a page failed or the LLM could not be reached for
    some section; 2 on bad input (facts, arguments, settings).
    """
    dataset = load_facts(facts_dir)
    selected = select_pairs(dataset, pairs, models, every_pair)
    from generator.build import BuildOptions, build_pages, render_report  # the LLM stack, only for commands that build
    from generator.llm import NO_ENDPOINT_NOTICE, no_endpoint_configured, resolve_config

    config = resolve_config(llm, llm_model)
    if no_endpoint_configured(llm):
        click.echo(NO_ENDPOINT_NOTICE, err=True)
    options = BuildOptions(
        out_dir=out_dir,
        concurrency=concurrency or project_setting("concurrency"),
        force=force,
        repair_attempts=repair_attempts if repair_attempts is not None else project_setting("repair_attempts"),
        prompts_dir=prompts_dir,
        batch_api=batch_api,
        wait_for_lock=wait_for_lock,
    )
    with progress_bar(len(selected), "pages") as advance:
        report = build_pages(dataset, selected, options, config, advance)
    click.echo(report.model_dump_json(indent=2) if as_json else render_report(report))
    sys.exit(1 if report.failures or report.unreachable else 0)


@main.command()
@click.argument("target", type=click.Path(path_type=Path))
@click.option(
    "--pair",
    type=(str, str),
    default=None,
    metavar="MODEL_A MODEL_B",
    help="The pair whose facts FILE is checked against.",
)
@click.option("--json", "as_json", is_flag=True, help="Print every mention and finding as JSON.")
@facts_option
@user_errors
def validate(target: Path, pair: tuple[str, str] | None, as_json: bool, facts_dir: Path):
    """Check every number and claim in TARGET against the facts.

    `versus validate --pair A B FILE` checks a Markdown or text file against the pair's facts;
    `versus validate PAGE_DIR` checks a built page (tables and prose) against the facts of its pair.
    Exit 0 when clean, 1 with findings (each with line, column and the closest fact), 2 on bad input.
    """
    dataset = load_facts(facts_dir)
    tampered: list[str] = []
    if pair:
        report = validate_markdown(compare(dataset, *pair), read_text(target))
    elif target.is_dir():
        # page.md and page.html must be what page.json renders to: what is validated is what is published.
        content = read_content(target)
        tampered = tampering(content)
        report = validate_content(content, compare(dataset, *content.page.pair))
    else:
        raise VersusError(
            f"{target}: pass --pair MODEL_A MODEL_B to check a file, or a page folder written by `versus build`"
        )
    if as_json:
        click.echo(report.model_dump_json(indent=2))
    else:
        click.echo(
            "\n".join(
                tampered
                + [f"{target}:{describe_finding(finding)}" for finding in report.findings]
                + [summarise_validation(report)]
            )
        )
    sys.exit(0 if report.clean and not tampered else 1)


def read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise VersusError(
            f"{path}: cannot read the file ({error}); pass a readable UTF-8 text or Markdown file"
        ) from error


def summarise_validation(report) -> str:
    verified = sum(mention.verified for mention in report.mentions)
    return f"{len(report.findings)} finding(s); {verified} of {len(report.mentions)} mentions verified"


@contextlib.contextmanager
def progress_bar(total: int, unit: str):
    """A tqdm bar on a terminal; plain "[n/total] item" lines on stderr when it is not one (CI logs)."""
    interactive = sys.stderr.isatty()
    with tqdm(total=total, unit=unit, file=sys.stderr, disable=not interactive) as bar:
        done = 0

        def advance(item) -> None:
            nonlocal done
            done += 1
            bar.update()
            if not interactive:
                click.echo(f"[{done}/{total}] {item}", err=True)

        yield advance


def review_option(command):
    return click.option(
        "--review",
        "review_dir",
        type=click.Path(path_type=Path, file_okay=False),
        default=Path("review"),
        show_default=True,
        help="The folder of drafts and the approval ledger.",
    )(command)


def decision_options(command):
    command = click.option("--note", default="", help="Why: recorded in the ledger beside your name.")(command)
    return click.option(
        "--reviewer",
        default="",
        envvar="VERSUS_REVIEWER",
        metavar="NAME",
        help="Who decides (or VERSUS_REVIEWER); recorded in the ledger.",
    )(command)


@main.group()
def review():
    """Review drafts before they are published: list, show, approve, reject, diff, serve.

    Decisions go to review/ledger.jsonl, one JSON line each, with the hashes of the page and of the
    facts it was built from; an approval goes stale when either changes.
    """


@review.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the drafts and their status as JSON.")
@review_option
@facts_option
@user_errors
def review_list(as_json: bool, review_dir: Path, facts_dir: Path):
    """List the drafts grouped by status: stale, draft, rejected, approved (with why an approval is stale)."""
    drafts = list_drafts(review_dir, load_facts(facts_dir))
    click.echo(
        json.dumps([draft.model_dump(mode="json") for draft in drafts], indent=2) if as_json else render_list(drafts)
    )


@review.command("show")
@click.argument("slug")
@review_option
@facts_option
@user_errors
def review_show(slug: str, review_dir: Path, facts_dir: Path):
    """Show one draft: status, how each section was written, findings against the facts now, its ledger history."""
    dataset = load_facts(facts_dir)
    click.echo(render_show(review_dir, get_draft(review_dir, slug, dataset), dataset))


@review.command("approve")
@click.argument("slug")
@click.option(
    "--hash",
    "expected_hash",
    default=None,
    metavar="HASH",
    help="The page hash you reviewed (`versus review show` prints it); refused if the draft changed since.",
)
@decision_options
@review_option
@facts_option
@user_errors
def review_approve(slug: str, expected_hash: str | None, reviewer: str, note: str, review_dir: Path, facts_dir: Path):
    """Approve the draft SLUG: exactly the content whose hash is HASH, or without --hash the draft as it
    is now (refused, printing the hash, while a build is writing into the review folder). Refused
    while a figure in it disagrees with the facts, or a page file disagrees with page.json."""
    decision = approve(review_dir, slug, reviewer, note, load_facts(facts_dir), expected_hash=expected_hash)
    click.echo(f"approved {decision.slug} ({decision.page_hash}) by {decision.reviewer} at {decision.time.isoformat()}")


@review.command("reject")
@click.argument("slug")
@decision_options
@review_option
@user_errors
def review_reject(slug: str, reviewer: str, note: str, review_dir: Path):
    """Reject the draft SLUG; rebuild it (or use Regenerate in `versus review serve`) to review it again."""
    decision = reject(review_dir, slug, reviewer, note)
    click.echo(f"rejected {decision.slug} by {decision.reviewer} at {decision.time.isoformat()}")


@review.command("diff")
@click.argument("slug")
@review_option
@user_errors
def review_diff(slug: str, review_dir: Path):
    """Show what changed in SLUG's page.md since it was last approved (a unified diff)."""
    click.echo(diff_since_approval(review_dir, slug) or f"{slug}: page.md unchanged since the last approval", nl=False)


@review.command("serve")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="The port on 127.0.0.1.")
@click.option(
    "--llm",
    "llm",
    default=None,
    metavar="URL|none",
    help="Who rewrites a rejected draft on Regenerate (as for `versus build`).",
)
@click.option("--llm-model", "llm_model", default=None, metavar="NAME", help="The model name to ask the endpoint for.")
@review_option
@facts_option
@user_errors
def review_serve(port: int, llm: str | None, llm_model: str | None, review_dir: Path, facts_dir: Path):
    """Serve the review web page on http://127.0.0.1:PORT (local only).

    Drafts by status; each draft's prose with every figure highlighted (verified: the fact and its
    source on hover; flagged: the finding); which sections the LLM wrote and which fell back;
    approve, reject, and regenerate a rejected draft. Ctrl-C stops it.
    """
    from generator.build import BuildOptions, build_pages  # the LLM stack, only for commands that build
    from generator.llm import resolve_config
    from generator.reviewserver import serve

    def regenerate(model_a: str, model_b: str) -> None:
        options = BuildOptions(out_dir=review_dir, force=True, repair_attempts=project_setting("repair_attempts"))
        build_pages(load_facts(facts_dir), [(model_a, model_b)], options, resolve_config(llm, llm_model))

    click.echo(f"reviewing {review_dir}/ on http://127.0.0.1:{port}/ (Ctrl-C to stop)", err=True)
    serve(review_dir, facts_dir, port, regenerate)


@main.command()
@click.option(
    "--out",
    "site_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("site"),
    show_default=True,
    help="The static site folder to write.",
)
@click.option(
    "--base-url",
    default=None,
    metavar="URL",
    help=f"The site's address, for sitemap.xml and canonical links (default: site_url in [tool.versus], else {default('site_url')}).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@review_option
@facts_option
@user_errors
def publish(site_dir: Path, base_url: str | None, as_json: bool, review_dir: Path, facts_dir: Path):
    """Publish approved drafts whose approval still holds into a static site.

    Writes OUT/index.html, OUT/<a>-vs-<b>/page.html (FAQ as schema.org FAQPage JSON-LD; related
    links only to published pages), OUT/sitemap.xml and OUT/published.json. Every other draft is
    listed with the reason it was skipped; a page whose approval lapsed is withdrawn.
    """
    report = publish_site(review_dir, site_dir, facts_dir, base_url or project_setting("site_url"))
    if as_json:
        click.echo(report.model_dump_json(indent=2))
        return
    click.echo(
        "\n".join(
            [f"published: {slug}" for slug in report.published]
            + [f"skipped: {slug}: {why}" for slug, why in report.skipped.items()]
            + [f"withdrawn: {slug}" for slug in report.withdrawn]
            + [f"{len(report.published)} page(s) in {site_dir}/"]
        )
    )


@main.command()
@click.option(
    "--site",
    "site_dir",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    default=None,
    help="Also check the pages published in this site folder.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "github"]),
    default="text",
    show_default=True,
    help="`github` prints GitHub Actions error annotations on each page's line.",
)
@click.option(
    "--junit",
    "junit_file",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Also write a JUnit XML report here (one testcase per page).",
)
@click.option(
    "--strict",
    is_flag=True,
    help="A page stating a price the sources disagree on (`versus facts conflicts`) is an error, not a warning.",
)
@click.option(
    "--max-age",
    "max_age_days",
    type=click.IntRange(min=0),
    default=None,
    metavar="DAYS",
    help="Report pages citing a fact whose source was last checked more than DAYS days ago.",
)
@review_option
@facts_option
@user_errors
def check(
    site_dir: Path | None,
    output_format: str,
    junit_file: Path | None,
    strict: bool,
    max_age_days: int | None,
    review_dir: Path,
    facts_dir: Path,
):
    """CI: check every draft (and published page) against the facts as they are now.

    Recomputes the facts, re-validates every page.md (tables and prose), and reports stale
    approvals, pairs gone from the facts and every figure that no longer matches, each with its
    page, line and fact. A page stating a conflicted price is a warning (an error with --strict).
    Exit 0 when clean (warnings allowed), 1 on any error, 2 on bad input.
    """
    report = check_pages(facts_dir, review_dir, site_dir, strict=strict, max_age_days=max_age_days)
    if junit_file:
        write_atomically(junit_file, render_junit(report))
    click.echo(render_github(report) if output_format == "github" else render_text(report))
    sys.exit(0 if report.clean else 1)


if __name__ == "__main__":
    main()
