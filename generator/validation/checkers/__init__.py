"""The claim checkers, one per kind of claim, and the registry the Validator runs them from.

A checker reads one region (prose between tables, or a table cell) of a scanned text and records
mentions and findings through the Validator. Order matters: checkers that decide whom a figure is
about, or check a figure themselves, run before the figure checker, which reads every figure left.
A new claim kind is one new checker here plus its family in tests/validation_corpus.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from generator.validation.checkers.capabilities import CapabilityChecker
from generator.validation.checkers.claims import (
    ArchitectureChecker,
    LicenceChecker,
    MakerChecker,
    NameChecker,
    SuperlativeChecker,
)
from generator.validation.checkers.dates import TimeOrderChecker
from generator.validation.checkers.directions import DirectionChecker
from generator.validation.checkers.figures import FigureChecker
from generator.validation.checkers.pairs import InputOutputChecker, RouteChecker, TwoModelChecker
from generator.validation.checkers.relative import RelativeChecker
from generator.validation.descriptors import AnswerChecker, DescriptorChecker

if TYPE_CHECKING:
    from generator.validation.scan import Region, Scan
    from generator.validation.validator import Validator


class Checker(Protocol):
    kind: str
    # Whether the checker also reads table cells (figures, Yes/No capabilities, names) or prose only.
    cells: bool

    def check(self, validator: Validator, scan: Scan, region: Region) -> None:
        """Find this kind's claims in the region; add a mention for each and a finding for each wrong one."""


CHECKERS: list[Checker] = [
    NameChecker(),
    TwoModelChecker(),
    InputOutputChecker(),
    RelativeChecker(),
    TimeOrderChecker(),
    CapabilityChecker(),
    DirectionChecker(),
    DescriptorChecker(),
    AnswerChecker(),
    MakerChecker(),
    LicenceChecker(),
    ArchitectureChecker(),
    SuperlativeChecker(),
    FigureChecker(),
    RouteChecker(),
]
