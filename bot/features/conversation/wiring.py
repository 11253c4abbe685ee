"""Which Slack ids and events go to which of this feature's handlers: wiring only, nothing else."""

from __future__ import annotations

from slack_bolt import App, Assistant

from bot.features.conversation import handlers
from bot.features.conversation.ids import OPTION_IDS, TOGGLE_IDS, ChatAction


def register(app: App) -> None:
    assistant = Assistant()  # Slack's assistant container: https://docs.slack.dev/tools/bolt-python/concepts/ai-apps
    assistant.thread_started(handlers.thread_started)
    assistant.user_message(handlers.thread_message)
    app.assistant(assistant)
    app.event("message", matchers=[handlers.is_dm])(handlers.dm_message)
    app.action(OPTION_IDS)(handlers.option)
    app.action(TOGGLE_IDS)(handlers.toggle)
    app.action(ChatAction.SKIP)(handlers.skip)
    app.action(ChatAction.DONE)(handlers.done)
    app.action(ChatAction.BACK)(handlers.back)
    app.action(ChatAction.REST_OF_STEP)(handlers.rest_of_step)
    app.action(ChatAction.CREATE)(handlers.create_project)
    app.action(ChatAction.START)(handlers.start)
    app.action(ChatAction.RESUME)(handlers.resume)
    app.action(ChatAction.RESTART)(handlers.restart)
    app.action(ChatAction.ATTENTION)(handlers.attention)
    app.action(ChatAction.PORTFOLIO)(handlers.portfolio)
