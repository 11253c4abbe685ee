"""``/mlproject``: parse, run one use case, answer in the ack (ephemeral); Slack calls after."""

from __future__ import annotations

import contextlib
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot import commands as cmd
from bot.admins import AdminUnknown
from bot.deps import Deps
from bot.ids import COMMAND
from bot.jobs import post_now
from bot.listeners.digests import handle_digest
from bot.listeners.openers import open_edit, open_form, start_new
from bot.origin import installed_team
from bot.publish import refresh_card
from bot.views import messages
from bot.views.kit import esc
from bot.visibility import check_reader
from domain import checkin_use_cases, project_queries, project_use_cases, workspace_use_cases
from domain.errors import DomainError
from domain.ports import UnitOfWork


def register(app: App, deps: Deps) -> None:
    @app.command(COMMAND)
    def mlproject(ack: Ack, command: dict[str, Any], client: WebClient, respond: Respond) -> None:
        try:
            parsed = cmd.parse_command(command.get("text", ""))
        except cmd.UsageError as exc:
            ack(**messages.usage_message(exc.problem, exc.subcommand))
            return
        try:
            ack(**handle(parsed, command, client, respond, deps))
        except DomainError as exc:
            ack(**messages.error_message(exc.message))


def handle(
    parsed: cmd.Command, command: dict[str, Any], client: WebClient, respond: Respond, deps: Deps
) -> dict[str, Any]:
    """Run the command; return the ephemeral reply. Slack Web API calls go to the background."""
    team, user, channel = installed_team(command), command["user_id"], command.get("channel_id", "")
    trigger = command.get("trigger_id", "")
    uow = deps.uow()
    admin = deps.is_admin(client, team, user, bounded=True)  # before the ack
    match parsed:
        case cmd.Help():
            return messages.help_message()
        case cmd.List(mine=mine, stage=stage):
            check_reader(deps, client, team=team, user=user, body=command)
            entries = project_queries.ranked_page(
                uow, team, owner_id=user if mine else None, stage=stage, limit=messages.LIST_LIMIT
            )
            title = "Your projects" if mine else (f"Projects in {stage.value}" if stage else "Portfolio, ranked")
            return messages.list_message(entries, title=title)
        case cmd.Show(ref=ref):
            check_reader(deps, client, team=team, user=user, body=command)
            return messages.show_message(project_queries.project_card(uow, team, ref))
        case cmd.New(name=name):
            deps.background.submit(
                start_new, client, respond, deps, trigger_id=trigger, team=team, user=user, channel=channel, name=name
            )
            return {}
        case cmd.Edit(ref=ref):
            _refuse_early(uow, deps, team, ref, user=user, verb="edit")
            deps.background.submit(
                open_edit, client, deps, trigger_id=trigger, team=team, user=user, ref=ref, channel=channel
            )
            return {}
        case cmd.AddBaseline(ref=ref):
            project_queries.get_project(uow, team, ref)
            deps.background.submit(
                open_form,
                client,
                deps,
                kind="baseline",
                trigger_id=trigger,
                team=team,
                user=user,
                ref=ref,
                channel=channel,
            )
            return {}
        case cmd.MoveStage(ref=ref, stage=stage, reason=reason):
            project = project_use_cases.move_stage(
                uow, team, ref, stage, reason=reason, actor=user, now=deps.now(), is_admin=admin
            )
            deps.background.submit(refresh_card, client, deps.uow(), team, project.ref)
            kind = "Looped back" if project.transitions[-1].loop_back else "Moved"
            return messages.done_message(f"{kind} *{esc(project.name)}* to {stage.label}.")
        case cmd.RecordMetric(ref=ref, value=value, note=note):
            project = project_use_cases.record_metric(uow, team, ref, value, note=note, actor=user, now=deps.now())
            deps.background.submit(refresh_card, client, deps.uow(), team, project.ref)
            metric = project.scope.optimizing
            assert metric is not None
            verdict = {True: " Target met 🎯", False: "", None: ""}[metric.meets_target(value)]
            return messages.done_message(f"Recorded {esc(metric.name)} = {value:g} for *{esc(project.name)}*.{verdict}")
        case cmd.Checkin(ref=ref, action="now"):
            occurrence_id = checkin_use_cases.add_manual_checkin(uow, team, ref, actor=user, now=deps.now())
            deps.background.submit(post_now, deps, occurrence_id)
            return messages.done_message(f"Posting a check-in on `{ref}` in its home channel.")
        case cmd.Checkin(ref=ref, action="schedule"):
            _refuse_early(uow, deps, team, ref, user=user, verb="change the check-ins of")
            deps.background.submit(
                open_form,
                client,
                deps,
                kind="schedule",
                trigger_id=trigger,
                team=team,
                user=user,
                ref=ref,
                channel=channel,
            )
            return {}
        case cmd.Checkin(ref=ref, action=action):
            project = checkin_use_cases.set_paused(
                uow, team, ref, paused=action == "pause", actor=user, now=deps.now(), is_admin=admin
            )
            return messages.done_message(
                f"Check-ins of *{esc(project.name)}* are {'paused' if action == 'pause' else 'running again'}."
            )
        case cmd.DigestNow() | cmd.DigestSubscribe() | cmd.DigestUnsubscribe() | cmd.DigestSettings():
            return handle_digest(parsed, command, client, respond, deps)
        case cmd.Leads(action="list"):
            leads = sorted(workspace_use_cases.list_leads(uow, team))
            names = ", ".join(f"<@{u}>" for u in leads) or "nobody yet"
            return messages.reply(
                f"MLScope leads (may change any project, besides owners, creators and admins): {names}."
            )
        case cmd.Leads(action=action, user_id=lead):
            assert lead is not None
            changed = workspace_use_cases.change_lead(
                uow, team, lead, add=action == "add", actor=user, now=deps.now(), is_admin=admin
            )
            if action == "add":
                return messages.done_message(f"<@{lead}> is {'now' if changed else 'already'} an MLScope lead.")
            return messages.done_message(f"<@{lead}> {'is no longer' if changed else 'was not'} an MLScope lead.")
        case cmd.Settings(visibility=None):
            return messages.settings_message(workspace_use_cases.visibility(uow, team))
        case cmd.Settings(visibility=wanted):
            assert wanted is not None
            changed = workspace_use_cases.set_visibility(uow, team, wanted, actor=user, now=deps.now(), is_admin=admin)
            return messages.done_message(
                ("Visibility is now" if changed else "Visibility was already")
                + f" *{wanted.value}*: "
                + messages.VISIBILITY_MEANS[wanted]
            )
        case cmd.Archive(ref=ref):
            project = project_use_cases.archive_project(uow, team, ref, actor=user, now=deps.now(), is_admin=admin)
            deps.background.submit(refresh_card, client, deps.uow(), team, project.ref)
            return messages.done_message(f"Archived *{esc(project.name)}*.")
    raise AssertionError(f"unhandled command {parsed!r}")  # pragma: no cover


def _refuse_early(uow: UnitOfWork, deps: Deps, team: str, ref: str, *, user: str, verb: str) -> None:
    """Refuse in the reply, before any modal, what the database (and a cached admin answer)
    already refuses. Slack is not asked here: that would delay the ack and the views.open after
    it; when only Slack can tell, the opener checks after opening (``bot.listeners.openers``)."""
    with contextlib.suppress(AdminUnknown):
        project_use_cases.check_can_change(uow, team, ref, actor=user, is_admin=deps.cached_admin(team, user), verb=verb)
