"""Migration 0028: the canvases tables come and go, on SQLite and on PostgreSQL."""

import pytest
from sqlalchemy import create_engine, inspect

from storage import migrate
from tests.throwaway import throwaway_postgres

CANVAS_TABLES = {"canvases", "canvas_refusals"}


def _tables(url):
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def _up_down_up(url):
    migrate.upgrade(url, "0027")
    assert not CANVAS_TABLES & _tables(url)
    migrate.upgrade(url)
    assert _tables(url) >= CANVAS_TABLES
    migrate.downgrade(url, "0027")
    assert not CANVAS_TABLES & _tables(url)
    migrate.upgrade(url)
    assert _tables(url) >= CANVAS_TABLES


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_upgrading_adds_the_canvases_tables_and_downgrading_drops_them(backend, tmp_path):
    if backend == "sqlite":
        _up_down_up(f"sqlite:///{tmp_path / 'canvases.db'}")
        return
    with throwaway_postgres("mlscope_0028") as url:
        _up_down_up(url)
