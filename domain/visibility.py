"""Who may read a workspace's portfolio: a workspace setting, ``members`` unless changed.

``members`` (the default): the portfolio (``list``, ``show``, ``digest``, App Home) is for full
members of the installing workspace. Guests (Slack's multi-channel ``is_restricted`` and
single-channel ``is_ultra_restricted``), people from another organisation (Slack Connect: their
own team is not the installation's) and bot users see none of it, and no digest is posted in, or
scheduled for, a channel shared with another organisation. ``everyone``: anyone who can run the
command reads it, as before. Workspace admins and MLScope leads change it.
https://api.slack.com/types/user (is_restricted, is_ultra_restricted, team_id)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from domain.errors import DomainError

CHANGE_IT = "Workspace admins and MLScope leads can change that with `/mlproject settings visibility everyone`."


class Visibility(StrEnum):
    MEMBERS = "members"
    EVERYONE = "everyone"


DEFAULT_VISIBILITY = Visibility.MEMBERS


def parse_visibility(text: str) -> Visibility:
    try:
        return Visibility(text.strip().lower())
    except ValueError:
        raise DomainError(
            f"visibility: “{text[:40]}” is not a visibility; use members or everyone", rule="visibility"
        ) from None


@dataclass(frozen=True)
class Viewer:
    """What Slack says about the person asking (users.info), or that it could not say."""

    guest: bool = False  # is_restricted (multi-channel guest) or is_ultra_restricted (single-channel)
    external: bool = False  # from another organisation, in a channel shared with ours (Slack Connect)
    bot: bool = False  # a bot user or an app: not a person
    known: bool = True  # False: Slack could not be asked or did not answer

    @property
    def member(self) -> bool:
        return self.known and not (self.guest or self.external or self.bot)


class PortfolioHidden(DomainError):
    def __init__(self, message: str):
        super().__init__(message, rule="portfolio_hidden")


def why_hidden(viewer: Viewer) -> str:
    if not viewer.known:
        return (
            "Slack did not say whether you are a full member of this workspace, and MLScope shows its portfolio "
            "only to full members: try again in a minute."
        )
    if viewer.external:
        who = "you are from another organisation (Slack Connect)"
    elif viewer.bot:
        who = "this is a bot user"
    else:
        who = "you are a guest here"
    return f"This workspace's MLScope portfolio is visible only to its full members, and {who}. {CHANGE_IT}"


def require_reader(visibility: Visibility, viewer: Callable[[], Viewer]) -> None:
    """``viewer`` (a Slack call when not cached) is asked only when the setting is ``members``."""
    if visibility is Visibility.EVERYONE:
        return
    found = viewer()
    if not found.member:
        raise PortfolioHidden(why_hidden(found))


def require_channel(visibility: Visibility, shared_externally: Callable[[], bool | None], *, where: str) -> None:
    """A digest (the portfolio) goes to a channel shared with another organisation only under
    ``everyone``. ``shared_externally`` is asked only under ``members``; None: Slack did not say."""
    if visibility is Visibility.EVERYONE:
        return
    shared = shared_externally()
    if shared is None:
        raise PortfolioHidden(
            f"Slack did not say whether {where.lower() if where.startswith('This') else where} is shared with "
            "another organisation, and this workspace's MLScope portfolio is visible only to its full members: "
            "try again in a minute."
        )
    if shared:
        raise PortfolioHidden(
            f"{where} is shared with another organisation (Slack Connect), and this workspace's MLScope portfolio "
            f"is visible only to its full members: no digest goes there. {CHANGE_IT}"
        )
