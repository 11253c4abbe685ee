"""How a model's worth is said: money with honest rounding, thresholds rounded up, one sentence a lead can repeat.

The numbers are ``domain.worth``'s; this module only words them (2 significant figures for money,
thousands separators, the workspace's currency).
"""

from __future__ import annotations

import math

from domain.errors import DomainError
from domain.worth import INPUT_LABELS, Unknown
from domain.worth_appraisal import Worth

CURRENCY_SYMBOLS = {"EUR": ("", " €"), "USD": ("$", ""), "GBP": ("£", "")}


def currency_code(currency: str) -> str:
    """The workspace's currency as an upper-case 3-letter code (ISO 4217 style)."""
    code = currency.strip().upper()
    if len(code) != 3 or not code.isascii() or not code.isalpha():
        raise DomainError(f"currency must be a 3-letter code such as EUR, not {currency!r}", field="currency")
    return code


def format_amount(amount: float) -> str:
    """Two significant figures with thousands separators, no currency: 11,200 -> "11,000"; sign dropped."""
    rounded = float(f"{abs(amount):.2g}")
    decimals = max(0, 1 - math.floor(math.log10(rounded))) if rounded else 0
    return f"{rounded:,.{decimals}f}"


def format_money(amount: float, currency: str) -> str:
    """Two significant figures with thousands separators: 11,200 € -> "11,000 €"; sign dropped."""
    code = currency_code(currency)
    prefix, suffix = CURRENCY_SYMBOLS.get(code, ("", f" {code}"))
    return f"{prefix}{format_amount(amount)}{suffix}"


def format_threshold(value: float) -> str:
    """A precision to reach, rounded UP to 2 decimals so that reaching the stated number is enough."""
    return f"{math.ceil(value * 100 - 1e-9) / 100:.2f}"


def format_break_even(value: float) -> str:
    """The precision below which acting loses money: 2 decimals when that moves it by less than
    0.001, else 3 ("loses money below 0.10" for a break-even of 0.0909 told a model at 0.095 that
    it loses money; "0.091" does not)."""
    two = math.ceil(value * 100 - 1e-9) / 100
    if two - value < 0.001:
        return f"{two:.2f}"
    return f"{math.ceil(value * 1000 - 1e-9) / 1000:.3f}"


def _stated(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:.0f}"


def _value_clause(worth: Worth, currency: str) -> str | None:
    value = worth.at_target
    if isinstance(value, Unknown):
        return None if value.missing else f"value at target unknown ({value.reason})"
    if value > 0:
        clause = f"worth about {format_money(value, currency)}/month at target"
    elif value < 0:
        clause = f"loses about {format_money(value, currency)}/month at target"
    else:
        clause = "worth nothing at target"
    base = worth.at_baseline
    if worth.baseline is not None and base is not None and not isinstance(base, Unknown):
        verb = "loses about" if base < 0 else "about"
        clause += f" ({worth.baseline}: {verb} {format_money(base, currency)}/month)"
    return clause


def _break_even_clause(worth: Worth) -> str | None:
    value = worth.break_even
    if isinstance(value, Unknown):
        return None
    if value == 0:
        return "acting on a flag never loses money"
    if value > 1:
        return "loses money at any precision (a flag costs more to handle than a catch is worth)"
    return f"loses money below precision {format_break_even(value)}"


def _bar_clause(worth: Worth) -> str | None:
    bar = worth.bar
    if isinstance(bar, Unknown):
        return f"no bar to beat yet ({bar.reason})" if bar.reason and not bar.missing else None
    if bar.baseline is None:
        return None  # against not acting the bar is the break-even, already said
    at = f"at recall {_stated(bar.recall)}"
    if not bar.reachable:
        return f"cannot beat {bar.baseline} {at}, even at precision 1"
    if bar.precision == 0:
        return f"beats {bar.baseline} {at} at any precision"
    return f"must reach precision {format_threshold(bar.precision)} {at} to beat {bar.baseline}"


def one_line(worth: Worth, currency: str) -> str:
    """The sentence for the card: what it is worth, when it loses money, what it must beat.

    Unknown parts are not guessed: the sentence ends by naming the answers still needed."""
    currency = currency_code(currency)
    parts = [c for c in (_value_clause(worth, currency), _break_even_clause(worth), _bar_clause(worth)) if c]
    if missing := worth.missing:
        needed = ", ".join(INPUT_LABELS.get(name, name) for name in missing)
        parts.append(f"still to answer: {needed}" if parts else f"worth unknown until you answer: {needed}")
    return "; ".join(parts)
