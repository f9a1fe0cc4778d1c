"""How figures read on a page. Values stay exact everywhere else; rounding happens only here."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

UNKNOWN = "Unknown"


def rounded(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def usd(value: Decimal) -> str:
    """$71.85, $1,204.00; a price below a cent keeps two significant digits ($0.0045) so it never reads $0.00."""
    if value != 0 and abs(value) < Decimal("0.01"):
        exponent = value.adjusted()
        return f"${rounded(value, -exponent + 1)}"
    return f"${rounded(value, 2):,}"


def percent(value: Decimal) -> str:
    return f"{rounded(value, 1)}%"


def multiple(value: Decimal) -> str:
    return f"{rounded(value, 1)}×"


def points(value: Decimal) -> str:
    return f"{rounded(value, 1)} points"


def score(value: Decimal) -> str:
    return f"{rounded(value, 1)}"


def tokens(count: int) -> str:
    """Context windows as pages print them: 128K, 262K, 1M (decimal thousands, as vendors state them)."""
    if count >= 1_000_000 and count % 1_000_000 < 50_000:
        return f"{rounded(Decimal(count) / 1_000_000, 1).normalize():f}M"
    if count >= 1000:
        return f"{round(count / 1000)}K"
    return str(count)


def parameters(count: int) -> str:
    """1.23B, 400B, 135M."""
    for size, suffix in ((10**12, "T"), (10**9, "B"), (10**6, "M")):
        if count >= size:
            return f"{(Decimal(count) / size).normalize():f}{suffix}"
    return f"{count:,}"


def yes_no(value: bool | None) -> str:
    return UNKNOWN if value is None else ("Yes" if value else "No")


def counted(count: int, noun: str) -> str:
    """1 route, 2 routes: a count with its noun in the number it takes."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def join_words(items: list[str]) -> str:
    """a, b and c."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"
