"""``/mlproject archive`` (asks first: the click archives) and ``/mlproject unarchive``."""

from __future__ import annotations

from typing import Any

from bot.features.card.publish import refresh_card
from bot.features.command.asked import Asked
from bot.features.command.grammar import Archive, Unarchive
from bot.features.corrections.blocks import archive_question
from bot.features.corrections.work import unarchived_text
from bot.slack.replies import done_message
from domain import correction_use_cases, project_use_cases


def archive(parsed: Archive, asked: Asked) -> dict[str, Any]:
    """Refused at once when the project is archived already or not the caller's to change."""
    project = project_use_cases.check_can_change(
        asked.deps.uow(), asked.team, parsed.ref, actor=asked.user, is_admin=asked.admin(), verb="archive"
    )
    return archive_question(project)


def unarchive(parsed: Unarchive, asked: Asked) -> dict[str, Any]:
    deps = asked.deps
    project = correction_use_cases.unarchive_project(
        deps.uow(), asked.team, parsed.ref, actor=asked.user, now=deps.now(), is_admin=asked.admin()
    )
    deps.background.submit(refresh_card, asked.client, deps.uow(), asked.team, project.ref)
    return done_message(unarchived_text(project.name))
