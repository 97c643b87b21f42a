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
    "延伸推荐", "相关视频", "热门视频", "推荐视频", "往期推荐", "往期精彩", "精彩回顾", "图文推荐", "相关信息",
    "24小时热文", "热文推荐", "最新文章", "最新资讯", "热门跟贴", "全部跟贴", "网友跟贴", "精选留言", "写留言",
    "精彩评论", "评论区", "热门资讯", "热点资讯", "相关内容",
    # e-paper pages list the page's other stories under the article (their places are not its)
    "本版其他文章", "本版其他新闻", "本版新闻", "本版导读", "同版文章",
)
# Sidebar and list headings named by what they rank or collect (`热门股吧排行`, `编辑推荐`, `7×24小时快讯`)
_CUT_SUFFIX_RE = re.compile(r"^\S{0,8}(?:排行榜?|热榜|热搜|热文|快讯|推荐)$")
_CUT_RE = re.compile(
    r"^[\s【\[（(#*]*(?:" + "|".join(map(re.escape, _CUT_HEADINGS)) + r")[\s】\]）)：:*]*(?:\S{0,12})$"
)
# A reading list written on one line: `推荐阅读：上海发布社区生活圈规划导则修订版`
_CUT_LIST_RE = re.compile(r"^[【\[]?(?:推荐阅读|相关阅读|延伸阅读|相关新闻|相关推荐|往期推荐)[】\]]?\s*[:：]")
# Previous/next-article links under an article, whatever the length of the linked headline
_PREV_NEXT_RE = re.compile(r"^[【\[]?(?:上一篇|下一篇|上一条|下一条|上篇|下篇)[】\]]?\s*[:：]\S")
# Comment threads: "258条评论|20,536人参与", "全部评论 70条", "查看更多评论"
_COMMENT_COUNT_RE = re.compile(r"^\S{0,10}\s*\d[\d,]*\s*(?:条评论|人参与|条跟贴|人跟贴)|^(?:全部|查看更多|更多)评论")

# Lines that close an article on Chinese news pages (issue 21): the end mark of a WeChat post,
# forum and app promotions, share and follow prompts, reprint and disclaimer notices. After the
# article's text such a line ends the body (what follows is chrome: reading lists, QR codes, the
# footer); above or amid the text (more text after it than before) only the line itself goes.
_TRAILER_PATTERNS = (
    r"^[-—=_\s]*(?:END|End|end)[-—=_\s]*$",
    r"^进入【[^】]{1,20}】\s*(?:讨论|交流|发帖)?|^(?:进入|去|到)\s*[^\s，。]{1,20}吧】?\s*(?:讨论|交流|发帖|看看)",
    r"^\S{1,12}的?(?:客户端|APP|App)\s*[:：]",
    r"分享让更多人看到|^点个?\s*[“\"「]?在看|^觉得.{0,6}[？?]?\s*分享给|^(?:点赞|在看|转发)(?:[、，,\s]*(?:点赞|在看|转发|收藏)){1,3}",
    r"^(?:欢迎)?关注(?:微信)?公众号|^(?:更多|欢迎).{0,10}(?:关注|订阅).{0,16}(?:公众号|官方微信|官方微博|客户端)",
    r"(?:手机看新闻|随时随地看新闻)|^(?:请|欢迎)?下载.{1,12}(?:客户端|APP|App|app)|^扫码下载",
    r"(?:点击|立即|免费|扫码)下载.{0,12}(?:客户端|APP|App|app)|打开.{0,12}(?:客户端|APP|App|app).{0,8}(?:阅读|查看|看)",
    r"未经.{0,6}(?:授权|许可|同意).{0,16}(?:转载|使用|复制|摘编)|(?:请勿|禁止|不得|严禁)(?:转载|复制|摘编)|转载请(?:注明|联系)",
    r"^(?:本文|本稿|此文)(?:为|系).{1,16}(?:专稿|原创|独家|稿件)",
)
_TRAILER_RE = re.compile("|".join(f"(?:{p})" for p in _TRAILER_PATTERNS))
_TRAILER_MAX_CHARS = 80

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
    # (and a video player's prompt left on its own line, 点击观看视频↑, or a gallery's, 上下滑动查看更多)
    r"^\W{0,2}(?:上下|左右|向上|向下|向左|向右)滑动查看(?:更多|图片|全文|全图)?\W{0,2}$|"
    r"^点击(?:进入|查看|阅读)(?:专题|原文|全文)|^点击(?:观看|播放|收看|查看)(?:视频|直播)\W{0,3}$|^阅读原文$|^返回.{0,10}首页|^【纠错】|打印本页|关闭窗口|^\[?打印\]?$",
    r"^(?:来源|作者)[:：]?\s*$",
    r"^作者\s*[:：]\s*\S{1,20}\s*$",
    r"^\d+$",  # share/like counters left alone on a line
    # an app's prompt left where a gallery was (打开某某客户端 查看高清大图), a reading-time note
    # (全文约1800字，阅读需5分钟)
    r"^(?:打开|下载).{1,12}(?:查看|浏览)(?:更多|精彩|全部|高清)?(?:图片|大图|视频)$",
    r"^(?:本篇文章|本文|全文)(?:共|约|字数)?\s*[:：]?\s*\d[\d,]*\s*字.{0,12}(?:分钟|min)",
    r"^(?:本文|全文)?字数\s*[:：]\s*\d[\d,]*\s*字?$",  # an e-paper's word count (本文字数：358)
    # issue 21: inline ad blocks closed by a close mark (`…立即抢购×`), comment-count and
    # interaction widgets (参与互动 22跟贴), `返回搜点，查看更多`, platform disclaimers
    r"^.{2,70}[×✕✖╳]$",
    r"^参与互动|^我要(?:参与|跟贴)|^\d*\s*(?:人参与|条跟贴)",
    r"^返回.{1,10}[，,]?\s*查看更多|^查看更多.{0,8}$",
    # counters and empty-thread prompts of portal and platform pages: 阅读 (6414), 评论 0, 粉丝 1.2万,
    # 还没有评论，快来抢沙发吧, 返回顶部
    r"^(?:阅读|浏览|评论|跟贴|点赞|收藏|在看|转发|分享|文章|总阅读|粉丝|获赞)(?:量|数|次数)?\s*[(（:：]?\s*\d[\d.,万wW+]*\s*[)）]?$",
    r"抢沙发|^(?:暂无|还没有)评论|^返回顶部$",
    # browser-snapshot chrome: script notices, cookie banners, loading placeholders, location stamps
    r"(?:请|需要)(?:开启|启用|打开)\s*JavaScript|JavaScript.{0,12}(?:禁用|关闭|不支持|无法)|浏览器.{0,12}(?:不支持|版本过低|请升级)",
    r"使用\s*Cookie|Cookie\s*(?:政策|设置)|^(?:加载中|正在加载)|^(?:发表于|IP属地[:：])\s*\S{2,8}$",
    r"本文由.{1,10}(?:发布|上传)|(?:仅代表|不代表).{0,8}(?:作者|平台|本站|本网).{0,6}(?:观点|立场)|与本站立场无关|仅供参考.{0,10}不(?:构成|能替代)",
    r"本(?:网站|站)所(?:有|刊载).{0,20}(?:仅供参考|版权|信息)",
)
_DROP_RE = re.compile("|".join(f"(?:{p})" for p in _DROP_PATTERNS))
# QR-code lines: dropped when short (a prompt under an image) or when they ask to follow/download.
_QR_RE = re.compile(r"扫描.{0,8}二维码|扫码|二维码")
_QR_PROMPT_MAX = 40
_SENTENCE_RE = re.compile(r"[^。！？!?]+[。！？!?]*")
_QR_ASK_RE = re.compile(r"关注|下载|公众号|订阅")
_QR_CALL_RE = re.compile(r"关注|下载|公众号|订阅|看|阅读|识别|长按|二维码分享|扫码分享|分享[到给至]|打赏|进群|入群|报名|了解|收听|浏览|咨询|预约|参与|加入")
# Notices that are long paragraphs but never article text, dropped whatever their length.
_DROP_LONG_RE = re.compile(r"^\s*(?:Notice:\s*The content above|【?(?:特别声明|免责声明|版权声明|郑重声明|平台声明|风险提示|声明)】?\s*[:：])"
                           # a re-posting site's notice without its label: its copies are for reference,
                           # the rights stay with the authors, write to have one taken down
                           r"|^\s*本(?:站|网|平台)(?:部分|所有)?(?:文章|内容|信息|资讯)?(?:均|皆)?(?:转载|转自|来自|来源于|摘自)"
                           r".{0,80}(?:版权|侵权|原作者)")
# Stray pieces that only ever sit above an article's first paragraph: a user name with a follower
# or article count (`青浦新鲜事 5173`), a lone closing bracket left from a `【打印】` widget.
_LEAD_STRAY_RE = re.compile(r"^[^\s\d，。！？：:]{2,16}\s+\d{1,8}$")
_LONE_MARK_RE = re.compile(r"^[\s】\]）)》」』〉>【\[（(《「『〈<|｜·•]+$")
# credit lines are short; a body sentence that merely mentions 编辑 is longer than this
_DROP_MAX_CHARS = 120

# (the path is bounded and ends where another URL starts: on a run of thousands of `http://` with
# no space, each start had scanned to the run's end for an extension, quadratic: 30 s for 113 KB)
_IMG_URL_RE = re.compile(r"https?://(?:(?!https?://)\S){1,500}?\.(?:jpe?g|png|gif|webp|bmp|svg)(?:\?\S*)?", re.IGNORECASE)
ANY_URL_RE = re.compile(r"https?://\S+")
_AUTHOR_LINE_RE = re.compile(r"^\s*(?:作者|文)\s*[:：|丨]\s*([^\s:：|丨]{2,12})")
_PIPE_ROW_RE = re.compile(r"^\|?(?:[^|]{0,12}\|){3,}")


def is_cut_line(line: str) -> bool:
    # the simplified view (相關推薦 is 相关推荐); `延伸 · 推荐` is written with spacing and interpuncts
    s = re.sub(r"[\s·•]+", "", to_simplified(line))
    if _PREV_NEXT_RE.match(s) and len(s) <= 80:
        return True
    return bool(s) and len(s) <= 24 and (
        bool(_CUT_RE.match(s)) or bool(_COMMENT_COUNT_RE.match(s)) or (len(s) <= 10 and bool(_CUT_SUFFIX_RE.match(s)))
    )


def is_trailer_line(line: str) -> bool:
    """A line that closes an article (END mark, share/follow prompt, app or forum promotion,
    reprint notice)."""
    s = to_simplified(line).strip()
    return bool(s) and len(s) <= _TRAILER_MAX_CHARS and bool(_TRAILER_RE.search(s) or _CUT_LIST_RE.match(s))


def is_notice(s: str) -> bool:
    """A site's labelled statement or its re-posting notice: never a story's paragraph, however
    long. ``s`` is in the simplified view (as the captures' lines are)."""
    return bool(_DROP_LONG_RE.match(s))


def is_drop_line(line: str) -> bool:
    s = to_simplified(line).strip()  # the rules are written once, for the simplified view
    if not s:
        return False
    if (len(s) <= _DROP_MAX_CHARS and _DROP_RE.search(s)) or is_notice(s):
        return True
    if _QR_RE.search(s) and (len(s) <= _QR_PROMPT_MAX and (_QR_CALL_RE.search(s) or _characters(s) < 12) or any(
            _QR_ASK_RE.search(sent) for sent in _SENTENCE_RE.findall(s) if _QR_RE.search(sent))):
        # (a short line that asks nothing of the reader is a headline about codes: `…将尝试扫码借书`)
        return True  # (the prompt in the code's own sentence: a paragraph may name 扫码 and 下载 apart)
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
CUT_MIN_UNITS_BEFORE = 100
# A kept line this long is an article paragraph (widget captions and headlines are shorter).
_PARAGRAPH_UNITS = 30
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
            # ... or once two paragraphs have been kept: a short article's three paragraphs end at
            # its 图文推荐 heading too (issue 21; one paragraph can be a promo above a widget, sina_4)
            if units("".join(kept)) >= CUT_MIN_UNITS_BEFORE or sum(units(x) >= _PARAGRAPH_UNITS for x in kept) >= 2:
                dropped.extend(lines[i:])
                break
            # a "related" heading before any real text is a widget (Sina's video player carries
            # 相关新闻 above the article): drop the widget, keep reading
            dropped.append(raw)
            skipping = True
            continue
        if is_trailer_line(line):
            before = units("".join(kept))
            if before >= CUT_MIN_UNITS_BEFORE and units("".join(lines[i + 1:])) <= before:
                dropped.extend(lines[i:])
                break
            dropped.append(raw)
            continue
        if is_drop_line(line) or _LONE_MARK_RE.match(line):
            dropped.append(raw)
            continue
        if _LEAD_STRAY_RE.match(line.strip()) and units("".join(kept)) < _WIDGET_ITEM_UNITS:
            dropped.append(raw)
            continue
        kept.append(line)
    return kept, dropped


# ---- markdown --------------------------------------------------------------------------------

# Bounded runs: a line with thousands of `[` or `<` that never close (a mangled capture) made each
# of them scan to the end of the line, quadratic in the line's length (80 s for a 1.4 MB line).
# A tag cannot hold `<`; link text and emphasis longer than these bounds are left as written.
_MD_IMAGE_RE = re.compile(r"!\[[^\]\n]{0,500}\]\([^)\n]{0,2000}\)")
_MD_LINK_RE = re.compile(r"\[([^\]\n]{0,500})\]\([^)\n]{0,2000}\)")
_HTML_TAG_RE = re.compile(r"<[^<>]+>")
_MD_EMPHASIS_RE = re.compile(r"(?<![\w*])\*(?!\s)([^*\n]{1,1000}?)\*(?!\w)")


def strip_markdown_line(line: str) -> str:
    s = _MD_IMAGE_RE.sub("", line)
    s = _MD_LINK_RE.sub(r"\1", s)
    s = _HTML_TAG_RE.sub("", s)
    s = re.sub(r"^\s{0,3}#{1,6}\s+", "", s)
    s = re.sub(r"^\s{0,3}>\s?", "", s)
    s = re.sub(r"(\*\*|__|~~)", "", s)
    s = _MD_EMPHASIS_RE.sub(r"\1", s)
    s = re.sub(r"`+", "", s)
    s = re.sub(r"^\s*[-*+]\s+", "", s)
    if re.fullmatch(r"\s*(?:[-*_]\s*){3,}", s):
        return ""
    return s.strip()


def strip_urls(text: str) -> str:
    """Image URLs never belong in the text; other bare URLs are kept (they can be the story)."""
    return _IMG_URL_RE.sub("", text)


# Runs, not single characters: findall of one character a match built a string per Han
# character, ~5 % of a worker's CPU on the performance corpus (units runs ~30 times a page).
_UNIT_RUN_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]+")
_WORD_RE = re.compile(r"[A-Za-z0-9À-ɏЀ-ӿ]+")


def _characters(text: str) -> int:
    """Han (and kana, Hangul) characters in a text."""
    return sum(map(len, _UNIT_RUN_RE.findall(text)))


def units(text: str) -> int:
    """Size of a text in content units: one per Han/kana/Hangul character, two per Latin word (a
    word carries roughly two Han characters' worth of content); used for the no_content minimum."""
    return _characters(text) + 2 * len(_WORD_RE.findall(text))
