"""What a person typed as a number, read once for the command and the modals (issue 18).

People write "71.5%", "0,8", "3,000" or "3 000"; the bot itself prints "3,000 examples labelled".
``typed_number`` reads them all: a trailing "%" is kept as a flag (what it means depends on the
field or the metric: ``domain.metric_scale``), thousands are grouped by commas, spaces, thin or
no-break spaces or apostrophes (groups of three digits, never after a lone 0), and a single comma followed by other
than three digits (or after a lone 0) is a decimal comma ("0,8", "71,5", "0,061"). "1,500" is one thousand five hundred, as
in English. Python's ``float`` also reads "nan", "inf" and "1_000", which no value in MLScope may
be: a finite number is checked here, and only digits, signs, separators and exponents get through.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

MAX_TEXT = 40  # longer is not a number a person typed
_GROUPED = re.compile(r"[+-]?[1-9]\d{0,2}(?:(?P<sep>[ \u00a0\u202f\u2009',])\d{3})(?:(?P=sep)\d{3})*(?:[.,]\d+)?")
_DECIMAL_COMMA = re.compile(r"[+-]?\d*,\d+")
_PLAIN = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


class NotANumber(ValueError):
    """The text is not a number at all."""


class NotFinite(ValueError):
    """The text is NaN or an infinity (or too large to be one)."""


@dataclass(frozen=True)
class Typed:
    """A number as typed: its value and whether it ended with "%"."""

    value: float
    percent: bool = False


def _normalized(text: str) -> str:
    grouped = _GROUPED.fullmatch(text)
    if grouped:
        sep = grouped["sep"]
        digits = text.replace(sep, "")
        return digits.replace(",", ".") if sep != "," else digits
    if _DECIMAL_COMMA.fullmatch(text):
        return text.replace(",", ".")
    return text


def typed_number(text: object) -> Typed:
    """``text`` as a finite number and its "%" flag; ``NotANumber`` or ``NotFinite`` otherwise."""
    if not isinstance(text, str | int | float) or isinstance(text, bool):
        raise NotANumber(text)
    raw = str(text).strip()
    if len(raw) > MAX_TEXT:
        raise NotANumber(text)
    percent = raw.endswith("%")
    body = raw.removesuffix("%").strip() if percent else raw
    lowered = body.lower()
    if lowered.lstrip("+-") in ("nan", "inf", "infinity"):
        raise NotFinite(text)
    normalized = _normalized(body)
    if not _PLAIN.fullmatch(normalized):
        raise NotANumber(text)
    number = float(normalized)
    if not math.isfinite(number):
        raise NotFinite(text)
    return Typed(number, percent)
