"""What people said of a project, under its digest line or in the ranking table's last column:
its open blockers (the latest two, the rest counted) and its latest check-in note or data plan."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from bot.slack import kit
from domain.digest import Entry

SHOWN_BLOCKERS, BLOCKER_CHARS, NOTE_CHARS = 2, 80, 140  # a line stays a line: 15 fit in a few sections


def said_parts(entry: Entry, short: Callable[[str, int], str], day: Callable[[datetime], str] | None) -> list[str]:
    """``short`` cuts (and escapes, for mrkdwn) someone's words; ``day`` dates the note, if given."""
    said = []
    if entry.blockers:
        latest = entry.blockers[-SHOWN_BLOCKERS:]
        more = len(entry.blockers) - len(latest)
        said.append(
            f"🚧 {kit.count(len(entry.blockers), 'open blocker')}: "
            + "; ".join(short(b.text, BLOCKER_CHARS) for b in latest)
            + (f" (+{more} older)" if more else "")
        )
    if entry.note is not None:
        note = entry.note
        dated = f" {day(note.at)}" if day else ""
        said.append(f"📝 {note.kind}{dated}: {short(note.text, NOTE_CHARS)}")  # no mention: no ping
    return said


def plain(text: str, limit: int) -> str:
    """Someone's words on one short line, as typed (a table cell is not mrkdwn)."""
    return kit.cut(" ".join(text.split()), limit)


def ago(now: datetime, at: datetime) -> str:
    """How old a note is when the digest is made, in no one's timezone (a table cell cannot format a
    date for each reader): an old note must not read as this week's."""
    days = (now - at).days
    return "today" if days < 1 else "yesterday" if days == 1 else f"{days} days ago"
