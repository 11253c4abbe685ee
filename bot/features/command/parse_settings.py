"""Parsing ``/mlproject settings …`` (kept apart from ``parse`` so that both stay short)."""

from __future__ import annotations

from bot.features.command.grammar import Settings, UsageError
from domain.attention import STALE_WEEKS_MAX, STALE_WEEKS_MIN
from domain.errors import DomainError
from domain.visibility import parse_visibility
from domain.worth_sentence import currency_code

SHOWN_ONLY = ("visibility", "currency", "stale-readings")  # named without a value: the settings are shown
USE = (
    "Use `settings`, `settings visibility members` / `settings visibility everyone`, `settings currency EUR`, "
    "`settings stale-readings 6` or `settings scoring`."
)


def settings(words: list[str]) -> Settings:
    what = words[1].lower() if len(words) > 1 else ""
    if len(words) == 1 or (len(words) == 2 and what in SHOWN_ONLY):
        return Settings()
    if len(words) == 2 and what == "scoring":
        return Settings(scoring=True)
    if len(words) == 3 and what == "visibility":
        try:
            return Settings(parse_visibility(words[2]))
        except DomainError:
            pass
    if len(words) == 3 and what == "currency":
        try:
            return Settings(currency=currency_code(words[2]))
        except DomainError:
            raise UsageError(
                f"“{words[2][:20]}” is not a currency code: use 3 letters, e.g. `settings currency EUR`.", "settings"
            ) from None
    if what == "stale-readings" and (len(words) == 3 or (len(words) == 4 and words[3].lower() in ("week", "weeks"))):
        return Settings(stale_weeks=_weeks(words[2]))
    raise UsageError(USE, "settings")


def _weeks(word: str) -> int:
    """A whole number of weeks (its bounds are the domain's: ``domain.attention.stale_weeks``)."""
    if not word.isascii() or not word.isdigit() or len(word) > 4:
        raise UsageError(
            f"“{word[:20]}” is not a number of weeks: e.g. `settings stale-readings 6` "
            f"({STALE_WEEKS_MIN} to {STALE_WEEKS_MAX}).",
            "settings",
        )
    return int(word)
