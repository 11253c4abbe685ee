"""One-statement reads for the ack path, on an autocommit pooled connection when they can be."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session


def read_one(session: Session, statement: Any, params: dict[str, Any]) -> Any:
    """The first row of a one-statement read, on an autocommit pooled connection when the session
    has not begun a transaction: no BEGIN, no ROLLBACK, no ORM identity map, a fraction of the
    cost of a session query, which matters in the ack path. Inside a write, the session reads
    (it must see its own changes)."""
    if session.in_transaction():
        return session.execute(statement, params).first()
    with session.get_bind().connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        return conn.execute(statement, params).first()
