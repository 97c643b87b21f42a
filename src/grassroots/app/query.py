"""Read-only SQL for users: one statement, no file or network access, config locked."""

from __future__ import annotations

import contextlib
import csv
import itertools
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import duckdb

from grassroots import warehouse


class QueryError(ValueError):
    pass


# Statements that would change the warehouse or reach outside it: refused by their type before
# DuckDB binds them, so `drop table x` says read-only rather than "table x does not exist".
_WRITES = {"INSERT", "UPDATE", "DELETE", "CREATE", "CREATE_FUNC", "ALTER", "DROP", "COPY", "COPY_DATABASE",
           "EXPORT", "VACUUM", "ANALYZE", "ATTACH", "DETACH", "LOAD", "EXTENSION", "MERGE_INTO", "TRANSACTION"}
_SETTINGS = {"SET", "VARIABLE_SET"}


@dataclass
class Result:
    columns: list[str]
    rows: Iterable[tuple]  # a list, or (query_rows) the rows as they are fetched
    views: dict[str, str] | None = None  # --schema: each view's description (summary, grain, notes)


def _statements(con: duckdb.DuckDBPyConnection, text: str) -> list:
    try:
        stmts = con.extract_statements(text)
    except duckdb.Error as e:
        raise QueryError(f"SQL syntax error: {_whole(e)}") from None
    if len(stmts) != 1:
        raise QueryError(f"give exactly one SQL statement (got {len(stmts)})")
    kind = stmts[0].type.name
    if kind in _WRITES:
        raise QueryError(f"read-only: writes are refused ({kind.replace('_', ' ')} statement); "
                         "grassroots sql only reads the public views")
    if kind in _SETTINGS:
        raise QueryError(f"refused: settings are locked ({kind.replace('_', ' ')} statement); "
                         "grassroots sql is read-only")
    return stmts


@contextlib.contextmanager
def query_rows(db: Path, text: str, *, wait: float = 10.0, lake=None) -> Iterator[Result]:
    """The statement's columns and its rows, fetched as they are read (inside the block): a
    result of 100,000 documents is written out without holding every row in Python."""
    if not text or not text.strip():
        raise QueryError("the query is empty")
    con = warehouse.open_reader(db, wait=wait, lake=lake)
    try:
        _statements(con, text)
        try:
            cur = con.execute(text)
        except duckdb.PermissionException as e:
            raise QueryError(f"refused: {_first(e)} (grassroots sql is read-only and cannot touch files)") from None
        except duckdb.InvalidInputException as e:
            raise QueryError(f"refused: {_first(e)} (grassroots sql is read-only)") from None
        except duckdb.Error as e:  # DuckDB's whole message: hints, "Did you mean", candidate bindings
            raise QueryError(_whole(e)) from None
        if cur.description is None:
            yield Result([], [])
            return
        yield Result([d[0] for d in cur.description], _fetched(cur))
    finally:
        con.close()


def _fetched(cur) -> Iterator[tuple]:  # noqa: ANN001
    while True:
        try:
            chunk = cur.fetchmany(FETCH_ROWS)
        except duckdb.Error as e:  # an error found while the rows are produced (a failed cast)
            raise QueryError(_whole(e)) from None
        if not chunk:
            return
        yield from chunk


def run_query(db: Path, text: str, *, wait: float = 10.0, lake=None) -> Result:
    with query_rows(db, text, wait=wait, lake=lake) as r:
        return Result(r.columns, list(r.rows))


def run_schema(db: Path, *, wait: float = 10.0, lake=None) -> Result:
    """The public views as the catalog describes them (COMMENT ON VIEW / COLUMN)."""
    from grassroots.warehouse.view_docs import catalog_docs

    con = warehouse.open_reader(db, wait=wait, lake=lake)
    try:
        docs = catalog_docs(con, warehouse.SQL_DIR / "views")
    finally:
        con.close()
    rows = [(v, c, t, d or "") for v, (_, cols) in docs.items() for c, t, d in cols]
    return Result(["view", "column", "type", "description"], rows, {v: c or "" for v, (c, _) in docs.items()})


def _whole(e: Exception) -> str:
    """DuckDB's message with its hint lines and the caret under the query, blank lines folded."""
    lines = [ln.rstrip() for ln in str(e).strip().splitlines()]
    return "\n".join(ln for ln in lines if ln) or type(e).__name__


def _first(e: Exception) -> str:
    s = str(e).strip().splitlines()
    return s[0] if s else type(e).__name__


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, (datetime, date)):
        return v.isoformat()
    if isinstance(v, (list, tuple)):
        return json.dumps([_jsonable(x) for x in v], ensure_ascii=False)
    return str(v)


def _jsonable(v):
    if isinstance(v, (datetime, date)):
        return v.isoformat()
    if isinstance(v, Decimal):
        return float(v)
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    if isinstance(v, dict):
        return {k: _jsonable(x) for k, x in v.items()}
    if isinstance(v, bytes):
        return v.hex()
    return v


def render(result: Result, fmt: str, console) -> None:
    rows, out = iter(result.rows), console.file
    if fmt == "csv":
        w = csv.writer(out, lineterminator="\n")
        w.writerow(result.columns)
        for r in rows:
            w.writerow([_cell(v) for v in r])
    elif fmt == "json":
        # one object at a time, laid out as json.dumps(rows, indent=1) lays out the whole list
        first = True
        for r in rows:
            item = json.dumps({c: _jsonable(v) for c, v in zip(result.columns, r, strict=True)},
                              ensure_ascii=False, indent=1)
            out.write(("[\n" if first else ",\n") + "\n".join(" " + ln for ln in item.splitlines()))
            first = False
        out.write("[]\n" if first else "\n]\n")
    elif fmt == "markdown":
        out.write("| " + " | ".join(result.columns) + " |\n|" + "---|" * len(result.columns) + "\n")
        for r in rows:
            out.write("| " + " | ".join(_cell(v).replace("|", "\\|").replace("\n", " ") for v in r) + " |\n")
    elif result.views is not None:
        _render_schema(result, console)
    else:
        from rich.console import Console
        from rich.table import Table

        shown = list(itertools.islice(rows, TABLE_ROWS))
        n = len(shown) + sum(1 for _ in rows)  # the rest counted, not kept
        if console.is_terminal:
            t = Table(show_lines=False)
            for c in result.columns:
                t.add_column(c, overflow="fold")
            for r in shown:
                t.add_row(*[_cell(v) if len(_cell(v)) <= 200 else _cell(v)[:200] + "…" for v in r])
        else:
            # piped: no terminal width to fit, so one line per row with long cells cut, instead
            # of folding every column into slivers of an 80-column page
            t = Table(show_lines=False)
            for c in result.columns:
                t.add_column(c, no_wrap=True, overflow="ellipsis", max_width=PIPED_CELL)
            for r in shown:
                t.add_row(*[_cell(v).replace("\n", " ") for v in r])
            console = Console(file=console.file, width=100_000, highlight=False, color_system=None)
        console.print(t, crop=False)
        more = f"; the first {len(shown)} shown, every row with -f csv, json or markdown" if n > len(shown) else ""
        console.print(f"({n} row{'s' if n != 1 else ''}{more})", style="dim")


# rows a --format table prints: a table is read by a person, and drawing one of 10,000 rows took
# 24 s (DuckDB's own shell shows 40); the other formats print every row
TABLE_ROWS = 200
# rows fetched from DuckDB at a time when a result is written out
FETCH_ROWS = 2_000
# widest cell of a piped --format table (in terminal columns); csv, json and markdown stay exact
PIPED_CELL = 60


def _render_schema(result: Result, console) -> None:
    """One block per view: what it is, its grain, then each column with type and description."""
    by_view: dict[str, list[tuple]] = {}
    for v, c, t, d in result.rows:
        by_view.setdefault(v, []).append((c, t, d))
    lines: list[str] = []
    for view, cols in by_view.items():
        summary, *rest = (result.views.get(view) or "").splitlines() or [""]
        lines.append(f"{view}: {summary}".rstrip())
        lines += [f"  {x}" for x in rest]
        wc = max(len(c) for c, _, _ in cols)
        wt = max(len(t) for _, t, _ in cols)
        lines += [f"    {c:<{wc}}  {t:<{wt}}  {d}".rstrip() for c, t, d in cols]
        lines.append("")
    console.file.write("\n".join(lines))
