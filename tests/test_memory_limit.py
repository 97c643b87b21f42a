"""A load that needs more DuckDB memory than the writer's limit is loaded again with a larger
one and the user is told (issue 20: 7 of 500 loads of a 100,000-page run failed at 256 MB);
a limit the user chose is kept, and a load that fails under it leaves nothing behind."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from grassroots.config import REPO_ROOT, Settings, Source
from grassroots.run import pipeline
from grassroots.warehouse import connect

CORPUS = REPO_ROOT / "seeds" / "corpus"
TOO_SMALL = "1MB"  # below what the schema and one sample batch need


def two_batches(settings: Settings):
    src = Source(name="sample", kind="files", options={"paths": [str(CORPUS)]})
    refs = pipeline.discover(src).refs
    return [pipeline.process_batch(pipeline.read_batch(src, i, part, settings))
            for i, part in enumerate((refs[:2], refs[2:]), start=1)]


def documents(db: Path) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("select count(*) from core.documents").fetchone()[0]
    finally:
        con.close()


def test_a_load_out_of_the_writer_limit_is_loaded_again_with_more_and_said(tmp_path, monkeypatch):
    monkeypatch.delenv("GRASSROOTS_DUCKDB_MEMORY_LIMIT", raising=False)
    settings = Settings(db=tmp_path / "wh.duckdb", workers=1)
    first, second = two_batches(settings)
    r1 = pipeline.load(first, settings)
    n = r1.documents_new
    monkeypatch.setattr(connect, "WRITER_MEMORY_LIMIT", TOO_SMALL)
    said: list[str] = []
    result = pipeline.load(second, settings, warn=said.append)
    assert result.documents_new > 0
    assert documents(settings.db) == n + result.documents_new
    assert len(said) == 1 and "loaded again with 1GB" in said[0] and "GRASSROOTS_DUCKDB_MEMORY_LIMIT" in said[0]
    # the run's counts (core.runs.counts, the summary) say so too, not only the run's log
    assert pipeline.batch_counts(second, result).as_dict()["memory_retries"] == 1
    assert "memory_retries" not in pipeline.batch_counts(first, r1).as_dict()


def test_a_limit_the_user_chose_is_kept_and_a_failed_load_leaves_nothing(tmp_path, monkeypatch):
    monkeypatch.delenv("GRASSROOTS_DUCKDB_MEMORY_LIMIT", raising=False)
    settings = Settings(db=tmp_path / "wh.duckdb", workers=1)
    first, second = two_batches(settings)
    n = pipeline.load(first, settings).documents_new
    monkeypatch.setenv("GRASSROOTS_DUCKDB_MEMORY_LIMIT", TOO_SMALL)
    said: list[str] = []
    with pytest.raises(duckdb.OutOfMemoryException):
        pipeline.load(second, settings, warn=said.append)
    assert said == []
    assert documents(settings.db) == n
