"""One analysis script: a simplified-character view of any text (pure).

Hong Kong and Taiwan sites re-post Shanghai news in traditional characters (黃浦區, 寶山區,
顓橋鎮, 發布時間). Every rule that reads text (places, initiatives, dates, title cleaning,
categories, near-duplicate shingles) reads the simplified view made here, so a traditional
re-post is the same story as its simplified original; stored text and titles stay as
published. Conversion is OpenCC's ``t2s`` (the ``opencc`` package: maintained phrase and
character tables, no hand table). It maps one character to one character on the texts
measured (the sample corpus and the blind sets), so offsets in the view are offsets in the
text; ``to_simplified`` checks that and falls back to a character-by-character reading when
a phrase rule would change the length.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import opencc

SCRIPTS = ("simplified", "traditional", "mixed")

# A page is one script when the other script's characters are at most this share of the
# characters that differ between the scripts: a simplified portal page carries 繁體 in its
# menu, a traditional re-post keeps a simplified name or two from its source.
_MINORITY_SHARE = 0.1


# opencc is imported on first use: importing it costs over a second, and every command imports
# this module through the warehouse (near-dup signatures), most without converting anything
@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _s2t() -> opencc.OpenCC:
    import opencc

    return opencc.OpenCC("s2t")


@lru_cache(maxsize=20_000)
def _char_t2s(c: str) -> str:
    out = _t2s().convert(c)
    return out if len(out) == 1 else c


@lru_cache(maxsize=20_000)
def _char_s2t(c: str) -> str:
    out = _s2t().convert(c)
    return out if len(out) == 1 else c


# Characters no text of ours keeps: C0 controls (lxml refuses them, a reader never sees them) and
# lone surrogates (no UTF-8 text can hold one; YAML escapes and non-UTF-8 file names make them)
CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
SURROGATES = re.compile("[\ud800-\udfff]")
_HAN_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def has_han(text: str) -> bool:
    """True when the text holds a Han character."""
    return _HAN_RE.search(text) is not None


def to_simplified(text: str | None) -> str:
    """The simplified-character view of ``text``, the same length (None -> "")."""
    if not text:
        return ""
    if len(text) <= 200:  # lines: each is read by several rules (cut, trailer, drop, headline)
        return _line_t2s(text)
    return _convert(text)


@lru_cache(maxsize=50_000)
def _line_t2s(text: str) -> str:
    return _convert(text)


def _convert(text: str) -> str:
    if not has_han(text):
        return text
    try:
        out = _t2s().convert(text)
    except UnicodeEncodeError:  # a lone surrogate (no UTF-8 text holds one): read as U+FFFD, same length
        text = SURROGATES.sub("\ufffd", text)
        out = _t2s().convert(text)
    if len(out) == len(text):
        return out
    return "".join(_char_t2s(c) for c in text)


# Some traditional gateways print a pinyin reading after each character: 黃(huáng)浦(pǔ)區(qū).
_READING_RE = re.compile(r"(?<=[\u3400-\u9fff])[(（][a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜńňǹḿ]{1,7}[1-5]?[)）]")


def drop_readings(text: str) -> str:
    """The text without interlinear pinyin readings (shorter: for tests of a line's shape)."""
    return _READING_RE.sub("", text)


def with_readings(part: str, text: str) -> str:
    """``part`` of ``drop_readings(text)`` as ``text`` prints it, readings included (the first
    place it occurs); ``part`` itself when ``text`` has no readings or does not hold it."""
    bare = drop_readings(text)
    k = bare.find(part) if part and bare != text else -1
    if k < 0:
        return part
    keep: list[int] = []  # index in text of each character of bare
    last = 0
    for m in _READING_RE.finditer(text):
        keep.extend(range(last, m.start()))
        last = m.end()
    keep.extend(range(last, len(text)))
    a, b = keep[k], keep[k + len(part) - 1] + 1
    m = _READING_RE.match(text, b)  # the reading of the part's last character
    return text[a:m.end() if m else b]


def analysis_text(text: str | None) -> str:
    """What places and initiatives read: the simplified view without interlinear pinyin readings
    (not the same length as the text; offsets are not used past this point)."""
    return drop_readings(to_simplified(text))


def to_traditional(text: str) -> str:
    """OpenCC ``s2t`` (tests and benchmarks make traditional copies with it)."""
    return _s2t().convert(text) if text else text


def script_of(text: str | None) -> str:
    """`simplified`, `traditional` or `mixed`: which script the text's Han characters are in.

    Counts characters that only one script writes this way (t2s changes a traditional-only
    character, s2t a simplified-only one); characters both scripts share (上海, 社区 are not:
    区 is simplified) count for neither. No distinguishing character: simplified.
    """
    if not text:
        return "simplified"
    trad = simp = 0
    for c, k in Counter(_HAN_RE.findall(text)).items():  # distinct characters: a few hundred
        if _char_t2s(c) != c:
            trad += k
        elif _char_s2t(c) != c:
            simp += k
    total = trad + simp
    if total == 0 or trad <= _MINORITY_SHARE * total:
        return "simplified"
    if simp <= _MINORITY_SHARE * total:
        return "traditional"
    return "mixed"


__all__ = ["SCRIPTS", "analysis_text", "drop_readings", "script_of", "to_simplified", "to_traditional"]
