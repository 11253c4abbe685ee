"""Use cases behind scheduled work: plan occurrences, claim them, record the outcome; check-in answers.

Planning is idempotent (occurrences are unique by owner, kind and due time) and claiming is a
compare-and-set with a lease, so any number of replicas or ``mlscope tick`` processes can run
these concurrently and each occurrence is handled by one of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from domain import services
from domain.checkins import (
    QUESTIONS,
    Answer,
    LoopBackOffer,
    Occurrence,
    OccurrenceKind,
    OccurrenceStatus,
    Question,
    Response,
    due_to_plan,
    loop_back_for,
)
from domain.concurrency import retrying
from domain.digest import DEFAULT_LOOKBACK, Digest, build_digest, parse_filter
from domain.errors import DomainError, NotFound
from domain.model import CheckinSchedule, Project
from domain.permissions import IsAdmin, nobody_is_admin, require_subscription_change
from domain.ports import Change, Subscription, UnitOfWork

LEASE = timedelta(minutes=2)
MANUAL_CHECKIN_EVERY = timedelta(minutes=10)  # each manual check-in pings the owner
MANUAL_DIGEST_EVERY = timedelta(minutes=1)  # per channel; a digest is long and posts a chart
NUDGE_AFTER = timedelta(hours=24)


@retrying
def plan_checkins(uow: UnitOfWork, *, now: datetime) -> list[int]:
    """Create the occurrence each scheduled project is due for (at most one); mark silence.

    One INSERT for all of them and one query for silence, however many projects are due.
    """
    with uow:
        last = uow.occurrences.last_due(OccurrenceKind.CHECKIN)
        due: list[Occurrence] = []
        for project_id, team_id, raw, created_at in uow.occurrences.scheduled_projects():
            schedule = CheckinSchedule.model_validate(raw)
            since = max([created_at, last.get(project_id, created_at)] + ([schedule.since] if schedule.since else []))
            due_at = due_to_plan(schedule, since=since, now=now)
            if due_at is not None:
                due.append(Occurrence(team_id, OccurrenceKind.CHECKIN, due_at, project_id=project_id))
        ids = uow.occurrences.add_all_if_absent(due)
        planned = [occ for occ, new_id in zip(due, ids, strict=True) if new_id is not None]
        _mark_silence(uow, planned, now)
        uow.commit()
    return [new_id for new_id in ids if new_id is not None]


def _mark_silence(uow: UnitOfWork, planned: list[Occurrence], now: datetime) -> None:
    """A new check-in is due and nobody answered the previous one: the project went silent."""
    previous = uow.occurrences.latest_posted_ids(
        [o.project_id for o in planned if o.project_id], OccurrenceKind.CHECKIN
    )
    answers = uow.responses.for_occurrences(list(previous.values()))
    unanswered = [project_id for project_id, occurrence_id in previous.items() if not answers[occurrence_id]]
    for project in uow.projects.by_ids(unanswered).values():
        if project.silent_since is None:
            project.silent_since = now
            uow.projects.save(project)


def add_manual_checkin(uow: UnitOfWork, team_id: str, ref: str, *, actor: str, now: datetime) -> int:
    """``/mlproject checkin <ref>``: an occurrence due now, posted by the next tick (or at once).

    At most one per project every ``MANUAL_CHECKIN_EVERY``: each one pings the owner."""
    with uow:
        project = services.require_active(uow, team_id, ref)
        assert project.id is not None
        recent = uow.occurrences.latest_since(OccurrenceKind.CHECKIN, now - MANUAL_CHECKIN_EVERY, project_id=project.id)
        if recent is not None:
            raise DomainError(
                f"A check-in for `{project.ref}` was asked for at {recent.due_at:%H:%M} UTC; answer that one. "
                f"A new one can be asked for from {recent.due_at + MANUAL_CHECKIN_EVERY:%H:%M} UTC.",
                rule="too_soon",
            )
        new_id = uow.occurrences.add_if_absent(Occurrence(team_id, OccurrenceKind.CHECKIN, now, project_id=project.id))
        if new_id is None:
            raise DomainError("A check-in for this project was just posted; answer that one.", rule="duplicate_checkin")
        uow.history.add(Change(team_id, actor, "checkin_requested", now, project.id, {}))
        uow.commit()
        return new_id


def claim_due(
    uow: UnitOfWork,
    holder: str,
    *,
    now: datetime,
    lease: timedelta = LEASE,
    limit: int = 500,
    only: list[int] | None = None,
) -> list[Occurrence]:
    """Claim what is due: a compare-and-set per occurrence, all committed together.

    Another process racing for the same rows waits for this commit (PostgreSQL row locks, SQLite's
    single writer), then finds them claimed and skips them.
    """
    with uow:
        ids = only if only is not None else uow.occurrences.claimable_ids(now, limit)
        won = uow.occurrences.claim_all(ids, holder, now, lease)
        uow.commit()
        return uow.occurrences.get_many(won)


def begin_post(uow: UnitOfWork, occ: Occurrence, holder: str, channel: str, *, now: datetime) -> bool:
    """Record that Slack is being called; a taker of an expired claim must then reconcile first."""
    return occ.id in begin_posts(uow, holder, [(occ, channel)], now=now)


def begin_posts(uow: UnitOfWork, holder: str, posts: list[tuple[Occurrence, str]], *, now: datetime) -> set[int]:
    """``begin_post`` for a whole tick in one transaction: the ids this holder still owned.

    Marking an occurrence before its turn costs nothing if the process survives; if it dies, the
    taker looks the occurrence up in Slack before posting, from the mark (``posting_at``, set when
    posting begins: only when no earlier attempt is in Slack) to the end of that claim's lease.
    """
    by_channel: dict[str, list[int]] = {}
    for occ, channel in posts:
        assert occ.id is not None
        by_channel.setdefault(channel, []).append(occ.id)
    begun: set[int] = set()
    with uow:
        for channel, ids in by_channel.items():
            begun.update(uow.occurrences.mark_posting(ids, holder, channel, now))
        uow.commit()
    return begun


def finish_post(
    uow: UnitOfWork,
    occ: Occurrence,
    holder: str,
    *,
    channel: str,
    ts: str,
    now: datetime,
    nudge_after: timedelta = NUDGE_AFTER,
) -> bool:
    """Record Slack's ts; a posted check-in gets its nudge planned."""
    assert occ.id is not None
    with uow:
        if not uow.occurrences.mark_posted(occ.id, holder, channel=channel, ts=ts, now=now):
            return False
        if occ.kind is OccurrenceKind.CHECKIN:
            nudge = Occurrence(
                occ.team_id, OccurrenceKind.NUDGE, now + nudge_after, project_id=occ.project_id, parent_id=occ.id
            )
            uow.occurrences.add_if_absent(nudge)
        if occ.kind is OccurrenceKind.DIGEST:
            uow.digests.mark_digest(occ.team_id, channel, now)
            chart = Occurrence(
                occ.team_id, OccurrenceKind.CHART, now, parent_id=occ.id, channel=channel, payload=dict(occ.payload)
            )
            uow.occurrences.add_if_absent(chart)
        uow.commit()
        return True


def occurrence(uow: UnitOfWork, occurrence_id: int) -> Occurrence | None:
    with uow:
        return uow.occurrences.get(occurrence_id)


def chart_of(uow: UnitOfWork, digest_occurrence_id: int) -> int | None:
    """The id of the chart occurrence planned when a digest was posted."""
    with uow:
        children = uow.occurrences.children(digest_occurrence_id, OccurrenceKind.CHART)
        return children[0].id if children else None


def retry_later(uow: UnitOfWork, occ: Occurrence, holder: str, *, retry_at: datetime, error: str) -> None:
    assert occ.id is not None
    with uow:
        uow.occurrences.release(occ.id, holder, retry_at=retry_at, error=error)
        uow.commit()


def note_upload(uow: UnitOfWork, occ: Occurrence, holder: str, file_id: str) -> None:
    """A chart's file is uploaded (not yet shared): its id is how a crash's taker finds it shared."""
    assert occ.id is not None
    with uow:
        uow.occurrences.set_payload(occ.id, holder, dict(occ.payload) | {"file_id": file_id})
        uow.commit()


def look_again_later(
    uow: UnitOfWork, occ: Occurrence, holder: str, *, retry_at: datetime, error: str, searched: dict[str, Any]
) -> None:
    """The post may already be in Slack and could not be looked for (rate-limited, Slack's answer
    lost): keep it ``posting`` with how far the search got, so that it is looked for, not repeated."""
    assert occ.id is not None
    with uow:
        uow.occurrences.keep_posting(
            occ.id, holder, retry_at=retry_at, error=error, payload=dict(occ.payload) | {"searched": searched}
        )
        uow.commit()


def skip(uow: UnitOfWork, occ: Occurrence, holder: str | None, reason: str) -> None:
    assert occ.id is not None
    with uow:
        uow.occurrences.skip(occ.id, holder, reason)
        uow.commit()


@dataclass
class CheckinView:
    """What a check-in message shows: the project, the occurrence and everyone's answers."""

    occurrence: Occurrence
    project: Project
    responses: list[Response]
    offer: LoopBackOffer | None = None


def checkin_views(uow: UnitOfWork, occurrences: list[Occurrence]) -> dict[int, CheckinView]:
    """The views of many check-ins, keyed by occurrence id, in a fixed number of queries.

    A tick prepares every due check-in before posting the first; one query per check-in made that
    preparation grow with the number of projects. Missing projects or wrong teams are left out.
    """
    wanted = [o for o in occurrences if o.id is not None and o.project_id is not None]
    with uow:
        projects = uow.projects.by_ids(sorted({o.project_id for o in wanted if o.project_id is not None}))
        responses = uow.responses.for_occurrences([o.id for o in wanted if o.id is not None])
    views: dict[int, CheckinView] = {}
    for occ in wanted:
        assert occ.id is not None and occ.project_id is not None
        project = projects.get(occ.project_id)
        if project is not None and project.team_id == occ.team_id:
            views[occ.id] = CheckinView(occ, project, responses[occ.id])
    return views


def nudge_needed(uow: UnitOfWork, nudge: Occurrence) -> tuple[Occurrence, Project] | None:
    """The parent check-in and its project when nobody has answered yet; None to skip the nudge."""
    with uow:
        if nudge.parent_id is None:
            return None
        parent = uow.occurrences.get(nudge.parent_id)
        if parent is None or parent.status is not OccurrenceStatus.POSTED or uow.responses.count(parent.id or 0):
            return None
        project = uow.projects.get_by_id(nudge.team_id, parent.project_id or 0)
        if project is None or project.archived or (project.checkin and project.checkin.paused):
            return None
        return parent, project


def _open_checkin(uow: UnitOfWork, team_id: str, occurrence_id: int) -> tuple[Occurrence, Project]:
    """The check-in a click refers to, if it is in this workspace and still open for answers."""
    occ = uow.occurrences.get(occurrence_id)
    if occ is None or occ.team_id != team_id or occ.kind is not OccurrenceKind.CHECKIN or occ.project_id is None:
        raise NotFound("That check-in does not exist in this workspace.")
    project = uow.projects.get_by_id(team_id, occ.project_id)
    if project is None:
        raise NotFound("That check-in's project no longer exists.")
    if project.archived:
        raise DomainError(f"`{project.ref}` is archived; its check-ins are closed.", rule="archived")
    latest = uow.occurrences.latest_posted(occ.project_id, OccurrenceKind.CHECKIN)
    if latest is None or latest.id != occ.id:
        raise DomainError(
            "This check-in is closed: a newer one has been posted. Answer that one instead.", rule="stale_checkin"
        )
    return occ, project


@retrying
def record_answer(
    uow: UnitOfWork, team_id: str, occurrence_id: int, *, user: str, question: Question, answer: Answer, now: datetime
) -> CheckinView:
    """Record one person's answer (editable until the next check-in); offer a loop-back once after a "No"."""
    with uow:
        occ, project = _open_checkin(uow, team_id, occurrence_id)
        response = uow.responses.get(occurrence_id, user) or Response(occurrence_id, team_id, user)
        response.answers[question] = answer
        response.updated_at = now
        uow.responses.put(response)
        if project.silent_since is not None:
            project.silent_since = None
            uow.projects.save(project)
        offer = loop_back_for(question, answer, project.stage)
        if offer is not None and not uow.responses.offer_once(team_id, occurrence_id, question, now):
            offer = None
        uow.history.add(
            Change(
                team_id, user, "checkin_answered", now, project.id, {"question": question.value, "answer": answer.value}
            )
        )
        uow.commit()
        return CheckinView(occ, project, uow.responses.for_occurrence(occurrence_id), offer)


def details_for(uow: UnitOfWork, team_id: str, occurrence_id: int, *, user: str) -> tuple[CheckinView, Response | None]:
    """What the details modal shows: the open check-in and this person's answers so far."""
    with uow:
        occ, project = _open_checkin(uow, team_id, occurrence_id)
        responses = uow.responses.for_occurrence(occurrence_id)
        mine = next((r for r in responses if r.user_id == user), None)
        return CheckinView(occ, project, responses), mine


@retrying
def record_details(
    uow: UnitOfWork,
    team_id: str,
    occurrence_id: int,
    *,
    user: str,
    metric_value: float | None,
    blockers: str,
    notes: str,
    now: datetime,
    experiments: int | None = None,
    labels: int | None = None,
) -> CheckinView:
    """Numbers and notes from the details modal; a metric value also becomes a metric reading."""
    with uow:
        occ, project = _open_checkin(uow, team_id, occurrence_id)
        response = uow.responses.get(occurrence_id, user) or Response(occurrence_id, team_id, user)
        response.metric_value, response.blockers, response.notes, response.updated_at = (
            metric_value,
            blockers,
            notes,
            now,
        )
        response.experiments, response.labels = experiments, labels
        uow.responses.put(response)
        if project.silent_since is not None:
            project.silent_since = None
            uow.projects.save(project)
        uow.commit()
    if metric_value is not None and project.scope.optimizing is not None:
        services.record_metric(
            uow, team_id, project.ref, metric_value, note=f"check-in {occ.due_at:%Y-%m-%d}", actor=user, now=now
        )
    with uow:
        return CheckinView(
            occ,
            uow.projects.get_by_id(team_id, project.id or 0) or project,
            uow.responses.for_occurrence(occurrence_id),
        )


def accept_loop_back(
    uow: UnitOfWork,
    team_id: str,
    occurrence_id: int,
    *,
    question: Question,
    user: str,
    now: datetime,
    is_admin: IsAdmin = nobody_is_admin,
) -> Project:
    """One click: move the stage back as the method prescribes, with the answer as the reason."""
    with uow:
        occ, project = _open_checkin(uow, team_id, occurrence_id)
        offer = loop_back_for(question, Answer.NO, project.stage)
        if offer is None:
            raise DomainError(
                f"`{project.ref}` is already in {project.stage.value}; nothing to move.", rule="already_moved"
            )
        response = uow.responses.get(occurrence_id, user)
        note = f" ({response.notes})" if response and response.notes else ""
        reason = f"Check-in of {occ.due_at:%Y-%m-%d}: “{QUESTIONS[question]}” was answered No{note}"
    return services.move_stage(
        uow, team_id, project.ref, offer.target, reason=reason[:500], actor=user, now=now, is_admin=is_admin
    )


def set_schedule(
    uow: UnitOfWork,
    team_id: str,
    ref: str,
    schedule: CheckinSchedule | None,
    *,
    actor: str,
    now: datetime,
    is_admin: IsAdmin = nobody_is_admin,
) -> Project:
    """A new cadence starts from now: no catch-up for times that passed under the old one."""
    if schedule is not None:
        schedule = schedule.model_copy(update={"since": now, "anchor": schedule.anchor or now})
    return services.update_project(
        uow,
        team_id,
        ref,
        actor=actor,
        now=now,
        checkin=schedule,
        clear_checkin=schedule is None,
        is_admin=is_admin,
        verb="change the check-ins of",
    )


def set_paused(
    uow: UnitOfWork,
    team_id: str,
    ref: str,
    *,
    paused: bool,
    actor: str,
    now: datetime,
    is_admin: IsAdmin = nobody_is_admin,
) -> Project:
    project = services.get_project(uow, team_id, ref)
    if project.checkin is None:
        raise DomainError(
            f"`{project.ref}` has no check-in schedule; set one with `/mlproject checkin {project.ref} schedule`.",
            rule="no_schedule",
        )
    if project.checkin.paused == paused:
        raise DomainError(
            f"Check-ins of `{project.ref}` are already {'paused' if paused else 'running'}.", rule="no_change"
        )
    update = {"paused": paused} | ({} if paused else {"since": now})
    return services.update_project(
        uow,
        team_id,
        ref,
        actor=actor,
        now=now,
        checkin=project.checkin.model_copy(update=update),
        is_admin=is_admin,
        verb="change the check-ins of",
    )


# --- digests ------------------------------------------------------------------------------


def subscribe_digest(
    uow: UnitOfWork,
    team_id: str,
    channel_id: str,
    schedule: CheckinSchedule,
    *,
    scope: str,
    actor: str,
    now: datetime,
    is_admin: IsAdmin = nobody_is_admin,
) -> Subscription:
    """Subscribe a channel (or change its subscription); it starts from now, no catch-up.
    Changing someone else's subscription is for leads and admins."""
    schedule = schedule.model_copy(update={"since": now, "anchor": now, "skip_weekends": False})
    with uow:
        existing = uow.digests.subscription(team_id, channel_id)
        if existing is not None:
            require_subscription_change(existing.created_by, actor, leads=uow.leads.list(team_id), is_admin=is_admin)
        sub = uow.digests.subscribe(
            Subscription(None, team_id, channel_id, schedule.model_dump(mode="json"), scope, actor, now)
        )
        uow.history.add(Change(team_id, actor, "digest_subscribed", now, None, {"channel": channel_id}))
        uow.commit()
        return sub


def unsubscribe_digest(
    uow: UnitOfWork, team_id: str, channel_id: str, *, actor: str, now: datetime, is_admin: IsAdmin = nobody_is_admin
) -> None:
    """Stop a channel's digest: for whoever set it up, leads and admins."""
    with uow:
        existing = uow.digests.subscription(team_id, channel_id)
        if existing is None:
            raise DomainError("This channel has no digest subscription.", rule="not_subscribed")
        require_subscription_change(existing.created_by, actor, leads=uow.leads.list(team_id), is_admin=is_admin)
        uow.digests.unsubscribe(team_id, channel_id)
        uow.history.add(Change(team_id, actor, "digest_unsubscribed", now, None, {"channel": channel_id}))
        uow.commit()


def digest_subscription(uow: UnitOfWork, team_id: str, channel_id: str) -> Subscription | None:
    with uow:
        return uow.digests.subscription(team_id, channel_id)


def plan_digests(uow: UnitOfWork, *, now: datetime) -> list[int]:
    """Plan each subscribed channel's due digest (at most one catch-up, like check-ins)."""
    created: list[int] = []
    with uow:
        last = uow.digests.last_due()
        for sub in uow.digests.subscriptions():
            assert sub.id is not None
            schedule = CheckinSchedule.model_validate(sub.schedule)
            since = max(
                [sub.created_at, last.get(sub.id, sub.created_at)] + ([schedule.since] if schedule.since else [])
            )
            due = due_to_plan(schedule, since=since, now=now)
            if due is None:
                continue
            occ = Occurrence(
                sub.team_id,
                OccurrenceKind.DIGEST,
                due,
                subscription_id=sub.id,
                channel=sub.channel_id,
                payload={"scope": sub.scope},
            )
            new_id = uow.occurrences.add_if_absent(occ)
            if new_id is not None:
                created.append(new_id)
        uow.commit()
    return created


def add_manual_digest(uow: UnitOfWork, team_id: str, channel_id: str, *, scope: str, actor: str, now: datetime) -> int:
    """``/mlproject digest``: posted now, through the same path as scheduled digests."""
    parse_filter(scope, caller=actor)
    with uow:
        recent = uow.occurrences.latest_since(OccurrenceKind.DIGEST, now - MANUAL_DIGEST_EVERY, channel=channel_id)
        if recent is not None:
            raise DomainError(
                f"A digest was posted in this channel at {recent.due_at:%H:%M:%S} UTC; scroll up to it. "
                f"The next can be asked for from {recent.due_at + MANUAL_DIGEST_EVERY:%H:%M:%S} UTC.",
                rule="too_soon",
            )
        occ = Occurrence(
            team_id, OccurrenceKind.DIGEST, now, channel=channel_id, payload={"scope": scope, "requested_by": actor}
        )
        new_id = uow.occurrences.add_if_absent(occ)
        if new_id is None:
            raise DomainError("A digest for this channel is being posted right now.", rule="duplicate_digest")
        uow.commit()
        return new_id


def digest_data(
    uow: UnitOfWork, team_id: str, channel_id: str, *, scope: str, now: datetime, lookback: timedelta = DEFAULT_LOOKBACK
) -> Digest:
    """Everything a channel's digest shows, in a fixed number of queries whatever the portfolio size."""
    scope_filter = parse_filter(scope)
    with uow:
        since = uow.digests.last_digest_at(team_id, channel_id) or now - lookback
        everything = uow.projects.list(team_id, include_archived=True)
        weights = uow.workspaces.weights(team_id)
        history = uow.digests.history_since(team_id, since, now)
        states = uow.digests.checkin_states(team_id)
    active = [p for p in everything if not p.archived]
    archived = [p for p in everything if p.archived]
    return build_digest(
        team_id,
        active,
        archived=archived,
        history=history,
        checkins=states,
        since=since,
        now=now,
        scope=scope_filter,
        weights=weights,
    )
