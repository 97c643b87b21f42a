"""The README is the product's manual: it must name every public view and command,
and its test command must be what CI runs."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")


def test_every_public_view_is_documented():
    views = sorted(p.stem for p in (REPO / "sql" / "views").rglob("*.sql"))
    assert views
    missing = [v for v in views if f"| `{v}` |" not in README]
    assert not missing, f"views missing from the README's table: {missing}"


def test_every_command_is_documented():
    from grassroots.app.cli import app

    names = sorted(c.name or c.callback.__name__ for c in app.registered_commands)
    assert {"run", "ingest", "sql", "backfill", "serve", "report", "export", "status"} <= set(names)
    missing = [n for n in names if f"`grassroots {n}" not in README]
    assert not missing, f"commands missing from the README: {missing}"


def test_ci_runs_the_readme_test_command():
    cmd = re.search(r"(uv run pytest)\s", README).group(1)
    assert cmd in (REPO / ".ci" / "run").read_text()
    assert "python3 -m pip install uv && uv run grassroots run" in README
    assert "python3 -m pip install uv && uv run pytest" in README


def test_view_files_declare_grain_and_columns():
    for p in (REPO / "sql" / "views").rglob("*.sql"):
        head = p.read_text(encoding="utf-8")
        assert "-- grain:" in head and "columns" in head, p.name


def test_readme_example_queries_run_on_the_sample_corpus(tmp_path_factory):
    import sys

    from test_report import sample_db

    from grassroots.app import query

    sys.path.insert(0, str(REPO / "scripts"))
    from update_readme_examples import example_queries

    sqls = example_queries(README)
    assert len(sqls) >= 10
    db = sample_db(tmp_path_factory)
    for sql in sqls:
        result = query.run_query(db, sql)
        assert result.columns, sql


def test_the_core_library_never_imports_prefect():
    """Pure core, thin flows: only flows/ may import prefect."""
    offenders = [str(p.relative_to(REPO)) for p in (REPO / "src" / "grassroots").rglob("*.py")
                 if re.search(r"^\s*(import prefect|from prefect)", p.read_text(encoding="utf-8"), re.M)]
    assert offenders == []


def test_readme_view_table_matches_the_view_descriptions():
    """The README's table names exactly the columns the view files describe (and the catalog holds)."""
    from grassroots.warehouse.view_docs import parse_header

    rows = dict(re.findall(r"^\| `(\w+)` \| [^|]+ \| (.+) \|$", README, re.M))
    for p in sorted((REPO / "sql" / "views").rglob("*.sql")):
        doc = parse_header(p.stem, p.read_text(encoding="utf-8"))
        assert doc.summary and doc.grain, p.name
        named = [c.strip() for frag in re.findall(r"`([^`]+)`", rows[p.stem]) for c in frag.split(",") if c.strip()]
        assert named == list(doc.columns), (p.stem, named, list(doc.columns))


def test_architecture_names_files_and_definitions_that_exist():
    """docs/ARCHITECTURE.md tells a newcomer which files to touch: every path it names exists, and
    every definition it names is defined in the module it names."""
    doc = (REPO / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    paths = set(re.findall(r"`((?:src/grassroots|sql|tests|flows|seeds|scripts)/[\w/.<>-]*)`", doc))
    for p in sorted(paths):
        if "<" in p:  # a pattern such as sql/views/<view>.sql: its folder exists
            assert (REPO / p).parent.exists(), p
        else:
            assert (REPO / p).exists(), p
    named = {"SOURCE_KINDS": "src/grassroots/config.py", "_KIND_FIELDS": "src/grassroots/sources/web.py",
             "validate_web_source": "src/grassroots/sources/web.py", "discover_web": "src/grassroots/sources/web.py",
             "detect_kind": "src/grassroots/sources/web.py", "_DOC_SCHEMA": "src/grassroots/warehouse/load.py",
             "_doc_row": "src/grassroots/warehouse/load.py", "load_batch": "src/grassroots/warehouse/load.py",
             "open_writer": "src/grassroots/warehouse/connect.py", "refresh_views": "src/grassroots/warehouse/marts.py"}
    for name, path in named.items():
        assert name in doc, name
        assert re.search(rf"^(def {name}\b|{name} = )", (REPO / path).read_text(encoding="utf-8"), re.M), (name, path)


def test_every_mart_has_its_table_and_a_view_reading_it():
    from grassroots.warehouse.marts import read_marts

    migrations = "".join(p.read_text(encoding="utf-8") for p in (REPO / "sql" / "migrations").glob("*.sql"))
    marts = read_marts()
    assert marts, "no marts found"
    for table, mart in marts.items():
        assert f"create table core.{table}" in migrations or f"create table if not exists core.{table}" in migrations, table
        assert {"keys", "rows"} <= set(mart.sql), table
        readers = [p.name for p in (REPO / "sql" / "views").glob("*.sql") if f"core.{table}" in p.read_text(encoding="utf-8")]
        assert readers, table


def test_readme_examples_are_the_same_wherever_the_corpus_sits(tmp_path):
    """The README's answers come from the files' content, not from where a clone put them."""
    import io
    import shutil
    import sys

    from rich.console import Console

    from grassroots.app import query
    from grassroots.config import Settings, parse_source
    from grassroots.run import pipeline

    sys.path.insert(0, str(REPO / "scripts"))
    from update_readme_examples import example_queries

    outputs = []
    for where in ("a", "b/deeper/still"):
        corpus = tmp_path / where / "corpus"
        shutil.copytree(REPO / "seeds" / "corpus", corpus)
        db = tmp_path / where / "g.duckdb"
        src = parse_source({"name": "sample", "kind": "files", "paths": [str(corpus)]})
        found = pipeline.discover(src)
        batch = pipeline.read_batch(src, 1, found.refs, Settings(db=db))
        pipeline.load(pipeline.process_batch(batch), Settings(db=db))
        answers = []
        for sql in example_queries(README):
            buf = io.StringIO()
            query.render(query.run_query(db, sql), "markdown", Console(file=buf, width=400))
            answers.append(buf.getvalue())
        outputs.append(answers)
    differ = [sql for sql, x, y in zip(example_queries(README), *outputs, strict=True) if x != y]
    assert not differ, differ
