"""Benchmark (c): the LLM calls a rebuild makes after one model's price changes, beside the minimum.

Builds every pair among the first `--models` models against the fake endpoint, raises one input
price of `--changed` by 10%, rebuilds, and counts the calls. The minimum is two sections for each
pair that includes the changed model (every fact of a pair is in both of its prompts).

    python3 -m bench.rebuild_calls [--models 20] [--changed MODEL_ID]
"""

from __future__ import annotations

import argparse
import itertools
import tempfile
from decimal import Decimal
from pathlib import Path

from bench.fake_endpoint import fake_endpoint
from generator.build import BuildOptions, build_pages
from generator.facts import Dataset, load_facts
from generator.llm import LLMConfig


def with_price_raised(dataset: Dataset, model_id: str) -> Dataset:
    model = dataset.models[model_id]
    index = next(index for index, route in enumerate(model.routes) if route.input_usd_per_mtok is not None)
    routes = list(model.routes)
    routes[index] = routes[index].model_copy(
        update={"input_usd_per_mtok": routes[index].input_usd_per_mtok * Decimal("1.1")}
    )
    return dataset.model_copy(
        update={"models": dataset.models | {model_id: model.model_copy(update={"routes": routes})}}
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=Path, default=Path("facts"))
    parser.add_argument("--models", type=int, default=20)
    parser.add_argument(
        "--changed", default=None, help="The model whose price changes (default: the first with a priced route)."
    )
    arguments = parser.parse_args()

    dataset = load_facts(arguments.facts)
    model_ids = sorted(dataset.models)[: arguments.models]
    changed = arguments.changed or next(
        model_id
        for model_id in model_ids
        if any(route.input_usd_per_mtok is not None for route in dataset.models[model_id].routes)
    )
    pairs = list(itertools.combinations(model_ids, 2))
    with fake_endpoint(0.0) as base_url, tempfile.TemporaryDirectory() as out_dir:
        options = BuildOptions(out_dir=Path(out_dir), concurrency=16)
        config = LLMConfig(base_url=base_url, model="bench")
        first = build_pages(dataset, pairs, options, config)
        rebuild = build_pages(with_price_raised(dataset, changed), pairs, options, config)
    minimum = 2 * sum(changed in pair for pair in pairs)
    print(f"pairs: {len(pairs)}; first build: {first.llm_calls} LLM calls")
    print(
        f"after one input price of {changed} rose 10%: {rebuild.llm_calls} LLM calls, minimum possible {minimum} ({rebuild.cached_sections} sections from cache)"
    )


if __name__ == "__main__":
    main()
