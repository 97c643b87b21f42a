"""RawInput bytes -> Extracted (pure): body text, title, date, publisher, author.

Pipeline: size/binary checks -> decode (decode.py) -> YAML front matter (frontmatter.py) ->
format detection (html | markdown | text) -> body extraction -> Chinese cleaning (textclean.py)
-> title (titles.py) -> date (dates.py) -> publisher/author.
HTML bodies come from trafilatura (decoded text in, never raw bytes; comments off), with
readability-lxml as a second opinion and a WeChat `js_content` path (extract_html.py).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from grassroots.models import Extracted, RawInput, RejectError

from . import captures as C
from . import dates as D
from . import english as E
from .decode import Decoded, decode_bytes, repair_mojibake, sniff_binary
from .frontmatter import meta_str, split_front_matter
from .html import PageResult, extract_html, fragment_lines, looks_like_html
from .script import CONTROL_CHARS, drop_readings, script_of, to_simplified, with_readings
from .textclean import (
    CUT_MIN_UNITS_BEFORE,
    author_from_line,
    clean_lines,
    strip_markdown_line,
    strip_urls,
    units,
)
from .titles import is_menu_line, norm

# Bump when the output of extract() changes for the same bytes (re-extraction over history).
EXTRACTOR_VERSION = "2026.12.08.255"

# no_content minimum: 80 content units (textclean.units: Han characters + 2 per Latin word), and at
# least one paragraph of 30 units. The shortest real briefs (快讯) in the seeds and benchmark run to
# about 100 Han characters; index pages and error pages are made of short lines (headlines, menu
# items, "页面不存在"), so they fail the paragraph test even when the page is long.
MIN_BODY_UNITS = 80
MIN_PARAGRAPH_UNITS = 30
# ... unless the body is this long: a benchmark page of short lines (a2df12126, 1,500 units of a
# list-like article) was refused by the paragraph rule; index pages are caught by link share instead.
LONG_BODY_UNITS = 300

_NOT_FOUND_RE = re.compile(
    r"页面不存在|页面未找到|找不到(?:该|您要访问的)?页面|您访问的页面|404\s*(?:Not Found|错误|error)|Page Not Found|文章不存在|内容已删除|该内容已被删除",
    re.IGNORECASE,
)
# a WeChat capture's account line under the headline: `点击蓝字关注👉 某某发布 2020-09-01`
_WECHAT_ACCOUNT_RE = re.compile(r"蓝字关注\W{0,3}\s*([\u4e00-\u9fffA-Za-z0-9]{2,12})\s+(?:19|20)\d\d-\d{1,2}-\d{1,2}")
_SOURCE_LABELS = "来源|稿源|转自|转载自"
# a post's account named alone between its headline and its date line, or on the date line before
# the date, once or twice (`上海闵行 上海闵行 2019-04-09`): a place's account (`上海长宁`) or an
# outlet's (`某某发布`, `某某日报`), not the reporters' names or a user's handle
_ACCOUNT = r"上海[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{2,8}(?:发布|日报|晚报|新闻|融媒|头条)"
_ACCOUNT_NAME_RE = re.compile(_ACCOUNT)
_DATED_ACCOUNT_RE = re.compile(rf"({_ACCOUNT})(?:\s+\1)?\s+(?:19|20)\d\d-\d{{1,2}}-\d{{1,2}}(?:\s|$)")
# (an empty 来源 is followed by the next field, `来源: 发布时间:2021-01-04`: that is no publisher)
_PUBLISHER_SOURCE_RE = re.compile(
    rf"(?:^|\s)(?:{_SOURCE_LABELS}|出处)\s*[:：]\s*(?![\u4e00-\u9fff]{{2,6}}\s*[:：])([^\s|丨/]{{2,30}})")
# a district's or a 街镇's own portal names itself above the story (`闵行区`, `上海市某某区某某镇人民政府`),
# or a disclosure page names its issuer with the value on the line under the label (`公开主体:`)
_GOV_MASTHEAD_RE = re.compile(
    r"(?:上海市)?[\u4e00-\u9fff]{2,3}区(?:[\u4e00-\u9fff]{2,5}(?:街道|镇))?(?:人民政府|政府|办事处)?(?:门户网站|网站)?")
_ISSUER_LABEL_RE = re.compile(r"(?:公开主体|发布机构|发文机关|发文机构|信息来源|来源)\s*[:：]")
# a source printed in brackets on a line of its own, as a re-post closes its body (…送去了新春的祝福。 /
# （来源：某某发布）): cleaning drops the line, its name is the publisher when no 来源 line says more
_CLOSING_SOURCE_RE = re.compile(rf"^[（(]\s*(?:{_SOURCE_LABELS})\s*[:：]\s*([^\s|丨/()（）]{{2,30}})\s*[)）]$")
_PUBLISHER_XUN_RE = re.compile(r"^[（(【\[]?\s*([\u4e00-\u9fff]{2,8}?)(?:讯|消息)\s*[（(]|^([\u4e00-\u9fff]{2,8}?)讯")
# `本报讯`, `本网讯`: "this paper's news" names no outlet (every paper writes it); the page's own
# name (its site name, masthead or 来源 line) says which paper
_SELF_REFERENCE = frozenset({"本报", "本网", "本台", "本刊", "本站", "本社", "本市"})
_PUBLISHER_DIAN_RE = re.compile(r"(新华社|中新社|中新网|人民网|央视网|新华网|澎湃新闻|东方网|新民网|解放日报|文汇报)[\u4e00-\u9fff]{0,6}?\d{1,2}月\d{1,2}日(?:电|讯)")
_REPORTER_RE = re.compile(r"[（(]\s*(?:记者|通讯员)\s*([\u4e00-\u9fff]{2,4}(?:[\s、][\u4e00-\u9fff]{2,4})*)\s*[)）]|记者\s*([\u4e00-\u9fff]{2,3})(?=[\s，,）)报])")
_DATE_LABEL_RE = re.compile(r"(?:发布时间|发表时间|发布日期|发表日期|更新时间|时间|日期|发布于|发表于)\s*[:：]?\s*")


def extract(raw: RawInput, *, max_bytes: int = 20_000_000) -> Extracted:
    """Extract one article from raw bytes; raise RejectError for inputs that are not articles."""
    data = raw.data
    if not data:
        raise RejectError("empty_input", "the file is empty (0 bytes)")
    if len(data) > max_bytes:
        raise RejectError(
            "too_large", f"the input is {len(data):,} bytes, over the {max_bytes:,}-byte limit"
        )
    kind = sniff_binary(data)
    if kind:
        raise RejectError("binary_input", f"the input is not text: it looks like a {kind}")
    decoded = repair_mojibake(decode_bytes(data, raw.content_type))
    text = decoded.text.lstrip("\ufeff")
    if not text.strip():
        raise RejectError("empty_input", "the input contains only whitespace")

    meta, body = split_front_matter(text)
    url = raw.final_url or (raw.locator if raw.kind == "url" else None)
    now = raw.fetched_at.date() + timedelta(days=1)  # one day of slack for time zones
    warnings: list[str] = []
    if "lossy_decode" in decoded.flags:
        warnings.append("lossy_decode")

    is_html = looks_like_html(body, raw.content_type if meta is None else None)
    if is_html:
        # lxml refuses control characters in the text it is given back (a stray \x01 in a page
        # raised ValueError while the page's lines were read); they carry nothing a reader sees
        body = CONTROL_CHARS.sub("", body)
    if is_html and meta is None:
        res = extract_html(body, url=url)
        fmt = "html"
    elif is_html:
        # a whole page after the front matter gets the page path, a fragment its own blocks
        full = re.search(r"<(?:html|body)\b", body[:4096], re.IGNORECASE)
        res = extract_html(body, url=url) if full else _extract_fragment(body)
        fmt = "front_matter+html"
    else:
        md = meta is not None or _looks_like_markdown(body)
        res = _extract_lines(body, markdown=md)
        fmt = ("front_matter+markdown" if meta is not None else "markdown") if md else "text"

    title, title_source = res.title, res.title_source
    found: D.DateFound | None = None
    pub2, auth2 = find_publisher_author(res.byline, res.first_para)
    # a 来源： line or dateline names the publisher of this story; og:site_name is only the site
    publisher, author = pub2 or res.publisher, res.author or auth2
    if meta:
        t = meta_str(meta, "title", "headline")
        if t:
            title, title_source = t, "front_matter"
        ds = meta_str(meta, "date", "published", "published_at", "publish_date", "pubdate", "created")
        if ds:
            parsed = D.parse_date_value(ds)
            if parsed:
                found = D.DateFound(parsed[0], parsed[1], "front_matter", ds)
            else:
                warnings.append("unparsed_front_matter_date")
        publisher = meta_str(meta, "source", "publisher", "site", "site_name") or publisher
        author = meta_str(meta, "author", "authors", "byline") or author
    if found is None:
        found = _choose_date(res, url=url, raw=raw)
    found = D.drop_future(found, now)
    warnings.extend(found.warnings)
    warnings.extend(res.warnings)

    body_text = _finish_text(res.lines, title)
    _check_content(body_text, title, res)
    return Extracted(
        text=body_text,
        title=title,
        title_source=title_source,
        published_date=found.value,
        date_precision=found.precision if found.value else "unknown",
        date_source=found.source,
        date_text=found.text,
        publisher=publisher,
        author=author,
        input_format=fmt,
        encoding=decoded.encoding,
        encoding_source=decoded.source,
        encoding_flags=decoded.flags,
        extractor=f"grassroots {EXTRACTOR_VERSION} ({res.method})",
        warnings=tuple(dict.fromkeys(warnings)),
        script=script_of(f"{title or ''}\n{body_text}"),
    )


# ---- text captures and markdown ------------------------------------------------------------------


_Result = PageResult


def _is_noise(s: str) -> bool:
    """Random letters and symbols a forum sprinkles through its text against copying
    (`# I* r6 s" l) a3 u! …`, a heading's mark by chance): no Han character, five or more short
    runs of letters mixed with symbols (not a date, a file name, a stamp or English)."""
    printed = re.sub(r"\s", "", s)
    letters = len(re.findall(r"[A-Za-z]", s))
    tokens = s.split()
    return not re.search(r"[\u3400-\u9fff]", s) and 3 <= letters < 2 / 3 * len(printed) \
        and len(re.findall(r"[!-/:-@\[-`{-~]", s)) >= 4 \
        and len(tokens) >= 5 and sum(len(t) <= 3 for t in tokens) >= 0.8 * len(tokens)


def _looks_like_markdown(text: str) -> bool:
    head = text[:20000]
    return bool(re.search(r"^\s{0,3}#{1,6}\s+\S|^\s*\*\*[^*\n]+\*\*\s*$|!\[[^\]]*\]\(|\[[^\]]+\]\(https?://", head, re.MULTILINE))


# A byline line is short and carries a date, a source or an author; 60 characters covers
# `2021年03月25日13:43  来源:人民网-上海频道` and similar with room for a reporter's name.
_BYLINE_MAX = 60


def _is_byline(line: str) -> bool:
    s = line.strip()
    if not s or len(s) > _BYLINE_MAX:
        return False
    return bool(
        D.find_full_date(s) or _PUBLISHER_SOURCE_RE.search(s) or re.match(r"^(?:作者|记者|来源|发布时间|时间|编辑)", s)
        or re.fullmatch(r"[\d\s]*|分享至|分享", s)
    )


# newsletter mastheads above the headline (`社区简讯 2020年第4期`)
_MASTHEAD_RE = re.compile(r"第\s*\d+\s*期\s*$|总第\s*\d+\s*期")


# A run of spacing inside a line is layout, and no rule reads more than a few of it; a run of
# thousands made every `\s+`/`\s*` of the line rules retry from each of its characters (quadratic:
# 21 s for one 20 KB line)
_SPACE_RUN_RE = re.compile(r"([^\S\n]{40})[^\S\n]+")


def _extract_lines(text: str, *, markdown: bool) -> _Result:
    res = _Result()
    res.method = "markdown" if markdown else "text"
    text = _SPACE_RUN_RE.sub(r"\1", text.replace("\r\n", "\n").replace("\r", "\n"))
    raw_lines = [strip_urls(x).rstrip() for x in text.split("\n")]
    title_idx = None
    if markdown:
        for i, line in enumerate(raw_lines):
            m = re.match(r"^\s{0,3}#\s+(.+?)\s*#*\s*$", line)
            if m and not _is_noise(m.group(1)):
                title_idx = i
                res.title, res.title_source = strip_markdown_line(m.group(1)), "text"
                break
    lines = [strip_markdown_line(x) for x in raw_lines] if markdown else [x.strip() for x in raw_lines]
    lines = ["" if C.is_markup_only(x) or _is_noise(x) else x for x in lines]
    # every decision reads the simplified view without pinyin readings (人民網(wǎng)記者 is a byline,
    # 環(huán)球訊息: a feed's prefix); what is kept is the line as published
    bare = [drop_readings(x) for x in lines]
    view = [to_simplified(x) for x in bare]
    head = C.choose_headline(bare, view)
    english = E.is_english(bare)
    inline_meta = account = None
    labelled = C.labelled_title(bare, view) if title_idx is None else None
    if title_idx is None and head.index is not None and (labelled is None or norm(labelled) == norm(head.title)):
        title_idx = head.index
        res.title, res.title_source, inline_meta = with_readings(head.title, lines[head.index]), "text", head.inline_meta
    if inline_meta:
        res.byline.append(inline_meta)
    if res.title is None and labelled:
        # a `标题：` field names the title, whatever line looks like a headline (a digest page's
        # first item under a reading note): the body is not cut there; a field cut short
        # (`标题：…收到了`) is the headline the page prints whole on lines of its own
        whole = C.repeated_title(bare, view)
        if whole and len(norm(whole)) > len(norm(labelled)) and norm(whole).startswith(norm(labelled)):
            labelled = whole
        res.title, res.title_source = labelled, "text"
    elif res.title is None and (repeated := C.repeated_title(bare, view)):
        res.title, res.title_source = repeated, "text"  # (the body is not cut there either)
    elif res.title is None and (crumb := C.crumb_title(bare, view, head.body_index)):
        res.title, res.title_source = crumb, "text"
    elif res.title is None and (teased := C.teaser_title(bare, view, head.body_index)):
        res.title, res.title_source = teased, "text"  # (nor here: the teaser is the first paragraph)
    elif res.title is None and (flash := C.flash_title(bare, view, head.body_index)):
        res.title, res.title_source = flash, "text"  # (nor here: the flash's headline opens its paragraph)
    elif res.title is None and (original := C.original_title(bare, view)):
        res.title, res.title_source = original, "text"  # (a re-post's 原标题 line at its end)
    elif res.title is None and english and (en_title := E.headline(bare)):
        res.title, res.title_source = en_title, "text"  # an English re-post (the body is not cut there)
    if title_idx is None and res.title and (k := _printed_with_meta(res.title, bare, view)) is not None:
        # a title read from a breadcrumb (or another line) printed again on its own, its 发布时间
        # line under it, below a sidebar: the story starts there and that line dates it
        title_idx = k
    if res.title and head.index is None:  # a title read elsewhere keeps its readings too
        res.title = next((with_readings(res.title, x) for x, b in zip(lines, bare, strict=True)
                          if x != b and res.title in b), res.title)
    start = 0
    subtitles: list[str] = []
    if title_idx is not None:
        start = title_idx + 1
        # byline zone: metadata, a ——subtitle and forum headers right after the headline
        j, after_op, table = start, False, False
        first = _nonempty(lines, title_idx, 1)  # (an e-paper's deck can only stand right under it)
        while j < len(lines) and (j < start + 10 or table):
            s, v = lines[j].strip(), view[j].strip()
            if not s or C.unpipe(s) == "":
                j += 1
                continue
            if C.is_table_label(v) and (k := _nonempty(lines, j, 1)) is not None:
                # a disclosure page's fields under its headline, each label above its value
                res.byline += [C.unpipe(s), C.unpipe(lines[k].strip())]
                j, table = k + 1, True
                continue
            table = False
            if _is_byline(v) or C.is_meta_line(v):
                res.byline.append(C.unpipe(s))
                if account is None and (m := _DATED_ACCOUNT_RE.match(v)):
                    account = m.group(1)
            elif prefix := C.dated_label_prefix(v):
                res.byline.append(prefix)
                break  # the rest of the line is the first paragraph
            elif C.is_name_line(v) and _meta_next(view, j, names=1):
                if account is None and _ACCOUNT_NAME_RE.fullmatch(v):
                    account = C.unpipe(s)  # an account's (or an author's) name above its date line
            elif C.is_original_title(v) or C.is_toolbar_item(v) or C.is_breadcrumb(v):
                pass  # a re-post's 原标题 line, 分享至 / (2) / 收藏, 首页 > …
            elif re.match(r"^(?:——|—|－－)\s*\S", v) and not after_op or j == first and C.is_deck(view, j, len(view)):
                # the headline's ——subtitle or an e-paper's deck over the byline: the story's words,
                # kept as its text's first line
                subtitles.append(s)
            elif not (C.is_forum_line(v) or after_op):
                break
            after_op = bool(re.match(r"^楼主\s*$", v))  # the poster's name follows 楼主
            j += 1
        start = j
    elif head.body_index is not None:
        # no headline: the chrome, bylines and metadata above the first paragraph are not body;
        # a sentence right above it, too short to count as a paragraph, is the story's first
        start = head.body_index
        while (k := _nonempty(lines, start, -1)) is not None and _opening_sentence(view[k]):
            start = k
        start = _lead_in_start(lines, view, start)
        if english:
            # an English page with its Chinese version below (`Swipe for Chinese version`): the
            # first Chinese paragraph is not where its story starts
            start = next((k for k in range(start) if E.is_paragraph(bare[k].strip())), start)
    else:
        while start < len(lines) and (not lines[start].strip() or is_menu_line(view[start]) or _is_drop(view[start])):
            start += 1
    # a forum thread: the post ends at the poster's signature or the first reply
    stop = len(lines)
    for k in range(start, len(lines)):
        if re.match(r"^\S{1,20}的签名\s*[:：]|^(?:沙发|板凳|地板)\s*#?\d*\s*$|^-{6,}$", view[k].strip()):
            stop = k
            break
    body = subtitles + [x for x, v in zip(lines[start:stop], view[start:stop], strict=True) if not C.is_forum_line(v)]
    body = _cut_at_repeated_meta(body, res.byline)
    for line in [*res.byline, *body]:
        v = to_simplified(line)
        a = author_from_line(v)
        if a:
            i = v.find(a)  # the name as published (the view has the same offsets)
            res.author = line[i:i + len(a)] if i >= 0 else a
            break
    kept, dropped = clean_lines(body)
    res.lines = kept
    res.first_para = next((x for x in kept if units(x) >= 20), "")
    upto = title_idx if title_idx is not None else start
    # a day date from the metadata above the body (issue line, dated source line, forum post
    # time) when the byline zone has none
    for x in res.byline:
        found = () if _not_the_pages_day(v := to_simplified(x)) else C.meta_date(v)
        if found:
            res.text_date = D.DateFound(found[0], "day", "text", found[1])
            break
    else:
        res.text_date = C.head_dates(view, upto)
    if res.text_date is None and res.title:
        res.text_date = C.date_above_copy(view, norm(to_simplified(drop_readings(res.title))), upto)
    if res.text_date is None and title_idx is not None:
        res.text_date = C.forum_post_date(view, title_idx + 1) or C.issuer_date_below(view, title_idx + 1)
    # lines above the headline (a newsletter's `2020年第4期` masthead) and the byline may date the
    # issue at year or month precision when nothing more precise exists
    if res.text_date is None:
        for s in [x for x in view[:upto] if x.strip() and not C.is_story_time_field(x)] + [
                to_simplified(x) for x in res.byline]:
            m = re.search(r"((?:19|20)\d\d)\s*年\s*(?:第\s*\d+\s*期|(\d{1,2})\s*月)", s)
            if m and not D.find_full_date(s):
                mon = int(m.group(2)) if m.group(2) else None
                if mon and 1 <= mon <= 12:
                    res.text_date = D.DateFound(date(int(m.group(1)), mon, 1), "month", "text", m.group(0))
                else:
                    res.text_date = D.DateFound(date(int(m.group(1)), 1, 1), "year", "text", m.group(0))
                break
    # a dated credit or 发布时间 line in the capture's trailer
    if res.text_date is None:
        res.text_date = C.trailer_date(body, res.title)
    # an English re-post's stamp or date line (`Published:2019-09-03`, `June 25, 2024`)
    if res.text_date is None and english and (en_date := E.head_date(bare)):
        res.text_date = D.DateFound(en_date[0], "day", "text", en_date[1])
    # 来源：/ 记者 lines that cleaning removed still name the publisher and the reporter
    head_meta = [x for x, v in zip(lines[:upto], view[:upto], strict=True) if C.is_meta_line(v)]
    for s in res.byline + head_meta + dropped + kept[:3]:
        s = to_simplified(s)
        if len(s) > _BYLINE_MAX:
            continue
        m = _PUBLISHER_SOURCE_RE.search(s) or _WECHAT_ACCOUNT_RE.search(s) or _CLOSING_SOURCE_RE.match(s.strip())
        if m and not res.publisher:
            res.publisher = m.group(1)
        m = re.search(r"记者\s*([\u4e00-\u9fff]{2,3})(?:\s|$|，|,)", s)
        if m and not res.author:
            res.author = m.group(1)
    if not res.publisher:
        res.publisher = _masthead_publisher(lines[:upto], view[:upto]) or account
    return res


def _masthead_publisher(lines: list[str], view: list[str]) -> str | None:
    """The government body a portal capture names above its story: its masthead alone on a line,
    or the value under an issuer label (`公开主体:` / `上海市某某区某某镇人民政府`)."""
    filled = [i for i, v in enumerate(view) if v.strip()]
    for n, i in enumerate(filled):
        under_label = n > 0 and _ISSUER_LABEL_RE.fullmatch(to_simplified(view[filled[n - 1]]).strip())
        if (n == 0 or under_label) and _GOV_MASTHEAD_RE.fullmatch(to_simplified(view[i]).strip()):
            return lines[i].strip()
    return None


def _cut_at_repeated_meta(body: list[str], byline: list[str]) -> list[str]:
    """A capture that prints its source or date line again under the body has ended there: what
    follows is the site's list of other stories (their headlines and leads, their places)."""
    meta = {C.unpipe(x).strip() for x in byline if C.is_meta_line(to_simplified(x))}
    if not meta:
        return body
    seen = 0  # (some body first: a date line printed twice under the headline is no ending)
    for k, line in enumerate(body):
        if seen >= CUT_MIN_UNITS_BEFORE and C.unpipe(line).strip() in meta:
            return body[:k]
        seen += units(line)
    return body


def _meta_next(view: list[str], j: int, names: int = 0) -> bool:
    """The next non-empty line after j, past toolbar items (向作者提问, 收藏) and up to ``names``
    more name lines (a video page's column, then its outlet: `时讯` / `某某新闻综合`), is a
    metadata line."""
    k = next((k for k in range(j + 1, min(len(view), j + 4)) if view[k].strip()), None)
    k = C.past_toolbar(view, k, len(view)) if k is not None else None
    if k is not None and names and C.is_name_line(view[k]):
        return _meta_next(view, k, names - 1)
    return k is not None and C.is_meta_line(view[k].strip())


def _printed_with_meta(title: str, bare: list[str], view: list[str]) -> int | None:
    """The line that prints ``title`` alone with a metadata line right under it and the story
    below (not a re-post's footer: `标题：…`, `来源：…` after the text), if any."""
    nt = norm(title)
    if len(nt) < 6:
        return None
    return next((i for i, b in enumerate(bare) if norm(b) == nt and _meta_next(view, i)
                 and any(C.is_body(v) for v in view[i + 2:])), None)


def _nonempty(lines: list[str], i: int, step: int) -> int | None:
    """The nearest non-empty line after (step 1) or before (step -1) line i."""
    k = i + step
    while 0 <= k < len(lines) and not lines[k].strip():
        k += step
    return k if 0 <= k < len(lines) else None


def _is_chrome(s: str) -> bool:
    """A metadata, byline, caption, menu or boilerplate line, or a row of items (`|`)."""
    return (C.is_meta_line(s) or _is_byline(s) or C.is_caption(s) or is_menu_line(s) or _is_drop(s)
            or "|" in s)


def _opening_sentence(v: str) -> bool:
    """A whole sentence (ends with 。, eight content units or more) that is not a caption,
    a byline, a metadata, menu or boilerplate line (simplified view)."""
    s = v.strip()
    return s.endswith("。") and units(s) >= 8 and not _is_chrome(s)


# A post that opens with its lead broken over short lines (随着…深入人心， / 社区居民对…的投放需求 /
# 也有所增长。) above its first paragraph: that many pieces of sentences, and that share of the run
# (the other lines are pieces too plain to tell: 第17个年头). A portal's column menu (首页 / 新闻中心
# / 街道动态) has items, not pieces, and menu lines end the run.
LEAD_IN_LINES = 3
LEAD_IN_SHARE = 0.4
LEAD_IN_LINE_MAX = 60
_LEAD_PIECE_PUNCT_RE = re.compile(r"[，,。；;]|[？?！!…~～、]$")


def _lead_piece(v: str) -> bool:
    """A piece of a sentence a post breaks over lines: short, with a function word, a comma or
    a full stop, or a sentence's end mark at its end, and no label (`地址:`; a colon further on is
    the sentence's: 据某某报道:…) (simplified view)."""
    s = v.strip()
    return (len(s) <= LEAD_IN_LINE_MAX and bool(C.VERSE_WORD_RE.search(s) or _LEAD_PIECE_PUNCT_RE.search(s))
            and not re.match(r"[^:：]{0,6}[:：]", s))


def _lead_in_line(v: str) -> bool:
    """A line a lead run may hold between its pieces (第17个年头): short, and not chrome."""
    s = v.strip()
    return len(s) <= LEAD_IN_LINE_MAX and not (_is_chrome(s) or C.is_toolbar_item(s) or C.is_breadcrumb(s))


def _lead_in_start(lines: list[str], view: list[str], start: int) -> int:
    """The first line of a lead broken over short lines right above the first paragraph, or
    `start`. The run's top lines that are not pieces (a site's name above it) stay out."""
    run: list[int] = []
    k = start
    # (a word of two or three characters among the pieces, 今天, or a stray mark, ψ1, does not end it)
    while (k := _nonempty(lines, k, -1)) is not None and (
            _lead_in_line(view[k]) or 0 < len(view[k].strip()) <= C.TOOLBAR_ITEM_MAX):
        run.append(k)
    while run and not _lead_piece(view[run[-1]]):
        run.pop()
    pieces = sum(_lead_piece(view[k]) for k in run)
    return run[-1] if pieces >= LEAD_IN_LINES and pieces >= LEAD_IN_SHARE * len(run) else start


def _is_drop(line: str) -> bool:
    from .textclean import is_drop_line

    return is_drop_line(line)


def _extract_fragment(html: str) -> _Result:
    """An HTML fragment after front matter (no page chrome): its blocks are the body."""
    res = _Result()
    res.method = "fragment"
    kept, _ = clean_lines(fragment_lines(html))
    res.lines = kept
    res.first_para = next((x for x in kept if units(x) >= 20), "")
    return res


# ---- date choice ---------------------------------------------------------------------------------


def _not_the_pages_day(v: str) -> bool:
    """A line of the byline zone whose date is not the publication's: when a post was last edited
    (本帖最后由…编辑), or a photo's caption opening with the day it was taken (`2022年4月15日,…某某供图`)."""
    return C.is_edit_stamp(v) or C.is_caption(v)


def _byline_date(lines: list[str]) -> D.DateFound | None:
    views = [to_simplified(s) for s in lines]
    if any(map(C.is_table_label, views)):
        # a disclosure page's fields: 发布日期 wins over 成文日期 (when it was written), whatever the order
        return C.ranked_date(views)
    for s in lines:
        if _not_the_pages_day(to_simplified(s)):
            continue
        full = D.find_full_date(s)
        if full:
            return D.DateFound(full[0], "day", "text", full[1])
    return None



def _year_evidence(res: _Result, url: str | None, raw: RawInput) -> tuple[date | None, str]:
    """A reference date that proves the year of a yearless date: page metadata, URL, or the fetch
    time of an HTTP capture (never the clock for local files)."""
    for f in (res.meta_date, res.text_date):
        if f and f.value:
            return _period_end(f.value, f.precision), "page"
    u = D.date_from_url(url)
    if u:
        return _period_end(u[0], u[1]), "url"
    if raw.kind == "url":
        return raw.fetched_at.date(), "fetch"
    return None, ""


def _period_end(v: date, precision: str) -> date:
    """Last day of the period a partial date stands for (a year-precision page date proves the
    year, so a yearless date inside it may fall anywhere up to 31 December)."""
    if precision == "year":
        return date(v.year, 12, 31)
    if precision == "month":
        nxt = date(v.year + (v.month == 12), v.month % 12 + 1, 1)
        return nxt - timedelta(days=1)
    return v


def _choose_date(res: _Result, *, url: str | None, raw: RawInput) -> D.DateFound:
    # 1. the page's own structured metadata (article:published_time, PubDate, WeChat ct)
    if res.meta_date and res.meta_date.value and res.meta_date.precision == "day":
        return res.meta_date
    # 2. the byline next to the headline (visible date, 发布时间：…)
    bd = _byline_date(res.byline)
    if bd:
        return bd
    if res.text_date and res.text_date.value and res.text_date.precision == "day":
        return res.text_date
    # 3. a date in the URL path
    u = D.date_from_url(url)
    if u and u[1] == "day":
        return D.DateFound(u[0], "day", "url", u[2])
    ref, ref_kind = _year_evidence(res, url, raw)
    # 4. a dateline at the start of the body: 新华社巴黎12月9日电 / 中新网上海2月24日电
    # (read in the simplified view without readings: 中新網(wǎng)3月24日電 is a dateline too)
    lead = to_simplified(drop_readings(res.first_para[:300]))
    head = lead[:120]
    # ... or the site's publication label run into it: `(本站发表时间:2020-1-17) 日前，…`
    if stamp := C.lead_stamp_date(head):
        return stamp
    dl = D.find_dateline(head)
    if dl:
        y, mon, day, txt = dl
        if y:
            v = D._mk(y, mon, day)
            if v:
                return D.DateFound(v, "day", "dateline", txt)
        if ref:
            v = D.resolve_month_day(mon, day, ref)
            if v:
                w = ["year_from_fetch_time"] if ref_kind == "fetch" else []
                return D.DateFound(v, "day", "dateline", txt, w)
        # (a local file has no such evidence; the story may spell the same day out with its year)
        if v := D.date_stated_for("\n".join(res.lines), mon, day):
            return D.DateFound(v, "day", "dateline", txt)
        # ... or the year of the event its lead reports (2010年3月19日上午… under 3月24日电)
        if v := D.year_of_lead(lead[:200], mon, day):
            return D.DateFound(v, "day", "dateline", txt, ["year_from_lead"])
        return D.DateFound(None, "unknown", "dateline", txt, ["yearless_dateline"])
    # 5. two-digit years (发布时间：18-03-08 23:16) only when the reference agrees on the year
    #    (extraction.md 5.4: trafilatura reads Baijiahao's 18-03-08 as 2008-03-18)
    for s in res.byline:
        yy = D.find_two_digit_date(s)
        if yy and ref and ref.year % 100 == yy[0]:
            v = D._mk(ref.year, yy[1], yy[2])
            if v:
                return D.DateFound(v, "day", "text", yy[3])
    # 6. yearless byline dates (发布时间：10-08 12:00) and relative dates (昨天(14日))
    for s in res.byline:
        md = D.find_month_day(s)
        if md and ref:
            v = D.resolve_month_day(md[0], md[1], ref)
            if v:
                return D.DateFound(v, "day", "text", md[2])
    # a yearless date opening the lede (`5月18日上午，…`): the same evidence rule as a dateline
    md = D.find_month_day(head[:12])
    if md and not D.find_relative(head[:12]):
        if ref:
            v = D.resolve_month_day(md[0], md[1], ref)
            if v:
                w = ["year_from_fetch_time"] if ref_kind == "fetch" else []
                return D.DateFound(v, "day", "text", md[2], w)
        return D.DateFound(None, "unknown", "text", md[2], ["yearless_date"])
    rel = D.find_relative(head)
    if rel:
        back, mon, day, txt = rel
        if ref and ref_kind in ("page", "fetch"):
            v = ref - timedelta(days=back)
            if day is None or v.day == day:
                return D.DateFound(v, "day", "text", txt)
        # a lead that says what day today is (今天(3月14日),…) in the one year it names: a dateline
        if back == 0 and mon and day and (v := D.year_of_lead(lead[:200], mon, day)):
            return D.DateFound(v, "day", "text", txt, ["year_from_lead"])
        return D.DateFound(None, "unknown", "text", txt, ["relative_date_unresolved"])
    # 7. htmldate's reading of the page (time elements, structured markup), then partial dates
    # (year-month) with their lower precision
    for f in (res.fallback_date, res.meta_date, res.text_date):
        if f and f.value:
            return f
    if u:
        return D.DateFound(u[0], u[1], "url", u[2])
    return D.DateFound(None, "unknown", None)


# ---- final text and content checks ---------------------------------------------------------------


def _finish_text(lines: list[str], title: str | None) -> str:
    out: list[str] = []
    nt = norm(title or "")
    for i, line in enumerate(lines):
        s = line.strip()
        if not s:
            continue
        # the repeated headline at the top of the body is not body text (nor its copy with the
        # site's name dashed on, `…-某某`, or an English one's date after it)
        if i < 3 and nt and nt in (norm(s), norm(C.without_dashed_tail(s)), norm(E.without_date(s))):
            continue
        out.append(re.sub(r"[ \t\u3000\xa0]+", " ", s))
    return "\n".join(out)


def _check_content(text: str, title: str | None, res: _Result) -> None:
    total = units(text)
    longest = max((units(x) for x in text.split("\n")), default=0)
    if (res.not_found_hint or _NOT_FOUND_RE.search((title or "") + "\n" + text[:300])) and total < 300:
        raise RejectError("no_content", "the page is an error page (\"page not found\"), not an article")
    if res.link_share > 0.6 and longest < MIN_PARAGRAPH_UNITS * 2:
        raise RejectError(
            "no_content",
            f"the page is an index of links ({res.link_share:.0%} of its text is link text) with no article paragraph",
        )
    # a long text made of short lines (verse, lists, transcripts) is still content
    if total < MIN_BODY_UNITS or (longest < MIN_PARAGRAPH_UNITS and total < LONG_BODY_UNITS):
        raise RejectError(
            "no_content",
            f"no article text found: the body has {total} content units and its longest paragraph "
            f"{longest} (an article needs at least {MIN_BODY_UNITS} and a paragraph of {MIN_PARAGRAPH_UNITS})",
        )


def find_publisher_author(byline: list[str], first_para: str) -> tuple[str | None, str | None]:
    publisher = author = None
    for s in byline:
        m = _PUBLISHER_SOURCE_RE.search(s)
        if m and not publisher:
            publisher = m.group(1)
        a = author_from_line(s)
        if a and not author:
            author = a
    head = first_para[:80]
    if not publisher:
        m = _PUBLISHER_DIAN_RE.search(head)
        if m:
            publisher = m.group(1)
        else:
            m = _PUBLISHER_XUN_RE.match(head)
            if m and (m.group(1) or m.group(2)) not in _SELF_REFERENCE:
                publisher = m.group(1) or m.group(2)
    m = _REPORTER_RE.search(head)
    if m and not author:
        author = (m.group(1) or m.group(2)).strip()
    return publisher, author


__all__ = ["EXTRACTOR_VERSION", "Decoded", "extract", "find_publisher_author"]
