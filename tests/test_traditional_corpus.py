"""One analysis script (issue 18): a traditional-character copy of the sample corpus (OpenCC s2t;
Big5 where the original was GBK, declared the way the original declared GBK) ingests to the same
districts, places, initiatives and clusters as the original, and in one warehouse every copy
joins its original's story."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from grassroots import warehouse
from grassroots.dedup.signatures import DEFAULT_CONFIG
from grassroots.extract.decode import decode_bytes
from grassroots.extract.script import to_traditional
from grassroots.models import Batch, RawInput, utcnow
from grassroots.run.pipeline import process_batch

CORPUS = Path(__file__).resolve().parents[1] / "seeds" / "corpus"


def traditional_copy(data: bytes) -> tuple[bytes, str]:
    """The file in traditional characters, and its encoding: Big5 for a GBK original (its
    charset label rewritten), UTF-8 otherwise."""
    d = decode_bytes(data)
    text = to_traditional(d.text)
    if d.encoding == "gb18030":
        text = re.sub(r"charset=[\"']?(?:gbk|gb2312|gb18030)", "charset=big5", text, flags=re.IGNORECASE)
        # the few characters outside Big5-HKSCS become numeric references, as a browser saves them
        return text.encode("big5hkscs", "xmlcharrefreplace"), "big5hkscs"
    return text.encode("utf-8"), "utf-8"


def _ingest(db: Path, files: dict[str, bytes]) -> dict[str, dict]:
    raws = [RawInput(source="corpus", locator=f"/corpus/{name}", data=data, fetched_at=utcnow())
            for name, data in sorted(files.items())]
    batch = process_batch(Batch("corpus", 1, raws=raws), dedup=DEFAULT_CONFIG)
    assert not batch.rejects, batch.rejects
    with warehouse.open_writer(db) as con:
        warehouse.load_batch(con, batch, dedup=DEFAULT_CONFIG)
        docs = con.execute("select doc_id, locator, district, cluster_id, script, encoding from core.documents").fetchall()
        places = con.execute("select doc_id, district, subdistrict from core.document_places").fetchall()
        names = con.execute("select doc_id, name from core.initiative_mentions").fetchall()
    out = {}
    for doc_id, locator, district, cluster, script, encoding in docs:
        out[locator.rsplit("/", 1)[1]] = {
            "district": district, "cluster": cluster, "script": script, "encoding": encoding,
            "places": sorted((d, s) for i, d, s in places if i == doc_id),
            "initiatives": sorted(n for i, n in names if i == doc_id),
        }
    return out


@pytest.fixture(scope="module")
def corpora(tmp_path_factory):
    original = {p.name: p.read_bytes() for p in sorted(CORPUS.iterdir()) if p.is_file()}
    copies, encodings = {}, {}
    for name, data in original.items():
        copies[name], encodings[name] = traditional_copy(data)
    return original, copies, encodings, tmp_path_factory.mktemp("trad")


def _partition(rows: dict[str, dict]) -> set[frozenset[str]]:
    by: dict[str, set[str]] = {}
    for name, r in rows.items():
        by.setdefault(r["cluster"], set()).add(name)
    return {frozenset(v) for v in by.values()}


def test_traditional_copy_ingests_like_the_original(corpora):
    original, copies, encodings, tmp = corpora
    assert "big5hkscs" in encodings.values()  # the GBK pages became Big5
    a = _ingest(tmp / "simplified.duckdb", original)
    b = _ingest(tmp / "traditional.duckdb", copies)
    assert set(a) == set(b) == set(original)
    for name in original:
        assert b[name]["script"] == "traditional" and a[name]["script"] == "simplified", name
        if encodings[name] == "big5hkscs":
            assert b[name]["encoding"] == "big5hkscs", name  # declared or sniffed
        for key in ("district", "places", "initiatives"):
            assert b[name][key] == a[name][key], (name, key)
    assert any(r["initiatives"] for r in a.values()) and all(r["district"] for r in a.values())
    assert _partition(a) == _partition(b)


def test_a_traditional_repost_joins_its_original_story(corpora):
    original, copies, _, tmp = corpora
    both = {**original, **{f"trad-{k}": v for k, v in copies.items()}}
    rows = _ingest(tmp / "both.duckdb", both)
    for name in original:
        assert rows[f"trad-{name}"]["cluster"] == rows[name]["cluster"], name
