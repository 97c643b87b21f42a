"""Never crash on input (issue 18): mutated inputs through process_one give a Document or a
Reject, never an exception, each within a time bound.

Hypothesis draws the mutations (truncation, re-encoding, random bytes spliced into markup,
huge lines, deep nesting, mixed scripts) over small pieces of the sample corpus (seeds/corpus,
the project's own text), cut to a few KB so that 2,000+ inputs run in seconds.
"""

from __future__ import annotations

import encodings.aliases
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from grassroots.extract.script import to_traditional
from grassroots.models import Document, RawInput, Reject
from grassroots.run.pipeline import process_one

CORPUS = Path(__file__).resolve().parents[1] / "seeds" / "corpus"
# small bases: the head of each sample (chrome, headline, metadata, first paragraphs)
BASE_BYTES = 2000
BASES = [p.read_bytes()[:BASE_BYTES] for p in sorted(CORPUS.iterdir()) if p.is_file()]
# A single input of a few KB takes ~10 ms; 2 s leaves room for a loaded CI machine and catches
# anything quadratic on the huge-line and deep-nesting inputs.
PER_INPUT_SECONDS = 2.0
# per test; 6 tests -> 6,000 inputs a run (at 500 a control character in a page's text went
# unfound; 4,000 per test found it)
EXAMPLES = 1000

COMMON = settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=False,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.fixture(scope="module", autouse=True)
def _warm():
    """Load the gazetteer, the OpenCC tables and the extractors once, outside the time bound (and
    the places' English names, built on the first page written in English)."""
    english = ("Volunteers in Xujing Town, Qingpu District, opened a study room for residents. " * 4).encode()
    for b in [*BASES[:3], english]:
        process_one(RawInput(source="prop", locator="/in/warm.html", data=b, fetched_at=datetime.now(UTC)))


def _run(data: bytes, locator: str = "/in/doc.txt") -> Document | Reject:
    raw = RawInput(source="prop", locator=locator, data=data, fetched_at=datetime.now(UTC))
    t0 = time.perf_counter()
    res = process_one(raw)  # any exception fails the test with the input that raised it
    took = time.perf_counter() - t0
    assert isinstance(res, (Document, Reject)), type(res)
    assert took < PER_INPUT_SECONDS, f"{took:.2f} s for a {len(data):,}-byte input"
    if isinstance(res, Document):
        assert res.extracted.script in ("simplified", "traditional", "mixed")
    return res


def _text(b: bytes) -> str:
    for enc in ("utf-8", "gb18030"):
        try:
            return b.decode(enc)
        except UnicodeDecodeError:
            continue
    return b.decode("utf-8", "replace")


bases = st.sampled_from(range(len(BASES)))
locators = st.sampled_from(["/in/doc.txt", "/in/doc.md", "/in/doc.html", "/in/doc"])


@COMMON
@given(i=bases, cut=st.integers(0, BASE_BYTES), enc=st.sampled_from(["utf-8", "gb18030", "big5hkscs", "utf-16", "cp1252"]),
       loc=locators)
def test_truncated_and_reencoded(i, cut, enc, loc):
    text = _text(BASES[i][:cut])
    _run(text.encode(enc, "replace"), loc)


@COMMON
@given(i=bases, spots=st.lists(st.tuples(st.integers(0, BASE_BYTES), st.binary(min_size=1, max_size=40)), max_size=6),
       loc=locators)
def test_random_bytes_spliced_into_markup(i, spots, loc):
    data = bytearray(BASES[i])
    for pos, junk in spots:
        data[pos:pos] = junk
    _run(bytes(data), loc)


@COMMON
@given(i=bases, kind=st.sampled_from(["line", "inline", "nest", "tags", "punct"]), size=st.integers(1, 2000),
       char=st.sampled_from(["汉", "a", "。", " ", "<", "|", "-", "1", "黃", "http://", "[", "*", "“", "\u3000"]),
       loc=locators)
def test_huge_lines_and_deep_nesting(i, kind, size, char, loc):
    text = _text(BASES[i])
    if kind == "inline":  # a run inside the first line, where the headline rules read (quadratic runs hid there)
        cut = text.find("\n", 1) // 2 if "\n" in text[1:] else len(text) // 2
        _run((text[:cut] + char * (size * 5) + text[cut:]).encode("utf-8"), loc)
        return
    if kind == "line":  # one line of up to 20,000 characters (100,000 take ~1 s: fine, but slow here)
        extra = char * (size * 5)
    elif kind == "nest":
        extra = "<div>" * size + "深层嵌套的段落，居民说好。" + "</div>" * (size // 2)
    elif kind == "tags":
        extra = "<p><span><b>" * (size // 3) + "<script>" + "x" * size
    else:
        extra = ("发布时间：2021-03-05 来源：" + char) * (size // 10)
    mid = len(text) // 2
    _run((text[:mid] + "\n" + extra + "\n" + text[mid:]).encode("utf-8"), loc)


@COMMON
@given(i=bases, spans=st.lists(st.tuples(st.integers(0, BASE_BYTES), st.integers(0, 400)), max_size=5),
       enc=st.sampled_from(["utf-8", "big5hkscs", "gb18030"]), loc=locators)
def test_mixed_scripts(i, spans, enc, loc):
    text = _text(BASES[i])
    for start, length in spans:  # parts of the text in traditional characters
        text = text[:start] + to_traditional(text[start:start + length]) + text[start + length:]
    _run(text.encode(enc, "replace"), loc)


# the labels the capture rules read at a line's start (metadata, a re-post's original headline)
_LABEL_LINES = ["原标题：", "标题：", "发布时间：2021-03-05 10:01", "发布日期：2021年3月5日", "来源：", "作者：",
                "当前位置：首页 > 新闻中心 > ", "日期：", "信息来源：", "浏览次数：", "【字体：大 中 小】", "原标题:《",
                "■本报记者 ", "▲", "——"]


@COMMON
@given(i=bases, lines=st.lists(st.tuples(st.integers(0, 60), st.sampled_from(_LABEL_LINES), st.text(max_size=30)),
                               min_size=1, max_size=5),
       skip=st.integers(0, 12), trad=st.booleans(), enc=st.sampled_from(["utf-8", "big5hkscs"]), loc=locators)
def test_labelled_lines_anywhere_in_either_script(i, lines, skip, trad, enc, loc):
    # (a traditional 原標題 line at the end of a capture without a headline raised AttributeError:
    # the label was matched on the simplified view and cut from the printed line); the first
    # `skip` lines go, so that some inputs start past their headline, as excerpts do
    rows = _text(BASES[i]).split("\n")[skip:]
    for at, label, rest in lines:
        rows.insert(min(at, len(rows)), label + rest)
    text = "\n".join(rows)
    _run((to_traditional(text) if trad else text).encode(enc, "replace"), loc)


# every codec name and alias Python knows, and labels no codec knows: what a page may declare
_LABELS = sorted(set(encodings.aliases.aliases) | set(encodings.aliases.aliases.values())
                 | {"x-user-defined", "replacement", "utf8mb4", "gb2312;", "GBK,UTF-8", ""})


@COMMON
@example(i=0, label="undefined", where="meta", enc="gb18030", loc="/in/doc.html")
@given(i=bases, label=st.sampled_from(_LABELS), where=st.sampled_from(["meta", "xml", "header"]),
       enc=st.sampled_from(["utf-8", "gb18030", "big5hkscs"]), loc=locators)
def test_declared_charsets(i, label, where, enc, loc):
    # (`<meta charset="undefined">` raised UnicodeError: a declaration is the page's word, not a codec to trust)
    body = _text(BASES[i])
    page = {"meta": f'<meta charset="{label}">{body}', "xml": f'<?xml version="1.0" encoding="{label}"?>{body}',
            "header": body}[where].encode(enc, "replace")
    raw = RawInput(source="prop", locator=loc, data=page, fetched_at=datetime.now(UTC),
                   content_type=f"text/html; charset={label}" if where == "header" else None)
    assert isinstance(process_one(raw), (Document, Reject))


@pytest.mark.parametrize("data", [b"", b"\x00\x01", b"<" * 10, "黃浦區".encode("big5"), b"\xff" * 100,
                                  ("<div>" * 20000).encode()])
def test_edge_inputs(data):
    _run(data)


@pytest.mark.parametrize("ch", ["\x01", "\x08", "\x0b", "\x1f", "\x7f"])
def test_a_control_character_inside_a_pages_text_is_dropped_not_a_crash(ch):
    # (found by a 16,000-input run of the properties above: lxml refuses such a character when
    # the page's lines are read back, which raised ValueError out of process_one)
    page = ("<html><head><title>凌云街道共享书房增至14家</title></head><body><div class=\"article\">"
            "<h1>凌云街道共享书房增至14家</h1>"
            f"<p>街道在辖区三个居民区同时开放“共享书房”，居民凭社区服务卡即可借阅图书。{ch}至此，街道已建成共享书房14家。</p>"
            "<p>书房由居民志愿者轮流值守，每天开放到晚上八点，周末还安排亲子阅读活动，受到居民欢迎。</p>"
            "</div></body></html>").encode()
    res = _run(page, "/in/doc.html")
    assert isinstance(res, Document) and ch not in res.extracted.text


def test_a_page_whose_url_does_not_parse_is_read_without_its_host():
    # (process_one is pure: a raw layer row, a test or a bench may hand it any URL; the host is
    # one of the site names a title is cleaned of, and `http://[…` made urlparse raise)
    page = ("<html><head><title>凌云街道共享书房增至14家</title></head><body><h1>凌云街道共享书房增至14家</h1>"
            "<p>街道在辖区三个居民区同时开放“共享书房”，居民凭社区服务卡即可借阅图书。至此，街道已建成共享书房14家。</p>"
            "<p>书房由居民志愿者轮流值守，每天开放到晚上八点，周末还安排亲子阅读活动，受到居民欢迎。</p></body></html>").encode()
    raw = RawInput(source="prop", locator="http://[bad/a.html", data=page, fetched_at=datetime.now(UTC), kind="url",
                   final_url="http://[bad/a.html")
    res = process_one(raw)
    assert isinstance(res, Document) and res.extracted.title == "凌云街道共享书房增至14家"


_PARA = "街道在辖区三个居民区同时开放共享书房，居民凭社区服务卡即可借阅图书。至此，街道已建成共享书房14家，服务居民两万余人次。"


@pytest.mark.parametrize(("data", "locator"), [
    # a <title> left open over the page: ~330 segments, every run of them was normalised and
    # checked against the page's lines (8 s for 8 KB, 5 minutes for 26 KB)
    (("<html><head><title>" + "凌云街道共享书房增至14家，居民借书更方便 - " * 120 + "</head><body><p>" + _PARA * 3
      + "</p><p>" + _PARA + "</p></body></html>").encode(), "/in/doc.html"),
    # a mangled markdown line of `[`, `![` and `<` that never close: each scanned to the line's end
    (("# 标题\n\n" + _PARA + "\n\n" + "居民说![好[<" * 12000 + "\n").encode(), "/in/doc.md"),
    # a run of 20,000 spaces inside a capture's first line: every `\s+` of the line rules was
    # retried from each of them (21 s)
    (("凌云街道共享书房增至14家" + " " * 20000 + "居民借书更方便\n\n" + _PARA + "\n\n" + _PARA + "\n").encode(), "/in/doc.txt"),
    # thousands of `http://` run together: each scanned to the run's end for an image extension
    (("凌云街道共享书房增至14家\n\n" + _PARA + "http://" * 8000 + "\n\n" + _PARA + "\n").encode(), "/in/doc.txt"),
    # runs of stars and of dots inside a capture's first line: the decoration and cut-off tests
    # searched from every character of the run (3 s and 1 s)
    (("凌云街道共享书房增至14家" + "*" * 20000 + "居民借书更方便\n\n" + _PARA + "\n\n" + _PARA + "\n").encode(), "/in/doc.txt"),
    (("凌云街道共享书房增至14家" + "." * 40000 + "居民借书更方便\n\n" + _PARA + "\n\n" + _PARA + "\n").encode(), "/in/doc.txt"),
    # a <title> of 1,800 short segments (a link list run into it): the runs of segments were
    # checked pair by pair (19 s for 31 KB)
    (("<html><head><title>" + "| 某某网首页 | 某某聊天室 | 某某视频 " * 600 + "</title></head><body><h1>凌云街道共享书房增至14家</h1><p>"
      + _PARA * 2 + "</p><p>" + _PARA + "</p></body></html>").encode(), "/in/doc.html"),
], ids=["unclosed-title", "unclosed-brackets", "space-run", "url-run", "star-run", "dot-run", "title-segments"])
def test_inputs_that_took_quadratic_time_finish_within_the_bound(data, locator):
    # (found by fuzzing mutated real excerpts; _run asserts PER_INPUT_SECONDS)
    _run(data, locator)


# pieces of YAML a broken or hostile front matter is made of: anchors and aliases, tags, flow
# collections, block indicators, quotes and escapes, dates the calendar lacks
_YAML_PIECES = ["&a ", "*a", "&b ", "*b", "[", "]", "{", "}", ", ", ": ", "- ", "? ", "!!binary ", "!!python/name:os.system ",
                "!!str ", "!!timestamp ", "'", '"', "\\ud800", "\\x00", "\n", "\n  ", "title", "date", "2024-02-30", "2024-01-01",
                "1e999", "~", "null", "yes", "凌云街道", "<<: ", "|\n  ", ">\n  ", "#", "%YAML 1.1\n", "---", "..."]


@settings(max_examples=EXAMPLES // 2, deadline=None, database=None, derandomize=False,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@example(pieces=["title", ": ", "&a ", "[", "*a", ", ", "*a", "]"])  # a value that contains itself
@given(pieces=st.lists(st.sampled_from(_YAML_PIECES), max_size=40))
def test_hostile_front_matter(pieces):
    # (a self-referencing alias sent the cleaning of the values into endless recursion)
    body = _text(BASES[0])
    _run(("---\n" + "".join(pieces) + "\n---\n" + body).encode("utf-8"), "/in/doc.md")


@pytest.mark.parametrize("tail", ["有限公司", "委员会", "服务中心"])
def test_a_huge_first_line_ending_in_an_organisations_suffix(tail):
    # the headline rules read what a line ends with; a search for a phrase before such a suffix
    # once scanned the whole line from every position (30 s for 200,000 characters)
    _run(("社区" * 100_000 + tail + "\n\n" + _text(BASES[0])).encode("utf-8"))
