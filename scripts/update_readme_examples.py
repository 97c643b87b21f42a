"""Re-run the README's example queries on a warehouse and paste their real output.

    uv run grassroots run --db /tmp/sample.duckdb
    uv run python scripts/update_readme_examples.py /tmp/sample.duckdb

Every fenced `sh` block in README.md whose command is `grassroots sql "..." -f markdown`
is followed by its markdown table; this replaces each table with the current output.
tests/test_docs.py checks that every such query still runs.
"""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

from rich.console import Console

from grassroots.app import query

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCK = re.compile(r'```sh\ngrassroots sql "(?P<sql>.+?)" -f markdown\n```\n\n(?P<table>(?:\|[^\n]*\|\n)+)', re.S)


def example_queries(text: str) -> list[str]:
    return [m.group("sql") for m in BLOCK.finditer(text)]


def render(db: Path, sql: str) -> str:
    buf = io.StringIO()
    query.render(query.run_query(db, sql), "markdown", Console(file=buf))
    return buf.getvalue()


def main(db: str) -> None:
    text = README.read_text(encoding="utf-8")
    new = BLOCK.sub(lambda m: m.group(0).replace(m.group("table"), render(Path(db), m.group("sql"))), text)
    README.write_text(new, encoding="utf-8")
    print(f"{len(example_queries(text))} example queries refreshed")


if __name__ == "__main__":
    main(sys.argv[1])
