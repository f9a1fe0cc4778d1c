"""The held-out part of the validator's corpus: phrasings written after the checkers were done."""

from __future__ import annotations

HELD_OUT_WRITERS: dict = {}
