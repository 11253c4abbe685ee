"""What an edit changed, in words, for the person who saved it: the note they get once the edit is
saved (as the other forms say what they did), from the project as it was and as it is now.

The text goes through ``bot.slack.tell.tell``, which escapes what is quoted (“…”, `…`): names are
set in bold here, escaped once, never quoted."""

from __future__ import annotations

from slack_sdk import WebClient

from bot.deps import Deps
from bot.slack import failures
from bot.slack.kit import cut, esc
from bot.slack.tell import tell
from domain import edit_moves, workspace_use_cases
from domain.project import Project
from domain.scoring import ScoringWeights

SCHEDULE_ASKED = {"cadence", "weekday", "local_time", "timezone", "skip_weekends"}
NOTE_MAX = 3000  # a readable note; Slack would take 40,000 (https://docs.slack.dev/reference/methods/chat.postEphemeral)


def changes(before: Project, after: Project, weights: ScoringWeights) -> list[str]:
    """Each thing the edit changed, in the order the flow asks for them; empty when nothing did."""
    was, now, said = before.problem, after.problem, []
    if was.name != now.name:
        said.append(f"name *{esc(was.name)}* → *{esc(now.name)}*")
    if was.statement != now.statement:
        said.append("problem statement")
    if was.owner_id != now.owner_id:
        said.append(f"owner <@{was.owner_id}> → <@{now.owner_id}>")
    if was.channel_id != now.channel_id:
        said.append(f"home channel {_channel(was.channel_id)} → {_channel(now.channel_id)}")
    old, new = before.scope, after.scope
    if old.archetype != new.archetype:
        said.append("archetype")
    said += edit_moves.describe(edit_moves.moves(edit_moves.snapshot(before, weights), edit_moves.snapshot(after, weights)))
    rated = (old.impact, old.feasibility, old.hard_flags, old.data_flywheel) != (new.impact, new.feasibility, new.hard_flags, new.data_flywheel)
    if rated and not any(s.startswith("scores moved") for s in said):
        said.append("ratings (the scores did not move)")
    if old.answers != new.answers:
        said.append("answers to the scoping questions")
    if old.optimizing != new.optimizing:
        said.append(f"metric {_metric(before)} → {_metric(after)}")
    if old.satisficing != new.satisficing:
        said.append("thresholds")
    if old.baselines != new.baselines:
        said.append(f"baselines ({len(old.baselines)} → {len(new.baselines)})")
    if old.economics != new.economics:
        said.append("what a decision is worth")
    if _schedule(before) != _schedule(after):
        said.append("check-in schedule" + ("" if after.checkin else ": none now"))
    return said


def _schedule(project: Project) -> dict[str, object] | None:
    """What the flow's last step asks (saving it again re-anchors the cadence: not a change)."""
    return project.checkin.model_dump(include=SCHEDULE_ASKED) if project.checkin else None


def saved_text(before: Project | None, after: Project, weights: ScoringWeights) -> str:
    """``Saved your changes to *X*: name …; metric …`` or that nothing changed."""
    said = changes(before, after, weights) if before is not None else []
    if before is not None and not said:
        return f"Saved *{esc(after.name)}*: nothing changed."
    listed = f": {'; '.join(said)}." if said else "."
    return cut(f"✅ Saved your changes to *{esc(after.name)}*{listed}", NOTE_MAX)


@failures.after_save(None)  # the edit is saved and the card shows it: the note is a nicety
def tell_saved(client: WebClient, deps: Deps, *, user: str, channel: str | None, before: Project | None, after: Project) -> None:
    """After the ack: the note, where the edit was started (or by DM)."""
    weights = workspace_use_cases.weights_for(deps.uow(), after.team_id)
    tell(client, user=user, channel=channel, text=saved_text(before, after, weights))


def _metric(project: Project) -> str:
    metric = project.scope.optimizing
    return f"*{esc(metric.describe())}*" if metric else "none"


def _channel(channel: str) -> str:
    return f"<#{channel}>" if channel else "none"
