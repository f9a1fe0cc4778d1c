"""Benchmark: the mutation score of the modules whose bugs cost most, per module.

Runs mutmut (from PyPI) over each target with the test modules that cover it, and prints killed /
total and the surviving mutants by function. A survivor is a deliberate bug no test notices: read
it with `cd .mutation/TARGET && mutmut show NAME`, then write the test that kills it.

Each target runs in its own copy of the project under .mutation/TARGET (mutmut reads its settings
from the pyproject.toml of the folder it runs in, and writes its mutants there), from scratch every
time, so a score never leans on an earlier run's cached verdicts. The machine is shared: mutmut runs
under `nice -n 19` with one worker by default, one target at a time.

    python3 -m bench.mutation [TARGET ...] [--max-children 1] [--workdir .mutation] [--project DIR]
                              [--sample N [--seed S]]

--project measures another checkout of versus (say `git archive main | tar -x -C /tmp/main`) with
this checkout's targets: how a score stood before a change.

--sample N runs N of a target's mutants instead of all of them, picked at an even step through the
mutants in source order (so every function gives its share) from an offset that --seed fixes: the
same N, seed and source give the same mutants, so a before and an after score compare like for like.
The score of a sample is an estimate; the line printed says so and how many mutants there were.

Targets: comparison, validation (the generator/validation package), gate (the prose-quality gate,
whose faults are validator findings), author (the write, validate, repair loop), ledger (the
approval ledger and draft status in review.py).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
# What the tests need beside the code: the prompt templates, the live facts some end-to-end tests read.
PROJECT_PARTS = ("generator", "tests", "prompts", "facts", "pyproject.toml", "README.md")
# mutmut's verdicts (its exit codes, mutmut/stats.py) that count as a mutant caught.
KILLED = {1, 3, 37}
TIMEOUT = {24, -24, 36, 152, 255}
SURVIVED = {0}
NO_TESTS = {5, 33}
# Each runs in a fresh copy with no pytest cache; the fast loop skips the bundled model and the browser.
# mutmut passes test ids back to pytest, which finds no test by an id it escaped ("8.1\xd7" for "8.1×"):
# unescaped ids round-trip.
PYTEST_ARGS = [
    "-p",
    "no:cacheprovider",
    "-m",
    "not slow and not browser",
    "-o",
    "disable_test_id_escaping_and_forfeit_all_rights_to_community_support=true",
]


@dataclass(frozen=True)
class Target:
    """One module or package (or part of one) under mutation, and the test modules that cover it."""

    name: str
    # A module's file, or a package's folder: every module in it is mutated.
    source: str
    tests: tuple[str, ...]
    # Only these functions' mutants count (all of the module's when empty).
    functions: tuple[str, ...] = ()
    # Tests left out of the run, each with why: a mutant only they would catch counts as a survivor.
    deselect: tuple[str, ...] = ()
    # Modules of a package measured as targets of their own.
    exclude: tuple[str, ...] = ()


TARGETS = {
    target.name: target
    for target in (
        Target(
            "comparison",
            "generator/comparison.py",
            # Price history, traffic profiles, price-mix flips and imported stubs are comparison facts
            # whose tests live with the feature that reads them (receipts, pages, reconciliation).
            (
                "tests/test_comparison.py",
                "tests/test_comparison_figures.py",
                "tests/test_factids.py",
                "tests/test_provenance.py",
                "tests/test_page.py",
                "tests/test_reconcile.py",
            ),
            # It reads the source as text, and mutmut's copy holds every mutant's strings side by side.
            deselect=("tests/test_factids.py::test_every_attribute_written_in_a_builder_call_is_in_the_vocabulary",),
        ),
        Target(
            "validation",
            "generator/validation",
            ("tests/test_validation*.py",),
            # Validating ~100 generated pages takes 170 s of CPU under mutmut's trampolines: every surviving
            # mutant would pay it. The ten published pairs' pages (the test before it) are still validated.
            deselect=(
                "tests/test_validation.py::test_deterministic_pages_of_a_broad_sample_of_all_pairs_validate_clean",
            ),
            exclude=("generator/validation/gate.py",),
        ),
        Target("gate", "generator/validation/gate.py", ("tests/test_gate.py", "tests/test_validation*.py")),
        Target("author", "generator/author.py", ("tests/test_llm.py", "tests/test_author.py", "tests/test_house.py")),
        Target(
            "ledger",
            "generator/review.py",
            ("tests/test_review.py", "tests/test_ledger.py", "tests/test_house.py"),
            functions=(
                "ledger_path",
                "read_ledger",
                "append_decision",
                "page_hash",
                "draft_status",
                "approval_problems",
                "list_drafts",
                "get_draft",
                "approve",
                "reject",
                "_decide",
                "history",
                "to_line",
            ),
        ),
    )
}


@dataclass
class Score:
    target: str
    statuses: Counter = field(default_factory=Counter)
    survivors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    seconds: float = 0.0
    # How many mutants the target has when only a sample of them ran (0: all ran).
    population: int = 0

    @property
    def total(self) -> int:
        return sum(self.statuses.values())

    @property
    def killed(self) -> int:
        return self.statuses["killed"]

    def line(self) -> str:
        percent = f"{100 * self.killed / self.total:.1f}%" if self.total else "n/a"
        others = ", ".join(f"{count} {status}" for status, count in sorted(self.statuses.items()) if status != "killed")
        sample = ""
        if self.population and self.total:
            low, high = wilson_interval(self.killed, self.total)
            sample = (
                f" of a sample of {self.total} from {self.population} mutants"
                f" (95% interval {100 * low:.1f}-{100 * high:.1f}%)"
            )
        return (
            f"{self.target}: {self.killed}/{self.total} killed ({percent}){sample}"
            f"{'; ' + others if others else ''} [{self.seconds:.0f} s]"
        )


def wilson_interval(killed: int, total: int, z: float = 1.96) -> tuple[float, float]:
    """Where the whole target's score lies, at 95%, given a sample's: Wilson's interval for a proportion."""
    share = killed / total
    centre = (share + z * z / (2 * total)) / (1 + z * z / total)
    half = z * ((share * (1 - share) / total + z * z / (4 * total * total)) ** 0.5) / (1 + z * z / total)
    return max(0.0, centre - half), min(1.0, centre + half)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("targets", nargs="*", metavar="TARGET", help=f"any of {', '.join(TARGETS)} (default: all)")
    parser.add_argument("--max-children", type=int, default=1, help="mutmut workers (default 1: the machine is shared)")
    parser.add_argument(
        "--workdir", type=Path, default=REPOSITORY / ".mutation", help="where each target's copy and mutants go"
    )
    parser.add_argument("--project", type=Path, default=REPOSITORY, help="the checkout to measure (default: this one)")
    parser.add_argument(
        "--sample", type=int, default=0, help="run only N mutants a target, evenly spread (default: all)"
    )
    parser.add_argument("--seed", type=int, default=0, help="which evenly spread sample --sample takes (default 0)")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON too")
    arguments = parser.parse_args()
    unknown = [name for name in arguments.targets if name not in TARGETS]
    if unknown:
        parser.error(f"unknown target {', '.join(unknown)}: choose from {', '.join(TARGETS)}")
    scores = []
    for name in arguments.targets or list(TARGETS):
        score = run_target(
            TARGETS[name],
            arguments.project.resolve(),
            arguments.workdir / name,
            arguments.max_children,
            Sample(arguments.sample, arguments.seed),
        )
        print(score.line(), flush=True)
        scores.append(score)
    print()
    print_survivors(scores)
    if arguments.json:
        print(
            json.dumps(
                {
                    score.target: {"killed": score.killed, "total": score.total, "population": score.population}
                    | dict(score.statuses)
                    | {"survivors": dict(score.survivors)}
                    for score in scores
                },
                indent=1,
            )
        )


@dataclass(frozen=True)
class Sample:
    """Which of a target's mutants run: all of them (size 0), or size of them at an even step."""

    size: int = 0
    seed: int = 0


def run_target(target: Target, project: Path, workdir: Path, max_children: int, sample: Sample = Sample()) -> Score:
    prepare_copy(target, project, workdir)
    started = time.perf_counter()
    command = ["nice", "-n", "19", sys.executable, "-m", "mutmut", "run", "--max-children", str(max_children)]
    # Mutants of other functions in the module are generated but not run.
    command += [
        f"{module_name(target)}.{prefix}{function}__mutmut_*"
        for function in target.functions
        for prefix in ("x_", "xǁ*ǁ")
    ]
    population, chosen = 0, None
    if sample.size:
        mutants = generate_mutants(target, workdir)
        chosen = pick_sample(mutants, sample)
        population = len(mutants) if len(chosen) < len(mutants) else 0
        command += chosen
    run = subprocess.run(command, cwd=workdir, env=mutmut_environment(), capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(
            f"{target.name}: mutmut failed (exit {run.returncode}); its output is in {workdir}/mutmut.log\n{run.stdout[-2000:]}\n{run.stderr[-2000:]}"
        )
    (workdir / "mutmut.log").write_text(run.stdout + run.stderr, encoding="utf-8")
    score = read_score(target, workdir, chosen)
    score.seconds = time.perf_counter() - started
    score.population = population
    return score


def mutmut_environment() -> dict[str, str]:
    # mutmut puts its mutated copy first on sys.path; a PYTHONPATH to a checkout would shadow it.
    return {name: value for name, value in os.environ.items() if name != "PYTHONPATH"}


def generate_mutants(target: Target, workdir: Path) -> list[str]:
    """Every mutant name of the target, written by mutmut's own generation step without running a test.

    `mutmut run` then finds the mutated files newer than their sources and keeps them as they are.
    """
    script = (
        "import os\n"
        "from mutmut.__main__ import copy_also_copy_files, copy_src_dir, create_mutants, setup_source_paths\n"
        "from mutmut.mutation.trampoline import set_mutant_under_test\n"
        "set_mutant_under_test('mutant_generation')\n"
        "os.makedirs('mutants', exist_ok=True)\n"
        "copy_src_dir(); copy_also_copy_files(); setup_source_paths(); create_mutants(1)\n"
    )
    command = ["nice", "-n", "19", sys.executable, "-c", script]
    run = subprocess.run(command, cwd=workdir, env=mutmut_environment(), capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"{target.name}: mutmut could not generate its mutants (exit {run.returncode})\n{run.stderr[-2000:]}")
    names = [name for meta in meta_files(target, workdir) for name in read_meta(meta)["exit_code_by_key"]]
    return [name for name in names if not target.functions or function_name(name) in target.functions]


def pick_sample(mutants: list[str], sample: Sample) -> list[str]:
    """`sample.size` mutants at an even step through them in source order, from an offset the seed fixes.

    An even step gives each function its share (a function with a tenth of the mutants gets about a tenth
    of the sample), so the sample's score estimates the whole target's.
    """
    if sample.size >= len(mutants):
        return mutants
    step = len(mutants) / sample.size
    offset = random.Random(sample.seed).random() * step
    return [mutants[int(offset + index * step)] for index in range(sample.size)]


def prepare_copy(target: Target, project: Path, workdir: Path) -> None:
    """A fresh copy of the project whose pyproject.toml tells mutmut what to mutate and which tests to run."""
    if workdir.exists():
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", ".pytest_cache", ".hypothesis", "*.egg-info")
    for part in PROJECT_PARTS:
        source = project / part
        if source.is_dir():
            shutil.copytree(source, workdir / part, ignore=ignore)
        elif source.is_file():
            shutil.copy2(source, workdir / part)
    tests = sorted({str(path.relative_to(project)) for pattern in target.tests for path in project.glob(pattern)})
    # mutmut matches with fnmatch, whose `*` also crosses `/`: a folder's pattern takes its subpackages.
    only_mutate = f"{target.source}/*" if (project / target.source).is_dir() else target.source
    settings = {
        "source_paths": ["generator"],
        "only_mutate": [only_mutate],
        "do_not_mutate": list(target.exclude),
        "also_copy": ["prompts", "facts", "README.md"],
        "pytest_add_cli_args": PYTEST_ARGS
        + [argument for test in target.deselect for argument in ("--deselect", test)],
        "pytest_add_cli_args_test_selection": tests,
    }
    pyproject = workdir / "pyproject.toml"
    text = re.sub(r"(?ms)^\[tool\.mutmut\].*?(?=^\[|\Z)", "", pyproject.read_text(encoding="utf-8"))
    pyproject.write_text(
        text + "\n[tool.mutmut]\n" + "".join(f"{key} = {json.dumps(value)}\n" for key, value in settings.items()),
        encoding="utf-8",
    )


def module_name(target: Target) -> str:
    return target.source.removesuffix(".py").replace("/", ".")


def meta_files(target: Target, workdir: Path) -> list[Path]:
    """mutmut's verdict files of the target's modules (one beside each mutated module), in source order."""
    mutated = workdir / "mutants" / target.source
    if not mutated.is_dir():
        return [mutated.with_name(mutated.name + ".meta")]
    excluded = {workdir / "mutants" / f"{module}.meta" for module in target.exclude}
    return sorted(meta for meta in mutated.rglob("*.py.meta") if meta not in excluded)


def read_meta(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def read_score(target: Target, workdir: Path, chosen: list[str] | None = None) -> Score:
    """Killed, survived and the rest, from the verdicts mutmut keeps beside its mutated copy.

    With a sample (`chosen`) only its mutants count: the others were left unrun on purpose.
    """
    sample = set(chosen) if chosen is not None else None
    score = Score(target.name)
    for meta in meta_files(target, workdir):
        for mutant, exit_code in read_meta(meta)["exit_code_by_key"].items():
            function = function_name(mutant)
            if (target.functions and function not in target.functions) or (sample is not None and mutant not in sample):
                continue
            status = verdict(exit_code)
            score.statuses[status] += 1
            if status != "killed":
                score.survivors[qualified_function(target, mutant)].append(f"{mutant} ({status})")
    return score


def function_name(mutant: str) -> str:
    """`generator.review.x_approve__mutmut_3` -> approve; `...xǁDecisionǁto_line__mutmut_1` -> to_line."""
    mangled = mutant.rsplit(".", 1)[-1].split("__mutmut_")[0]
    return mangled.rsplit("ǁ", 1)[-1] if "ǁ" in mangled else mangled.removeprefix("x_")


def qualified_function(target: Target, mutant: str) -> str:
    """The function, after its module when the target is a package: `checkers.dates.check`."""
    if target.source.endswith(".py"):
        return function_name(mutant)
    module = mutant.split("__mutmut_")[0].rsplit(".", 1)[0]
    package = target.source.replace("/", ".") + "."
    return f"{module.removeprefix(package)}.{function_name(mutant)}"


def verdict(exit_code: int | None) -> str:
    if exit_code in KILLED:
        return "killed"
    if exit_code in SURVIVED:
        return "survived"
    if exit_code in TIMEOUT:
        return "timeout"
    if exit_code in NO_TESTS:
        return "no tests"
    return "not run" if exit_code is None else f"suspicious (exit {exit_code})"


def print_survivors(scores: list[Score]) -> None:
    for score in scores:
        if not score.survivors:
            continue
        print(f"{score.target}: mutants no test caught, by function")
        for function, mutants in sorted(score.survivors.items(), key=lambda item: -len(item[1])):
            print(f"  {function}: {len(mutants)}  e.g. {mutants[0]}")


if __name__ == "__main__":
    main()
