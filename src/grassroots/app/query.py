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


@dataclass
class Result:
    columns: list[str]
    rows: list[tuple]


def _statements(con: duckdb.DuckDBPyConnection, text: str) -> list:
    try:
        stmts = con.extract_statements(text)
    except duckdb.Error as e:
        raise QueryError(f"SQL syntax error: {_first(e)}") from None
    if len(stmts) != 1:
        raise QueryError(f"give exactly one SQL statement (got {len(stmts)})")
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
        except duckdb.Error as e:
            raise QueryError(_first(e)) from None
        if cur.description is None:
            return Result([], [])
        cols = [d[0] for d in cur.description]
        return Result(cols, cur.fetchall())
    finally:
        con.close()


def run_schema(db: Path, *, wait: float = 10.0, lake=None) -> Result:
    con = warehouse.open_reader(db, wait=wait, lake=lake)
    try:
        rows = [(v, c, t) for v, cols in warehouse.public_views(con) for c, t in cols]
    finally:
        con.close()
    return Result(["view", "column", "type"], rows)


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
    else:
        from rich.table import Table

        t = Table(show_lines=False)
        for c in result.columns:
            t.add_column(c, overflow="fold")
        for r in result.rows:
            t.add_row(*[_cell(v) if len(_cell(v)) <= 200 else _cell(v)[:200] + "…" for v in r])
        console.print(t)
        console.print(f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})", style="dim")
