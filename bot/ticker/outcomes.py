"""What a failed post means, apart from the loop that posts: Slack's error, classified.

- rate-limited (429): wait Retry-After if the tick's budget allows, else try in a later tick;
- Slack's answer lost (5xx, a network error): the message may be in Slack — look before posting again;
- not in the channel: join it (a public one) and post again, once;
- refused otherwise: nothing was posted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from urllib.error import URLError

from slack_sdk.errors import SlackApiError

from bot.slack.errors import error_code

PERMANENT_RETRY = timedelta(hours=1)  # what Slack refused is tried again after this


@dataclass(frozen=True)
class RateLimited:
    wait: float


@dataclass(frozen=True)
class Unknown:
    error: str


@dataclass(frozen=True)
class NotInChannel:
    pass


@dataclass(frozen=True)
class Refused:
    exc: SlackApiError


Outcome = RateLimited | Unknown | NotInChannel | Refused


def classify(exc: Exception) -> Outcome:
    """``exc`` raised by a post (a ``SlackApiError``, ``URLError`` or ``OSError``)."""
    if isinstance(exc, SlackApiError):
        status = exc.response.status_code if exc.response is not None else 0
        if status == 429:
            return RateLimited(float(exc.response.headers.get("Retry-After", 1) or 1))
        if status >= 500:
            return Unknown(f"slack {status}")
        if error_code(exc) == "not_in_channel":
            return NotInChannel()
        return Refused(exc)
    assert isinstance(exc, (URLError, OSError))
    return Unknown(f"network: {type(exc).__name__}")
