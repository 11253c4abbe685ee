"""What ``/mlproject`` can be asked, one frozen dataclass per subcommand (``Command``), and the
usage error ``parse`` raises."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from domain.model import Cadence, Stage
from domain.visibility import Visibility


class UsageError(Exception):
    def __init__(self, problem: str, subcommand: str | None = None):
        super().__init__(problem)
        self.problem = problem
        self.subcommand = subcommand


@dataclass(frozen=True)
class Help:
    pass


@dataclass(frozen=True)
class New:
    name: str = ""


@dataclass(frozen=True)
class List:
    mine: bool = False
    stage: Stage | None = None


@dataclass(frozen=True)
class Show:
    ref: str


@dataclass(frozen=True)
class Edit:
    ref: str


@dataclass(frozen=True)
class MoveStage:
    ref: str
    stage: Stage
    reason: str


@dataclass(frozen=True)
class RecordMetric:
    ref: str
    value: float
    note: str
    percent: bool = False  # typed with "%": the metric's scale says what it means


@dataclass(frozen=True)
class AddBaseline:
    ref: str


@dataclass(frozen=True)
class Archive:
    ref: str


@dataclass(frozen=True)
class Unarchive:
    ref: str


@dataclass(frozen=True)
class Checkin:
    ref: str
    action: str = "now"  # now | schedule | pause | resume


CHECKIN_ACTIONS = ("now", "schedule", "pause", "resume")


@dataclass(frozen=True)
class DigestNow:
    scope: str = ""  # a filter: a stage, a quadrant, mine, or a person as ``<@U123>``


@dataclass(frozen=True)
class DigestSubscribe:
    cadence: Cadence = Cadence.WEEKLY
    weekday: int = 0
    at: time = time(9, 0)
    timezone: str | None = None  # None: the subscriber's Slack timezone
    channel_id: str | None = None  # None: the channel the command was typed in


@dataclass(frozen=True)
class DigestUnsubscribe:
    channel_id: str | None = None


@dataclass(frozen=True)
class DigestSettings:
    channel_id: str | None = None


@dataclass(frozen=True)
class DigestCanvas:
    """``digest canvas [#channel]``: the digest channel's portfolio canvas, kept current by every digest."""

    channel_id: str | None = None


@dataclass(frozen=True)
class Leads:
    action: str  # list | add | remove
    user_id: str | None = None


@dataclass(frozen=True)
class Settings:
    """``settings``: show the workspace's settings; ``settings visibility members|everyone``,
    ``settings currency EUR`` or ``settings stale-readings 6``: change one; ``settings scoring``:
    the weights, thresholds and ranking policy's form (with a preview of the new ranking)."""

    visibility: Visibility | None = None
    currency: str | None = None  # a 3-letter code, upper case
    scoring: bool = False
    stale_weeks: int | None = None  # the digest's "no reading for N weeks" (bounds: domain.attention)


@dataclass(frozen=True)
class Token:
    """``token create <name>`` / ``token list`` / ``token revoke <name>``: the readings API's tokens."""

    action: str  # create | list | revoke
    name: str = ""


TOKEN_ACTIONS = ("create", "list", "revoke")


@dataclass(frozen=True)
class Away:
    """``away <until>``: no nudges or mentions of me until then; ``away`` alone says, ``away off`` ends it."""

    until: str = ""  # as typed, read in the person's timezone (domain.away)


@dataclass(frozen=True)
class Holidays:
    """``holidays``: the workspace's; ``holidays 2026-12-24 2026-12-25`` replaces them; ``holidays none``."""

    days: str = ""  # as typed (domain.holidays)


Command = (
    Checkin
    | Help
    | New
    | List
    | Show
    | Edit
    | MoveStage
    | RecordMetric
    | AddBaseline
    | Archive
    | Unarchive
    | DigestNow
    | DigestSubscribe
    | DigestUnsubscribe
    | DigestSettings
    | DigestCanvas
    | Leads
    | Settings
    | Token
    | Away
    | Holidays
)
