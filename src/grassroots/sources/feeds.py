"""RSS/Atom feeds: bytes already fetched in, article links out (pure).

feedparser is only ever handed an `io.BytesIO` of the fetched bytes: given a str or
bytes it would open a local path or fetch a URL itself (reliability.md 2.3, trap 2).
The bytes are screened first with the safe lxml parser so an entity bomb is refused in
milliseconds instead of being half-expanded by feedparser's SAX parser.
"""

from __future__ import annotations

import email.utils
import io
from datetime import date, datetime

import feedparser
from lxml import etree

from grassroots.models import RejectError
from grassroots.sources.urls import LinkEntry, canonicalize, join_url
from grassroots.sources.xmlsafe import check_entities, parse_xml, root_name

__all__ = ["LinkEntry", "looks_like_feed", "parse_feed"]

def _entry_date(entry: dict) -> date | None:
    """The entry's date as the publisher wrote it (its own UTC offset, not converted):
    a Shanghai item stamped 00:30 +0800 belongs to that day, not the day before."""
    for key in ("published", "updated", "created", "dc_date"):
        raw = entry.get(key)
        if not raw:
            continue
        raw = str(raw).strip()
        try:
            return email.utils.parsedate_to_datetime(raw).date()
        except (TypeError, ValueError, IndexError):
            pass
        try:
            return datetime.fromisoformat(raw.replace("Z", "+00:00")).date()
        except ValueError:
            pass
    for key in ("published_parsed", "updated_parsed"):
        st = entry.get(key)
        if st:
            return date(st.tm_year, st.tm_mon, st.tm_mday)
    return None


def _entry_link(entry: dict) -> str | None:
    link = entry.get("link")
    if link:
        return link
    for lk in entry.get("links", []) or []:
        if lk.get("href") and lk.get("rel", "alternate") == "alternate":
            return lk["href"]
    guid = entry.get("id")
    if guid and entry.get("guidislink"):
        return guid
    return None


def _screen(data: bytes) -> None:
    try:
        parse_xml(data)
    except RejectError as e:
        if "entit" in e.detail:
            raise
        # not well-formed: feedparser's loose parser may still make sense of it;
        # but an entity bomb must never reach it, so look at the DTD leniently too
        try:
            root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, recover=True, huge_tree=False))
        except etree.XMLSyntaxError:
            return
        if root is not None:
            check_entities(root)


def parse_feed(data: bytes, base_url: str) -> list[LinkEntry]:
    """Links of an RSS/Atom feed, canonical, in feed order, de-duplicated.

    Raises RejectError("malformed_xml") for entity bombs and unusable XML that claims to
    be a feed, RejectError("not_a_feed") for anything else (an HTML login page).
    """
    if not isinstance(data, bytes | bytearray):
        raise TypeError("parse_feed takes the fetched bytes, never a str (feedparser would treat it as a path or URL)")
    _screen(bytes(data))
    try:
        parsed = feedparser.parse(
            io.BytesIO(bytes(data)),
            response_headers={"content-location": base_url, "content-type": "application/xml"},
            resolve_relative_uris=False,
            sanitize_html=False,
        )
    except ValueError as e:  # (feedparser's own chr() of a character reference past U+10FFFF)
        raise RejectError("malformed_xml", f"feed could not be parsed: {e}") from e
    entries = parsed.get("entries") or []
    if not entries:
        if not parsed.get("version"):
            raise RejectError("not_a_feed", "no RSS/Atom feed found in the response")
        if parsed.get("bozo"):
            raise RejectError("malformed_xml", f"feed could not be parsed: {parsed.get('bozo_exception')}")
        return []
    out: list[LinkEntry] = []
    seen: set[str] = set()
    for entry in entries:
        link = _entry_link(entry)
        if not link:
            continue
        # xml:base of the entry (Atom) when feedparser recorded it, else the feed URL
        entry_base = (entry.get("title_detail") or {}).get("base") or base_url
        url = canonicalize(join_url(entry_base, link))
        if url in seen:
            continue
        seen.add(url)
        title = (entry.get("title") or "").strip() or None
        out.append(LinkEntry(url=url, title=title, published=_entry_date(entry)))
    return out


def looks_like_feed(data: bytes) -> bool:
    """The document's root element is <rss>, <feed> or <rdf:RDF>."""
    name = root_name(data)
    return name is not None and name.split(":")[-1].lower() in ("rss", "feed", "rdf")
