"""Local sources: files, folders (recursive) and globs."""

from __future__ import annotations

import os

import pytest

from grassroots.models import RejectError
from grassroots.sources.files import SourcePathError, check_paths, discover_files, read_file


@pytest.fixture
def tree(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "b").mkdir()
    (tmp_path / "a" / "one.html").write_text("<p>一</p>")
    (tmp_path / "a" / "b" / "two.md").write_text("二")
    (tmp_path / "a" / ".hidden.md").write_text("skip")
    (tmp_path / "a" / ".git").mkdir()
    (tmp_path / "a" / ".git" / "config").write_text("skip")
    outside = tmp_path / "secret.txt"
    outside.write_text("not for the source")
    os.symlink(outside, tmp_path / "a" / "link.txt")
    return tmp_path


def test_folder_is_recursive_sorted_and_skips_hidden(tree):
    refs, rejects = discover_files("s", [str(tree / "a")])
    assert [os.path.relpath(r.locator, tree) for r in refs] == ["a/b/two.md", "a/one.html"]
    assert all(os.path.isabs(r.locator) and r.size and r.mtime for r in refs)
    # a symlink leading outside the folder is refused, not followed
    assert [(os.path.basename(r.locator), r.reason) for r in rejects] == [("link.txt", "unreadable")]


def test_glob_file_and_duplicates_are_one_ref(tree):
    refs, rejects = discover_files("s", [str(tree / "a" / "**" / "*.md"), str(tree / "a" / "b" / "two.md")])
    assert [os.path.basename(r.locator) for r in refs] == ["two.md"] and not rejects
    refs, rejects = discover_files("s", [str(tree / "nothing-*.html")])
    assert not refs and rejects[0].reason == "missing"


def test_missing_path_is_a_user_error_for_the_cli(tree):
    with pytest.raises(SourcePathError, match="no such file or folder"):
        check_paths([str(tree / "nope")])
    check_paths([str(tree / "a"), str(tree / "*.none")])  # globs are checked at discovery


def test_read_file_caps_size_before_reading(tree):
    refs, _ = discover_files("s", [str(tree / "a" / "one.html")])
    raw = read_file(refs[0], max_bytes=100)
    assert raw.data == "<p>一</p>".encode() and raw.kind == "file" and raw.source == "s"
    with pytest.raises(RejectError) as ei:
        read_file(refs[0], max_bytes=5)
    assert ei.value.reason == "too_large"


def test_the_warehouse_in_the_folder_being_ingested_is_not_an_input(tmp_path):
    # `grassroots ingest . --db ./wh.duckdb`: the database, its lock and kept WALs sit among the
    # articles; they were read as inputs and rejected (binary_input, empty_input) on every run
    from grassroots.config import Settings, Source
    from grassroots.run import pipeline

    (tmp_path / "one.txt").write_text("凌云街道共享书房增至14家", encoding="utf-8")
    settings = Settings(db=tmp_path / "wh.duckdb")
    with pipeline.writer(settings, command="test") as con:
        con.execute("create table t (x int)")
    (tmp_path / "wh.duckdb.wal.kept-20261203T000000Z").write_bytes(b"\0" * 16)  # what recovery keeps
    source = Source(name="here", kind="files", options={"paths": [str(tmp_path)]})
    found = pipeline.discover(source, settings=settings)
    assert [os.path.basename(r.locator) for r in found.refs] == ["one.txt"] and not found.rejects
    # discovery alone (no warehouse in play) lists every file, as before
    refs, _ = discover_files("s", [str(tmp_path)])
    assert {"wh.duckdb", "wh.duckdb.lock"} <= {os.path.basename(r.locator) for r in refs}


def test_a_file_named_in_gbk_bytes_is_an_input_beside_the_others(tmp_path):
    # (a name unpacked from a Windows archive reaches Python with lone surrogates: the whole
    # folder's discovery failed on the warehouse lookup, and the good files with it)
    from grassroots.config import Settings, Source
    from grassroots.models import Batch
    from grassroots.run import pipeline

    body = "凌云街道共享书房增至14家\n\n" + "街道在辖区三个居民区同时开放共享书房，居民凭社区服务卡即可借阅图书。书房由志愿者值守。" * 3
    os.makedirs(tmp_path / "in")
    with open(os.path.join(os.fsencode(tmp_path / "in"), "社区新闻.txt".encode("gbk")), "wb") as f:
        f.write(body.encode())
    (tmp_path / "in" / "ok.txt").write_text(body.replace("凌云", "华漕"), encoding="utf-8")
    settings = Settings(db=tmp_path / "wh.duckdb", workers=1)
    source = Source(name="here", kind="files", options={"paths": [str(tmp_path / "in")]})
    found = pipeline.discover(source, settings=settings)
    assert sorted(os.path.basename(r.locator) for r in found.refs) == ["\\xc9\\xe7\\xc7\\xf8\\xd0\\xc2\\xce\\xc5.txt", "ok.txt"]
    batch = pipeline.read_batch(source, 1, found.refs, settings)
    assert len(batch.raws) == 2 and not batch.rejects
    res = pipeline.load(pipeline.process_batch(Batch(source="here", batch_no=1, raws=batch.raws)), settings)
    assert (res.raw_new, res.documents_new) == (2, 2)
    assert pipeline.discover(source, settings=settings).unchanged == 2  # the rerun finds both stored
