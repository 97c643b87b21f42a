"""Safe XML parsing shared by feeds and sitemaps (pure: bytes in, tree out).

lxml with entity resolution, DTD loading and network access off, and huge_tree off
(reliability.md 2.3). Before anything reads the document, its internal DTD subset is
inspected: entities that expand to other entities (billion laughs, quadratic blow-up)
are refused as `malformed_xml`. External entities (XXE) are left unresolved: their
references stay empty and the rest of the document is used.
"""

from __future__ import annotations

import re

from lxml import etree

from grassroots.models import RejectError

# A legitimate feed or sitemap declares no entities or a handful of character entities;
# 50 declarations or 10 KB of entity text is far past that and cheap to check.
MAX_ENTITIES = 50
MAX_ENTITY_TEXT = 10_000


def _parser(recover: bool) -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        dtd_validation=False,
        recover=recover,
    )


def check_entities(root: etree._Element) -> None:
    """Raise malformed_xml when the internal DTD declares expanding entities."""
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is None:
        return
    total = 0
    for n, ent in enumerate(dtd.iterentities(), 1):
        content = ent.content or ""
        total += len(content)
        if n > MAX_ENTITIES or total > MAX_ENTITY_TEXT:
            raise RejectError("malformed_xml", f"document declares more than {MAX_ENTITIES} entities or {MAX_ENTITY_TEXT} bytes of entity text")
        if "&" in content or "%" in content:
            raise RejectError("malformed_xml", f"entity {ent.name!r} expands to other entities (entity-expansion bomb)")


def parse_xml(data: bytes) -> etree._Element:
    """Parse bytes safely; strict first, then libxml2's recovery for sloppy CMS output.
    Raises RejectError("malformed_xml") when nothing usable comes out or on an entity bomb."""
    if not data or not data.strip():
        raise RejectError("malformed_xml", "empty document")
    try:
        root = etree.fromstring(data, _parser(False))
    except etree.XMLSyntaxError as strict_error:
        try:
            root = etree.fromstring(data, _parser(True))
        except etree.XMLSyntaxError:
            root = None
        if root is None:
            raise RejectError("malformed_xml", f"not well-formed XML: {strict_error}") from None
    check_entities(root)
    return root


def text_of(el: etree._Element | None) -> str:
    """Text content with unresolved entity references dropped."""
    if el is None:
        return ""
    parts = [el.text or ""]
    for child in el:
        if not isinstance(child, etree._Entity):
            parts.append(text_of(child))
        parts.append(child.tail or "")
    return "".join(parts).strip()


def localname(el: etree._Element) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    try:
        return etree.QName(tag).localname
    except ValueError:  # a recovering parse can leave a tag no QName accepts (`<:…>`): no such element
        return ""


# Prolog before the root element: BOM, whitespace, XML declaration, comments, PIs, DOCTYPE
# (with an internal subset).
_PROLOG = re.compile(rb"(?:\xef\xbb\xbf|\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>)", re.S | re.I)
_ROOT = re.compile(rb"<([A-Za-z_][\w.:-]*)")


def root_name(data: bytes) -> str | None:
    """Name of the first element (prefix kept, e.g. 'rdf:RDF'), from the first 64 KB."""
    head, pos = data[:65536], 0
    while True:
        m = _PROLOG.match(head, pos)
        if not m or m.end() == pos:
            break
        pos = m.end()
    m = _ROOT.match(head, pos)
    return m.group(1).decode("ascii", "replace") if m else None
