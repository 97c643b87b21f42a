"""The Fetcher against a real server on loopback: every fault endpoint of the fixture site.

Backoff and politeness sleeps go to a fake clock, so nothing here waits for real except
the timeout rows (a fraction of a second each). Rows refer to reliability.md section 7.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from datetime import UTC

import pytest
from fixture_site import (  # noqa: F401  (the *_fixture names register fixture_site, second_site)
    article_bytes,
    dead_port,
    fixture_site_fixture,
    second_server_fixture,
    second_site_fixture,
    site_server_fixture,
)

from grassroots.models import RejectError, is_passing
from grassroots.sources import urls
from grassroots.sources.fetch import Fetcher, FetchPolicy, parse_retry_after

pytestmark = pytest.mark.reliability

LOOPBACK = ("127.0.0.1",)


class FakeClock:
    """monotonic() that only moves when someone sleeps; records every sleep."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []
        self._lock = threading.Lock()

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.sleeps.append(seconds)
            self.now += max(0.0, seconds)


def make(clock: FakeClock | None = None, **kw) -> Fetcher:  # noqa: ANN003
    kw.setdefault("allow_hosts", LOOPBACK)
    kw.setdefault("delay_seconds", 0.0)
    kw.setdefault("contact", "ops@example.org")
    clock = clock or FakeClock()
    return Fetcher(FetchPolicy(**kw), sleep=clock.sleep, clock=clock.clock)


def reject_of(fetcher: Fetcher, url: str, **kw) -> RejectError:  # noqa: ANN003
    with pytest.raises(RejectError) as e:
        fetcher.fetch(url, **kw)
    return e.value


# ---------------------------------------------------------------- success path


def test_article_is_fetched_as_bytes_with_headers(fixture_site) -> None:  # noqa: ANN001
    with make() as f:
        r = f.fetch(fixture_site.url("/news/2026/a8.html"))
    body, ctype = article_bytes(8)
    assert r.status == 200 and r.body == body  # GBK bytes untouched: decoding is extraction's job
    assert r.content_type == ctype == "text/html; charset=gb2312"
    assert r.url == r.final_url == fixture_site.url("/news/2026/a8.html")
    assert r.etag and r.last_modified and not r.not_modified
    assert [a.outcome for a in r.attempts] == ["robots", "ok"]
    hit = fixture_site.hits("/news/2026/a8.html")[0]
    assert hit.headers["user-agent"] == "grassroots/0.1 (+ops@example.org)"
    assert hit.headers["accept-encoding"] == "gzip, deflate"  # never br (row 15)


def test_gzip_body_is_inflated(fixture_site) -> None:  # noqa: ANN001
    with make() as f:
        r = f.fetch(fixture_site.url("/fault/gzip-ok"))
    assert "恢复正常".encode() in r.body


@pytest.mark.parametrize("form", ["deflate-zlib", "deflate-raw"])
def test_deflate_in_both_wrappings_is_inflated(fixture_site, form: str) -> None:  # noqa: ANN001
    assert "恢复正常".encode() in make().fetch(fixture_site.url(f"/fault/{form}")).body


def test_requested_url_is_canonicalised(fixture_site) -> None:  # noqa: ANN001
    with make() as f:
        r = f.fetch(fixture_site.url("/news/2026/a1.html?utm_source=x#frag"))
    assert r.url == fixture_site.url("/news/2026/a1.html")
    assert fixture_site.hits()[-1].path == "/news/2026/a1.html"


# ---------------------------------------------------------------- HTTP errors and retries


def test_404_is_not_retried(fixture_site) -> None:  # noqa: ANN001
    clock = FakeClock()
    e = reject_of(make(clock), fixture_site.url("/fault/404"))
    assert e.reason == "http_error" and "404" in e.detail
    assert fixture_site.count("/fault/404") == 1 and clock.sleeps == []
    assert e.attempts[-1].status == 404 and e.url == fixture_site.url("/fault/404")


def test_500_then_200_succeeds_on_third_attempt(fixture_site) -> None:  # noqa: ANN001  (row 2)
    clock = FakeClock()
    r = make(clock).fetch(fixture_site.url("/fault/flaky?key=t2&fails=2"))
    assert r.status == 200 and b"<p>" in r.body
    assert fixture_site.count("/fault/flaky") == 3
    assert [a.status for a in r.attempts if a.outcome != "robots"] == [500, 500, 200]
    # exponential backoff with jitter: 1 s * [1, 1.5), then 2 s * [1, 1.5)
    assert len(clock.sleeps) == 2 and 1 <= clock.sleeps[0] < 1.5 and 2 <= clock.sleeps[1] < 3


def test_persistent_500_gives_up_after_three_requests(fixture_site) -> None:  # noqa: ANN001  (row 1)
    clock = FakeClock()
    e = reject_of(make(clock), fixture_site.url("/fault/always500"))
    assert e.reason == "http_error" and "after 3 attempts" in e.detail
    assert fixture_site.count("/fault/always500") == 3
    assert [a.status for a in e.attempts if a.outcome == "http_error"] == [500, 500, 500]


@pytest.mark.parametrize("form", ["seconds", "date"])
def test_429_retry_after_is_honoured(fixture_site, form: str) -> None:  # noqa: ANN001  (row 3)
    clock = FakeClock()
    r = make(clock).fetch(fixture_site.url(f"/fault/429?key=t3{form}&form={form}&after=2"))
    assert r.status == 200 and fixture_site.count("/fault/429") == 2
    assert len(clock.sleeps) == 1
    if form == "seconds":
        assert clock.sleeps == [2.0]
    else:  # HTTP-date has whole seconds: the wait is in (1, 2]
        assert 0.5 < clock.sleeps[0] <= 2.0


def test_overloaded_host_gets_a_longer_delay(fixture_site) -> None:  # noqa: ANN001  (row 20: slow down on errors)
    clock = FakeClock()
    f = make(clock, delay_seconds=1.0)
    f.fetch(fixture_site.url("/fault/429?key=slow&after=0"))
    clock.sleeps.clear()
    f.fetch(fixture_site.url("/news/2026/a1.html"))
    f.fetch(fixture_site.url("/news/2026/a2.html"))
    # the delay doubled after the 429; each answer since brings it halfway back
    assert clock.sleeps == [2.0, 1.5]
    f.fetch(fixture_site.url("/fault/flaky?key=slow&fails=1"))  # a 500 does not slow the host
    clock.sleeps.clear()
    f.fetch(fixture_site.url("/news/2026/a3.html"))
    assert clock.sleeps == [1.125]


def test_a_busy_host_does_not_slow_the_rest_of_the_run(fixture_site) -> None:  # noqa: ANN001
    # a host that answered 503 six times in a row left the run at the 30 s cap for every later
    # page (2,000 pages: hours); answers since bring it back to the polite delay
    clock = FakeClock()
    f = make(clock, delay_seconds=1.0)
    for _ in range(2):
        with pytest.raises(RejectError):
            f.fetch(fixture_site.url("/fault/503"))
    clock.sleeps.clear()
    f.fetch(fixture_site.url("/news/2026/a1.html"))
    assert clock.sleeps == [30.0]
    for k in range(12):
        f.fetch(fixture_site.url(f"/news/2026/a{k % 5 + 1}.html"))
    assert clock.sleeps[-1] < 1.05 and clock.sleeps == sorted(clock.sleeps, reverse=True)


def test_retry_after_too_long_defers_the_host(fixture_site, second_site) -> None:  # noqa: ANN001  (row 4)
    clock = FakeClock()
    f = make(clock, allow_hosts=("127.0.0.1", "127.0.0.2"))
    e = reject_of(f, fixture_site.url("/fault/429?key=t4&after=3600"))
    assert e.reason == "rate_limited"
    assert all(s < 60 for s in clock.sleeps)  # no hour-long sleep
    # the host is deferred for the rest of the run: no further request reaches it
    before = fixture_site.count()
    e2 = reject_of(f, fixture_site.url("/news/2026/a1.html"))
    assert e2.reason == "rate_limited" and fixture_site.count() == before
    assert "127.0.0.1" in f.deferred_hosts()
    # other hosts proceed
    assert f.fetch(second_site.url("/news/2026/a2.html")).status == 200


def test_parse_retry_after_forms() -> None:
    from datetime import datetime

    now = datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("120", now) == 120
    assert parse_retry_after("Sun, 01 Mar 2026 12:00:30 GMT", now) == 30
    assert parse_retry_after("Sun, 01 Mar 2026 11:00:00 GMT", now) == 0
    assert parse_retry_after("soon", now) is None and parse_retry_after(None) is None
    # a header's bytes are read as Latin-1: 0xB9 is ¹, a "digit" float() refuses (it raised)
    assert parse_retry_after("¹", now) is None and parse_retry_after("²³", now) is None


# ---------------------------------------------------------------- timeouts and broken bodies


def test_silent_server_read_timeout_is_retried_then_rejected(fixture_site) -> None:  # noqa: ANN001  (row 5)
    f = make(read_timeout=0.3, retries=1)
    e = reject_of(f, fixture_site.url("/fault/slow?delay=2"))
    assert e.reason == "timeout"
    assert fixture_site.count("/fault/slow") == 2
    assert [a.outcome for a in e.attempts if a.outcome != "robots"] == ["timeout", "timeout"]


def test_trickle_body_hits_the_wall_clock_deadline(fixture_site) -> None:  # noqa: ANN001  (row 6)
    # the server sends a byte every 0.1 s: the read timeout (2 s) never fires, the deadline does
    f = make(read_timeout=2.0, deadline=0.5, retries=0)
    e = reject_of(f, fixture_site.url("/fault/trickle"))
    assert e.reason == "timeout" and "deadline" in e.detail
    got = [a for a in e.attempts if a.outcome == "timeout"][0]
    assert 0 < got.bytes < 10000


def test_truncated_body_is_never_returned(fixture_site) -> None:  # noqa: ANN001  (row 7)
    e = reject_of(make(), fixture_site.url("/fault/truncated"))
    assert e.reason == "connection_error"
    assert fixture_site.count("/fault/truncated") == 3  # transient: retried


def test_connection_refused_is_retried_then_rejected() -> None:  # (row 8)
    port = dead_port()
    clock = FakeClock()
    f = make(clock, obey_robots=False)
    e = reject_of(f, f"http://127.0.0.1:{port}/x")
    assert e.reason == "connection_error"
    assert [a.outcome for a in e.attempts] == ["connection_error"] * 3 and len(clock.sleeps) == 2


def test_a_host_that_stopped_answering_is_skipped_for_the_rest_of_the_run() -> None:
    # a site that went down mid-run cost every remaining page three attempts and their backoff:
    # 1,125 pages of a loopback sitemap, 18 minutes after the server stopped
    port = dead_port()
    clock = FakeClock()
    f = make(clock, obey_robots=False)
    for n in range(1, 6):
        assert reject_of(f, f"http://127.0.0.1:{port}/a{n}.html").reason == "connection_error"
    clock.sleeps.clear()
    e = reject_of(f, f"http://127.0.0.1:{port}/a6.html")
    assert e.reason == "host_unreachable" and "5 pages in a row" in e.detail
    assert [a.outcome for a in e.attempts] == ["host_unreachable"] and clock.sleeps == []


def test_pages_robots_txt_disallows_do_not_count_as_a_host_down(fixture_site) -> None:  # noqa: ANN001
    f = make(FakeClock())
    for _ in range(6):
        assert reject_of(f, fixture_site.url("/private/x.html")).reason == "robots_disallowed"
    assert f.fetch(fixture_site.url("/news/2026/a1.html")).status == 200


def test_answers_between_failures_keep_the_host(fixture_site) -> None:  # noqa: ANN001
    # a page that fails to connect now and then is not a host that is down
    f = make(FakeClock())
    for n in range(8):
        f.fetch(fixture_site.url(f"/news/2026/a{n % 5 + 1}.html"))
        if n % 2:
            assert reject_of(f, fixture_site.url("/fault/always500")).reason == "http_error"
    assert f.fetch(fixture_site.url("/news/2026/a2.html")).status == 200


# ---------------------------------------------------------------- redirects


def test_redirect_loop_stops_at_the_limit(fixture_site) -> None:  # noqa: ANN001  (row 9)
    e = reject_of(make(), fixture_site.url("/fault/loop"))
    assert e.reason == "too_many_redirects"
    assert fixture_site.count("/fault/loop") == 6  # the request and 5 redirects


def test_redirect_to_metadata_address_never_opens_a_socket(fixture_site, monkeypatch) -> None:  # noqa: ANN001  (rows 10, 23)
    connected: list[object] = []
    real_connect = socket.socket.connect

    def spy(self, address):  # noqa: ANN001, ANN202
        connected.append(address)
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", spy)
    e = reject_of(make(), fixture_site.url("/fault/redirect-metadata"))
    assert e.reason == "blocked_address" and "169.254.169.254" in e.detail
    assert not any(str(a[0]).startswith("169.254") for a in connected if isinstance(a, tuple))
    assert connected  # the spy did see the loopback connection: it works


def test_redirect_to_unlisted_loopback_host_is_refused(fixture_site, second_site) -> None:  # noqa: ANN001  (row 10)
    e = reject_of(make(), fixture_site.url(f"/fault/redirect?to={second_site.url('/news/2026/a1.html')}"))
    assert e.reason == "blocked_address" and "127.0.0.2" in e.detail
    assert second_site.count() == 0


def test_redirect_to_allowed_host_is_followed_and_rechecked(fixture_site, second_site) -> None:  # noqa: ANN001
    f = make(allow_hosts=("127.0.0.1", "127.0.0.2"))
    r = f.fetch(fixture_site.url(f"/fault/redirect?to={second_site.url('/news/2026/a1.html')}"))
    assert r.final_url == second_site.url("/news/2026/a1.html")
    assert r.url.startswith(fixture_site.base)
    assert [h.path for h in second_site.hits()] == ["/robots.txt", "/news/2026/a1.html"]


def test_redirect_to_file_scheme_is_refused(fixture_site) -> None:  # noqa: ANN001  (row 11)
    e = reject_of(make(), fixture_site.url("/fault/redirect-file"))
    assert e.reason == "unsupported_scheme"


def test_redirect_to_an_unreadable_url_is_refused_not_an_error(fixture_site) -> None:  # noqa: ANN001
    e = reject_of(make(), fixture_site.url("/fault/redirect?to=http%3A%2F%2F%5Bbad%2Fx.html"))
    assert e.reason == "unsupported_scheme"


# ---------------------------------------------------------------- size caps and encodings


def test_declared_50mb_body_is_refused_before_reading(fixture_site) -> None:  # noqa: ANN001  (row 12)
    e = reject_of(make(), fixture_site.url("/fault/big"))
    assert e.reason == "too_large" and "Content-Length" in e.detail
    assert e.attempts[-1].bytes == 0


def test_unannounced_big_body_stops_at_the_cap(fixture_site) -> None:  # noqa: ANN001  (row 13)
    e = reject_of(make(max_bytes=2_000_000), fixture_site.url("/fault/big-chunked"))
    assert e.reason == "too_large"
    assert 2_000_000 < e.attempts[-1].bytes < 2_000_000 + 2 * 1024 * 1024


def test_gzip_bomb_is_refused_while_inflating(fixture_site) -> None:  # noqa: ANN001  (row 14)
    e = reject_of(make(max_bytes=5_000_000), fixture_site.url("/fault/gzip-bomb"))
    assert e.reason == "too_large" and "after decoding" in e.detail
    # it stopped after a few kilobytes of the ~100 KB compressed stream
    assert e.attempts[-1].bytes < 100_000


def test_brotli_sent_unasked_is_refused(fixture_site) -> None:  # noqa: ANN001  (row 15)
    e = reject_of(make(), fixture_site.url("/fault/brotli"))
    assert e.reason == "bad_content_type" and "br" in e.detail


def test_non_html_content_type_is_refused(fixture_site) -> None:  # noqa: ANN001  (row 16)
    e = reject_of(make(), fixture_site.url("/fault/png"))
    assert e.reason == "bad_content_type" and "image/png" in e.detail


# ---------------------------------------------------------------- robots.txt


def test_robots_disallowed_path_is_never_requested(fixture_site) -> None:  # noqa: ANN001  (row 18)
    f = make()
    e = reject_of(f, fixture_site.url("/private/secret.html"))
    assert e.reason == "robots_disallowed"
    f.fetch(fixture_site.url("/news/2026/a1.html"))
    assert fixture_site.count("/private/") == 0
    assert fixture_site.count("/robots.txt") == 1  # cached per host


def test_robots_5xx_disallows_the_host_4xx_allows(fixture_site) -> None:  # noqa: ANN001  (row 19)
    fixture_site.robots_status = 503
    e = reject_of(make(), fixture_site.url("/news/2026/a1.html"))
    assert e.reason == "robots_disallowed" and "HTTP 503" in e.detail
    assert [(a.status, a.outcome) for a in e.attempts] == [(503, "robots"), (None, "robots_disallowed")]
    assert fixture_site.count("/news/") == 0
    fixture_site.robots_status = 404
    assert make().fetch(fixture_site.url("/private/secret.html")).status == 200


def test_a_host_that_does_not_answer_for_its_robots_txt_is_unreachable_not_disallowing() -> None:
    # (RFC 9309 keeps it off limits for the run; the reason said robots.txt forbade the pages, and
    # `grassroots serve` printed "robots_disallowed" for a feed whose host was down)
    port = dead_port()
    f = make(FakeClock())
    e = reject_of(f, f"http://127.0.0.1:{port}/rss.xml")
    assert e.reason == "host_unreachable" and "did not answer" in e.detail
    assert is_passing(e.reason, e.detail)  # later runs try its pages again
    assert [a.outcome for a in e.attempts] == ["connection_error", "host_unreachable"]  # robots.txt, then the page
    assert reject_of(f, f"http://127.0.0.1:{port}/a1.html").reason == "host_unreachable"  # no new attempt


def test_robots_gbk_and_oversized_files(fixture_site) -> None:  # noqa: ANN001  (row 19)
    # GBK comments do not stop the ASCII rules from parsing
    fixture_site.robots_body = "# 内部页面不对外\nUser-agent: *\nDisallow: /private/\n".encode("gbk")
    assert reject_of(make(), fixture_site.url("/private/a.html")).reason == "robots_disallowed"
    # only the first 500 KiB count (RFC 9309 2.5): a rule after 600 KiB of comments is not read
    fixture_site.robots_body = "User-agent: *\nDisallow: /private/\n" + "# filler\n" * 70_000 + "Disallow: /news/\n"
    f = make()
    assert reject_of(f, fixture_site.url("/private/a.html")).reason == "robots_disallowed"
    assert f.fetch(fixture_site.url("/news/2026/a1.html")).status == 200


def test_robots_crawl_delay_is_a_floor_on_the_delay(fixture_site) -> None:  # noqa: ANN001
    fixture_site.robots_body = "User-agent: *\nCrawl-delay: 3\nDisallow: /private/\n"
    clock = FakeClock()
    f = make(clock, delay_seconds=0.5)
    for n in (1, 2, 3):
        f.fetch(fixture_site.url(f"/news/2026/a{n}.html"))
    # robots.txt, then three pages: each page waited the crawl delay, not our 0.5 s
    assert clock.sleeps == [3.0, 3.0, 3.0]


def test_robots_can_be_turned_off(fixture_site) -> None:  # noqa: ANN001
    assert make(obey_robots=False).fetch(fixture_site.url("/private/secret.html")).status == 200
    assert fixture_site.count("/robots.txt") == 0


# ---------------------------------------------------------------- conditional GET


def test_conditional_get_returns_304_without_body(fixture_site) -> None:  # noqa: ANN001  (row 21)
    f = make()
    first = f.fetch(fixture_site.url("/news/2026/a3.html"))
    again = f.fetch(fixture_site.url("/news/2026/a3.html"), etag=first.etag, last_modified=first.last_modified)
    assert again.status == 304 and again.not_modified and again.body is None
    assert [a.outcome for a in again.attempts] == ["not_modified"]
    sent = fixture_site.hits("/news/2026/a3.html")[-1].headers
    assert sent["if-none-match"] == first.etag and sent["if-modified-since"] == first.last_modified
    only_date = f.fetch(fixture_site.url("/news/2026/a3.html"), last_modified=first.last_modified)
    assert only_date.not_modified


def test_304_without_validators_keeps_the_ones_sent(fixture_site) -> None:  # noqa: ANN001
    f = make()
    first = f.fetch(fixture_site.url("/news/2026/a6.html"))
    again = f.fetch(fixture_site.url("/news/2026/a6.html"), etag=first.etag, last_modified=first.last_modified)
    assert again.not_modified and (again.etag, again.last_modified) == (first.etag, first.last_modified)


# ---------------------------------------------------------------- address policy in the fetcher


def test_loopback_needs_an_explicit_allow(fixture_site) -> None:  # noqa: ANN001  (row 22)
    f = make(allow_hosts=())
    e = reject_of(f, fixture_site.url("/news/2026/a1.html"))
    assert e.reason == "blocked_address" and e.attempts and e.attempts[-1].outcome == "blocked_address"
    assert fixture_site.count() == 0
    assert f.fetch(fixture_site.url("/news/2026/a1.html"), allow_hosts=["127.0.0.1"]).status == 200


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://127.0.0.1/x", "gopher://127.0.0.1/"])
def test_fetch_refuses_other_schemes(url: str) -> None:  # (row 27)
    e = reject_of(make(), url)
    assert e.reason == "unsupported_scheme"


def test_dns_rebinding_is_caught_at_connect(fixture_site, monkeypatch) -> None:  # noqa: ANN001  (row 25)
    # the pre-flight resolver says "public", the real connection lands on 127.0.0.1
    monkeypatch.setattr(urls, "resolve_host", lambda host, port: [ipaddress.ip_address("93.184.216.34")])
    url = f"http://localhost:{fixture_site.port}/news/2026/a1.html"
    e = reject_of(make(allow_hosts=(), obey_robots=False), url)
    assert e.reason == "blocked_address" and "127.0.0.1" in e.detail
    assert fixture_site.count() == 0  # connected, checked the peer, hung up before sending
    # the same URL with the host allow-listed goes through the same transport
    assert make(allow_hosts=("localhost",), obey_robots=False).fetch(url).status == 200


def test_proxy_environment_is_ignored(fixture_site, second_site, monkeypatch) -> None:  # noqa: ANN001  (row 26)
    for var in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.setenv(var, second_site.base)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    assert make().fetch(fixture_site.url("/news/2026/a1.html")).status == 200
    assert second_site.count() == 0


# ---------------------------------------------------------------- politeness and fetch_many


def test_fetch_many_is_polite_per_host_and_parallel_across_hosts(fixture_site, second_site) -> None:  # noqa: ANN001  (row 20)
    clock = FakeClock()
    f = make(clock, delay_seconds=1.5, allow_hosts=("127.0.0.1", "127.0.0.2"))
    urls_ = [s.url(f"/news/2026/a{n}.html") for s in (fixture_site, second_site) for n in range(1, 7)]
    urls_.append(fixture_site.url("/fault/404"))
    urls_.append(fixture_site.url("/news/2026/a1.html?utm_source=dup"))  # same key as a1: fetched once
    results = list(f.fetch_many(urls_))
    ok = [r for r in results if not isinstance(r, RejectError)]
    bad = [r for r in results if isinstance(r, RejectError)]
    assert len(ok) == 12 and len(bad) == 1 and bad[0].url == fixture_site.url("/fault/404")
    assert fixture_site.max_active == 1 and second_site.max_active == 1
    assert fixture_site.count("/news/2026/a1.html") == 1


def test_requests_to_one_host_are_spaced_by_the_delay(fixture_site) -> None:  # noqa: ANN001  (row 20)
    clock = FakeClock()
    f = make(clock, delay_seconds=1.5)
    results = list(f.fetch_many([fixture_site.url(f"/news/2026/a{n}.html") for n in range(1, 7)]))
    assert len(results) == 6 and fixture_site.max_active == 1
    # robots.txt and 6 pages: each request after the first waited the full delay
    assert clock.sleeps == [1.5] * 6


def test_fetch_many_uses_validators(fixture_site) -> None:  # noqa: ANN001
    f = make()
    first = {r.url: (r.etag, r.last_modified) for r in f.fetch_many([fixture_site.url(f"/news/2026/a{n}.html") for n in (1, 2)])}
    again = list(f.fetch_many(list(first), validators=first))
    assert all(r.not_modified for r in again) and len(again) == 2


# ---------------------------------------------------------------- TLS


def test_tls_verification_is_never_turned_off(tmp_path) -> None:  # noqa: ANN001  (issue 9: never retry without verification)
    import shutil
    import ssl
    import subprocess

    from fixture_site import FixtureSite

    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a self-signed certificate")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
         "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )
    site = FixtureSite()
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    site.server.socket = ctx.wrap_socket(site.server.socket, server_side=True)
    site.start()
    try:
        e = reject_of(make(obey_robots=False), f"https://127.0.0.1:{site.port}/news/2026/a1.html")
        assert e.reason == "connection_error" and "CERTIFICATE_VERIFY_FAILED" in e.detail
        assert [a.outcome for a in e.attempts] == ["connection_error"] * 3
        assert site.count() == 0  # no attempt ever got past the handshake
    finally:
        site.stop()


def test_fetch_many_stops_when_the_caller_stops(fixture_site) -> None:  # noqa: ANN001
    import time

    f = Fetcher(FetchPolicy(allow_hosts=LOOPBACK, delay_seconds=1.0), sleep=lambda s: time.sleep(0.1))
    gen = f.fetch_many([fixture_site.url(f"/news/2026/a{n}.html") for n in range(1, 10)])
    first = next(gen)
    gen.close()
    assert first.status == 200
    assert fixture_site.count("/news/") < 5  # not all nine were fetched after the caller left


def test_an_interrupted_fetch_does_not_wait_out_the_hosts_delay(fixture_site) -> None:  # noqa: ANN001
    # Ctrl-C during a web run took a minute or more: lanes slept out a slowed-down host's delay
    import time

    f = Fetcher(FetchPolicy(allow_hosts=LOOPBACK, delay_seconds=30.0))
    t0 = time.monotonic()
    got = list(f.fetch_many([fixture_site.url(f"/news/2026/a{n}.html") for n in range(1, 4)],
                            stop=lambda: time.monotonic() - t0 > 0.5))
    assert time.monotonic() - t0 < 3.0
    assert len(got) < 3 and fixture_site.count("/news/") < 3


def test_chaos_site_every_fault_is_retried_or_rejected_never_partial(fixture_site) -> None:  # noqa: ANN001  (issue 9 soak, small)
    fixture_site.chaos = 0.3
    clock = FakeClock()
    f = make(clock)
    urls_ = [fixture_site.url(f"/news/2026/a{n}.html") for n in range(1, 10)]
    urls_ += [fixture_site.url(f"/news/list{s}.html") for s in ("", "_2", "_3")]
    results = list(f.fetch_many(urls_))
    ok = [r for r in results if not isinstance(r, RejectError)]
    assert len(results) == 12 and len(fixture_site.chaos_log) >= 3
    # whatever came back whole is byte-identical to the page; nothing partial slipped through
    for r in ok:
        n = r.url.rsplit("/a", 1)[-1].removesuffix(".html")
        if n.isdigit():
            assert r.body == article_bytes(int(n))[0]
        else:
            assert r.body.rstrip().endswith(b"</html>")
    for e in (r for r in results if isinstance(r, RejectError)):
        assert e.reason in ("http_error", "connection_error")


def test_path_traversal_urls_stay_on_the_server(fixture_site) -> None:  # noqa: ANN001  (row 31)
    f = make()
    for url in (fixture_site.base + "/../../etc/passwd", fixture_site.base + "/news/%2e%2e%2f%2e%2e%2fetc/passwd"):
        e = reject_of(f, url)
        assert e.reason == "http_error" and "404" in e.detail
    assert [h.path for h in fixture_site.hits() if "passwd" in h.path] == ["/etc/passwd", "/news/%2e%2e%2f%2e%2e%2fetc/passwd"]
