"""Extraction started while Prefect starts (`pipeline.extract_early`, called by the CLI): the
flow's batches take those results, and they are the documents the flow would have made."""

from __future__ import annotations

import duckdb
import pytest

from grassroots.config import REPO_ROOT, Settings, Source
from grassroots.run import pipeline
from grassroots.warehouse import raw as rawlayer

CORPUS = REPO_ROOT / "seeds" / "corpus"


@pytest.fixture
def src():
    return Source(name="sample", kind="files", options={"paths": [str(CORPUS)]})


def extracted(src: Source, settings: Settings, known=frozenset()):
    refs = pipeline.discover(src).refs
    batch = pipeline.read_batch(src, 1, refs, settings)
    return pipeline.process_batch(batch, workers=settings.workers, known=known,
                                  dedup=pipeline.dedup_config(settings))


def view(batch) -> list:
    return sorted((d.doc_id, repr(d.extracted), repr(d.attribution), repr(d.initiatives), d.signature.tobytes())
                  for d in batch.documents)


def test_early_extractions_are_taken_and_equal_extracting_in_the_batch(src, tmp_path):
    settings = Settings(db=tmp_path / "wh.duckdb", workers=2)
    plain = extracted(src, settings)
    started = pipeline.extract_early([src], settings, limit=5)
    assert started == 5 and len(pipeline._EARLY) == 5
    early = extracted(src, settings)
    assert pipeline._EARLY == {}  # every early result was taken, none left behind
    assert view(early) == view(plain) and early.bodies == plain.bodies
    assert [r.reason for r in early.rejects] == [r.reason for r in plain.rejects]


def test_an_input_already_stored_drops_its_early_extraction(src, tmp_path):
    settings = Settings(db=tmp_path / "wh.duckdb", workers=2)
    refs = pipeline.discover(src).refs
    first = pipeline.read_batch(src, 1, refs[:1], settings).raws[0]
    pipeline.extract_early([src], settings, limit=3)
    batch = extracted(src, settings, known={rawlayer.capture_id(first.locator, first.sha256)})
    assert pipeline._EARLY == {}
    assert batch.unchanged == 1 and first.locator not in {d.locator for d in batch.documents}


def test_one_worker_is_a_worker_process_too(src, tmp_path):
    """`--workers 1` extracts in one worker process, early and in the batches, not in the flow's
    own process beside the loads (where the two took the GIL from each other)."""
    settings = Settings(db=tmp_path / "wh.duckdb", workers=1)
    plain = extracted(src, settings)
    assert pipeline._POOL is not None and pipeline._POOL_SIZE == 1
    assert pipeline.extract_early([src], settings, limit=5) == 5
    early = extracted(src, settings)
    assert pipeline._EARLY == {} and view(early) == view(plain)


def test_a_caller_that_names_no_workers_extracts_in_its_own_process(src, tmp_path):
    # (a benchmark's one-process harness measures its extraction CPU with process_time)
    pipeline.stop_pool()
    batch = pipeline.read_batch(src, 1, pipeline.discover(src).refs, Settings(db=tmp_path / "wh.duckdb"))
    assert len(batch.raws) >= pipeline._MIN_FOR_POOL
    assert pipeline.process_batch(batch).documents and pipeline._POOL is None


def test_nothing_starts_early_for_urls(src, tmp_path):
    web = Source(name="w", kind="web", options={"urls": ["http://127.0.0.1:9/x"]})
    assert pipeline.extract_early([web], Settings(db=tmp_path / "wh.duckdb", workers=2), limit=5) == 0
    assert pipeline._EARLY == {}


def test_the_first_input_names_the_story_whenever_it_was_extracted_and_wherever_it_sits(tmp_path):
    """Exact copies in one batch: the first input is the story's first sighting, whichever
    worker (or the early extraction) finished first, and wherever the files sit (document ids
    hash their paths). It once followed each document's extraction time."""
    page = sorted(CORPUS.glob("*.html"))[0].read_bytes()
    kinds = []
    for n, folder in enumerate((tmp_path / "pages", tmp_path / "elsewhere" / "deeper")):
        folder.mkdir(parents=True)
        for name in ("a.html", "b.html"):
            (folder / name).write_bytes(page)
        src = Source(name="copies", kind="files", options={"paths": [str(folder)]})
        settings = Settings(db=tmp_path / f"wh{n}.duckdb", workers=1)
        batch = pipeline.read_batch(src, 1, pipeline.discover(src).refs, settings)
        inputs = list(batch.raws)
        batch.raws.reverse()  # b is extracted before a ...
        batch = pipeline.process_batch(batch)
        batch.raws = inputs  # ... in a batch whose inputs are a, b
        batch.documents.sort(key=lambda d: [r.locator for r in inputs].index(d.locator))
        pipeline.load(batch, settings)
        con = duckdb.connect(str(settings.db), read_only=True)
        kinds.append(con.execute("select regexp_extract(locator, '[^/]+$'), match_kind, cluster_id = doc_id "
                                 "from core.documents order by locator").fetchall())
        con.close()
    assert kinds[0] == kinds[1] == [("a.html", "first", True), ("b.html", "exact", False)]
