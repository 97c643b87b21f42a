"""URL keys and the address policy (reliability.md rows 24, 27)."""

from __future__ import annotations

import ipaddress

import pytest

from grassroots.models import RejectError
from grassroots.sources import urls
from grassroots.sources.urls import canonicalize, check_url


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("HTTP://News.Example.COM:80/a/b.html", "http://news.example.com/a/b.html"),
        ("https://example.com:443/x", "https://example.com/x"),
        ("https://example.com:8443/x", "https://example.com:8443/x"),
        ("http://example.com", "http://example.com/"),
        ("http://example.com/a.html#comments", "http://example.com/a.html"),
        ("http://example.com/a.html?utm_source=rss&utm_medium=x&id=7", "http://example.com/a.html?id=7"),
        ("http://example.com/a.html?spm=a1.b2&from=timeline&isappinstalled=0&id=7", "http://example.com/a.html?id=7"),
        ("http://example.com/a.html?b=2&a=1", "http://example.com/a.html?a=1&b=2"),
        ("http://example.com/x/./y/../z.html", "http://example.com/x/z.html"),
        ("http://example.com/dir/", "http://example.com/dir/"),
        ("http://user:pw@example.com/a", "http://example.com/a"),
        ("http://example.com./a", "http://example.com/a"),
        ("http://例子.中国/新闻", "http://xn--fsqu00a.xn--fiqs8s/%E6%96%B0%E9%97%BB"),
        ("http://example.com/%E6%96%B0", "http://example.com/%E6%96%B0"),
        ("  http://example.com/a  ", "http://example.com/a"),
        ("http://[::1]:8080/a", "http://[::1]:8080/a"),
    ],
)
def test_canonicalize(given: str, expected: str) -> None:
    assert canonicalize(given) == expected


def test_one_story_one_key() -> None:
    variants = [
        "http://www.example.gov.cn/news/2026/a1.html",
        "HTTP://WWW.EXAMPLE.GOV.CN:80/news/2026/a1.html#top",
        "http://www.example.gov.cn/news/2026/a1.html?utm_source=wechat&spm=1.2.3",
        "http://www.example.gov.cn/news/2026/../2026/a1.html",
    ]
    assert len({canonicalize(v) for v in variants}) == 1
    assert canonicalize(canonicalize(variants[1])) == canonicalize(variants[1])  # idempotent


def test_non_http_urls_keep_their_shape_for_the_reject_message() -> None:
    assert canonicalize("FILE:///etc/passwd#x") == "file:///etc/passwd"
    assert canonicalize("javascript:alert(1)") == "javascript:alert(1)"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://127.8.9.10:8080/",
        "http://localhost/",
        "http://LOCALHOST./",
        "http://2130706433/",  # decimal
        "http://0x7f000001/",  # hex
        "http://0177.0.0.1/",  # octal
        "http://127.1/",  # short form
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",  # IPv4-mapped
        "http://[::ffff:7f00:1]/",
        "http://0.0.0.0/",
        "http://10.1.2.3/",
        "http://172.16.0.1/",
        "http://172.31.255.255/",
        "http://192.168.1.1/",
        "http://169.254.169.254/latest/meta-data/",  # cloud metadata
        "http://100.64.0.1/",  # CGNAT
        "http://[fc00::1]/",
        "http://[fd12:3456::1]/",
        "http://[fe80::1]/",
        "http://224.0.0.1/",  # multicast
    ],
)
def test_private_and_loopback_addresses_are_refused(url: str) -> None:
    with pytest.raises(RejectError) as e:
        check_url(url)
    assert e.value.reason == "blocked_address"
    assert "allow" in e.value.detail


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "ftp://example.com/x", "gopher://example.com/", "javascript:alert(1)",
     "data:text/html,hi", "/etc/passwd", "etc/passwd", "mailto:a@example.com", "http:///nohost"],
)
def test_only_http_and_https(url: str) -> None:
    with pytest.raises(RejectError) as e:
        check_url(url)
    assert e.value.reason == "unsupported_scheme"


def test_public_literal_addresses_pass() -> None:
    check_url("http://93.184.216.34/a")
    check_url("https://[2606:4700::1111]/")


def test_allow_hosts_opt_in_is_exact() -> None:
    check_url("http://127.0.0.1:8000/feed.xml", allow_hosts=["127.0.0.1"])
    check_url("http://LOCALHOST:8000/", allow_hosts=["localhost"])
    # allowing 127.0.0.1 does not allow another spelling or another loopback address
    for other in ("http://127.0.0.2/", "http://2130706433/", "http://localhost/"):
        with pytest.raises(RejectError):
            check_url(other, allow_hosts=["127.0.0.1"])


def test_names_are_resolved_and_every_address_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    answers = {"mixed.example": ["93.184.216.34", "10.0.0.5"], "public.example": ["93.184.216.34"]}
    monkeypatch.setattr(urls, "resolve_host", lambda host, port: [ipaddress.ip_address(a) for a in answers.get(host, [])])
    check_url("http://public.example/")
    with pytest.raises(RejectError) as e:
        check_url("http://mixed.example/")
    assert e.value.reason == "blocked_address" and "10.0.0.5" in e.value.detail
    check_url("http://unresolvable.example/")  # the connection fails on its own later


def test_is_public_address_unwraps_mapped_and_6to4() -> None:
    assert not urls.is_public_address(ipaddress.ip_address("::ffff:10.0.0.1"))
    assert not urls.is_public_address(ipaddress.ip_address("2002:7f00:1::"))  # 6to4 of 127.0.0.1
    assert urls.is_public_address(ipaddress.ip_address("8.8.8.8"))
