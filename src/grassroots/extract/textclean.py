"""Chinese-aware cleaning of extracted text, line by line (pure).

Two kinds of rules, each with its reason:
- CUT: a short heading that opens a region that is never the article (相关推荐, 热点推荐, 网友评论…)
  ends the body; everything after it goes (on NetEase captures the "related" lists carry their own
  2026 timestamps and headlines, which must reach neither the text nor the date finder).
- DROP: single lines that are credits, notices, prompts or chrome (责编, 特别声明, the NetEase
  "Notice: The content above…", 扫描二维码, 分享至, 原标题/来源, ICP/版权所有), image URLs.
Image captions (图说：…) are kept as their own lines.
The zh-gne gold drops exactly these (benchmarks/extraction README, "How the zh-gne gold was made"),
and extraction.md 5.1 counts them among the anchors' precision losses.
"""

from __future__ import annotations

import re

from .script import to_simplified

# Region headings after which nothing is article text. Matched against a whole short line.
_CUT_HEADINGS = (
    "相关推荐", "热点推荐", "相关资讯", "相关新闻", "相关阅读", "相关文章", "相关链接", "相关专题",
    "延伸阅读", "网友评论", "我要评论", "全部评论", "热门评论", "最新评论", "评论列表", "发表评论",
    "精彩推荐", "猜你喜欢", "推荐阅读", "热门推荐", "大家都在看", "往期回顾", "更多精彩", "热门文章",
    "热点新闻", "今日推荐", "为您推荐", "图片推荐", "精彩图片", "热门阅读", "点击排行", "热门排行",
    "排行榜", "小编最近文章", "扫一扫", "分享到微信朋友圈", "上一篇", "下一篇", "上一条", "下一条",
    "延伸推荐", "相关视频", "热门视频", "推荐视频",
    # e-paper pages list the page's other stories under the article (their places are not its)
    "本版其他文章", "本版其他新闻", "本版新闻", "本版导读", "同版文章",
)
_CUT_RE = re.compile(
    r"^[\s【\[（(#*]*(?:" + "|".join(map(re.escape, _CUT_HEADINGS)) + r")[\s】\]）)：:*]*(?:\S{0,12})$"
)
# Comment threads: "258条评论|20,536人参与", "全部评论 70条", "查看更多评论"
_COMMENT_COUNT_RE = re.compile(r"^\S{0,10}\s*\d[\d,]*\s*(?:条评论|人参与|条跟贴|人跟贴)|^(?:全部|查看更多|更多)评论")

# Lines dropped wherever they are. Each alternative is a kind of credit, notice, prompt or chrome.
_DROP_PATTERNS = (
    # editor and proofreader credits: (责编:唐小丽、金煜纯) / 责任编辑：杜硕_NB12556 / 编辑 王宛艺
    r"^[（(【\[]?\s*(?:责任编辑|责编|编辑|校对|审核|审校|监制|主编|美编|值班编辑|实习编辑|编审|终审|初审|复审|出品人|统筹|策划|视觉|排版)\s*[:：\s|丨]",
    r"[（(]\s*(?:责任编辑|责编|编辑)\s*[:：].{0,40}[)）]\s*$",
    r"(?:责任编辑|责编)\s*[:：]\s*\S{1,20}\s*$",
    r"^[（(【\[]?\s*(?:本文|文章|稿件)?来源\s*[:：|丨]",
    r"^本文来源[:：]?",
    r"^[（(【\[]?\s*(?:本文)?原标题\s*[:：]",
    # bylines: a date with a source/author/editor label on one short line (`2019-09-26 12:11来源：…`)
    # (labels with a colon, or a time followed by 更新, so a short news sentence that says
    # `2021年3月25日，长宁区发布了…` is not taken for a byline)
    r"^(?=[^。！？]{0,80}$)(?=.*(?:19|20)\d\d[-/.年]\d{1,2}[-/.月]\d{1,2}).*(?:(?:来源|作者|编辑|发布时间|发布日期|发表时间|浏览|阅读|点击|时间)\s*[:：]|\d{1,2}:\d\d\s*更新)",
    # a line that is only a date/time (a byline or a list item's stamp)
    r"^[\[(（]?\s*(?:19|20)\d\d[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\s*\d{1,2}:\d\d(?::\d\d)?)?\s*[\])）]?$",
    # breadcrumbs: 您所在的位置：首页 > 快讯 >, 澎湃号 > 中国广州发布
    r"^(?:您|你)?(?:所在|当前)的?位置|^(?=.{0,40}$)[^。，,]*\s[>›»]\s|^\S{1,10}\s*[>›»]$",
    # page chrome of article pages: font-size switches, video player notices, app promos
    r"^字号(?:[:：]?\s*[大中小\s]*)?$|^【?字体[:：]|浏览器.{0,10}(?:无法|不能|不支持)播放|^(?:自动播放|play|向前|向后|重播)$",
    r"^\S{0,12}(?:APP|App|客户端|微信公众号|官方微博|官方微信)\s*$",
    # WeChat auto-reply menus: 回复【社保】查询…
    r"^\d{0,2}[、.．]?\s*回复\s*【[^】]{1,10}】",
    r"^(?:文|图|文字|摄影|图片|视频|文/图|文图)\s*[:：/|丨]\s*\S{1,12}\s+(?:图|编辑|责任编辑|摄影|视频)\s*[:：]",
    r"特别声明|免责声明|版权声明",
    r"^Notice:\s*The content above",
    # QR and follow prompts (扫描二维码 关注…); a longer sentence that tells residents to scan a code
    # to book a service is content and is kept (see _QR_RE below)
    r"扫描关注|扫码(?:关注|下载|订阅|进群|添加)|长按(?:识别|二维码)|识别二维码|扫一扫|关注我们[:：]?$|点击.{0,6}关注",
    r"^关注[“\"「].{1,20}[”\"」]\s*(?:扫描二维码)?\s*$",
    r"^分享(?:至|到)|^分享[:：]|^[\d\s]*分享至$|^分享$|^(?:微信|微博|QQ|QQ空间|朋友圈)(?:\s+(?:微信|微博|QQ|QQ空间|朋友圈))+$",
    r"版权所有|Copyright\s*©|©\s*\d{4}|ICP备|ICP证|公网安备|违法和不良信息举报|互联网新闻信息服务许可",
    r"^转载(?:此文|请|须)|未经授权.{0,10}转载|转载请注明",
    r"^点击(?:进入|查看|阅读)(?:专题|原文|全文)|^阅读原文$|^返回.{0,10}首页|^【纠错】|打印本页|关闭窗口|^\[?打印\]?$",
    r"^(?:来源|作者)[:：]?\s*$",
    r"^作者\s*[:：]\s*\S{1,20}\s*$",
    r"^\d+$",  # share/like counters left alone on a line
)
_DROP_RE = re.compile("|".join(f"(?:{p})" for p in _DROP_PATTERNS))
# QR-code lines: dropped when short (a prompt under an image) or when they ask to follow/download.
_QR_RE = re.compile(r"扫描.{0,8}二维码|扫码|二维码")
_QR_PROMPT_MAX = 40
# Notices that are long paragraphs but never article text, dropped whatever their length.
_DROP_LONG_RE = re.compile(r"^\s*(?:Notice:\s*The content above|【?(?:特别声明|免责声明|版权声明|声明)】?\s*[:：])")
# credit lines are short; a body sentence that merely mentions 编辑 is longer than this
_DROP_MAX_CHARS = 120

_IMG_URL_RE = re.compile(r"https?://\S+?\.(?:jpe?g|png|gif|webp|bmp|svg)(?:\?\S*)?", re.IGNORECASE)
_ANY_URL_RE = re.compile(r"https?://\S+")
_AUTHOR_LINE_RE = re.compile(r"^\s*(?:作者|文)\s*[:：|丨]\s*([^\s:：|丨]{2,12})")
_PIPE_ROW_RE = re.compile(r"^\|?(?:[^|]{0,12}\|){3,}")


def is_cut_line(line: str) -> bool:
    s = re.sub(r"[\s·•]+", "", to_simplified(line))  # 相關推薦 is 相关推荐  # `延伸 · 推荐` is written with spacing and interpuncts
    return bool(s) and len(s) <= 24 and (bool(_CUT_RE.match(s)) or bool(_COMMENT_COUNT_RE.match(s)))


def is_drop_line(line: str) -> bool:
    s = to_simplified(line).strip()  # the rules are written once, for the simplified view
    if not s:
        return False
    if (len(s) <= _DROP_MAX_CHARS and _DROP_RE.search(s)) or _DROP_LONG_RE.match(s):
        return True
    if _QR_RE.search(s) and (len(s) <= _QR_PROMPT_MAX or re.search(r"关注|下载|公众号|订阅", s)):
        return True
    # a whole line that is only an image URL, or a table-layout navigation row
    return not _IMG_URL_RE.sub("", s).strip() or bool(_PIPE_ROW_RE.match(s))


def author_from_line(line: str) -> str | None:
    m = _AUTHOR_LINE_RE.match(line)
    return m.group(1) if m else None


def split_table_row(line: str) -> list[str] | None:
    """trafilatura writes layout tables as `| cell | cell |` rows (extraction.md 5.2). Keep the cells
    that are text (a sentence or 15+ content units: posts, paragraphs) and drop the rest (menus,
    user names, empty cells). Returns None for a line that is not a table row."""
    if line.count("|") < 2:
        return None
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    return [c for c in cells if units(c) >= 15 or re.search(r"[。！？!?]", c)]


# Lists of dated links at the end of a body ("headline / 2019-09-08" pairs, guancha's 大参考 list):
# from the first of at least 2 date-only lines that are at most 2 lines apart, in the second half.
_DATE_ONLY_RE = re.compile(r"^\s*(?:19|20)\d\d[-/.]\d{1,2}[-/.]\d{1,2}(?:\s+\d{1,2}:\d\d(?::\d\d)?)?\s*$")


def _cut_trailing_dated_list(lines: list[str]) -> list[str]:
    idx = [i for i, x in enumerate(lines) if _DATE_ONLY_RE.match(x)]
    for a, b in zip(idx, idx[1:], strict=False):
        if b - a <= 3 and a >= len(lines) // 2:
            return lines[: max(0, a - 1)]
    return lines


# A cut heading only ends the body once this much text has been kept; above that it is a widget.
# 100 units is less than any benchmark article's first paragraph pair and more than a video
# player's caption lines (sina_4).
_CUT_MIN_UNITS_BEFORE = 100
# Widget items are headlines: under 30 units, where article paragraphs are longer.
_WIDGET_ITEM_UNITS = 30


def clean_lines(lines: list[str]) -> tuple[list[str], list[str]]:
    """Apply CUT and DROP rules; returns (kept lines, dropped lines)."""
    kept: list[str] = []
    dropped: list[str] = []
    expanded: list[str] = []
    for raw in _cut_trailing_dated_list(lines):
        cells = split_table_row(raw)
        if cells is None:
            expanded.append(raw)
        else:
            expanded.extend(cells)
    lines = expanded
    skipping = False
    for i, raw in enumerate(lines):
        line = _IMG_URL_RE.sub("", raw).rstrip()
        if skipping:
            # the items of a "related" widget above the article: short lines until the first paragraph
            if units(line) < _WIDGET_ITEM_UNITS:
                dropped.append(raw)
                continue
            skipping = False
        if is_cut_line(line):
            if units("".join(kept)) >= _CUT_MIN_UNITS_BEFORE:
                dropped.extend(lines[i:])
                break
            # a "related" heading before any real text is a widget (Sina's video player carries
            # 相关新闻 above the article): drop the widget, keep reading
            dropped.append(raw)
            skipping = True
            continue
        if is_drop_line(line):
            dropped.append(raw)
            continue
        kept.append(line)
    return kept, dropped


# ---- markdown --------------------------------------------------------------------------------

_MD_IMAGE_RE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK_RE = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MD_REF_RE = re.compile(r"^\s*\[[^\]]+\]:\s*\S+.*$", re.MULTILINE)
_HTML_TAG_RE = re.compile(r"<[^>]+>")


def strip_markdown_line(line: str) -> str:
    s = _MD_IMAGE_RE.sub("", line)
    s = _MD_LINK_RE.sub(r"\1", s)
    s = _HTML_TAG_RE.sub("", s)
    s = re.sub(r"^\s{0,3}#{1,6}\s+", "", s)
    s = re.sub(r"^\s{0,3}>\s?", "", s)
    s = re.sub(r"(\*\*|__|~~)", "", s)
    s = re.sub(r"(?<![\w*])\*(?!\s)([^*\n]+?)\*(?!\w)", r"\1", s)
    s = re.sub(r"`+", "", s)
    s = re.sub(r"^\s*[-*+]\s+", "", s)
    if re.fullmatch(r"\s*(?:[-*_]\s*){3,}", s):
        return ""
    return s.strip()


def strip_markdown(text: str) -> str:
    text = _MD_REF_RE.sub("", text)
    return "\n".join(strip_markdown_line(x) for x in text.split("\n"))


def strip_urls(text: str) -> str:
    """Image URLs never belong in the text; other bare URLs are kept (they can be the story)."""
    return _IMG_URL_RE.sub("", text)


def units(text: str) -> int:
    """Size of a text in content units: one per Han/kana/Hangul character, two per Latin word (a
    word carries roughly two Han characters' worth of content); used for the no_content minimum."""
    han = len(re.findall(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]", text))
    words = len(re.findall(r"[A-Za-z0-9À-ɏЀ-ӿ]+", text))
    return han + 2 * words
