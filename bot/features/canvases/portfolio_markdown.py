"""The portfolio canvas's Markdown: the ranked table, what changed since the last digest, and what
needs attention, from the same ``Digest`` the digest message shows. A canvas has no 50-block
limit: the whole ranking is a table, within document_content's 1 MiB
(https://docs.slack.dev/reference/methods/conversations.canvases.create).

People are named, not mentioned: a canvas mention (``![](@U…)``) notifies whoever it names, and
Slack documents no exception for edits, so a mention here would notify every owner with every
digest's rewrite. ``names`` maps user ids to names (users.info, ``portfolio.names_of``)."""

from __future__ import annotations

from bot.features.canvases.markdown import esc, from_mrkdwn
from bot.features.text import measured, short_verdict, short_worth
from domain.checkin_health import HEALTH_LABELS
from domain.digest import Digest, Entry
from domain.project_worth import monthly_value

MAX_ROWS = 1000  # ~300 characters a row: well under 1 MiB
# Only MLScope's portfolio canvas says this: how a channel canvas MLScope made is recognised (portfolio.py).
MARK = "MLScope rewrites this canvas with every digest."


def portfolio_document(digest: Digest, names: dict[str, str] | None = None) -> str:
    names = names or {}
    scope = digest.scope.describe()
    head = (
        f"{esc(scope)} · {len(digest.entries)} active projects · updated by the digest of {digest.now:%Y-%m-%d %H:%M} UTC. "
        + MARK
    )
    return "\n\n".join([head, "## Ranked portfolio", _table(digest, names), "## What changed", _changes(digest, names),
                        "## Needs attention", _attention(digest)])  # fmt: skip


def people_of(digest: Digest) -> set[str]:
    """The user ids the document names: owners and whoever made a change."""
    return {e.ranked.project.problem.owner_id for e in digest.entries[:MAX_ROWS]} | {c.by for c in digest.changes if c.by}


def _name(user: str, names: dict[str, str]) -> str:
    return esc(names.get(user) or "unknown")


def _row(entry: Entry, currency: str, names: dict[str, str]) -> str:
    r, status = entry.ranked, entry.assessment.metric
    prio, p = r.priority, r.project
    verdict = short_verdict(prio.impact.value, prio.feasibility.value, prio.quadrant,
                            (prio.impact.rated, prio.feasibility.rated), r.gate_failed)  # fmt: skip
    metric = status.metric
    unit = metric.unit if metric else ""
    metric_cell = (
        esc(f"{metric.name} {measured(status.current, unit, mrkdwn=False)}/{measured(metric.target, unit, mrkdwn=False)}")
        if metric else "no metric"
    )  # fmt: skip
    worth = short_worth(monthly_value(p.scope), currency).strip(" ·") or "—"
    cells = [str(r.rank), f"**{esc(p.name)}** `{p.ref}`", _name(p.problem.owner_id, names), from_mrkdwn(verdict),
             from_mrkdwn(worth), p.stage.value, metric_cell, esc(HEALTH_LABELS[entry.health])]  # fmt: skip
    return "| " + " | ".join(cells) + " |"


def _table(digest: Digest, names: dict[str, str]) -> str:
    if digest.empty:
        return "No active project yet: scope one with `/mlproject new`."
    header = "| # | Project | Owner | Verdict | Worth | Stage | Metric | Check-in |\n|---|---|---|---|---|---|---|---|"
    rows = [_row(e, digest.currency, names) for e in digest.entries[:MAX_ROWS]]
    more = len(digest.entries) - MAX_ROWS
    return "\n".join([header, *rows]) + (f"\n\n…and {more} more in App Home." if more > 0 else "")


def _changes(digest: Digest, names: dict[str, str]) -> str:
    if not digest.changes:
        return f"Nothing changed since {digest.since:%Y-%m-%d}."
    return "\n".join(
        f"- **{esc(c.name)}** `{c.ref}`: {esc(c.text)}" + (f" ({_name(c.by, names)})" if c.by else "") for c in digest.changes
    )


def _attention(digest: Digest) -> str:
    if not digest.attention:
        return "Nothing needs attention."
    return "\n".join(f"- ⚠️ **{esc(a.name)}** `{a.ref}`: {esc(a.reason)}" for a in digest.attention)
