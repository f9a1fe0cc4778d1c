"""Paraphrases of the claim families in the words of editorial comparison pages, written by hand after
the families' generated corpus (tests/validation_corpus.py) was at 100%: sentence shapes that corpus
does not produce ("65.0 to 40.2", "thirty cents per million", "a product of", "looks at images",
"wins both shared benchmarks", "a mixture-of-experts design"). Each case is (family, wrong, text)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tests.validation_cases import CATALOG, REFERENCE_FACTS


@dataclass(frozen=True)
class Paraphrase:
    family: int
    facts: Path
    pair: tuple[str, str]
    wrong: bool
    text: str


L, Q = "Llama 3.2 1B Instruct", "Qwen3.5-4B"
A, B = "GPT-4o mini", "GPT-4.1 mini"

SMALL_PAIR = [
    (1, False, f"{Q} posts 79.1 on MMLU-Pro, far ahead of {L}'s 20.0."),
    (1, True, f"{Q} posts 79.1 on MMLU-Pro, far ahead of {L}'s 25.6."),
    (1, False, f"{Q} scores nearly 80 on MMLU-Pro."),
    (1, True, f"{Q} scores nearly 90 on MMLU-Pro."),
    (2, False, f"On the GPQA Diamond test, {L} manages 25.6 while {Q} reaches 76.2."),
    (2, True, f"On the GPQA Diamond test, {L} manages 76.2 while {Q} reaches 25.6."),
    (3, False, f"{L} trails {Q} by 59.1 points on MMLU-Pro."),
    (3, True, f"{L} trails {Q} by 50.6 points on MMLU-Pro."),
    (3, True, f"{Q} trails {L} by 59.1 points on MMLU-Pro."),
    (4, False, f"{Q} can read up to 262,144 tokens at once."),
    (4, True, f"{Q} can read up to 131,072 tokens at once."),
    (4, False, f"{L} costs three cents per million input tokens."),
    (4, True, f"{L} costs thirty cents per million input tokens."),
    (4, False, f"Output on {L} runs $0.0002 per thousand tokens."),
    (4, True, f"Output on {L} runs $0.002 per thousand tokens."),
    (5, False, f"{L}: $0.03 input, $0.20 output per million tokens."),
    (5, True, f"{L}: $0.20 input, $0.03 output per million tokens."),
    (6, False, f"{Q}'s context window is twice as large as {L}'s."),
    (6, True, f"{L}'s context window is twice as large as {Q}'s."),
    (6, False, f"{Q} has roughly three times as many parameters as {L}."),
    (6, True, f"{Q} has roughly ten times as many parameters as {L}."),
    (7, False, f"{Q} has about 4 billion parameters against {L}'s 1.23 billion."),
    (7, True, f"{Q} has about 8 billion parameters against {L}'s 1.23 billion."),
    (7, False, f"{Q} wins both of the two benchmarks the models share."),
    (7, True, f"{L} wins both of the two benchmarks the models share."),
    (7, True, f"{Q} wins all three shared benchmarks."),
    (7, False, "A gap of more than fifty points separates them on GPQA Diamond."),
    (7, True, "A gap of more than seventy points separates them on GPQA Diamond."),
    (8, False, f"{Q} is built by Alibaba."),
    (8, True, f"{Q} is built by Meta."),
    (8, True, f"{L} is a product of Alibaba's Qwen team."),
    (8, False, f"{Q} is licensed under Apache 2.0."),
    (8, True, f"{L} is licensed under Apache 2.0."),
    (8, True, f"{Q} ships under an MIT license."),
    (8, False, f"{Q} can look at images, which {L} cannot."),
    (8, True, f"{L} can look at images, which {Q} cannot."),
    (8, True, f"{Q} supports tool calling out of the box."),
    (8, False, f"{L} can return structured output."),
    (8, True, f"{Q} can return structured output."),
    (8, True, f"{L} is an industry-leading small model."),
    (8, True, f"{Q} is the most capable open model available."),
    (8, True, f"{L} is also available on Together AI."),
    (8, False, f"{L} is available through AWS Bedrock and OpenRouter."),
    (8, True, f"{Q} is available through AWS Bedrock."),
    (8, False, f"{L} is a dense model, not a mixture of experts."),
    (8, True, f"{L} is built on a mixture-of-experts design."),
    (8, True, f"Like GPT-4o, {Q} handles images."),
    (8, True, f"{Q} outperforms Claude 3 Haiku on MMLU-Pro."),
    (9, False, f"The model with the longer context window, {Q}, handles 262K tokens."),
    (9, True, f"The model with the longer context window, {L}, handles 128K tokens."),
    (9, False, "The higher-scoring model on GPQA Diamond reaches 76.2."),
    (9, True, "The higher-scoring model on GPQA Diamond reaches 25.6."),
    (10, False, f"{L} was released in September 2024, about eighteen months before {Q}."),
    (10, True, f"{L} was released in March 2026."),
    (10, True, f"{Q} is the older of the two models."),
    (10, False, f"{L} is the older of the two models."),
    (10, False, f"{L} has a knowledge cutoff of December 2023."),
    (10, True, f"{L} has a knowledge cutoff of December 2024."),
    (10, False, f"{L} came out in 2024 and {Q} in 2026."),
    (10, True, f"{L} came out in 2023 and {Q} in 2026."),
]

MINI_PAIR = [
    (1, False, f"{B} scores 87.5 on MMLU, 5.5 points above {A}."),
    (1, True, f"{B} scores 87.5 on MMLU, 7.5 points above {A}."),
    (1, True, f"{A} scores 87.5 on MMLU, 5.5 points above {B}."),
    (3, False, f"{B} leads on GPQA Diamond, 65.0 to 40.2."),
    (3, True, f"{A} leads on GPQA Diamond, 65.0 to 40.2."),
    (3, True, f"{B} leads on GPQA Diamond, 65.0 to 42.0."),
    (3, False, f"At the assumed traffic, {A} comes to $270 a month against $720 for {B}."),
    (3, True, f"At the assumed traffic, {A} comes to $720 a month against $270 for {B}."),
    (4, False, f"Input tokens on {A} cost fifteen cents per million."),
    (4, True, f"Input tokens on {A} cost fifty cents per million."),
    (4, False, f"{A} costs $0.00015 per thousand input tokens."),
    (4, True, f"{A} costs $0.0015 per thousand input tokens."),
    (4, True, f"At the assumed traffic, {A} comes to $300 a month."),
    (5, False, f"{A} charges $0.15 per million input tokens and $0.60 per million output tokens."),
    (5, True, f"{A} charges $0.60 per million input tokens and $0.15 per million output tokens."),
    (5, False, f"{B} lists at $0.40 in and $1.60 out per 1M tokens."),
    (5, True, f"{B} lists at $1.60 in and $0.40 out per 1M tokens."),
    (6, False, f"{A} is 62.5% cheaper than {B} on blended price."),
    (6, True, f"{B} is 62.5% cheaper than {A} on blended price."),
    (6, False, f"{B} costs roughly 2.7 times as much as {A}."),
    (6, True, f"{A} costs roughly 2.7 times as much as {B}."),
    (6, False, f"{B} is more than twice as expensive as {A}."),
    (6, True, f"{A} is more than twice as expensive as {B}."),
    (6, False, f"{A} costs less than half as much as {B}."),
    (6, True, f"{B} costs less than half as much as {A}."),
    (6, False, f"Switching to {A} saves $450 a month."),
    (6, True, f"Switching to {B} saves $450 a month."),
    (6, False, f"{B} accepts up to a million tokens of context, eight times what {A} takes."),
    (6, True, f"{A} accepts up to a million tokens of context, eight times what {B} takes."),
    (7, False, f"{B} is ahead on both shared benchmarks."),
    (7, True, f"{A} is ahead on both shared benchmarks."),
    (7, True, f"{A} and {B} split the two shared benchmarks."),
    (7, False, "Each model is tracked on five providers."),
    (7, True, "Each model is tracked on 6 providers."),
    (8, False, "Both models come from OpenAI."),
    (8, True, "Both models come from Anthropic."),
    (8, False, "Neither model has open weights."),
    (8, True, "Both models are open-weight."),
    (8, True, f"{A} is released under the Apache 2.0 license."),
    (8, False, "Both models can call functions and produce JSON that follows a schema."),
    (8, True, "Neither model can call functions."),
    (8, True, f"{B} is a reasoning model."),
    (8, False, "Neither model is a reasoning model."),
    (8, False, "You can run both models on Azure OpenAI, OpenRouter and Replicate."),
    (8, True, "You can run both models on Azure OpenAI, OpenRouter and Amazon Bedrock."),
    (8, True, f"{A} is also served by Together AI."),
    (8, True, f"{B} is OpenAI's flagship frontier model."),
    (8, True, f"{B} tops every leaderboard."),
    (8, True, f"{A} beats Claude 3.5 Haiku on MMLU."),
    (8, False, f"{A} supports images as input."),
    (8, True, f"{A} does not accept image input."),
    (8, True, f"{A} can transcribe audio."),
    (9, False, f"The cheaper model, {A}, costs $0.29 blended."),
    (9, True, f"The cheaper model, {B}, costs $0.76 blended."),
    (9, False, "The pricier option costs $0.76 per million blended tokens."),
    (9, True, "The pricier option costs $0.29 per million blended tokens."),
    (9, False, "The model with the bigger window holds 1M tokens."),
    (9, True, "The model with the bigger window holds 128K tokens."),
    (10, False, f"{B} is the newer release, launched in April 2025."),
    (10, True, f"{B} is the newer release, launched in April 2024."),
    (10, True, f"{A} is the newer release."),
    (10, False, f"{A} arrived about nine months before {B}."),
    (10, True, f"{A} arrived about two years before {B}."),
    (10, False, f"{A}'s knowledge stops in October 2023."),
    (10, True, f"{A}'s knowledge stops in October 2024."),
]

PARAPHRASES = tuple(
    Paraphrase(family, facts, pair, wrong, text)
    for facts, pair, cases in (
        (REFERENCE_FACTS, ("llama-3.2-1b-instruct", "qwen3.5-4b"), SMALL_PAIR),
        (CATALOG, ("gpt-4o-mini", "gpt-4.1-mini"), MINI_PAIR),
    )
    for family, wrong, text in cases
)
