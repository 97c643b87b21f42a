"""`grassroots sql`: read-only, one statement, no file access, clear refusals."""

from __future__ import annotations

import os
import re

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
    assert ("documents", "doc_id", "VARCHAR") in [row[:3] for row in r.rows]


def test_missing_warehouse_is_a_clear_error(tmp_path):
    with pytest.raises(warehouse.WarehouseError, match="no warehouse at"):
        query.run_query(tmp_path / "none.duckdb", "select 1")


def test_duckdb_help_is_kept_whole(wh):
    with pytest.raises(query.QueryError) as ei:
        query.run_query(wh, "select * from articels")
    assert 'Did you mean "articles"' in str(ei.value)
    with pytest.raises(query.QueryError) as ei:
        query.run_query(wh, "select titel from articles")
    assert "Candidate bindings" in str(ei.value) and '"title"' in str(ei.value)


@pytest.mark.parametrize("text", ["drop table x", "DROP VIEW articles", "insert into x values (1)",
                                  "create view v as select 1", "delete from core.documents"])
def test_writes_are_refused_by_rule_even_for_missing_tables(wh, text):
    with pytest.raises(query.QueryError, match="^read-only: writes are refused"):
        query.run_query(wh, text)


def test_piped_table_keeps_each_row_on_one_line():
    import io

    from rich.console import Console

    buf = io.StringIO()
    wide = query.Result(["doc_id", "title", "text", "locator"],
                        [("a" * 32, "长宁新泾镇5座口袋公园同步开放 新增绿化面积1.26万平方米", "正文" * 200, "/x/" + "y" * 80)])
    query.render(wide, "table", Console(file=buf, highlight=False))  # a StringIO is not a terminal
    lines = buf.getvalue().splitlines()
    row = [ln for ln in lines if "aaaa" in ln]
    assert len(row) == 1, buf.getvalue()
    assert "a" * 32 in row[0] and "口袋公园" in row[0] and "…" in row[0]
    assert all(h in "\n".join(lines) for h in wide.columns)
    buf = io.StringIO()  # the exact formats stay exact
    query.render(wide, "csv", Console(file=buf))
    assert "正文" * 200 in buf.getvalue() and "y" * 80 in buf.getvalue()


def test_a_table_prints_its_first_rows_and_says_how_to_get_all():
    import io

    from rich.console import Console

    many = query.Result(["n"], [(i,) for i in range(query.TABLE_ROWS + 5)])
    buf = io.StringIO()
    query.render(many, "table", Console(file=buf, highlight=False))
    out = buf.getvalue()
    cells = [ln.strip("│ ") for ln in out.splitlines() if ln.startswith("│")]
    assert cells == [str(i) for i in range(query.TABLE_ROWS)]
    assert f"({query.TABLE_ROWS + 5} rows; the first {query.TABLE_ROWS} shown, every row with -f csv" in out
    buf = io.StringIO()
    query.render(many, "csv", Console(file=buf))
    assert len(buf.getvalue().splitlines()) == query.TABLE_ROWS + 6  # header and every row


def test_catalog_describes_every_public_view_and_column(wh):
    from grassroots.warehouse.view_docs import catalog_docs

    con = warehouse.open_reader(wh)
    try:
        docs = catalog_docs(con)
    finally:
        con.close()
    assert len(docs) >= 13
    for view, (comment, cols) in docs.items():
        assert comment and "\ngrain: " in comment, view
        undocumented = [c for c, _, d in cols if not d]
        assert not undocumented, (view, undocumented)
    assert docs["articles"][0].startswith("one row per story")
    assert dict((c, d) for c, _, d in docs["runs"][1])["seconds"].startswith("wall time")


def test_schema_prints_one_block_per_view(wh):
    import io

    from rich.console import Console

    r = query.run_schema(wh)
    assert ("documents", "doc_id", "VARCHAR") in [row[:3] for row in r.rows]
    buf = io.StringIO()
    query.render(r, "table", Console(file=buf))
    blocks = buf.getvalue().strip().split("\n\n")
    assert [b.split(":")[0] for b in blocks] == sorted(r.views)
    art = next(b for b in blocks if b.startswith("articles:"))
    assert "\n  grain: one row per cluster_id." in art
    assert re.search(r"\n    published_date +DATE +publication date", art)


def test_rows_are_written_as_they_are_fetched_and_read_the_same(wh, monkeypatch):
    """A large result is written out without holding every row: query_rows hands the rows over as
    DuckDB returns them, and each format prints them exactly as it prints a list."""
    import io
    import json

    from rich.console import Console

    monkeypatch.setattr(query, "FETCH_ROWS", 3)
    text = ("select i, 'n' || i as name, [i, i + 1] as pair, date '2024-01-01' + i::int as day "
            "from range(10) t(i) order by i")
    for fmt in ("csv", "json", "markdown", "table"):
        listed, streamed = io.StringIO(), io.StringIO()
        query.render(query.run_query(wh, text), fmt, Console(file=listed, highlight=False))
        with query.query_rows(wh, text) as res:
            assert not isinstance(res.rows, list)
            query.render(res, fmt, Console(file=streamed, highlight=False))
        assert streamed.getvalue() == listed.getvalue(), fmt
        if fmt == "json":
            assert [r["day"] for r in json.loads(streamed.getvalue())][-1] == "2024-01-10"
    # an error found while the rows are produced is a query error, not a traceback
    bad = "select (case when i = 7 then 'x' else i::varchar end)::int as n from range(10) t(i)"
    with pytest.raises(query.QueryError, match="Could not convert"), query.query_rows(wh, bad) as res:
        list(res.rows)


def test_csv_for_excel_through_the_command(wh):
    import subprocess
    import sys

    def sql(*args):
        return subprocess.run([sys.executable, "-m", "grassroots.app.entry", "sql", "--db", str(wh), *args],
                              capture_output=True, timeout=120)

    p = sql("select '徐汇区' as district", "-f", "csv", "--bom")
    assert p.returncode == 0, p.stderr
    assert p.stdout == "\ufeffdistrict\n徐汇区\n".encode()  # Excel reads the mark as "this is UTF-8"
    assert sql("select '徐汇区' as district", "-f", "csv").stdout == "district\n徐汇区\n".encode()
    p = sql("select 1", "--bom")
    assert p.returncode == 2 and b"--bom is for CSV output" in p.stderr and not p.stdout
    # a query that fails prints no mark either
    p = sql("select * from no_such_view", "-f", "csv", "--bom")
    assert p.returncode == 2 and not p.stdout
