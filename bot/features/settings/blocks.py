"""What the workspace's settings mean, as ``settings`` replies them (pure builders)."""

from __future__ import annotations

from typing import Any

from bot.features.settings.scoring_blocks import scoring_summary
from bot.slack import kit
from bot.slack.ids import COMMAND, Action
from bot.slack.replies import reply
from domain.attention import STALE_WEEKS_MAX, STALE_WEEKS_MIN
from domain.scoring import ScoringWeights
from domain.visibility import Visibility

VISIBILITY_MEANS = {
    Visibility.MEMBERS: "the portfolio (`list`, `show`, `digest`, App Home) is for full members of this workspace; "
    "guests and people from other organisations (Slack Connect) see none of it, and no digest goes to a channel "
    "shared with another organisation.",
    Visibility.EVERYONE: "anyone who can use MLScope reads the portfolio, guests and people from other "
    "organisations (Slack Connect) included, and digests may go to channels shared with other organisations.",
}


STALE_MEANS = (
    "a project with a metric and no reading for {n} is in the digest's “needs attention” "
    "(“no reading for N weeks”)."
)


def settings_message(visibility: Visibility, currency: str, weights: ScoringWeights, stale_weeks: int) -> dict[str, Any]:
    text = (
        f"*Visibility: {visibility.value}*: {VISIBILITY_MEANS[visibility]}\n"
        f"*Currency: {currency}*: what a model is worth, on its card, is said in it.\n"
        f"*Stale readings: {kit.count(stale_weeks, 'week')}*: {STALE_MEANS.format(n=kit.count(stale_weeks, 'week'))}\n"
        f"{scoring_summary(weights)}\n"
        f"Workspace admins and MLScope leads change them with `{COMMAND} settings visibility members|everyone`, "
        f"`{COMMAND} settings currency EUR`, `{COMMAND} settings stale-readings 6` "
        f"({STALE_WEEKS_MIN} to {STALE_WEEKS_MAX} weeks) and `{COMMAND} settings scoring` (a form that previews "
        "the new ranking before saving)."
    )
    button = kit.button("Change scoring and ranking…", Action.SETTINGS_SCORING)
    return reply(text, [kit.section(text), kit.actions(button, block_id="settings_actions")])
