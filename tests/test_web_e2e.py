"""Web sources end to end through the Prefect flow and the CLI (issue 4 acceptance)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from grassroots.cli import app

pytestmark = pytest.mark.slow

ARTICLE_RE = r"/news/\d{4}/a\d+\.html$"


def _q(db: Path, sql: str):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _config(tmp_path: Path, site) -> Path:
    cfg = tmp_path / "sources.toml"
    cfg.write_text(f"""
[[sources]]
name = "portal-feed"
kind = "feed"
url = "{site.url('/feed.xml')}"
allow_hosts = ["127.0.0.1"]
politeness = {{ delay_seconds = 0 }}

[[sources]]
name = "portal-list"
kind = "listing"
url = "{site.url('/news/list.html')}"
article_pattern = '{ARTICLE_RE}'
next_selector = "a.next"
allow_hosts = ["127.0.0.1"]
politeness = {{ delay_seconds = 0 }}
""")
    return cfg


def test_feed_and_listing_through_the_flow(prefect_harness, fixture_site, tmp_path, db):
    cfg = _config(tmp_path, fixture_site)
    r = CliRunner().invoke(app, ["run", "--config", str(cfg), "--db", str(db)])
    assert r.exit_code == 0, r.output
    docs = _q(db, "select locator from documents order by 1")
    want = sorted(fixture_site.url(f"/news/2026/a{n}.html") for n in range(1, 10))
    assert [d[0] for d in docs] == want  # locator = canonical URL, one document per URL
    # the feed, list pages and robots answers are kept in the raw layer too, apart from articles
    roles = dict(_q(db, "select role, count(*) from core.raw_captures group by 1"))
    assert roles["article"] == 9 and roles["discovery"] >= 4  # feed.xml + 3 list pages
    before = _q(db, "select count(*) from core.documents")[0][0], _q(db, "select count(*) from core.raw_captures")[0][0]

    # the second run asks conditionally; the fixture answers 304 and nothing is added
    fixture_site.reset()
    r = CliRunner().invoke(app, ["run", "--config", str(cfg), "--db", str(db)])
    assert r.exit_code == 0, r.output
    hits = fixture_site.hits("/news/2026/")
    assert hits and all(h.headers.get("if-none-match") or h.headers.get("if-modified-since") for h in hits)
    after = _q(db, "select count(*) from core.documents")[0][0], _q(db, "select count(*) from core.raw_captures")[0][0]
    assert after == before
    (last_run,) = _q(db, "select run_id from runs order by started_at desc limit 1")[0]
    assert _q(db, f"select sum(not_modified) from (select cast(counts->'sources'->s->>'not_modified' as int) "
                  f"as not_modified from core.runs, unnest(json_keys(counts->'sources')) t(s) "
                  f"where run_id = '{last_run}')")[0][0] >= 9
    assert _q(db, "select count(*) from core.fetch_log where outcome = 'not_modified'")[0][0] >= 9


def test_cli_ingest_feed_url_with_allow_host(prefect_harness, fixture_site, tmp_path, db):
    feed = fixture_site.url("/feed.xml")
    r = CliRunner().invoke(app, ["ingest", feed, "--db", str(db)])
    assert r.exit_code == 0, r.output  # the run completes, the refusal is recorded
    assert _q(db, "select reason from rejects") == [("blocked_address",)]
    r = CliRunner().invoke(app, ["ingest", feed, "--allow-host", "127.0.0.1", "--db", str(db)])
    assert r.exit_code == 0, r.output
    assert _q(db, "select count(*) from documents")[0][0] == 9
    r = CliRunner().invoke(app, ["ingest", "file:///etc/passwd", "--db", str(db)])
    assert r.exit_code == 0
    assert ("unsupported_scheme",) in _q(db, "select reason from rejects")
