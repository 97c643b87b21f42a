"""Reliability matrix, bad-input rows not covered elsewhere (docs/RELIABILITY.md): 17, 42."""

from __future__ import annotations

import pytest
from test_reliability import STORIES

from grassroots.config import Settings, parse_source
from grassroots.extract import extract
from grassroots.models import InputRef, RawInput, RejectError, utcnow
from grassroots.run import pipeline

pytestmark = pytest.mark.reliability


def test_empty_200_and_soft_404_make_no_document(fixture_site, tmp_path):  # row 17
    urls = [fixture_site.url("/fault/empty"), fixture_site.url("/fault/png"), fixture_site.url("/news/2026/a1.html")]
    src = parse_source({"name": "u", "kind": "urls", "urls": urls, "allow_hosts": ["127.0.0.1"],
                        "politeness": {"delay_seconds": 0}})
    settings = Settings(db=tmp_path / "wh" / "g.duckdb")
    fetcher = pipeline.make_fetcher([src], settings)
    try:
        batch = pipeline.read_batch(src, 1, [InputRef(source="u", locator=u, kind="url") for u in urls], settings,
                                    fetcher=fetcher)
    finally:
        fetcher.close()
    batch = pipeline.process_batch(batch)
    reasons = {r.locator.rsplit("/", 1)[-1]: (r.stage, r.reason) for r in batch.rejects}
    assert reasons == {"empty": ("extract", "empty_input"), "png": ("fetch", "bad_content_type")}
    assert [d.locator.rsplit("/", 1)[-1] for d in batch.documents] == ["a1.html"]
    # a 200 page that says "not found" is not an article either
    soft404 = ('<html><head><meta charset="utf-8"><title>页面不存在</title></head><body><h1>页面不存在</h1>'
               '<p>您访问的页面不存在或已被删除。</p><a href="/">返回首页</a></body></html>').encode()
    with pytest.raises(RejectError) as e:
        extract(RawInput(source="u", locator=fixture_site.url("/gone.html"), data=soft404, fetched_at=utcnow(),
                         kind="url", status=200, content_type="text/html; charset=utf-8"))
    assert e.value.reason == "no_content"


def _md(text: str) -> bytes:
    return f"# 社区新闻\n\n{text}\n".encode()


def test_mojibake_is_repaired_and_recorded(tmp_path):  # row 42
    body = STORIES[0][3] + STORIES[1][3]
    moji = body.encode("utf-8").decode("latin-1")  # UTF-8 read as Latin-1, then saved as UTF-8
    ex = extract(RawInput(source="t", locator=str(tmp_path / "m.md"), data=_md(moji), fetched_at=utcnow()))
    assert STORIES[0][3][:20] in ex.text and "mojibake_repaired" in ex.encoding_flags


def test_replacement_characters_in_text_input_are_flagged_not_fixed(tmp_path):  # row 42
    damaged = STORIES[2][3][:40] + "\ufffd\ufffd" + STORIES[2][3][40:] + STORIES[3][3]
    ex = extract(RawInput(source="t", locator=str(tmp_path / "d.md"), data=_md(damaged), fetched_at=utcnow()))
    assert "\ufffd" in ex.text and "replacement_characters" in ex.encoding_flags
