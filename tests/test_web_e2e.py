"""Web sources end to end through the Prefect flow and the CLI (issue 4 acceptance)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from grassroots.app.cli import app

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
    # a three-item feed: the CLI's ad-hoc URLs keep the default politeness (1 s per request)
    feed = fixture_site.url("/feed.xml?items=3")
    r = CliRunner().invoke(app, ["ingest", feed, "--db", str(db)])
    assert r.exit_code == 0, r.output  # the run completes, the refusal is recorded
    assert _q(db, "select reason from rejects") == [("blocked_address",)]
    assert not fixture_site.hits("/feed.xml")  # refused before any request
    r = CliRunner().invoke(app, ["ingest", feed, "--allow-host", "127.0.0.1", "--db", str(db)])
    assert r.exit_code == 0, r.output
    assert sorted(loc for (loc,) in _q(db, "select locator from documents")) == [
        fixture_site.url(f"/news/2026/a{n}.html") for n in (1, 2, 3)]
    r = CliRunner().invoke(app, ["ingest", "file:///etc/passwd", "--db", str(db)])
    assert r.exit_code == 0
    assert ("unsupported_scheme",) in _q(db, "select reason from rejects")


def _window_rows(db: Path):
    try:
        con = duckdb.connect(str(db), read_only=True)
    except duckdb.IOException:  # the writer holds the file for a moment
        return None
    try:
        return con.execute("select window_start, status, run_id from backfill_windows order by 1").fetchall()
    except duckdb.CatalogException:
        return None
    finally:
        con.close()


def test_monthly_backfill_killed_mid_window_then_resumed(prefect_harness, fixture_site, tmp_path, db):
    """3 monthly windows over a sitemap source; SIGKILL during the second; a rerun completes
    only what is missing, with no duplicate and no partial batch."""
    import os
    import signal
    import subprocess
    import sys
    import time

    cfg = tmp_path / "sources.toml"
    cfg.write_text(f"""
[[sources]]
name = "portal-sitemap"
kind = "sitemap"
url = "{fixture_site.url('/sitemap_index.xml')}"
allow_hosts = ["127.0.0.1"]
# 0.3 s between requests leaves >= 1.2 s between the window's first and last article: time
# enough to kill the process in between, little enough to keep the rerun short
politeness = {{ delay_seconds = 0.3 }}
""")
    args = ["backfill", "--since", "2025-12-01", "--until", "2026-03-01", "--config", str(cfg), "--db", str(db)]
    # a second process on the session's Prefect API, like a worker sharing a server (booting
    # its own ephemeral API would cost it ~20 s more)
    from prefect.settings import get_current_settings

    env = dict(os.environ, PREFECT_API_URL=str(get_current_settings().api.url))
    p = subprocess.Popen([str(Path(sys.executable).parent / "grassroots"), *args], env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        # December has no article: the first article request is the second window's. Its batch
        # (five January articles, one politeness delay apart) is certainly unfinished then.
        deadline = time.monotonic() + 240
        while not fixture_site.count("/news/2026/"):
            assert p.poll() is None, p.stderr.read()
            assert time.monotonic() < deadline, "the second window never fetched an article"
            time.sleep(0.02)
        os.killpg(p.pid, signal.SIGKILL)
        p.wait(30)
    finally:
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGKILL)
        # (a DuckDB file's loads take no Prefect writer slot, so the killed process leaked none)
    rows = _window_rows(db)
    assert [(str(s), st) for s, st, _ in rows] == [("2025-12-01", "completed"), ("2026-01-01", "running")], \
        _q(db, "select window_start, status, error from backfill_windows")
    assert _q(db, "select count(*) from core.documents")[0][0] == 0  # nothing of the killed batch
    first_run = rows[0][2]

    r = CliRunner().invoke(app, args)
    assert r.exit_code == 0, r.output
    rows = _window_rows(db)
    assert [(str(s), st) for s, st, _ in rows] == [("2025-12-01", "completed"), ("2026-01-01", "completed"),
                                                    ("2026-02-01", "completed")]
    assert rows[0][2] == first_run  # the completed window was not run again
    locs = [loc for (loc,) in _q(db, "select locator from documents")]
    assert len(locs) == len(set(locs)) == 9
    assert _q(db, "select count(*) from core.raw_captures where role = 'article'")[0][0] == 9
    # every document's batch landed whole: each has its cluster and its places
    assert _q(db, "select count(*) from core.documents d where not exists "
                  "(select 1 from core.doc_clusters c where c.doc_id = d.doc_id)")[0][0] == 0


def test_a_source_whose_listing_cannot_be_read_fails_the_run(prefect_harness, fixture_site, tmp_path, db):
    # a feed whose host did not answer was a "completed" run with nothing discovered: the
    # window counted as done, and a scheduled source never came back for it
    from fixture_site import dead_port

    dead = dead_port()
    cfg = _config(tmp_path, fixture_site)
    cfg.write_text(cfg.read_text().replace(fixture_site.url("/feed.xml"), f"http://127.0.0.1:{dead}/feed.xml"))
    r = CliRunner().invoke(app, ["run", "--config", str(cfg), "--db", str(db)])
    assert r.exit_code == 1
    assert f"could not read 1 listing page(s), e.g. http://127.0.0.1:{dead}/feed.xml" in r.output
    assert _q(db, "select state from runs") == [("failed",)]
    assert _q(db, "select count(*) from documents where source = 'portal-list'")[0][0] == 9  # the other source loads
