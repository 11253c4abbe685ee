"""The unit of work: one session, rolled back on exit unless ``commit()`` was called."""

from __future__ import annotations

from typing import Self

from sqlalchemy.orm import Session, sessionmaker

from storage.api_tokens import SqlApiTokenRepository
from storage.away import SqlAwayRepository
from storage.cache import ReadCache
from storage.canvases import SqlCanvasRepository
from storage.digests import SqlDigestRepository
from storage.drafts import SqlDraftRepository
from storage.history import SqlHistoryRepository
from storage.leads import SqlLeadRepository
from storage.occurrences import SqlOccurrenceRepository
from storage.projects import SqlProjectRepository
from storage.responses import SqlResponseRepository
from storage.workspaces import SqlWorkspaceRepository


class SqlAlchemyUnitOfWork:
    def __init__(self, sessions: sessionmaker[Session], cache: ReadCache | None = None):
        self._sessions = sessions
        self._cache = cache
        self._depth = 0

    def __enter__(self) -> Self:
        if self._depth == 0:
            self.session = self._sessions()
            self.projects = SqlProjectRepository(self.session, self._cache)
            self.history = SqlHistoryRepository(self.session)
            self.drafts = SqlDraftRepository(self.session)
            self.workspaces = SqlWorkspaceRepository(self.session)
            self.occurrences = SqlOccurrenceRepository(self.session)
            self.responses = SqlResponseRepository(self.session)
            self.digests = SqlDigestRepository(self.session)
            self.leads = SqlLeadRepository(self.session)
            self.api_tokens = SqlApiTokenRepository(self.session)
            self.away = SqlAwayRepository(self.session)
            self.canvases = SqlCanvasRepository(self.session)
        self._depth += 1
        return self

    def __exit__(self, *exc: object) -> None:
        self._depth -= 1
        if self._depth == 0:
            self.session.rollback()
            self.session.close()

    def commit(self) -> None:
        self.session.commit()
        if self._cache is not None:
            self._cache.committed()

    def rollback(self) -> None:
        self.session.rollback()
