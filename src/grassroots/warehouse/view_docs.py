"""Descriptions of the public views, read from their file headers and kept in the warehouse
catalog (COMMENT ON VIEW / COLUMN), so any DuckDB client sees them, not only `grassroots sql`.

A view file starts with its header:

    -- name: what the view is.
    -- grain: one row per ...
    --   (indented lines continue the paragraph above)
    -- Other notes, each paragraph starting at "-- ".
    -- columns:
    --   column_name: what it holds
    --     (deeper lines continue the column's description)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import duckdb


@dataclass
class ViewDoc:
    name: str
    summary: str = ""
    grain: str = ""
    notes: list[str] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)

    def comment(self) -> str:
        """The view's catalog comment: summary, grain and notes on their own lines."""
        lines = [self.summary, f"grain: {self.grain}"] if self.grain else [self.summary]
        return "\n".join(lines + self.notes)


def parse_header(name: str, sql: str) -> ViewDoc:
    doc = ViewDoc(name)
    section, current = None, None  # current: (kind, key) of the paragraph being continued
    paras: dict = {}
    for line in sql.splitlines():
        if not line.startswith("--"):
            break
        body = line[2:]
        text = body.strip()
        indent = len(body) - len(body.lstrip(" "))
        col = re.match(r"^([A-Za-z_][A-Za-z0-9_]*): (.*)$", text)
        key = re.match(r"^([A-Za-z_]+):\s*(.*)$", text)
        if section == "columns" and indent == 3 and col:
            current = ("column", col.group(1))
            paras[current] = [col.group(2)]
        elif indent > 1 and current:  # continues the paragraph (or column) above
            paras[current].append(text)
        elif key and key.group(1) == name and not paras:
            section, current = "summary", ("summary", "")
            paras[current] = [key.group(2)]
        elif key and key.group(1) in ("grain", "columns"):
            section = key.group(1)
            current = ("grain", "") if section == "grain" else None
            if current:
                paras[current] = [key.group(2)]
        elif current and current[0] == "note":  # a note may run on unindented lines
            paras[current].append(text)
        else:
            section, current = "note", ("note", len(paras))
            paras[current] = [text]
    for (kind, k), words in paras.items():
        joined = " ".join(w for w in words if w)
        if kind == "summary":
            doc.summary = joined
        elif kind == "grain":
            doc.grain = joined
        elif kind == "note":
            doc.notes.append(joined)
        else:
            doc.columns[k] = joined
    return doc


def _quote(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def apply_comments(con: duckdb.DuckDBPyConnection, docs: list[ViewDoc], *, columns: bool = True) -> None:
    """COMMENT ON the views and their columns (after CREATE OR REPLACE, which drops them).
    DuckLake keeps comments on views but not on a view's columns: `columns=False` there."""
    for d in docs:
        con.execute(f"comment on view {d.name} is {_quote(d.comment())}")
        for col, text in (d.columns.items() if columns else ()):
            con.execute(f'comment on column {d.name}."{col}" is {_quote(text)}')


def catalog_docs(con: duckdb.DuckDBPyConnection, views_dir=None) -> dict[str, tuple[str | None, list[tuple[str, str, str | None]]]]:
    """What the catalog says about each public view: {view: (comment, [(column, type, comment)])}.
    With `views_dir`, a column the catalog cannot describe (a DuckLake view) takes its file's words."""
    views = dict(con.execute(
        "select view_name, comment from duckdb_views() where database_name = current_database()"
        " and schema_name = 'main' and not internal").fetchall())
    out: dict = {v: (c, []) for v, c in sorted(views.items())}
    for t, c, ty, cm in con.execute(
            "select table_name, column_name, data_type, comment from duckdb_columns() "
            "where database_name = current_database() and schema_name = 'main' order by table_name, column_index"
    ).fetchall():
        if t in out:
            out[t][1].append((c, ty, cm))
    if views_dir is not None:
        for v, (_, cols) in out.items():
            p = views_dir / f"{v}.sql"
            if p.exists() and any(cm is None for _, _, cm in cols):
                words = parse_header(v, p.read_text(encoding="utf-8")).columns
                cols[:] = [(c, ty, cm if cm is not None else words.get(c)) for c, ty, cm in cols]
    return out
