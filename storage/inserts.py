"""Insert-if-absent: the database's unique constraint decides who was first, not a read before."""

from __future__ import annotations

from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session


def added_if_absent(session: Session, row: Any) -> bool:
    """Add ``row`` in a savepoint; False (and the transaction untouched) if a unique key already
    holds one: a double click, a redelivery, or another replica got there first."""
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        return False
    return True
