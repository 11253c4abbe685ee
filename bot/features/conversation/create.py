"""The summary's Create project: the project created as the modal's last step creates it — the
same checks (``ScopingStep.check``), the same use case (``draft_use_cases.finish_scoping``: the
project saved and the draft discarded in one transaction), the same card posted afterwards.
A second Create of the same answers (a double click, the modal's last step at the same moment)
creates nothing and says which project they already became."""

from __future__ import annotations

from slack_sdk import WebClient

from bot.deps import Deps
from bot.features.card.publish import post_card
from bot.features.conversation import blocks, flow
from bot.features.conversation.chat import AT, Chat
from bot.features.conversation.questions import find
from bot.features.scoping.meta import STEPS, FlowMeta
from bot.features.scoping.step import FIELD_BLOCKS, ScopingStep
from bot.slack import failures, refusals
from bot.slack.kit import esc
from domain import draft_use_cases
from domain.draft_use_cases import DraftGone
from domain.errors import DomainError
from domain.permissions import nobody_is_admin
from domain.ports import Draft
from domain.project import Project


def create(chat: Chat) -> None:
    draft = chat.draft()
    if draft is None:
        chat.say(blocks.note(flow.GONE))
        return
    step = ScopingStep(chat.deps, chat.origin, {}, FlowMeta(mode="new", step=STEPS), data=dict(draft.data))
    try:
        step.check()
        project = step.finish(nobody_is_admin)  # a new project asks nobody's rights
    except DraftGone:  # made from this draft a moment ago (another click, replica or the modal)
        _already(chat, draft)
        return
    except DomainError as exc:
        _refused(chat, draft.data, exc)
        return
    chat.deps.background.submit(announce, chat.client, chat.deps, chat, project)


def _already(chat: Chat, draft: Draft) -> None:
    made = draft_use_cases.created_from(chat.deps.uow(), draft, creator=chat.user)
    if made is None:
        chat.say(blocks.note(flow.GONE))
        return
    where = f"its card is in <#{made.problem.channel_id}>"
    chat.say(blocks.note(f"*{esc(made.name)}* (`{made.ref}`) was already created from these answers: {where}."))


def _refused(chat: Chat, data: dict, exc: DomainError) -> None:
    """Back at the question the refusal is about, if one is; the answers are kept either way."""
    wanted = FIELD_BLOCKS.get(refusals.field_of(exc))
    question = next((q for s in range(1, STEPS + 1) if (q := find(data, s, str(wanted)))), None) if wanted else None
    if question is None or exc.rule in refusals.WHOLE:
        chat.say(blocks.note(f"{exc.message} Your answers are kept."))
        return
    if chat.save({AT: question.field}, step=question.step) is not None:
        flow.ask(chat, data, question, notice=exc.message)


@failures.after_save(None)  # the project is saved: post_card tells the person when its card cannot be posted
def announce(client: WebClient, deps: Deps, chat: Chat, project: Project) -> None:
    """The card in its home channel, then a line in the conversation saying where it is."""
    ts = post_card(client, deps.uow(), project, notify=chat.user, origin_channel=None)
    if ts is not None:
        where = f"its card is in <#{project.problem.channel_id}>"
        chat.say(blocks.note(f"Created *{esc(project.name)}* (`{project.ref}`): {where}. Change it there with Edit."))
