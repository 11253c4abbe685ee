"""Throwaway databases for tests and benchmarks: created empty, dropped afterwards."""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text

ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@contextmanager
def throwaway_postgres(prefix: str = "mlscope") -> Iterator[str]:
    """An empty database on the PostgreSQL server at ``TEST_POSTGRES_URL``; its URL."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        try:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        finally:
            admin.dispose()


@contextmanager
def throwaway_database(backend: str, prefix: str = "mlscope") -> Iterator[str]:
    """An empty SQLite file or PostgreSQL database, by ``backend``; its URL."""
    if backend == "postgresql":
        with throwaway_postgres(prefix) as url:
            yield url
    else:
        yield f"sqlite:///{tempfile.mkdtemp()}/{prefix}.db"
