"""What listeners and the ticker need, built once by ``build_app``: the database, the background
pool, the clock, each workspace's client, the admin cache, the features' scheduled posters, and
the installation store and uninstall policy (``bot.features.uninstall``).
Listeners get it through Bolt's ``context`` (``bot.slack.context``)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from slack_sdk import WebClient

from bot.background import Background
from bot.slack.admins import Admins
from domain.ports import UnitOfWork
from domain.visibility import Viewer
from storage.db import Database
from storage.slack_oauth import SealedInstallationStore

if TYPE_CHECKING:
    from bot.ticker.posts import Posters


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Deps:
    database: Database
    background: Background
    clock: Callable[[], datetime] = utc_now
    client_for: Callable[[str], WebClient] | None = None  # a workspace's bot client, for scheduled posts
    admins: Admins = field(default_factory=Admins)
    # by occurrence kind: what each feature posts on a schedule; required, so no kind is left without one
    posters: Posters = field(kw_only=True)
    # OAuth mode: the workspaces' tokens (slack_sdk's store, storage.slack_oauth); None with one SLACK_BOT_TOKEN
    installations: SealedInstallationStore | None = field(default=None, kw_only=True)
    # MLSCOPE_ON_UNINSTALL: "keep" or "purge" a workspace's data when the app is uninstalled there
    on_uninstall: str = field(default="keep", kw_only=True)
    # when this process started, in Slack's time (event_time): with one SLACK_BOT_TOKEN, an uninstall
    # event sent before it is about an installation a restart with a new token has replaced
    started: float = field(default_factory=time.time, kw_only=True)

    def is_admin(self, client: WebClient, team_id: str, user: str, *, bounded: bool = False) -> Callable[[], bool]:
        """Asks Slack (users.info) when the answer is not cached: never before views.open; before
        an ack only ``bounded`` (one attempt within 1 s, failing closed), as commands must."""
        return self.admins.check(client, team_id, user, bounded=bounded)

    def cached_admin(self, team_id: str, user: str) -> Callable[[], bool]:
        """Never asks Slack: the cached answer, or ``bot.slack.admins.AdminUnknown``."""
        return self.admins.from_cache(team_id, user)

    def viewer(
        self, client: WebClient, team_id: str, user: str, *, own_team: str | None = None
    ) -> Callable[[], Viewer]:
        """Who is reading, asked lazily (``bot.slack.admins.Admins.viewer``: bounded, cached). ``own_team``:
        the person's own workspace as the payload names it; another than the installation's is
        someone from another organisation (Slack Connect), known without asking Slack."""
        if own_team and own_team != team_id:
            return lambda: Viewer(external=True)
        return self.admins.viewer(client, team_id, user)

    def uow(self) -> UnitOfWork:
        return self.database.uow()  # type: ignore[no-any-return]

    def now(self) -> datetime:
        return self.clock()
