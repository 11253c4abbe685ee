"""Who may change a project: anyone in the workspace reads; changes are for the owner, the
creator, workspace admins and the workspace's MLScope leads."""

from __future__ import annotations

from collections.abc import Callable

from domain.errors import DomainError
from domain.project import Project

IsAdmin = Callable[[], bool]


def nobody_is_admin() -> bool:
    return False


class PermissionDenied(DomainError):
    def __init__(self, message: str):
        super().__init__(message, rule="permission_denied")


def can_change(project: Project, user: str, *, leads: set[str], is_admin: IsAdmin) -> bool:
    """Cheap checks first; ``is_admin`` (a Slack call in production) only when they fail."""
    return user in (project.problem.owner_id, project.problem.creator_id) or user in leads or is_admin()


def require_change(project: Project, user: str, *, leads: set[str], is_admin: IsAdmin, verb: str) -> None:
    if not can_change(project, user, leads=leads, is_admin=is_admin):
        raise PermissionDenied(
            f"Only the owner (<@{project.problem.owner_id}>), the creator, workspace admins and MLScope leads can {verb} "
            f"`{project.ref}`. Ask one of them, or ask an admin to add you with `/mlproject leads add @you`."
        )


def require_reading_change(
    project: Project, recorder: str, user: str, *, leads: set[str], is_admin: IsAdmin, verb: str = "remove"
) -> None:
    """A reading is taken back (undone, deleted) by whoever recorded it, the project's owner, MLScope
    leads and workspace admins."""
    if user not in (recorder, project.problem.owner_id) and user not in leads and not is_admin():
        raise PermissionDenied(
            f"Only <@{recorder}>, who recorded this reading, the owner (<@{project.problem.owner_id}>), MLScope "
            f"leads and workspace admins can {verb} it. Nothing changed."
        )


def require_lead_manager(user: str, *, leads: set[str], is_admin: IsAdmin) -> None:
    if user not in leads and not is_admin():
        raise PermissionDenied("Only workspace admins and existing MLScope leads can change the leads list.")


def require_settings_manager(user: str, *, leads: set[str], is_admin: IsAdmin) -> None:
    """Workspace settings (who may read the portfolio) are for workspace admins and MLScope leads."""
    if user not in leads and not is_admin():
        raise PermissionDenied("Only workspace admins and MLScope leads can change MLScope's workspace settings.")


def require_subscription_change(creator: str, user: str, *, leads: set[str], is_admin: IsAdmin) -> None:
    """A channel's digest subscription is changed or stopped by whoever set it up, leads or admins."""
    if user != creator and user not in leads and not is_admin():
        raise PermissionDenied(
            f"Only <@{creator}>, who set up this channel's digest, MLScope leads and workspace admins can change "
            "or stop it."
        )
