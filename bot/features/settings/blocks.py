"""What the workspace's visibility setting means, as ``settings`` replies it (pure builders)."""

from __future__ import annotations

from typing import Any

from bot.slack.ids import COMMAND
from bot.slack.replies import reply
from domain.visibility import Visibility

VISIBILITY_MEANS = {
    Visibility.MEMBERS: "the portfolio (`list`, `show`, `digest`, App Home) is for full members of this workspace; "
    "guests and people from other organisations (Slack Connect) see none of it, and no digest goes to a channel "
    "shared with another organisation.",
    Visibility.EVERYONE: "anyone who can use MLScope reads the portfolio, guests and people from other "
    "organisations (Slack Connect) included, and digests may go to channels shared with other organisations.",
}


def settings_message(visibility: Visibility, currency: str = "EUR") -> dict[str, Any]:
    return reply(
        f"*Visibility: {visibility.value}*: {VISIBILITY_MEANS[visibility]}\n"
        f"*Currency: {currency}*: what a model is worth, on its card, is said in it.\n"
        f"Workspace admins and MLScope leads change them with `{COMMAND} settings visibility members|everyone` "
        f"and `{COMMAND} settings currency EUR`."
    )
