"""Web sources: turn a configured source into article URLs to fetch.

Kinds: `urls` (a list, or a file of URLs one a line), `feed` (RSS/Atom), `sitemap`
(indexes followed; `lastmod` selects the window), `listing` (a portal's paginated
news list). Discovery fetches feeds, sitemaps and list pages through the run's
`Fetcher`; the articles themselves are fetched later by `fetch_web_inputs`, which
turns each response into a `RawInput` (or a `Reject`, or a 304 that costs nothing).

Source dict (what `config.Source.as_dict()` gives, plus optional `base_dir` for a
relative `url_file`):

    {"name": "jingan-news", "kind": "listing", "enabled": True,
     "url": "https://www.example.gov.cn/news/list.html",
     "article_pattern": r"/news/\\d{4}/\\w+\\.html$", "next_selector": "a.next",
     "max_pages": 5, "allow_hosts": [], "politeness": {"delay_seconds": 2}}
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from grassroots.models import InputRef, RawInput, Reject, RejectError
from grassroots.sources import in_window
from grassroots.sources.feeds import looks_like_feed, parse_feed
from grassroots.sources.fetch import FetchAttempt, Fetcher, FetchResult
from grassroots.sources.listings import compile_selector, decode_html, parse_listing
from grassroots.sources.sitemaps import MAX_SITEMAP_BYTES, looks_like_sitemap, parse_sitemap
from grassroots.sources.urls import LinkEntry, canonicalize, check_url, url_host

__all__ = [
    "IngestPlan", "WebFetch", "detect_kind", "discover_ingest", "discover_web", "fetch_web_inputs", "raw_input_from_result",
    "reject_from_error", "validate_web_source",
]

WEB_KINDS = ("urls", "feed", "sitemap", "listing")
# A listing with no page limit stops after 10 pages: a daily run only needs the newest
# pages; a backfill raises it per source.
DEFAULT_MAX_PAGES = 10
MAX_PAGES_LIMIT = 1000
# Sitemap indexes nest at most once in practice (sitemaps.org forbids deeper nesting);
# 3 levels and 500 files bound a hostile or broken index.
MAX_SITEMAP_DEPTH = 3
MAX_SITEMAP_FILES = 500
# Politeness overrides a source may set; concurrency above 4 per host is not polite.
MAX_HOST_CONCURRENCY = 4

_COMMON = {"name", "kind", "enabled", "schedule", "timezone", "catchup", "priority", "allow_hosts", "politeness", "base_dir"}
_KIND_FIELDS = {
    "urls": {"urls", "url_file"},
    "feed": {"url", "urls"},
    "sitemap": {"url", "urls"},
    "listing": {"url", "article_pattern", "next_selector", "page_pattern", "max_pages"},
}
_POLITENESS = {"delay_seconds", "concurrency", "max_bytes"}


# ------------------------------------------------------------------ config validation


def validate_web_source(d: dict) -> None:
    """Raise ValueError("source 'NAME': field 'X': what is wrong") for a bad web source."""
    name = d.get("name")
    label = f"source '{name}'" if isinstance(name, str) else "source"

    def bad(fieldname: str, msg: str) -> ValueError:
        return ValueError(f"{label}: field '{fieldname}': {msg}")

    kind = d.get("kind")
    if kind not in WEB_KINDS:
        raise bad("kind", f"must be one of {', '.join(WEB_KINDS)} for a web source")
    unknown = sorted(set(d) - _COMMON - _KIND_FIELDS[kind])
    if unknown:  # all of them at once
        from grassroots.config import unknown_fields

        raise ValueError(str(unknown_fields(label, unknown, f"a {kind} source", sorted(_KIND_FIELDS[kind]))))

    def check_http(fieldname: str, value: object) -> None:
        if not isinstance(value, str) or not value.strip():
            raise bad(fieldname, "must be a URL string")
        try:
            p = urlsplit(value.strip())
        except ValueError as e:
            raise bad(fieldname, f"not a URL: {e}") from None
        if p.scheme.lower() not in ("http", "https") or not p.hostname:
            raise bad(fieldname, f"{value!r} is not an http(s) URL with a host")

    if kind == "urls":
        has_list, has_file = "urls" in d, "url_file" in d
        if has_list == has_file:
            raise bad("urls", "a urls source needs exactly one of 'urls' (a list) or 'url_file' (a path)")
        if has_list:
            urls = d["urls"]
            if not isinstance(urls, list) or not urls:
                raise bad("urls", "must be a non-empty list of URLs")
            for u in urls:
                check_http("urls", u)
        elif not isinstance(d["url_file"], str) or not d["url_file"].strip():
            raise bad("url_file", "must be a path to a file of URLs, one a line")
    else:
        if kind == "listing" and "urls" in d:
            raise bad("urls", "a listing source has one start 'url'")
        if ("url" in d) == ("urls" in d):
            raise bad("url", f"a {kind} source needs exactly one of 'url' or 'urls'")
        if "url" in d:
            check_http("url", d["url"])
        else:
            if not isinstance(d["urls"], list) or not d["urls"]:
                raise bad("urls", "must be a non-empty list of URLs")
            for u in d["urls"]:
                check_http("urls", u)
    if kind == "listing":
        pat = d.get("article_pattern")
        if not isinstance(pat, str) or not pat:
            raise bad("article_pattern", "required: a regular expression matching article URLs")
        try:
            re.compile(pat)
        except re.error as e:
            raise bad("article_pattern", f"not a valid regular expression: {e}") from None
        sel = d.get("next_selector")
        if sel is not None:
            if not isinstance(sel, str) or not sel.strip():
                raise bad("next_selector", "must be a CSS selector or an XPath")
            try:
                compile_selector(sel.strip())
            except ValueError as e:
                raise bad("next_selector", str(e)) from None
        pp = d.get("page_pattern")
        if pp is not None and (not isinstance(pp, str) or "{n}" not in pp):
            raise bad("page_pattern", "must be a URL template containing {n}, e.g. 'list_{n}.html'")
        if sel is not None and pp is not None:
            raise bad("page_pattern", "give either next_selector or page_pattern, not both")
        mp = d.get("max_pages", DEFAULT_MAX_PAGES)
        if not isinstance(mp, int) or isinstance(mp, bool) or not 1 <= mp <= MAX_PAGES_LIMIT:
            raise bad("max_pages", f"must be an integer from 1 to {MAX_PAGES_LIMIT}")
    allow = d.get("allow_hosts", [])
    if not isinstance(allow, list) or not all(isinstance(h, str) and h.strip() for h in allow):
        raise bad("allow_hosts", "must be a list of host names")
    pol = d.get("politeness", {})
    if not isinstance(pol, dict):
        raise bad("politeness", "must be a table, e.g. {delay_seconds = 2, concurrency = 1}")
    extra = sorted(set(pol) - _POLITENESS)
    if extra:
        raise bad(f"politeness.{extra[0]}", f"unknown (known: {', '.join(sorted(_POLITENESS))})")
    if "delay_seconds" in pol:
        v = pol["delay_seconds"]
        if not isinstance(v, int | float) or isinstance(v, bool) or not 0 <= v <= 3600:
            raise bad("politeness.delay_seconds", "must be a number of seconds from 0 to 3600")
    if "concurrency" in pol:
        v = pol["concurrency"]
        if not isinstance(v, int) or isinstance(v, bool) or not 1 <= v <= MAX_HOST_CONCURRENCY:
            raise bad("politeness.concurrency", f"must be an integer from 1 to {MAX_HOST_CONCURRENCY}")
    if "max_bytes" in pol:
        v = pol["max_bytes"]
        if not isinstance(v, int) or isinstance(v, bool) or v < 1:
            raise bad("politeness.max_bytes", "must be a positive integer")


# ------------------------------------------------------------------ helpers


def _start_urls(source: dict) -> list[str]:
    if source.get("url"):
        return [source["url"]]
    if source.get("urls"):
        return list(source["urls"])
    if source.get("url_file"):
        path = Path(source["url_file"]).expanduser()
        if not path.is_absolute() and source.get("base_dir"):
            path = Path(source["base_dir"]) / path
        return read_url_file(path)
    return []


def read_url_file(path: Path) -> list[str]:
    """URLs one a line; blank lines and lines starting with '#' skipped."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as e:
        raise RejectError("missing" if isinstance(e, FileNotFoundError) else "unreadable", f"{path}: {e}") from None
    except UnicodeDecodeError:
        raise RejectError("undecodable", f"{path}: not UTF-8 text") from None
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


def _allow(source: dict, fetcher: Fetcher) -> tuple[str, ...]:
    return tuple(source.get("allow_hosts") or ()) + tuple(fetcher.policy.allow_hosts)


def apply_politeness(source: dict, fetcher: Fetcher, urls: Iterable[str]) -> None:
    """Per-source delay/concurrency overrides for the hosts this source names."""
    pol = source.get("politeness") or {}
    if "delay_seconds" not in pol and "concurrency" not in pol:
        return
    for host in {url_host(u) for u in urls} - {""}:
        fetcher.configure_host(host, delay_seconds=pol.get("delay_seconds"), concurrency=pol.get("concurrency"))




class _Collector:
    def __init__(self, source: dict, fetcher: Fetcher):
        self.name = source["name"]
        self.source = source
        self.fetcher = fetcher
        self.allow = _allow(source, fetcher)
        self.max_bytes = (source.get("politeness") or {}).get("max_bytes")
        self.refs: dict[str, InputRef] = {}
        self.rejects: list[Reject] = []
        self.attempts: list[FetchAttempt] = []
        self.pages: list[FetchResult] = []  # discovery responses (feeds, sitemaps, list pages) with a body

    def reject(self, locator: str, e: RejectError, stage: str = "discover") -> None:
        self.rejects.append(Reject(self.name, locator, stage, e.reason, e.detail))
        self.attempts.extend(getattr(e, "attempts", []) or [])

    def fetch(self, url: str, *, max_bytes: int | None = None) -> FetchResult | None:
        try:
            result = self.fetcher.fetch(url, allow_hosts=self.allow, max_bytes=max_bytes or self.max_bytes)
        except RejectError as e:
            self.reject(canonicalize(url), e)
            return None
        self.attempts.extend(result.attempts)
        if result.body is not None:
            self.pages.append(result)
        return result

    def add(self, entry: LinkEntry, since: date | None, until: date | None) -> bool:
        """Queue one article link; False when outside the window or refused."""
        if not in_window(entry.published, since, until):
            return False
        if entry.url in self.refs:
            return True
        try:
            check_url(entry.url, self.allow)
        except RejectError as e:
            self.rejects.append(Reject(self.name, entry.url, "discover", e.reason, e.detail))
            return False
        self.refs[entry.url] = InputRef(source=self.name, locator=entry.url, kind="url", hint_date=entry.published)
        return True


# ------------------------------------------------------------------ discovery


def discover_web(
    source: dict, fetcher: Fetcher, *, since: date | None = None, until: date | None = None,
    pages: list[FetchResult] | None = None,
) -> tuple[list[InputRef], list[Reject], list[FetchAttempt]]:
    """Article URLs of one web source (canonical, de-duplicated, in discovery order),
    the links and pages refused on the way, and every HTTP attempt made. When `pages` is
    given, the discovery responses themselves (feeds, sitemaps, list pages) are appended to
    it, so the caller can keep their bytes in the raw layer."""
    c = _Collector(source, fetcher)
    if pages is not None:
        c.pages = pages
    kind = source.get("kind")
    try:
        starts = _start_urls(source)
    except RejectError as e:
        c.reject(str(source.get("url_file")), e)
        return [], c.rejects, c.attempts
    apply_politeness(source, fetcher, starts)
    if kind == "urls":
        for u in starts:
            c.add(LinkEntry(canonicalize(u)), None, None)
    elif kind == "feed":
        for u in starts:
            _discover_feed(c, u, since, until)
    elif kind == "sitemap":
        for u in starts:
            _discover_sitemap(c, u, since, until)
    elif kind == "listing":
        _discover_listing(c, starts[0], since, until)
    else:
        raise ValueError(f"source '{source.get('name')}': field 'kind': {kind!r} is not a web source kind")
    return list(c.refs.values()), c.rejects, c.attempts


def _discover_feed(c: _Collector, url: str, since: date | None, until: date | None,
                   result: FetchResult | None = None) -> None:
    result = result or c.fetch(url)
    if result is None or result.body is None:
        return
    try:
        entries = parse_feed(result.body, result.final_url)
    except RejectError as e:
        c.reject(result.url, e)
        return
    for entry in entries:
        c.add(entry, since, until)


def _discover_sitemap(c: _Collector, url: str, since: date | None, until: date | None,
                      first: FetchResult | None = None) -> None:
    queue: list[tuple[str, int]] = [(canonicalize(url), 0)]
    seen: set[str] = set()
    while queue and len(seen) < MAX_SITEMAP_FILES:
        current, depth = queue.pop(0)
        if current in seen:
            continue
        seen.add(current)
        if first is not None and current == first.url:
            result, first = first, None
        else:
            result = c.fetch(current, max_bytes=max(MAX_SITEMAP_BYTES, c.max_bytes or 0))
        if result is None or result.body is None:
            continue
        try:
            links, children = parse_sitemap(result.body, result.final_url)
        except RejectError as e:
            c.reject(result.url, e)
            continue
        for entry in links:
            c.add(entry, since, until)
        for child in children:
            if depth + 1 > MAX_SITEMAP_DEPTH:
                c.rejects.append(Reject(c.name, child, "discover", "malformed_xml", f"sitemap index nested deeper than {MAX_SITEMAP_DEPTH} levels"))
                continue
            try:
                check_url(child, c.allow)
            except RejectError as e:
                c.reject(child, e)
                continue
            queue.append((child, depth + 1))


def _discover_listing(c: _Collector, start: str, since: date | None, until: date | None) -> None:
    s = c.source
    max_pages = int(s.get("max_pages", DEFAULT_MAX_PAGES))
    url: str | None = canonicalize(start)
    visited: set[str] = set()
    page = 0
    while url and page < max_pages and url not in visited:
        visited.add(url)
        page += 1
        if page > 1 and s.get("page_pattern"):
            # a computed next page may simply not exist: that is the end of the list
            try:
                result = c.fetcher.fetch(url, allow_hosts=c.allow, max_bytes=c.max_bytes)
            except RejectError as e:
                c.attempts.extend(getattr(e, "attempts", []) or [])
                if e.reason != "http_error" or "HTTP 404" not in e.detail:
                    c.reject(url, e)
                return
            c.attempts.extend(result.attempts)
        else:
            result = c.fetch(url)
        if result is None or result.body is None:
            return
        html_text = decode_html(result.body, result.content_type)
        try:
            links, nxt = parse_listing(
                html_text, result.final_url, article_pattern=s["article_pattern"],
                next_selector=s.get("next_selector"), page_pattern=s.get("page_pattern"),
            )
        except ValueError as e:
            c.rejects.append(Reject(c.name, url, "discover", "no_content", f"list page could not be read: {e}"))
            return
        if not links:
            return
        for entry in links:
            c.add(entry, since, until)
        # lists are newest first: once a whole page is older than the window, stop
        dated = [e.published for e in links if e.published]
        if since and dated and len(dated) == len(links) and max(dated) < since:
            return
        url = nxt


# ------------------------------------------------------------------ grassroots ingest URL...


@dataclass(slots=True)
class IngestPlan:
    """What `grassroots ingest URL...` found: article bodies already fetched (`raws`),
    article URLs still to fetch (`refs`, from feeds and sitemaps), and what was refused."""

    raws: list[RawInput] = field(default_factory=list)
    refs: list[InputRef] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    attempts: list[FetchAttempt] = field(default_factory=list)
    kinds: dict[str, str] = field(default_factory=dict)  # canonical URL -> feed | sitemap | article


def discover_ingest(
    urls: Iterable[str],
    fetcher: Fetcher,
    *,
    source: str = "ingest",
    allow_hosts: Collection[str] = (),
    since: date | None = None,
    until: date | None = None,
    pages: list[FetchResult] | None = None,
) -> IngestPlan:
    """Fetch each URL once and decide from the response what it is: an article becomes a
    RawInput straight away (no second request); a feed or sitemap (index) is expanded to
    article refs, which the caller fetches with `fetch_web_inputs`."""
    c = _Collector({"name": source, "allow_hosts": list(allow_hosts)}, fetcher)
    if pages is not None:
        c.pages = pages
    plan = IngestPlan()
    for url in urls:
        result = c.fetch(url)
        if result is None or result.body is None:
            continue
        kind = detect_kind(result)
        plan.kinds[result.url] = kind
        if kind == "feed":
            _discover_feed(c, url, since, until, result=result)
        elif kind == "sitemap":
            _discover_sitemap(c, url, since, until, first=result)
        else:
            plan.raws.append(raw_input_from_result(source, result))
    direct = {r.locator for r in plan.raws}
    plan.refs = [r for r in c.refs.values() if r.locator not in direct]
    plan.rejects, plan.attempts = c.rejects, c.attempts
    return plan


# ------------------------------------------------------------------ fetching articles


def detect_kind(result: FetchResult) -> str:
    """'feed', 'sitemap' or 'article' for `grassroots ingest URL...`: a feed Content-Type,
    else the document's root element (<rss>/<feed>/<rdf:RDF>, <urlset>/<sitemapindex>),
    else a gzip body at a .gz URL is a sitemap; everything else is an article."""
    ctype = (result.content_type or "").split(";", 1)[0].strip().lower()
    body = result.body or b""
    if ctype in ("application/rss+xml", "application/atom+xml", "application/rdf+xml") or looks_like_feed(body):
        return "feed"
    if body[:2] == b"\x1f\x8b":
        return "sitemap" if urlsplit(result.final_url).path.endswith(".gz") else "article"
    if looks_like_sitemap(body):
        return "sitemap"
    return "article"


def raw_input_from_result(source: str, result: FetchResult) -> RawInput:
    """The raw-layer record of a 2xx response (locator = canonical requested URL)."""
    if result.body is None:
        raise ValueError("a 304 has no body: nothing to store")
    return RawInput(
        source=source,
        locator=result.url,
        data=result.body,
        fetched_at=result.fetched_at,
        kind="url",
        content_type=result.content_type,
        status=result.status,
        final_url=result.final_url,
        headers=dict(result.headers),
    )


def reject_from_error(source: str, e: RejectError, locator: str | None = None, stage: str = "fetch") -> Reject:
    return Reject(source, locator or getattr(e, "url", "") or "", stage, e.reason, e.detail)


@dataclass(slots=True)
class WebFetch:
    """The outcome of fetching one article URL: exactly one of raw / reject / not_modified."""

    locator: str
    raw: RawInput | None = None
    reject: Reject | None = None
    not_modified: bool = False
    result: FetchResult | None = None
    attempts: list[FetchAttempt] = field(default_factory=list)


def fetch_web_inputs(
    source: str,
    refs: Iterable[InputRef],
    fetcher: Fetcher,
    *,
    validators: dict[str, tuple[str | None, str | None]] | None = None,
    allow_hosts: Collection[str] = (),
    max_bytes: int | None = None,
    stop: Callable[[], bool] | None = None,
) -> Iterator[WebFetch]:
    """Fetch article URLs (hosts in parallel, politely), one WebFetch per URL, in
    completion order. `validators` maps canonical URL -> (etag, last_modified) from
    core.http_cache: a 304 yields `not_modified=True` and nothing to store. `stop` (the run
    was interrupted) ends the iteration without waiting out hosts' delays."""
    urls = [r.locator for r in refs]
    for item in fetcher.fetch_many(urls, validators=validators, allow_hosts=allow_hosts, max_bytes=max_bytes,
                                   stop=stop):
        if isinstance(item, RejectError):
            loc = getattr(item, "url", "")
            yield WebFetch(loc, reject=reject_from_error(source, item, loc), attempts=list(getattr(item, "attempts", [])))
        elif item.not_modified:
            yield WebFetch(item.url, not_modified=True, result=item, attempts=item.attempts)
        else:
            yield WebFetch(item.url, raw=raw_input_from_result(source, item), result=item, attempts=item.attempts)
