"""Soak (issue 9): a flaky site, three scheduled-style runs and a concurrent backfill.

The fixture site serves a feed of nine articles; in chaos mode a fifth of the article
requests fail at random (500, 503 + Retry-After, a truncated body, a dropped
connection). Three consecutive `grassroots run`s (in this process) and one
`grassroots backfill` (a second process, started first, on the same Prefect API and the
same warehouse) ingest it. The final warehouse must hold exactly what one clean run
holds: nothing lost, nothing doubled, no partial body stored.

Size: GRASSROOTS_SOAK_ROUNDS (default 1) repeats the whole exercise on fresh warehouses
with a new chaos seed each round; CI runs one round.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from grassroots.app.cli import app

pytestmark = [pytest.mark.slow, pytest.mark.reliability]

REPO = Path(__file__).resolve().parents[1]
ROUNDS = int(os.environ.get("GRASSROOTS_SOAK_ROUNDS", "1"))
CHAOS = 0.2


def write_config(path: Path, base: str) -> Path:
    path.write_text(
        "[[sources]]\n"
        'name = "portal"\n'
        'kind = "feed"\n'
        f'url = "{base}/feed.xml"\n'
        'allow_hosts = ["127.0.0.1"]\n'
        "politeness = { delay_seconds = 0 }\n",
        encoding="utf-8",
    )
    return path


def content(db: Path) -> dict:
    """What a reader sees, without timestamps or run bookkeeping."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        q = {
            "documents": "select doc_id, source, locator, raw_sha256, content_hash, title, published_date, "
                         "date_precision, district, encoding, text from core.documents order by doc_id",
            "raw_blobs": "select sha256, size_bytes from core.raw_blobs order by 1",
            "raw_captures": "select capture_id, locator, sha256, status from core.raw_captures order by 1",
            "places": "select doc_id, district, subdistrict, mentions, is_primary from core.document_places order by 1, 2, 3",
            "initiatives": "select doc_id, name, kind from core.initiative_mentions order by 1, 2",
            "articles": "select locator, title, published_date, district, sightings, sources from articles order by 1",
            "article_places": "select d.locator, p.district, p.subdistrict from article_places p "
                              "join core.documents d using (doc_id) order by 1, 2, 3",
        }
        return {k: con.execute(v).fetchall() for k, v in q.items()}
    finally:
        con.close()


def one(db: Path, sql: str):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchone()
    finally:
        con.close()


@pytest.mark.parametrize("round_no", range(ROUNDS))
def test_flaky_site_three_runs_and_a_concurrent_backfill_equal_one_clean_run(
        prefect_harness, fixture_site, tmp_path, round_no):
    from prefect.settings import get_current_settings

    cfg = write_config(tmp_path / "sources.toml", fixture_site.base)

    # the reference: one clean run
    clean = tmp_path / "clean" / "g.duckdb"
    r = CliRunner().invoke(app, ["run", "--config", str(cfg), "--db", str(clean)])
    assert r.exit_code == 0, r.output
    reference = content(clean)
    assert len(reference["documents"]) == 9

    # the same site, now failing a fifth of the article requests
    fixture_site.reset()
    fixture_site.rng = random.Random(1000 + round_no)
    fixture_site.chaos = CHAOS
    db = tmp_path / "soak" / "g.duckdb"
    env = dict(os.environ, PREFECT_API_URL=str(get_current_settings().api.url))
    log = tmp_path / "backfill.log"
    with open(log, "w") as out:
        backfill = subprocess.Popen(
            [sys.executable, "-m", "grassroots.app.cli", "backfill", "--since", "2026-01-01", "--until", "2026-03-01",
             "--config", str(cfg), "--db", str(db)], cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            codes = []
            for _ in range(3):
                r = CliRunner().invoke(app, ["run", "--config", str(cfg), "--db", str(db)])
                codes.append(r.exit_code)
                assert "Traceback" not in r.output, r.output
            backfill.wait(300)
        finally:
            if backfill.poll() is None:
                backfill.kill()
                backfill.wait()
    fixture_site.chaos = 0.0
    text = log.read_text()
    assert backfill.returncode == 0, text
    assert codes == [0, 0, 0]
    assert "Traceback" not in text

    got = content(db)
    faults = list(fixture_site.chaos_log)
    figures = {
        "round": round_no,
        "documents": len(got["documents"]),
        "requests": fixture_site.count("/news/"),
        "faults_injected": len(faults),
        "faults_by_kind": {k: sum(1 for _, x in faults if x == k) for k in ("500", "503", "truncated", "drop")},
        "fetch_rejects_recorded": one(db, "select count(*) from core.rejects where stage = 'fetch'")[0],
        "runs": one(db, "select count(*) from core.runs")[0],
        "rows_lost": len(set(reference["documents"]) - set(got["documents"])),
        "duplicates": one(db, "select count(*) - count(distinct locator) from core.documents")[0],
    }
    print("soak figures:", json.dumps(figures, ensure_ascii=False))
    assert len(faults) >= 3, "the chaos mode injected too few faults to mean anything"
    assert figures["rows_lost"] == 0 and figures["duplicates"] == 0
    assert got == reference
    # no partial body was ever stored: every stored capture is one of the clean run's
    assert one(db, "select count(*) from core.raw_blobs")[0] == len(reference["raw_blobs"])
