"""Headline choice and cleaning (pure).

Order: front matter > page metadata reconciled (<h1>, og:title, <title>, meta title) >
the first headline-like line of a text capture. Rules, each for a reason:
- site suffixes split on `_ - | – — ｜` are removed (`…-新华网`, `_上海长宁`): trafilatura keeps them
  and loses 1 title in 8 on the benchmark (extraction.md 5.3);
- a candidate equal to the site or channel name is rejected (`山西省人民政府网站`);
- quotes inside headlines are kept (trafilatura cuts at an ASCII `"`);
- <h1> wins over <title> when <title> contains it (the <title> adds the site name); otherwise the
  longest `<title>` segment that the page repeats in og:title or an <h1> wins.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from .script import to_simplified

# Separators between a headline and site names: spaced dashes, pipes and guillemets anywhere;
# unspaced `-`/`–` only next to a CJK character (`法国大罢工-新华网`), never inside `Benko-Firma`.
_SPLIT_RE_LATIN = re.compile(
    r"(?<!\s)\s+(?:-{1,2}|[–—|｜»·]|::)\s+|(?<!\s)\s*_{1,2}\s*|(?<!\s)\s*[|｜]\s*|——"
    r"|(?<=[\u4e00-\u9fff）)」”》\]】])\s*(?:-{1,2}|[–—])\s*|(?<!\s)\s*(?:-{1,2}|[–—])\s*(?=[\u4e00-\u9fff（(「“《\[【])"
)
# In a title with CJK characters any `-`/`--` separates (`…一块顶十块GPU-EDN 电子技术设计`).
_SPLIT_RE_CJK = re.compile(r"(?<!\s)\s*(?:-{1,2}|[–—|｜»]|::|_{1,2}|——)\s*|(?<!\s)\s+·\s+")


_OPENERS, _CLOSERS = "“「『《", "”」』》"


def _split_title(t: str) -> list[str]:
    """The segments of a title between its separators; a separator inside a quoted name that
    closes later (`打造“吾爱金高里 · 步入式党群服务站”`) is the name's own, not the title's."""
    rx = _SPLIT_RE_CJK if re.search(r"[\u4e00-\u9fff]", t) else _SPLIT_RE_LATIN
    last_close = max(map(t.rfind, _CLOSERS))
    parts, last, depth, seen = [], 0, 0, 0
    for m in rx.finditer(t):
        if m.end() == m.start():
            continue
        seg = t[seen:m.start()]
        depth += sum(map(seg.count, _OPENERS)) - sum(map(seg.count, _CLOSERS))
        seen = m.start()
        if depth > 0 and m.start() < last_close:
            continue
        parts.append(t[last:m.start()])
        last = m.end()
    parts.append(t[last:])
    return [p for p in parts if p]


# Words that mark a segment as a site/channel name rather than a headline.
_SITE_WORDS = (
    "网", "网站", "频道", "首页", "门户", "官网", "官方网站", "新闻中心", "政府", "政府网",
    "日报", "晚报", "晨报", "在线", "客户端", "财经", "新闻", "资讯", "论坛", "博客", "专栏",
    "公众号", ".com", ".cn",
)
# A government body whose site prints the title (…_上海市文化和旅游局, -徐汇区民政局): the
# city's or a district's name first, so a headline ending in 开局 or 委 is not one.
_AUTHORITY_RE = re.compile(r"^(?:中共)?(?:上海市|[\u4e00-\u9fff]{2,3}区)[\u4e00-\u9fff]{2,14}(?:局|委员会|办公室)$")
# Portal names that start a site segment (网易新闻, 新浪财经).
_PORTALS = ("网易", "新浪", "搜狐", "腾讯", "凤凰", "百家号", "人民网", "新华网", "央视网", "中新网", "澎湃")
_MENU_HINTS = ("首页", "网易号", "正文", "申请入驻", "登录", "注册", "当前位置", "您的位置", "你的位置", "导航", "返回", "在线留言", "网站地图", "联系我们", "人员入口")
_BAD_TITLE_RE = re.compile(r"^(?:404|页面不存在|找不到页面|出错了|error)", re.IGNORECASE)


# (str.split() splits on the characters regex `\s` matches, str.isspace(), without a regex
# call: these two run for every line and link of a page). Short strings are cached: the headline
# and metadata checks normalise the same lines of a page again and again (~180 calls a page,
# most repeats); long ones are not, so a capture of huge lines cannot fill the cache (<= ~4 MB).
def norm(s: str) -> str:
    return _norm_short(s) if s and len(s) <= _NORM_CACHED_LEN else _norm(s)


_NORM_CACHED_LEN = 256


def _norm(s: str) -> str:
    return "".join(unicodedata.normalize("NFKC", s or "").split())


_norm_short = functools.lru_cache(maxsize=4096)(_norm)


def clean_space(s: str) -> str:
    return " ".join((s or "").split())


def _is_site_segment(seg: str, site_names: tuple[str, ...]) -> bool:
    n = norm(to_simplified(seg))  # 大公文匯網 is a site name like 大公文汇网
    if not n:
        return True
    for s in site_names:
        ns = norm(to_simplified(s))
        if ns and (n == ns or (len(n) <= len(ns) + 4 and ns in n) or (len(ns) >= 2 and n in ns)):
            return True
    # short segments ending with a site word (新华网, 上海长宁, 人民网-上海频道)
    if len(n) <= 16 and (any(n.endswith(w) for w in _SITE_WORDS) or n.startswith(_PORTALS)):
        return True
    if _AUTHORITY_RE.match(n):
        return True
    return bool(re.fullmatch(r"[A-Za-z0-9.]+\.(?:com|cn|net|org)(?:\.cn)?", n))


def strip_site_suffix(title: str, site_names: tuple[str, ...] = ()) -> str:
    """Remove site and channel names around a headline: `法国大罢工-新华网` -> `法国大罢工`."""
    t = clean_space(title)
    if not t:
        return t
    parts = _split_title(t)
    if len(parts) <= 1:
        return t
    # keep the leading run of parts that are not site names; a headline may itself contain a
    # dash (`长宁——幸福家园`), so only trailing/leading site-like segments are removed
    # a short trailing segment after a much longer headline is a site or channel name even when it
    # carries no site word (`…_上海长宁`, `…-富达传媒`): 10 characters and half the headline's length
    while len(parts) > 1 and (
        _is_site_segment(parts[-1], site_names)
        or (len(norm(parts[-1])) <= 10 and len(norm("".join(parts[:-1]))) >= 2 * len(norm(parts[-1])))
    ):
        parts.pop()
    while len(parts) > 1 and _is_site_segment(parts[0], site_names) and len(norm(parts[0])) < len(norm(parts[1])):
        parts.pop(0)
    if len(parts) == 1:
        return parts[0].strip()
    # several non-site segments left: take the original text up to the end of the last kept part
    kept = parts[-1]
    idx = t.rfind(kept)
    start = t.find(parts[0])
    return t[start: idx + len(kept)].strip() if idx >= 0 and start >= 0 else " ".join(parts)


def reconcile_html_title(
    *,
    h1s: list[str],
    og_title: str | None,
    title_tag: str | None,
    meta_title: str | None,
    site_names: tuple[str, ...] = (),
) -> tuple[str | None, str | None]:
    """Pick the page headline -> (title, source) with source metadata | h1."""
    tt = clean_space(title_tag or "")
    og = clean_space(og_title or "")
    mt = clean_space(meta_title or "")
    cands_meta = [c for c in (og, mt) if c and not _BAD_TITLE_RE.match(c)]
    ntt = norm(tt)
    # 1. an <h1> that the <title> (or og:title) contains is the headline without the site name
    for h in h1s:
        h = clean_space(h)
        nh = norm(h)
        if len(nh) < 4 or _is_site_segment(h, site_names):
            continue
        if (ntt and nh in ntt) or any(nh in norm(c) for c in cands_meta):
            return h, "h1"
    # 2. og:title / meta title, cleaned, when the <title> confirms it or there is no <title>
    for c in cands_meta:
        cc = strip_site_suffix(c, site_names)
        if len(norm(cc)) >= 4 and not _is_site_segment(cc, site_names) and (not ntt or norm(cc) in ntt or ntt in norm(c)):
            return cc, "metadata"
    # 3. <title> with site suffixes removed
    if tt and not _BAD_TITLE_RE.match(tt):
        ct = strip_site_suffix(tt, site_names)
        if len(norm(ct)) >= 4 and not _is_site_segment(ct, site_names):
            # an <h1> that starts the cleaned title and is longer is the fuller form
            return ct, "metadata"
    # 4. an <h1> that is not the site name, even if the <title> disagrees
    for h in h1s:
        h = clean_space(h)
        if 4 <= len(norm(h)) <= 100 and not _is_site_segment(h, site_names):
            return h, "h1"
    for c in cands_meta:
        cc = strip_site_suffix(c, site_names)
        if len(norm(cc)) >= 4:
            return cc, "metadata"
    return None, None


# A page's tools, printed as buttons: font size switches, print, favourites, close.
PAGE_TOOLS = frozenset({"A-", "A+", "A", "打印", "收藏", "关闭", "字号", "大", "中", "小", "分享", "【打印】", "【关闭】"})


def is_menu_line(line: str) -> bool:
    """Navigation and breadcrumb lines at the top of text captures (`网易首页 > 网易号 > 正文 申请入驻`)."""
    s = to_simplified(line).strip()
    if not s:
        return True
    if re.search(r"\s[>›»]\s|>>|＞", s) and len(s) < 80:
        return True
    hits = sum(1 for h in _MENU_HINTS if h in s)
    if hits >= 2 or (hits and len(s) <= 12):
        return True
    # rows of short menu items separated by spaces or pipes (not a series name and a subtitle, each
    # of two phrases: `城市文明 实践样本|善美普陀 活力苏河`)
    items = [x for x in re.split(r"[\s|｜]+", s) if x]
    halves = re.split(r"[|｜]", s)
    series = len(halves) == 2 and all(len(h.split()) == 2 for h in halves)
    if len(items) >= 4 and all(len(x) <= 4 for x in items) and not series:
        return True
    if len(items) >= 6 and all(len(x) <= 6 for x in items):
        return True  # a longer row of column names (`基金会简介 代表处简介 基金会章程 …`)
    # page tools: font size switches, print, favourites (`A- A+  打印`)
    return len(items) >= 2 and all(len(x) <= 4 for x in items) and any(x in PAGE_TOOLS for x in items)


def is_headline_like(line: str) -> bool:
    """A line that can be a headline: 6-80 characters, not a sentence, date or credit line."""
    s = to_simplified(line).strip().lstrip("#").strip().strip("*").strip()
    n = len(norm(s))
    if n < 6 or n > 80:
        return False
    if s.endswith(("。", "：", ":", "；")) or is_menu_line(s):
        return False
    # newsletter mastheads (`社区简讯 2020年第4期`) are not headlines
    if re.search(r"第\s*\d+\s*期\s*$|总第\s*\d+\s*期", s):
        return False
    # a line opening with a date is a byline or a list stamp; a year alone opens headlines
    # (2019年度…评选结果, 2021年…工作要点)
    if re.match(r"^(?:19|20)\d\d\s*[-年/.]\s*\d{1,2}\s*(?:[-月/.]|$)", s) or re.match(r"^(?:来源|作者|编辑|责编|发布时间|时间)[:：]", s):
        return False
    # a headline is mostly text, not digits and punctuation, with some words in it
    letters = sum(1 for c in s if c.isalpha())
    han = len(re.findall(r"[\u4e00-\u9fff]", s))
    return letters >= 0.5 * n and (han >= 4 or len(re.findall(r"[A-Za-z]{2,}", s)) >= 3)
