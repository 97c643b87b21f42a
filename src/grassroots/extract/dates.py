"""Publish dates with an honest precision (pure).

A date is (value, precision, source, evidence). Rules, each for a reason:
- a full date (year, month, day) is only taken from the article's own metadata, the byline zone
  next to the title, an explicit label (发布时间/发表于/日期), a dateline, or the URL;
  never from related-news lists, comment timestamps or script cache-busters
  (extraction.md 5.4: trafilatura takes `?t=20231023112336` from a script URL);
- a yearless date (`2月24日电`, `发布时间：10-08`) gets its year only from evidence: another date on
  the page, the URL, or the fetch time of an HTTP capture, and a dateline also from the story
  spelling the same day out with its year (`…2025年1月20日…`). Local files never borrow "today";
- relative dates (`昨天(14日)`) are resolved only against a known page or fetch date;
- two-digit years (`18-03-08`) are read as YY-MM-DD only when another source agrees on the year;
- a date after the reference "now" is dropped with the warning `future_date`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

# Oldest plausible publish date: the web's Chinese news portals start in the mid 1990s;
# earlier "dates" on a page are historical events, not publication dates.
MIN_YEAR = 1990

_TZ_BEIJING = timezone(timedelta(hours=8))


@dataclass(slots=True)
class DateFound:
    value: date | None
    precision: str  # day | month | year | unknown
    source: str | None  # front_matter | metadata | text | dateline | url
    text: str | None = None
    warnings: list[str] = field(default_factory=list)


_SEP = r"\s*[-/.年]\s*"
# 2021-03-25, 2021/3/25, 2021.03.25, 2021年03月25日, optionally with a time
_FULL_RE = re.compile(
    # (an e-paper's issue line sets its parts apart with slashes too: `某某报/2024 年/3 月/4 日/第 B02 版`;
    # a farm prints the year before a month/day and a time: `2025 10/26 16:28:44`, a news agency's
    # page with a space after the slash: `2021 05/ 12 15:48:58`; a capture that lost the space before
    # the time: `2019-07-1710:05`)
    r"(?<![0-9])((?:19|20)\d\d)\s*(?:年\s*/|[-/.年]|(?<=\s)(?=\d{1,2}/ ?\d{1,2}\s+\d{1,2}:\d\d))\s*(\d{1,2})\s*(?:月\s*/|[-/.月])\s*(\d\d(?=\d{1,2}:\d\d)|\d{1,2}(?![0-9]))\s*日?"
)
_YM_RE = re.compile(r"(?<![0-9])((?:19|20)\d\d)\s*(?:年\s*(\d{1,2})\s*月|-(\d{1,2})(?![0-9-]))")
_COMPACT_RE = re.compile(r"(?<![0-9])((?:19|20)\d\d)(\d\d)(\d\d)(?![0-9])")
_TWO_DIGIT_RE = re.compile(r"(?<![0-9])(\d\d)-(\d\d)-(\d\d)(?![0-9])")
_MD_RE = re.compile(r"(?<![0-9年])(\d{1,2})月(\d{1,2})日")
_MD_DASH_RE = re.compile(r"(?<![0-9-])(\d{1,2})-(\d{1,2})(?=\s+\d{1,2}:\d\d)")
# datelines: 新华社巴黎12月9日电, 中新网上海2月24日电, 本报讯 ... 记者; only at the start of the body
_DATELINE_RE = re.compile(r"(?:(?:19|20)\d\d年)?(\d{1,2})月(\d{1,2})日(?:电|讯|消息|报道)")
_CITED_BEFORE = re.compile(r"据[^，。,；;！？!?\n]{0,24}$")
_RELATIVE_RE = re.compile(r"(前天|昨天|昨日|今天|今日)\s*[（(]?\s*(?:(\d{1,2})月)?(\d{1,2})日?\s*[)）]?")
_UNIX_RE = re.compile(r"(?<![0-9])(1[0-9]{9})(?![0-9])")


def _mk(y: int, m: int, d: int) -> date | None:
    try:
        v = date(y, m, d)
    except ValueError:
        return None
    return v if v.year >= MIN_YEAR else None


def parse_date_value(s: str) -> tuple[date, str] | None:
    """Parse one date string as written in metadata: ISO, RFC 2822, Chinese, compact, unix time.

    Returns (date, precision) or None. A bare year-month gives precision month; a bare year, year.
    """
    if s is None:
        return None
    s = str(s).strip()
    if not s:
        return None
    m = _FULL_RE.search(s)
    if m:
        v = _mk(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if v:
            return v, "day"
    # RFC 2822 (Wed, 15 Dec 2021 12:33:31 GMT)
    if re.search(r"[A-Za-z]{3},?\s+\d{1,2}\s+[A-Za-z]{3}\s+\d{4}", s) or re.match(r"\d{1,2}\s+[A-Za-z]{3}\s+\d{4}", s):
        try:
            dt = parsedate_to_datetime(s)
        except (TypeError, ValueError, IndexError):
            dt = None
        if dt is not None and dt.year >= MIN_YEAR:
            return dt.date(), "day"
    m = _COMPACT_RE.search(s)
    if m and len(re.sub(r"\D", "", s)) in (8, 12, 14):
        v = _mk(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if v:
            return v, "day"
    if re.fullmatch(r"1[0-9]{9}(?:[0-9]{3})?", s):  # unix seconds / milliseconds
        ts = int(s[:10])
        return datetime.fromtimestamp(ts, _TZ_BEIJING).date(), "day"
    m = _YM_RE.search(s)
    if m:
        mon = int(m.group(2) or m.group(3))
        if 1 <= mon <= 12 and int(m.group(1)) >= MIN_YEAR:
            return date(int(m.group(1)), mon, 1), "month"
    m = re.fullmatch(r"\s*((?:19|20)\d\d)\s*年?\s*", s)
    if m:
        return date(int(m.group(1)), 1, 1), "year"
    return None


def find_full_date(s: str) -> tuple[date, str] | None:
    """First full Y-M-D date in a short piece of text (a byline line)."""
    for m in _FULL_RE.finditer(s):
        v = _mk(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if v:
            return v, m.group(0).strip()
    return None


# English month names, as English re-posts and some site templates print dates (`June 25, 2024`,
# `25 June 2024`, `Apr 14, 2024`)
_EN_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_EN_MONTH = r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_NAMED_DATE_RE = re.compile(rf"\b(?P<m1>{_EN_MONTH})\s+(?P<d1>\d{{1,2}})(?:,\s*|\s+)(?P<y1>(?:19|20)\d\d)\b"
                            rf"|\b(?P<d2>\d{{1,2}})\s+(?P<m2>{_EN_MONTH})\s+(?P<y2>(?:19|20)\d\d)\b")


def find_named_date(s: str) -> tuple[date, str] | None:
    """First full date written with an English month name (`June 25, 2024`, `25 June 2024`)."""
    for m in _NAMED_DATE_RE.finditer(s):
        mon = _EN_MONTHS.index((m.group("m1") or m.group("m2"))[:3].lower()) + 1
        v = _mk(int(m.group("y1") or m.group("y2")), mon, int(m.group("d1") or m.group("d2")))
        if v:
            return v, m.group(0)
    return None


def find_two_digit_date(s: str) -> tuple[int, int, int, str] | None:
    m = _TWO_DIGIT_RE.search(s)
    if not m:
        return None
    return int(m.group(1)), int(m.group(2)), int(m.group(3)), m.group(0)


def find_month_day(s: str) -> tuple[int, int, str] | None:
    m = _MD_RE.search(s) or _MD_DASH_RE.search(s)
    if not m:
        return None
    mon, day = int(m.group(1)), int(m.group(2))
    if 1 <= mon <= 12 and 1 <= day <= 31:
        return mon, day, m.group(0)
    return None


def find_dateline(s: str) -> tuple[int | None, int, int, str] | None:
    """`2月24日电` / `2021年2月24日电` at the start of a body -> (year|None, month, day, text).
    Not a report the page cites (`据某某媒体2025年11月13日消息`): that is the other outlet's day."""
    m = _DATELINE_RE.search(s)
    if not m or (m.group(0).endswith(("消息", "报道")) and _CITED_BEFORE.search(s, 0, m.start())):
        return None
    mon, day = int(m.group(1)), int(m.group(2))
    if not (1 <= mon <= 12 and 1 <= day <= 31):
        return None
    y = re.match(r"((?:19|20)\d\d)年", m.group(0))
    return (int(y.group(1)) if y else None), mon, day, m.group(0)


def find_relative(s: str) -> tuple[int, int | None, int | None, str] | None:
    """`昨天(14日)` -> (days_back, month|None, day|None, text)."""
    m = _RELATIVE_RE.search(s)
    if not m:
        return None
    back = {"前天": 2, "昨天": 1, "昨日": 1, "今天": 0, "今日": 0}[m.group(1)]
    mon = int(m.group(2)) if m.group(2) else None
    day = int(m.group(3)) if m.group(3) else None
    return back, mon, day, m.group(0)


def date_stated_for(text: str, mon: int, day: int) -> date | None:
    """The date the text itself gives a month/day (`1月20日电` over `…2025年1月20日至2月11日…`):
    its one full date on that month and day, None when there is none or several years."""
    dates = {v for m in _FULL_RE.finditer(text)
             if (v := _mk(int(m.group(1)), int(m.group(2)), int(m.group(3)))) and (v.month, v.day) == (mon, day)}
    return dates.pop() if len(dates) == 1 else None


# a year the lead names for the story's event under a yearless dateline (…2024年某某会议12月26日举行,
# 2010年3月19日上午…): not a year counted from or to (自2019年以来, 截至2024年底), compared with
# (比2023年同期), nor a decade; nor a year set apart by a comma, where an account of the past
# opens (2005年，她随丈夫搬到上海…)
_LEAD_YEAR_RE = re.compile(r"(?<![自从于至到止比较\d])((?:19|20)\d\d)\s*年(?!以来|来|起|至|底|初|末|前|后|间|内|中|代|同期|\s*[,，、])")


def year_of_lead(lead: str, mon: int, day: int) -> date | None:
    """The dateline's month/day in the one year the lead names (None when it names none or
    several); a day the lead dates later in that year than the dateline's (12月28日 under a 1月2日
    dateline) puts the dateline in the next year."""
    years = {int(m.group(1)) for m in _LEAD_YEAR_RE.finditer(lead)}
    if len(years) != 1:
        return None
    y = years.pop()
    later = any(int(m.group(1)) == y and (int(m.group(2)), int(m.group(3))) > (mon, day) for m in _FULL_RE.finditer(lead))
    return _mk(y + 1 if later else y, mon, day)


def resolve_month_day(mon: int, day: int, ref: date) -> date | None:
    """The latest date with this month/day on or before ref (a yearless date is in the past of
    the page or fetch date that proves its year)."""
    for y in (ref.year, ref.year - 1):
        v = _mk(y, mon, day)
        if v and v <= ref:
            return v
    return None


def date_from_url(url: str | None) -> tuple[date, str, str] | None:
    """Dates in article URLs: /2021/03/25/, /2021-03-25/, /20210325/, t20210325_, /202103/25/."""
    if not url:
        return None
    path = re.sub(r"^[a-z]+://[^/]+", "", url)
    pats = (
        r"(?<![0-9])((?:19|20)\d\d)[/_-](\d{1,2})[/_-](\d{1,2})(?![0-9])",
        r"(?<![0-9])((?:19|20)\d\d)/(\d\d)(\d\d)/",
        r"(?<![0-9])((?:19|20)\d\d)(\d\d)[/_-]?(\d\d)(?![0-9])",
    )
    for p in pats:
        m = re.search(p, path)
        if m:
            v = _mk(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if v:
                return v, "day", m.group(0)
    m = re.search(r"/((?:19|20)\d\d)[/_-]?(\d\d)/", path)
    if m and 1 <= int(m.group(2)) <= 12:
        return date(int(m.group(1)), int(m.group(2)), 1), "month", m.group(0)
    return None


def drop_future(found: DateFound, now: date) -> DateFound:
    if found.value is not None and found.value > now:
        return DateFound(None, "unknown", None, found.text, [*found.warnings, "future_date"])
    return found
