"""Text captures: which line is the headline, which lines are metadata (pure).

A saved page keeps its chrome as lines above the story: a masthead, a menu (one item per line
or `首页 | 往期回顾 | 版面导航`), an issue line (`第1683期 2022年11月19日`), a page line
(`第A3版：社区`), a breadcrumb, a content farm's site name (`…资讯网-装修攻略_房产资讯_…`),
a table of contents of the page's other stories. The headline is chosen by scoring the
candidate lines of the first ``ZONE_LINES`` lines (a bulleted menu's items not counted), up to
the first body paragraph:

- a line the page follows with metadata (发布时间 / 发布日期 / 来源 / 作者 / a dated counter line
  / a byline), with or without a ——subtitle, a re-post's 原标题 line, an account's name or a
  breadcrumb in between, or that carries its own 发布时间 (also in parentheses,
  `…！( 2022年09月08日 )`), an official document's title (关于…的报告/通知/请示…), and a copy's
  first line when it is `原标题：…`: +3;
- a line repeated elsewhere in the head (the page title line, a forum's repeated headline): +2;
- a line followed by the first body paragraph (directly, past a shorter subtitle, or past a
  breadcrumb or a share toolbar), or the page's first line followed by its first numbered
  section (一、基本情况): +1. A paragraph opening with a comma is the rest of a sentence
  broken over lines, not a first paragraph.

A short one-sentence line with a dated line right under it is a headline even when a content farm
ends it with a full stop; so is a portal's short page title between its breadcrumb and the body
(村居简介), a phone post's first line above a few short lines of lead-in, and, when nothing else
was chosen, a line above a one-sentence dek that stands right above the body. With no headline
line at all, a breadcrumb's last crumb is the headline when it reads as one; a line that prints one
phrase twice (an advertiser's SEO line) and an e-paper's ticker of headlines set apart by runs of
spaces never are. Lines of empty tags a spam template scatters through a page are blank.

Never candidates: menus, breadcrumbs, mastheads and site names (also alone: 某某大学新闻网), issue
and page lines (also 第五版), bylines (■本报记者 …, 某某报记者 …) and credits (记者 … 实习生 … 航拍 …),
photo captions (▲… （…供图）, … 受访者供图, 效果图 以实际为准), the value of a label printed on the line
before (标签: / …), a quoted remark ending in its full stop, toolbars (放大字体 缩小字体), list items (· ◇),
section headings (一、 【工作动态】), organisation names, contact lines, stock-photo labels
(【资料图】) and reader prompts (向作者提问), sentences and pieces of them (ending or opening with a
comma), description labels (描述：), the SEO lines of novel and answer sites on hacked pages
(…全文免费阅读txt, 最佳回答), a photo page's fields (图片ID:, 图片尺寸:), a search result's preview
cut off with an ellipsis where the full line follows, an e-paper app's pop-up (这已经是最后一期了哦!),
a date box's digits run together. A wire story's `…月…日电 题:` before its headline, a betting
site's name or login glued before or after a headline, a feed's or news-laundering site's column
word (某某资讯:, 世界信息:, … 世界快播) and a
re-post's `原标题：` are cut off. A long headline that reads like a sentence is still one when a
dated line follows it, past a share toolbar or other labelled lines (发文机构：…). An e-paper's
kicker printed on one line with its headline, above the page line, is neither the body nor the
headline; a first part ending in a colon on the line above the headline (某某商会: / 探索…) is
part of it; its contents line with the column before the headline gives way to the headline
repeated alone. A printed paper's headline in two adjacent lines (a kicker above or a subtitle
under the main line, then the byline or body) gives its shorter line, unless the other alone is
two parallel phrases (``_main_of_pair``). Four or more head lines opening with the same four
characters are an SEO block, and a line of slogans above a column menu is a banner, not the
first paragraph. A capture whose best line scores nothing has no
headline (it starts with a byline, a caption or the body), unless a `标题：` field names it (such a
field names the title whatever line was chosen: a digest page's first item is not its title), a
content farm's copy repeats a headline-shaped line whole between its paragraphs, or a copy that
opens with a teaser paragraph prints the headline under it with a source, author or publication
line right below (an app farm's `…在哪下载安装?…好用吗?` line is an advert, never a headline). Every decision reads the
simplified view of the line (script.py), the title is cut from the line as published.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from itertools import pairwise

from . import dates as D
from .english import is_photo_credit
from .script import drop_readings, has_han, to_simplified
from .textclean import ANY_URL_RE, is_drop_line, is_notice, units
from .titles import (
    PAGE_TOOLS,
    _is_site_segment,
    _split_title,
    is_headline_like,
    is_menu_line,
    norm,
    strip_site_suffix,
)

# Chrome above a headline runs to 20-odd lines on a district portal (a column menu one item per
# line); 30 covers the captures seen with room, and a headline further down is a body subheading.
# A bulleted menu's items (`• 江苏`: a news site's 34 provinces) do not count towards it.
ZONE_LINES = 30
_MENU_ITEM_RE = re.compile(r"^[·•▪◦]\s*\S{1,6}$")
# Metadata lines are short; 80 characters holds `发布时间：2021/10/22  信息来源：曹杨新村街道` with
# a counter and an author.
META_MAX = 80

# the labels of when a page was published, posted or filed: its publication date, wherever the
# page prints them (under the headline, in a table, in the trailer)
_PUBLISH_LABELS = "发布时间|发布日期|发表时间|发表日期|发稿时间|发稿日期|添加时间"
_META_LABEL_RE = re.compile(
    rf"^[【\[（(]?\s*(?P<label>{_PUBLISH_LABELS}|更新时间|最后更新|时间|日期|来源|信息来源|稿源|作者|(?:上观|澎湃|百家|头条|企鹅)号作者|"
    r"编辑|责任编辑|责编|通讯员|转自|本文转自|原文出处|原文来源|转载自|本文来源|本文来自|发布者|发布人|发布机构|专业号|媒体|发文机构|发文机关|发文日期|成文日期|索引号|浏览|浏览量|浏览次数|点击|点击量|点击数|阅读|阅读量|阅读数|阅读次数|"
    r"文章来源|出处|标签|分类|类别|所属分类|所属栏目|所属地区|所属区域|所在地区|所在区域|发布部门|关键词|关键字|栏目|专栏|专栏名称|来自|访问量|访问次数|上传时间|图片(?:ID|编号|尺寸|大小|说明)|文件大小|分辨率)\s*[:：]"
)
# the labels of the metadata table of a government information-disclosure page (信息公开)
_TABLE_LABELS = frozenset((
    "索引号", "发布机构", "公开类别", "公开方式", "公开范围", "发布时间", "发布日期", "发文日期", "成文日期",
    "文号", "发文字号", "发文机关", "主题分类", "所属主题", "主题词", "信息来源", "生成日期", "有效性",
    "公开主体", "公开属性",
))
# a blog theme's post line: author, a relative time and the day (`editor3天前 (05-12)`);
# a relative time alone (3年前) also opens headlines, so it needs the day or a user name with it
_RELATIVE_STAMP_RE = re.compile(
    r"(?<!\d)\d+\s*(?:秒|分钟|小时|天|周|个月|年)前\s*[(（]\s*\d{1,2}-\d{1,2}\s*[)）]"
    r"|^[A-Za-z][\w.]{1,20}?\s*\d+\s*(?:秒|分钟|小时|天|周|个月|年)前"
    # an account's name and the month, day and time it posted, without a year (`某某发布06-06 16:29:22`)
    r"|^[\u4e00-\u9fffA-Za-z0-9]{2,12}\s*\d{1,2}-\d{1,2}\s+\d{1,2}:\d{2}(?::\d{2})?$"
)
# (an aggregator's byline: 由 某某 发表于 综合, 由 某某 发布于 综合)
# (Taiwanese sites write 发布 as 释出: `由 某某 释出于 综合`)
_META_WORD_RE = re.compile(r"^(?:发表于|发布于|转自|原创)\s*\S|^由\s*\S[^，。,]{0,24}?\s(?:发表于|发布于|释出于)")
# a list bullet a template sets before each metadata item (`• 2021-06-15`), also a markdown one
# (`- 来源:`, `* 发布时间: …`: a page saved as markdown lists its fields)
_META_BULLET_RE = re.compile(r"^(?:[•·●▪◦]\s*|[-*+]\s+)")
# a byline: ■本报记者 顾晓岚 通讯员 施蔚 / □记者 … / 记者 张三 / (记者 张三) / 文/图 …
_BYLINE_RE = re.compile(
    r"^[■□●◆(（]?\s*(?:本报(?:首席|特约|见习)?记者|本报通讯员|本网记者|(?:首席|特约|见习|实习)记者|记者|通讯员|实习生|文\s*/|图\s*/|文图\s*/|撰文)\s*[:：/]?\s*"
    # (what a reporter does is not a name: `记者回访…`, `记者探访…` open headlines)
    r"(?!回访|探访|走访|暗访|再访|调查|观察|手记|实探|直击|蹲点|亲历|体验|追踪)[\u4e00-\u9fff]{2,4}"
    r"|^[\u4e00-\u9fff]{2,4}\s*[/／]\s*(?:文|图|摄|文图)\s*$"  # 孙云/文
    # an oral account's credits (`某某/口述 … 某某/采访整理`)
    r"|^[\u4e00-\u9fff]{2,4}\s*[/／]\s*(?:口述|采访整理)(?:\s|$)"
    # an e-paper's square and the reporters' names alone, two or more (□某某 某某某 某某)
    r"|^[■□]\s*[\u4e00-\u9fff]{2,4}(?:\s+[\u4e00-\u9fff]{2,4}){1,5}$"
    # the roles first, then only names: 文、图|某某 / 文/图 某某 某某 / 图：某某 (a separator is needed:
    # 文明城区 is a word, not 文 by 明城区)
    r"|^(?:文|图|摄影|摄|文图|图文|撰文|整理)(?:\s*[、/／和]\s*(?:文|图|摄影|摄))*(?:\s*[|｜/／:：]\s*|\s+)"
    r"[\u4e00-\u9fff]{2,4}(?:[\s、]+[\u4e00-\u9fff]{2,4}){0,3}"
    r"(?:\s+[\u4e00-\u9fff]{2,20}(?:大学|学院|研究院|研究所|研究中心))?$"  # (their school: 文|某某 某某 某大学某学院)
    # ... or, after a bar, the organisation that wrote it (文、图|上海市某某基金会某区代表处)
    r"|^(?:文|图|摄影|摄|文图|图文|撰文)(?:\s*[、/／和]\s*(?:文|图|摄影|摄))*\s*[|｜]\s*[\u4e00-\u9fff]{2,24}$"
    r"|^(?=.{4,40}$)[\u4e00-\u9fffA-Za-z]{2,14}?记者\s*[\u4e00-\u9fff]{2,3}(?:\s+[\u4e00-\u9fff]{2,3}){0,4}$"  # 某某新闻Knews记者某某 (某某 某某)
    r"|^[\u4e00-\u9fff]{0,8}[:：]?\s*[\u4e00-\u9fff]{2,3}\s+报道$"  # 华东区:某某 报道
    # one role of a feature's crew and its people (`设计:某某`, `策划:某某 某某`), and a columnist's
    # or researcher's post before the name (`某某研究所研究员 某某`)
    r"|^(?:设计|美编|海报|插画|视觉|策划|统筹|监制|制作|剪辑|摄像)\s*[:：]\s*[\u4e00-\u9fff]{2,4}(?:[\s、]+[\u4e00-\u9fff]{2,4}){0,3}$"
    r"|^[\u4e00-\u9fff]{0,14}?(?:研究员|评论员|撰稿人)\s+[\u4e00-\u9fff]{2,3}$"
    # a magazine's credit line: `文 |《某某》新闻周刊记者 张三 李四`
    r"|^(?:文|图|文图|撰文)\s*[|｜/／]\s*《[^》]{1,12}》\S{0,6}?(?:记者|通讯员|特约撰稿)"
    # an outlet's reporter (`某某报记者 张三`, `某某新闻首席记者 张三 李四`, `某某新闻高级记者 张三`, `某某报•某某客户端记者 张三/ 文`;
    # a re-post may print 采访人员 for 记者: `某某社采访人员张三、李四`)
    # (a farm's copy may print a lost space as `?`: `某某新闻高级记者?张三`)
    r"|^[\u4e00-\u9fff]{2,6}?(?:报|网|社|台|新闻|日报|晚报|周刊)(?:[•·][\u4e00-\u9fff]{2,6})?(?:首席|高级|资深|特约|见习)?(?:记者|通讯员|采访人员)[\s?]*[:：]?\s*"
    r"[\u4e00-\u9fff]{2,4}(?:\s|$|[(（/、])"
)
# the credits of a video or photo story: two roles or more, each with its people
# (`记者 张三 实习生 李四 航拍 王五 调色 赵六`)
_CREDIT_RE = re.compile(r"(?:记者|实习生|通讯员|航拍|摄影|摄像|调色|剪辑|编辑|责编|美编|校对|视频|设计)\s*[:：]?\s*[\u4e00-\u9fff]{2,4}")
# image placeholders left in a capture (`![](…)`, `[图片]`): nothing between a headline and its body
# (and a stock photo's label: 【资料图】, (资料图片仅供参考))
_PLACEHOLDER_RE = re.compile(r"^(?:!\[[^\]]*\]\([^)]*\)\s*)+$|^\[(?:图片|图|image|视频)\]$"
                             r"|^[\[【(（](?:资料图片?|配图)(?:仅供参考)?[\]】)）]$", re.IGNORECASE)
# a site's name alone on a line (`某某大学新闻网`, `某某频道`): a masthead, not a headline
# (and an app's download button, `某某体育下载`, `12b体育官网`)
# (and a site's mobile edition, `某某网移动版`)
_WELCOME_RE = re.compile(r"欢迎您?(?:访问|光临|来到)")
# (a farm sets its name between symbols: `♊某某商业在线电脑版♋`)
_SITE_NAME_LINE_RE = re.compile(r"^[^\w\s]{0,2}[\u4e00-\u9fffA-Za-z0-9]{2,12}(?:新闻网|资讯网|门户网站?|官网|网站|频道|客户端|下载|移动版|手机版|电脑版)[^\w\s]{0,2}$")
# newsletter's issuing line: 凉城新村街道办公室编  2018年5月20日
_ISSUER_RE = re.compile(r"编\s+(?:19|20)\d\d\s*[年-]")
# a forum thread's category tag before its title (`[其他]…  [复制链接]`)
_THREAD_TAG_RE = re.compile(r"^\[[\u4e00-\u9fff]{1,6}\]\s*")
# a farm's link to its mobile site glued before the headline (`手机访问:wap.某某.com保障…`)
_MOBILE_LINK_RE = re.compile(r"^(?:手机(?:访问|版|浏览|阅读)|移动版|WAP版)\s*[:：]\s*[A-Za-z0-9][A-Za-z0-9.\-]*\.(?:com|cn|net|org|cc)(?:/[\x21-\x7e]*)?\s*",
                             re.I)
# an outlet's name set apart from the stamp after it by a bar: the line is the outlet's, not a headline's
_OUTLET_STAMP_RE = re.compile(r"(?:总站|电视台|广播电台|新闻网|日报|晚报|融媒体中心|客户端|新闻中心)\s*[|｜]$"
                              # ... or a body's short name alone before its stamp (`某某部关工委 | 2023-04-12 18:58`)
                              r"|^[\u4e00-\u9fff]{2,12}(?:委|局|办|部|厅)\s*[|｜]$")
# the value of a 来源 field (`来源:某某网`), read on a headline line that carries its own date
_SOURCE_FIELD_RE = re.compile(r"来源\s*[:：]\s*([^\s|｜]+)")
# inline publication label after a headline on the same line
# (时间 / 日期 alone as a label stands apart from the words before it: 成立时间, 开放时间 and
# 活动日期 are fields of their own, not a headline followed by its date)
# (or its source first and then the date, set apart by spaces: `…沟通会 来源:某某街道党工委 2021-11-03`)
_INLINE_META_RE = re.compile(r"(?<!\s)\s*(?:发布时间|发布日期|发表时间|发表日期|(?<![\u4e00-\u9fff])(?:时间|日期))\s*[:：]\s*(?=(?:19|20)\d\d)"
                             r"|(?<!\s)\s+(?=(?:来源|信息来源)\s*[:：]\s*[^\s:：]{1,24}\s+(?:19|20)\d\d\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}(?!\d))")
_INLINE_DATE_RE = re.compile(r"(?<!\s)(?:\s+|\s*[(（]\s*)(?=(?:19|20)\d\d\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}(?!\d))")
# ... or a numeric date run into its last character, ending the line (`…当前进入盛瓜期2018-06-26`)
_GLUED_DATE_END_RE = re.compile(r"(?<=[\u4e00-\u9fff])(?=(?:19|20)\d\d[-/.]\d{1,2}[-/.]\d{1,2}$)")
_CAPTION_RE = re.compile(r"^(?:效果图|示意图|设计图|规划图)(?:\s|$)|(?:以实际为准|以实物为准|仅供参考)$|^[▲△↑]|^[（(][^（()）]{0,10}图[^（()）]{0,6}[)）]$|[（(][^（()）]{0,12}(?:供图|摄|摄影)[)）]\s*$|^图为|^(?:图片|视频)(?:来源)?[:：]|^图源\s*[:：]|^图说?\s*[:：]"
    # a caption in brackets from end to end (（某某演练 某某供图）), and one ending in its reporter's
    # photo credit run into it (…找工作 本版图片除署名外均为本报记者某某摄; with a space: below)
    r"|^[（(][^（()）]{4,60}(?:供图|摄|摄影)[)）]$|(?:记者|通讯员)[\u4e00-\u9fff]{2,3}\s*摄$"
                         r"|[。\s](?:受访者|采访对象|通讯员|记者|[\u4e00-\u9fff]{2,8})?供图\s*$|[。\s]资料(?:图片?|照片)\s*$|[\s。][\u4e00-\u9fff]{2,4}\s*摄\s*(?:[/／]\s*\S{1,6})?$"
                         # (a photographer's credit with its agency or a note in brackets: `某某摄(某某视觉)`)
                         r"|^\S{0,20}?[\u4e00-\u9fff]{2,4}\s*摄\s*[（(][^（()）]{1,12}[)）]$"
                         # (a caption that ends in its graphic's or photo's credit: `…街景 /实习生 某某 制图/某某`)
                         r"|\s(?:制图|绘图|摄影|图)\s*[/／]\s*[\u4e00-\u9fff]{2,4}$"
                         # (`… 本版图片/某报记者`, `…■某| 摄`: a credit closing the caption)
                         r"|\s本版图片\s*(?:[/／]\s*\S{0,10})?$|■\s*[\u4e00-\u9fff]{1,4}\s*[|｜/／]?\s*摄$"
                         # (and the label a CMS's upload widget leaves where a photo was: `WDCM上传图片`)
                         r"|^[A-Za-z]{0,8}上传图片$"
                         # (a photo saved as its file name: `0824_142219_643.jpg`)
                         r"|^[\w.\-]{1,60}\.(?:jpe?g|png|gif|webp|bmp)$", re.I)
_CHROME_RE = re.compile(
    r"第\s*[A-Za-z]?[\d一二三四五六七八九十]+\s*版|第\s*\d+\s*期|(?:19|20)\d\d\s*年\s*\d{1,2}\s*期|数字报|电子版|门户网站|官方网站|网站$|资讯网|简报$|周报$|快报$|"
    r"通讯$|年鉴|联系方式|联系电话|电话[:：]|传真|邮编|地址[:：]|ICP|版权|网站标识码|今天是|欢迎(?:访问|光临|来到)|"
    # (a read-aloud widget's message that it cannot load: `…语音阅读器`)
    r"语音阅读器$|"
    # (an e-mail address, not the `@某某人!` a headline calls its readers with)
    r"本版导读|本期要目|本版其他文章|本版列表|上一版|下一版|返回目录|网址|邮箱|(?i:e-?mail)\s*[:：]|www\.|https?:|[\w.+-]@[\w-]+\.|"
    # an e-paper's page code and column without 第…版 (`A06:上海新闻`, `B3版:社区`, `02:社区广角`, `2:综合新闻`)
    r"^(?:[A-Z]\d{1,2}|\d{1,2})\s*版?\s*[:：]\s*[\u4e00-\u9fff]{2,8}$|"
    # the SEO lines of novel and question sites a hacked page carries (…全文免费阅读txt, 最佳回答)
    r"免费阅读|txt(?:下载)?$|最佳回答|最佳答案|"
    # a page's font-size toolbar and a forum's or tender site's hidden fields
    r"放大字体|缩小字体|查看隐藏内容|需先登录|点击查看|"
    # an e-paper app's pop-up and issue switcher (这已经是最后一期了哦! / 我知道了 / 上一期 下一期)
    r"最后一期了|^我知道了$|上一期\s*下一期|"
    # an e-paper's date picker and its masthead image's alt text (`日期选择 logo`)
    r"^日期选择|\s(?:logo|LOGO|Logo)$|主管主办|报社出版$|"
    # a portal's keyboard hint for screen readers (正文区域内容请使用tab按钮切换浏览)
    r"请使用\s*[Tt][Aa][Bb]|[Tt][Aa][Bb]\s*(?:键|按钮)|"
    # and its share instructions (请使用浏览器分享功能进行分享, 点击右上角微信好友)
    r"^请使用浏览器的?分享功能|^点击右上角|"
    # an old browser's notice, a service hotline's label, an e-paper's page named in words (`某某二版:新闻综合`)
    r"更新您的浏览器|浏览器版本过低|^\d{1,2}小时\S{0,4}热线|[一二三四五六七八九十头]{1,2}版\s*[:：]"
)
# a bulletin's headline ends in its issue number (`某区创建全国文明城区工作动态第20期`, `…简报(第5期)`):
# the number is the headline's, not an e-paper's issue line, when a headline's worth of words precedes it
_BULLETIN_ISSUE_RE = re.compile(r"(?<=[\u4e00-\u9fff]{8})\s*[(（]?第\s*\d+\s*期[)）]?$")
# a news page's heading over a list of other stories (其他新闻, 更多新闻), above the headline, and a
# series' kicker (`“某某工作20年”系列报道之四`) above the headline of one of its parts
_HEADING_LINE_RE = re.compile(r"^(?:(?:其他|其它|更多|最新|热点|热门|图片|视频)新闻|.{2,40}?系列(?:报道|访谈|评论|稿件)?之[一二三四五六七八九十\d]+)$")
# a wire story's dateline and the headline it ran under (`上海4月18日电 题:…`), before the headline
_WIRE_TITLE_RE = re.compile(r"^\s*(?:新华社|中新社|中新网)?\s*\S{0,6}?\d{1,2}月\d{1,2}日电\s*(?:[(（][^)）]{1,12}[)）])?\s*题\s*[:：]\s*(?=\S)")
_BULLET_RE = re.compile(r"^[·•◇◆●○◎□■▪▫\-*—]{1}\s*\S|^\d{1,2}\s*[、.．](?!\d)\s*\S{0,30}$")  # (not a date or price: 1.29…, 18.8元…)
# a numbered section heading (一、 （二）), one kind of section heading
# (a feature's zero-padded part number, `01 爱心助学`, too: a section of the story, not its headline)
_NUMBERED = r"[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|0[1-9]\s+(?=[\u4e00-\u9fff])"
_NUMBERED_SECTION_RE = re.compile(rf"^(?:{_NUMBERED})")
_SECTION_RE = re.compile(rf"^(?:{_NUMBERED})|^【[^】]{{1,10}}】$|^\[[^\]]{{1,10}}\]$|^Page\s*\d", re.IGNORECASE)
# a reporter's credit closing a line (a caption's: `…织法最难 本报记者 某某某 摄`); a headline never ends so
_CREDIT_END_RE = re.compile(r"(?:(?:本报|本网|新华社)(?:首席|特约|见习)?记者\s*|记者\s+)[\u4e00-\u9fff]{2,3}(?:\s*摄)?$")
# a content farm's keyword line: two search queries, the second in brackets (a photo number may
# follow), one of them ending as people search (…是哪个区, …开放了吗, …维修, …攻略)
_QUERY_END = r"(?:吗|呢|是哪个区|在哪里|在哪|怎么样|好不好|多少钱|维修|攻略|电话|地址)"
# (a headline's own note in brackets, `…开幕(附某某攻略)`, is not a query)
_QUERY_WRAP_RE = re.compile(rf"^(?:[^()（）]{{2,30}}{_QUERY_END}[(（][^()（）]{{2,30}}|[^()（）]{{2,30}}[(（](?!附)[^()（）]{{2,30}}{_QUERY_END})"
                            r"[)）](?:\s*[(（]\d{1,2}[)）])?$")
# a farm's search words with the headline it copied in brackets after them (see _candidate)
_BRACKETED_COPY_RE = re.compile(r"([^()（）\s,，。:：!！?？|｜“”\"]{4,24})[(（](?!附|含|图|组图|视频|记者|摄|详|下同|注|试行|暂行|征求)"
                                r"([^()（）]{8,60}?)[)）]?")
# a person's place in a photo after the name (`某某(左)`, `某某（右二）`, `某某(左起)`): a caption's mark,
# never a headline's (read only while choosing the headline: elsewhere a caption is known by its shape)
_PHOTO_PLACE_RE = re.compile(r"[\u4e00-\u9fff][（(](?:左|右)[一二三四五六七八九]?起?[)）]")
# a reporter's credit (`记者 某某 报道`) anywhere in the line, whatever a farm glued around it
_REPORTED_BY_RE = re.compile(r"记者\s*[\u4e00-\u9fff]{2,4}(?:[\s、]+[\u4e00-\u9fff]{2,4})*\s*报道")
# a paper's author line: the unit and its postcode in brackets (`（上海市某某管理所，上海 201700）`)
_AFFILIATION_RE = re.compile(r"^[（(][^()（）]*\d{6}\s*[)）]$")
_ORG_END_RE = re.compile(r"(?:有限公司|公司|协会|基金会|服务社|服务中心|委员会|办公室|事务所|党工委|党委|党总支|党支部|人民政府|办事处)$")
# ... unless a phrase describes it first: a headline about the body (`…提供专业社区服务的某某基金会`)
# (a 的 with six characters of words before it, looked for from each 的: linear on a huge line)
_DESCRIBED_RE = re.compile(r"(?<=[\u4e00-\u9fff、]{6})的")
# a list's item with its marker after it (`…功能建设●`): the page starts inside a list
_LIST_MARK_END_RE = re.compile(r"[●■◆]$")
# a farm glues the outlet it copied from onto the headline (`…集美仙桥上观新闻`)
_OUTLET_TAIL_RE = re.compile(r"(?<=[\u4e00-\u9fff])(?:上观新闻|澎湃新闻|新民晚报|文汇报|解放日报|东方网|新华网|人民网|央视网|中新网)$"
                             # a re-poster's credit of the outlet in brackets (`…真美”(某某日报)`)
                             r"|(?<=[\u4e00-\u9fff”」])[(（][\u4e00-\u9fff]{1,6}(?:日报|晚报|晨报|报|网|新闻)[)）]$"
                             # ... or of the centre whose account it copied (`…新空间”(某某党建服务中心)`)
                             r"|(?<=[\u4e00-\u9fff”」])[(（][\u4e00-\u9fff]{2,10}服务中心[)）]$"
                             # a town's name as the site's channel after one dash (`…又被国家点名—某某镇`; a
                             # ——subtitle is words, not a bare name)
                             r"|(?<=[\u4e00-\u9fff”」!?！？])(?<!—)—[\u4e00-\u9fff]{2,5}(?:镇|街道|乡)$")
# a government's name before a bar is the site's owner, not an outlet's short name (上海某某区政府|…)
_GOV_PREFIX_RE = re.compile(r"^[^|｜]{0,8}政府[|｜]")
# a re-post mark or a forum's column tag before a headline ([转帖] …, [新闻] …)
# (and a farm's number in brackets, `【48812】…`)
_REPOST_PREFIX_RE = re.compile(r"^\s*(?:\[(?:转帖|转载|原创|分享|转|新闻|图文|视频|国内|国际|社会|本地)\]|【(?:转帖|转载|转|\d{3,8})】)\s*")
# the end of a tag a capture cut from its `<`, after a headline (`…的味道“/h1>`), with a stray quote
_TAG_DEBRIS_TAIL_RE = re.compile(r"[\"“”']?\s*/[A-Za-z]{1,6}\d?>$")
# a forum's or a portal's page tool printed after the headline (`… [打印本页]`, `…【关闭窗口】`)
_PAGE_TOOL_TAIL_RE = re.compile(r"\s*[\[【(（]\s*(?:打印本页|打印|关闭窗口|关闭|收藏本页|返回顶部)\s*[\]】)）]$")
# a social post's topic tags around its headline (`#某某新闻#…`, `… #某地加油`) and a list's mark of a
# headline it cut short (`… ...`): the poster's and the list's, not the headline's
_TOPIC_TAG_RE = re.compile(r"^#[^#\s]{2,12}#\s*(?=\S)")
_TAG_TAIL_RE = re.compile(r"(?<=\S)(?:\s+#[^#\s]{2,10}|(?:\s+(?:\.{1,3}|…{1,2}))*\s+(?:\.{3,}|…{1,2}))$")
# a re-post's note of the headline it ran under (`原标题：…`), cleaning's drop line otherwise
# (a re-post may print its source first on the same line: `来源:某某日报 原标题:…`)
_ORIGINAL_TITLE_RE = re.compile(r"^\s*(?:(?:来源|信息来源|转自|转载自)\s*[:：]\s*[^\s:：]{1,20}\s+)?原文?标题\s*[:：;；]\s*(?=\S)")
# a page's buttons, printed on lines of their own: its tools, and the way back
_UI_BUTTONS = PAGE_TOOLS | {"返回", "回到顶部", "返回顶部", "搜索"}
_BRACKET_BUTTONS_RE = re.compile(r"(?:\[[^\[\]]{1,8}\]\s*)+")
# a forum's button to copy the thread's link, printed after its title
_LINK_BUTTON = "[复制链接]"
# a betting site's name a hacked page glues before the headline (`abcwin某某体育…`): Latin
# letters, a few characters and a gambling word; what follows is the headline
# ... or after it (`…-某某登录`), and a feed's column name before it (`某某资讯:`)
# a news-laundering site's stock column word before or after the headline it copied (`世界信息:…`,
# `全球看热讯:…`, `… 世界快播`): a site's label, not part of the headline
_LAUNDERED = r"(?:全球|世界|环球|天天|每日|今日|今|焦点|热门|当前|实时|最新|热)[\u4e00-\u9fff]{0,2}?(?:讯息|资讯|讯|信息|消息|关注|快报|快播|播报|速递|看点|视点|头条|热点评|热点|热议|热评|要闻|动态|观点|亮点|速看料|速看|快看|速览|百事通|最新|精选|滚动|热门|热搜|即时)"
_SPAM_SUFFIX_RE = re.compile(r"(?<!\s)\s*[-_|｜]\s*[\u4e00-\u9fffA-Za-z0-9]{2,8}(?:登录|登陆|官网|入口|平台|app|APP)$"
                             # (an app's download or login after `_`: `…_某某集团app下载`)
                             r"|_[\u4e00-\u9fffA-Za-z0-9]{2,10}(?:app|APP|App)(?:下载|登入|登录|注册)$"
                             # a forum's link button after the thread's title (`… [复制链接]`)
                             rf"|(?<!\s)\s*{re.escape(_LINK_BUTTON)}$"
                             rf"|(?<!\s)(?:\s+|\s*[-_|｜:：]\s*){_LAUNDERED}$"
                             # a farm's site code in capitals after a dash (`…新模式-ABCDEF`)
                             r"|(?<=[\u4e00-\u9fff!?！？”」》)）])\s*-\s*[A-Z]{4,12}$"
                             # a city or country portal's name after a comma (`…经常化,上海奉贤网`)
                             r"|(?<!\s)\s*[,，]\s*(?:上海|中国)[\u4e00-\u9fff]{0,6}网$")
_FEED_PREFIX_RE = re.compile(rf"^(?:[\u4e00-\u9fff]{{2,6}}资讯|{_LAUNDERED}|[\u4e00-\u9fff]{{2,8}}公司)\s*[:：]\s*|^{_LAUNDERED}\s*[!！丨|｜]\s*"
                             # a feed's own column word (`要闻速递:…`, `视点!…`, `热推荐:…`, `精选!…`)
                             r"|^(?:要闻|新闻|资讯)(?:速递|快报|速览)\s*[:：丨|｜]\s*|^(?:视点|热推荐|热点推荐|精选|时讯)\s*[!！:：丨|｜]\s*"
                             # ... or a feed named for its news before a bar (`最资讯丨…`)
                             r"|^[\u4e00-\u9fff]{1,4}资讯\s*[丨|｜]\s*"
                             # ... or a laundering site's column in brackets (`【全球新视野】…`, `【环球热闻】…`)
                             r"|^【(?:全球|世界|环球|天天|每日|今日|焦点|热门|当前|实时|最新)[\u4e00-\u9fff]{1,4}】\s*"
                             # an outlet's name before a colon (`某某晚报:…`, `某某新闻丨…`): the re-poster's credit
                             r"|^[\u4e00-\u9fff]{2,4}(?:晚报|日报|时报|新闻|报)\s*[:：丨|｜]\s*"
                             # ... or glued to it by a farm's copy (`解放日报虹口开展…`): only the city's and the
                             # nation's paper, and not their own news (`解放日报社…`, `新民晚报记者…`)
                             r"|^(?:解放日报|文汇报|新民晚报|人民日报)(?![社记评报刊客头版读者编专海]|文艺部)"
                             # a site's name before the headline (`某某生活网:…`, `上海某某门户网站|…`): the
                             # headline is printed without it (docs/EVAL_DATA.md); 互联网 and its kin are words
                             r"|^(?!互联网|物联网|因特网|局域网)[\u4e00-\u9fff]{2,10}?(?:网|网站|门户网站|频道)\s*[:：|｜]\s*")
# what a betting site calls itself (某某体育, 某某电竞) and the words of its site (官网, app)
_BET_WORDS = "体育|娱乐|棋牌|彩票|电竞"
_SITE_WORDS = "官网|官方网站|网站|平台|app|APP"
_SPAM_PREFIX_RE = re.compile(r"^[A-Za-z][A-Za-z0-9]{2,15}(?:[·・]?[(（]中国[)）])?[\u4e00-\u9fff]{0,4}?(?:体育|娱乐|棋牌|彩票|电竞|博彩|真人|"
                             r"官网|官方网站|平台|登录入口|app|APP)(?:官网|官方网站|网站|平台|入口|app|APP)?"
                             # (or a row of its words, each after or before an emoji: `💰欢迎进入🎲官方正版✅…`)
                             r"|^(?=.{0,24}(?:欢迎进入|官方正版|官网|登录|注册))[^\u4e00-\u9fff\s]*"
                             r"(?:[\u4e00-\u9fff]{1,6}[\U0001F300-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF]+)+\s*"
                             # (or an app's download call glued on: `B体育APP下载…`, `某某体育app下载安装…`, `app下载安装…`)
                             rf"|^(?:[A-Za-z0-9]{{1,12}}|[\u4e00-\u9fff]{{2,4}}?)[\u4e00-\u9fff]{{0,4}}?(?:{_BET_WORDS})(?:app|APP|App)(?:下载(?:安装)?|官网|登录)"
                             r"|^(?:app|APP|App)下载(?:安装)?"
                             # (or any name with its site's address in brackets before a colon: `某某代理(www.example.us):…`)
                             r"|^[^\s:：()（）]{2,16}[(（](?:www\.)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+[)）]\s*[:：]\s*"
                             # (two letters need a brand and a site word: `OB某某电竞网站…`, not `AI体育课…`)
                             rf"|^[A-Za-z]{{2}}[\u4e00-\u9fff]{{1,4}}?(?:{_BET_WORDS})(?:{_SITE_WORDS})"
                             # (or a gambling query an SEO page glues before the headline with `_`:
                             # `某某娱乐场可以刷信用卡吗_…`; before the casino names below, which the query may start with)
                             r"|^[^_\n]{0,16}?(?:娱乐场|娱乐城|赌场|博彩|百家乐|老虎机|时时彩)[^_\n]{0,12}_"
                             # (or a casino's Chinese name: `某某会旗舰厅…`, `某某娱乐城…`)
                             rf"|^[\u4e00-\u9fff]{{2,4}}(?:旗舰厅|娱乐城|娱乐场|真人娱乐|[·・]?[(（]中国[)）](?:{_SITE_WORDS})?)"
                             # (or its Chinese name and its app, dashed onto the headline: `某某体育全站客户端-…`)
                             rf"|^[\u4e00-\u9fff]{{2,4}}(?:{_BET_WORDS})[\u4e00-\u9fff]{{0,3}}?(?:客户端|{_SITE_WORDS}|入口)\s*[-_|｜]\s*")
# (and an app-download spam line: …官网最新版版本特色)
# a government portal's eye-care colour picker printed after its headline (`… 保护视力色: 杏仁黄 秋叶褐 …`)
_COLOUR_PICKER_TAIL_RE = re.compile(r"(?<=\S)\s+(?:保护视力色|护眼色|阅读背景色)\s*[:：].*$")  # (from a run's start only)
_KEYWORD_TAIL_RE = re.compile(r"(?:[,，][\u4e00-\u9fff]{1,4}){3,}$")
# (and a mirror's page marker, spaced inside its brackets: `…热词( 二 )`, page two of the story; a
# series number as printed, `…调查(二)`, has no spaces and stays)
_DECORATION_TAIL_RE = re.compile(r"(?<![*＊※★☆\s])\s*[*＊※★☆]{3,}\s*$|\s*[(（] [一二三四五六七八九十] [)）]\s*$")
_AD_RE = re.compile(r"^【?广告】?|"
                    # a lottery farm's keywords (澳门正版…, 新澳开奖…, 管家婆, 加拿大28): spam, never the page's
                    r"(?:澳门|新澳)(?:正版|天天|今晚|最准|资料|开奖|六合)|开奖(?:号码|结果|记录)|开特马|特马|管家婆|六合彩|"
                    r"加拿大28|资料大全|无码|中文字幕\S{0,4}视频|成人(?:视频|影片)|在线看片|性爱视频|久久精品|精品久久|自偷自拍|>>\s*$|官网最新版|最新版本特色|版本特色$|下载安装(?:$|[?？])|^打开\S{0,8}(?:APP|App|app|客户端)"
                    # a betting or game site's download or entry line (某某体育app下载安装, 某某游戏平台入口)
                    rf"|(?:{_BET_WORDS}|游戏)\s*(?:平台)?(?:app|APP|App|官网|官方网站|下载|安装|登录|注册|入口)(?:下载|安装|登录|注册|入口)*\W{{0,4}}$"
                    # a booking site's call to click (点击进入某某预订最优惠酒店!)
                    r"|^点击(?:进入|这里|此处|查看|下载|购买|预订)\S{0,20}(?:预订|优惠|下载|购买|抢购)"
                    # a trade site's banner with its sales line (…租客免中介费。租售热线:158…)
                    r"|(?:租售|销售|招商|订购|加盟|预订)热线\s*[:：]?\s*\d[\d-]{6,}"
                    # a document site's upsell (开通VIP,即享…特权)
                    r"|开通\s*(?:VIP|vip|会员)")
# a producer's credit (`某某晚报“某某”出品`): who made the piece, not its headline
_PRODUCER_RE = re.compile(r"出品\s*$")
# a server's error page fields (`Server: cms-8-251`) and a date box's digits run together
_SERVER_FIELD_RE = re.compile(r"(?:Server|URL|Date|Powered by|Error)\s*:", re.I)
_DIGITS_ONLY_RE = re.compile(r"[\d\s\-/.:]+")
_ANSWER_COUNT_RE = re.compile(r"^共\s*\d+\s*(?:个|条)(?:回答|答案|评论|回复)$|^[\u4e00-\u9fff]{0,2}网友$")
# ... and its mark on the answer under the question (某某网友最佳答案)
_BEST_ANSWER_RE = re.compile(r"(?:最佳|满意|推荐|优质)答案")
# an account's prompt to follow it, printed under a post's headline (↑↑↑点击上方“某某”关注我们)
_FOLLOW_RE = re.compile(r"点击(?:上方|蓝字)|关注我们|蓝字关注")
# ... or a line of nothing but calls to follow it (`关注某某圈,关注某某`): no headline
_FOLLOW_US_RE = re.compile(r"^关注[\u4e00-\u9fffA-Za-z]{2,10}(?:[,，\s]+关注[\u4e00-\u9fffA-Za-z]{2,10})*$")
# ... nor its slogan asking to be followed (`关心某地大小事,关注“某某发布”一手掌握!`)
_FOLLOW_SLOGAN_RE = re.compile(r"关注[“\"「][^”\"」]{2,12}[”\"」][^，。,]{0,6}?(?:一手掌握|第一时间|不迷路|不错过)")
# an e-paper's page or issue line (第5版, 第A3版, 版：)
_PAGE_LINE_RE = re.compile(r"第\s*[A-Za-z]?\d+\s*[版期]|版[:：]")
# an e-paper's contents line: the column, then the headline (`荣誉榜 某某…`)
_CONTENTS_LINE_RE = re.compile(r"(\S{2,6})\s+(\S.*)")
_COUNTER_RE = re.compile(r"^\d[\d.万]*\s*(?:次|人)?(?:浏览|阅读|点击|评论|点赞|收藏|赞)")
# (本页位置, 您的位置, 您当前的位置, 您的当前位置, 您现在的位置, 你所在的位置 …)
_CRUMB_LABELS = "当前位置|本页位置|(?:您|你)的?(?:当前|现在|所在)?的?位置"
# a breadcrumb's label opening a line (or, later in a line, after a space: a <title> run into it)
_CRUMB_LABEL_RE = re.compile(rf"^\s*(?:{_CRUMB_LABELS}|所在位置)\s*[:：]")
_CRUMB_LABEL_IN_RE = re.compile(rf"\s(?:{_CRUMB_LABELS})\s*[:：]")
_BREADCRUMB_RE = re.compile(_CRUMB_LABEL_RE.pattern + r"|\S\s*[>›»＞]\s*\S.*[>›»＞]|首页\s*[>›»＞]"
                            r"|^\s*首页\s*[/／]\s*\S")  # (`首页 / 某某示范中心`)
_ABSTRACT_RE = re.compile(r"^[【\[]?(?:摘要|内容摘要|内容提要|提要|核心提示|导读|编者按|描述)[】\]]?\s*[:：]"
                          # (a summariser's heading over its own digest of the story: 主要观点总结)
                          r"|^(?:主要|关键|核心)观点(?:总结|摘要)?$"
                          # (a paper's sections and its site's reading prompt: 引言:…, 论文部分内容阅读)
                          r"|^(?:引言|前言|导言|绪论|结语|结论)\s*[:：]|^(?:论文|全文)(?:部分)?内容阅读$"
                          # (what the article does, said by its summary: 本文通过…记录…)
                          r"|^本文(?:通过|以|从|讲述|记录|介绍|聚焦|梳理|回顾|探讨|分析)")
_SUBTITLE_RE = re.compile(r"^(?:——|—|－－|--)\s*\S")
_SHORT_SITE_TAIL_RE = re.compile(r"\S\s*[_|｜]\s*[^_|｜\s]{1,10}$")
_LEAD_PIPES_RE = re.compile(r"^[\s|｜]+")
# (and a thread's buttons between its title and its first post: [复制链接], 跳转到指定楼层)
_FORUM_RE = re.compile(r"^(?:楼主|沙发|板凳|地板|\d+\s*#|#\d+)(?:\s|$)|^本帖最后由|^热搜\s*[:：]|^UID\s*\d|只看该作者|倒序浏览|^查看\s*[:：]\s*\d"
                       r"|^\[复制链接\]$|^跳转到指定楼层$")


# a line of empty tags a spam template scattered through a saved page (`<strike id="…"></strike>`)
# (an image tag pair with its source between is an image the capture tool printed: `<image>…</image>`)
_MARKUP_ONLY_RE = re.compile(r"(?:\s*</?[A-Za-z][^<>]*>)+\s*|\s*<(?:image|img)\b[^<>]*>[^<>]*</(?:image|img)>\s*"
                             # (or a relative link's path alone, `../../tpl/font3.html`: an app's template debris)
                             r"|\s*(?:\.\./)*[\w./-]*\.(?:html?|shtml|php|jsp|aspx?)\s*", re.I)


_HAN_RE = re.compile(r"[\u4e00-\u9fff]")


def han(s: str) -> int:
    """How many Chinese characters ``s`` holds (the checks weigh lines by them)."""
    return len(_HAN_RE.findall(s))


def head_zone(view: list[str]) -> list[int]:
    """Indexes of the non-empty lines of the head zone: the first ZONE_LINES of them, a bulleted
    menu's items not counted."""
    out, counted = [], 0
    for i, v in enumerate(view):
        s = unpipe(v).strip()
        if not s:
            continue
        out.append(i)
        # (nor a site's menu printed one short item a line, `登录` / `搜索` / `Portal` / `»`: a forum
        # capture's forty of them stand above its thread's title)
        counted += not (_MENU_ITEM_RE.match(s) or len(s) <= 4 and not re.search(r"\d", s))
        if counted >= ZONE_LINES:
            break
    return out


def is_markup_only(line: str) -> bool:
    return bool(_MARKUP_ONLY_RE.fullmatch(line))


def opens_paragraph(v: str) -> bool:
    """A body paragraph that starts a sentence (not the rest of one broken over lines, `，…`)."""
    return is_body(v) and not re.match(r"^[,、]", _punct(v.strip()))


def unpipe(line: str) -> str:
    """A table cell row saved as text (`| 普陀发布… |`): the cell's text."""
    s = _LEAD_PIPES_RE.sub("", line)
    # the tail by hand: `[\s|｜]+$` retried from every character of a long run of spaces inside a
    # line, quadratic in the run (4 s for an 18 KB line)
    j = len(s)
    while j and (s[j - 1] in "|｜" or s[j - 1].isspace()):
        j -= 1
    return s[:j]


_DATE_IN_CLAUSE_RE = re.compile(r"(?<!\s)\s*(?:起|前|后|至|到|开始|以来)")


# a field of the story's own that holds a time (成立时间：2019年6月, 活动日期：…): not the page's
# metadata, and its date is not the publication date
_STORY_TIME_FIELD_RE = re.compile(r"^(?!发布|发表|发稿|添加|更新|上传|发文|成文|最后|修改|创建|产生|录入|生成|印发|公开|刊发|刊登|出版|提交|撰稿|编辑|采集|入库)[\u4e00-\u9fff]{2,4}(?:时间|日期)\s*[:：]")


def is_story_time_field(v: str) -> bool:
    """`成立时间：…`, `活动日期：…`: a time the story reports, not when the page was published."""
    return bool(_STORY_TIME_FIELD_RE.match(_META_BULLET_RE.sub("", unpipe(v).strip())))


_YEARLESS_STAMP_RE = re.compile(r"^(?:[\u4e00-\u9fff]{2,8}\s+)?\d{1,2}(?:-|月)\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")


def is_meta_line(v: str) -> bool:
    """A metadata line (simplified view): date, source, author, counters, a byline."""
    s = _META_BULLET_RE.sub("", unpipe(v).strip())
    # (a link among the fields, `移动:http://…/10523.html`, is not words that make the line long)
    if not s or len(s) > META_MAX and len(ANY_URL_RE.sub("", s)) > META_MAX or _STORY_TIME_FIELD_RE.match(s):
        return False
    if _META_LABEL_RE.match(s) or _META_WORD_RE.match(s) or _ISSUER_RE.search(s):
        return True
    if _BYLINE_RE.match(s) and len(s) <= 40 and not re.search(r"[，。,]", s):
        return True
    if len(_CREDIT_RE.findall(s)) >= 2 and not re.search(r"[，。,；;]", s):
        return True
    if _RELATIVE_STAMP_RE.search(s):
        return True
    if _YEARLESS_STAMP_RE.match(s):
        return True  # an outlet and a day without its year (`上观新闻 04-25`, `08月28日 09:58`): no date, still metadata
    # a government disclosure page's metadata table saved as cells (`索引号 | … | 发布机构 | …`),
    # or with spaces between the cells (`索引号 发布机构 某某镇`: two labels or more)
    if any(c.strip() in _TABLE_LABELS for c in re.split(r"[|｜]", s)) or sum(
            c in _TABLE_LABELS for c in s.split()) >= 2:
        return True
    # a dated line of labels and counters, not a sentence (`2018-09-14 10:01 浏览量：326 来源：…`);
    # a date the line's words run on from (`…2019年12月1日起延长开放`) is a headline's, not a stamp
    found = meta_date(s)
    if not found or re.search(r"[，。；！？]", s):
        return False
    i = s.find(found[1])
    return not (i >= 0 and _DATE_IN_CLAUSE_RE.match(s, i + len(found[1])))


_CN_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0", "Ｏ": "0"}
_CN_DATE_RE = re.compile(r"([〇○零Ｏ一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日")
# a counter glued to the date (`浏览次数：2172021-07-13 08:40`): the date is read past the digits
_GLUED_DATE_RE = re.compile(r"((?:19|20)\d\d)-(\d{1,2})-(\d{1,2})(?![0-9])")
# a day-first stamp some site templates print (`06.10.2015  08:20`); read only on a metadata
# line that holds nothing else, where Chinese pages never put the month first
_DAY_FIRST_RE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.((?:19|20)\d\d)(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
# a labelled stamp with the year last and slashes (`发表时间:06/18/2022`), as a site template in
# English order prints it: the month first unless the first number can only be a day
_SLASH_STAMP_RE = re.compile(r"(?:发表|发布|发稿)(?:时间|日期)\s*[:：]\s*(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)(?![0-9])")
# ... or in English (`发布时间:Apr 16, 2024 21:05 PM`), as a site template may print it
_ENGLISH_STAMP_RE = re.compile(r"(?:发表|发布|发稿|更新)(?:时间|日期)\s*[:：]\s*(?=[A-Za-z])")
# a portal's date box saved as text: the day large, the year and month small beside it (`25 2022-07`)
_DATE_BOX_RE = re.compile(r"^(?:(?P<d1>\d{1,2})\s+)?(?P<y>(?:19|20)\d\d)[-/.](?P<m>\d{1,2})(?(d1)|\s+(?P<d2>\d{1,2}))$")


def _cn_number(s: str) -> int:
    if "十" in s:
        a, _, b = s.partition("十")
        return (int(_CN_DIGITS[a]) if a else 1) * 10 + (int(_CN_DIGITS[b]) if b else 0)
    return int(_CN_DIGITS[s]) if len(s) == 1 else 0


def meta_date(s: str) -> tuple:
    """A full date on a metadata line: digits, Chinese numerals (二〇二一年十月二日) or glued to a
    counter; () when none."""
    full = D.find_full_date(s)
    if full:
        return full
    m = _CN_DATE_RE.search(s)
    if m:
        y = int("".join(_CN_DIGITS[c] for c in m.group(1)))
        v = D._mk(y, _cn_number(m.group(2)), _cn_number(m.group(3)))
        if v:
            return v, m.group(0)
    for m in _GLUED_DATE_RE.finditer(s):
        v = D._mk(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if v:
            return v, m.group(0)
    m = _DAY_FIRST_RE.match(s.strip())
    if m:
        v = D._mk(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if v:
            return v, m.group(0)
    m = _SLASH_STAMP_RE.search(s)
    if m:
        a, b = int(m.group(1)), int(m.group(2))
        v = D._mk(int(m.group(3)), *((b, a) if a > 12 else (a, b)))
        if v:
            return v, m.group(0)
    m = _ENGLISH_STAMP_RE.search(s)
    if m and (found := D.find_named_date(s[m.end():])) and s.startswith(found[1], m.end()):
        return found[0], s[m.start():m.end() + len(found[1])]
    m = _DATE_BOX_RE.match(s.strip())
    if m:
        day = m.group("d1") or m.group("d2")
        v = D._mk(int(m.group("y")), int(m.group("m")), int(day))
        if v:
            return v, m.group(0)
    return ()


def _punct(s: str) -> str:
    """Sentence punctuation folded to one form: conversion and mirror sites print the half-width
    `,` `;` `?` or the small forms (﹔ ﹐) where the source had ， ； ？ (NFKC folds the full-width
    and small forms to ASCII; the ideographic full stop 。 stays)."""
    return unicodedata.normalize("NFKC", s)


def _is_keyword_list(s: str) -> bool:
    """A spam or SEO header (`关键词A, 关键词B, …`): comma-separated phrases with no sentence
    end, the phrases short or set apart with a space after each comma as a list is typed."""
    # (a lone `?` after a space ends such headers where a character was lost in re-encoding)
    if re.search(r"[。;!?]", re.sub(r"(?<!\s)\s+\?$", "", s)):
        return False
    n = s.count(",") + s.count("|") + s.count("_")  # (pipes and underscores set the phrases apart too: `…在线观看|…最新出品|…`)
    # the spam headers injected above hacked pages run longer phrases (…在线播放, …每天更新),
    # more of them
    return (n >= 4 and (len(norm(s)) / (n + 1) <= 8 or s.count(", ") >= 3)) or (n >= 3 and len(norm(s)) / (n + 1) <= 14)


def _is_title_run(s: str) -> bool:
    """The headlines of a page's other stories on one line (an e-paper's contents: `甲(篆刻) 乙
    丙 …`): seven or more short Chinese phrases set apart by spaces, none a sentence (headlines
    set four or five phrases apart: `共创 共建 共享 共融 某镇…`)."""
    parts = s.split()
    return (len(parts) >= 7 and all(len(p) <= 16 and re.search(r"[\u4e00-\u9fff]", p) for p in parts)
            and not re.search(r"[。；;，,]", s))


_QUOTED_SHORT_RE = re.compile(r"“[^“”]{1,20}”")


# a character reference that lost its `&#` on the way (`环境x2B;服务提升`): its `;` ends no sentence
_ENTITY_DEBRIS_RE = re.compile(r"(?<![A-Za-z0-9&#])x[0-9A-Fa-f]{2,4};")


def is_body(v: str) -> bool:
    """A body paragraph: long enough and written in sentences."""
    s = _punct(v.strip())
    if _AD_RE.search(s) or _is_keyword_list(s) or _CRUMB_LABEL_RE.match(s) or _CRUMB_LABEL_IN_RE.search(s) \
            or is_original_title(v) or _ACCOUNT_BLURB_RE.search(s) or is_notice(s):
        # (a labelled breadcrumb ends in the headline, commas and all: 您所在的位置:…>…; a page's
        # <title> may run into it: `…,某某也来了 您所在的位置:网站首页…`)
        return False
    if not has_han(s) and len(_LATIN_WORD_RE.findall(s)) >= 8:
        return False  # an English summary a capture tool printed above the story is not its body
    u = units(s)
    s = _ENTITY_DEBRIS_RE.sub("", s)
    # 。 and ； end sentences; ！ and ？ also end headlines (改造完成！长宁这个居民区…), so they mark
    # a paragraph only at the end of a long line with a comma in it; a comma inside a quoted slogan
    # (`“战疫情,健身心,促团结”某某运动会…圆满落幕`) is the slogan's, not a clause of the line
    if u >= 20 and re.search(r"[。;]", s):
        return True
    if u < 30 or "," not in s or "," not in _QUOTED_SHORT_RE.sub("", s):
        return False
    return u >= 45 or bool(re.search(r"[!?]$", s))


# an account page's description of itself above a post (这里是某某区新闻办的官方帐号,欢迎关注)
_ACCOUNT_BLURB_RE = re.compile(r"这里是.{0,30}(?:帐号|账号|公众号)|(?:帐号|账号|公众号).{0,12}(?:期待|欢迎)您?的?关注")
# a reader's prompt under a post (向作者提问)
_ASK_RE = re.compile(r"^(?:向作者提问|我要提问|我要评论|写评论|发表评论)$"
                     # a login gate over the rest of the page (查看隐藏内容(*)需先登录, 登录后查看全文)
                     r"|^(?:查看)?(?:隐藏|全部|完整)?内容\W{0,4}(?:需|请)?先?登录|^(?:请|需)?(?:先)?登录后?(?:查看|阅读|浏览)")
# a word count or reading time printed under a headline (本文字数:358, 全文约1800字，阅读需5分钟)
_READING_NOTE_RE = re.compile(r"^(?:本篇文章|本文|全文)(?:共|约)?\s*\d[\d,]*\s*字|^(?:本文|全文)?字数\s*[:：]\s*\d")


# an outlet's English name printed under the headline (`Xinmin Evening News`)
_OUTLET_ENGLISH_RE = re.compile(r"^[A-Z][A-Za-z.&' ]{1,40}\b(?:News|Daily|Times|Post|Weekly|Online)$")


def _is_prompt(v: str) -> bool:
    s = unpipe(v).strip()
    return bool(_PLACEHOLDER_RE.match(s) or _READING_NOTE_RE.match(s) or _ASK_RE.match(s) or _OUTLET_ENGLISH_RE.match(s)) or (
        len(norm(s)) <= 6 and is_drop_line(s) and not is_meta_line(s))


def is_caption(v: str) -> bool:
    s = drop_readings(v.strip())  # (相关(guān)资料图)
    m = _CAPTION_RE.search(s)
    # a paragraph of several sentences that ends with its photo's credit (…。记者 某某 摄) is body
    return bool(m) and not (m.start() > 0 and s.count("。", 0, m.start()) >= 3)


@dataclass
class Headline:
    index: int | None = None  # line of the headline, None: the capture has none
    title: str | None = None  # as published
    inline_meta: str | None = None  # `发布时间：…` carried on the headline's own line
    body_index: int | None = None  # first body paragraph of the zone
    scores: dict[int, float] = field(default_factory=dict)


_OFFICIAL_TITLE_RE = re.compile(r"^关于[^。!?]{2,60}(?:报告|通知|请示|意见|批复|决定|通报|公告|办法|方案|规定|答复|函)$"
                                # (and a reply to a motion: `对区政协…第…号提案的会办意见`)
                                r"|^对[^。!?,]{2,60}(?:提案|建议|议案)的[\u4e00-\u9fff]{0,4}(?:意见|答复|复函|函)$")


_SITE_NAME_RE = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]{1,10}网")
_LEAD_OPENING_RE = re.compile(r"(?:近日|日前|昨日|昨天)(?![\u4e00-\u9fff]*[:：])")


def _site_stamp_at(v: str) -> int | None:
    """Where the stamp starts on a line of a site's name and its stamp (`某某农业网 时间:2018-11-12
    来源:…`), or None for any other line."""
    m = _INLINE_META_RE.search(v)
    return m.start() if m and _SITE_NAME_RE.fullmatch(v[:m.start()].strip()) else None


def _candidate(line: str, v: str, dated: bool = False) -> tuple[str, str, str | None] | None:
    """(title as published, its simplified view, inline metadata) or None when the line can
    never be a headline. ``dated``: a dated metadata line follows it (a headline of short phrases
    set apart by commas, 甲,乙,丙,丁, then reads as a headline, not as a spam header's keywords)."""
    s, sv = unpipe(line).strip(), unpipe(v).strip()
    m = _COLOUR_PICKER_TAIL_RE.search(sv)
    if m and m.start() > 0:  # (its colours would read as a menu)
        s, sv = s[:len(s) - (len(sv) - m.start())].rstrip(), sv[:m.start()].rstrip()
    if is_original_title(sv):
        cut = _ORIGINAL_TITLE_RE.match(sv).end()
        s, sv = s[cut:], sv[cut:]
    if re.fullmatch(r"【[^【】]{8,}】", sv) and len(s) == len(sv):
        s, sv = s[1:-1].strip(), sv[1:-1].strip()  # a post's headline in brackets, alone on its line
    meta = None
    m = _INLINE_META_RE.search(sv)
    if not (m and m.start() >= 2):
        # an unlabelled date after the headline, alone or opening a metadata tail
        # (`…开幕 2019-04-18`, `…启用 2022-06-30 来源:…`): search results and list pages
        # print the headline and its date on one line
        m = _INLINE_DATE_RE.search(sv) or _GLUED_DATE_END_RE.search(sv)
        # (a source line, `Xin Wen Wang· 2020-03-09 08:00`, has no Chinese headline before it)
        if m and (_ISSUER_RE.search(sv) or not (is_meta_line(sv[m.start():]) and is_headline_like(sv[:m.start()])
                                                 and han(sv[:m.start()]) >= 6)):
            m = None
    if m and m.start() >= 2 and not _META_LABEL_RE.match(sv):
        meta, meta_view = s[m.start():].strip(), sv[m.start():]  # `走进金海 发布时间:2021年12月15日`
        s, sv = s[:m.start()].strip(), sv[:m.start()].strip()
        if re.search(r"[【\[（(][^】\]）)]*$", sv):
            return None  # the label's own start (`【信息时间:2025-04-15…】`), not a headline before it
        if norm(sv) in {norm(x) for x in _SOURCE_FIELD_RE.findall(meta_view)}:
            return None  # the outlet the same line names as its 来源 (`某某网 时间:… 来源:某某网`)
        if _OUTLET_STAMP_RE.search(sv):
            return None  # an outlet and its stamp (`某某电视台上海总站 | 2021年08月07日 13:25`), a 来源 line without its label
        s, sv = s.rstrip(" |｜"), sv.rstrip(" |｜")  # (the bar that set the stamp apart is not the headline's)
        if (m := _AUTHOR_BODY_TAIL_RE.search(sv)) and han(sv[:m.start()]) >= 6:
            s, sv = s[:len(s) - (len(sv) - m.start())].rstrip(), sv[:m.start()].rstrip()  # its author, a body
        if _SITE_NAME_RE.fullmatch(sv):
            return None  # a site's name and its stamp (`某某农业网 时间:… 来源:…`)
    elif (prefix := dated_label_prefix(sv)) and (rest := sv[len(prefix):]) == rest.lstrip() and rest \
            and not re.search(r"[。；;]", rest) and not re.match(r"[\u4e00-\u9fff]{2,6}\s*[:：]", rest) \
            and is_headline_like(rest) and not is_meta_line(rest):
        # a publication label and its date run into the headline (`发表日期:2017-09-06某某活动成功举行`;
        # not another field after a space: `发布时间:… 报送来源:…`)
        meta, s, sv = s[:len(prefix)].strip(), s[len(prefix):].strip(), rest
    if (m := _PAGE_TOOL_TAIL_RE.search(sv)) and m.start() > 0:
        s, sv = s[:len(s) - (len(sv) - m.start())].rstrip(), sv[:m.start()].rstrip()
    if (m := _TAG_DEBRIS_TAIL_RE.search(sv)) and m.start() > 0:
        s, sv = s[:len(s) - (len(sv) - m.start())].rstrip(), sv[:m.start()].rstrip()
    if re.search(r"[\"']\s*/?>|</?[A-Za-z]", sv):
        return None  # markup the capture cut through (`… 某某网">`): a tag's debris, not a headline
    if not sv or is_menu_line(sv) or is_drop_line(sv) or is_meta_line(sv) or sv.endswith((":", "：")) \
            or _SITE_NAME_LINE_RE.match(sv) or _HEADING_LINE_RE.match(sv):
        return None  # (a label whose value is missing or on the next line, 创作时间:, is no headline)
    if _ABSTRACT_RE.match(sv):
        return None  # the summary printed under a headline, not the headline
    if sv.lstrip().startswith("©"):
        return None  # a photo's credit (`©某某自然保护区`)
    if _CRUMB_LABEL_RE.match(sv):
        return None  # `您现在的位置:生活在线 正文`: where the page sits (crumb_title reads a headline there)
    m = _REPOST_PREFIX_RE.match(sv) or _WIRE_TITLE_RE.match(sv) or _MOBILE_LINK_RE.match(sv) or (
        _THREAD_TAG_RE.match(sv) if sv.endswith(_LINK_BUTTON) else None)
    if m:
        s, sv = s[m.end():], sv[m.end():]
    if (m := _TOPIC_TAG_RE.match(sv)) and han(sv[m.end():]) >= 6:
        s, sv = s[m.end():], sv[m.end():]
    if (m := _TAG_TAIL_RE.search(sv)) and han(sv[:m.start()]) >= 6:
        s, sv = s[:len(s) - (len(sv) - m.start())], sv[:m.start()]
    if norm(sv) in _UI_BUTTONS:
        return None  # a page's button (`关 闭`), however many lines of metadata follow it
    if _BRACKET_BUTTONS_RE.fullmatch(sv):
        return None  # a row of bracketed links (`[移动版] [查看地图]`)
    if _ANSWER_COUNT_RE.match(sv):
        return None  # a question-and-answer site's counter (共1个回答) and poster's label (热心网友)
    if _DIGITS_ONLY_RE.fullmatch(sv):
        return None  # a date box's digits run together (`162022-5`), not a headline
    if _FOLLOW_US_RE.match(sv) or _FOLLOW_SLOGAN_RE.search(sv):
        return None  # an account's call to follow it (`关注某某圈,关注某某`)
    if _KEYWORD_PAIR_RE.fullmatch(sv):
        return None  # a farm's search words twice over a slash (`某地新增病例/某地新增病例分布`), not a headline
    if _ENGLISH_LINE_RE.fullmatch(sv) or _KANA_RE.search(sv) or _SLUG_RE.fullmatch(sv):
        # English words alone (`low`, a site's English line), or kana among the characters (`“上?!ず照…”`:
        # a line mis-decoded by a mirror): not a Chinese story's headline
        return None
    if _BRAND_ALONE_RE.fullmatch(sv):
        return None  # a betting site's name alone between ornaments (`✣AB体育官方✤`)
    if _SERVER_FIELD_RE.match(sv) or _PRODUCER_RE.search(sv):
        return None  # a server's error page fields (`Server: cms-8-251`), a producer's credit
    if _CREDIT_ALONE_RE.match(sv) and re.search(r"供图|下同|\s摄", sv) or _COMPILED_BY_RE.match(sv):
        return None  # a photo's credit alone (`某某供图(下同)`), the outlet a report was compiled from
    if _DATELINE_ALONE_RE.match(sv) or _AUTHORITY_LINE_RE.match(sv) or _ACCOUNT_LINE_RE.match(sv):
        return None  # a wire's dateline alone (`某某网上海9月1日电`), a government body's name (the site's
        # masthead), an account's name (`微信公号“某某”`): never the headline
    m = _SPAM_PREFIX_RE.match(sv) or _FEED_PREFIX_RE.match(sv)
    if m and han(sv[m.end():]) >= 6:
        s, sv = s[m.end():].lstrip(), sv[m.end():].lstrip()
    elif m and m.re is _SPAM_PREFIX_RE:
        return None  # a betting site's name with a column or nothing after it (`某某(中国) / 企业动态`)
    if _SITE_DOMAIN_RE.search(sv) or _LOGIN_SPAM_RE.search(sv):
        return None  # a site's name with its address in brackets (`某某网官网(example.cn)…`), a betting site's login line
    if len(segs := sv.split("_")) >= 4 and all(len(x.strip()) <= 14 for x in segs):
        return None  # a farm's header of search words joined by `_` (`甲_乙_丙_丁_…`)
    m = _DECORATION_TAIL_RE.search(sv)
    if m and m.start() > 0:  # a farm's row of stars after the headline (`…观察******`)
        s, sv = s[:len(s) - (len(sv) - m.start())].rstrip(), sv[:m.start()].rstrip()
    m = _KEYWORD_TAIL_RE.search(sv)
    if m and han(sv[:m.start()]) >= 8:  # a site's tags run on (`…街区,网格,治理,居民区`)
        s, sv = s[:len(s) - (len(sv) - m.start())].rstrip(), sv[:m.start()].rstrip()
    m = _SPAM_SUFFIX_RE.search(sv) or _OUTLET_TAIL_RE.search(sv)
    if m and han(sv[:m.start()]) >= 6:
        s, sv = s[:m.start()].rstrip(), sv[:m.start()].rstrip()  # (the view keeps the line's length)
    if is_caption(sv):
        return None  # (before a bar in its credit, `…■某| 摄`, reads as a site's name after a headline)
    parts = _split_title(sv)
    # an outlet's short name printed before the headline (`上观|…`) is kept as printed; a site
    # suffix (`…_政府信息公开年报_…门户网站`, a <title> copy) goes
    # (a government's name there is the site's owner: it goes)
    prefix_only = (bool(re.match(r"^[^|｜]{2,8}[|｜]", sv)) and not _is_site_segment(parts[-1], ())
                   and not _GOV_PREFIX_RE.match(sv))
    # (a short last segment after `_` or `|` is a site or column name even without a site word:
    # `…书房开放_今日快讯`, `…书房开放|共享书房|每日快读`; dashes also set off subtitles, so not after them)
    if len(parts) > 1 and not prefix_only and (_is_site_segment(parts[0], ()) or _is_site_segment(parts[-1], ())
                                               or _SHORT_SITE_TAIL_RE.search(sv)):
        cut = strip_site_suffix(sv)
        if not cut or _is_site_segment(cut, ()) or len(_split_title(cut)) > 2:
            return None
        i = sv.find(cut)
        if i < 0:
            return None
        s, sv = s[i:i + len(cut)], cut
    if (_CHROME_RE.search(_BULLETIN_ISSUE_RE.sub("", sv)) or _BULLET_RE.match(sv) or _SECTION_RE.match(sv) or is_caption(sv)
            or _PHOTO_PLACE_RE.search(sv) or is_photo_credit(sv) or _REPORTED_BY_RE.search(sv)
            or _BYLINE_RE.match(sv) or (_ORG_END_RE.search(sv) and not _DESCRIBED_RE.search(sv))
            or _AD_RE.search(sv) or _FORUM_RE.search(sv) or _LIST_MARK_END_RE.search(sv) or _is_title_run(sv)):
        return None
    if re.search(r"[。；]\S|[。；]$", sv):  # a sentence, not a headline
        return None
    if "~~~" in sv:
        return None  # an e-paper's list of the page's headlines, each cut short with ~~~
    if _QUERY_WRAP_RE.match(sv):
        return None  # a farm's search queries, one in brackets after the other (`某老街是哪个区(某老街事件)`)
    m = _BRACKETED_COPY_RE.fullmatch(sv)
    if m and han(m.group(2)) >= 8 and len(s) == len(sv) and (
            re.search(r"[,，:：“”【】!！?？]", m.group(2)) or re.search("哪|什么|怎么|多少|如何", m.group(1))):
        # a farm's search words with the headline it copied in brackets after them (`某某附近都有哪些公园(甲乙丙…)`,
        # `某某基地(【听】某某:…)`): the bracketed words are the headline when they are a question's
        # answer or punctuated as one (not a note, `(附报名方式)`, a credit, a date, nor words in
        # brackets of a headline's own, `某某新开的超市(某某这家超市开业一年)`)
        s, sv = s[m.start(2):m.end(2)].strip(), m.group(2).strip()
    if _LEAD_OPENING_RE.match(sv) and len(norm(sv)) >= 16:
        return None  # a lead's opening words (`近日某某街道…启动仪式在某某中心举行`): no labelled headline starts so
    if re.fullmatch(r"[\u4e00-\u9fff]{2,3}(?:\s*[+＋]\s*[\u4e00-\u9fff]{2,3})+", sv):
        return None  # people's names joined by `+` (a photo's or a video's credits)
    if _CREDIT_END_RE.search(sv) or _AFFILIATION_RE.match(sv):
        return None  # a photo caption run into its credit (…屈指可数本报记者 某某); an author's unit (…, 201700)
    if len(re.findall(r"[?？][”」\"]", sv)) >= 2:
        return None  # a lead of quoted questions (“…?”“…?”……), not a headline
    if len(re.findall(r"[\u4e00-\u9fff]{2,4}\s*[:：]", sv)) >= 3:
        return None  # a record's fields on one line (负责人: … 创建年份:… 来自:…)
    if re.fullmatch(r"[\"“「].*[.。!?][\"”」]", _punct(sv)):
        return None  # a quoted remark ending in its full stop (“…随时可以借。”): speech
    if re.search(r"[….。!?！？][”」]$", sv) and not re.search(r"[“「]", sv):
        return None  # the last line of a remark opened on a line above (…需要您帮忙……”)
    if re.search(r"[,、]$|^[,、]", _punct(sv)):  # a piece of a sentence broken over lines
        return None
    if _is_keyword_list(_punct(sv)) and not (dated and ", " not in _punct(sv)):
        return None  # a keyword list (spam header, its phrases often typed `甲, 乙`), not a headline
    if _COUNTER_RE.match(sv):
        return None
    if len(sv) <= 200 and re.fullmatch(r"(\S.{5,}?)\s+\1", sv):  # (the back-reference is quadratic)
        return None  # one phrase printed twice on a line: an advertiser's SEO line, not a headline
    parts = [p for p in re.split(r"\s{3,}", sv) if p]
    if len(parts) >= (3 if dated else 2) and sum(han(p) >= 6 for p in parts) >= 2:
        # an e-paper's ticker of other stories' headlines, set apart by runs of spaces (two parts
        # over the date line are a headline and its subtitle)
        return None
    return " ".join(s.split()), sv, meta  # (a run of spaces inside a headline is one, as a browser shows it)


def _above(nonempty: list[int], i: int) -> list[int]:
    """The non-empty line right above line ``i`` (``nonempty`` is sorted), as a list of none or one."""
    k = bisect.bisect_left(nonempty, i)
    return nonempty[k - 1:k] if k else []


def _next(view: list[str], i: int, end: int) -> int | None:
    """The next line that is not empty, a share prompt / counter (`0`, `分享至`), a photo
    caption (a lead photo often sits between a headline and its first paragraph) or an ad."""
    j = i + 1
    while j < end and (not unpipe(view[j]).strip() or _is_prompt(view[j]) or is_caption(unpipe(view[j]).strip())
                       # (one marked by a person's place in it, unless it reads as the first paragraph)
                       or _PHOTO_PLACE_RE.search(view[j]) and not opens_paragraph(view[j])
                       or _AD_RE.search(_punct(view[j].strip()))):  # (an injected spam line: not the page's own)
        j += 1
    return j if j < end else None


# A page that opens with this many lines of its own text (headline-shaped, no metadata between)
# has started its story: a short line after them is one more, not a headline.
OWN_LINES_RUN = 3


def _opens_with_own_lines(i: int, nonempty: list[int], view: list[str], cands: dict) -> bool:
    """The lines right above are a run of text lines (a post's opening lines: 清晨…/河边…/
    每一天): only metadata under a line makes it a headline then. Menu items are too short
    to count and a list of other stories' headlines is followed by the headline's metadata."""
    run = 0
    for k in reversed([k for k in nonempty if k < i]):
        if k not in cands or not is_headline_like(cands[k][1]):
            break
        run += 1
    return run >= OWN_LINES_RUN


# A post that opens with this many lines of verse or lead-in above a line (pieces of sentences
# broken over lines: 你知道吗 / 家门口的党群服务站 / 不仅有…和) has no headline from there down
# to its first paragraph; a portal's menu, an e-paper's toolbar or an address block above a
# headline has at most 3 such lines in the real dev batches, a post 4 to 8.
VERSE_LINES = 4
VERSE_WORD_RE = re.compile("[的了是在有着我你们吗呢吧啦和也都就还让把被]")


def _verse_lines(nonempty: list[int], view: list[str]) -> list[int]:
    """The head's lines that read as pieces of sentences: short, with a function word, no label
    (`地址:`) and no metadata. At least VERSE_LINES of them above a line: it is under verse."""
    return [k for k in nonempty if len(v := unpipe(view[k]).strip()) <= OPENING_LINE_MAX and VERSE_WORD_RE.search(v)
            and not re.search("[:：]", v) and not is_meta_line(view[k])]


# Toolbar items under a headline (`时 间` `/` `分 享` `评 论`) are a few characters each.
TOOLBAR_ITEM_MAX = 3
TOOLBAR_LINES = 6


def is_breadcrumb(v: str) -> bool:
    """A portal's breadcrumb (`首页 > 新闻中心 > 正文`, `当前位置:`)."""
    return bool(_BREADCRUMB_RE.search(unpipe(v)))


def is_toolbar_item(v: str) -> bool:
    """A share prompt, a counter or a toolbar item under a headline (`分享至:`, `(2)`, `收藏`)."""
    s = unpipe(v).strip()
    return _is_prompt(s) or 0 < len(norm(s)) <= TOOLBAR_ITEM_MAX and not meta_date(s) \
        or bool(re.fullmatch(r"[(（]\d{1,7}[)）]", s))  # (a count in brackets: `(27)` shares)


# An outlet introducing the story under its headline (`某某财经网【某某号】:`): a site or account
# name ending in a colon, alone on its line
_OUTLET_LINE_RE = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9【】\[\]·]{2,24}(?:网|号|报|新闻|客户端|公众号)[】\]]?\s*[:：]$")


def past_toolbar(view: list[str], j: int, end: int) -> int | None:
    """The first line from ``j`` on that is not a breadcrumb, a toolbar item or an outlet's line,
    if a few of them are all that stands there."""
    for _ in range(TOOLBAR_LINES):
        s = unpipe(view[j]).strip()
        if not (is_breadcrumb(s) or is_toolbar_item(s) or _OUTLET_LINE_RE.match(s)):
            return j
        nxt = _next(view, j, end)
        if nxt is None:
            return None
        j = nxt
    return None


# an e-paper's font-size buttons (`2019年03月26日 星期二 放大 缩小 默认`)
_READER_BAR_RE = re.compile(r"放大\s*缩小")


# A content farm's headline may end with a full stop, which makes it read as a paragraph; a
# dated line right under it says it is the headline. Longer lines are the body's first paragraph.
DATED_HEADLINE_MAX = 40


def _crumb_column(k: int, nonempty: list[int], view: list[str]) -> bool:
    """Line ``k`` repeats the last item of the breadcrumb right above it: the column's name, which
    portals print between their breadcrumb and the headline (`当前位置:首页 > 工作进展` / `工作进展`)."""
    above = _above(nonempty, k)
    if not above or not is_breadcrumb(view[above[0]]):
        return False
    items = [x for x in _CRUMB_SEP_RE.split(unpipe(view[above[0]]).strip()) if x.strip()]
    return bool(items) and norm(items[-1]) == norm(unpipe(view[k])) != ""


def _dated_headline(view: list[str], i: int, end: int) -> bool:
    """A short one-sentence line the page follows directly with metadata lines, one of them
    dated (`…一个会读书的社区。` / `2023-08-11`)."""
    s = _punct(unpipe(view[i]).strip())
    if units(drop_readings(s)) > DATED_HEADLINE_MAX or re.search(r"[。;]\S", s):
        return False
    j = _next(view, i, end)
    j = past_toolbar(view, j, end) if j is not None else None  # (分享至 / (1) / 收藏 between them)
    for _ in range(3):  # (the date may come after other labelled lines: 发文机构：… / 发布日期：…)
        if j is None or not is_meta_line(view[j]):
            return False
        if meta_date(unpipe(view[j]).strip()):
            return True
        j = _next(view, j, end)
    return False


HEADLINE_MAX_FRAMED = 40  # (characters: a framed line longer than this is the body's first paragraph)


def _framed_headline(view: list[str], i: int, nonempty: list[int], end: int) -> bool:
    """A sentence-shaped line the page frames as its headline: its breadcrumb right above it, its
    share or comment toolbar right under it, then the body (`网易首页 > 网易号 > 正文` / `…后,老人宁愿
    冒雨守候:我该去哪里?` / `0` `分享至`), no date line between."""
    prev = _above(nonempty, i)
    j = _next(view, i, end)  # (past the toolbar's lines)
    if not prev or j is None or not is_breadcrumb(view[prev[0]]) \
            or not any(is_toolbar_item(unpipe(view[k]).strip()) for k in range(i + 1, j)):
        return False
    return opens_paragraph(view[j]) and is_headline_like(view[i]) and len(norm(view[i])) <= HEADLINE_MAX_FRAMED \
        and "。" not in view[i]


def _headline_with_own_date(line: str, v: str) -> bool:
    """A long headline printed with its own date and source on one line (`…，快来享受更多优惠(附
    菜谱) 2025年12月22日 来源: 某某街道`): its length and commas read like a paragraph, but a paragraph
    does not end in its publication metadata."""
    c = _candidate(line, v)
    return c is not None and c[2] is not None and bool(meta_date(c[2])) and not re.search(r"[。；;]", c[1])


_NAMES_RE = re.compile(r"[\u4e00-\u9fff]{2,4}(?:\s+[\u4e00-\u9fff]{2,4}){1,7}")
_DOMAIN_RE = re.compile(r"(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|cn|net|org)(?:\.cn)?/?", re.I)


# a photo's credit alone on its line: who gave or took it (`某某街道 供图`, `王某某 摄`)
_CREDIT_ALONE_RE = re.compile(r"^[\u4e00-\u9fff]{2,12}\s*(?:供图|摄)(?:\s*[(（]下同[)）])?$")
# a video's or a gallery's label before its headline (`视频 | 某某`): the headline's evidence (kept in
# the title as printed, as its readers keep it)
_MEDIA_LABEL_RE = re.compile(r"^(?:视频|组图|图集|图文|直播|音频)\s*[|｜丨]\s*(?=\S)")
# the outlet a video page compiled its report from (`某某新闻Knews综合`), alone on its line
_COMPILED_BY_RE = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9]{1,14}?(?:新闻|网|报|社|台)[A-Za-z]{0,8}综合$")
# a letter's salutation (`居民朋友们:`, `亲爱的业主:`), on its line between a notice's title and its body
_SALUTATION_RE = re.compile(r"^[\u4e00-\u9fff]{0,10}(?:朋友们?|居民们?|村民们?|市民们?|家长们?|同志们|业主们?|乡亲们|同学们|老师们)\s*[:：]$")
# a site's address in brackets (`某某网官网(example.cn)`): a headline never carries one
_SITE_DOMAIN_RE = re.compile(rf"[(（](?:https?://)?{_DOMAIN_RE.pattern}[)）]", re.I)
# a betting site's login or entry link, whatever ornaments and letters stand around it (`…登录入口…官网…`)
_LOGIN_SPAM_RE = re.compile(r"(?:登录|登陆|官网|官方)入口")
# a wire's dateline alone on its line, with the reporters in brackets or not
_DATELINE_ALONE_RE = re.compile(r"^[\u4e00-\u9fff]{2,10}?\s*\d{1,2}月\d{1,2}日(?:电|讯)(?:\s*[(（][^()（）]{1,16}[)）])?$")
# a government body's name alone (`中共上海市委某某局`, `某某区民政局`): a site's masthead; not a
# headline ending in a word with 局 (`…开新局`, `…大局`)
_AUTHORITY_LINE_RE = re.compile(r"^(?:中共)?(?:上海市|[\u4e00-\u9fff]{2,3}区)[\u4e00-\u9fff]{1,12}?"
                                r"(?:(?<![新开大格布全变破结胜定残])局|委员会|办公室|办公厅)$")
# an account's name with its kind (`微信公号“某某”`, `公众号:某某`), printed under the headline
_ACCOUNT_LINE_RE = re.compile(r"^(?:微信)?(?:公众号|公号|微信号|视频号)\s*[:：]?\s*[“\"「]?[^\s“”\"「」:：]{2,16}[”\"」]?$")


def is_name_line(v: str) -> bool:
    """A short name alone on its line (an account or an author: `某某号`, `小编`), the reporters'
    names in a row (`王某某 唐某 马某某`), the site's domain (`www.example.com`) or the outlet a
    report was compiled from (`某某新闻综合`)."""
    s = unpipe(v).strip()
    return (2 <= len(norm(s)) <= 8 and not re.search(r"[，,。.!?！？:：;；、]", s) or bool(_NAMES_RE.fullmatch(s))
            or bool(_DOMAIN_RE.fullmatch(s)) or bool(_ACCOUNT_LINE_RE.match(s)) or bool(_COMPILED_BY_RE.match(s))
            ) and not is_meta_line(s)


def _credited_names(sv: str, view: list[str], reach: int = 40) -> bool:
    """Names in a row (`周某某 许某 发布时间:…`) that the story's dateline credits in brackets
    (`某某网上海1月22日电(周某某 许某)`): the reporters, not a headline."""
    if not _NAMES_RE.fullmatch(sv.strip()):
        return False
    names = r"\s*".join(re.escape(w) for w in sv.split())
    credit = re.compile(r"[(（]\s*(?:记者\s*)?" + names + r"\s*[)）]")
    return any(credit.search(v) for v in view[:reach])


_NAMES_TAIL_RE = re.compile(r"^(.*?[^\s|｜])\s+([\u4e00-\u9fff]{2,3}(?:\s+[\u4e00-\u9fff]{2,3}){0,4})\s*[|｜]?$")


def _cut_credited_tail(title: str, view: list[str], reach: int = 40) -> str:
    """A headline with the reporters' names printed after it (`某某街道建社区“大世界” 张某 李某 |`)
    that the dateline credits (`(记者 张某 特约通讯员 李某)`): the headline without them."""
    m = _NAMES_TAIL_RE.match(title)
    if not m or han(m.group(1)) < 6:
        return title
    head = "\n".join(to_simplified(v) for v in view[:reach])
    names = to_simplified(m.group(2)).split()
    if all(re.search(rf"(?:记者|通讯员|实习生|编辑)\s*{re.escape(n)}", head) for n in names):
        return m.group(1)
    return title


def is_original_title(v: str) -> bool:
    """A re-post's `原标题：…` line (alone: some captures run the first paragraph into it)."""
    s = unpipe(v).strip()
    m = _ORIGINAL_TITLE_RE.match(s)
    return bool(m) and units(s[m.end():]) <= 60 and not re.search(r"[。；]|\s{2,}", s[m.end():])


def original_title(lines: list[str], view: list[str]) -> str | None:
    """With no headline at the top: the headline a re-post names in a `原标题：…` line further down
    (often at its end, in 《》), as printed."""
    for line, v in zip(lines, view, strict=True):
        if is_original_title(v):
            printed, simplified = unpipe(line).strip(), unpipe(v).strip()
            m = _ORIGINAL_TITLE_RE.match(simplified)  # (原標題 reads as 原标题 in the view only)
            title = (printed if len(printed) == len(simplified) else simplified)[m.end():].strip()
            if title.startswith("《") and title.endswith("》"):
                title = title[1:-1].strip()
            return title if is_headline_like(title) else None
    return None


def is_table_label(v: str) -> bool:
    """A disclosure page's field label alone on its line (`索引号:`), its value on the next."""
    s = unpipe(v).strip()
    return s.endswith((":", "：")) and s[:-1].strip() in _TABLE_LABELS


def _is_empty_label(v: str) -> bool:
    if re.search(r"[:：]\s*[|｜]\s*$", v):
        return False  # a table row whose value cell is empty (`关键词: |`): nothing waits on the next line
    s = unpipe(v).strip()
    # (a breadcrumb's label whose links were not saved, `当前位置:`, labels no value below it)
    return len(s) <= 10 and s.endswith((":", "：")) and not re.search(r"位置\s*[:：]$", s)


# (each alternative tried from its run's start only: a search from every character of a long run
# of dots, stars or digits was quadratic)
_CUT_END_RE = re.compile(r"(?<!\.)\.{3,}$|(?<!…)…+$")


def _cut_copy(sv: str, others: list[str]) -> bool:
    """True when ``sv`` ends in an ellipsis and is the start of a longer line near it."""
    m = _CUT_END_RE.search(sv)
    if not m:
        return False
    stem = norm(sv[:m.start()])
    # (another copy of the same line, ellipsis and all, is not the longer line: a headline may end in …)
    # (nor the line printed twice over, `甲…… 甲……`: a capture's repeated headline)
    return len(stem) >= 6 and any(len(o := norm(_CUT_END_RE.sub("", unpipe(v).rstrip()))) > len(stem) + 2
                                  and o.startswith(stem) and o.replace(stem, "").strip(".…") for v in others)


def _date_line_under(view: list[str], i: int, end: int) -> bool:
    """A dated metadata line follows line ``i`` (past a share toolbar), not an e-paper's page line
    (a kicker stands above that one)."""
    j = _next(view, i, end)
    k = j if j is None or is_meta_line(view[j]) else past_toolbar(view, j, end)
    if k is not None and _BYLINE_RE.match(unpipe(view[k]).strip()) and not meta_date(unpipe(view[k])):
        k = _next(view, k, end)  # (the reporters' credit, undated, between the headline and its date line)
    if k is None or not is_meta_line(view[k]):
        return False
    line = unpipe(view[k])
    return bool(meta_date(line)) and not _PAGE_LINE_RE.search(line)


def is_deck(view: list[str], j: int, end: int) -> bool:
    """Line ``j`` is an e-paper's deck: one line of short phrases, no paragraph, over the
    reporter's byline (`本报记者 某某`)."""
    return not is_body(view[j]) and len(norm(view[j])) <= 40 and (k := _next(view, j, end)) is not None \
        and bool(_BYLINE_RE.match(unpipe(view[k]).strip()))


def _spam_headed(v: str) -> bool:
    """A headline a betting site's name is glued before (`某某棋牌官网-…`): without the name, not a paragraph."""
    sv = unpipe(v).strip()
    m = _SPAM_PREFIX_RE.match(sv)
    return bool(m) and not is_body(rest := sv[m.end():]) and is_headline_like(rest)


def choose_headline(lines: list[str], view: list[str]) -> Headline:
    """Score the candidate lines of the head of a capture (see the module docstring)."""
    out = Headline()
    nonempty = head_zone(view)
    if not nonempty:
        return out
    end = min(len(view), nonempty[-1] + 3)
    zone_end = nonempty[-1] + 1
    dated: set[int] = set()
    kickers: set[int] = set()
    for i in nonempty:
        if is_body(view[i]):
            if _spam_headed(view[i]):
                continue  # a betting site's name glued before a headline makes it as long as a paragraph
            if (j := _next(view, i, end)) is not None and (is_breadcrumb(view[j]) or is_menu_line(view[j])):
                continue  # a site's welcome banner or slogans: the story does not start above a breadcrumb or menu
            if not dated and (_dated_headline(view, i, end) or _headline_with_own_date(lines[i], view[i])
                              or _framed_headline(view, i, nonempty, end)):
                dated.add(i)
                continue
            if (j := _next(view, i, end)) is not None and _PAGE_LINE_RE.search(unpipe(view[j])) and is_meta_line(view[j]):
                kickers.add(i)  # an e-paper's kicker run into its headline, above the page line:
                continue        # not the body, and not the headline alone either
            out.body_index = i
            zone_end = i
            break
    cands: dict[int, tuple[str, str, str | None]] = {}
    for n_i, i in enumerate(nonempty):
        if i >= zone_end:
            break
        if i in kickers or n_i and _is_empty_label(view[nonempty[n_i - 1]]) and not (
                is_headline_like(view[i]) and (j := _next(view, i, end)) is not None and is_meta_line(view[j])):
            continue  # the value of a label printed on the line before (`标签:` / `某某 |`), unless it
            # is a headline with its date line under it (a disclosure page's empty `关键词:` above)
        # (the checks read a dated headline without its full stop; the title keeps it)
        under = _date_line_under(view, i, end)
        # (and so a short headline with its full stop right over its date line: `…感慨万千。` / `2024-10-22`)
        c = _candidate(lines[i], view[i].rstrip().removesuffix("。") if i in dated or under and view[i].count("。") == 1
                       else view[i], dated=under)
        if c is not None:
            cands[i] = c
    head_norms = {i: norm(unpipe(view[i])) for i in nonempty if i <= (out.body_index or zone_end)}
    # an SEO block: lines that open with the same four characters (`淘球app官方`, `淘球app下载…`)
    # (four of them at least: a newsletter names its street in its masthead, contents and headline)
    # (an e-paper's list of the page's headlines, cut short with ~~~, is not such a block)
    stems = Counter(hn[:4] for i, hn in head_norms.items() if 4 <= len(hn) <= 16 and "~~~" not in view[i])
    for i in [i for i in cands if stems[head_norms.get(i, "")[:4]] >= 4]:
        del cands[i]
    # the site's name its welcome line repeats (`欢迎您访问某某网!` / `某某网`)
    welcome = [hn for hn in head_norms.values() if _WELCOME_RE.search(hn)]
    for i in [i for i in cands if len(hn := head_norms.get(i, "")) >= 4 and any(hn in w for w in welcome)]:
        del cands[i]
    best: tuple[float, int] | None = None
    verse = _verse_lines(nonempty, view)
    for i, (_s, sv, meta) in cands.items():
        n = len(norm(sv))
        prev = _above(nonempty, i)
        if prev and re.search(r"[,、]$", _punct(unpipe(view[prev[0]]).strip())):
            continue  # the end of a sentence broken over lines (夏日已至, / …终于来临, / …如约而至!)
        if _cut_copy(sv, [view[k] for k in nonempty if k != i]):
            continue  # a search result's preview of the first paragraph, cut off with an ellipsis
        if _is_question_run(sv) and not ((k := _next(view, i, end)) is not None and is_meta_line(view[k])):
            continue  # the questions a story opens with, under its headline (a headline of questions has its date line)
        if _quoted_whole(view[i]) and any(_quoted_whole(view[k]) for k in [*prev[:1], *_next_of(view, i, end)]):
            continue  # one of the speeches a re-post opens with, each a line in quotes, not a headline
        if _credited_names(sv, view):
            continue  # the reporters' names before the date line, credited again in the dateline
        score = 0.0
        strong = meta is not None
        j = _next(view, i, end)
        if (k := next((k for k in range(i + 1, end) if view[k].strip()), None)) is not None \
                and _CREDIT_ALONE_RE.match(unpipe(view[k]).strip()):
            continue  # a photo's caption over its credit alone on the next line (`某某街道 供图`)
        # a headline's ——subtitle (some words, not a quote's ——speaker) under the line
        subtitled = j is not None and bool(_SUBTITLE_RE.match(unpipe(view[j]).strip())) and han(view[j]) >= 6
        if j is not None and (_SUBTITLE_RE.match(unpipe(view[j]).strip()) or is_original_title(view[j])):
            j = _next(view, j, end)  # (a re-post's headline above its 原标题 line keeps its evidence)
        if j is not None and is_name_line(view[j]) and (k := _next(view, j, end)) is not None and (
                k := past_toolbar(view, k, end)) is not None and is_meta_line(view[k]):
            j = k  # an account's or author's name (and its 向作者提问 prompt) between the headline and its date line
        if j is not None and (is_meta_line(view[j]) or is_forum_line(view[j])
                              or unpipe(view[j]).strip() == _LINK_BUTTON):
            strong = True  # a forum post's header (楼主, 发表于 …, a thread's [复制链接]) is its metadata
        elif j is not None and (is_breadcrumb(view[j]) or _OUTLET_LINE_RE.match(unpipe(view[j]).strip())) and (
                k := past_toolbar(view, j, end)) is not None and is_meta_line(view[k]):
            # a mirror prints its breadcrumb between the headline and the date line, a farm its
            # outlet's line (`某某财经网【某某财经号】:`)
            strong = True
        if _OFFICIAL_TITLE_RE.match(_punct(sv)):
            strong = True  # an official document's title names its kind (关于…的报告), metadata or not
        if j is not None and _BEST_ANSWER_RE.search(view[j]) and len(view[j]) <= 40:
            strong = True  # a question-and-answer page's question, over its answerer and 最佳答案 mark
        if unpipe(view[i]).rstrip().endswith(_LINK_BUTTON):
            strong = True  # a forum thread's title bar, its link button glued after the title
        if i == nonempty[0] and is_original_title(view[i]):
            strong = True  # a copy that opens with `原标题：…` names its headline in words
        if i == nonempty[0] and len(nonempty) > 1 and _FOLLOW_RE.search(view[k := nonempty[1]]) and len(view[k]) <= 40:
            strong = True  # a post's headline, then its account's prompt to follow it
        under_verse = sum(k < i for k in verse) >= VERSE_LINES
        if strong and meta is None and j is not None and (
                # a site's header: its slogan, today's date and its 设为首页 | 加入收藏 links
                _site_header_date(view, j, end)
                # the last line of a video's captions, over the credits (记者:…, 编辑:…) that close it:
                # a headline's own line under it gives its date or its source, not the crew
                or under_verse and is_meta_line(view[j]) and not meta_date(unpipe(view[j]).strip())):
            strong = False
        # an e-paper's deck between the headline and its byline: the headline's evidence, weaker
        # than a byline right under it
        deck = not strong and j is not None and j not in cands and is_deck(view, j, end)
        if strong:
            score += 3
        elif deck:
            score += 2
        elif (under_verse or _opens_with_own_lines(i, nonempty, view, cands)) and not (
                subtitled and j is not None and opens_paragraph(view[j])):
            # one more line of the verse or lead-in a post opens with (…不仅有便利的设施和 / 温馨的环境);
            # a line with a ——subtitle, then the body, is a headline under a lead-in
            continue
        letter = j is not None and bool(_SALUTATION_RE.match(unpipe(view[j]).strip()))
        if j is not None and opens_paragraph(view[j]):
            score += 1 + subtitled  # (a ——subtitle between: a headline, not a post's first line)
        elif j is not None and (k := past_toolbar(view, j, end)) is not None and opens_paragraph(view[k]):
            score += 1  # a breadcrumb or a share / comment toolbar between the headline and the body
        elif j is not None and is_name_line(view[j]) and not is_headline_like(view[j]) and (
                k := _next(view, j, end)) is not None and opens_paragraph(view[k]):
            score += 1  # a short label or the author's name alone between the headline and the body (【编者按】)
        elif letter and (k := _next(view, j, end)) is not None and opens_paragraph(view[k]):
            score += 1  # a letter's or notice's title over its salutation (告居民书 / 居民朋友们:)
        elif j is not None and _NUMBERED_SECTION_RE.match(unpipe(view[j]).strip()) and i == nonempty[0]:
            score += 1  # a page that opens with its title, then its first numbered section (一、概况)
        elif j is not None and j in cands and len(norm(cands[j][1])) < n:
            k = _next(view, j, end)
            if k is not None and opens_paragraph(view[k]):
                score += 1  # a shorter subtitle between the headline and the body
        ns = norm(sv)
        if n >= 4 and any(k != i and ns in hn for k, hn in head_norms.items()):
            score += 2
        elif n >= 10 and out.body_index is not None and _retold(ns, head_norms.get(out.body_index, "")):
            score += 2  # the first paragraph tells the headline again in its own words
        if prev and _READER_BAR_RE.search(view[prev[0]]) and meta_date(unpipe(view[prev[0]]).strip()):
            # an e-paper's issue date and font-size buttons stand right above its headline, or
            # above the kicker of a headline its list of headlines repeats (which then scores more)
            score += 2
        elif prev and _site_stamp_at(unpipe(view[prev[0]]).strip()) is not None:
            score += 1  # a farm's line of its site's name and the stamp stands right above the headline
        if (_FEED_PREFIX_RE.match(hv := unpipe(view[i]).strip()) or _SPAM_PREFIX_RE.match(hv)
                or _MEDIA_LABEL_RE.match(hv)) and n >= 6:
            # a feed's column word before it (全球快资讯:…), a betting site's name: the headline the farm
            # copied; a video's label (视频 | …): the headline of the video's page
            score += 2
        if prev and unpipe(view[prev[0]]).strip().endswith("——") and han(view[prev[0]]) >= 6:
            score += 1  # an e-paper's kicker run on into the headline under it (…回报社会—— / 某某)
        under_crumb = bool(prev) and (is_breadcrumb(view[prev[0]]) or _crumb_column(prev[0], nonempty, view))
        if under_crumb and sv == unpipe(view[i]).strip():
            # a portal's breadcrumb (首页 > 新闻中心 > 正文) stands right above its headline; a
            # line that also names a site there is the masthead (沪闻网—…版)
            score += 1
        # length: a headline needs 6 characters unless metadata follows it directly or on its own
        # line (`走进金海 发布时间:…`, `西渡`), and a short line under another is a menu item
        if not is_headline_like(sv):
            direct = meta is not None or (i + 1 < len(view) and is_meta_line(view[i + 1])) or (
                i + 2 < len(view) and not view[i + 1].strip() and is_meta_line(view[i + 2]))
            menu_item = n <= 6 and bool(prev) and len(norm(unpipe(view[prev[0]]))) <= 6
            # (a portal's short page title sits between its breadcrumb and the body: `村居简介`)
            portal = n >= 4 and under_crumb and j is not None and opens_paragraph(view[j])
            if not ((direct or portal or (letter and n >= 4)) and 2 <= n <= 40 and (letter or not menu_item)):
                continue
        out.scores[i] = score
        if score >= 1 and (best is None or score > best[0]):
            best = (score, i)
    if best is not None:
        i = best[1]
        # an e-paper's contents line carries the column before the headline (`荣誉榜 某某…`) and the
        # page repeats the headline alone further down: the line without the column is the headline
        m = _CONTENTS_LINE_RE.fullmatch(cands[i][1].strip())
        whole = norm(cands[i][1])
        # an e-paper's contents row runs the page's headlines together (`甲标题  乙标题 广告 …`):
        # the headline it starts with, printed alone further down, is this page's
        # (a headline and its subtitle, `甲 乙`, over a re-post's 原标题 line naming 甲, is one headline)
        alone = [k for k in cands if k != i and len(hk := norm(cands[k][1])) >= 6 and whole.startswith(hk)
                 and len(whole) >= 2 * len(hk) and not is_original_title(view[k])
                 and len((rest := _rest_after(cands[i][1], cands[k][1])).split()) >= 2 and rest[:1].isspace()]
        if alone:
            i = alone[0]
        elif m:
            i = next((k for k, sc in out.scores.items()
                      if k != i and sc >= best[0] and cands[k][1].strip() == m.group(2)), i)
        elif best[0] == 1:
            i = _post_opening(i, nonempty, view, cands, out.scores, with_last=True)
        i = _main_of_pair(i, view, cands, end, out.scores)
        out.index, out.inline_meta = i, cands[i][2]
        if out.inline_meta is None and (prev := _above(nonempty, i)) and (
                at := _site_stamp_at(unpipe(view[prev[0]]).strip())) is not None:
            out.inline_meta = unpipe(lines[prev[0]]).strip()[at:].strip()  # its stamp above it
        out.title = _keyword_wrapped(_cut_injected_brand(_cut_injected_tag(
            _unglue(cands[i][0], [view[k] for k in nonempty if k != i], view, [view[k] for k in nonempty if k < i]),
            lines), lines), lines)
        out.title = _LOST_CHARACTER_RE.sub("", out.title)
        out.title = _one_of_the_pages_headlines(out.title, [view[k] for k in nonempty if k > i][:HEADLINE_LIST_REACH])
        out.title = _cut_credited_tail(out.title, view)
        if (head := norm(to_simplified(cut := without_dashed_tail(out.title)))) != norm(to_simplified(out.title)) \
                and any(k != i and norm(cands[k][1]) == head for k in cands):
            # the headline alone on another line of the head, and here with a site's name dashed on
            # (`…借阅证` / `…借阅证-某某`): the name is the site's
            out.title = cut.rstrip()
        _join_broken_headline(out, lines, view, end)
        _join_colon_lead(out, lines, view, nonempty)
    elif out.body_index is not None:
        i = _post_opening(out.body_index, nonempty, view, cands, out.scores, with_last=False)
        if i == out.body_index:
            i = _above_dek(out.body_index, nonempty, view, cands, out.scores)
        if i != out.body_index:
            out.index, out.title, out.inline_meta = i, cands[i][0], cands[i][2]
            _join_colon_lead(out, lines, view, nonempty)
    return out


_SITE_LINKS_RE = re.compile("设为首页|加入收藏|收藏本站|设为主页")
_WEEKDAY_RE = re.compile(r"^(?:星期|礼拜|周)[一二三四五六日天]$")


def _site_header_date(view: list[str], j: int, end: int) -> bool:
    """The metadata line at ``j`` is a bare date (the day the page was saved, in its site's header),
    followed, past a weekday line, by the site's own links (设为首页 | 加入收藏)."""
    v = unpipe(view[j]).strip()
    if not meta_date(v) or re.search(r"[\u4e00-\u9fff]{2,}[:：]", v):
        return False  # (a labelled line, 发布时间:…, is the story's)
    k = _next(view, j, end)
    if k is not None and _WEEKDAY_RE.match(unpipe(view[k]).strip()):
        k = _next(view, k, end)
    return k is not None and bool(_SITE_LINKS_RE.search(view[k]))


def _retold(head: str, para: str) -> bool:
    """The paragraph's opening repeats most of the headline, in order and in runs of 3+ characters
    (`甲举办“乙”音乐会` against `…甲“乙”音乐会在…举行`)."""
    sm = SequenceMatcher(None, head, para[:3 * len(head)], autojunk=False)
    return sum(b.size for b in sm.get_matching_blocks() if b.size >= 3) >= 0.75 * len(head)


def _rest_after(line: str, head: str) -> str:
    """What a line prints after the given headline's words (spaces between them ignored)."""
    want, j = norm(head), 0
    for k, ch in enumerate(line):
        if j == len(want):
            return line[k:]
        if norm(ch):
            j += want[j] == norm(ch)
    return ""


# a photo's caption naming the scene (`村志发布仪式现场`), left above the headline by the capture
_SCENE_CAPTION_RE = re.compile(r"^[^\s，,。]{2,10}(?:仪式|活动|会议|比赛|典礼|大会|开幕式|发布会)现场$")


def _names_row(s: str) -> bool:
    """Three names or more in a row (`某某某 某某 某某某`): the reporters' byline under a headline."""
    return bool(_NAMES_RE.fullmatch(s := s.strip())) and len(s.split()) >= 3


def _crumbs_column(i: int, view: list[str], text: str) -> bool:
    """Line ``i`` (whose headline text is ``text``) repeats the column the breadcrumb right above
    it ends with (`首页 > … > 某某候选人` / `某某候选人`)."""
    k = i - 1
    while k >= 0 and not view[k].strip():
        k -= 1
    return k >= 0 and is_breadcrumb(view[k]) and norm(unpipe(view[k]).strip()).endswith(norm(text))


PAIR_SCORE_GAP = 2


def _main_of_pair(i: int, view: list[str], cands: dict, end: int, scores: dict[int, float]) -> int:
    """A printed paper's headline in two lines, right under each other, then the body or the
    byline: a kicker (引题) above the main line or a subtitle (副题) under it. The main line is the
    shorter one (the kicker and the subtitle say more), unless the other is the only one written
    as two parallel phrases; line ``i`` (the scorer's choice) stays when the scorer found far more
    of a headline's evidence for it (a date line under it, its words again in the story)."""
    def after_ok(k: int) -> bool:
        n = _next(view, k, end)
        return n is not None and (opens_paragraph(view[n]) or is_meta_line(view[n]))

    def shape(k: int) -> bool:
        # (both lines of one headline: eight characters of words at least, no byline, counter or
        # shouting: 闵行报记者 某某丨文, …新闻组 浏览, 即将启动!!!)
        return k in cands and not is_original_title(view[k]) and not _SUBTITLE_RE.match(unpipe(view[k]).strip()) \
            and not is_breadcrumb(view[k]) \
            and is_headline_like(cands[k][1]) and cands[k][2] is None and han(cands[k][1]) >= 8 and not re.search(r"记者|浏览|[丨|｜]\s*文$|[!！]{2}", cands[k][1]) \
            and not _SCENE_CAPTION_RE.search(cands[k][1]) and not _names_row(cands[k][1])

    if not shape(i):
        return i
    if _crumbs_column(i, view, cands[i][1]):
        return i  # the column's name the breadcrumb ends with, printed again over the headline: no kicker
    j = i + 1 if i + 1 < end and view[i + 1].strip() else None
    h = i - 1 if i > 0 and view[i - 1].strip() else None
    if j is not None and shape(j) and after_ok(j):
        pair = (i, j)
    elif h is not None and shape(h) and after_ok(i) and not _crumbs_column(h, view, cands[h][1]):
        pair = (h, i)
    else:
        return i
    # a kicker written as two parallel phrases (就近选址更便民 菜品适口价实惠) is not the main line
    couplet = [bool(re.fullmatch(r"\S{4,12}\s+\S{4,12}", cands[k][1].strip())) for k in pair]
    if couplet[0] != couplet[1]:
        main = pair[1] if couplet[0] else pair[0]
    else:
        a, b = (len(norm(cands[k][1])) for k in pair)
        main = pair[0] if a < b else pair[1] if b < a else i
    return main if scores.get(main, 0) >= scores.get(i, 0) - PAIR_SCORE_GAP else i


def _cut_injected_tag(title: str, lines: list[str]) -> str:
    """The headline without a bracketed tag in front that a spam injection also drops into the
    body (`【某某车型 特精湛】…` and `…的域化某某车型 特精湛向心力…`): a column's tag is not repeated
    mid-sentence."""
    m = re.match(r"^【([^】]{4,20})】\s*", title)
    # (an injected tag is an ad's words, `某某牌净水器 特价中`, spaced like one; a column's topic word,
    # `【乡村振兴】…助力乡村振兴`, recurs in the headline and the story as a word of theirs)
    if m and han(title[m.end():]) >= 6 and (
            re.search(r"\s", m.group(1)) and sum(line.count(m.group(1)) for line in lines) >= 2
            or _SHOPPING_TAG_RE.search(m.group(1))):
        return title[m.end():]  # (or a shop's search words, `【某某木门价格】`: no column is named so)
    return title


# lines of a Chinese story that are not its own: English words alone, kana among the characters
_LATIN_WORD_RE = re.compile(r"[A-Za-z]+")
_ENGLISH_LINE_RE = re.compile(r"[A-Za-z][A-Za-z\s,.:;'’!?&-]*")
_KANA_RE = re.compile("[\u3040-\u30ff]")
_KEYWORD_PAIR_RE = re.compile(r"([^/／\s]{4,30})\s*[/／]\s*\1[^/／\s]{0,6}")
# one token of Latin letters, digits and underscores (`abc_xyz139def`): a spam injection's tag, never a headline
_SLUG_RE = re.compile(r"(?=[A-Za-z0-9_]*[_\d])(?=[A-Za-z0-9_]*[A-Za-z])[A-Za-z0-9_]{6,}")
_SHOPPING_TAG_RE = re.compile(r"(?:价格|报价|多少钱|哪家好|怎么样|厂家|批发|图片大全)$")


_BRAND_RE = re.compile(rf"^[\u4e00-\u9fff]{{2,4}}(?:{_BET_WORDS})")
_BRAND_ALONE_RE = re.compile(rf"[^\u4e00-\u9fffA-Za-z0-9]*[A-Za-z0-9]{{1,8}}[\u4e00-\u9fff]{{0,4}}(?:{_BET_WORDS})"
                             rf"(?:{_SITE_WORDS}|官方)?[^\u4e00-\u9fffA-Za-z0-9]*")
_MIXED_BRAND_RE = re.compile(r"^((?!(?:19|20)\d\d(?!\d))\d{3,6}(?![余多年月日号期届个万亿元米条家位名户人次岁座台所项亩吨斤辆件棵株间套张份场处栋幢盏周天倍]|平方|公[里顷斤]|千[米克瓦]|立方|分钟|小时|[\u4e00-\u9fff]?[!！])|[\u4e00-\u9fff]{2,4}[A-Za-z]{1,3}\d{0,4})"
                             r"([\u4e00-\u9fff]{0,3})")


_INNER_BRAND_RE = re.compile(rf"(?<=[\u4e00-\u9fff])[A-Z]{{2,4}}[\u4e00-\u9fff]{{2}}(?:{_BET_WORDS})(?=[\u4e00-\u9fff“「\"])")


# a character the copying site could not encode, left as `?` in front of the headline
# (`?當某某古鎮…`): no headline opens with a question mark
_LOST_CHARACTER_RE = re.compile(r"^\?+\s*(?=[\u4e00-\u9fff“「])")


def _cut_injected_brand(title: str, lines: list[str]) -> str:
    """The headline without a betting site's name in front (`某某体育时装秀…`) that the page also
    prints with its site words where it drops it into the body (`某某体育官方网站昨天上午…`):
    a headline about sport (`全民体育健身周…`) keeps its words."""
    m = _BRAND_RE.match(title)
    if m and han(title[m.end():]) >= 6 and any(
            re.search(re.escape(m.group(0)) + rf"\s*(?:{_SITE_WORDS}|下载|登录)", line) for line in lines):
        return title[m.end():].lstrip()
    # a name of digits or Latin letters and words (`1234体育…`, `某某会ab9…`) that the injection also
    # drops in front of a paragraph or into a breadcrumb, followed there by other words than the
    # headline's: the page's words do not start so (a count has its unit, 250个; a year is a year: 2018上海…)
    # (or dropped into the headline between two of its words: `某某这里有个OB某某体育“共享书柜”`)
    title = _INNER_BRAND_RE.sub("", title)
    m = _MIXED_BRAND_RE.match(title)
    if not m:
        return title
    # the longest name first, its words one by one dropped (`1234体育全民…`: 1234体育); digits alone
    # are never a name, Latin letters may be (`某某会ab9`)
    fewest = 0 if re.search("[A-Za-z]", m.group(1)) else 1
    for k in range(len(m.group(2)), fewest - 1, -1):
        brand = m.group(1) + m.group(2)[:k]
        rest = title[len(brand):]
        if han(rest) >= 6 and any(
                brand in line and (brand + rest[:2]) not in line for line in lines):
            return rest.lstrip(" \t:：")  # (`某某kb乐园:…`: the colon the name took goes with it)
    return title


# the body that wrote it, between a headline and its date (`…的思考 某某区委组织部 2019-05-06`)
_AUTHOR_BODY_TAIL_RE = re.compile(r"\s+(?:中共)?(?:上海市|[\u4e00-\u9fff]{2,3}区)[\u4e00-\u9fff]{0,8}?"
                                  r"(?:组织部|宣传部|统战部|局|委员会|办公室|人民政府|办事处)$")
_DASHED_TAIL_RE = re.compile(r"\s*[-－_|｜]\s*[^\s\-－_|｜]{1,8}$")


def without_dashed_tail(s: str) -> str:
    """``s`` without a short name dashed onto its end (`…借阅证-某某`)."""
    return _DASHED_TAIL_RE.sub("", s)


_QUOTED_QUERY_RE = re.compile(r"^“([^“”]{4,20})”")


def _unglue(title: str, others: list[str], page: list[str] = (), above: list[str] = ()) -> str:
    """The headline without a short chrome line glued to its end (a site's slogan printed on
    its own line above, then again after the headline: `…的“第一步”飞入寻常百姓家`), when the
    headline without it is also a line of the head; or without a farm's signature that the
    ``page`` prints alone on a line and three times in all, shaped like a site's name, with
    Latin letters or a separator in it (`…正式开园xyz某某之声-美好观察`; not `…成立十五周年晚会`)."""
    order = [unpipe(v).strip() for v in others]
    lines = set(order)
    # (the headline printed again over two lines, its first part right above its last, is the
    # headline repeated, not a headline and a slogan: `…朱某某 / 调研…工作` under `…朱某某调研…工作`)
    broken = {(a, b) for a, b in zip(order, order[1:], strict=False)}
    for tail in sorted(lines):
        if 2 <= len(tail) <= 12 and title.endswith(tail) and (rest := title[:-len(tail)].rstrip()) in lines \
                and (rest, tail) not in broken:
            return rest
    # ... or a slogan not printed alone, when the head prints the headline alone above it
    # (not the column's name a breadcrumb ends with, over a headline that goes on after a colon:
    # `首页 > … > 某某候选人` / `某某候选人: 上海 某某`)
    for rest in sorted({unpipe(v).strip() for v in above}, key=len, reverse=True):
        tail = title[len(rest):].strip()
        if len(norm(rest)) >= 8 and title.startswith(rest) and 2 <= len(tail) <= 12 and (rest, tail) not in broken \
                and not (tail[:1] in ":：" and any(is_breadcrumb(v) and norm(unpipe(v).strip()).endswith(norm(rest))
                                                  for v in above)):
            return rest
    # ... or the query a question-and-answer farm wraps the copy in: in quotes before the
    # headline and glued after it, on a line of its own (`“某某歌”甲乙丙…不容易某某歌`)
    for v in page:
        if (m := _QUOTED_QUERY_RE.match(u := unpipe(v).strip())) and title.endswith(q := m.group(1)) \
                and len(rest := title[:-len(q)].rstrip()) >= 8 and u[m.end():].startswith(rest[:8]):
            return rest
    # (a bracket the headline closes, `…行动计划(2021-2023年)`, is its own: a plan's years, not a signature)
    tails = sorted({t for v in page if 5 <= len(t := unpipe(v).strip()) <= 16 and title.endswith(t)
                    and not re.fullmatch(r"[(（][^()（）]*[)）]", t)})
    for tail in tails:
        rest = title[:-len(tail)].rstrip()
        if re.search(r"[A-Za-z_|｜-]", tail) and is_headline_like(rest) and han(rest) >= 6 \
                and sum(v.count(tail) for v in page) >= 3:
            return rest
    return title


HEADLINE_LIST_REACH = 8


def _one_of_the_pages_headlines(title: str, below: list[str]) -> str:
    """An e-paper's list of its page's headlines on one line, one space between them (`甲 乙 丙丁
    戊`), over the story's own headline alone on a line below it (`丙丁 戊`): the story's headline
    is that line, one or two neighbouring items of the list. Three items or more: a headline and its
    subtitle set apart by a space are two."""
    items = title.split(" ")
    if len(items) < 3:
        return title
    runs = {" ".join(items[k:k + n]) for n in (1, 2) for k in range(len(items) - n + 1)}
    for v in below:
        v = " ".join(v.split())
        if v in runs and han(v) >= 6:
            return v
    return title


_KEYWORD_WRAP_RE = re.compile(r"^(?P<key>[^()（）\s]{2,12})[(（](?P<head>[^()（）]{6,60})[)）]$")


def _keyword_wrapped(title: str, lines: list[str]) -> str:
    """A farm's search keyword with the headline it copied in brackets (`上塘新开的超市(某某辖区这家
    超市开业一年)`), the page numbering its photos with the same line (`…(1)`, `…(2)`): the
    headline is the part in brackets."""
    m = _KEYWORD_WRAP_RE.match(title)
    if not m:
        return title
    numbered = re.compile(re.escape(title) + r"\s*[(（]\d{1,2}[)）]")
    return m.group("head").strip() if any(numbered.fullmatch(ln.strip()) for ln in lines) else title


def _join_colon_lead(out: Headline, lines: list[str], view: list[str], nonempty: list[int]) -> None:
    """A headline whose first part ends in a colon on the line above (an e-paper's
    `某某街道商会: | 探索…新路径`): both lines are the headline."""
    above = [k for k in nonempty if k < out.index][-1:]
    if not above:
        return
    v = unpipe(view[above[0]]).strip()
    if (v.endswith((":", "：", "——")) and han(v) >= 6 and len(v) <= 30
            and not re.search(r"[，,。；;!?！？:：].", v) and not is_meta_line(v) and not is_breadcrumb(v)
            and not _is_empty_label(v) and not _BYLINE_RE.match(v)):
        # (a line ending in a colon is never a candidate, so it cannot be a broken headline's first line)
        out.title = unpipe(lines[above[0]]).strip() + out.title


def _join_broken_headline(out: Headline, lines: list[str], view: list[str], end: int) -> None:
    """A headline printed over two lines (…创新乡村治理项目 / 年度座谈会) whose whole the first
    paragraph repeats (…创新乡村治理项目年度座谈会。): both lines are the headline."""
    i = out.index
    j = _next(view, i, end)
    if j is None or out.inline_meta:
        return
    tail = unpipe(view[j]).strip()
    if not (2 <= len(norm(tail)) <= 12) or re.search(r"[，,。；;：:!?！？]", tail) or is_meta_line(tail):
        return
    k = _next(view, j, end)
    if k is not None and norm(unpipe(view[i]).strip() + tail) in norm(view[k]):
        out.index, out.title = j, out.title + lines[j].strip()


_CRUMB_SEP_RE = re.compile(r"(?<!\s)\s*(?:[>›»＞]|&gt;)+\s*")
_CRUMB_KIND_RE = re.compile(r"\s+正文$")


def crumb_title(lines: list[str], view: list[str], upto: int | None) -> str | None:
    """With no headline line: a portal's breadcrumb above the body whose last crumb is the story's
    headline (`首页 > 新闻 > 浦东新区注册志愿者已超105万人`), as published."""
    above = head_zone(view[:upto])
    for k in reversed(above):
        if not is_breadcrumb(view[k]):
            continue
        # (some templates end the trail with the page's kind after the headline: `… > 某某活动 正文`)
        crumb = _CRUMB_KIND_RE.sub("", _CRUMB_SEP_RE.split(unpipe(view[k]).strip())[-1].strip())
        printed = _CRUMB_KIND_RE.sub("", _CRUMB_SEP_RE.split(unpipe(lines[k]).strip())[-1].strip())
        if han(crumb) >= 8 and is_headline_like(crumb) and not crumb.endswith("…") \
                and _candidate(printed, crumb) is not None:
            return printed
        return None
    return None


def _is_dek(v: str) -> bool:
    """One short sentence set under a headline (`文明，让城市生活更美好。`), a short question
    and its answer (`你知道有多少个自然村吗?1500余个。`), or a run of questions the story goes on
    to answer (`…如何处理?…怎么办?…怎么解决?`)."""
    # (quoted or not: “家园改造焕新颜，满足居民对美好生活的愿景。”)
    s = re.sub(r'^[“"]([^“”"]+)[”"]$', r"\1", _punct(unpipe(v).strip()))
    return bool(re.fullmatch(r"[^。!?;]{4,20}[。!?]|[^。!?;]{4,20}\?[^。!?;]{1,10}[。!]", s)) \
        or _is_question_run(v)


_QUOTED_WHOLE_RE = re.compile(r"^“[^“”]{6,}”$")


def _next_of(view: list[str], i: int, end: int) -> list[int]:
    j = _next(view, i, end)
    return [] if j is None else [j]


def _quoted_whole(v: str) -> bool:
    """A line that is one quotation, its words between one pair of quotes."""
    return bool(_QUOTED_WHOLE_RE.match(unpipe(v).strip()))


def _is_question_run(v: str) -> bool:
    """Two or more questions on one line, 30 characters or more: a lead-in, not a headline."""
    s = _punct(unpipe(v).strip())
    return len(s) >= 30 and s.endswith("?") and s.count("?") >= 2 and "。" not in s


def _above_dek(body: int, nonempty: list[int], view: list[str], cands: dict, scores: dict) -> int:
    """With nothing chosen: the headline-shaped line right above a one-sentence dek that stands
    right above the body (`…入选第六届全国文明城区` / `文明，让城市生活更美好。` / the first paragraph);
    else ``body``."""
    above = [k for k in nonempty if k < body]
    if len(above) < 2 or not _is_dek(view[above[-1]]):
        return body
    k = above[-2]
    return k if k in scores and is_headline_like(cands[k][1]) else body


# A phone post opens with its headline, then a few short lines of verse or lead-in
# (凛凛寒风 / 也无法阻挡… / 今天 / 让我们一起…) before the body.
OPENING_LINE_MAX = 20


def _post_opening(i: int, nonempty: list[int], view: list[str], cands: dict, scores: dict, *,
                  with_last: bool) -> int:
    """The post's first line when at least two short lines stand between it and line ``i`` (the
    line chosen only for standing above the body, ``with_last``: itself short too; or the body's
    first paragraph when nothing was chosen); else ``i``."""
    above = [k for k in nonempty if k < i]
    first = next((k for k in above if k in scores), None)
    between = [k for k in above if first is not None and k > first]
    if first is None or len(between) < 2 or not is_headline_like(cands[first][1]):
        return i
    lead_in = [*between, i] if with_last else between

    def size(k: int) -> int:
        return len(norm(drop_readings(unpipe(view[k]))))

    if not all(size(k) <= OPENING_LINE_MAX and not is_meta_line(view[k]) and not is_breadcrumb(view[k])
               for k in lead_in):
        return i
    # (with nothing chosen, the first line must stand out more: a post may open with verse, 春节是团圆的味道 / …)
    longest = max(map(size, lead_in))
    return first if size(first) > (longest if with_last else 1.5 * longest) else i


# a full date and its time, as a publication label gives them
_STAMP = r"(?:19|20)\d\d\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?"
_DATE_PREFIX_RE = re.compile(
    # (a source label may come first on the line: `来源:某某 发布时间:2024-06-18…`)
    # (or several, one of them empty: `信息来源:某某 阅读次数: 发布时间:…`)
    r"^(?:(?:来源|信息来源|作者|编辑|发布者|发布人|阅读次数|浏览次数|点击数)\s*[:：]\s*(?:[^\s:：]{1,20})?\s+){0,3}"
    r"(?:(?:发布时间|发布日期|发表时间|发表日期|更新时间|最后更新|日期)\s*[:：]\s*"
    # (after such a field, 时间 or 日期 may run into its date: `发布者:某某 时间2021-03-06…`)
    r"|(?<=\s)(?:时间|日期)\s*(?=(?:19|20)\d\d))"
    rf"{_STAMP}"
    # (or an unlabelled date opening a `来源：` label the paragraph runs into: `2024年08月05日 来源: 某某…`)
    rf"|^{_STAMP}(?=\s*来源\s*[:：])")


def dated_label_prefix(v: str) -> str | None:
    """A publication label and its date opening a line the page ran its first paragraph into
    (`最后更新: 2020-03-12 09:08:07街道在…`): that prefix, or None."""
    m = _DATE_PREFIX_RE.match(unpipe(v).strip())
    return m.group(0) if m and meta_date(m.group(0)) else None


# a title printed as a labelled field (a content farm's trailer: 来源：… / 标题：… / 地址：…)
_TITLE_LABEL_RE = re.compile(r"^(?:标题|文章标题|新闻标题|作品标题|题目)\s*[:：]\s*(\S.{3,79})$")


def labelled_title(lines: list[str], view: list[str]) -> str | None:
    """The value of a `标题：` line, as published, when the page labels its title."""
    for line, v in zip(lines, view, strict=True):
        m = _TITLE_LABEL_RE.match(unpipe(v).strip())
        if m:
            s = unpipe(line).strip()
            return _PAGE_TOOL_TAIL_RE.sub("", s[len(s) - len(m.group(1)):].strip())
    return None


# A recurring line needs this many characters: shorter ones are section labels (图片新闻, 编辑).
REPEATED_TITLE_MIN = 8


def repeated_title(lines: list[str], view: list[str]) -> str | None:
    """A content farm's copy prints its headline between its paragraphs, often twice: when no
    headline stands above the body, the first headline-shaped line of the head zone that recurs
    whole further down the page, as published."""
    counts: dict[str, int] = {}
    for v in view:
        key = norm(unpipe(v))
        if len(key) >= REPEATED_TITLE_MIN:
            counts[key] = counts.get(key, 0) + 1
    nonempty = head_zone(view)
    for i in nonempty:
        if counts.get(norm(unpipe(view[i])), 0) < 2 or is_body(view[i]):
            continue
        c = _candidate(lines[i], view[i])
        if c is not None and c[2] is None and is_headline_like(c[1]) and not _cut_copy(c[1], view):
            return c[0]
    return None


# How far below the first paragraph a headline printed under a teaser may stand (non-empty lines).
TEASER_REACH = 3
# ...and the line under it names the story's source, author or publication time (a dated line alone
# is what farms print under any line): these labels of _META_LABEL_RE
_TEASER_LABELS = frozenset(("来源", "信息来源", "稿源", "文章来源", "作者", "发布时间", "发布日期", "发表时间"))


def teaser_title(lines: list[str], view: list[str], body: int | None) -> str | None:
    """A copy that opens with a teaser paragraph and prints the headline under it, with its
    metadata line right below (`来源:新华网`): when no headline stands above the body, that line,
    as published. The metadata line is the evidence: a subheading between paragraphs has none."""
    if body is None:
        return None
    after = [i for i in range(body + 1, len(view)) if unpipe(view[i]).strip()][:TEASER_REACH + 1]
    for n, i in enumerate(after[:TEASER_REACH]):
        if is_body(view[i]):
            continue
        c = _candidate(lines[i], view[i])
        nxt = after[n + 1] if n + 1 < len(after) else None
        m = _META_LABEL_RE.match(unpipe(view[nxt]).strip()) if nxt is not None else None
        if c is not None and c[2] is None and is_headline_like(c[1]) and m and m.group("label") in _TEASER_LABELS \
                and not _cut_copy(c[1], view):
            return c[0]
    return None


# a news flash: its headline in 【】 opening the first paragraph, then the outlet's 讯 or 电
# (`【某某片区集中开工 共储备60个项目】某某网2月9日讯,昨天,…`)
_FLASH_RE = re.compile(r"^【([^【】\n]{8,60})】[^，,。:：\n]{0,20}?(?:讯|电|消息)\s*[，,:：]")


def flash_title(lines: list[str], view: list[str], body: int | None) -> str | None:
    """With no headline above the body: the headline a news flash prints in 【】 at the start of
    its first paragraph, as published."""
    if body is None:
        return None
    m = _FLASH_RE.match(unpipe(view[body]).strip())
    if m is None or not is_headline_like(m.group(1)):
        return None
    printed, simplified = unpipe(lines[body]).strip(), unpipe(view[body]).strip()
    # (as printed where the view kept its offsets, as original_title does)
    return printed[1:1 + len(m.group(1))] if len(printed) == len(simplified) else m.group(1)


_PUBLISHED_LABEL_RE = re.compile(rf"^[【\[（(]?\s*(?:{_PUBLISH_LABELS})\s*[:：]")


# an item of a list of other stories with its date (`- 区委召开部署会 2024-05-08`)
_DATED_ITEM_RE = re.compile(r"^[-•·*]\s+(?![^\s:：]{1,6}[:：])[^\n]*[\u4e00-\u9fff][^\n]*\s(?:19|20)\d\d[-/.]\d{1,2}[-/.]\d{1,2}$")


_TODAY_RE = re.compile(r"今天是|今日是")


# a forum's note of a post's last edit (`本帖最后由 某某 于 2026-2-23 13:40 编辑`): not when it was published
_EDIT_STAMP_RE = re.compile(r"本帖最后由.{0,40}编辑|最后编辑于")


def is_edit_stamp(v: str) -> bool:
    """A forum's last-edit note, read in the simplified view."""
    return bool(_EDIT_STAMP_RE.search(v))


def head_dates(view: list[str], upto: int) -> D.DateFound | None:
    """A day date from the metadata lines above the body (issue line, dated source line) when
    the byline next to the headline has none: labelled lines first, then the others."""
    # two such items or more are related news, not this page's metadata
    items = [v for v in view[:upto] if _DATED_ITEM_RE.match(unpipe(v).strip())]
    # (a portal's `今天是…` banner dates the visit, not the story)
    return ranked_date([v for v in _join_date_box(view[:upto]) if not (len(items) >= 2 and v in items)
                        and not _TODAY_RE.search(v) and not is_edit_stamp(v)], is_meta_line)


def _join_date_box(view: list[str]) -> list[str]:
    """A date box printed as its year, then month and day on the next line (`2019` / `07-31`), as one
    line (`2019-07-31`)."""
    out = list(view)
    rows = [i for i, v in enumerate(view) if v.strip()]
    for a, b in pairwise(rows):
        if re.fullmatch(r"(?:19|20)\d\d", view[a].strip()) and re.fullmatch(r"\d{1,2}-\d{1,2}", view[b].strip()):
            out[a], out[b] = f"{view[a].strip()}-{view[b].strip()}", ""
    return out


# a site's publication label in brackets, run into the first paragraph (`(本站发表时间:2020-1-17) 日前，…`)
_LEAD_STAMP_RE = re.compile(rf"\s*[(（]\s*(?:本站|本网)?(?:{_PUBLISH_LABELS}|更新时间|更新日期)\s*[:：]\s*([^()（）]{{8,24}})[)）]")


# ... or a list page's stamp before the lead's first words (`2024-07-10 7月8日，…`), or the paper's
# issue it names (`2025年3月7日出版的《某某晚报》第6版刊登了…`)
_LEAD_ISSUE_RE = re.compile(r"\s*((?:19|20)\d\d-\d{1,2}-\d{1,2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s+(?=\S)(?!\d{1,2}:)"
                            r"|\s*((?:19|20)\d\d年\d{1,2}月\d{1,2}日)出版的《")


def lead_stamp_date(lead: str) -> D.DateFound | None:
    """The day of a publication stamp that opens the first paragraph."""
    m = _LEAD_STAMP_RE.match(lead) or _LEAD_ISSUE_RE.match(lead)
    found = meta_date(next(g for g in m.groups() if g)) if m else ()
    return D.DateFound(found[0], "day", "text", found[1]) if found else None


def date_above_copy(view: list[str], title_key: str, start: int, reach: int = 300) -> D.DateFound | None:
    """The dated metadata line right above a later copy of the headline: an e-paper capture names
    the story first in its contents list, then prints the issue line (`2025年05月27日 星期二`)
    over the article's own copy of the headline (within ``reach`` lines: a contents list, not a
    whole archive)."""
    if len(title_key) < 6:
        return None
    prev = None
    for k in range(start, min(len(view), start + reach)):
        if not view[k].strip():
            continue
        if prev is not None and norm(unpipe(view[k])) == title_key and is_meta_line(view[prev]):
            found = meta_date(unpipe(view[prev]).strip())
            if found:
                return D.DateFound(found[0], "day", "text", found[1])
        prev = k
    return None


def ranked_date(lines: list[str], keep: Callable[[str], bool] = lambda v: True) -> D.DateFound | None:
    """The day date of the metadata lines (simplified view) that ``keep`` accepts, by the kind
    of line that states it: a publication label first (a disclosure page also prints 成文日期,
    when it was written), then other labels, an e-paper's page or issue line, then any dated line
    (a masthead's date last). A label may stand alone on the line above its value (`成文日期:`
    then `2024-03-29`)."""
    metas, prev = [], ""
    for v in lines:
        s = unpipe(v).strip()
        if not s:
            continue
        if keep(v):
            metas.append(prev + s if _is_empty_label(prev) else s)
        prev = s

    def rank(s: str) -> int:
        if _PUBLISHED_LABEL_RE.match(s):
            return 0  # 发布时间：…, 发布日期：…
        if _META_LABEL_RE.match(s) or _META_WORD_RE.match(s):
            return 1  # 日期：…, 发表于 …
        if _PAGE_LINE_RE.search(s):
            return 2  # the e-paper's page or issue line
        return 3

    for want in range(4):
        for s in metas:
            if rank(s) != want:
                continue
            full = meta_date(s)
            if full:
                return D.DateFound(full[0], "day", "text", full[1])
    return None


def is_forum_line(v: str) -> bool:
    return bool(_FORUM_RE.search(unpipe(v).strip()))


# a thread's first post header: the poster, 发表于 and the day, with the thread's own buttons on the
# line (`某某 发表于 2018-7-6 22:00 | 显示全部楼层 |阅读模式`, `只看楼主 倒序阅读 … 楼主 发表于: 2019-08-14`)
_POSTED_RE = re.compile(r"(?:^|\s)发表于\s*[:：]?\s*((?:19|20)\d\d[-/.]\d{1,2}[-/.]\d{1,2})")
_THREAD_BUTTONS_RE = re.compile(r"显示全部楼层|只看楼主|只看该作者|阅读模式|倒序阅读|倒序浏览|楼主")
POST_REACH = 60


def forum_post_date(view: list[str], start: int) -> D.DateFound | None:
    """The day of a thread's first post, when the poster's profile (points, rank, counters) sets
    its header further below the thread's title than a byline would stand: the first 发表于 line
    carrying the thread's buttons within POST_REACH lines (later ones are replies)."""
    for v in view[start:start + POST_REACH]:
        m = _POSTED_RE.search(v)
        if m and _THREAD_BUTTONS_RE.search(v):
            found = meta_date(m.group(1))
            return D.DateFound(found[0], "day", "text", found[1]) if found else None
    return None


# The capture's trailer: a credit or publication line with a date (責任編輯：李敏儀　2023年2月22日,
# 发布时间：2023-08-15 or 更新时间：… at the end of a re-post). Only the last few lines: further up, dated lines
# belong to lists of other stories.
_TRAILER_DATE_RE = re.compile(rf"^[（(【\[]?\s*(?:责任编辑|责编|编辑|{_PUBLISH_LABELS}|更新时间|更新日期|日期|来源)\s*[:：]"
                              r"|^《\s*[^》]{2,12}?\s*》\s*(?:[（(]|(?:19|20)\d\d\s*年)")  # a paper's credit: 《 某某日报 》( 2020年11月05日 13 版), 《某某报》2024年02月02日第1版
TRAILER_LINES = 4


# An official document's sign-off: the issuer alone on its line, then the date alone (`某某区民政局`
# / `2021年2月23日`), among the last lines (a portal's footer may follow: 验证码, 全部评论).
_SIGNOFF_ISSUER_RE = re.compile(r"[\u4e00-\u9fff（）()]{3,24}(?:局|委|委员会|办|办公室|政府|街道|镇|乡|村|联|会|中心|处|部|院|所|站|队|社|党委|党工委)")
SIGNOFF_LINES = 8
# ... and at the end of a page, the notice's sign-off with what a page prints after it (the list of
# sampling points it announces, a farm's 上一篇 / 下一篇, a note or two): 4 dev pages dated so, none wrongly
SIGNOFF_TAIL_LINES = 40
SIGNOFF_BODY_AFTER = 2


def issuer_date_below(view: list[str], start: int) -> D.DateFound | None:
    """A government disclosure page's fields saved without their labels under the headline (index
    number, 主动公开, document number, then the issuer alone on its line and the date alone on the
    next, `某某区科学技术委员会` / `2018.05.25`): the date of the issuer's sign-off, read before
    the body's first paragraph."""
    rows = [to_simplified(v).strip() for v in view[start:start + SIGNOFF_LINES] if v.strip()]
    for issuer, v in pairwise(rows):
        if opens_paragraph(issuer):
            break
        if found := _signoff(issuer, v):
            return found
    return None


def _signoff(issuer: str, v: str) -> D.DateFound | None:
    """The date of an issuer's line followed by a line that is the date alone (the stage's own
    date reading, matching the whole line), or None."""
    if _SIGNOFF_ISSUER_RE.fullmatch(issuer) and (full := D.find_full_date(v)) and full[1] == v:
        return D.DateFound(full[0], "day", "text", full[1])
    return None


def trailer_date(body: list[str], title: str | None = None) -> D.DateFound | None:
    """A date in the capture's last lines: a labelled one (责任编辑 / 发布时间 …), an official
    document's sign-off, or an e-paper's share line that repeats the headline with the issue date
    (`某某报 B01 <headline> 2019-12-24`)."""
    tail = [x for x in body if x.strip()][-TRAILER_LINES:]
    for line in reversed(tail):
        v = to_simplified(line).strip()
        if len(v) <= META_MAX and _TRAILER_DATE_RE.match(v):
            full = meta_date(v)
            if full:
                return D.DateFound(full[0], "day", "text", full[1])
    tail = [to_simplified(x).strip() for x in body if x.strip()][-SIGNOFF_TAIL_LINES:]
    for k in range(len(tail) - 2, -1, -1):
        # (the story's own paragraphs after it: an issuer's line quoted in the story, not its sign-off)
        if (found := _signoff(tail[k], tail[k + 1])) and (
                k >= len(tail) - SIGNOFF_LINES or sum(map(is_body, tail[k + 2:])) <= SIGNOFF_BODY_AFTER):
            return found
    simple = to_simplified(title or "")
    head = norm(simple)
    if len(head) >= 6:
        for v in reversed(tail[-TRAILER_LINES:]):
            # (the lines are the simplified view: the headline is cut from them in that script too,
            # so a date inside a traditional headline is not read as the issue's)
            if head in norm(v) and (full := D.find_full_date(v.replace(simple, " "))):
                return D.DateFound(full[0], "day", "text", full[1])
    return None
