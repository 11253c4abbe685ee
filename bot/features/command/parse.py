"""Parsing ``/mlproject`` text into a typed command, or a usage error that says what is wrong."""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from datetime import time

from bot.features.command.grammar import (
    CHECKIN_ACTIONS,
    TOKEN_ACTIONS,
    AddBaseline,
    Archive,
    Away,
    Checkin,
    Command,
    DigestCanvas,
    DigestNow,
    DigestSettings,
    DigestSubscribe,
    DigestUnsubscribe,
    Edit,
    Help,
    Holidays,
    Leads,
    List,
    MoveStage,
    New,
    RecordMetric,
    Show,
    Token,
    Unarchive,
    UsageError,
)
from bot.features.command.parse_settings import settings as _settings
from bot.slack.numbers import NotANumber, NotFinite, typed_number
from domain import mentions
from domain.errors import DomainError
from domain.lifecycle import parse_stage
from domain.model import Cadence
from domain.recurrence import zone
from domain.values import NAME_MAX, NOTE_MAX

MAX_TEXT = 4000


def _person(word: str, sub: str) -> str:
    try:
        return mentions.person(word).id
    except mentions.MentionError as exc:
        raise UsageError(exc.message, sub) from None


def _channel(word: str, sub: str) -> str:
    try:
        return mentions.channel(word).id
    except mentions.MentionError as exc:
        raise UsageError(exc.message, sub) from None


def _token(words: list[str]) -> Token:
    action = words[1].lower() if len(words) > 1 else "list"
    if action not in TOKEN_ACTIONS or (action == "list") != (len(words) <= 2) or len(words) > 3:
        raise UsageError("Use `token list`, `token create NAME` or `token revoke NAME` (a name like `ci-churn`).", "token")
    return Token(action, words[2] if len(words) > 2 else "")


def _leads(words: list[str]) -> Leads:
    action = words[1].lower() if len(words) > 1 else "list"
    if action == "list" and len(words) <= 2:
        return Leads("list")
    if action in ("add", "remove") and len(words) == 3:
        return Leads(action, _person(words[2], "leads"))
    raise UsageError("Use `leads list`, `leads add @someone` or `leads remove @someone`.", "leads")


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
CADENCE_WORDS = {
    "weekly": Cadence.WEEKLY,
    "biweekly": Cadence.BIWEEKLY,
    "fortnightly": Cadence.BIWEEKLY,
    "monthly": Cadence.MONTHLY,
}
TIME_WORD = re.compile(r"^(\d{1,2}):(\d{2})$")
CHANNEL_ONLY = {"unsubscribe": DigestUnsubscribe, "settings": DigestSettings, "canvas": DigestCanvas}


def _only_channel(words: list[str]) -> str | None:
    """``digest unsubscribe|settings [#channel]``: the channel named, or None for this one."""
    if len(words) > 3:
        raise UsageError("Name at most one channel, e.g. `digest settings #ml-team`.", "digest")
    return _channel(words[2], "digest") if len(words) == 3 else None


def _digest_filter(word: str) -> str:
    if mentions.is_channel_like(word):
        try:
            there = str(mentions.channel(word))
        except mentions.MentionError:
            there = "that channel"
        raise UsageError(
            f"A digest is posted in the channel you run it in: run `/mlproject digest` in {there}, or schedule "
            "one there with `digest subscribe` followed by the channel (type # and pick it from Slack's list).",
            "digest",
        )
    if mentions.is_person_like(word):
        return str(mentions.Person(_person(word, "digest")))
    return word


def _digest(words: list[str]) -> DigestNow | DigestSubscribe | DigestUnsubscribe | DigestSettings | DigestCanvas:
    action = words[1].lower() if len(words) > 1 else ""
    if action in CHANNEL_ONLY:  # digest unsubscribe|settings|canvas [#channel]
        return CHANNEL_ONLY[action](_only_channel(words))  # type: ignore[no-any-return]
    if action != "subscribe":
        if len(words) > 2:
            raise UsageError("A digest takes one filter: a stage, a quadrant, mine or @someone.", "digest")
        return DigestNow(_digest_filter(words[1]) if len(words) > 1 else "")
    found: dict[str, object] = {}
    for word in words[2:]:
        _subscription_word(word, found)
    return DigestSubscribe(**found)  # type: ignore[arg-type]


def _subscription_word(word: str, found: dict[str, object]) -> None:
    """One word of ``digest subscribe``: a channel, a cadence, a weekday, a time or a timezone."""
    lowered = word.lower()
    match = TIME_WORD.match(lowered)
    if mentions.is_channel_like(word) or mentions.is_person_like(word):
        if "channel_id" in found:
            raise UsageError("A subscription is for one channel; name at most one.", "digest")
        found["channel_id"] = _channel(word, "digest")
    elif lowered in CADENCE_WORDS and "cadence" not in found:
        found["cadence"] = CADENCE_WORDS[lowered]
    elif lowered in WEEKDAYS or lowered in (d[:3] for d in WEEKDAYS):
        found["weekday"] = next(i for i, d in enumerate(WEEKDAYS) if d.startswith(lowered[:3]))
    elif match:
        hour, minute = int(match.group(1)), int(match.group(2))
        if hour > 23 or minute > 59:
            raise UsageError(f"“{word}” is not a time: use 24-hour HH:MM, e.g. 09:30.", "digest")
        found["at"] = time(hour, minute)
    elif "/" in word or word.upper() == "UTC":
        try:
            zone(word)
        except DomainError as exc:
            raise UsageError(exc.message.removeprefix("timezone: "), "digest") from None
        found["timezone"] = "UTC" if word.upper() == "UTC" else word
    else:
        raise UsageError(
            f"“{word[:40]}” is not a cadence (weekly, biweekly, monthly), a weekday, a time (HH:MM) or a timezone.",
            "digest",
        )


def _words(text: str) -> list[str]:
    """Words as a shell splits them, each of Slack's ``<…>`` escapes kept whole (a link's label may
    hold spaces or quotes)."""
    spans: list[str] = []

    def keep(found: re.Match[str]) -> str:
        spans.append(found.group(0))
        return f"\0{len(spans) - 1}\0"

    masked = mentions.ESCAPED.sub(keep, text.replace("\0", ""))
    try:
        words = shlex.split(masked)
    except ValueError:
        words = masked.split()
    return [re.sub("\0(\\d+)\0", lambda m: spans[int(m.group(1))], w) for w in words]


def _ref(words: list[str], sub: str) -> str:
    if len(words) < 2:
        raise UsageError("Which project? Give its ref.", sub)
    return words[1].lower()


def parse_command(text: str) -> Command:
    """``text`` is what followed ``/mlproject``."""
    text = (text or "").strip()
    if len(text) > MAX_TEXT:
        raise UsageError(f"That is {len(text)} characters; keep commands under {MAX_TEXT}.")
    if not text:
        return Help()
    words = _words(text)
    sub = words[0].lower()
    rest = text.split(None, 1)[1].strip() if len(text.split(None, 1)) > 1 else ""
    parser = SUBCOMMANDS.get(sub)
    if parser is None:
        raise UsageError(f"I don't know “{sub[:40]}”.")
    return parser(words, rest)


def _new(words: list[str], rest: str) -> New:
    name = mentions.readable(rest)
    if len(name) > NAME_MAX:
        raise UsageError(f"A project name has at most {NAME_MAX} characters (this one has {len(name)}).", "new")
    return New(name.strip("\"'"))


def _list(words: list[str], rest: str) -> List:
    arg = words[1].lower() if len(words) > 1 else "all"
    if len(words) > 2:
        raise UsageError("`list` takes one filter.", "list")
    if arg in ("all", "mine"):
        return List(mine=arg == "mine")
    try:
        return List(stage=parse_stage(arg))
    except DomainError as exc:
        raise UsageError(
            f"Unknown filter “{arg}”: use mine, all, or a stage ({exc.message.split('use one of ')[-1]}).", "list"
        ) from None


def _checkin(words: list[str], rest: str) -> Checkin:
    ref = _ref(words, "checkin")
    action = words[2].lower() if len(words) > 2 else "now"
    if action not in CHECKIN_ACTIONS or len(words) > 3:
        raise UsageError(
            f"“{' '.join(words[2:])[:40]}” is not a check-in action: use schedule, pause or resume.", "checkin"
        )
    return Checkin(ref, action)


def _stage(words: list[str], rest: str) -> MoveStage:
    ref = _ref(words, "stage")
    if len(words) < 3:
        raise UsageError("Which stage? planning, data, training or deployment.", "stage")
    try:
        stage = parse_stage(words[2])
    except DomainError as exc:
        raise UsageError(exc.message.removeprefix("stage: ").capitalize(), "stage") from None
    reason = mentions.readable(" ".join(words[3:]))
    if len(reason) > NOTE_MAX:
        raise UsageError(f"Keep the reason under {NOTE_MAX} characters.", "stage")
    return MoveStage(ref, stage, reason)


def _metric(words: list[str], rest: str) -> RecordMetric:
    ref = _ref(words, "metric")
    if len(words) < 3:
        raise UsageError("What value? e.g. `0.82`.", "metric")
    try:
        typed = typed_number(words[2])
    except NotANumber:
        raise UsageError(f"“{words[2][:40]}” is not a number (e.g. 0.82, 71.5%, 3,000).", "metric") from None
    except NotFinite:
        raise UsageError("The value must be a finite number.", "metric") from None
    note = mentions.readable(" ".join(words[3:]))
    if len(note) > NOTE_MAX:
        raise UsageError(f"Keep the note under {NOTE_MAX} characters.", "metric")
    return RecordMetric(ref, typed.value, note, typed.percent)


SUBCOMMANDS: dict[str, Callable[[list[str], str], Command]] = {
    "help": lambda words, rest: Help(),
    "new": _new,
    "list": _list,
    "show": lambda words, rest: Show(_ref(words, "show")),
    "edit": lambda words, rest: Edit(_ref(words, "edit")),
    "baseline": lambda words, rest: AddBaseline(_ref(words, "baseline")),
    "archive": lambda words, rest: Archive(_ref(words, "archive")),
    "unarchive": lambda words, rest: Unarchive(_ref(words, "unarchive")),
    "digest": lambda words, rest: _digest(words),
    "leads": lambda words, rest: _leads(words),
    "settings": lambda words, rest: _settings(words),
    "token": lambda words, rest: _token(words),
    "away": lambda words, rest: Away(rest[:40]),
    "holidays": lambda words, rest: Holidays(rest),
    "checkin": _checkin,
    "stage": _stage,
    "metric": _metric,
}
