"""`grassroots sql`: read-only, one statement, no file access, clear refusals."""

from __future__ import annotations

import os

import pytest

from grassroots import warehouse
from grassroots.app import query

HOSTILE = [
    "DROP TABLE core.documents",
    "SELECT 1; DELETE FROM core.documents",
    "COPY (select 1) TO 'leak.csv'",
    "SELECT * FROM read_text('/etc/passwd')",
    "ATTACH 'x.duckdb' (READ_WRITE)",
    "SET enable_external_access = true",
    "INSTALL httpfs",
    "CREATE TABLE t AS SELECT 1",
]


@pytest.fixture
def wh(db):
    with warehouse.open_writer(db):
        pass
    return db


def test_select_from_public_views(wh):
    r = query.run_query(wh, "select count(*) as n from documents")
    assert r.columns == ["n"] and r.rows == [(0,)]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_sql_is_refused_and_changes_nothing(wh, tmp_path, text, monkeypatch):
    monkeypatch.chdir(tmp_path)
    before = os.stat(wh).st_mtime_ns, sorted(os.listdir(tmp_path))
    with pytest.raises(query.QueryError) as ei:
        query.run_query(wh, text)
    assert "\n" not in str(ei.value)
    assert (os.stat(wh).st_mtime_ns, sorted(os.listdir(tmp_path))) == before
    con = warehouse.open_reader(wh)
    assert con.execute("select count(*) from core.documents").fetchone() == (0,)
    con.close()


def test_schema_lists_public_views(wh):
    r = query.run_schema(wh)
    views = {row[0] for row in r.rows}
    assert {"documents", "articles", "article_places", "rejects", "initiative_mentions", "district_monthly"} <= views
    assert ("documents", "doc_id", "VARCHAR") in r.rows


def test_missing_warehouse_is_a_clear_error(tmp_path):
    with pytest.raises(warehouse.WarehouseError, match="no warehouse at"):
        query.run_query(tmp_path / "none.duckdb", "select 1")
