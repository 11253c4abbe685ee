"""App Home's "Archived" section (pure builder): the latest archived projects, each with an
Unarchive button for those who may change it; the rest counted, with the command that reaches them."""

from __future__ import annotations

from collections.abc import Callable

from bot.features.corrections.blocks import unarchive_button
from bot.slack import kit
from domain.project import Project

MAX_ARCHIVED = 10


def archived_section(projects: list[Project], total: int, *, may: Callable[[Project], bool]) -> list[kit.Block]:
    if not projects:
        return []
    blocks: list[kit.Block] = [kit.divider(), kit.header("Archived")]
    for project in projects:
        line = f"*{kit.esc(project.name)}* `{project.ref}` · <@{project.problem.owner_id}> · archived {project.updated_at:%Y-%m-%d}"
        blocks.append(kit.section(line, accessory=unarchive_button(project) if may(project) else None))
    if total > len(projects):
        blocks.append(kit.context(f"{total - len(projects)} more: `/mlproject unarchive <ref>` brings one back."))
    return blocks
