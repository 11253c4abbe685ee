"""``/mlproject``: parse, hand the command to the feature that answers it, answer in the ack
(ephemeral). Slack Web API calls come after the ack, in the background."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.features.canvases import commands as canvas_commands
from bot.features.card import commands as card
from bot.features.checkins import away
from bot.features.checkins import commands as checkins
from bot.features.command import grammar as g
from bot.features.command.asked import Asked
from bot.features.command.messages import help_message, usage_message
from bot.features.command.parse import parse_command
from bot.features.corrections import commands as corrections
from bot.features.digests import commands as digests
from bot.features.portfolio import commands as portfolio
from bot.features.scoping import commands as scoping
from bot.features.settings import commands as settings
from bot.features.tokens import commands as tokens
from bot.slack.context import deps_of, origin_of
from bot.slack.replies import error_message
from domain.errors import DomainError

Handler = Callable[[Any, Asked], dict[str, Any]]
ROUTES: dict[type, Handler] = {
    g.Help: lambda parsed, asked: help_message(),
    g.List: portfolio.list_projects,
    g.Show: portfolio.show,
    g.New: scoping.new,
    g.Edit: scoping.edit,
    g.AddBaseline: card.add_baseline,
    g.MoveStage: card.move_stage,
    g.RecordMetric: card.record_metric,
    g.Archive: corrections.archive,
    g.Unarchive: corrections.unarchive,
    g.Checkin: checkins.checkin,
    g.DigestNow: digests.digest_now,
    g.DigestSubscribe: digests.digest_subscribe,
    g.DigestUnsubscribe: digests.digest_unsubscribe,
    g.DigestSettings: digests.digest_settings,
    g.DigestCanvas: canvas_commands.digest_canvas,
    g.Leads: settings.leads,
    g.Settings: settings.settings,
    g.Token: tokens.token,
    g.Away: away.away,
    g.Holidays: settings.holidays,
}


def mlproject(ack: Ack, command: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext) -> None:
    try:
        parsed = parse_command(command.get("text", ""))
    except g.UsageError as exc:
        ack(**usage_message(exc.problem, exc.subcommand))
        return
    asked = Asked(command, client, respond, deps_of(context), origin_of(context))
    try:
        ack(**ROUTES[type(parsed)](parsed, asked))
    except DomainError as exc:
        ack(**error_message(exc.message))
