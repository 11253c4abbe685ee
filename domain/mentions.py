"""People and channels as a slash command names them, and its free text made readable.

With ``should_escape: true`` (manifest.yml) Slack sends what a person picked from the composer's
autocomplete as an escaped mention (https://docs.slack.dev/interactivity/implementing-slash-commands,
"Escape channels, users, and links"; docs/slack-contract.md §7):

- people ``<@U012ABCDEF>``, ``<@U012ABCDEF|grace>`` (older clients add the name), Enterprise Grid
  users ``<@W012ABCDEF>``;
- public channels ``<#C012ABCDE|general>``, private channels ``<#C012ABCDE|>`` (no name),
  ``<#C012ABCDE>``;
- links ``<https://…>`` / ``<https://…|label>``, special mentions ``<!here>``, user groups
  ``<!subteam^S123|@ml-team>``, and ``&``, ``<``, ``>`` as ``&amp;``, ``&lt;``, ``&gt;``.

What a person typed without picking arrives as typed (``@grace``, ``#general``). That names nobody
for sure (display names are neither unique nor stable), so it is refused with a hint, never guessed.
Bare ids (``U012ABCDEF``, as Slack's "Copy member ID" gives them) are accepted where a command
allows them. Pure: no Slack calls.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from domain.errors import DomainError

ID_MAX = 32  # Slack ids are 9–11 characters today; Slack says not to rely on a length
LABEL_MAX = 80  # display names and channel names have at most 80 characters
WORD_MAX = len("<@|>") + ID_MAX + LABEL_MAX
QUOTE_MAX = 40  # how much of a refused word a message quotes back

USER = re.compile(rf"<@([UW][A-Z0-9]{{1,{ID_MAX - 1}}})(?:\|([^<>|]{{0,{LABEL_MAX}}}))?>")
CHANNEL = re.compile(rf"<#([CG][A-Z0-9]{{1,{ID_MAX - 1}}})(?:\|([^<>|]{{0,{LABEL_MAX}}}))?>")
# Bare ids have at least 9 characters and a digit, so no word a command takes (UTC, WEEKLY…) is one.
BARE_USER = re.compile(rf"[UW](?=[A-Z]*[0-9])[A-Z0-9]{{8,{ID_MAX - 1}}}")
BARE_CHANNEL = re.compile(rf"[CG](?=[A-Z]*[0-9])[A-Z0-9]{{8,{ID_MAX - 1}}}")
SPECIAL = re.compile(r"<!(here|channel|everyone)(?:\|[^<>]*)?>")
GROUP = re.compile(r"<!subteam\^[A-Z0-9]+(?:\|@?([^<>|]*))?>")
ESCAPED = re.compile(r"<([^<>]*)>")  # any of Slack's escapes in free text
ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&"))


class MentionError(DomainError):
    """A word that should name a person or a channel does not; the message says how to name one."""


@dataclass(frozen=True)
class Person:
    id: str
    label: str = ""  # the name Slack sent with the mention, if any

    def __str__(self) -> str:
        return f"<@{self.id}>"


@dataclass(frozen=True)
class Channel:
    id: str
    label: str = ""  # empty for private channels

    def __str__(self) -> str:
        return f"<#{self.id}>"


def _quoted(word: str) -> str:
    return f"“{word[:QUOTE_MAX]}…”" if len(word) > QUOTE_MAX else f"“{word}”"


def _unescaped(word: str) -> str:
    for entity, char in ENTITIES:
        word = word.replace(entity, char)
    return word


def _too_long(word: str) -> None:
    if len(word) > WORD_MAX:
        raise MentionError(
            f"{_quoted(word)} is too long to be a mention ({len(word)} characters).", rule="mention_too_long"
        )


def _wrong_kind(word: str, wanted: str) -> None:
    """Errors shared by people and channels: a mention of the other kind, @here, a group."""
    special = SPECIAL.fullmatch(word)
    if special:
        raise MentionError(
            f"“@{special.group(1)}” is everyone in a channel; name one {wanted}.", rule="mention_special"
        )
    group = GROUP.fullmatch(word)
    if group:
        name = f"“@{group.group(1)}”" if group.group(1) else "That"
        raise MentionError(f"{name} is a user group; name one {wanted}.", rule="mention_group")


def is_person_like(word: str) -> bool:
    """Whether ``word`` is meant to name a person (so a command should parse it as one)."""
    return word.startswith(("<@", "@", "&lt;@", "<!")) or bool(BARE_USER.fullmatch(word))


def is_channel_like(word: str) -> bool:
    """Whether ``word`` is meant to name a channel."""
    return word.startswith(("<#", "#", "&lt;#")) or bool(BARE_CHANNEL.fullmatch(word))


def person(word: str, *, bare_ids: bool = True) -> Person:
    """The person ``word`` names, or a MentionError that says how to name one."""
    word = word.strip()
    _too_long(word)
    found = USER.fullmatch(word)
    if found:
        return Person(found.group(1), _unescaped(found.group(2) or ""))
    if bare_ids and BARE_USER.fullmatch(word):
        return Person(word)
    _wrong_kind(word, "person")
    channel_mention = CHANNEL.fullmatch(word)
    if channel_mention:
        raise MentionError(
            f"<#{channel_mention.group(1)}> is a channel, not a person: type @ and pick the person from Slack's list.",
            rule="mention_not_a_person",
        )
    if word.startswith("@") and len(word) > 1:
        raise MentionError(
            f"{_quoted(word)} is plain text, not a mention, so it names nobody for sure. Type @ and pick the "
            "person from Slack's autocomplete list so that it becomes a mention, then send the command again. "
            "Nothing was changed.",
            rule="mention_plain",
        )
    raise MentionError(
        f"{_quoted(_unescaped(word))} is not a person: type @ and pick them from Slack's autocomplete list.",
        rule="mention_not_a_person",
    )


def channel(word: str, *, bare_ids: bool = True) -> Channel:
    """The channel ``word`` names, or a MentionError that says how to name one."""
    word = word.strip()
    _too_long(word)
    found = CHANNEL.fullmatch(word)
    if found:
        return Channel(found.group(1), _unescaped(found.group(2) or ""))
    if bare_ids and BARE_CHANNEL.fullmatch(word):
        return Channel(word)
    _wrong_kind(word, "channel")
    user_mention = USER.fullmatch(word)
    if user_mention:
        raise MentionError(
            f"<@{user_mention.group(1)}> is a person, not a channel: type # and pick the channel from Slack's list.",
            rule="mention_not_a_channel",
        )
    if word.startswith("#") and len(word) > 1:
        raise MentionError(
            f"{_quoted(word)} is plain text, not a channel link, so it names no channel for sure. Type # and pick "
            "the channel from Slack's autocomplete list so that it becomes a link, then send the command again. "
            "Nothing was changed.",
            rule="mention_plain",
        )
    raise MentionError(
        f"{_quoted(_unescaped(word))} is not a channel: type # and pick it from Slack's autocomplete list.",
        rule="mention_not_a_channel",
    )


def readable(text: str) -> str:
    """Free text (a name, a reason, a note) as the person typed it, from Slack's escaped form.

    Mentions become ``@name``/``#name`` (the id when Slack sent no name), links their URL or
    label, ``<!here>`` ``@here``; so what is stored reads as typed and can never ping anyone.
    """

    def one(found: re.Match[str]) -> str:
        inner = found.group(0)
        user, chan, group = USER.fullmatch(inner), CHANNEL.fullmatch(inner), GROUP.fullmatch(inner)
        special = SPECIAL.fullmatch(inner)
        if user:
            return "@" + (user.group(2) or user.group(1))
        if chan:
            return "#" + (chan.group(2) or chan.group(1))
        if special:
            return "@" + special.group(1)
        if group:
            return "@" + (group.group(1) or "group")
        target, _, label = found.group(1).partition("|")
        if target.startswith("!"):
            return label or target[1:]
        if label and label != target.removeprefix("mailto:"):
            return f"{label} ({target})"
        return label or target.removeprefix("mailto:")

    return _unescaped(ESCAPED.sub(one, text))
