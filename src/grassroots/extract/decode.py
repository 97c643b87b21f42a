"""Bytes -> text, before any parsing (pure).

Order (WHATWG encoding sniffing, research/reliability.md section 4):
BOM > HTTP Content-Type charset > <meta charset> prescan > detection (UTF-8, then GB18030 or
Big5-HKSCS, whichever reading uses its standard's frequent characters more).
Labels are mapped the WHATWG way: gb2312/gbk/x-gbk/... are all read with the gb18030
decoder (Python's gb2312 codec fails on GBK-only characters such as 镕).
A declared charset that does not decode cleanly is overridden by a clean candidate and the
override is recorded in ``flags``. Replacement characters are never produced silently: a lossy
decode is flagged (``lossy_decode``) and refused when the damage is more than a trace.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, replace

from grassroots.models import RejectError

# WHATWG label mapping for the labels that matter here (Encoding Standard, "names and labels").
_LABEL_MAP = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "gb_2312-80": "gb18030",
    "gb_2312": "gb18030",
    "x-gbk": "gb18030",
    "chinese": "gb18030",
    "csgb2312": "gb18030",
    "iso-ir-58": "gb18030",
    "cp936": "gb18030",
    "ms936": "gb18030",
    "windows-936": "gb18030",
    "zh_cn": "gb18030",
    "gb18030": "gb18030",
    "big5": "big5hkscs",
    "big5-hkscs": "big5hkscs",
    "x-x-big5": "big5hkscs",
    # WHATWG: latin1 / ascii labels mean windows-1252
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "windows-1252": "cp1252",
    "utf8": "utf-8",
    "unicode-1-1-utf-8": "utf-8",
}

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Magic bytes of formats that are never articles (PNG, JPEG, GIF, PDF, ZIP/docx, gzip, 7z, RIFF/webp).
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"RIFF", "RIFF media file"),
)

# The WHATWG prescan looks at the first 1024 bytes; Chinese CMS pages often put <meta charset>
# after long comment banners, so 4096 bytes are scanned (cheap, and a later meta is still a
# declaration by the page itself).
_PRESCAN_BYTES = 4096
_META_RE = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
_XML_DECL_RE = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_CT_CHARSET_RE = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)

# A decode with replacement characters is accepted (and flagged) only while the damage is a trace:
# two benchmark pages contain a handful of invalid GB sequences in otherwise clean text
# (benchmarks/extraction README "known quirks"); 0.5 % of characters allows those and refuses
# bytes that are not text in any candidate encoding.
_MAX_REPLACEMENT_SHARE = 0.005


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    source: str  # bom | http | meta | detected | default
    flags: tuple[str, ...] = ()


# Python codecs that are no web page's encoding: escapes, host-name codecs, UTF-7 (refused by
# browsers: it hides markup) and `undefined` (it raises on every input). A page declaring one has
# declared nothing usable; the bytes are detected instead (like a label no codec knows).
_NOT_WEB_CODECS = frozenset({"undefined", "unicode-escape", "raw-unicode-escape", "idna", "punycode", "utf-7",
                             "charmap", "mbcs", "oem"})


def normalise_label(label: str | None) -> str | None:
    """WHATWG-style label -> Python codec name, or None when unknown (or not a web encoding:
    ``_NOT_WEB_CODECS``, and bytes-to-bytes codecs such as zlib or base64)."""
    if not label:
        return None
    key = label.strip().strip("\"'").lower()
    if key in _LABEL_MAP:
        return _LABEL_MAP[key]
    try:
        info = codecs.lookup(key)
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_WEB_CODECS:
        return None
    return _LABEL_MAP.get(info.name, info.name)


def sniff_binary(data: bytes) -> str | None:
    """Name of the binary format the bytes look like, or None for text."""
    head = data[:16]
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None  # UTF-16 text legitimately contains NUL bytes
    if b"\x00" in data[:65536]:
        return "file with NUL bytes"
    return None


def charset_from_content_type(content_type: str | None) -> str | None:
    if not content_type:
        return None
    m = _CT_CHARSET_RE.search(content_type)
    return m.group(1) if m else None


def charset_from_meta(data: bytes) -> str | None:
    head = data[:_PRESCAN_BYTES]
    m = _XML_DECL_RE.search(head) or _META_RE.search(head)
    return m.group(1).decode("ascii", "ignore") if m else None


def _strict(data: bytes, enc: str) -> str | None:
    try:
        return data.decode(enc)
    except (UnicodeDecodeError, LookupError):
        return None


_CJK_RE = re.compile("[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]")


def _looks_chinese(text: str) -> bool:
    """True when the non-ASCII characters of a GB18030 decode are mostly common Han and CJK
    punctuation; a cp1252 page decoded as GB18030 gives rare characters and symbols."""
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    if not non_ascii:
        return True
    good = len(_CJK_RE.findall(text))
    # 0.8: measured on the benchmark's GB pages (all above 0.95) and on cp1252 control pages
    # forced through gb18030 (all below 0.5)
    return good / non_ascii >= 0.8


def _looks_western(text: str) -> bool:
    """True when a windows-1252 reading is plausible text: a few accented letters inside mostly
    ASCII words. Arbitrary high bytes read as 1252 give runs of symbols (`€ÿÃ(`), which fail.
    Thresholds: European prose has under 10 % non-ASCII characters, nearly all letters."""
    non_ascii = [c for c in text if ord(c) > 127]
    if not non_ascii:
        return True
    letters = sum(1 for c in non_ascii if c.isalpha())
    return len(non_ascii) <= 0.2 * len(text) and letters >= 0.7 * len(non_ascii)


def _han(text: str, limit: int = 4000) -> list[str]:
    return re.findall(r"[\u4e00-\u9fff]", text[:200_000])[:limit]


def _share_in(text: str, encoding: str, frequent) -> float:  # noqa: ANN001
    """Share of the text's Han characters whose bytes in `encoding` fall in its frequent block."""
    han = _han(text)
    if not han:
        return 0.0
    ok = 0
    for c in han:
        try:
            ok += frequent(c.encode(encoding))
        except UnicodeEncodeError:
            continue
    return ok / len(han)


def _gb_share(text: str) -> float:
    """Share of Han characters in GB2312 level 1 (the 3,755 most frequent simplified characters,
    lead bytes 0xB0-0xD7). GB text scores above 0.9; Big5 bytes read as GB land mostly in GBK's
    extension rows, kana and symbols."""
    return _share_in(text, "gb2312", lambda b: 0xB0 <= b[0] <= 0xD7)


def _big5_share(text: str) -> float:
    """Share of Han characters in Big5's frequent block (0xA440-0xC67E, 5,401 characters)."""
    return _share_in(text, "big5hkscs", lambda b: len(b) == 2 and 0xA440 <= (b[0] << 8 | b[1]) <= 0xC67E)


def decode_bytes(data: bytes, content_type: str | None = None) -> Decoded:
    """Decode page bytes; raise RejectError('undecodable') when no candidate is clean enough."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            text = _strict(data[len(bom):], enc)
            if text is not None:
                return Decoded(text, enc, "bom")
    flags: list[str] = []
    header_label = charset_from_content_type(content_type)
    meta_label = charset_from_meta(data)
    header_enc = normalise_label(header_label)
    meta_enc = normalise_label(meta_label)
    if header_label and not header_enc:
        flags.append("unknown_header_charset")
    if meta_label and not meta_enc:
        flags.append("unknown_meta_charset")

    declared: list[tuple[str, str]] = []
    if header_enc:
        declared.append((header_enc, "http"))
    if meta_enc and meta_enc != header_enc:
        declared.append((meta_enc, "meta"))
    if header_enc and meta_enc and header_enc != meta_enc:
        flags.append("header_meta_conflict")

    # Bytes that are valid UTF-8 and contain multi-byte sequences are UTF-8 whatever the page
    # declares: GBK text is practically never valid UTF-8, while UTF-8 text often survives a
    # gb18030 decode as mojibake (5 benchmark pages declare gb2312 and are stored as UTF-8).
    if declared and declared[0][0] != "utf-8" and any(b >= 0x80 for b in data[:65536]):
        text = _strict(data, "utf-8")
        if text is not None:
            return Decoded(text, "utf-8", "detected", (*flags, "declared_charset_overridden"))

    for i, (enc, source) in enumerate(declared):
        text = _strict(data, enc)
        if text is not None:
            if i > 0:
                flags.append("declared_charset_overridden")
            return Decoded(text, enc, source, tuple(flags))

    # Nothing declared, or the declaration is wrong: detect. UTF-8 first (a strict UTF-8 decode
    # of non-UTF-8 bytes practically never succeeds), then GB18030 if it reads as Chinese.
    if declared:
        flags.append("declared_charset_overridden")
    text = _strict(data, "utf-8")
    if text is not None:
        return Decoded(text, "utf-8", "detected", tuple(flags))
    text = _strict(data, "gb18030")
    big5 = _strict(data, "big5hkscs")
    # Big5 bytes are mostly valid GB18030 too (and the reverse), and both readings are "Han":
    # the frequent-character ranges of the two standards tell the true reading from the other
    if big5 is not None and _looks_chinese(big5) and (text is None or _big5_share(big5) > _gb_share(text)):
        return Decoded(big5, "big5hkscs", "detected", tuple(flags))
    if text is not None and _looks_chinese(text):
        return Decoded(text, "gb18030", "detected", tuple(flags))
    # GB text with a few invalid sequences (2 benchmark pages) is GB18030 with a trace of damage,
    # not a single-byte page: decide that before trying windows-1252
    lossy_gb = data.decode("gb18030", errors="replace")
    bad = lossy_gb.count("\ufffd")
    if bad / max(1, len(lossy_gb)) <= _MAX_REPLACEMENT_SHARE and _looks_chinese(lossy_gb):
        return Decoded(lossy_gb, "gb18030", "detected", (*flags, "lossy_decode"))
    # Undeclared Western pages (windows-1252 is the WHATWG default outside CJK locales)
    text = _strict(data, "cp1252")
    if text is not None and _looks_western(text):
        return Decoded(text, "cp1252", "detected", tuple(flags))

    # Lossy: take the candidate with the fewest replacement characters, if the damage is a trace.
    candidates = [enc for enc, _ in declared] + ["utf-8", "gb18030", "big5hkscs"]
    best: tuple[int, str, str] | None = None
    for enc in dict.fromkeys(candidates):
        try:
            t = data.decode(enc, errors="replace")
        except LookupError:
            continue
        bad = t.count("\ufffd")
        if best is None or bad < best[0]:
            best = (bad, enc, t)
    assert best is not None
    bad, enc, text = best
    share = bad / max(1, len(text))
    if share > _MAX_REPLACEMENT_SHARE:
        tried = ", ".join(dict.fromkeys(candidates))
        raise RejectError(
            "undecodable",
            f"the bytes do not decode cleanly as {tried}: the best candidate ({enc}) still "
            f"has {bad} invalid sequences ({share:.1%} of the text)",
        )
    flags.append("lossy_decode")
    source = "http" if declared and enc == declared[0][0] and declared[0][1] == "http" else (
        "meta" if declared and enc in dict(declared) else "detected"
    )
    return Decoded(text, enc, source, tuple(flags))


# UTF-8 lead byte then continuation byte(s), read as Latin-1: "æµ¦" for 浦. Two in a row is
# the signature ftfy looks for; one alone is ordinary European text.
_MOJIBAKE = re.compile("(?:[\u00c2-\u00ef][\u0080-\u00bf]{1,2}){2}")


def repair_mojibake(d: Decoded) -> Decoded:
    """Text that was UTF-8 read as Latin-1 and saved again is repaired (ftfy) and flagged
    `mojibake_repaired`; text already carrying U+FFFD is flagged `replacement_characters`
    and left alone (ftfy cannot bring lost bytes back). reliability.md section 4, row 42."""
    if "\ufffd" in d.text:
        if "lossy_decode" in d.flags or "replacement_characters" in d.flags:
            return d
        return replace(d, flags=(*d.flags, "replacement_characters"))
    # (its first character, U+00C2-U+00EF, is the byte C3 in UTF-8, which no CJK character
    # contains: a C-speed test that passes over most pages before the slower regex, ~2 ms a
    # 70 KB page)
    if b"\xc3" not in d.text.encode("utf-8", "surrogatepass") or not _MOJIBAKE.search(d.text):
        return d
    import ftfy

    fixed = ftfy.fix_encoding(d.text)
    if fixed == d.text or not _looks_chinese(fixed):
        return d
    return replace(d, text=fixed, flags=(*d.flags, "mojibake_repaired"))
