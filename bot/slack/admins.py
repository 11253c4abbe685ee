"""Who a Slack user is (a workspace admin; a guest, someone from another organisation, a bot):
asked of Slack (users.info) only when needed, cached briefly. One answer serves both questions.

Where Slack's answer must not be waited for (before views.open, before a modal submission's
ack), ``from_cache`` answers from the cache only and raises ``AdminUnknown`` when only Slack can
tell; the caller then opens or answers first and asks Slack after (``bot.slack.modals``, ``bot.slack.refusals``).

Whether someone may read the portfolio (``viewer``) is asked before a command's ack or an App
Home publish, where there is no "after": see ``Admins.viewer``.
https://api.slack.com/types/user (is_admin, is_owner, is_restricted, is_ultra_restricted, team_id)
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from domain.visibility import Viewer

TTL_SECONDS = 300
UNKNOWN_TTL_SECONDS = 30  # a failed users.info is asked again sooner: a member is not locked out for 5 min
LOOKUP_TIMEOUT_SECONDS = 1.0  # a lookup before an ack: Slack waits 3 s for the whole answer (two at most)
SLACKBOT = "USLACKBOT"


class AdminUnknown(Exception):
    """Only Slack can say whether this person is a workspace admin (no fresh answer is cached)."""


@dataclass(frozen=True)
class Person:
    admin: bool = False
    viewer: Viewer = Viewer()


UNKNOWN = Person(admin=False, viewer=Viewer(known=False))


def brief(client: WebClient) -> WebClient:
    """``client`` for one look-up before an ack: one attempt within ``LOOKUP_TIMEOUT_SECONDS``."""
    return WebClient(token=client.token, base_url=client.base_url, timeout=LOOKUP_TIMEOUT_SECONDS, retry_handlers=[])


def person_from(info: dict, team_id: str) -> Person:  # type: ignore[type-arg]
    """users.info's user object, as seen from the installation ``team_id``.

    External: the person's own team is not the installation's, nor one of the teams of its
    Enterprise Grid org they belong to (``enterprise_user.teams``), or Slack calls them a stranger."""
    own_team = info.get("team_id", team_id)
    teams = set((info.get("enterprise_user") or {}).get("teams") or ())
    external = bool(info.get("is_stranger")) or (own_team != team_id and team_id not in teams)
    guest = bool(info.get("is_restricted") or info.get("is_ultra_restricted"))
    bot = bool(info.get("is_bot") or info.get("is_app_user")) or info.get("id") == SLACKBOT
    admin = bool(info.get("is_admin") or info.get("is_owner")) and own_team == team_id
    return Person(admin=admin and not guest, viewer=Viewer(guest=guest, external=external, bot=bot))


class Admins:
    def __init__(self, ttl: float = TTL_SECONDS, monotonic: Callable[[], float] = time.monotonic):
        self._cache: dict[tuple[str, str], tuple[Person, float]] = {}
        self._lock = threading.Lock()
        self._ttl, self._monotonic = ttl, monotonic

    def _fresh(self, team_id: str, user: str) -> Person | None:
        with self._lock:
            cached = self._cache.get((team_id, user))
        if cached is None:
            return None
        ttl = self._ttl if cached[0].viewer.known else min(self._ttl, UNKNOWN_TTL_SECONDS)
        return cached[0] if self._monotonic() - cached[1] < ttl else None

    def cached(self, team_id: str, user: str) -> bool | None:
        """The cached admin answer if it is fresh, else None."""
        known = self._fresh(team_id, user)
        return None if known is None else known.admin

    def from_cache(self, team_id: str, user: str) -> Callable[[], bool]:
        """A check that never calls Slack: the cached answer, or ``AdminUnknown``."""

        def is_admin() -> bool:
            known = self.cached(team_id, user)
            if known is None:
                raise AdminUnknown(user)
            return known

        return is_admin

    def person(self, client: WebClient, team_id: str, user: str, *, bounded: bool = False) -> Person:
        """The cached answer, else users.info's (cached too). Slack's errors fail closed: not an
        admin, not known to be a member. ``bounded``: one attempt of at most
        ``LOOKUP_TIMEOUT_SECONDS``, no retries, for callers that answer Slack right after."""
        known = self._fresh(team_id, user)
        if known is not None:
            return known
        asking = brief(client) if bounded else client
        try:
            found = person_from(asking.users_info(user=user)["user"], team_id)
        except (SlackApiError, OSError):  # OSError: timeouts and refused connections (urllib's errors)
            found = UNKNOWN
        with self._lock:
            self._cache[(team_id, user)] = (found, self._monotonic())
        return found

    def check(self, client: WebClient, team_id: str, user: str, *, bounded: bool = False) -> Callable[[], bool]:
        """A lazy check: the domain calls it only if the owner/creator/lead checks failed.
        ``bounded``: before an ack, one attempt of at most ``LOOKUP_TIMEOUT_SECONDS``."""

        def is_admin() -> bool:
            return self.person(client, team_id, user, bounded=bounded).admin

        return is_admin

    def viewer(self, client: WebClient, team_id: str, user: str) -> Callable[[], Viewer]:
        """A lazy check of who is reading, called by the domain only when the workspace shows its
        portfolio to members only.

        This one runs before the ack (``list``, ``show``, ``digest``) or before App Home's
        views.publish, because the answer *is* the reply: whether the person gets the portfolio
        or the refusal. It cannot move after the ack without turning every list into a
        "checking…" message. So it is kept cheap and bounded: one users.info per person per
        5 minutes (shared with the admin check), one attempt within ``LOOKUP_TIMEOUT_SECONDS``
        and no retries, and an answer Slack could not give refuses with "try again" (cached 30 s)."""

        def viewer() -> Viewer:
            return self.person(client, team_id, user, bounded=True).viewer

        return viewer
