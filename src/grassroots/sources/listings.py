"""List pages of news portals: HTML in, article links and the next page out (pure).

A district portal's news list is a page of links plus a pager. The source says which
links are articles (`article_pattern`, a regex on the canonical URL) and how to find
the next page: a CSS or XPath `next_selector` for the "下一页" link, or a
`page_pattern` template with `{n}` (`list_{n}.html`) when the pager is drawn by
JavaScript. With neither, a link whose text is 下一页/下页/next is used.
"""

from __future__ import annotations

import re
from datetime import date

from lxml import etree
from lxml import html as lxml_html

from grassroots.extract.decode import decode_bytes
from grassroots.models import RejectError
from grassroots.sources.urls import LinkEntry, canonicalize, join_url

__all__ = ["LinkEntry", "decode_html", "parse_listing"]

_NEXT_TEXTS = ("下一页", "下页", "后一页", "next", "next page", "next »", "›", "»")
_DATE_RE = re.compile(r"(20\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
def decode_html(data: bytes, content_type: str | None = None) -> str:
    """A listing page's text for its links: the extractor's decoding (BOM, HTTP and <meta>
    charsets, WHATWG labels, sniffing), with replacement characters where it finds no clean
    decoding, since a listing with a few bad bytes still has usable links."""
    try:
        return decode_bytes(data, content_type).text
    except RejectError:
        return data.decode("utf-8", errors="replace")


def _is_xpath(selector: str) -> bool:
    return selector.startswith(("/", "(", "./"))


def compile_selector(selector: str):  # noqa: ANN201
    """An lxml XPath for a CSS or XPath selector; raises ValueError if it is neither."""
    if _is_xpath(selector):
        try:
            return etree.XPath(selector)
        except etree.XPathSyntaxError as e:
            raise ValueError(f"bad XPath {selector!r}: {e}") from None
    try:
        from lxml.cssselect import CSSSelector
    except ImportError:  # pragma: no cover - cssselect ships with the lxml extra we use
        raise ValueError("CSS selectors need the cssselect package; use an XPath") from None
    try:
        return CSSSelector(selector)
    except Exception as e:  # cssselect raises its own SelectorError family
        raise ValueError(f"bad CSS selector {selector!r}: {e}") from None


def _current_page(url: str, template: str) -> int:
    """Page number of `url` under a `{n}` template; 1 when the URL does not match it
    (the first page is usually list.html or index.html, not list_1.html)."""
    pattern = "^" + re.escape(template).replace(r"\{n\}", r"(\d+)") + "$"
    m = re.match(pattern, canonicalize(url))
    return int(m.group(1)) if m else 1


def parse_listing(
    html: bytes | str,
    base_url: str,
    *,
    article_pattern: str,
    next_selector: str | None = None,
    page_pattern: str | None = None,
) -> tuple[list[LinkEntry], str | None]:
    """(article links in page order, next page URL or None).

    Links are resolved against <base href> or base_url, canonicalised, de-duplicated and
    kept when `article_pattern` matches (re.search). A date next to a link (same list
    item or table row, e.g. 2026-02-20 or 2026年2月20日) becomes its `published` hint.
    """
    text = decode_html(bytes(html)) if isinstance(html, bytes | bytearray) else html
    # lxml refuses a str that still carries an encoding declaration (XHTML portals send one)
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    if not text.strip():
        return [], None
    parser = lxml_html.HTMLParser(no_network=True, huge_tree=False, remove_comments=True)
    try:
        doc = lxml_html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError):
        return [], None
    base = base_url
    base_el = doc.find(".//base[@href]")
    if base_el is not None:
        base = join_url(base_url, base_el.get("href", ""))
    art_re = re.compile(article_pattern)

    links: dict[str, LinkEntry] = {}
    for a in doc.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        url = canonicalize(join_url(base, href))
        if url in links or not art_re.search(url):
            continue
        title = " ".join(a.text_content().split()) or a.get("title") or None
        links[url] = LinkEntry(url=url, title=title, published=_nearby_date(a))

    return list(links.values()), _next_page(doc, base, base_url, next_selector, page_pattern)


def _nearby_date(a) -> date | None:  # noqa: ANN001
    node = a
    for _ in range(3):  # the link's list item / table row, not the whole page
        node = node.getparent()
        if node is None:
            return None
        if node.tag in ("li", "tr", "dd", "dt", "p", "div"):
            m = _DATE_RE.search(node.text_content())
            if m:
                try:
                    return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
                except ValueError:
                    return None
            if node.tag in ("li", "tr"):
                return None
    return None


def _next_page(doc, base: str, page_url: str, next_selector: str | None, page_pattern: str | None) -> str | None:  # noqa: ANN001
    if page_pattern:
        template = canonicalize(join_url(page_url, page_pattern.replace("{n}", "__N__"))).replace("__N__", "{n}")
        return template.replace("{n}", str(_current_page(page_url, template) + 1))
    candidates = []
    if next_selector:
        for el in compile_selector(next_selector)(doc):
            if isinstance(el, str):  # an XPath ending in /@href
                candidates.append(str(el))
            elif el.get("href"):
                candidates.append(el.get("href"))
    else:
        for a in doc.iter("a"):
            label = " ".join(a.text_content().split()).lower()
            if a.get("href") and (label in _NEXT_TEXTS or "next" in (a.get("class") or "").split()):
                candidates.append(a.get("href"))
    here = canonicalize(page_url)
    for href in candidates:
        href = href.strip()
        if not href or href.startswith(("#", "javascript:")):
            continue
        url = canonicalize(join_url(base, href))
        if url != here:
            return url
    return None
