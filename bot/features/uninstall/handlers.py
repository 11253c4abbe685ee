"""What Slack's ``app_uninstalled`` and ``tokens_revoked`` events do.

Slack sends both when a workspace removes the app, in either order, and ``tokens_revoked`` alone
when a token is revoked (https://docs.slack.dev/reference/events/app_uninstalled: "the order of
the app_uninstalled and tokens_revoked events are not guaranteed"; an app "is not uninstalled until
its final user and bot tokens are revoked"). ``tokens_revoked`` lists, per kind (``oauth`` for user
tokens, ``bot``), the user ids whose tokens were revoked, never the tokens
(https://docs.slack.dev/reference/events/tokens_revoked).

- Either event with the bot's token gone: every scheduled post of the workspace stops at once
  (``storage.workspace_status.stop_posts``) and its bot tokens are deleted from the installation
  store; revoked user tokens are deleted with their installations, as Bolt's own listeners do.
- ``app_uninstalled``: every token and installation of the workspace is deleted, and its data is
  kept (``MLSCOPE_ON_UNINSTALL=keep``, the default: a reinstall finds its projects again) or purged
  as ``mlscope purge`` does (``purge``). Only this event purges: a revoked bot token alone may be
  followed by a new install.

Both are handled before the ack, so a failure answers 500 and Slack delivers the event again;
doing it twice changes nothing more. An event sent before the workspace installed the app again
(delivered late, or retried) is ignored: it is about the installation that is gone. With one
``SLACK_BOT_TOKEN`` there is no store to delete from: the log says to replace the token, and a
restart with a token that works clears the workspace's mark (``bot.slack.clients.reactivate_own``),
so that its posts resume; an event sent before that restart is ignored.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from slack_bolt import BoltContext

from bot.deps import Deps
from bot.slack.context import deps_of, origin_of
from storage.purge import purge_team
from storage.slack_oauth import forget_bot, forget_users, forget_workspace, installed_after
from storage.workspace_status import stop_posts

log = logging.getLogger("mlscope.uninstall")


def app_uninstalled(body: dict[str, Any], context: BoltContext) -> None:
    deps, team = deps_of(context), origin_of(context).team
    if _reinstalled_since(deps, team, body):
        return
    _stop(deps, team, "app_uninstalled")
    if deps.installations is not None:
        forget_workspace(deps.installations, team)
    if deps.on_uninstall == "purge":
        deleted = purge_team(deps.database.engine, team)
        log.warning("purged workspace %s's data (MLSCOPE_ON_UNINSTALL=purge): %s", team, _counts(deleted))
    else:
        log.warning("kept workspace %s's data (MLSCOPE_ON_UNINSTALL=keep): `mlscope purge --team %s` deletes it", team, team)


def tokens_revoked(event: dict[str, Any], body: dict[str, Any], context: BoltContext) -> None:
    deps, team = deps_of(context), origin_of(context).team
    if _reinstalled_since(deps, team, body):
        return
    tokens = event.get("tokens") if isinstance(event.get("tokens"), dict) else {}
    users = [str(u) for u in tokens.get("oauth") or []]
    if deps.installations is not None and users:
        forget_users(deps.installations, team, users)
    if tokens.get("bot"):
        _stop(deps, team, "tokens_revoked")
        if deps.installations is not None:
            forget_bot(deps.installations, team)


def _reinstalled_since(deps: Deps, team: str, body: dict[str, Any]) -> bool:
    """An event Slack sent more than a second before the workspace's latest install (delivered late,
    or retried) is about the installation that is gone: it changes nothing. With one
    ``SLACK_BOT_TOKEN`` there is no install to compare with: an event sent before this process
    started is ignored (a reinstall comes with a new token, so with a restart)."""
    sent = body.get("event_time")
    if not isinstance(sent, int | float):
        return False
    if deps.installations is None:
        if sent + 1 >= deps.started:
            return False
    elif not installed_after(deps.installations, team, datetime.fromtimestamp(sent + 1, UTC)):
        return False
    log.warning("ignored %s for workspace %s: MLScope was installed there again since", body["event"]["type"], team)
    return True


def _stop(deps: Deps, team: str, reason: str) -> None:
    skipped = stop_posts(deps.database.engine, team, reason, deps.now())
    log.warning("%s in workspace %s: its scheduled posts stop (%d not yet made are skipped)", reason, team, skipped)
    if deps.installations is None:
        log.warning(
            "SLACK_BOT_TOKEN is set in the environment: remove it, Slack no longer accepts it "
            "(after a reinstall, restart with the new token: the workspace's posts resume)"
        )


def _counts(deleted: dict[str, int]) -> str:
    return ", ".join(f"{table} {n}" for table, n in deleted.items()) or "nothing"
