"""Sitemaps and sitemap indexes: bytes already fetched in, links out (pure).

XML through the safe lxml parser (sources/xmlsafe.py); gzip files (`.xml.gz` served
without Content-Encoding) inflated with a bound; plain-text sitemaps (one URL a line,
sitemaps.org) accepted. `lastmod` (or a news sitemap's publication_date) becomes the
link's date so discovery can select a window.
"""

from __future__ import annotations

import re
import zlib
from datetime import date, datetime

from grassroots.models import RejectError
from grassroots.sources.urls import LinkEntry, canonicalize, join_url
from grassroots.sources.xmlsafe import localname, parse_xml, root_name, text_of

__all__ = ["LinkEntry", "looks_like_sitemap", "parse_sitemap"]

# sitemaps.org: at most 50,000 URLs and 52,428,800 bytes uncompressed per file.
MAX_SITEMAP_BYTES = 52_428_800
MAX_SITEMAP_URLS = 50_000


def parse_w3c_date(value: str) -> date | None:
    """W3C Datetime as used by sitemaps (2026-02-03, 2026-02-03T09:30:00+08:00, 2026-02):
    the date as written, in the publisher's own offset."""
    value = value.strip()
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    m = re.match(r"^(\d{4})-(\d{2})(?:-(\d{2}))?", value)
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))
        except ValueError:
            return None
    return None


def _gunzip_bounded(data: bytes, limit: int = MAX_SITEMAP_BYTES) -> bytes:
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    out = bytearray()
    buf = data
    try:
        while buf:
            out += d.decompress(buf, 65536)
            if len(out) > limit:
                raise RejectError("too_large", f"gzipped sitemap inflates past {limit} bytes")
            buf = d.unconsumed_tail
        out += d.flush()
    except zlib.error as e:
        raise RejectError("malformed_xml", f"corrupt gzipped sitemap: {e}") from None
    if len(out) > limit:
        raise RejectError("too_large", f"gzipped sitemap inflates past {limit} bytes")
    return bytes(out)


def _text_sitemap(data: bytes) -> list[str] | None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if lines and all(re.match(r"^https?://\S+$", ln, re.I) for ln in lines):
        return lines
    return None


def parse_sitemap(data: bytes, base_url: str) -> tuple[list[LinkEntry], list[str]]:
    """(page links with lastmod, child sitemap URLs), both canonical and de-duplicated.

    A `<urlset>` gives links; a `<sitemapindex>` gives children. Raises
    RejectError("malformed_xml") for entity bombs and for documents that are neither.
    """
    if data[:2] == b"\x1f\x8b":
        data = _gunzip_bounded(data)
    stripped = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not stripped.startswith(b"<"):
        lines = _text_sitemap(stripped)
        if lines is None:
            raise RejectError("malformed_xml", "neither an XML nor a plain-text sitemap")
        return _dedupe(LinkEntry(canonicalize(u)) for u in lines[:MAX_SITEMAP_URLS]), []
    root = parse_xml(data)
    kind = localname(root)
    if kind not in ("urlset", "sitemapindex"):
        raise RejectError("malformed_xml", f"root element <{kind}> is not <urlset> or <sitemapindex>")
    links: list[LinkEntry] = []
    children: list[str] = []
    for item in root:
        name = localname(item)
        if name not in ("url", "sitemap"):
            continue
        loc = lastmod = title = None
        for el in item.iter():
            ln = localname(el)
            if ln == "loc" and loc is None:
                loc = text_of(el)
            elif ln == "lastmod" or ln == "publication_date" and lastmod is None:
                lastmod = parse_w3c_date(text_of(el))
            elif ln == "title" and title is None:
                title = text_of(el) or None
        if not loc:
            continue
        url = canonicalize(join_url(base_url, loc))
        if name == "sitemap":
            children.append(url)
        else:
            links.append(LinkEntry(url=url, title=title, published=lastmod))
        if len(links) + len(children) >= MAX_SITEMAP_URLS:
            break
    return _dedupe(links), list(dict.fromkeys(children))


def _dedupe(entries) -> list[LinkEntry]:  # noqa: ANN001
    seen: dict[str, LinkEntry] = {}
    for e in entries:
        seen.setdefault(e.url, e)
    return list(seen.values())


def looks_like_sitemap(data: bytes) -> bool:
    """gzip bytes, or a document whose root element is <urlset> or <sitemapindex>."""
    if data[:2] == b"\x1f\x8b":
        return True
    name = root_name(data)
    return name is not None and name.split(":")[-1].lower() in ("urlset", "sitemapindex")
