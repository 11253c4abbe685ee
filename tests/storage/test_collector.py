"""Loading a whole portfolio pauses the cyclic garbage collector (digest build time at 10,000 projects)."""

import gc
import threading

from storage import projects as project_repository
from storage.collector import collector_paused
from storage.mapping import to_domain
from tests.seeding import scheduled_projects


def test_rows_become_projects_with_the_collector_paused_and_it_resumes_after(database, monkeypatch):
    scheduled_projects(database, 20, channels=2)
    collector_on: list[bool] = []

    def observed(row):  # type: ignore[no-untyped-def]
        collector_on.append(gc.isenabled())
        return to_domain(row)

    monkeypatch.setattr(project_repository, "to_domain", observed)
    with database.uow() as uow:
        projects = uow.projects.list("T1", include_archived=True)
    assert len(projects) == 20
    assert collector_on == [False] * 20
    assert gc.isenabled()


def test_the_collector_resumes_only_when_the_last_of_two_threads_is_done():
    first_in, second_in, first_may_leave = threading.Event(), threading.Event(), threading.Event()

    def first() -> None:
        with collector_paused():
            first_in.set()
            first_may_leave.wait(5)

    thread = threading.Thread(target=first)
    thread.start()
    first_in.wait(5)
    with collector_paused():
        second_in.set()
        first_may_leave.set()
        thread.join(5)
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_disabled_by_someone_else_stays_disabled():
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
