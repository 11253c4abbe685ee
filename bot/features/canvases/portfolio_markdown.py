"""The portfolio canvas's Markdown: the ranked table, what changed since the last digest, and what
needs attention, from the same ``Digest`` the digest message shows. A canvas has no 50-block
limit: the whole ranking is a table, within document_content's 1 MiB
(https://docs.slack.dev/reference/methods/conversations.canvases.create)."""

from __future__ import annotations

from bot.features.canvases.markdown import esc, from_mrkdwn
from bot.features.text import num, short_verdict, short_worth
from domain.checkin_health import HEALTH_LABELS
from domain.digest import Digest, Entry
from domain.project_worth import monthly_value

MAX_ROWS = 1000  # ~300 characters a row: well under 1 MiB


def portfolio_document(digest: Digest) -> str:
    scope = digest.scope.describe()
    head = (
        f"{esc(scope)} · {len(digest.entries)} active projects · updated by the digest of {digest.now:%Y-%m-%d %H:%M} UTC. "
        "MLScope rewrites this canvas with every digest."
    )
    return "\n\n".join([head, "## Ranked portfolio", _table(digest), "## What changed", _changes(digest),
                        "## Needs attention", _attention(digest)])  # fmt: skip


def _row(entry: Entry, currency: str) -> str:
    r, status = entry.ranked, entry.assessment.metric
    prio, p = r.priority, r.project
    verdict = short_verdict(prio.impact.value, prio.feasibility.value, prio.quadrant,
                            (prio.impact.rated, prio.feasibility.rated), r.gate_failed)  # fmt: skip
    metric = status.metric
    metric_cell = f"{esc(metric.name)} {num(status.current)}/{num(metric.target)}" if metric else "no metric"
    worth = short_worth(monthly_value(p.scope), currency).strip(" ·") or "—"
    cells = [str(r.rank), f"**{esc(p.name)}** `{p.ref}`", f"![](@{p.problem.owner_id})", from_mrkdwn(verdict),
             from_mrkdwn(worth), p.stage.value, metric_cell, esc(HEALTH_LABELS[entry.health])]  # fmt: skip
    return "| " + " | ".join(cells) + " |"


def _table(digest: Digest) -> str:
    if digest.empty:
        return "No active project yet: scope one with `/mlproject new`."
    header = "| # | Project | Owner | Verdict | Worth | Stage | Metric | Check-in |\n|---|---|---|---|---|---|---|---|"
    rows = [_row(e, digest.currency) for e in digest.entries[:MAX_ROWS]]
    more = len(digest.entries) - MAX_ROWS
    return "\n".join([header, *rows]) + (f"\n\n…and {more} more in App Home." if more > 0 else "")


def _changes(digest: Digest) -> str:
    if not digest.changes:
        return f"Nothing changed since {digest.since:%Y-%m-%d}."
    return "\n".join(
        f"- **{esc(c.name)}** `{c.ref}`: {esc(c.text)}" + (f" (![](@{c.by}))" if c.by else "") for c in digest.changes
    )


def _attention(digest: Digest) -> str:
    if not digest.attention:
        return "Nothing needs attention."
    return "\n".join(f"- ⚠️ **{esc(a.name)}** `{a.ref}`: {esc(a.reason)}" for a in digest.attention)
