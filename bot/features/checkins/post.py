"""What the ticker posts for check-ins: the thread parent with its questions, and the nudge in its
thread when nobody answered. Registered in ``bot.app`` for their occurrence kinds."""

from __future__ import annotations

from collections.abc import Mapping

from bot.features.checkins.blocks import checkin_message, nudge_text
from bot.ticker.posts import Post, Poster, Prepared, Round
from domain import checkin_read_model
from domain.checkins import Occurrence, OccurrenceKind


def prepare_checkins(round: Round, occurrences: list[Occurrence]) -> Mapping[int, Prepared]:
    """Read for all of them at once; none for a project archived or paused meanwhile."""
    states = checkin_read_model.checkin_states(round.deps.uow(), occurrences)
    prepared: dict[int, Prepared] = {}
    for occ in occurrences:
        state = states.get(occ.id or 0)
        project = state.project if state else None
        if (
            state is None
            or project is None
            or project.archived
            or (project.checkin is not None and project.checkin.paused)
        ):
            prepared[occ.id or 0] = None
        else:
            prepared[occ.id or 0] = Post(occ, project.problem.channel_id, checkin_message(state))
    return prepared


def prepare_nudges(round: Round, occurrences: list[Occurrence]) -> Mapping[int, Prepared]:
    """A nudge in the check-in's thread, only while nobody has answered it."""
    prepared: dict[int, Prepared] = {}
    for occ in occurrences:
        found = checkin_read_model.nudge_needed(round.deps.uow(), occ)
        if found is None:
            prepared[occ.id or 0] = None
            continue
        parent, project = found
        assert parent.channel is not None
        prepared[occ.id or 0] = Post(occ, parent.channel, {"text": nudge_text(project)}, thread_ts=parent.ts)
    return prepared


POSTERS = {
    OccurrenceKind.CHECKIN: Poster(prepare_checkins),
    OccurrenceKind.NUDGE: Poster(prepare_nudges),
}
