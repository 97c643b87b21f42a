"""Captures of English re-posts (Shanghai Daily, China Daily and the districts' English pages).

The capture rules read Chinese layouts: a headline is told by its Han characters, a date by 年月日
or by a labelled stamp. An English re-post of a district story has neither, so it came out with no
title and no date. These helpers read the head of a page written in English:

- the headline: the first line near the top shaped like one (3-25 words, no full stop at its end)
  with the story right under it: its first paragraph, a byline or a date line, a stamp, a
  one- or two-word section tag or byline between; site chrome (`The story appears on`, `Page B3`,
  `Home » District » …`, `GET this page in PDF`) is never one;
- the date: a labelled stamp (`Published:2019-09-03 10:49`, `Release time:Apr 14, 2024`), a date
  line (`June 25, 2024`, `July 18, 2019 |`) or a date after the headline (`… - May 27, 2017`),
  in the page's head only (a date in the story is an event's).
"""

from __future__ import annotations

import re
from datetime import date

from . import dates as D

# (and a source's or a time's label with the date on its line: `From:Shanghai Daily | 2017-04-28`,
# `Author:… Time:2022.07.19`)
_STAMP_LABEL_RE = re.compile(r"\b(?:Published|Updated|Posted|Release(?:d)?\s*time|Date)\s*(?:on|at)?\s*[:：]?\s*"
                             r"|\b(?:Time|From)\s*[:：]\s*", re.I)
# a headline printed with its date after a dash (`Neighborhood centers … - May 27, 2017`)
# a date after the headline: set apart by a dash or a bar, or a month's name after a space
# (`… Better Community February 13,2023`)
_DATED_HEAD_RE = re.compile(rf"\s+[-–—|]\s+[^-–—|]*\d{{4}}\s*$|\s+{D._EN_MONTH}\s+\d{{1,2}}(?:,\s*|\s+)(?:19|20)\d\d\s*$")
_CHROME_RE = re.compile(
    r"»|>>|^(?:Home|Related\s+(?:News|Stories)|The story appears on|GET this page|Free for subscribers|"
    r"View shopping cart|Editor'?s note|Source\s*:|Share|Print|Email|Subscribe|Advertisement|Follow us|Swipe for)\b|^Page\s+[A-Z]?\d+$", re.I)
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’\-]*|\d+")
# a time and its zone beside a date (`18:00 UTC+8, 2024-09-15`): part of the stamp, not words
_CLOCK_RE = re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:UTC|GMT)\s*[+-]\s*\d{1,2})?")
# a photo's credit, its taker and the outlet or agency (`Li Hua / SHINE`, `Wang Gang / Xinhua`)
_CREDIT_RE = re.compile(r"^[A-Z][A-Za-z.'’-]*(?:\s+[A-Z][A-Za-z.'’-]*){0,3}\s*/\s*(?:[A-Z]{2,}|Ti Gong|Xinhua|Imaginechina)$")
HEAD_LINES = 15
HEAD_SCAN = 200  # (and at most this many lines in all: a page of short lines is not read to its end)


def is_english(lines: list[str]) -> bool:
    """The page is written in English: its head holds many more Latin letters than Han characters
    (a bilingual abstract under a Chinese one is not: it has no English head)."""
    head = "\n".join(lines[:40])[:4000]
    latin = len(re.findall(r"[A-Za-z]", head))
    return latin >= 200 and latin > 4 * len(re.findall(r"[\u3400-\u9fff]", head))


def is_photo_credit(s: str) -> bool:
    """A photo's credit in an English page (`Li Hua / SHINE`): never its headline."""
    return bool(_CREDIT_RE.match(s.strip()))


def _words(s: str) -> int:
    return len(_WORD_RE.findall(s))


def _is_latin_line(s: str) -> bool:
    letters = len(re.findall(r"[A-Za-z]", s))
    return letters >= 0.6 * max(1, len(re.sub(r"\s", "", s)))


def is_paragraph(s: str) -> bool:
    return _words(s) >= 12 and _is_latin_line(s) and bool(re.search(r"[.!?\"”)]$", s.rstrip()))


def _is_date_line(s: str) -> bool:
    """The line holds a date and little else (`June 25, 2024`, `July 18, 2019 |`)."""
    found = _named_or_iso(s)
    return found is not None and _words(_CLOCK_RE.sub(" ", s.replace(found[1], " "))) <= 4


def _named_or_iso(s: str) -> tuple[date, str] | None:
    return D.find_named_date(s) or D.find_full_date(s)


def _head(lines: list[str]) -> list[int]:
    """The non-empty lines above the first paragraph (at most ``HEAD_LINES`` of three words or
    more: a site's menu, a word a line, does not use them up), and that paragraph."""
    out: list[int] = []
    worded = 0
    for i, s in enumerate(lines):
        if not s.strip():
            continue
        out.append(i)
        worded += _words(s) >= 3
        if is_paragraph(s.strip()) or worded >= HEAD_LINES or len(out) >= HEAD_SCAN:
            break
    return out


def without_date(s: str) -> str:
    """A headline line without the date printed after it (`… Community February 13,2023`)."""
    return _DATED_HEAD_RE.sub("", s) if _named_or_iso(s) else s


def headline(lines: list[str]) -> str | None:
    """The headline of an English capture, as printed (a date after it cut), or None."""
    head = _head(lines)
    for n, i in enumerate(head):
        s = lines[i].strip()
        t = without_date(s)
        if _CHROME_RE.search(t) or not 3 <= _words(t) <= 25 or len(t) > 160 or not _is_latin_line(t) \
                or t.endswith(".") or not re.match(r"[A-Z0-9\"“‘']", t) or _is_date_line(t) or _CREDIT_RE.match(t):
            continue
        # the story right under it: past a stamp, a date line, a photo credit, or one or two words
        # (a byline, a tag; a byline may be printed twice, then the stamp)
        for k in head[n + 1:n + 5]:
            u = lines[k].strip()
            if is_paragraph(u) or _STAMP_LABEL_RE.search(u) and _named_or_iso(u):
                return t
            if not (_is_date_line(u) or _words(u) <= 2 or _CREDIT_RE.match(u) or re.match(r"(?:by|author)\b", u, re.I)):
                break
    return None


def head_date(lines: list[str]) -> tuple[date, str] | None:
    """The publication date an English capture prints in its head: a labelled stamp first, then a
    date line or a date after the headline."""
    head = [lines[i].strip() for i in _head(lines)]
    for s in head:
        if (m := _STAMP_LABEL_RE.search(s)) and (found := _named_or_iso(s[m.end():])):
            return found
    for s in head:
        if (_is_date_line(s) or _DATED_HEAD_RE.search(s)) and not is_paragraph(s) and (found := _named_or_iso(s)):
            return found
    return None
