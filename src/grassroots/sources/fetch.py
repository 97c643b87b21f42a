"""The only module that talks to the network: polite, bounded, SSRF-safe HTTP GETs.

One `Fetcher` per run holds the httpx client, the robots.txt cache and the per-host
limiter. Every request:

- is checked by `urls.check_url` (scheme, resolved address) before it is sent, and the
  address actually connected to is checked again (DNS rebinding);
- follows redirects by hand, at most `max_redirects`, each hop re-checked;
- obeys robots.txt (Protego; RFC 9309 status rules; 500 KiB cap; cached per host);
- waits its turn per host (delay, concurrency) and retries transient failures with
  exponential backoff and jitter, honouring Retry-After up to a cap;
- advertises only gzip/deflate, reads the raw stream and inflates it itself with an
  output bound, so a decompression bomb stops at `max_bytes` (httpx's own decoders have
  no bound: reliability.md 1.3); a body in an encoding it did not ask for is refused;
- has a wall-clock deadline, so a server trickling one byte at a time cannot hold it;
- ignores proxy environment variables and never turns TLS verification off.

Failures raise RejectError(reason) with `.attempts` (for core.fetch_log) and `.url`.
"""

from __future__ import annotations

import contextlib
import email.utils
import ipaddress
import queue
import random
import threading
import time
import zlib
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit, urlunsplit

import httpcore
import httpx
from protego import Protego

from grassroots.models import ROBOTS_UNREACHABLE, RejectError, utcnow
from grassroots.sources.urls import (
    canonicalize,
    check_url,
    host_allowed,
    is_public_address,
    join_url,
    url_host,
)

__all__ = ["FetchAttempt", "FetchPolicy", "FetchResult", "Fetcher", "user_agent"]

VERSION = "0.1"
# Statuses worth another try: Scrapy's RETRY_HTTP_CODES (reliability.md 1.1).
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504, 522, 524})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# Content types we fetch: pages, feeds, sitemaps, plain text. A missing type is let
# through (extraction sniffs magic bytes); anything else is `bad_content_type`.
ACCEPTED_TYPES = frozenset(
    {
        "text/html", "application/xhtml+xml", "text/xml", "application/xml", "application/rss+xml",
        "application/atom+xml", "application/rdf+xml", "text/plain", "application/x-gzip",
        "application/gzip", "application/octet-stream",
    }
)
# how often fetch_many asks its caller whether the run was interrupted while no result arrives
STOP_POLL_SECONDS = 0.25
# 64 KiB per inflate step: the most a single step can allocate past the cap.
_INFLATE_STEP = 65536


def user_agent(contact: str = "") -> str:
    return f"grassroots/{VERSION} (+{contact})" if contact else f"grassroots/{VERSION}"


@dataclass(frozen=True)
class FetchPolicy:
    """Knobs for one run. Defaults from reliability.md section 6 unless said otherwise."""

    # trafilatura's DOWNLOAD_TIMEOUT is 30 s; connect is shorter because a live host answers fast.
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    # wall-clock cap on one attempt (all redirect hops and the body): httpx has none (1.3).
    deadline: float = 60.0
    # Scrapy RETRY_TIMES = 2: three attempts in all.
    retries: int = 2
    # backoff = base * 2**(n-1) * (1 + jitter*U[0,1)), capped; 1 s base as Scrapy's DOWNLOAD_DELAY.
    backoff_base: float = 1.0
    backoff_max: float = 30.0
    jitter: float = 0.5
    # trafilatura's MAX_BACKOFF: wait at most 30 s for Retry-After; longer defers the host.
    retry_after_cap: float = 30.0
    # pages in a row with no answer to any attempt before the host is skipped for the run
    down_after: int = 5
    # Scrapy's project template: one request at a time per host, one second apart.
    delay_seconds: float = 1.0
    concurrency: int = 1
    # hosts fetched in parallel by fetch_many; 4 keeps a 2-core machine responsive.
    max_workers: int = 4
    # RFC 9309 asks robots fetchers to follow at least five; httpx's 20 is generous for news.
    max_redirects: int = 5
    # trafilatura's MAX_FILE_SIZE, decoded bytes.
    max_bytes: int = 20_000_000
    contact: str = ""
    allow_hosts: tuple[str, ...] = ()
    obey_robots: bool = True
    # RFC 9309 2.5: parse at least 500 KiB.
    robots_max_bytes: int = 500 * 1024
    # RFC 9309 2.4: a cached robots.txt is good for 24 hours.
    robots_ttl: float = 24 * 3600.0
    accepted_types: frozenset[str] = ACCEPTED_TYPES

    @property
    def user_agent(self) -> str:
        return user_agent(self.contact)


@dataclass(frozen=True, slots=True)
class FetchAttempt:
    """One HTTP exchange (or one that failed to happen); a core.fetch_log row."""

    url: str
    status: int | None
    bytes: int
    duration_ms: float
    outcome: str  # ok | not_modified | redirect | robots | a reject reason
    error: str | None = None
    at: datetime = field(default_factory=utcnow)


@dataclass(slots=True)
class FetchResult:
    url: str  # canonical requested URL (the key)
    final_url: str
    status: int
    headers: dict[str, str]
    content_type: str | None
    body: bytes | None  # None for 304
    fetched_at: datetime
    duration_ms: float
    attempts: list[FetchAttempt]
    not_modified: bool = False

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")


class _Transient(Exception):
    """A failure worth retrying; carries the reject reason it becomes at the end."""

    def __init__(self, reason: str, detail: str, status: int | None = None, retry_after: float | None = None):
        super().__init__(detail)
        self.reason, self.detail, self.status, self.retry_after = reason, detail, status, retry_after


class _Cancelled(Exception):
    """The caller of `fetch_many` stopped iterating while this lane waited its turn."""


class BlockedPeer(Exception):
    """Raised inside the transport when the connected address is not allowed."""


# --- DNS-rebinding guard: check the peer of every new TCP connection -------------------

_local = threading.local()


class _PeerCheckingStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream):
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, timeout)

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, timeout)

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None):  # noqa: ANN001
        return _PeerCheckingStream(self._inner.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str):  # noqa: ANN201
        return self._inner.get_extra_info(info)


class _PeerCheckingBackend(httpcore.NetworkBackend):
    """httpcore backend that refuses a connection whose peer is not public, unless
    the host being connected to is allow-listed for the current fetch (thread-local)."""

    def __init__(self) -> None:
        self._inner = httpcore.SyncBackend()

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):  # noqa: ANN001
        stream = self._inner.connect_tcp(host, port, timeout, local_address, socket_options)
        allowed = getattr(_local, "allow_hosts", ())
        if not host_allowed(host, allowed):
            sock = stream.get_extra_info("socket")
            peer = sock.getpeername()[0] if sock is not None else None
            try:
                ip = ipaddress.ip_address(str(peer).split("%", 1)[0])
                ok = is_public_address(ip)
            except ValueError:
                ok = False
            if not ok:
                stream.close()
                raise BlockedPeer(f"host {host!r} connected to {peer}, a non-public address (DNS rebinding?)")
        return stream

    def connect_unix_socket(self, *a, **kw):  # noqa: ANN002, ANN003
        raise BlockedPeer("unix sockets are not used")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def _make_transport(policy: FetchPolicy) -> httpx.HTTPTransport:
    transport = httpx.HTTPTransport(verify=True, trust_env=False, retries=0)
    # httpx has no public hook for the network backend; replace its pool with an identical
    # one that uses ours (reliability.md 2.1). Checked against httpx 0.28 / httpcore 1.0.
    old = transport._pool
    transport._pool = httpcore.ConnectionPool(
        ssl_context=httpx.create_ssl_context(verify=True, trust_env=False),
        max_connections=max(8, policy.max_workers * max(1, policy.concurrency) * 2),
        max_keepalive_connections=max(4, policy.max_workers),
        keepalive_expiry=5.0,
        http1=True,
        http2=False,
        retries=0,
        network_backend=_PeerCheckingBackend(),
    )
    old.close()
    return transport


# --- bounded body reading ---------------------------------------------------------------


class _TooLarge(Exception):
    pass


class _Inflater:
    """gzip/deflate/identity decoding with a hard output bound enforced step by step."""

    def __init__(self, encoding: str, limit: int):
        self.limit, self.total, self.encoding = limit, 0, encoding
        if encoding in ("gzip", "x-gzip"):
            self._d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._d = zlib.decompressobj(zlib.MAX_WBITS)
            self._first = True
        else:
            self._d = None

    def feed(self, data: bytes, out: bytearray) -> None:
        if self._d is None:
            self._add(data, out)
            return
        if self.encoding == "deflate" and self._first and data:
            self._first = False
            try:  # servers send raw deflate as often as zlib-wrapped (httpx does the same dance)
                probe = zlib.decompressobj(zlib.MAX_WBITS)
                probe.decompress(data[:2])
            except zlib.error:
                self._d = zlib.decompressobj(-zlib.MAX_WBITS)
        while data:
            self._add(self._d.decompress(data, _INFLATE_STEP), out)
            data = self._d.unconsumed_tail

    def finish(self, out: bytearray) -> None:
        if self._d is not None:
            self._add(self._d.flush(), out)

    def _add(self, piece: bytes, out: bytearray) -> None:
        self.total += len(piece)
        if self.total > self.limit:
            raise _TooLarge(f"body exceeds {self.limit} bytes after decoding")
        out += piece


def _content_encoding(headers: httpx.Headers) -> list[str]:
    raw = headers.get("content-encoding", "")
    return [e.strip().lower() for e in raw.split(",") if e.strip() and e.strip().lower() != "identity"]


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delay-seconds or HTTP-date), None if absent/bad."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():  # (str.isdigit also takes ¹ or ٣, which float() refuses)
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


# --- per-host state ---------------------------------------------------------------------


@dataclass
class _Host:
    sem: threading.BoundedSemaphore
    concurrency: int
    delay: float
    floor: float = 0.0  # the polite delay (configured, or Crawl-delay) the slow-down returns to
    next_at: float = 0.0
    deferred: str | None = None  # why the host is skipped for the rest of the run
    deferred_reason: str = "rate_limited"
    unanswered: int = 0  # pages in a row none of whose attempts got an answer
    lock: threading.Lock = field(default_factory=threading.Lock)


@dataclass
class _Robots:
    parser: Protego | None  # None = allow everything
    disallow_all: bool
    fetched_at: float
    note: str
    reason: str = "robots_disallowed"  # of the pages refused under it


class Fetcher:
    """One per run: the httpx client, robots cache and per-host limiter."""

    def __init__(
        self,
        policy: FetchPolicy | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        rng: random.Random | None = None,
    ):
        self.policy = policy or FetchPolicy()
        self._sleep, self._clock = sleep, clock
        self._rng = rng or random.Random()
        self._client = httpx.Client(
            transport=_make_transport(self.policy),
            trust_env=False,
            follow_redirects=False,
            headers={"User-Agent": self.policy.user_agent},
        )
        self._hosts: dict[str, _Host] = {}
        self._host_overrides: dict[str, tuple[float | None, int | None]] = {}
        self._robots: dict[str, _Robots] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()
        self._local = threading.local()  # the stop event of the fetch_many lane a thread runs

    # -- lifecycle
    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- politeness
    def configure_host(self, host: str, *, delay_seconds: float | None = None, concurrency: int | None = None) -> None:
        """Per-source politeness override for one host. The delay applies at once; a new
        concurrency only if nothing has been fetched from the host yet this run (a
        semaphore in use cannot be swapped safely)."""
        host = host.lower()
        with self._lock:
            self._host_overrides[host] = (delay_seconds, concurrency)
            h = self._hosts.get(host)
        if h is not None and delay_seconds is not None:
            with h.lock:
                h.delay = h.floor = delay_seconds

    def _host(self, host: str) -> _Host:
        with self._lock:
            h = self._hosts.get(host)
            if h is None:
                delay, conc = self._host_overrides.get(host, (None, None))
                conc = conc or self.policy.concurrency
                delay = self.policy.delay_seconds if delay is None else delay
                h = _Host(sem=threading.BoundedSemaphore(conc), concurrency=conc, delay=delay, floor=delay)
                self._hosts[host] = h
            return h

    def _wait_turn(self, h: _Host) -> None:
        with h.lock:
            wait = h.next_at - self._clock()
            h.next_at = max(h.next_at, self._clock()) + h.delay
        if wait > 0:
            self._pause(wait)

    def _pause(self, seconds: float) -> None:
        """Sleep, or give up at once when the caller of `fetch_many` has stopped iterating (an
        interrupted run does not wait out a host's delay or a backoff)."""
        stop = getattr(self._local, "stop", None)
        if stop is not None and self._sleep is time.sleep:
            stop.wait(seconds)
        else:
            self._sleep(seconds)  # (an injected clock in tests sleeps as it is told)
        if stop is not None and stop.is_set():
            raise _Cancelled

    def _answered(self, h: _Host) -> None:
        """A page was answered: the host is up, and after a 429/503 slowed it down each answer
        brings the delay halfway back to the polite one, so a few busy answers do not slow the
        rest of the run for good (a host that stays busy keeps doubling it)."""
        with h.lock:
            h.unanswered = 0
            if h.delay > h.floor:
                h.delay = (h.delay + h.floor) / 2
                if h.delay - h.floor < 0.01:
                    h.delay = h.floor

    def deferred_hosts(self) -> dict[str, str]:
        with self._lock:
            return {k: v.deferred for k, v in self._hosts.items() if v.deferred}

    # -- public API
    def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        allow_hosts: Collection[str] = (),
        max_bytes: int | None = None,
    ) -> FetchResult:
        canon = canonicalize(url)
        allow = tuple(self.policy.allow_hosts) + tuple(allow_hosts)
        attempts: list[FetchAttempt] = []
        try:
            check_url(canon, allow)
            host = url_host(canon)
            h = self._host(host)
            if h.deferred:
                raise RejectError(h.deferred_reason, f"host {host} deferred for this run: {h.deferred}")
            with h.sem:
                # robots.txt first, so its Crawl-delay governs the very first request too
                try:
                    if self.policy.obey_robots:
                        self._check_robots(canon, allow, attempts)
                    return self._fetch_retrying(canon, h, etag, last_modified, allow, max_bytes, attempts)
                except RejectError:
                    self._count_unanswered(h, attempts)
                    raise
        except RejectError as e:
            if not attempts or attempts[-1].outcome != e.reason:
                attempts.append(FetchAttempt(canon, None, 0, 0.0, e.reason, e.detail))
            e.attempts = attempts  # type: ignore[attr-defined]
            e.url = canon  # type: ignore[attr-defined]
            raise

    def fetch_many(
        self,
        urls: Iterable[str],
        *,
        validators: Mapping[str, tuple[str | None, str | None]] | None = None,
        allow_hosts: Collection[str] = (),
        max_bytes: int | None = None,
        stop: Callable[[], bool] | None = None,
    ) -> Iterator[FetchResult | RejectError]:
        """Fetch many URLs, hosts in parallel, each host politely in turn; yields results
        (and RejectErrors, with `.url`) as they finish, not in input order. `validators`
        maps canonical URL -> (etag, last_modified) for conditional requests. `stop`, polled
        while waiting for results, ends the iteration early: lanes waiting out a delay or a
        backoff give up at once, and a request in flight is not waited for."""
        validators = validators or {}
        by_host: dict[str, list[str]] = {}
        seen: set[str] = set()
        for u in urls:
            c = canonicalize(u)
            if c not in seen:
                seen.add(c)
                by_host.setdefault(url_host(c), []).append(c)
        if not by_host:
            return
        out: queue.Queue = queue.Queue()
        done = object()
        halt = threading.Event()  # set when the caller stops iterating early

        def run_host(items: list[str]) -> None:
            self._local.stop = halt
            try:
                for c in items:
                    if halt.is_set():
                        return
                    et, lm = validators.get(c, (None, None))
                    try:
                        out.put(self.fetch(c, etag=et, last_modified=lm, allow_hosts=allow_hosts, max_bytes=max_bytes))
                    except RejectError as e:
                        out.put(e)
            except _Cancelled:
                pass
            except BaseException as e:  # a bug: surface it in the caller's thread
                out.put(e)
            finally:
                self._local.stop = None
                out.put(done)

        lanes: list[list[str]] = []
        for host, items in by_host.items():
            n = max(1, self._host(host).concurrency)
            lanes.extend(items[i::n] for i in range(min(n, len(items))))
        pool = ThreadPoolExecutor(max_workers=min(self.policy.max_workers, len(lanes)))
        for lane in lanes:
            pool.submit(run_host, lane)
        remaining = len(lanes)
        try:
            while remaining:
                try:
                    item = out.get(timeout=STOP_POLL_SECONDS if stop is not None else None)
                except queue.Empty:
                    if stop():
                        return
                    continue
                if item is done:
                    remaining -= 1
                elif isinstance(item, BaseException) and not isinstance(item, RejectError):
                    raise item
                else:
                    yield item
        finally:
            halt.set()
            # (a lane in a request ends with its deadline; an early stop does not wait for it)
            pool.shutdown(wait=not remaining)

    # -- robots.txt
    def robots_allowed(self, url: str, allow: Collection[str] = (), attempts: list[FetchAttempt] | None = None) -> bool:
        try:
            self._check_robots(url, allow, attempts if attempts is not None else [])
        except RejectError:
            return False
        return True

    def _check_robots(self, url: str, allow: Collection[str], attempts: list[FetchAttempt]) -> None:
        """Raise RejectError("robots_disallowed") naming the rule's origin."""
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            lock = self._robots_locks.setdefault(key, threading.Lock())
        with lock:
            r = self._robots.get(key)
            if r is None or self._clock() - r.fetched_at > self.policy.robots_ttl:
                r = self._robots[key] = self._fetch_robots(key, allow, attempts)
        if r.disallow_all:
            raise RejectError(r.reason, f"{r.note}; not fetching {url}")
        if r.parser is not None and not r.parser.can_fetch(url, "grassroots"):
            raise RejectError("robots_disallowed", f"robots.txt of {key} disallows {url}")

    def _fetch_robots(self, origin: str, allow: Collection[str], attempts: list[FetchAttempt]) -> _Robots:
        url = origin + "/robots.txt"
        h = self._host(url_host(origin))
        self._wait_turn(h)  # robots.txt is a request like any other
        now = self._clock()
        try:
            status, _hdrs, body, _final = self._exchange_chain(
                url, {}, allow, attempts, self.policy.robots_max_bytes, truncate=True, robots=False,
                outcome_ok="robots",
            )
        except RejectError as e:
            if e.reason == "too_many_redirects":  # RFC 9309 2.3.1.2: treat as unavailable
                return _Robots(None, False, now, f"robots.txt: {e.detail}: allow all")
            return _Robots(None, True, now, f"{url} refused ({e.detail}): whole host disallowed this run")
        except _Transient as e:
            # RFC 9309 2.3.1.4: unreachable -> assume complete disallow. No answer at all is a host
            # that is down, not one that forbids: said so, and its pages are tried again later
            return _Robots(None, True, now, f"{url} unreachable ({e.detail}): the host did not answer, none of its "
                                            "pages is fetched this run", reason="host_unreachable")
        if 200 <= status < 300:
            text = (body or b"").decode("utf-8", errors="replace")
            p = Protego.parse(text)
            delay = p.crawl_delay("grassroots")
            if delay:
                # Crawl-delay is a floor on our own delay, capped like Retry-After
                wanted = min(float(delay), self.policy.retry_after_cap)
                with h.lock:
                    if wanted > h.delay:
                        h.next_at += wanted - h.delay
                        h.delay = wanted
                    h.floor = max(h.floor, wanted)
            return _Robots(p, False, now, "ok")
        if 400 <= status < 500:
            return _Robots(None, False, now, f"{url} answered HTTP {status}: allow all")  # RFC 9309 2.3.1.3
        if status >= 500:
            return _Robots(None, True, now, f"{url} answered HTTP {status}: whole host disallowed this run {ROBOTS_UNREACHABLE}")
        return _Robots(None, False, now, f"{url} answered HTTP {status}: allow all")

    # -- the retry loop
    def _fetch_retrying(
        self,
        canon: str,
        h: _Host,
        etag: str | None,
        last_modified: str | None,
        allow: tuple[str, ...],
        max_bytes: int | None,
        attempts: list[FetchAttempt],
    ) -> FetchResult:
        p = self.policy
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        limit = max_bytes or p.max_bytes
        last: _Transient | None = None
        wait: float | None = None
        for n in range(p.retries + 1):
            if n:
                if wait is None:
                    wait = min(p.backoff_max, p.backoff_base * 2 ** (n - 1)) * (1 + p.jitter * self._rng.random())
                self._pause(wait)
                wait = None
            self._wait_turn(h)
            started, at = time.monotonic(), utcnow()
            try:
                status, resp_headers, body, final = self._exchange_chain(
                    canon, headers, allow, attempts, limit, robots=p.obey_robots
                )
            except _Transient as t:
                last = t
                if t.status in (429, 503):
                    # the host says it is overloaded: slow down (doubling, capped; answers bring it
                    # back, see _answered; a plain 500 is a broken page, not a busy host)
                    with h.lock:
                        h.delay = min(p.backoff_max, max(h.delay * 2, p.backoff_base))
                if t.retry_after is not None:
                    if t.retry_after > p.retry_after_cap:
                        h.deferred = f"Retry-After {t.retry_after:.0f} s > cap {p.retry_after_cap:.0f} s"
                        raise RejectError("rate_limited", f"{canon}: host asked to wait {t.retry_after:.0f} s; host deferred for this run") from None
                    wait = t.retry_after
                continue
            ctype = resp_headers.get("content-type")
            duration = (time.monotonic() - started) * 1000
            self._answered(h)
            if status == 304:
                # RFC 9110 15.4.5 lets a 304 omit validators: keep the ones we sent, so a
                # cache row written from this result does not lose them
                if etag and "etag" not in resp_headers:
                    resp_headers["etag"] = etag
                if last_modified and "last-modified" not in resp_headers:
                    resp_headers["last-modified"] = last_modified
                return FetchResult(canon, final, status, resp_headers, ctype, None, at, duration, attempts, True)
            mime = (ctype or "").split(";", 1)[0].strip().lower()
            if mime and mime not in p.accepted_types:
                raise RejectError("bad_content_type", f"{final}: Content-Type {mime!r} is not a page, feed or sitemap")
            return FetchResult(canon, final, status, resp_headers, ctype, bytes(body or b""), at, duration, attempts)
        assert last is not None
        raise RejectError(last.reason, f"{last.detail} (after {p.retries + 1} attempts)")

    def _count_unanswered(self, h: _Host, attempts: list[FetchAttempt]) -> None:
        """A host that stopped answering (down, or unreachable) for `down_after` pages in a row
        is skipped for the rest of the run: the remaining pages are rejected at once instead of
        each taking its retries and backoff (2,000 pages of a sitemap: most of an hour). A
        refused page the host answered (any status) is not one of them, nor one refused before any
        request (a rule of robots.txt)."""
        if not attempts:
            return
        answered = any(a.status is not None for a in attempts)
        with h.lock:
            h.unanswered = 0 if answered else h.unanswered + 1
            if h.unanswered >= self.policy.down_after and not h.deferred:
                h.deferred = f"{h.unanswered} pages in a row got no answer"
                h.deferred_reason = "host_unreachable"

    def _exchange_chain(
        self,
        url: str,
        headers: dict[str, str],
        allow: Collection[str],
        attempts: list[FetchAttempt],
        limit: int,
        *,
        truncate: bool = False,
        robots: bool = True,
        outcome_ok: str = "ok",
    ) -> tuple[int, dict[str, str], bytes | None, str]:
        """One attempt: follow redirects by hand; return (status, headers, body, final url)
        for 2xx/304, raise _Transient for retryable failures, RejectError otherwise."""
        deadline = time.monotonic() + self.policy.deadline
        current = url
        for hop in range(self.policy.max_redirects + 1):
            check_url(current, allow)
            if robots:
                self._check_robots(current, allow, attempts)
            status, resp_headers, body = self._exchange(current, headers, allow, attempts, limit, deadline, truncate, outcome_ok)
            if status in REDIRECT_STATUSES and resp_headers.get("location"):
                nxt = join_url(current, resp_headers["location"])
                try:
                    p = urlsplit(nxt)
                except ValueError:  # (an unclosed IPv6 bracket: check_url words the refusal)
                    current = nxt
                else:
                    current = urlunsplit((p.scheme, p.netloc, p.path, p.query, ""))
                if hop == self.policy.max_redirects:
                    break
                continue
            if status == 304 or 200 <= status < 300:
                return status, resp_headers, body, current
            if robots is False and outcome_ok == "robots":
                return status, resp_headers, body, current  # robots: the caller applies RFC 9309
            retry_after = parse_retry_after(resp_headers.get("retry-after")) if status in (429, 503) else None
            if status in RETRY_STATUSES:
                raise _Transient("http_error", f"{current}: HTTP {status}", status, retry_after)
            raise RejectError("http_error", f"{current}: HTTP {status}")
        raise RejectError("too_many_redirects", f"{url}: more than {self.policy.max_redirects} redirects (last {current})")

    def _exchange(
        self,
        url: str,
        headers: dict[str, str],
        allow: Collection[str],
        attempts: list[FetchAttempt],
        limit: int,
        deadline: float,
        truncate: bool,
        outcome_ok: str,
    ) -> tuple[int, dict[str, str], bytes | None]:
        p = self.policy
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            attempts.append(FetchAttempt(url, None, 0, 0.0, "timeout", f"deadline of {p.deadline:g} s passed before this hop"))
            raise _Transient("timeout", f"{url}: deadline of {p.deadline:g} s passed")
        timeout = httpx.Timeout(
            connect=min(p.connect_timeout, remaining), read=min(p.read_timeout, remaining),
            write=min(p.read_timeout, remaining), pool=min(p.connect_timeout, remaining),
        )
        req_headers = {"Accept-Encoding": "gzip, deflate", "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", **headers}
        started, at = time.monotonic(), utcnow()
        status: int | None = None
        nbytes = 0

        def record(outcome: str, error: str | None = None) -> None:
            attempts.append(FetchAttempt(url, status, nbytes, (time.monotonic() - started) * 1000, outcome, error, at))

        _local.allow_hosts = tuple(allow)
        try:
            request = self._client.build_request("GET", url, headers=req_headers, timeout=timeout)
            response = self._client.send(request, stream=True)
        except BlockedPeer as e:
            record("blocked_address", str(e))
            raise RejectError("blocked_address", str(e)) from None
        except httpx.TimeoutException as e:
            record("timeout", f"{type(e).__name__}: {e}")
            raise _Transient("timeout", f"{url}: {type(e).__name__}") from None
        except httpx.HTTPError as e:
            record("connection_error", f"{type(e).__name__}: {e}")
            raise _Transient("connection_error", f"{url}: {type(e).__name__}: {e}") from None
        try:
            status = response.status_code
            # lower-case names; repeated headers joined with ', ' (RFC 9110 5.3)
            hdrs = {k: ", ".join(response.headers.get_list(k)) for k in {k.lower() for k in response.headers}}
            if status in REDIRECT_STATUSES or status == 304 or not (200 <= status < 300 or truncate):
                outcome = "redirect" if status in REDIRECT_STATUSES else "not_modified" if status == 304 else "http_error"
                record(outcome, None if status < 400 else f"HTTP {status}")
                return status, hdrs, None
            encodings = _content_encoding(response.headers)
            if len(encodings) > 1 or (encodings and encodings[0] not in ("gzip", "x-gzip", "deflate")):
                record("bad_content_type", f"Content-Encoding {','.join(encodings)} not requested")
                raise RejectError("bad_content_type", f"{url}: Content-Encoding {','.join(encodings)!r} was not requested (we send gzip, deflate)")
            declared = response.headers.get("content-length")
            if declared and declared.isascii() and declared.isdigit() and int(declared) > limit and not truncate:
                record("too_large", f"Content-Length {declared} > {limit}")
                raise RejectError("too_large", f"{url}: Content-Length {declared} exceeds the cap of {limit} bytes")
            body = bytearray()
            inflater = _Inflater(encodings[0] if encodings else "identity", limit)
            try:
                for chunk in response.iter_raw():  # no chunk_size: httpx would buffer to it
                    nbytes += len(chunk)
                    if nbytes > limit and not truncate:
                        raise _TooLarge(f"more than {limit} bytes on the wire")
                    inflater.feed(chunk, body)
                    if time.monotonic() > deadline:
                        record("timeout", f"deadline of {p.deadline:g} s passed after {nbytes} bytes")
                        raise _Transient("timeout", f"{url}: deadline of {p.deadline:g} s passed while reading the body")
                inflater.finish(body)
            except _TooLarge as e:
                if truncate:  # robots.txt: only the first `limit` bytes count (RFC 9309 2.5)
                    record(outcome_ok, f"truncated to {limit} bytes")
                    return status, hdrs, bytes(body[:limit])
                record("too_large", str(e))
                raise RejectError("too_large", f"{url}: {e}") from None
            except zlib.error as e:
                record("connection_error", f"bad {encodings[0]} stream: {e}")
                raise _Transient("connection_error", f"{url}: corrupt {encodings[0]} body: {e}") from None
            except httpx.TimeoutException as e:
                record("timeout", f"{type(e).__name__} after {nbytes} bytes")
                raise _Transient("timeout", f"{url}: {type(e).__name__} while reading the body") from None
            except httpx.HTTPError as e:  # truncated body, reset: a partial body is never returned
                record("connection_error", f"{type(e).__name__} after {nbytes} bytes: {e}")
                raise _Transient("connection_error", f"{url}: {type(e).__name__} while reading the body: {e}") from None
            ok = 200 <= status < 300 or outcome_ok == "robots"  # any robots.txt answer is information
            record(outcome_ok if ok else "http_error", None if status < 400 else f"HTTP {status}")
            return status, hdrs, bytes(body)
        finally:
            with contextlib.suppress(Exception):
                response.close()
