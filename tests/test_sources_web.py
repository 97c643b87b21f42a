"""Web sources: feed, sitemap and listing parsers (pure) and discovery against the
loopback fixture site (reliability.md rows 16, 18, 21, 22, 27-30)."""

from __future__ import annotations

import gzip
from datetime import date
from pathlib import Path

import feedparser
import pytest
from fixture_site import (  # noqa: F401  (the *_fixture names register fixture_site, second_site)
    LOGIN_HTML,
    article_bytes,
    atom_xml,
    feed_bomb_xml,
    feed_xxe_xml,
    fixture_site_fixture,
    listing_html,
    rss_xml,
    second_server_fixture,
    second_site_fixture,
    site_server_fixture,
    sitemap_bomb_xml,
    sitemap_index_xml,
    sitemap_xml,
    sitemap_xxe_xml,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grassroots.models import RejectError
from grassroots.sources.feeds import parse_feed
from grassroots.sources.fetch import Fetcher, FetchPolicy, FetchResult
from grassroots.sources.listings import decode_html, parse_listing
from grassroots.sources.sitemaps import parse_sitemap
from grassroots.sources.web import (
    detect_kind,
    discover_web,
    fetch_web_inputs,
    validate_web_source,
)

BASE = "http://news.example.gov.cn"
ARTICLE_RE = r"/news/\d{4}/a\d+\.html$"


def fetcher(**kw) -> Fetcher:  # noqa: ANN003
    kw.setdefault("delay_seconds", 0.0)
    return Fetcher(FetchPolicy(**kw), sleep=lambda s: None)


def names(refs) -> list[str]:  # noqa: ANN001
    return [r.locator.rsplit("/", 1)[-1] for r in refs]


# ---------------------------------------------------------------- feeds (pure)


def test_rss_links_are_canonical_with_dates() -> None:
    entries = parse_feed(rss_xml(BASE).encode(), BASE + "/feed.xml")
    assert len(entries) == 9
    assert entries[0].url == BASE + "/news/2026/a1.html"  # utm/spm and #fragment dropped
    assert entries[0].title == "花木街道老旧小区加装电梯完成第十二台"
    assert entries[0].published == date(2026, 2, 20)  # 09:30 +0800 stays on its own day
    assert [e.published for e in entries][-1] == date(2026, 1, 5)


def test_atom_relative_links_resolve_against_xml_base() -> None:
    entries = parse_feed(atom_xml(BASE).encode(), BASE + "/atom.xml")
    assert [e.url for e in entries] == [f"{BASE}/news/2026/a{n}.html" for n in range(1, 7)]
    assert entries[5].published == date(2026, 1, 20)


def test_billion_laughs_feed_is_refused_as_malformed() -> None:  # row 29
    with pytest.raises(RejectError) as e:
        parse_feed(feed_bomb_xml(BASE).encode(), BASE + "/feed-bomb.xml")
    assert e.value.reason == "malformed_xml" and "entit" in e.value.detail


def test_xxe_feed_never_reads_the_file(tmp_path: Path) -> None:  # row 28
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET-42\n")
    entries = parse_feed(feed_xxe_xml(BASE, secret).encode(), BASE + "/feed-xxe.xml")
    assert [e.url for e in entries] == [BASE + "/news/2026/a2.html", BASE + "/news/2026/a3.html"]
    assert "TOPSECRET" not in repr(entries)


def test_html_page_is_not_a_feed() -> None:  # row 16
    with pytest.raises(RejectError) as e:
        parse_feed(LOGIN_HTML.encode(), BASE + "/login.html")
    assert e.value.reason == "not_a_feed"


def test_feedparser_is_never_given_a_path(tmp_path: Path) -> None:  # row 27, trap 2
    local = tmp_path / "local.xml"
    local.write_text(rss_xml("http://local.example").replace("社区动态", "LOCAL-FILE-TITLE"), encoding="utf-8")
    # the trap is real: feedparser opens a local path given as bytes
    assert feedparser.parse(str(local).encode()).feed.get("title") == "LOCAL-FILE-TITLE"
    # parse_feed hands feedparser the bytes as a file object: a path is just not a feed
    with pytest.raises(RejectError) as e:
        parse_feed(str(local).encode(), BASE + "/feed.xml")
    assert e.value.reason == "not_a_feed"
    with pytest.raises(TypeError):
        parse_feed(str(local), BASE + "/feed.xml")  # type: ignore[arg-type]


# ---------------------------------------------------------------- sitemaps (pure)


def test_sitemap_index_and_urlset() -> None:
    links, children = parse_sitemap(sitemap_index_xml(BASE).encode(), BASE + "/sitemap_index.xml")
    assert links == [] and children == [BASE + "/sitemap-1.xml", BASE + "/sitemap-2.xml"]
    links, children = parse_sitemap(sitemap_xml(BASE, 1).encode(), BASE + "/sitemap-1.xml")
    assert children == [] and [e.published for e in links] == [date(2026, 2, d) for d in (20, 15, 10, 3)]


def test_gzipped_and_plain_text_sitemaps() -> None:
    links, _ = parse_sitemap(gzip.compress(sitemap_xml(BASE, 2).encode()), BASE + "/sitemap-2.xml.gz")
    assert len(links) == 5
    links, _ = parse_sitemap(f"{BASE}/a.html\n{BASE}/b.html?utm_source=x\n".encode(), BASE + "/sitemap.txt")
    assert [e.url for e in links] == [BASE + "/a.html", BASE + "/b.html"]


def test_gzipped_sitemap_bomb_is_bounded() -> None:
    bomb = gzip.compress(b"<urlset>" + b" " * 60_000_000, compresslevel=1)
    with pytest.raises(RejectError) as e:
        parse_sitemap(bomb, BASE + "/s.xml.gz")
    assert e.value.reason == "too_large"


def test_sitemap_entity_bomb_and_xxe(tmp_path: Path) -> None:  # rows 29, 30
    with pytest.raises(RejectError) as e:
        parse_sitemap(sitemap_bomb_xml(BASE).encode(), BASE + "/s.xml")
    assert e.value.reason == "malformed_xml"
    secret = tmp_path / "s.txt"
    secret.write_text("TOPSECRET-43")
    links, _ = parse_sitemap(sitemap_xxe_xml(BASE, secret).encode(), BASE + "/s.xml")
    assert [e.url for e in links] == [BASE + "/news/2026/a4.html", BASE + "/news/2026/a5.html?leak="]
    assert "TOPSECRET" not in repr(links)


def test_html_is_not_a_sitemap() -> None:
    with pytest.raises(RejectError) as e:
        parse_sitemap(LOGIN_HTML.encode(), BASE + "/s.xml")
    assert e.value.reason == "malformed_xml"


# ---------------------------------------------------------------- listings (pure)


@pytest.mark.parametrize(
    "kw",
    [{}, {"next_selector": "a.next"}, {"next_selector": "//div[@class='pager']/a[@class='next']/@href"},
     {"next_selector": "//a[text()='下一页']"}],
)
def test_listing_pages_and_next_link(kw: dict) -> None:
    seen, url, pages = [], BASE + "/news/list.html", 0
    while url:
        pages += 1
        links, url = parse_listing(listing_html(pages).encode(), url, article_pattern=ARTICLE_RE, **kw)
        seen += links
    assert pages == 3
    assert [e.url for e in seen] == [f"{BASE}/news/2026/a{n}.html" for n in range(1, 10)]
    assert seen[3].title == "五角场街道社区食堂新增晚餐供应" and seen[3].published == date(2026, 2, 3)


def test_listing_page_pattern_template() -> None:
    _, nxt = parse_listing(listing_html(1), BASE + "/news/list.html", article_pattern=ARTICLE_RE, page_pattern="list_{n}.html")
    assert nxt == BASE + "/news/list_2.html"
    _, nxt = parse_listing(listing_html(2), BASE + "/news/list_2.html", article_pattern=ARTICLE_RE, page_pattern="list_{n}.html")
    assert nxt == BASE + "/news/list_3.html"


def test_listing_xhtml_with_xml_declaration() -> None:
    page = '<?xml version="1.0" encoding="utf-8"?>\n' + listing_html(1)
    links, nxt = parse_listing(page, BASE + "/news/list.html", article_pattern=ARTICLE_RE)
    assert len(links) == 3 and nxt == BASE + "/news/list_2.html"


def test_listing_in_gbk_and_base_href() -> None:
    page = '<html><head><meta charset="gbk"><base href="http://other.example.cn/x/"></head><body><ul>' \
           '<li><a href="2026/a1.html">朱镕基路社区新闻</a> 2026年1月5日</li></ul></body></html>'
    links, nxt = parse_listing(page.encode("gbk"), BASE + "/list.html", article_pattern=r"/x/2026/")
    assert links[0].url == "http://other.example.cn/x/2026/a1.html"
    assert links[0].title == "朱镕基路社区新闻" and links[0].published == date(2026, 1, 5)
    assert nxt is None
    assert decode_html("镕".encode("gbk"), "text/html; charset=gb2312") == "镕"  # gb2312 label -> gb18030


def test_a_malformed_link_is_refused_alone_and_the_page_keeps_its_other_links() -> None:
    # (an unclosed IPv6 bracket made urljoin raise ValueError: a sitemap failed as a whole and a
    # list page was dropped with every link on it)
    from grassroots.sources.urls import check_url
    bad = "http://[bad/news/2026/a0.html"
    sm = (f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>{bad}</loc></url>'
          f"<url><loc>{BASE}/news/2026/a1.html</loc></url></urlset>").encode()
    page = f'<html><body><a href="{bad}">x</a><a href="/news/2026/a1.html">y</a></body></html>'.encode()
    feed = (f'<?xml version="1.0"?><rss version="2.0"><channel><item><link>{bad}</link></item>'
            f"<item><link>{BASE}/news/2026/a1.html</link></item></channel></rss>").encode()
    for links in (parse_sitemap(sm, BASE + "/s.xml")[0], parse_listing(page, BASE + "/list.html", article_pattern=ARTICLE_RE)[0]):
        assert [e.url for e in links] == [bad, BASE + "/news/2026/a1.html"]
    # (feedparser itself leaves such a link out of its entry)
    assert BASE + "/news/2026/a1.html" in [e.url for e in parse_feed(feed, BASE + "/feed.xml")]
    with pytest.raises(RejectError) as e:
        check_url(bad, None)  # how discovery records it: one reject with its reason
    assert e.value.reason == "unsupported_scheme"


def test_a_character_reference_past_unicode_or_an_unnamed_root_is_a_reject_not_an_error() -> None:
    feed = rss_xml(BASE).replace("<link>", "<link>&#2000000;", 1).encode()
    with pytest.raises(RejectError) as e:
        parse_feed(feed, BASE + "/feed.xml")
    assert e.value.reason == "malformed_xml"
    with pytest.raises(RejectError) as e:
        parse_sitemap(b"<:" + sitemap_xml(BASE, 1).encode()[1:], BASE + "/s.xml")
    assert e.value.reason == "malformed_xml"


_SAMPLES = [sitemap_xml(BASE, 1).encode(), sitemap_index_xml(BASE).encode(), listing_html(1).encode(), rss_xml(BASE).encode()]
_SPLICES = st.binary(min_size=1, max_size=30) | st.sampled_from(
    [b"[", b"]", b"%", b"\x00", b":", b"//", b"&#0;", b"&#x110000;", b"&#2000000;", b"http://[", b"<a href='", b"<loc>",
     b"</loc>", b"<lastmod>9999-99-99</lastmod>", b"\xff\xfe"])


@settings(max_examples=400, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(i=st.integers(0, len(_SAMPLES) - 1), spots=st.lists(st.tuples(st.integers(0, 3000), _SPLICES), max_size=6),
       which=st.sampled_from(["feed", "sitemap", "listing"]))
def test_discovery_parsers_take_mutated_bytes_without_raising(i, spots, which) -> None:  # noqa: ANN001
    # (a fetched feed, sitemap or list page is untrusted: links or a reject, never an exception;
    # 24,000 such inputs ran clean before this test was pinned at 400)
    data = bytearray(_SAMPLES[i])
    for pos, b in sorted(spots, reverse=True):
        data[min(pos, len(data)):min(pos, len(data))] = b
    try:
        if which == "feed":
            parse_feed(bytes(data), BASE + "/f.xml")
        elif which == "sitemap":
            parse_sitemap(bytes(data), BASE + "/s.xml")
        else:
            parse_listing(bytes(data), BASE + "/l.html", article_pattern=ARTICLE_RE)
    except RejectError:
        pass


# ---------------------------------------------------------------- discovery on the loopback site


def src(site, kind: str, **kw) -> dict:  # noqa: ANN001, ANN003
    d = {"name": f"t-{kind}", "kind": kind, "enabled": True, "allow_hosts": ["127.0.0.1"], **kw}
    validate_web_source(d)
    return d


def test_discover_feed(fixture_site) -> None:  # noqa: ANN001
    refs, rejects, attempts = discover_web(src(fixture_site, "feed", url=fixture_site.url("/feed.xml")), fetcher())
    assert names(refs) == [f"a{n}.html" for n in range(1, 10)] and rejects == []
    assert all(r.kind == "url" and r.source == "t-feed" for r in refs)
    assert refs[0].hint_date == date(2026, 2, 20)
    assert [a.outcome for a in attempts] == ["robots", "ok"]
    # discovery does not fetch the articles
    assert fixture_site.count("/news/2026/") == 0


def test_discover_feed_window(fixture_site) -> None:  # noqa: ANN001
    refs, _, _ = discover_web(src(fixture_site, "feed", url=fixture_site.url("/feed.xml")), fetcher(),
                              since=date(2026, 1, 15), until=date(2026, 2, 10))
    assert names(refs) == ["a4.html", "a5.html", "a6.html", "a7.html"]


def test_discover_sitemap_index_with_lastmod_window(fixture_site) -> None:  # noqa: ANN001
    source = src(fixture_site, "sitemap", url=fixture_site.url("/sitemap_index.xml"))
    refs, rejects, _ = discover_web(source, fetcher(), since=date(2026, 2, 1), until=date(2026, 3, 1))
    assert names(refs) == ["a1.html", "a2.html", "a3.html", "a4.html"] and rejects == []
    assert fixture_site.count("/sitemap-") == 2
    refs, _, _ = discover_web(source, fetcher())
    assert len(refs) == 9


def test_discover_listing_follows_three_pages(fixture_site) -> None:  # noqa: ANN001
    source = src(fixture_site, "listing", url=fixture_site.url("/news/list.html"), article_pattern=ARTICLE_RE, next_selector="a.next")
    refs, rejects, _ = discover_web(source, fetcher())
    assert names(refs) == [f"a{n}.html" for n in range(1, 10)] and rejects == []
    assert [h.path for h in fixture_site.hits("/news/list")] == ["/news/list.html", "/news/list_2.html", "/news/list_3.html"]
    assert fixture_site.count("/private/") == 0  # the footer link is not an article


def test_discover_listing_page_limit_and_pattern_end(fixture_site) -> None:  # noqa: ANN001
    limited = src(fixture_site, "listing", url=fixture_site.url("/news/list.html"), article_pattern=ARTICLE_RE, max_pages=2)
    refs, _, _ = discover_web(limited, fetcher())
    assert len(refs) == 6 and fixture_site.count("/news/list") == 2
    templ = src(fixture_site, "listing", url=fixture_site.url("/news/list.html"), article_pattern=ARTICLE_RE, page_pattern="list_{n}.html")
    refs, rejects, attempts = discover_web(templ, fetcher())
    # list_4.html does not exist: the end of the list, logged but not a reject
    assert len(refs) == 9 and rejects == []
    assert attempts[-1].status == 404


def test_discover_listing_stops_when_pages_are_older_than_the_window(fixture_site) -> None:  # noqa: ANN001
    source = src(fixture_site, "listing", url=fixture_site.url("/news/list.html"), article_pattern=ARTICLE_RE)
    refs, _, _ = discover_web(source, fetcher(), since=date(2026, 2, 5))
    assert names(refs) == ["a1.html", "a2.html", "a3.html"]
    assert fixture_site.count("/news/list") == 2  # page 2 was all older: page 3 not fetched


def test_discover_urls_list_and_file(fixture_site, tmp_path: Path) -> None:  # noqa: ANN001  (row 27)
    f = tmp_path / "urls.txt"
    f.write_text(f"# my list\n{fixture_site.url('/news/2026/a1.html')}\n\nfile:///etc/passwd\n/etc/passwd\n"
                 f"{fixture_site.url('/news/2026/a1.html#again')}\n{fixture_site.url('/news/2026/a2.html')}\n")
    refs, rejects, attempts = discover_web(src(fixture_site, "urls", url_file="urls.txt", base_dir=str(tmp_path)), fetcher())
    assert names(refs) == ["a1.html", "a2.html"] and attempts == []
    assert sorted(r.reason for r in rejects) == ["unsupported_scheme", "unsupported_scheme"]
    refs, _, _ = discover_web(src(fixture_site, "urls", urls=[fixture_site.url("/news/2026/a3.html")]), fetcher())
    assert names(refs) == ["a3.html"]
    _, rejects, _ = discover_web(src(fixture_site, "urls", url_file=str(tmp_path / "nope.txt")), fetcher())
    assert rejects[0].reason == "missing"


def test_feed_with_hostile_links(fixture_site, second_site) -> None:  # noqa: ANN001  (rows 22, 23, 24, 27)
    refs, rejects, _ = discover_web(src(fixture_site, "feed", url=fixture_site.url("/feed-evil.xml")), fetcher())
    by_reason = sorted(r.reason for r in rejects)
    assert by_reason == ["blocked_address"] * 3 + ["unsupported_scheme"] * 2
    assert names(refs) == ["secret.html", "a5.html"]
    # fetching what was discovered: robots keeps /private/ unrequested, the good link loads
    out = list(fetch_web_inputs("t-feed", refs, fetcher(), allow_hosts=["127.0.0.1"]))
    assert sorted((w.reject.reason if w.reject else "raw") for w in out) == ["raw", "robots_disallowed"]
    assert fixture_site.count("/private/") == 0 and second_site.count() == 0


def test_bad_feeds_are_rejects_and_the_rest_continues(fixture_site) -> None:  # noqa: ANN001  (rows 16, 29)
    source = src(fixture_site, "feed", urls=[fixture_site.url(p) for p in ("/feed-bomb.xml", "/login.html", "/fault/404", "/atom.xml")])
    refs, rejects, attempts = discover_web(source, fetcher())
    assert len(refs) == 6
    assert [(r.locator.rsplit("/", 1)[-1], r.reason, r.stage) for r in rejects] == [
        ("feed-bomb.xml", "malformed_xml", "discover"), ("login.html", "not_a_feed", "discover"),
        ("404", "http_error", "discover")]
    assert any(a.status == 404 for a in attempts)


def test_xxe_feed_and_sitemap_on_the_wire(fixture_site) -> None:  # noqa: ANN001  (rows 28, 30)
    refs, rejects, _ = discover_web(src(fixture_site, "feed", url=fixture_site.url("/feed-xxe.xml")), fetcher())
    refs2, rejects2, _ = discover_web(src(fixture_site, "sitemap", url=fixture_site.url("/sitemap-xxe.xml")), fetcher())
    everything = repr((refs, rejects, refs2, rejects2))
    assert fixture_site.secret_token not in everything
    assert len(refs) == 2 and len(refs2) == 2
    assert fixture_site.count("/x.dtd") == 0  # the external DTD was never loaded


# ---------------------------------------------------------------- fetching articles


def test_fetch_web_inputs_then_conditional_rerun(fixture_site) -> None:  # noqa: ANN001  (row 21)
    refs, _, _ = discover_web(src(fixture_site, "feed", url=fixture_site.url("/feed.xml")), fetcher())
    f = fetcher()
    first = list(fetch_web_inputs("t-feed", refs, f, allow_hosts=["127.0.0.1"]))
    raws = {w.locator: w.raw for w in first}
    assert len(raws) == 9 and all(w.raw is not None and w.reject is None for w in first)
    gbk = raws[fixture_site.url("/news/2026/a8.html")]
    assert gbk.data == article_bytes(8)[0] and gbk.kind == "url" and gbk.source == "t-feed"
    assert gbk.content_type == "text/html; charset=gb2312" and gbk.status == 200
    assert gbk.final_url == gbk.locator and gbk.headers["etag"]
    validators = {w.locator: (w.result.etag, w.result.last_modified) for w in first}
    fixture_site.reset()
    again = list(fetch_web_inputs("t-feed", refs, f, validators=validators, allow_hosts=["127.0.0.1"]))
    assert len(again) == 9 and all(w.not_modified and w.raw is None for w in again)
    assert all(h.headers.get("if-none-match") for h in fixture_site.hits("/news/"))
    assert all(a.outcome == "not_modified" for w in again for a in w.attempts)


def test_detect_kind(fixture_site) -> None:  # noqa: ANN001
    f = fetcher(allow_hosts=("127.0.0.1",))
    kinds = {p: detect_kind(f.fetch(fixture_site.url(p))) for p in
             ("/feed.xml", "/atom.xml", "/sitemap_index.xml", "/sitemap-1.xml", "/news/2026/a1.html", "/login.html")}
    assert kinds == {"/feed.xml": "feed", "/atom.xml": "feed", "/sitemap_index.xml": "sitemap",
                     "/sitemap-1.xml": "sitemap", "/news/2026/a1.html": "article", "/login.html": "article"}
    def kind(body: bytes, ctype: str = "text/html") -> str:
        return detect_kind(FetchResult("u", "u", 200, {}, ctype, body, None, 0, []))  # type: ignore[arg-type]

    # a feed served as text/xml or text/html is still a feed; a page mentioning <feedback> is not
    assert kind(rss_xml(BASE).encode()) == "feed"
    assert kind(b"<?xml version='1.0'?><!-- x --><rdf:RDF xmlns:rdf='r'></rdf:RDF>", "text/xml") == "feed"
    assert kind(sitemap_xml(BASE, 1).encode(), "text/xml") == "sitemap"
    assert kind(b"<!-- <feed> --><div><feedback>ok</feedback></div>") == "article"
    assert kind(b"<!DOCTYPE html><html><body>hi</body></html>", "application/octet-stream") == "article"


# ---------------------------------------------------------------- config validation


GOOD = [
    {"name": "a", "kind": "urls", "urls": ["https://x.example.cn/a.html"]},
    {"name": "a", "kind": "urls", "url_file": "urls.txt"},
    {"name": "a", "kind": "feed", "url": "https://x.example.cn/rss.xml", "schedule": "0 6 * * *",
     "politeness": {"delay_seconds": 2, "concurrency": 1, "max_bytes": 5_000_000}},
    {"name": "a", "kind": "sitemap", "urls": ["https://x.example.cn/sitemap.xml"], "allow_hosts": ["127.0.0.1"]},
    {"name": "a", "kind": "listing", "url": "https://x.example.cn/list.html", "article_pattern": r"/\d+\.html$",
     "next_selector": "a.next", "max_pages": 3, "timezone": "Asia/Shanghai", "enabled": False},
    {"name": "a", "kind": "listing", "url": "https://x.example.cn/list.html", "article_pattern": "/art/",
     "page_pattern": "list_{n}.html"},
]


@pytest.mark.parametrize("d", GOOD)
def test_valid_sources(d: dict) -> None:
    validate_web_source(d)


BAD = [
    ({"kind": "urls"}, "urls", "exactly one"),
    ({"kind": "urls", "urls": ["ftp://x/"]}, "urls", "not an http(s) URL"),
    ({"kind": "urls", "urls": "https://x.cn/"}, "urls", "non-empty list"),
    ({"kind": "feed"}, "url", "exactly one"),
    ({"kind": "feed", "url": "file:///etc/passwd"}, "url", "not an http(s) URL"),
    ({"kind": "feed", "url": "https://x.cn/", "article_pattern": "x"}, "article_pattern", "unknown field"),
    ({"kind": "listing", "url": "https://x.cn/"}, "article_pattern", "required"),
    ({"kind": "listing", "url": "https://x.cn/", "article_pattern": "("}, "article_pattern", "regular expression"),
    ({"kind": "listing", "url": "https://x.cn/", "article_pattern": "a", "page_pattern": "list.html"}, "page_pattern", "{n}"),
    ({"kind": "listing", "url": "https://x.cn/", "article_pattern": "a", "next_selector": "//a["}, "next_selector", "XPath"),
    ({"kind": "listing", "url": "https://x.cn/", "article_pattern": "a", "max_pages": 0}, "max_pages", "1 to"),
    ({"kind": "feed", "url": "https://x.cn/", "politeness": {"delay": 1}}, "politeness.delay", "unknown"),
    ({"kind": "feed", "url": "https://x.cn/", "politeness": {"concurrency": 50}}, "politeness.concurrency", "1 to 4"),
    ({"kind": "feed", "url": "https://x.cn/", "allow_hosts": "127.0.0.1"}, "allow_hosts", "list"),
]


@pytest.mark.parametrize(("d", "field", "words"), BAD)
def test_invalid_sources_give_one_line(d: dict, field: str, words: str) -> None:
    with pytest.raises(ValueError) as e:
        validate_web_source({"name": "district-news", **d})
    msg = str(e.value)
    assert msg.startswith(f"source 'district-news': field '{field}': ") and words in msg and "\n" not in msg


def test_config_loader_uses_the_validator(tmp_path: Path) -> None:
    from grassroots.config import ConfigError, load_config

    p = tmp_path / "sources.toml"
    p.write_text('[[sources]]\nname = "jingan"\nkind = "listing"\nurl = "https://x.cn/list.html"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="source 'jingan': field 'article_pattern'"):
        load_config(p)



def test_discover_ingest_decides_from_the_response(fixture_site) -> None:  # noqa: ANN001
    from grassroots.sources.web import discover_ingest

    f = fetcher()
    plan = discover_ingest(
        [fixture_site.url(p) for p in ("/news/2026/a1.html", "/feed.xml", "/sitemap_index.xml", "/fault/404", "/private/x")],
        f, allow_hosts=["127.0.0.1"], since=date(2026, 2, 1),
    )
    assert [r.locator for r in plan.raws] == [fixture_site.url("/news/2026/a1.html")]
    assert plan.raws[0].data == article_bytes(1)[0]
    # feed and sitemap both list a1..a4 in the window; a1 is already fetched: not again
    assert names(plan.refs) == ["a2.html", "a3.html", "a4.html"]
    assert sorted(plan.kinds.values()) == ["article", "feed", "sitemap"]
    assert sorted(r.reason for r in plan.rejects) == ["http_error", "robots_disallowed"]
    assert fixture_site.count("/sitemap_index.xml") == 1 and fixture_site.count("/feed.xml") == 1
    assert fixture_site.count("/news/2026/a1.html") == 1


# ---------------------------------------------------------------- end to end through grassroots.run.pipeline (no Prefect)


def test_pipeline_feed_and_listing_end_to_end(fixture_site, tmp_path: Path) -> None:  # noqa: ANN001  (issue 4 acceptance)
    from grassroots import warehouse
    from grassroots.config import Settings, parse_source
    from grassroots.models import Batch
    from grassroots.run import pipeline

    db = tmp_path / "wh" / "grassroots.duckdb"
    settings = Settings(db=db)
    fast = {"delay_seconds": 0}  # per-source politeness override; the fixture host needs no delay
    sources = [
        parse_source({"name": "portal-feed", "kind": "feed", "url": fixture_site.url("/feed.xml"),
                      "allow_hosts": ["127.0.0.1"], "politeness": fast}),
        parse_source({"name": "portal-list", "kind": "listing", "url": fixture_site.url("/news/list.html"),
                      "article_pattern": ARTICLE_RE, "next_selector": "a.next", "allow_hosts": ["127.0.0.1"],
                      "politeness": fast}),
    ]

    def run() -> None:
        fetcher = pipeline.make_fetcher(sources, settings)
        try:
            for n, s in enumerate(sources):
                found = pipeline.discover(s, fetcher=fetcher)
                pipeline.load(Batch(source=s.name, batch_no=0, rejects=found.rejects, fetch_log=found.attempts), settings)
                batch = pipeline.read_batch(s, n + 1, found.refs, settings, fetcher=fetcher)
                known = pipeline.lookup_known(batch.raws, settings)
                pipeline.load(pipeline.process_batch(batch, known=known), settings)
        finally:
            fetcher.close()

    def q(sql: str) -> list[tuple]:
        con = warehouse.open_reader(db)
        try:
            return con.execute(sql).fetchall()
        finally:
            con.close()

    run()
    docs = q("select source, locator, title, encoding from core.documents order by locator")
    article_urls = sorted(fixture_site.url(f"/news/2026/a{n}.html") for n in range(1, 10))
    # locator = canonical URL; http_cache is keyed by URL, so the listing (run second) found
    # the feed's articles already stored and was answered 304: one document per story
    assert [d[1] for d in docs] == article_urls and {d[0] for d in docs} == {"portal-feed"}
    gbk = [d for d in docs if d[1].endswith("/a8.html")][0]
    assert "四川北路街道" in gbk[2] and gbk[3] == "gb18030"
    assert q("select count(*) from core.raw_blobs") == [(9,)]
    assert [h.path for h in fixture_site.hits("/news/list")] == ["/news/list.html", "/news/list_2.html", "/news/list_3.html"]
    before = q("select count(*) from core.documents")[0][0], q("select count(*) from core.raw_captures")[0][0]

    # the second run asks conditionally and every article answers 304: no new rows
    fixture_site.reset()
    run()
    article_hits = fixture_site.hits("/news/2026/")
    assert len(article_hits) == 18 and all(h.headers.get("if-none-match") for h in article_hits)
    assert (q("select count(*) from core.documents")[0][0], q("select count(*) from core.raw_captures")[0][0]) == before
    log = dict(q("select outcome, count(*) from core.fetch_log where url like '%/news/2026/%' group by 1"))
    assert log == {"ok": 9, "not_modified": 9 + 18}

    # reprocessing the raw layer without the network rebuilds the same documents
    snapshot = q("select doc_id, title, text, published_date, district from core.documents order by doc_id")
    fixture_site.reset()
    raws = pipeline.read_raw_window(settings, "portal-feed", None, None)
    assert len(raws) == 9
    pipeline.load(pipeline.process_batch(Batch(source="portal-feed", batch_no=1, raws=raws)), settings,
                  replace_documents=True)
    assert q("select doc_id, title, text, published_date, district from core.documents order by doc_id") == snapshot
    assert fixture_site.count() == 0


def test_a_page_that_failed_before_a_long_pause_is_tried_once_more(tmp_path: Path) -> None:
    # a source run monthly: its next run came after the retry window, and a page that had failed
    # was never tried again
    from datetime import UTC, datetime, timedelta

    from grassroots import warehouse

    db, now = tmp_path / "wh.duckdb", datetime.now(UTC)
    with warehouse.open_writer(db, command="test") as con:
        for rid, url, first, last in [("r1", "https://a.example/old-once", now - timedelta(days=30), None),
                                      ("r2", "https://a.example/old-twice", now - timedelta(days=30), now - timedelta(days=2)),
                                      ("r3", "https://a.example/recent-twice", now - timedelta(days=3), now - timedelta(days=1))]:
            con.execute("insert into core.rejects (reject_id, source, locator, stage, reason, detail, \"at\", last_at) "
                        "values (?, 'monthly', ?, 'fetch', 'timeout', 'no answer', ?, ?)", [rid, url, first, last or first])
        since = now - timedelta(days=7)
        # refused once and never tried since: tried; tried again and refused again, 30 days after the
        # first refusal: given up; within 7 days of the first refusal: tried
        assert warehouse.pages_to_retry(con, "monthly", since) == ["https://a.example/old-once",
                                                                   "https://a.example/recent-twice"]


def test_a_page_that_failed_is_tried_again_by_the_next_run(fixture_site, tmp_path: Path) -> None:  # noqa: ANN001
    # a scheduled run's window moves on: a page whose fetch failed (a server error, no answer)
    # waited for a hand-made backfill; a 404 is not tried again
    from grassroots import warehouse
    from grassroots.config import Settings, parse_source
    from grassroots.run import pipeline
    from grassroots.sources.urls import canonicalize

    settings = Settings(db=tmp_path / "wh.duckdb")
    broken = canonicalize(fixture_site.url("/fault/flaky?key=again&fails=3"))
    missing = canonicalize(fixture_site.url("/fault/404"))

    def run(urls: list[str]) -> pipeline.Discovery:
        s = parse_source({"name": "reading", "kind": "urls", "urls": urls, "allow_hosts": ["127.0.0.1"],
                          "politeness": {"delay_seconds": 0}})
        fetcher = pipeline.make_fetcher([s], settings)
        try:
            found = pipeline.discover(s, fetcher=fetcher, settings=settings)
            pipeline.load(pipeline.process_batch(pipeline.read_batch(s, 1, found.refs, settings, fetcher=fetcher)),
                          settings)
            return found
        finally:
            fetcher.close()

    def fetched(url: str) -> list[str]:
        con = warehouse.open_reader(settings.db)
        try:
            return [r[0] for r in con.execute("select outcome from core.fetch_log where url = ? order by \"at\"",
                                              [url]).fetchall()]
        finally:
            con.close()

    first = run([fixture_site.url("/news/2026/a1.html"), broken, missing])
    assert first.retried == 0 and fetched(broken) == ["http_error"] * 3
    second = run([fixture_site.url("/news/2026/a2.html")])
    assert second.retried == 1 and fetched(broken) == ["http_error"] * 3 + ["ok"]
    assert fetched(missing) == ["http_error"]
    assert run([fixture_site.url("/news/2026/a3.html")]).retried == 0  # answered since: done

    def refusal(url: str) -> tuple:
        con = warehouse.open_reader(settings.db)
        try:
            return con.execute('select "at", last_at, resolved_at from rejects where locator = ?', [url]).fetchone()
        finally:
            con.close()

    first_at, last_at, resolved = refusal(broken)
    assert last_at == first_at and resolved is not None  # read fine since: `status` says so
    # refused again after it was read fine: the refusal stands again, and the next run tries it
    with fixture_site.lock:
        fixture_site.counters.pop("flaky:again", None)
    run([broken])
    first_again, last_at, resolved = refusal(broken)
    assert first_again == first_at and last_at > first_at and resolved is None
    assert run([fixture_site.url("/news/2026/a4.html")]).retried == 1
    assert refusal(broken)[2] is not None
