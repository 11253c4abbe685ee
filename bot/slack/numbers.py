"""What a person typed as a number, read once for the command and the modals: Python's ``float``
also reads "nan" and "inf", which no value in MLScope may be, so a finite number is checked here."""

from __future__ import annotations

import math


class NotANumber(ValueError):
    """The text is not a number at all."""


class NotFinite(ValueError):
    """The text is NaN or an infinity."""


def finite_number(text: object) -> float:
    """``text`` as a finite float; ``NotANumber`` or ``NotFinite`` otherwise (the caller words them)."""
    try:
        number = float(text)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise NotANumber(text) from None
    if not math.isfinite(number):
        raise NotFinite(text)
    return number
