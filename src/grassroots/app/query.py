"""Read-only SQL for users: one statement, no file or network access, config locked."""

from __future__ import annotations

import csv
import io
import json
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
    rows: list[tuple]
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


def run_query(db: Path, text: str, *, wait: float = 10.0, lake=None) -> Result:
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
            return Result([], [])
        cols = [d[0] for d in cur.description]
        return Result(cols, cur.fetchall())
    finally:
        con.close()


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
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(result.columns)
        for r in result.rows:
            w.writerow([_cell(v) for v in r])
        console.file.write(buf.getvalue())
    elif fmt == "json":
        rows = [{c: _jsonable(v) for c, v in zip(result.columns, r, strict=True)} for r in result.rows]
        console.file.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
    elif fmt == "markdown":
        lines = ["| " + " | ".join(result.columns) + " |", "|" + "---|" * len(result.columns)]
        for r in result.rows:
            lines.append("| " + " | ".join(_cell(v).replace("|", "\\|").replace("\n", " ") for v in r) + " |")
        console.file.write("\n".join(lines) + "\n")
    elif result.views is not None:
        _render_schema(result, console)
    else:
        from rich.console import Console
        from rich.table import Table

        rows = result.rows[:TABLE_ROWS]
        if console.is_terminal:
            t = Table(show_lines=False)
            for c in result.columns:
                t.add_column(c, overflow="fold")
            for r in rows:
                t.add_row(*[_cell(v) if len(_cell(v)) <= 200 else _cell(v)[:200] + "…" for v in r])
        else:
            # piped: no terminal width to fit, so one line per row with long cells cut, instead
            # of folding every column into slivers of an 80-column page
            t = Table(show_lines=False)
            for c in result.columns:
                t.add_column(c, no_wrap=True, overflow="ellipsis", max_width=PIPED_CELL)
            for r in rows:
                t.add_row(*[_cell(v).replace("\n", " ") for v in r])
            console = Console(file=console.file, width=100_000, highlight=False, color_system=None)
        console.print(t, crop=False)
        n = len(result.rows)
        shown = f"; the first {len(rows)} shown, every row with -f csv, json or markdown" if n > len(rows) else ""
        console.print(f"({n} row{'s' if n != 1 else ''}{shown})", style="dim")


# rows a --format table prints: a table is read by a person, and drawing one of 10,000 rows took
# 24 s (DuckDB's own shell shows 40); the other formats print every row
TABLE_ROWS = 200
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
