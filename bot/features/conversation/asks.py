"""The suggested prompts "What needs my attention?" and "Show the portfolio", answered with what
the digest, App Home and ``/mlproject list`` show, for those who may read the portfolio
(``domain.visibility``)."""

from __future__ import annotations

from bot.features.conversation.blocks import note
from bot.features.conversation.chat import Chat
from bot.features.digests.blocks import attention_blocks
from bot.features.home.blocks import open_advice
from bot.features.portfolio.blocks import LIST_LIMIT, list_message
from bot.slack import kit
from bot.slack.replies import reply
from bot.slack.visibility import check_reader
from domain import digest_use_cases, project_queries
from domain.visibility import PortfolioHidden


def _may_read(chat: Chat) -> bool:
    try:
        check_reader(chat.deps, chat.client, team=chat.team, user=chat.user)
    except PortfolioHidden as exc:
        chat.say(note(f"🔒 {exc.message}"))
        return False
    return True


def attention(chat: Chat) -> None:
    """What the digest's "Needs attention" says of the projects the person owns (a check-in's No, an
    open blocker, no reading for N weeks, the gate…), then App Home's open advice on them."""
    if not _may_read(chat):
        return
    mine = project_queries.assessments_owned_by(chat.deps.uow(), chat.team, chat.user)
    if not mine:
        chat.say(note("You own no project yet, so nothing needs your attention. Type *scope a project* to start one."))
        return
    digest = digest_use_cases.digest_data(chat.deps.uow(), chat.team, chat.channel, scope=f"<@{chat.user}>", now=chat.deps.now())
    chat.say(reply("What needs your attention", [
        kit.section("*What needs your attention*"), *attention_blocks(digest),
        kit.section("*Open advice on your projects*"), *open_advice(mine),
    ]))  # fmt: skip


def portfolio(chat: Chat) -> None:
    """``/mlproject list``: the workspace's active projects, ranked."""
    if not _may_read(chat):
        return
    page = project_queries.ranked_page(chat.deps.uow(), chat.team, limit=LIST_LIMIT)
    chat.say(list_message(page, title="Portfolio, ranked"))
