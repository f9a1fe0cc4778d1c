"""CI check: stale approvals and figures that no longer match, by page, line and fact, in three formats."""

from __future__ import annotations

import shutil
from pathlib import Path
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner

from generator.check import CheckReport, PageCheck, Problem, check, render_github, render_junit, render_text
from generator.cli import main
from generator.errors import FactsError, VersusError
from generator.facts import load_facts
from generator.publish import publish
from generator.review import approve
from tests.support import (
    OTHER_SLUG,
    REFERENCE_FACTS,
    SLUG,
    change_cloudflare_price,
    edit_page_json,
    edit_page_md,
    write_drafts,
    wrong_figure_in_page_json,
)


def test_fresh_deterministic_drafts_are_clean(review_dir):
    report = check(REFERENCE_FACTS, review_dir)
    assert report.clean
    assert [page.file.endswith("page.md") for page in report.pages] == [True, True]
    assert render_text(report).endswith("2 page(s) checked, 0 with problems, 0 problem(s)")


def test_an_edited_figure_is_named_by_page_line_and_fact(review_dir):
    line = edit_page_md(review_dir, SLUG, "$0.03", "$0.04")
    report = check(REFERENCE_FACTS, review_dir)
    assert not report.clean
    (problem,) = [problem for problem in report.problems if problem.kind == "finding"]
    assert problem.file.endswith(f"{SLUG}/page.md") and problem.line == line
    assert problem.fact_id and problem.fact_id.startswith("llama-3.2-1b-instruct.")
    assert f"{SLUG}/page.md: line {line}, col " in render_text(report)


def test_a_price_change_in_the_facts_stales_the_approval_and_flags_the_figure(review_dir, facts_copy):
    approve(review_dir, SLUG, "ada", "", load_facts(REFERENCE_FACTS))
    change_cloudflare_price(facts_copy)
    report = check(facts_copy, review_dir)
    kinds = {problem.kind for problem in report.problems if problem.file.endswith(f"{SLUG}/page.md")}
    assert kinds == {"stale_approval", "finding"}
    findings = [problem for problem in report.problems if problem.kind == "finding"]
    assert all(problem.line for problem in findings)
    assert any(
        problem.fact_id.startswith("llama-3.2-1b-instruct.") and "input_price" in problem.fact_id
        for problem in findings
    ), [problem.message for problem in findings]


def test_a_draft_whose_pair_left_the_facts_is_a_problem(review_dir, facts_copy):
    (facts_copy / "models" / "qwen3.5-4b.yaml").unlink()
    (facts_copy / "pairs.yaml").write_text(
        "pairs:\n  - [llama-3.2-1b-instruct, trinity-large-thinking]\n", encoding="utf-8"
    )
    report = check(facts_copy, review_dir)
    (problem,) = [problem for problem in report.problems if SLUG in problem.file]
    assert problem.kind == "unknown_pair" and "qwen3.5-4b" in problem.message


def test_github_format_annotates_the_line(review_dir):
    line = edit_page_md(review_dir, SLUG, "$0.03", "$0.04")
    output = render_github(check(REFERENCE_FACTS, review_dir))
    annotation = next(row for row in output.splitlines() if row.startswith("::error ") and ",line=" in row)
    assert f"{SLUG}/page.md,line={line},col=" in annotation
    assert "::" in annotation.split(",col=", 1)[1]


def test_junit_has_one_testcase_per_page_and_a_failure_per_problem(review_dir):
    edit_page_md(review_dir, SLUG, "$0.03", "$0.04")
    suite = ElementTree.fromstring(render_junit(check(REFERENCE_FACTS, review_dir)))
    cases = {case.get("name").rsplit("/", 2)[-2]: case for case in suite.iter("testcase")}
    assert set(cases) == {SLUG, OTHER_SLUG}
    # The edited figure, and the edit itself (page.md no longer what page.json renders to).
    assert sorted(failure.get("type") for failure in cases[SLUG].findall("failure")) == ["finding", "tampered"]
    assert not cases[OTHER_SLUG].findall("failure")
    assert suite.get("tests") == "2" and suite.get("failures") == "1"


def test_published_pages_are_checked_too(review_dir, tmp_path):
    approve(review_dir, SLUG, "ada", "", load_facts(REFERENCE_FACTS))
    site = tmp_path / "site"
    publish(review_dir, site, REFERENCE_FACTS, "https://example.com")
    assert check(REFERENCE_FACTS, review_dir, site).clean
    edit_page_md(site, SLUG, "$0.03", "$0.04")
    report = check(REFERENCE_FACTS, review_dir, site)
    assert all(problem.file.endswith(f"site/{SLUG}/page.md") for problem in report.problems)
    assert sorted(problem.kind for problem in report.problems) == ["finding", "tampered", "tampered"]


def test_a_published_page_whose_approval_lapsed_is_a_problem(review_dir, tmp_path):
    approve(review_dir, SLUG, "ada", "", load_facts(REFERENCE_FACTS))
    site = tmp_path / "site"
    publish(review_dir, site, REFERENCE_FACTS, "https://example.com")
    edit_page_md(review_dir, SLUG, "## FAQ", "## Questions")
    kinds = {problem.kind for problem in check(REFERENCE_FACTS, review_dir, site).problems}
    assert kinds == {"stale_approval", "unpublished", "tampered"}


def test_bad_facts_are_bad_input(review_dir, facts_copy):
    (facts_copy / "models" / "qwen3.5-4b.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    with pytest.raises(FactsError):
        check(facts_copy, review_dir)


def test_a_missing_review_folder_is_bad_input(tmp_path):
    with pytest.raises(VersusError) as raised:
        check(REFERENCE_FACTS, tmp_path / "absent")
    assert raised.value.exit_code == 2


def test_an_empty_review_folder_is_clean(tmp_path):
    (tmp_path / "review").mkdir()
    assert check(REFERENCE_FACTS, tmp_path / "review").clean


def test_the_sample_workflow_runs_check_with_github_annotations():
    workflow = (Path(__file__).resolve().parent.parent / "docs" / "ci-workflow.yml").read_text(encoding="utf-8")
    assert "versus check --format github" in workflow and "pip install" in workflow


def test_relative_paths_are_shown_relative(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(REFERENCE_FACTS, "facts")
    write_drafts(Path("review"), Path("facts"))
    line = edit_page_md(Path("review"), SLUG, "$0.03", "$0.04")
    assert f"::error file=review/{SLUG}/page.md,line={line}," in render_github(check(Path("facts"), Path("review")))


def publish_approved(review_dir: Path, site: Path) -> None:
    approve(review_dir, SLUG, "ada", "", load_facts(REFERENCE_FACTS))
    publish(review_dir, site, REFERENCE_FACTS, "https://example.com")
    assert check(REFERENCE_FACTS, review_dir, site).clean


@wrong_figure_in_page_json
def test_a_wrong_figure_written_into_a_drafts_page_json_is_a_problem(review_dir, change):
    edit_page_json(review_dir, SLUG, change)
    problems = check(REFERENCE_FACTS, review_dir).problems
    assert problems and all(SLUG in problem.file for problem in problems)
    assert {problem.kind for problem in problems} == {"tampered"}


@wrong_figure_in_page_json
def test_a_wrong_figure_written_into_a_published_page_json_is_a_problem(review_dir, tmp_path, change):
    site = tmp_path / "site"
    publish_approved(review_dir, site)
    edit_page_json(site, SLUG, change)
    problems = check(REFERENCE_FACTS, review_dir, site).problems
    assert problems and all(f"site/{SLUG}" in problem.file for problem in problems)
    assert {problem.kind for problem in problems} == {"tampered"}


def test_an_edited_published_page_html_is_a_problem(review_dir, tmp_path):
    site = tmp_path / "site"
    publish_approved(review_dir, site)
    html = site / SLUG / "page.html"
    html.write_text(
        html.read_text(encoding="utf-8").replace(">$0.03/1M</a> input", ">$0.04/1M</a> input", 1), encoding="utf-8"
    )
    problems = check(REFERENCE_FACTS, review_dir, site).problems
    assert any(problem.kind == "tampered" and "page.html: differs" in problem.message for problem in problems)
    # The text of the published page.html is validated itself: the wrong figure is a finding there.
    assert any(problem.kind == "finding" and problem.file.endswith(f"site/{SLUG}/page.html") for problem in problems)


def test_a_script_added_to_a_published_page_html_is_a_problem(review_dir, tmp_path):
    site = tmp_path / "site"
    publish_approved(review_dir, site)
    html = site / SLUG / "page.html"
    html.write_text(
        html.read_text(encoding="utf-8").replace("</body>", "<script>alert(document.cookie)</script></body>"),
        encoding="utf-8",
    )
    assert [problem.kind for problem in check(REFERENCE_FACTS, review_dir, site).problems] == ["tampered"]


def test_the_cli_check_of_a_site_exits_1_on_an_edited_page_html(review_dir, tmp_path):
    site = tmp_path / "site"
    publish_approved(review_dir, site)
    html = site / SLUG / "page.html"
    html.write_text(
        html.read_text(encoding="utf-8").replace("<h2>FAQ</h2>", "<h2>FAQ</h2><p>Trust us.</p>"), encoding="utf-8"
    )
    result = CliRunner().invoke(
        main, ["check", "--site", str(site), "--review", str(review_dir), "--facts", str(REFERENCE_FACTS)]
    )
    assert result.exit_code == 1 and "page.html: differs from what page.json renders to" in result.output


def test_the_summary_counts_warnings_apart_from_the_problems_that_fail_the_check():
    warning = Problem(
        file="a/page.md", kind="conflicted_price", message="a price the sources disagree on", severity="warning"
    )
    error = Problem(file="b/page.md", kind="finding", message="a wrong figure")
    report = CheckReport(
        pages=[PageCheck(file="a/page.md", problems=[warning]), PageCheck(file="b/page.md", problems=[error])]
    )
    assert render_text(report).endswith("2 page(s) checked, 1 with problems, 1 problem(s), 1 warning(s)")
    assert not report.clean
    only_warnings = CheckReport(pages=[PageCheck(file="a/page.md", problems=[warning])])
    assert (
        render_text(only_warnings).endswith("1 page(s) checked, 0 with problems, 0 problem(s), 1 warning(s)")
        and only_warnings.clean
    )
