"""Plain data passed between the stages.

Every stage is a pure function over these records; only ``sources`` (``sources.fetch``)
touches the network, only ``warehouse`` writes DuckDB (story identity too: ``warehouse.clusters``
inside the load transaction, with the pair decision of ``dedup.story``), and ``app`` reads the
public views alone. Nothing here imports Prefect.
"""

from __future__ import annotations

import copy
import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Literal

DatePrecision = Literal["day", "month", "year", "unknown"]
DateSource = Literal["front_matter", "metadata", "text", "dateline", "url", "feed"]

# Reasons a document can be refused. They are the `reason` column of `rejects`;
# keep them short, stable, snake_case: users group by them in SQL.
REJECT_REASONS = {
    "missing": "the path does not exist",
    "unreadable": "the file could not be read",
    "empty_input": "the input has no bytes or only whitespace",
    "binary_input": "the input is not text (magic bytes or NUL bytes)",
    "undecodable": "the bytes do not decode as UTF-8 or GB18030 without damage",
    "bad_front_matter": "the YAML front matter is broken or is not a mapping",
    "too_large": "the input is larger than the configured cap",
    "no_content": "no article text was found (index page, error page, too short)",
    "unsupported_scheme": "only http and https URLs are fetched",
    "blocked_address": "the host resolves to a private, loopback or metadata address",
    "robots_disallowed": "robots.txt disallows the URL",
    "http_error": "the server answered with an error status",
    "timeout": "the request did not finish in time",
    "connection_error": "the connection failed",
    "too_many_redirects": "the redirect limit was reached",
    "rate_limited": "the host asked us to wait longer than allowed",
    "host_unreachable": "the host stopped answering during the run, or did not answer for its robots.txt; its pages wait for the next run",
    "bad_content_type": "the response is not a page, feed or sitemap",
    "malformed_xml": "a feed or sitemap could not be parsed safely",
    "not_a_feed": "the response is not an RSS/Atom feed",
}


# Fetch refusals that may pass by a later run: no answer, a busy or broken server (5xx, 408, 429),
# a robots.txt that could not be read (RFC 9309 2.3.1.4 puts the host off limits for that run
# only). Later runs fetch such a page again; a source whose listing was so refused fails its run.
PASSING_REASONS = ("connection_error", "timeout", "rate_limited", "host_unreachable")
PASSING_HTTP_STATUS = r"HTTP (5[0-9][0-9]|408|429)\b"  # in an http_error's detail
ROBOTS_UNREACHABLE = "(RFC 9309 2.3.1.4)"  # in a robots_disallowed detail: robots.txt answered 5xx


def is_passing(reason: str, detail: str) -> bool:
    """Is this fetch refusal one a later run may not meet (see PASSING_REASONS)?"""
    return (reason in PASSING_REASONS or (reason == "http_error" and re.search(PASSING_HTTP_STATUS, detail) is not None)
            or (reason == "robots_disallowed" and ROBOTS_UNREACHABLE in detail))


def utcnow() -> datetime:
    return datetime.now(UTC)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class RejectError(Exception):
    """Raised by a stage that refuses an input; becomes a `rejects` row.

    ``reason`` is one of REJECT_REASONS; ``detail`` is a human sentence.
    """

    attempts: list  # FetchAttempt records, set by the fetcher
    url: str  # the canonical URL, set by the fetcher

    def __init__(self, reason: str, detail: str = ""):
        if reason not in REJECT_REASONS:
            raise ValueError(f"unknown reject reason {reason!r}")
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail or REJECT_REASONS[reason]
        self.attempts = []
        self.url = ""


@dataclass(frozen=True, slots=True)
class InputRef:
    """Something to read or fetch, found by discovery (not yet read)."""

    source: str
    locator: str  # absolute POSIX path, or canonical URL
    kind: Literal["file", "url"] = "file"
    size: int | None = None
    mtime: datetime | None = None
    hint_date: date | None = None  # e.g. feed entry date or sitemap lastmod
    # the file's path as the OS gives it, when that is not text the locator can be (a name in
    # GBK bytes on a UTF-8 system: sources.files.file_locator)
    path: str | None = None


@dataclass(frozen=True, slots=True)
class RawInput:
    """The bytes of one input exactly as read or fetched, before any parsing.

    This is what the raw layer stores; extraction is a pure function of it,
    so a better extractor can be re-run over history without refetching.
    """

    source: str
    locator: str
    data: bytes
    fetched_at: datetime
    kind: Literal["file", "url"] = "file"
    content_type: str | None = None  # HTTP Content-Type, if fetched
    status: int | None = None
    final_url: str | None = None
    headers: dict[str, str] | None = None
    file_mtime: datetime | None = None
    role: Literal["article", "discovery"] = "article"  # discovery: a feed, sitemap or list page
    # the content address, computed once: every stage keys on it (capture ids, blobs, lookups)
    _sha256: str = field(default="", init=False, repr=False, compare=False)
    _size: int = field(default=0, init=False, repr=False, compare=False)  # len(data), kept by without_data

    def __post_init__(self) -> None:
        object.__setattr__(self, "_sha256", sha256_hex(self.data))
        object.__setattr__(self, "_size", len(self.data))

    @property
    def sha256(self) -> str:
        return self._sha256

    @property
    def size(self) -> int:
        """How many bytes were read (also after `without_data`)."""
        return self._size

    def without_data(self) -> RawInput:
        """This input without its bytes, its size and content address kept: what a load needs
        of an input whose compressed body is already made (`Batch.bodies`)."""
        lean = copy.copy(self)
        object.__setattr__(lean, "data", b"")
        return lean


@dataclass(slots=True)
class Extracted:
    """What extraction gets out of one RawInput (pure function of its bytes)."""

    text: str
    title: str | None = None
    title_source: str | None = None  # front_matter | metadata | h1 | text
    published_date: date | None = None  # month precision: day 1; year precision: Jan 1
    date_precision: DatePrecision = "unknown"
    date_source: DateSource | None = None
    date_text: str | None = None  # the evidence as written, e.g. "2月24日电"
    publisher: str | None = None
    author: str | None = None
    input_format: str = "html"  # html | markdown | text | front_matter+html | front_matter+markdown
    encoding: str = "utf-8"
    encoding_source: str = "default"  # bom | http | meta | detected | default
    encoding_flags: tuple[str, ...] = ()  # e.g. ("header_meta_conflict",)
    extractor: str = ""
    warnings: tuple[str, ...] = ()
    script: str = "simplified"  # simplified | traditional | mixed: the Han script of title and text


@dataclass(frozen=True, slots=True)
class PlaceMention:
    district: str  # full name, e.g. 黄浦区
    subdistrict: str | None  # full name, e.g. 外滩街道; None for the district itself
    mentions: int
    is_primary: bool = False
    evidence: str = ""  # how it was matched, e.g. "title:黄浦区;text:外滩街道x3"


@dataclass(frozen=True, slots=True)
class Attribution:
    primary_district: str | None
    places: tuple[PlaceMention, ...] = ()


@dataclass(frozen=True, slots=True)
class InitiativeMention:
    name: str  # normalised programme name, e.g. 七个一百
    categories: tuple[str, ...] = ()
    evidence: str = ""  # the sentence it came from
    kind: str = "named"  # named | code | campaign
    full_name: str = ""  # the surface form as printed (“七个一百”实践行动); name is its core


@dataclass(frozen=True, slots=True)
class CategoryMatch:
    category: str
    keywords: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class InitiativeFact:
    value: float
    unit: str  # measure word or unit, e.g. 座, 个, 平方米
    object: str  # what is counted, e.g. 公厕
    evidence: str
    initiative: str | None = None


@dataclass(frozen=True, slots=True)
class InitiativeResult:
    mentions: tuple[InitiativeMention, ...] = ()
    categories: tuple[CategoryMatch, ...] = ()
    facts: tuple[InitiativeFact, ...] = ()


@dataclass(slots=True)
class Document:
    """One accepted sighting: a RawInput that extracted to an article."""

    doc_id: str
    source: str
    locator: str
    raw_sha256: str
    content_hash: str
    extracted: Extracted
    attribution: Attribution
    initiatives: InitiativeResult = field(default_factory=InitiativeResult)
    # near-duplicate MinHash signature made beside the extraction (uint32 array, None below the
    # minimum shingle count), its distinct shingle count, and the algorithm version it belongs
    # to; empty when not made there (the load then signs the text itself)
    signature: Any = None
    shingles: int = -1
    sig_algo: str = ""
    # ... and its fact keys (dedup.story.fact_keys, int64 array), None when not made there
    fact_keys: Any = None


@dataclass(frozen=True, slots=True)
class Reject:
    source: str
    locator: str
    stage: str  # discover | read | fetch | decode | extract
    reason: str
    detail: str
    raw_sha256: str | None = None
    at: datetime = field(default_factory=utcnow)


@dataclass(slots=True)
class Batch:
    """Everything one batch task produced; loaded in one transaction."""

    source: str
    batch_no: int
    raws: list[RawInput] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    unchanged: int = 0  # inputs skipped because the warehouse already holds their bytes
    not_modified: int = 0  # URLs answered 304 to a conditional request
    fetch_log: list = field(default_factory=list)  # FetchAttempt records (web sources)
    http_cache: list = field(default_factory=list)  # dicts: url, etag, last_modified, sha256, status, checked_at
    # raw bodies already compressed for the raw layer (sha256 -> bytes), made by the extraction
    # workers so the loading process does not spend its time compressing
    bodies: dict[str, bytes] = field(default_factory=dict)
