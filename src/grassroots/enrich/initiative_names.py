"""Initiative names: broad candidates, then a decision from the evidence around each.

Pure functions; the only I/O is reading ``seeds/campaigns.csv`` once. What counts as an
initiative is defined in ``docs/INITIATIVES.md`` (the labelling guide); this module is the
software's reading of it.

Candidates (``candidates``)
---------------------------
- **quoted spans** of 2–20 characters in any quote style: “…”, 「…」, 『…』, ‘…’, "…", a doubled
  opening quote used as the closing one (“三驾马车“), Latin names (“Nancy”). A span is read from
  an opening quote to the first closing quote of its style on the same line (inner quotes of
  another style are part of the span: nested quotes sit inside speech);
- **names in parentheses** after the generic name of their venue (党群服务中心(乐邻·邻里中心)):
  a brand joined with · or one that ends in a venue or programme noun itself;
- **apposed brands**, unquoted: after the generic name of their venue or programme and a dash or
  a dot (…服务品牌——睦邻港, 党群服务中心·睦邻港), or a brand·sub-brand right before the venue it
  names (老街桂园·乐膳坊社区食堂): ``_APPOSED``, ``_DOT_BRAND``; a family of three or more dotted
  brands sharing their first part, listed without quotes (湾区·汇、湾区·享、湾区·悦): ``_DOT_FAMILY``;
- a quoted **series and its event** (“书香四季——春读季”) are two candidates, decided together;
- **book titles** 《…》 only when they name a programme (end in a programme noun, or a programme
  noun other than 活动 follows at once): 《…》 normally names a document or a work;
- **campaigns** from ``seeds/campaigns.csv`` (name and aliases), written without quotes, and
  the city's "N-minute circles" by their shape (15分钟养老服务圈, 一刻钟便民生活圈); a campaign
  whose name is also a descriptive phrase is not read after 的 (有温度的美丽家园) unless a
  programme noun follows (镇里的美丽家园建设);
- **unquoted names**: a launch verb, a modifier and a venue, method or team noun (推出老杨工作法,
  成立了某某志愿服务队: ``_UNQUOTED``), and lists whose members share a programme noun
  (楼道美化共建行动、低碳出行共创行动、银发关爱行动, ``_UNQUOTED_LIST``); the modifier must not be
  made only of generic words (``_distinctive``: 开展志愿服务行动 names a kind of work). Measured on real dev text,
  wider head lists (…计划, …服务站 alone) found few more names than generic phrases; a venue's
  brand ending in a house word right before the kind of venue it is (人人屋党群服务站, 平阳汇社区
  食堂: ``_BRAND_VENUE``, the place or particle before it cut); a team's, alliance's or venue's
  own name the story repeats (古北市民议事厅 … 古北市民议事厅: ``_repeated_own_names``), cut where
  two of its mentions stop sharing the words before it, less a place, verb or count in front; the
  members of an unquoted list the story calls brands (开展甲、乙、丙等品牌活动: ``_BRAND_LIST``);
- **numbered recurring events**: 第N届 or 首届 + name ending in 节/季/周/赛/论坛/健步行/音乐会/庙会… (第五届凉城邻里节;
  quotes inside the name are dropped: 第三届“暖心”短视频大赛),
  a day of that kind (第十届公益伙伴日), an event held every year (每年举办邻里节活动: ``_YEARLY``),
  a festival named after its year (2023某某樱花节: ``_YEAR_EVENT``; not a public holiday),
  a festival, league or themed week or month named after the city or a district (上海书展,
  奉贤黄桃节18日开幕, 某区科普宣传月期间: ``_place_event``; the city and a district's full name
  are dropped, a short name stays),
  a festival, week or forum reported as opening (某区社区邻里节正式启动: ``_OPENING``; the
  place before it is dropped), and a campaign's themed week or month wherever it is printed
  (食品安全宣传周, 消防宣传月: ``_THEMED_WEEK``; the holder and the sentence's words before it cut);
- **rooms listed by brand**, each glossed with the generic room it is (设有乐邻站(爱心驿站)、
  书香阁(阅览室)、…: three or more, ``_glossed_venues``); headings of a list of projects set
  between stars at line starts (★…2.0★, two or more: ``_STARRED``); a numbered block (116街坊)
  is a place even when renewed (the renewal is 旧区改造);
- **numeric codes**: 2+14+68+610, 1+2+10+X (three parts or more anywhere; two parts when
  quoted or followed by a programme noun: 1+1 in running text is arithmetic).

Decision for a quoted span (``score_quote``)
--------------------------------------------
Each piece of evidence adds its weight; a span whose best mention in the document reaches
``ACCEPT`` (2) is an initiative. The weights in use (``WEIGHTS``) are a logistic regression over
this evidence fitted on the independent dev splits and the first batch of real dev excerpts
(``initiative_weights.json``, written by ``bench/train_initiative_scorer.py``; its bias includes
ACCEPT, so the threshold is probability 0.5; evidence the training data never shows, or that
was added after the fit — ``dot``, ``enumerated`` — keeps its hand weight). The second real batch is left out of the fit: fitted on it too, the weights did
no better on the real dev text as a whole; ``HAND_WEIGHTS`` are the hand-set ones it was compared with (and the fallback without the
file). The exclusions the labelling guide names (``VETO``) decide alone. The evidence:

- after the closing quote: a *head noun* (programme, venue, team, event or mechanism noun from
  ``HEAD_NOUNS``) within ``HEAD_WINDOW`` characters, not across punctuation, 的 or 等
  (“美丽庭院”建设, “街之声”民情信息站, “福民”系列党建引领基层治理工作品牌, “…”形式); any other
  word directly attached counts a little (a name usually modifies a noun); 的 right after counts
  against (a description follows), unless what follows 的 is what only a programme has (its pilot,
  trainees, members, founders, its place among a policy's measures: ``_DE_PROGRAMME``, weighed as
  a head noun). The noun phrase ends at an adverb (“…”持续升级: the name is
  the subject), but not at 为 of 为老/为民 (为老服务项目) or at a verb that forms a noun (开放日);
  a noun that is also a verb is the verb before 于 (“…”服务于…);
- the name ends in such a noun itself (“滩上会客厅”, “金杨帮帮团”, …坊, …馆, …组, …论坛, a committee
  “弄管会”, a day of four characters or more “代表接待日”, a method “七色救助法” but not a common word
  ending in 法, a market, gallery or corridor “泥味市集”, “志爱画廊”, “邻里长廊”);
- a brand and its sub-brand joined with · (``dot``; each part is measured for length alone);
- a list followed by a count equal to its length (“…”“…”“…”三座场馆: ``enumerated``);
- before the opening quote: a launch or run verb (推出, 推行, 成立, 打造, 开展, 依托 … in
  ``LAUNCH_VERBS``) within a few characters; an owner (…街道, …镇, …村, …社区) right before; the
  generic name of its kind right before, or before an example of it (读书品牌项目“…”, 便民项目，
  比如“…”, and for every member of a list after 品牌，如), or where in a building the named space
  sits (三楼的“…”: ``_ROOM_BEFORE``): ``kind_before``, a strong sign, kept at its hand weight since the weights were fitted
  before it); the first of its kind (建设首个“…”, 上海首条“…”: ``first_of_kind``, likewise);
  one of two or more numbered items each explained after a comma (一是‘甲’，用…；二是‘乙’，…:
  ``ordinal_item``, likewise);
- in a list of quoted names (“人人讲堂”“人人会客厅”等, “…”、“…”): the members share the head
  noun after the list and the verb before it (“角里夜话”“青年市集”“创客下午茶”等活动); so do
  quoted names each with words of their own, listed up to 等 and a head noun (“甲”读书分享、
  “乙”口述记录等系列服务项目: ``_parallel_kind``); one quoted name alone before 等 and a
  programme noun (…、“甲”等活动) takes that noun as its head;
- the subject of its clause (starts the clause and the clause goes on; “生活盒子”已覆盖… with a
  predicate word 是/由/已/将 … right after);
- in the title; quoted again elsewhere in the story;
- a numbered bundle (“一站八部”, “两旧一村”, “三会”): how mechanisms are named;
- carried out or opened right after it (“村财镇理”全面实施, “…”正式启用, “五美社区节”拉开帷幕:
  ``_VERB_AFTER``); named as the way of working before 的 (“你帮我助”“共建共联”的新模式) or as what a person founded
  (“…”的创始人, a gloss in parentheses may stand between);
- the vehicle of the work (以“大美育”为抓手, 以“五美楼道”为治理项目); counted instances
  (12个“街委会”); only generic words (“自治平台”, “服务载体”: ``generic``);
- a quoted list is one kind of thing: when most of three or more members are accepted, so are
  the rest (unless vetoed or a slogan), and so are three or more short names sharing their first
  character (“慧居家”“慧改家”“慧享家”: a family of brands, ``_brand_family``);
- against: speech (a colon or 说/表示/称 before, 说 after, sentence punctuation inside — but two
  halves split by a comma right before a programme noun are its title), sentence
  length (more than ``LONG_NAME`` characters), 、 inside (a slogan or a list of steps; two halves
  split by a space only without a head noun: before the event they name they are its title),
  figurative stock phrases and generic words (``STOCK_PHRASES``: “最后一公里”, “一站式”,
  “老字号”), adjectival forms (…式, …化, …感) and descriptions (“最整洁的”), a metaphor for what a
  place is to someone (成为…的“温暖港湾”), dates and plan periods (“3·5”, “十四五”), the
  object of a clean-up verb (清理“三车”, 整治“群租”), a role, honour or nickname (担任“门前管
  家”, 被评为“星级庭院”, 列为“…”之一, 称为“加油站”, 百姓口中的“老…”; but 成为“…”宣讲员 gives the programme of a role), a goal
  (打造为“…”), a theme (以“…”为主题, “…”——2025年…会议), words counted as keywords (“…”“…”三个关键词),
  a cup named after its sponsor (“…”杯…赛), a social-media account read or followed (关注“…”, 通过“…”
  公众号 or App; one the story reports as run, 启用/开通/发挥“…”公众号, is a platform), a group of people
  (“新九亭人”, “…人群”) or a role (政策“宣传员”, “楼组长”; not a numbered bundle, “一长五大员”), a
  problem (“停车难”; not a meeting that sets out to solve one, “共解停车难”), a zone or an award (“…商务区”建设, but not “精品城区”建设, a district's campaign; “…”产业兴旺奖; a member of a list of
  honours: …、“五星村”、…等荣誉称号), a place alone (a core that is a district's or a 街道/镇's
  name, full, short or former: 选择“静安区”, a “某理——杨浦” partnership's halves), a place described (“…之地”), a business or a site (“云溪小筑”民宿度假村, “88安置基地”, a name ending in 路/大厦/广场; but a quoted
  restaurant name, “我嘉餐厅”, is a canteen brand),
  an honour (“社区志愿服务之星”, 获授“…”; a title the story says was awarded, 共评选出4家“…”
  or “…”“…”表彰名单, in every mention of it), an idea, trait or problem (“人民城市”理念, “三老”特点,
  “急难愁盼”问题, “…”发展愿景, “…”三大资源: ``concept``; words said or written, “…宣传口号”; a goal of
  the 小事不出楼 shape, “湿垃圾不出村”), a goal stated as an
  action without a noun after it (发起“打造某街道儿童友好的城市空间”征集), a kind of room (“大讲堂”, “议事厅”), a markup value ("ffb66"), two
  characters alone (a two-character name needs a head noun or a launch verb);
- without evidence of what kind of thing it is (``_STRONG``: a head or self-naming noun, a list,
  a numbered bundle, a verb after, an owner …), a span quoted twice, a two-character word after a
  verb (借…的“东风”) or one of generic words only is a figure of speech, whatever its score.

Second reading (``lexical_score``): the evidence score is then read again, with the characters
around it, by a logistic regression fitted on the dev splits (``initiative_lexical.json``, from
``bench/train_initiative_scorer.py --lexical``). Its features: the evidence above and the score it
gave; the first and last characters and character pairs of the name and its length; the character
on each side of the span and the character pairs of the six characters of its clause before and
after it (nothing after it in the clause counts too). A span is a name when the probability
reaches the file's threshold (0.35; the bias includes it, so the test is again ``score >= ACCEPT``).
The guide's exclusions (``LEXICAL_VETO``: ``VETO`` and generic words describing the work) still
decide alone, and the members of a counted list are not re-read. The file holds weights of single
characters and character pairs, not text. The real dev batches, each left out of the fit in turn,
gained 0.01 of F1 pooled (more recall and more precision), more with each batch added to the fit
(docs/BENCHMARKS.md); without the file the evidence score decides alone.

Campaigns, N-minute circles, numbered events, codes, names in parentheses, unquoted names and
programme-naming book titles are accepted as found, except a campaign that is a member of a list
of honours (…、精品小区、…等荣誉) or of topics explained (…、垃圾分类、…等政策解答), names the field
of an organisation (…行业党建联盟), is the setting described (在乡村振兴背景下, …的乡村振兴新格局)
or sits inside a quoted slogan or speech; a campaign inside a longer campaign of the same story
(乡村振兴 beside 乡村振兴示范村) is that one's setting. A
campaign or name contained in a longer accepted name of the same story is that name (“石二邻里汇”
is not also 邻里汇; a headline's “爱心驿站” is the body's “贤城爱心驿站”), unless the longer one
is joined with · (“邻立方·元宵集市” is an event of 邻立方: both kept).

Core names (``core_name``)
--------------------------
One name per programme: NFKC, traditional → simplified (OpenCC ``t2s``), quotes removed, middle
dots unified, whitespace between CJK characters dropped, and a trailing generic noun that
articles vary (``GENERIC_SUFFIXES``: 小组, 项目, 品牌, 建设, 行动, 系列 …) dropped from inside the
quotes too when at least ``MIN_CORE`` characters remain and it is not the last part of a numbered
bundle (“一中心一品牌”) — so “邻里帮帮”小组 and “邻里帮帮小组”
are both 邻里帮帮, while “光盘行动” stays whole. The year, and the district or city after it, of one
edition of a recurring programme go too (“2019年某区…志愿服务周” → …志愿服务周). The noun *outside*
the quotes is never part of the core. ``full_name`` keeps the surface form (quotes and the attached head noun).
"""

from __future__ import annotations

import bisect
import csv
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

from grassroots.config import REPO_ROOT
from grassroots.enrich.places import load_gazetteer

CAMPAIGNS_CSV = REPO_ROOT / "seeds" / "campaigns.csv"

MIN_NAME_LEN = 2
MAX_NAME_LEN = 20
# A quoted span longer than this is more often a sentence or slogan than a name: it needs more
# evidence (the guide's examples of names are 2–12 characters; “15分钟党群服务圈” is 9).
LONG_NAME = 12
# Characters between the closing quote and its head noun (“文化思南”中央式区域化党建品牌 needs
# 9, “福民”系列党建引领基层治理工作品牌 reaches 系列 at once).
HEAD_WINDOW = 10
# Characters before the opening quote searched for a launch verb (推出了“…”, 依托辖区“…”).
VERB_REACH = 10
MIN_CORE = 4
ACCEPT = 2.0

# Nouns that make the quoted word before them a name: programmes and mechanisms, venues,
# teams, events, services. Any of them may follow with a qualifier in between.
HEAD_NOUNS = tuple(sorted({
    "行动", "工程", "项目", "品牌", "体系", "工作室", "工作法", "工作", "服务", "站", "中心", "阵地", "平台",
    "计划", "机制", "活动", "模式", "格局", "布局", "建设", "营造", "创建", "改造", "治理", "制度", "联动", "系列",
    "志愿", "队", "团", "小组", "联盟", "议事", "会", "厅", "堂", "课", "书场", "书房", "屋", "坊", "驿站",
    "客厅", "空间", "基地", "营", "季", "节", "赛", "展", "论坛", "小程序", "热线", "卡", "圈", "带", "廊",
    "线路", "专项", "基金", "示范", "试点", "共同体", "网络", "矩阵", "点", "家园", "花园", "夏令营", "集市", "之家", "管家", "集成服务",
    "微治理", "积分", "银行", "考核", "形式", "共建", "大讨论", "系统", "场景", "联合体", "大走访",
    # a plan made under the name (“一河一策”整治方案), the ranks of a programme (加入“…”行列)
    "方案", "行列",
}, key=len, reverse=True))
# every position where a head noun starts, the longest one there (the alternation is longest first)
_HEAD_NOUN_AT = re.compile("(?=(" + "|".join(map(re.escape, HEAD_NOUNS)) + "))")
_LONGEST_NOUN = max(map(len, HEAD_NOUNS))
# The name ends in one of these: it names itself as a venue, team or programme.
SELF_NOUNS = tuple(sorted({
    "行动", "工程", "项目", "计划", "工作室", "工作法", "服务站", "服务点", "服务中心", "中心", "驿站", "客厅",
    "会客厅", "议事厅", "议事会", "议事坊", "议事廊", "圆桌会", "课堂", "讲堂", "学堂", "书房", "书场", "书屋",
    "帮帮团", "服务队", "志愿队", "宣讲团", "护航队", "团", "队", "邻里汇", "邻里节", "文化节", "读书会",
    "夏令营", "暑托班", "集市", "之家", "益站", "e站", "E站", "邻里荟", "睦邻坊", "服务圈", "生活圈", "联盟",
    "机制", "制度", "模式", "平台", "品牌", "体系", "制", "银行", "管家", "小组",
    # venues, teams and recurring events named so (“桂香茶坊”, “青禾艺术馆”, “双人巡楼组”, “稻香论坛”)
    "坊", "馆", "组", "教室", "论坛", "大赛",
    # rooms and stations named so (“暖心室”, “小喇叭广播站”)
    "室", "站",
    # halls named so (“王大姐说事堂”, “双拥食堂”)
    "堂",
    # a recurring month of a campaign (“…宣传月”, “学…月”)
    "月",
    # a named festival (“菜花节”, “虹旭种植节”): the calendar's holidays are not (below)
    "节",
    # a club or society (“虹阳诗社”, “追影摄影社”)
    "社",
    # a residents' committee for one thing (“弄管会”, “楼务会”), a named day of a programme (“代表接待日”)
    # and a named method (“七色救助法”; not a common word, below)
    "管会", "务会", "日", "法",
    # a market, a gallery or a corridor named so (“泥味市集”, “志爱画廊”, “邻里长廊”)
    "市集", "画廊", "长廊",
}, key=len, reverse=True))
# The shortest name a self-naming noun ends: one character before a one-character noun, two
# before a longer one (“真行动”, “大平台” are figures), but a committee is named by one character
# (“弄管会”) and a day or a method needs two (“纪念日”, “冒充公检法” are words)
_SELF_NOUN_MIN = {"管会": 3, "务会": 3, "日": 4, "法": 4}
# ... 法 ending a common word, not a method's name (办法, 宪法, 书法)
_COMMON_FA = ("办法", "方法", "说法", "做法", "想法", "看法", "宪法", "民法", "刑法", "立法", "执法", "违法", "守法",
              "合法", "依法", "手法", "疗法", "用法", "算法", "语法", "司法", "书法", "无法", "设法", "家法", "兵法",
              "魔法", "章法", "写法", "玩法", "吃法", "新法", "变法", "戏法", "加法", "减法", "公检法")
# The calendar's holidays and memorial days: a festival named so is the day, not a programme.
_HOLIDAY = re.compile("(?:春|元宵|清明|端午|七夕|中秋|重阳|老年|国庆|劳动|妇女|儿童|青年|母亲|父亲|教师|护士|建军|腊八|元旦|"
                      "情人|圣诞|感恩|植树|寒食|冬至|中元|小年)节$")
# ... and firms or bodies called 社, not clubs: a cooperative, a publisher, a head office.
_FIRM_SHE = ("合作社", "旅行社", "报社", "出版社", "杂志社", "通讯社", "总社", "分社")
LAUNCH_VERBS = (
    "推出", "推行", "实行", "成立", "组建", "设立", "打造", "开设", "建立", "招募", "举办", "开展", "启动", "创建",
    "升级", "接入", "试点", "依托", "引入", "结合", "实施", "发布", "建成", "上线", "探索", "形成", "构建", "推广",
    "擦亮", "深化", "完善", "落实", "参与", "加入", "通过", "借助", "围绕", "对标", "开出", "新增", "设置", "培育",
    "孵化", "叫响", "首创", "创立", "开辟", "开拓", "开启", "推进", "打响", "发起", "开办", "织密", "延伸", "运营",
    "组织", "携手", "共建", "开通", "投用", "启用", "亮相", "授旗", "包括", "开展了", "建起", "开发", "认领", "创设",
)
_LAUNCH_RE = re.compile("|".join(map(re.escape, LAUNCH_VERBS)))
# Verbs that make a place into something: before a quote, a goal (NOT_BEFORE) unless a noun after
# the quote names what was made (score_quote).
_GOAL_VERBS = ("打造为", "打造成", "建设为", "建设成")
# A storm's kind before or after its quoted name (台风“某某”, 第9号台风“某某”, “某某”台风)
_STORM_WORDS = ("台风", "热带风暴", "热带低压", "强热带风暴")
# Words right before the quote that make it a role, an honour, a nickname or an object of
# clean-up rather than a programme.
NOT_BEFORE = (
    "获授", "授予", "荣膺",
    "清理", "整治", "拆除", "打击", "查处", "取缔", "防范", "杜绝", "根治", "破解", "担任", "当起", "成为",
    "称为", "称作", "称之为", "被评为", "评为", "获评", "荣获", "列为", "当选", "争当", "当好", "变成", "化身", "号称", "所谓",
    "告别", "远离", "拒绝", "警惕", "谨防", "关注", "作者",
    # the topics a meeting or a talk turns to (分享会聚焦“…”“…”)
    "聚焦",
    # what a place is to be made into: a goal, not a programme (将…打造为“…”; but see
    # score_quote: a noun after the quote names what was made)
    *_GOAL_VERBS, "定位为", "誉为",
    # a nickname people use (百姓口中的“老…”, 俗称“…”)
    "口中的", "俗称", "人称", "昵称", "戏称", "唤作", "叫作", "叫做", "叫他", "叫她", "称他", "称她",
    # a storm's name (台风“梅花”, 第10号台风“安比”, 热带风暴“…”): the weather a story prepares for
    *_STORM_WORDS,
)
# A person called by a title (老书记, 小凌书记, 冯老师, 施主任): with 老 or 小 before it, or one
# character (a surname); an office's name is not (“第二书记”, “街区书记”: a mechanism). Of 21
# quotes ending in such a title on the real dev pages, readers labelled 5, all of them offices.
# Before a venue's or a team's noun the quote is its brand (“老书记”工作室).
_NICKNAME = re.compile(r"(?:[老小][\u4e00-\u9fff]?|[\u4e00-\u9fff])"
                       r"(?:书记|主任|阿姨|爷爷|奶奶|大爷|大妈|师傅|老师|队长|组长|楼长|妈妈|爸爸|大哥|大姐)")
_NICKNAME_BRAND_HEADS = re.compile("工作室|服务|志愿|宣讲|调解|讲堂|课堂|读书|团|队|站|室|点|会|社|营|班|坊|屋|之家|中心|品牌|项目|热线|计划|行动")
# Adverbs: what stands after them is a verb or a state (累计“存入”, 已“满员”, 也“火”了)
_ADVERBS_BEFORE = ("累计", "已经", "已", "正在", "都", "也", "还", "又", "曾", "均")
# Verbs that give a person a role, and the nouns that name one (``score_quote``).
_ROLE_VERBS = ("担任", "成为", "当选", "受聘成为", "受聘为", "争当", "当好", "当起")
_ROLE_NOUNS = ("人", "者", "员", "官", "大使", "代表", "使者")
SPEECH_BEFORE = ("说", "说道", "问道", "表示", "笑着说", "感慨", "坦言", "直言", "提醒", "告诉记者")
# Figurative stock phrases, slogans, generic words and trade categories the guide names or that
# are common in these stories; a quoted span equal to one of them is not a name.
STOCK_PHRASES = frozenset({
    "最后一公里", "最后一米", "最后一百米", "金钥匙", "领头雁", "一站式", "零距离", "老字号", "网红",
    "双减", "党建", "网格化", "十三五", "十四五", "十五五", "一老一小", "小事不出楼", "大事不出街道", "有事好商量",
    "三八", "元旦", "元宵", "清明", "七夕", "双十一",
    "获得感", "幸福感", "安全感", "主心骨", "娘家人", "贴心人", "连心桥", "金点子", "加油站", "颜值", "接地气",
    "烟火气", "大文章", "小切口", "高颜值", "五一", "国庆", "春节", "端午", "中秋", "重阳", "七一", "八一", "六一",
    "志愿者", "责任人", "旁观者", "主人翁", "网红打卡点", "打卡地", "智慧", "平安", "暖心", "特色", "新招", "一对一",
    "明星", "围墙外",
    # generic venue and concept words: a type of thing, not one programme's name
    "微更新", "口袋公园", "口袋花园", "议事厅", "会客厅", "大讲堂", "公共客厅", "社区", "两新", "一体化",
    # government-report figures of speech: problems, roles and images, not programmes
    "急难愁盼", "脏乱差", "老大难", "烦心事", "揪心事", "闹心事", "关键小事", "朋友圈", "金字招牌", "新名片",
    "新地标", "后花园", "桥头堡", "排头兵", "试验田", "压舱石", "神经末梢", "毛细血管", "黏合剂", "催化剂",
    "助推器", "加速器", "红色引擎", "硬骨头", "绣花针", "绣花功夫", "全覆盖", "面对面", "心连心", "手拉手",
    "肩并肩", "软隔阂", "痛点", "堵点", "难点", "盲点", "防火墙", "连通器", "防疫网", "同心圆", "最大公约数",
    "家门口", "一把手", "高质量", "终点站", "高标准", "高水平", "高品质", "旗舰店", "头脑风暴", "云端",
    # the city's idea, housing described, a figure, the village committees: not one programme
    "人民城市", "老破小", "逆生长", "两委",
    # verbs quoted for stress (“点亮”重阳佳节, 将斑块“织密”成网): the action, not a name
    "点亮", "织密", "擦亮", "激活", "唤醒", "打通", "蝶变", "赋能", "出圈", "破圈", "开张", "跨界", "下沉",
    # more figures and common words quoted for stress: a no-man's-land, the best of its kind, a
    # report card, a safety net, a way of working, a NIMBY problem, a service point as a shop
    "三不管", "天花板", "成绩单", "安全网", "先行先试", "成建制", "邻避", "便利店", "拿手菜",
    # idioms and figures a story quotes for colour: all-seeing cameras, a second start, a kit of
    # three, a growth curve, a show project, the young generation, experts, made to measure, a
    # spiritual home, a green engine (each in one to three dev excerpts, labelled by no reader)
    "千里眼", "四大金刚", "二次创业", "三件套", "第二曲线", "面子工程", "后浪", "高手", "私人定制",
    "量身定制", "精神栖息地", "绿色引擎",
    # more of them, and common words quoted for stress: a set of measures, hide-and-seek (with
    # parking spaces), fine brushwork, taking every suggestion, leftover strips of land, hard and
    # soft means, pinpointing, a living fossil, an incubator, the face and the lining of a
    # renovation (“面子”工程 outside, “里子”工程 inside), a bugle call, a looker, a small joy, an
    # outpost, grey (left-over) space, "watching the sea" (a flooded estate), a kaleidoscope, flat
    # sizes, the city's two sessions, traffic cameras
    "组合拳", "捉迷藏", "工笔画", "照单全收", "金边银角", "软硬兼施", "精准定位", "活化石", "孵化器",
    "面子", "里子", "集结号", "颜值担当", "小确幸", "前沿阵地", "前沿触角", "灰空间", "看海", "万花筒",
    "一室户", "两室户", "两会", "电子警察",
    # a notice handed out (“友情提示”小卡片): what it is, not a programme's name
    "友情提示", "温馨提示",
    # figures for leftovers, the crux and indifference (“边角料”空间, 抓住“牛鼻子”, “自扫门前雪”),
    # and a generic venue quoted for stress (标准化居村“文化中心”)
    "边角料", "牛鼻子", "自扫门前雪", "文化中心",
    # the last piece of a puzzle (核心区“最后一块拼图”)
    "最后一块拼图",
    # one man's say, a homespun way, breaking the ice, a green living fossil (an old tree): figures
    # quoted for colour (0 of 2, 0 of 1, 0 of 14 and 0 of 3 real dev pages that quote them label them)
    "一言堂", "土办法", "破冰", "绿色活化石",
    # a rendering, soft power, meeting halfway, a match at once, leftover corners, the night-time
    # economy, an arty air, a code for going viral (0 of 19, 16, 15, 8, 3, 9, 4 and 1 real dev
    # pages that quote them label them)
    "效果图", "软实力", "双向奔赴", "一拍即合", "金角银边", "夜经济", "文艺范", "流量密码",
    # the emergency numbers (“110”几次出警): a service of the state, not a programme
    "110", "119", "120", "122",
    # ... and the city's service hotline (0 of 1 real dev page that quotes it labels it); a
    # priority called "number one" (社区“一号工程”, 书记的“一号课题”: 0 of 3)
    "12345", "一号工程", "一号课题",
    # idioms for an estate born with flaws, for making much of a tiny space and for camping on the
    # spot, and the policy field of farming, villages and farmers (“三农”工作): figures and a domain
    "先天不足", "螺蛳壳里做道场", "安营扎寨", "三农",
})
_DEGREE = re.compile("^(?:严重|十分|非常|极其|极度|相当|特别|有点|有些|比较)")
# ... and every spelling of the "last mile" figure (“最后一公里”, “最终100米”, “最后50米”).
_LAST_MILE = re.compile(r"最(?:后|终|末)[一二三四五六七八九十百千\d]*(?:公里|千米|米|步|厘米)")
# ... except these, which districts also use as brand names with a noun after them: any noun,
# or only the nouns given (浦东's “家门口”服务站 / 服务体系 is a programme; “家门口”的暖心服务,
# …党群服务中心 say where).
BRANDABLE_STOCK: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("零距离", "金钥匙", "领头雁", "连心桥", "娘家人", "贴心人", "加油站", "主心骨", "红色引擎",
                     "心连心", "手拉手", "面对面", "同心圆", "金字招牌"), ()),
    "家门口": ("服务站", "服务体系"),
}
GENERIC_SUFFIXES = tuple(sorted({
    "小组", "项目", "品牌", "建设", "营造", "行动", "实践行动", "系列", "活动", "工程", "计划", "机制", "模式",
    "体系", "平台", "工作",
}, key=len, reverse=True))

# Hand-set weights of the evidence (see the module docstring). A name needs ACCEPT: one strong
# piece (a head noun, 3) or two weaker ones (a launch verb and an owner before, a self-naming
# noun and a repetition). Negative evidence is sized to cancel one strong piece. Kept as the
# reference the learned weights were compared with, and used when the weights file is absent.
HAND_WEIGHTS = {
    "head_noun": 3.0, "self_noun": 2.0, "verb_before": 2.0, "owner_before": 1.0, "list": 1.5,
    "subject": 1.0, "predicate": 1.0, "in_title": 1.0, "repeated": 1.0, "attached": 1.0, "de_after": -1.0,
    "speech": -5.0, "long": -2.0, "pause": -2.5, "stock": -6.0, "adjectival": -2.0, "date": -9.0,
    "not_before": -3.0, "account": -4.0, "two_chars": -2.0, "deng_after": -0.5, "in_book_title": -0.5,
    "people": -2.0, "markup": -6.0, "place_or_award": -3.0, "numbered": 1.0, "verb_after": 1.5,
    "concept": -4.0, "vehicle": 2.0, "counted": 1.0, "generic": -2.0, "dot": 1.0, "enumerated": 3.0,
    "kind_before": 3.0, "first_of_kind": 3.0, "ordinal_item": 3.0, "bias": 0.0,
}
# The weights in use: a logistic regression over the same evidence, fitted on the dev splits by
# bench/train_initiative_scorer.py (initiative_weights.json records how), because with VETO
# below it beat the hand weights on the test splits (docs/BENCHMARKS.md, "Initiatives on
# independent text"; by a margin within noise). Its bias includes ACCEPT, so "score >= ACCEPT"
# is "probability >= 0.5".
WEIGHTS_FILE = Path(__file__).with_name("initiative_weights.json")


def _load_weights(path: Path) -> dict[str, float]:
    if not path.exists():
        return dict(HAND_WEIGHTS)
    learned = json.loads(path.read_text(encoding="utf-8"))["weights"]
    # evidence added after the file was fitted keeps its hand weight until the next fit
    return {k: float(learned.get(k, HAND_WEIGHTS[k])) for k in HAND_WEIGHTS}


WEIGHTS = _load_weights(WEIGHTS_FILE)
# Evidence that decides alone whatever the weights say: what docs/INITIATIVES.md names as "not
# an initiative" (speech, figures of speech and generic words, roles, honours and objects of an
# action, accounts, places, businesses and awards, ideas and goals) and what cannot be a name
# (a date, a markup value). The learned weights
# under-weight them (few dev examples); with the veto they beat the hand weights on test.
VETO: tuple[str, ...] = ("speech", "date", "markup", "account", "not_before", "stock", "place_or_award", "concept",
                         "adjectival")

# A version or an edition of something (“1.0版”, “升级版”, “非遗版”, “社区定制版”, “…线下版”): what
# kind of copy it is, not a programme. A name with its version keeps the name (“数字家园2.0版”).
# (a programme's name with its edition after a dash, “…——开心农场线下版”, keeps the name)
_EDITION = re.compile(r"\d+(?:\.\d+)?版|[^\d—·]{1,2}版|[^—·]*(?:升级|加强|豪华|精简|简易|迷你|全新|线上|线下|定制)版")
# 了 inside a short quote: a verb with its aspect word, a clause (not 为了 "for", 了解, 了不起)
_CLAUSE_LE = re.compile(r"[^为除]了(?!解|不起)\S")

# Candidates found some other way than as a quoted span: accepted as found (see the docstring),
# never re-read by the lexical scorer.
NOT_QUOTED = frozenset({"campaign", "code", "event", "book", "paren", "circle", "unquoted"})

# The second reading of a quoted span (``lexical_score``): a logistic regression over the evidence
# above, the score it gives, and the characters of the name and of its clause around it, fitted
# on the dev splits (independent and real) by bench/train_initiative_scorer.py --lexical. The
# evidence says what kind of thing the context names; the characters say what the labellers
# treated as names and as figures of speech that no list of stock phrases has (“硬件”, “露天夜市”
# are words; “…驿站”, “…行动” are names), and which verbs and nouns around a quote go with
# programmes. Absent file: the evidence weights decide alone.
LEXICAL_FILE = Path(__file__).with_name("initiative_lexical.json")
_LEXICAL_CLAUSE = re.compile(r"[，。；！？,;!?\n]")
_LEXICAL_WINDOW = 12  # characters read on each side of the span (its clause cut to 6 of them)


def _load_lexical(path: Path) -> tuple[dict[str, float], float] | None:
    if not path.exists():
        return None
    model = json.loads(path.read_text(encoding="utf-8"))
    return {k: float(v) for k, v in model["weights"].items()}, float(model["bias"])


LEXICAL = _load_lexical(LEXICAL_FILE)
# what the scorer does not re-read: names found otherwise than quoted, and the members of a quoted
# list counted right after it (“甲”“乙”“丙”三座场馆: the count says they are names)
LEXICAL_SKIP = NOT_QUOTED | {"enumerated"}
# what it cannot overturn: the guide's exclusions, and generic words that describe the work
# (“邻里互助”项目: ``describes`` in ``score_quote``). The other figures the evidence caps (``figure``)
# it may accept: on the real dev batches left out in turn, vetoing them too cost recall for as
# much precision
LEXICAL_VETO = (*VETO, "describes")


def lexical_features(text: str, c: Candidate) -> dict[str, float]:
    """What the lexical scorer reads of a quoted candidate, scored by the evidence weights."""
    f = {"ev=" + k: float(v) for k, v in c.evidence.items() if v}
    f["score"] = max(-6.0, min(6.0, c.score - ACCEPT))
    f["acc"] = float(c.score >= ACCEPT)
    before = text[max(0, c.start - _LEXICAL_WINDOW):c.start]
    after = text[c.end:c.end + _LEXICAL_WINDOW]
    core = c.core
    for key in ("b1=" + before[-1:], "a1=" + after[:1], "last=" + core[-1:], "last2=" + core[-2:],
                "first=" + core[:1], f"len={min(len(core), 12)}"):
        f[key] = 1.0
    ahead = _LEXICAL_CLAUSE.split(after)[0][:6]
    for prefix, words in (("cbg=", core), ("bbg=", _LEXICAL_CLAUSE.split(before)[-1][-6:]), ("abg=", ahead)):
        for i in range(len(words) - 1):
            f[prefix + words[i:i + 2]] = 1.0
    if not ahead:
        f["a_punct"] = 1.0  # the clause ends at the span
    return f


def lexical_score(text: str, c: Candidate, model: tuple[dict[str, float], float]) -> float:
    """The candidate's score under the lexical scorer: ``ACCEPT`` or more when its probability
    reaches the threshold the fit chose (the file's bias includes it)."""
    weights, bias = model
    return ACCEPT + bias + sum(weights.get(k, 0.0) * v for k, v in lexical_features(text, c).items())


# “…”(a gloss)的创始人: the person founded or runs what the quote names (``score_quote``).
_FOUNDER = re.compile(r"(?:[(（][^()（）\n]{1,24}[)）])?的(创始人|发起人|创办人|主理人)")
# The rest of a list after a quoted member, up to the 等 that closes it (``score_quote``).
_LIST_TAIL = re.compile(r"、[^，,。；;！!？?：:\n]{1,40}?等")
# Evidence that says what kind of thing a quoted span is (a programme, a venue, a list of them);
# without any, weaker signs (repeated, a verb before) need a longer, non-generic name.
_STRONG = frozenset({"head_noun", "self_noun", "list", "enumerated", "numbered", "vehicle", "verb_after", "dot",
                     "owner_before", "kind_before", "first_of_kind", "ordinal_item"})
# a quoted name numbered as one of the steps or parts a story then explains (一是‘甲’，用…；二是‘乙’，…)
_ORDINAL_BEFORE = re.compile(r"(?:[一二三四五六七八九十]是|其[一二三四五六])$")
_ORDINAL_ITEM = re.compile(r"(?:[一二三四五六七八九十]是|其[一二三四五六])[“‘「『][^”’」』\n]{2,8}[”’」』][,，:：]")
_EXPLAINED = frozenset(",，:：")
# “…” announced as the first of its kind (建设首个“…”, 上海首条“…”, 今年首批“…”开班): a named thing.
# (not 第一个“…”, which is as often a figure: 第一个“吃螃蟹”的人)
_FIRST_OF_KIND = re.compile(r"首[个家条座支批所间]$")
# Evidence that a quoted span is a slogan, speech or figure of speech (``accepted``).
_WORDS_NOT_NAMES = ("speech", "pause", "stock")

_CJK = r"\u4e00-\u9fff"
_NAMEISH = re.compile(rf"[{_CJK}A-Za-z0-9·+]")
_SENT_PUNCT = re.compile(r"[，,。！？!?；;：:…]|\.\.")
_COUPLET_PART = re.compile(rf"[{_CJK}‘’]{{3,9}}")
# words of a sentence, not of a slogan's parallel halves (“暖心饭，也是街道…” is a quote left open)
_COUPLET_NOT = re.compile("[的了是也将在把被就都还又着过]|通过|可以|已经")


def _is_couplet(content: str) -> bool:
    """Two or three short clauses split by commas (党建引领，治理赋能; 行暖社区，爱满周浦;
    沪皖一家亲，稳岗相伴，接您回‘嘉’): how an event or a campaign is titled."""
    parts = re.split("[，,]", content)
    return 2 <= len(parts) <= 3 and all(_COUPLET_PART.fullmatch(p) for p in parts) and not _COUPLET_NOT.search(content)


# ˙ (a spacing dot above) stands for the middle dot in some CMS output; NFKC turns it into a
# space and a combining dot (U+0307), which is how it reaches names from normalised text
_DOTS = re.compile("[•・‧∙⋅●˙]| ?\u0307")
_CLAUSE_BREAK = "，,。！？!?；;：:\n、（）()【】[]—-|/▲◇■□●·"
_OPENERS = "“「『‘\""
_CLOSERS = {"“": "”“", "「": "」", "『": "』", "‘": "’", '"': '"', "”": "”“"}
# A right quote opens a span too where a closing quote cannot stand: at the start of a line or
# after a space, a colon or a bracket (”二元结构” in some captured headlines). After a sentence's
# or a clause's end (…需求。” / …，”他说) it is the closing quote of speech, and what follows it
# up to the next opening quote is not a name.
_OPEN_RE = re.compile(r"[“「『‘\"]|(?:(?<=^)|(?<=[\s：:（(]))”", re.M)
# A brand given in parentheses after the generic name of its venue or service:
# 党群服务中心(乐邻·邻里中心). Both sides are checked in ``_paren_names``.
_PAREN = re.compile(rf"(?<=[{_CJK}])[（(]([{_CJK}A-Za-z·]{{2,12}})[)）]")
_PAREN_AFTER = re.compile(r"(?:中心|站|点|驿站|馆|厅|室|屋|基地|平台|项目|品牌|空间|之家)$")
# A brand set after the generic name of its venue or programme by a dash or a dot (打造社区服务
# 品牌——睦邻港, 10家党群服务中心·睦邻港), and a brand·sub-brand written before the venue it names
# (老街桂园·乐膳坊社区食堂): the generic noun says what kind of thing the brand is.
_DOT = "·•・‧∙⋅"
_APPOSED = re.compile(rf"(?:中心|驿站|之家|空间|品牌|项目|工程|平台)(?:——|[{_DOT}])([{_CJK}]{{2,6}})"
                      r"(?=[，,。；;、！!？?\s)）]|$)", re.M)
# (a brand may start with a number, 1号里·枫桦邻里中心; never with the particle before it:
# 颛桥的一家人·颛益汇邻里中心)
_DOT_BRAND = re.compile(rf"((?:\d{{1,3}}[{_CJK}]{{1,3}}|(?![的在和与及为是])[{_CJK}]{{2,4}})[{_DOT}][{_CJK}]{{2,5}}?)"
                        r"(?=(?:社区|邻里)?(?:食堂|驿站|中心|之家|书房|书屋|客厅|空间|服务站|睦邻点))")
# A dotted brand whose first part holds the place or verb before it, or whose second part ends in
# the first word of its venue (党群服务站): the brand's edges are not where the pattern put them
_DOT_BRAND_TORN = re.compile(rf"(?:街道|举办|开展|启用|成立|打造|建设|位于).*[{_DOT}]|[{_DOT}].*党群?$")
# a quoted pair of names set apart by a space (``accepted``)
_QUOTED_PAIR = re.compile(r"^[“「『‘\"]\s*(\S+)\s+(\S+)\s*[”」』’\"]")
# A brand family listed without quotes, its members sharing the part before the dot
# (湾区·汇、湾区·享、湾区·悦): three or more members say the dotted names are brands.
_DOT_FAMILY = re.compile(rf"([{_CJK}]{{2,4}})[{_DOT}][{_CJK}]{{1,3}}(?:、\1[{_DOT}][{_CJK}]{{1,3}}){{2,}}")
_DOT_MEMBER = re.compile(rf"[{_CJK}]{{2,4}}[{_DOT}][{_CJK}]{{1,3}}")
# A venue's rooms listed by their brand names, each glossed in parentheses with the generic room
# it is (设有乐邻站(居民活动室)、书香阁(阅览室)、暖食府(社区食堂)…): a run of three or more says
# the names are the brands, the glosses only what kind of room each is.
_GLOSSED_ITEM = re.compile(rf"([{_CJK}]{{2,7}})[（(]([{_CJK}]{{2,10}})[)）]")
_GLOSS_NOUN = re.compile("(?:室|站|中心|食堂|房|厅|馆|驿站|屋|空间|角|区|阵地)$")
_GLOSSED_LEAD = re.compile(r"^.*?(?:设有|设置|包括|包含|涵盖|分为|建有|打造|配备|开设|里面有|内有)")
# The city's "N-minute circle" programmes have one shape and many subjects (15分钟社区生活圈,
# 15分钟养老服务圈, 一刻钟便民生活圈): recognised by the shape, like a campaign.
_CIRCLE = re.compile(r"(?:(?:5|10|15|20|30|五|十|十五|二十|三十)分钟|一刻钟)[^\W\d_的为A-Za-z]{1,10}?圈")
# Unquoted names: a launch verb, a modifier of 2–6 characters and a programme noun
# (推出老杨工作法, 设立灯塔书屋). The modifier must say something a generic phrase would not
# (``_distinctive``): 开展志愿服务行动 and 设立党群服务站 name kinds of work, not one programme.
# (not 行动, 计划, 工程, 服务站 or 课堂: unquoted, they end generic phrases far more often than
# names — 开展河道保洁专项行动, 分类知识进课堂)
# (and the teams a story founds by name: 成立了青松戏曲小组)
_FOUNDED_TEAMS = ("合唱队", "合唱团", "舞蹈队", "舞蹈团", "艺术团", "戏曲小组", "二胡队", "诗社", "摄影社", "书画社")
_UNQUOTED_HEADS = ("工作法", "工作室", "驿站", "书屋", "书房", "会客厅", "议事会", "宣讲团", "帮帮团", "睦邻点",
                   "之家", "服务社", "义工队", "志愿队", "志愿服务队", "志愿者服务队", "志愿者队", "讲师团", "托班",
                   *_FOUNDED_TEAMS)
_UNQUOTED = re.compile(
    "(?:推出|推行|打造|开展|创设|设立|成立|组建|创建|建立|启动|实施|首创|总结|提炼|培育|孵化|开设|建成|升级|擦亮|叫响|"
    "依托|特设|新设|组织开展|全面推行)(?:了|出)?"
    rf"(?:一个|一支|一批|一项|首个|首家|全新的?|新的)?([{_CJK}]{{2,6}}?)(" + "|".join(_UNQUOTED_HEADS) + ")"
    rf"(?![{_CJK}]{{0,1}}(?:建设|体系|机制|模式))")
# A venue's brand written without quotes before the kind of venue it is (人人屋党群服务站, 平阳汇
# 社区食堂): the brand ends in a house word; what stands before it (a place, 在, 的) is cut.
_BRAND_VENUE = re.compile(rf"([{_CJK}]{{1,4}}(?:汇|屋|阁|坊|荟|驿))(?:社区食堂|长者食堂|党群服务站|党群服务点|睦邻点|睦邻中心)")
_BRAND_LEAD = re.compile(r"^.*(?:街道|镇|村|区|路|的|在|了|和|与)")
# An unquoted list whose members end in the same programme noun names programmes
# (涵盖楼道美化共建行动、低碳出行共创行动、银发关爱行动): the shared noun is the tell.
_LIST_HEADS = ("行动", "计划", "工程", "项目", "工作法", "工作室", "驿站", "之家", "节")
_UNQUOTED_LIST = re.compile(rf"(?<![{_CJK}])?([{_CJK}]{{2,10}}?({'|'.join(_LIST_HEADS)}))(?:、[{_CJK}]{{2,10}}?\2){{2,}}")
_LIST_TELL = re.compile(f"(?:{'|'.join(_LIST_HEADS)})、")  # cheap test before the list pattern
_LIST_LEAD = re.compile(r"^(?:涵盖|包括|包含|推出|开展|实施|启动|打造|设立|组织|举办|有|如|即|是|为|了|等)+")
# An unquoted list of the story's teams, each with a name of its own and its kind of team
# (孵化扶持了百灵鸟合唱队、朝阳舞蹈团、金乐朝阳管乐团): the members are named teams.
_TEAM_NOUNS = (*_FOUNDED_TEAMS, "管乐团", "读书会", "时装队", "模特队", "剧社", "太极队", "腰鼓队", "民乐队", "戏曲队",
               "京剧社", "越剧社", "沪剧社", "编织社", "骑游队",
               # the instruments, arts and sports a community team is named for (银燕二胡队, 追影摄影社)
               "排舞队", "旗袍队", "秧歌队", "锣鼓队", "舞龙队", "龙舟队", "乐队", "民乐团", "摄影队",
               "书法社", "舞蹈社", "合唱社", "朗诵队", "朗诵团", "沪剧队", "越剧队", "京剧队", "柔力球队", "健身操队",
               "拳操队", "木兰队", "歌咏队", "文艺队", "戏剧社", "话剧社", "健身队", "读书社")
_TEAM = "|".join(_TEAM_NOUNS)
_PRIZE_AFTER = re.compile(r"(?:等)?(?:分别)?(?:获得|荣获|夺得|摘得|获)")
_TEAM_LIST = re.compile(rf"(?:[{_CJK}A-Za-z0-9]{{2,8}}?(?:{_TEAM})、)+[{_CJK}A-Za-z0-9]{{2,8}}?(?:{_TEAM})")
# where the first member's name starts: after the verb or particle before it (…扶持了百灵鸟合唱队,
# 成立百灵鸟合唱队、…)
# (not at 和, 与 or 为: 和美合唱团, 为民艺术团 are names)
_TEAM_LEAD = re.compile(r"^.*(?:[了的在由把将等]|成立|组建|孵化|扶持|培育|引进|拥有|包括)")
# Nouns that end the name of a team, an alliance or a venue of the story's own (古北市民议事厅,
# 市民巡访团, 某某青年志愿服务联盟): written without quotes, such a name is one when the story
# repeats it (below).
_OWN_NAME_ENDS = ("议事厅", "驿站", "书屋", "书房", "志愿服务队", "志愿队", "服务队", "巡访团", "宣讲团", "联盟",
                  "睦邻点", "会客厅", "工作室", "艺坊", "服务社", "之家", "学堂", "讲堂", "市集", "集市")
_OWN_NAME_END = re.compile("|".join(_OWN_NAME_ENDS))
# what stands before such a name and is not part of it: a place, a verb, a count
# (not the 区 of 区域化 or the 村 of 村民: 新桥镇区域化党建联盟 is not 域化党建联盟)
_OWN_NAME_LEAD = re.compile(r"^.*(?:区(?!域)|镇|街道|村(?!民)|的|了|在|是|和|与|及|或|暨|对|向|为|新建|新增|加入|参观|走进|来到|依托|位|个|家|支)")
# An unquoted list of two or more things the story calls brands (开展甲、乙、丙等品牌活动, 打造甲、
# 乙等服务品牌): each member is a name. (Other kinds after 等, 活动 or 项目 alone, list topics and
# services as often as names: measured on real dev text, 11 right against 45 not.)
_BRAND_LIST = re.compile(
    rf"(?:推出|开展|组建|成立|打造|培育|形成|创建|举办|开设|推进|实施)(?:了|出)?"
    # (…等知名品牌: a trade's or a firm's brands, 培育某某、某某等知名品牌, not a programme's)
    rf"((?:[{_CJK}A-Za-z0-9·]{{2,10}}、)+[{_CJK}A-Za-z0-9·]{{2,10}})等(?!知名)[{_CJK}]{{0,4}}?品牌")
# The same after a launch verb, the members counted and called spaces or venues of one kind
# (打造甲、乙、丙三个主题空间, 建成甲、乙两大阵地; not 功能区, rooms named by what they are for, nor
# 场景, which lists slogans as often: 打造了暖心不停歇、工作不止步…四个美好场景).
_COUNTED_LIST = re.compile(
    rf"(?:打造|建成|建设|设立|开设|推出|创设|开辟|布局)(?:了|出)?"
    rf"((?:[{_CJK}A-Za-z0-9·]{{2,10}}、)+[{_CJK}A-Za-z0-9·]{{2,10}})(?:等)?(?:[两二三四五六七八九十]|\d{{1,2}})(?:个|大|处)"
    rf"[{_CJK}]{{0,4}}?(?:空间|阵地|站点|场馆|驿站|服务点)")
# Words a generic phrase is made of; a modifier made only of them is not a name.
_GENERIC_WORDS = tuple(sorted({
    "志愿", "志愿者", "服务", "政务", "专项", "整治", "集中", "宣传", "培训", "党建", "党群", "党员", "社区", "居民", "居委", "治理",
    "帮扶", "关爱", "攻坚", "提升", "主题", "系列", "各类", "相关", "多项", "文明", "安全", "环境", "综合", "便民", "为民",
    "为老", "养老", "助老", "敬老", "民生", "实事", "新时代", "实践", "示范", "特色", "品牌", "一批", "多个", "各项", "清洁",
    "家园", "美化", "行动", "工作", "建设", "创建", "巡查", "平安", "健康", "公益", "爱心", "暖心", "学习", "教育", "宣讲",
    "文化", "体育", "法治", "普法", "调解", "网格", "楼组", "家庭", "青年", "青少年", "少年", "妇女", "儿童", "老年", "长者", "老人", "残疾人",
    "退役军人", "百日", "三年", "年度", "城市", "乡村", "振兴", "更新", "改造", "垃圾", "分类", "消防", "防汛", "防疫",
    "疫情", "专业", "社会", "组织", "群众", "街道", "镇", "村", "区", "市", "小区", "楼宇", "企业", "商户", "职工", "工会",
    "妇联", "团委", "共青团", "少先队", "科普", "读书", "阅读", "心理", "法律", "医疗", "卫生", "就业", "创业", "帮困",
    "救助", "慈善", "互助", "邻里", "睦邻", "议事", "协商", "自治", "共治", "共建", "共享", "联建", "联动", "基层",
    "一", "二", "三", "四", "五", "大", "小", "新", "微", "好", "各", "该", "此", "这", "其", "本", "全", "多", "等",
    "的", "和", "与", "及", "个", "支", "项", "批", "家", "名", "级", "型", "类", "种", "化", "性", "式", "点", "站",
    "人才", "能力", "素质", "质量", "品质", "效能", "水平", "培养", "结对", "对口", "专题", "重点", "日常", "常态",
    "机制", "部分", "区域", "传统", "现代", "优化", "参与", "覆盖", "配套", "公共", "有形", "无形",
}, key=len, reverse=True))


_GENERIC_RUN = re.compile("(?:" + "|".join(map(re.escape, _GENERIC_WORDS)) + ")+")


@lru_cache(maxsize=65536)
def _distinctive(modifier: str) -> bool:
    """True when ``modifier`` is not made only of generic words."""
    return not _GENERIC_RUN.fullmatch(modifier)


# numbered venues of one kind (第二市民驿站, 第三市民驿站): instances, not programmes
_ORDINAL = re.compile(r"第[一二三四五六七八九十百零〇两\d]+")


# The rest of an unquoted list of topics (…、食品安全等政策解答): its members are subjects
# explained or asked about, not campaigns reported as run.
_TOPIC_KIND = r"等(?:方面的?)?(?:政策|知识|话题|内容|咨询|解答|问题|主题)"
_TOPIC_LIST = re.compile(rf"[、][^，,。；;！!？?：:\n]{{0,30}}?{_TOPIC_KIND}")
# ... and its last member (…、新时代文明实践等主题)
_TOPIC_TAIL = re.compile(_TOPIC_KIND)
# the rest of a document's title in 《》 after a campaign named in it (…施工导则》, …的实施意见》)
_DOCUMENT_TITLE_END = re.compile(r"[^》\n]{0,40}?(?:意见|通知|方案|办法|规定|导则|规划|条例|指南|细则|标准|决定|报告|纲要|规范|要点)》")
# Words right after a campaign that make it the topic of a talk, a quiz or a game (垃圾分类宣传, …知识).
_TOPIC_AFTER = re.compile(r"(?:宣传|知识|小游戏|游戏|飞行棋|讲座|科普|咨询|竞赛|问答)")
# A kind of venue listed among other kinds (…服务中心、新时代文明实践分中心、文化活动中心, 整合…点、睦邻点、
# 姐妹微家): the facilities a building or a network has, not a programme the story reports as run.
_FACILITY_NOUNS = "中心|站|点|所|室|馆|之家|家园|微家|驿站|食堂|学校"
_FACILITY_END = re.compile(f"(?:{_FACILITY_NOUNS})$")
_FACILITY_BEFORE = re.compile(f"(?:{_FACILITY_NOUNS})[”」]?、$")
_FACILITY_AFTER = re.compile(rf"、[“「]?[{_CJK}A-Za-z]{{1,12}}?(?:{_FACILITY_NOUNS})(?=[”」]?[、，,。；;等和及与])")


# an unquoted list of the services a venue offers (党群服务、政务服务、…)
_SERVICE_ITEM = re.compile(rf"[{_CJK}]{{1,6}}服务(?=[、，,等])")


def _service_list(text: str, start: int, end: int) -> bool:
    """True when [start, end) is a member of an unquoted 、-list with two or more `…服务` items
    in the same clause: the functions a venue or building offers, not a programme run."""
    if text[start - 1:start] != "、" and text[end:end + 1] != "、":
        return False
    lo = max(text.rfind(c, 0, start) for c in "，,。；;：:\n")
    hi = min((i for i in (text.find(c, end) for c in "，,。；;\n") if i >= 0), default=len(text))
    return len(_SERVICE_ITEM.findall(text, lo + 1, hi)) >= 2


def _facility_list(text: str, start: int, end: int) -> bool:
    return bool(_FACILITY_BEFORE.search(text, max(0, start - 3), start) or _FACILITY_AFTER.match(text, end))


# Campaigns whose names are also ordinary descriptive phrases.
_DESCRIPTIVE = re.compile("(?:美丽|绿色|幸福|和谐|平安)[\u4e00-\u9fff]{2}")
# An unquoted event that opens: 某区社区邻里节正式启动.
_OPENING = re.compile(rf"(?:^|(?<=[\s，,。；;！!？?:：]))([{_CJK}]{{3,12}}?(?:节|宣传周|活动周|文化季|艺术季|论坛))"
                      r"(?:系列活动)?(?:正式|隆重|火热)?(?:启动|开幕|拉开帷幕|启幕|开锣)", re.M)
_OPENING_TELL = re.compile("启动|开幕|拉开帷幕|启幕|开锣")
_SERIES_DASH = re.compile(r"\s*(?:——|—|--|－－)\s*")
_BOOK = re.compile(r"《([^《》\n]{1,40})》")
_CODE = re.compile(r"(?<![\d.+])\d{1,4}(?:\s*\+\s*(?:\d{1,4}|[XN](?![A-Za-z])))+(?![\d+])", re.I)
_ALL_CODE = re.compile(r"^\d{1,6}(?:\+(?:\d{1,4}|[XN]))*$")
# (quotes may stand inside the name: 第三届“暖心”短视频大赛 is the 暖心短视频大赛)
_NTH_EDITION = "第[0-9一二三四五六七八九十百]{1,4}届"  # (an edition's number: 第五届)
_EVENT = re.compile(rf"(?:{_NTH_EDITION}|首届)[“「\"]?([{_CJK}A-Za-z0-9·“”「」\"]{{2,16}}?"
                    r"(?:文化节|艺术节|邻里节|读书节|美食节|旅游节|菜花节|桃花节|节|季|周|伙伴日|开放日|论坛|大赛|运动会|嘉年华|"
                    r"健步行|健步走|音乐会|晚会|村晚|庙会|市集|集市|联赛))(?![\u4e00-\u9fff])?")
# ... or named after its year (2023上海樱花节, 2022年上海咖啡文化周, 2025第三届…节): a year's edition of a
# festival; not a public holiday (2024年春节, 龙年春节), nor words of the sentence (2019年起就开始举办…)
_YEAR_EVENT = re.compile(rf"(?<!\d)(?:19|20)\d\d(?:年度?|·)?(?:{_NTH_EDITION})?[“「\"]?"
                         rf"((?:[{_CJK}A-Za-z0-9·]{{2,14}}?暨)?[{_CJK}A-Za-z0-9·]{{2,14}}?(?:文化节|艺术节|旅游节|文化周|嘉年华|村晚|运动会|马拉松赛?|节))"
                         "(?![约能目点日奏拍俭省气])")  # (节 of 节约, 节目: no festival)
_NOT_IN_EVENT = re.compile("^年|[起就被是又的和与及在于为将已届]|举办|举行|开始|列入|庆祝")
# An event the story says is held every year (每年举办邻里节活动, 一年一度的读书周): recurring, so
# a named event even without quotes or a number.
_YEARLY = re.compile(rf"(?:每年|每年度|一年一度的?|年年)(?:都|均)?(?:会)?(?:举办|举行|开展|组织|推出)(?:的)?"
                     rf"([{_CJK}]{{2,8}}?(?:节|季|周|论坛|大赛|嘉年华|健步行|健步走|音乐会|晚会|庙会|市集|联赛))"
                     rf"(?![{_CJK}]{{0,1}}(?:期间|前后|当天|之际))")
# A themed week or month of a campaign (食品安全宣传周, 终身学习活动周, 消防宣传月), named without
# quotes, edition or place: the words before the kind, cut after the last word of the sentence or
# of its holder (…届, 某区, 开展了, 作) standing before them. On the 3,801 real dev pages 55 of 66
# such phrases are (inside) a labelled name.
_THEMED_WEEK = re.compile("宣传周|宣传月|活动周|活动月")  # (the words before it are read back from there)
_THEMED_WEEK_BEFORE = re.compile(rf"[{_CJK}]{{0,12}}$")
_THEMED_WEEK_CUT = re.compile(r".*(?:届|年|在|作|是|为|通过|开展|组织|推进|启动|举办|举行|暨|和|及|的|了|次|这|本|此|该"
                              r"|(?<![社园景片城])区|(?<![城超门])市|镇|街道|上海|乡|村|以|于|借|值|逢|到|与|参加|参与|围绕|结合|利用)")
_THEMED_WEEK_GENERIC = re.compile(r"^(?:整场|主题|系列|专题|宣传|大型|集中|特色|各类|相关)*(?:宣传周|宣传月|活动周|活动月)$")
# Headings of a list of projects set between stars at the start of a line (★项目名2.0★ 某居民区):
# each names one project (a version number after it is not part of the name). Two or more.
_STARRED = re.compile(r"^[ \t]*([★☆◆])([^★☆◆\n]{2,24}?)(?:\s*\d(?:\.\d)?版?)?\1", re.M)
_DATEISH = re.compile(r"^\d+[·.\-/]\d+$|^\d+月\d*日?$|^[一二三四五六七八九十]{2,3}五$"
                      r"|^[一二三四五六七八九十]{1,2}[·.][一二三四五六七八九十]{1,3}$"  # (“八.七”会议: a date)
                      # the 24 solar terms (借“秋分”节气): the calendar, not a programme
                      r"|^(?:立春|雨水|惊蛰|春分|清明|谷雨|立夏|小满|芒种|夏至|小暑|大暑|立秋|处暑|白露|秋分|寒露|霜降"
                      r"|立冬|小雪|大雪|冬至|小寒|大寒)$"
                      # the world's and international days (“世界读书日”, “国际志愿者日”) and memorial days
                      # (“学雷锋纪念日”): the calendar too
                      r"|^(?:世界|国际)[\u4e00-\u9fff]{1,10}日$|^[\u4e00-\u9fff]{1,8}纪念日$")
_STOP_AFTER = "的等和与及是在为将已由把被让向从到于也都还并就了着过而"
_PREDICATE = "是由已将在自为也都还"
# 为 that begins a noun's modifier rather than a clause (为老服务项目, 为民服务站).
_FOR_WHOM = ("为老", "为民", "为小")
# A verb that is part of a noun (开放日活动, 宣传月): not where the noun phrase ends.
_VERB_AS_NOUN = re.compile(r"[\u4e00-\u9fff]{2}(?:日|月|周|季)")
# Head nouns that are also verbs: before 于 they are the verb (服务于, 建设于).
_VERB_NOUNS = ("服务", "建设", "治理", "营造", "改造", "创建", "联动", "示范", "试点", "考核", "议事", "志愿", "工作")
# A count and a measure word right after a list of quoted names (“…”“…”“…”三座场馆, 两项制度).
_COUNT_AFTER = re.compile(r"([两二三四五六七八九十]|\d{1,2})(?:个|栋|幢|座|项|大|支|条|家|处|种|类|间|位|张)")


def _cn_count(s: str) -> int:
    return int(s) if s.isdigit() else "一二三四五六七八九十".find(s.replace("两", "二")) + 1


# Adverbs that open a predicate right after a name (“…”持续升级, “…”逐步推开): the words after are
# not a noun the name modifies.
_ADVERBS = ("不断", "持续", "逐步", "正在", "已经", "陆续", "进一步", "首次", "率先", "相继", "日益", "越来越")
_ZONES = ("实践区", "示范区", "商务区", "功能区", "开发区", "园区", "片区", "新城", "集聚区")
# Nouns after a quoted name that make it a business, a housing estate or a site rather than a
# programme (“云溪小筑”民宿度假村, “88安置基地”, “…”牌子); they outrank a head noun further on.
_PLACE_HEADS = ("民宿", "度假村", "酒店", "宾馆", "饭店", "餐厅", "餐馆", "公司", "集团", "商场", "大厦", "大楼",
                "公寓", "楼盘", "安置基地", "安置房", "景区", "商圈", "码头", "牌子", "地块", "产业园", "经营主体")


# right before a name: a count of instances (12个“街委会”, 9家长者照护之家, 100个农村睦邻点; 第一个 and
# 首个 are an order)
_COUNTED_BEFORE = re.compile(r"(?<![第首])[0-9一二三四五六七八九十百千两几]+(?:个|家|支|处|座|所|项)(?:社区|村|居民区|农村)?$")
# the endings of the lexicon's kinds of venue
_VENUE_ENDS = ("中心", "汇", "站", "驿站", "点", "厅", "家园", "之家", "客堂间")


def _spelled_out(text: str, e: int, core: str) -> bool:
    """A numbered bundle whose parts the story lists right after a colon, as many as it counts
    (“四个全”：全域覆盖、全程分类、全面处置、全民参与): a method named by its parts."""
    if not text.startswith((":", "："), e):
        return False
    clause = re.split(r"[。；;!?！？\n]", text[e + 1:e + 120], maxsplit=1)[0]
    parts = [p for p in re.split("[、，,]", clause) if p.strip()]
    nums = [_cn_count(c) for c in re.findall("[一二两三四五六七八九十]", core)]
    return len(parts) >= 2 and all(len(p) <= 12 for p in parts) and bool(nums) \
        and len(parts) in (nums[0], sum(nums))


def _place_chain(core: str) -> bool:
    """Sites joined by dashes (“某枢纽-某商务区-某中心”, an axis or a route): places, not a programme."""
    parts = re.split(r"[-—–~～]+", core)
    return len(parts) >= 2 and any(p.endswith((*_ZONES, *_PLACE_HEADS, "枢纽")) for p in parts[:-1])


# the words after a quoted name that make it a canteen for residents (“…”社区餐厅, “…”长者餐厅)
_RESIDENTS_CANTEEN = re.compile("(?:社区|长者|老年|助老|为老|邻里|睦邻)(?:食堂|餐厅|餐馆)")


def _community_meals(core: str) -> bool:
    """A quoted name of a restaurant (“我嘉餐厅”, “老字号长者餐厅”): in community news the brand of a
    canteen run for residents, a named venue brand; a trade word before it (“网红餐厅”) is not one."""
    return core.endswith(("餐厅", "餐馆")) and core[:-2] not in STOCK_PHRASES


# A quoted name ending so is a street, a bridge or a building (“见过最繁华的杨树浦路”), or a
# description of a place (“…之地”).
# (路 but not 线路, 之路, 思路 …: “广中友好线路” is a named route, “幸福之路” a programme)
_PLACE_END = re.compile(r"(?:(?<![线思出之道门新套心])路|大桥|大厦|大楼|码头|广场|商城|之地|好地方)$")
# Honours and titles given to people or places (“社区志愿服务之星”).
_HONOURS = ("之星", "标兵", "模范", "先进个人", "先进集体", "好人", "榜样", "最美家庭", "示范户")
# ... and titles of people of that shape (“全市最美护绿人”, “十佳楼组长”; a contest for things,
# “最美楼道”, is a campaign)
# the first of its kind in the city or the land (“上海第一村”, “第一井”, “江南第一桥镇”, “上海头部村”):
# a title a place holds, not a programme
_FIRST_OF_ITS_KIND = re.compile(r"^(?:上海|沪上|全国|中国|江南|浦东)?(?:第一|头部)[\u4e00-\u9fff]{1,3}$")
# how work is done, in many ways at once (“多层次”“多维度”“多主体”): a manner, not a name
_MANY_SIDED = re.compile("^多(?:层次|维度|主体|元化?|渠道|方位|样化?|领域|部门|形式|途径|角度|方面|元素|场景)$")
_HONOUR_START = re.compile(r"^(?:全国|全市|全区|市级|区级)?(?:最美|十佳|百佳|优秀).*(?:人|者|员|长|书记|家庭|集体|团队)$")
# (not 超市, 农场, 合作社, 小区: “爱心超市”, “开心农场” are common programme brands)
_GENERIC_VENUE = re.compile("[大小新微老]?(?:讲堂|舞台|食堂|议事厅|会客厅|客厅|书房|驿站|课堂|学堂|书屋|广场|花园|公园|礼堂"
                            "|图书馆|博物馆|文化馆|美术馆|纪念馆|活动室|阅览室)"
                            # ... and a kind of team (5支“舞蹈队”): a team of that kind, not one named team
                            "|(?:舞蹈|合唱|腰鼓|太极|书法|摄影|志愿者?|志愿服务|巡逻|宣讲|文艺|健身|戏曲)(?:队|团)")
# A venue named only by generic words (社区食堂, 居家养老服务中心): in parentheses after a venue it
# says what kind of venue that is (…养老服务中心(社区食堂)), it is not a brand.
_GENERIC_VENUE_NAME = re.compile("(?:" + "|".join(map(re.escape, _GENERIC_WORDS)) + "|居家|日间|照料)*(?:"
                                 + _GENERIC_VENUE.pattern + "|中心|服务中心|服务站|服务点|之家|站|点|室)")
_ACCOUNT = ("公众号", "微信公众号", "视频号", "抖音号", "账号", "网易号", "微博", "App", "APP", "app", "客户端", "门户网站",
            "官方网站", "官网")
# Verbs that report an account as launched or run (a platform of the work), not as a channel.
_ACCOUNT_RUN = re.compile("启用|开通|开设|推出|打造|创建|创办|运营|上线|发挥")
# Verbs that end the noun phrase after a name (“两新”组织中建立…: the phrase is 组织).
_HEAD_VERBS = ("建立", "开展", "推出", "推行", "成立", "组建", "设立", "打造", "举办", "启动", "提供", "负责", "兑换",
               "发布", "覆盖", "实现", "开放", "上线", "走进", "助力", "推动", "享受", "享有", "获得",
               "诞生", "孕育而生", "应运而生", "问世")
# A numbered bundle: how mechanisms are named in these stories (“一站八部”, “两旧一村”, “三会”,
# “三园一总部”): numerals, each followed by one to three other characters.
_NUMBERED = re.compile(r"(?:[一二两三四五六七八九十百千]+[^一二两三四五六七八九十百千\d、,，·\s]{1,3}){1,3}")
# The story says the name was carried out right after it (“村财镇理”全面实施, “…”正式启用).
_VERB_AFTER = re.compile(r"(?:全面|正式|已经|已|将|再次|持续|不断|进一步|率先|同步)?"
                         r"(?:实施|落地|启动|上线|建成|覆盖|成立|运行|推广|揭牌|亮相|启用|投用|延伸|升级|提速|试点|"
                         r"落户|开张|开课|开班|开营|运作|实行|推行|拉开帷幕|开幕|启幕|举行|举办|开锣|火热开启|"
                         r"诞生|孕育而生|应运而生|问世)")
# Nouns after a quote that make it an idea, a trait, a slogan or a problem (docs/INITIATIVES.md:
# slogans and goals are not initiatives).
_CONCEPT_AFTER = re.compile(r"^(?:的)?(?:重要|核心|基本|发展|治理|服务|工作|主要|突出)?(?:理念|概念|学说|精神|思想|要求|特点|特征|问题|难题|口号|标语|字样|定位|目标|宗旨|"
                            r"原则|氛围|称号|荣誉|奖项|授奖|表彰|关键词|关键字|热词|资源|优势|要素|的便捷|的便利|的佳绩|态势|势头|局面|期间|时期|主题(?!活动|党日|教育|实践|项目|嘉年华|日|节|月|周|展|赛|市集|晚会))")
# A way of working named by the quote before 的 (“…”的新模式, “…”的工作法).
# (a short modifier may stand between: “小区自管”的长效机制, “多方共议”的协同治理)
_MODE_AFTER_DE = re.compile(rf"[{_CJK}]{{0,3}}?(?:模式|机制|做法|工作法|品牌|格局|体系|治理)(?![{_CJK}])")
_OWNER_BEFORE = re.compile(r"(?<!农)(?<!乡)(?<!城)(?<!全)(?<!城市)(?:街道|镇|村|区|社区|小区|居民区|乡|新区|园区|居委|党委|党工委|片区|街区|楼宇|市)"
                           r"(?:里|内)?的?$")
# (not 农村, 乡村, 城市, 全区: a kind of place, not the owner of a programme — 筑好农村“防疫网”)
# A brand set right after the generic name of its kind (服务品牌“…”, 实践项目“…”, 工作室“…”)
_INTRO_MARK = re.compile(r"(?:——|—|[:：])\s*$")
_KIND_BEFORE = re.compile(r"(?:品牌|项目|工程|平台|工作室|子品牌)$"
                          # ... or the story says the quote is its name (服务中心雅名“…”, 取名为“…”)
                          r"|(?:雅名|取名|命名|定名|冠名|起名|名为|名叫|称作)(?:为|是|叫)?$"
                          # ... or one of a batch of a named designation (成为第四批“…”)
                          r"|(?:第[一二三四五六七八九十\d]{1,3}|首)批$"
                          # ... or the kind of venue it is the name of (公园图书馆“…”, 服务站“…”)
                          r"|(?:图书馆|书房|书屋|书院|服务站|服务点|驿站|食堂|会客厅|议事厅|工作站|服务队|志愿队)$")
# where in a building a named space is (三楼的“…”, 大厅一侧的“…”, 墙上的“…”): the quote names a room
_ROOM_BEFORE = re.compile(r"(?:[一二三四五六七八九十\d]+[楼层]|大厅|一侧|墙上|露台|屋顶|天台|底楼|顶楼)的$")
# ... or before an example of its kind (便民项目，比如“…”、“…”)
_KIND_SUCH_AS = re.compile(r"(?:品牌|项目|工程|平台|工作室)[，,]?\s*(?:如|例如|比如|包括)$")


@dataclass(slots=True)
class Candidate:
    start: int                       # where the surface starts in the analysed text
    end: int
    core: str                        # the stored name
    full_name: str                   # the surface form: quotes and attached head noun kept
    kind: str                        # named | code | campaign
    head: str = ""                   # words attached after the name (平安建设项目)
    evidence: dict[str, float] = field(default_factory=dict)
    score: float = 0.0
    group: int = -1                  # the list of quoted names it is a member of (candidates)


# ------------------------------------------------------------------ normalisation


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → simplified characters (OpenCC ``t2s``); simplified text is unchanged."""
    return _t2s().convert(text) if text else text


_END_NOISE = "“”\"'‘’「」『』《》【】[] @#*~^=_"


def _strip_ends(s: str) -> str:
    """Quotes, brackets and noise at either end; a round bracket only without its partner inside
    (“某某(街心花园)”项目 keeps its closing bracket: `某某(街心花园)`, not `某某(街心花园`)."""
    while True:
        t = s.strip(_END_NOISE)
        if not t:
            return t
        opens, closes = t.count("(") + t.count("（"), t.count(")") + t.count("）")
        if t[:1] in "(（" and t[-1:] in ")）" and re.search(r"[)）]", t).end() == len(t):
            t = t[1:-1]  # the whole name in brackets
        elif t[-1:] in ")）" and closes > opens:
            t = t[:-1]
        elif t[:1] in "(（" and opens > closes:
            t = t[1:]
        if t == s:
            return t
        s = t


@lru_cache(maxsize=65536)
def normalize_name(name: str) -> str:
    """Canonical spelling of a name: NFKC, quotes stripped, dots unified, CJK spacing dropped,
    codes upper-cased. Does not change characters' script or drop suffixes (see core_name)."""
    s = unicodedata.normalize("NFKC", _DOTS.sub("·", name))
    # (and the noise a spam page splices into its text: “第二曲线@@”)
    s = _strip_ends(s.strip())
    s = re.sub(r"[“”\"‘’「」『』《》]", "", s)
    s = _DOTS.sub("·", s)
    s = re.sub(rf"(?<=[{_CJK}·])\s+|\s+(?=[{_CJK}·])", "", s)
    s = re.sub(r"\s+", " ", s).strip()
    if re.fullmatch(r"[\dxXnN+ ]+", s) and "+" in s or s.isdigit():
        s = s.replace(" ", "").replace("x", "X").replace("n", "N")
    return s


_NUMERALS = "一二两三四五六七八九十百千万0123456789"


@lru_cache(maxsize=65536)
def core_name(surface: str) -> str:
    """The stored name of a programme written as ``surface`` (module docstring): simplified,
    quotes and a noun outside them removed, a varying generic noun inside them dropped.

    >>> core_name("“七个一百”实践行动"), core_name("「五邊十色」助老服務卡"), core_name("“邻里帮帮小组”")
    ('七个一百', '五边十色', '邻里帮帮')
    """
    s = unicodedata.normalize("NFKC", _DOTS.sub("·", surface)).strip()
    # (a year's edition may stand before the quoted name: “2016‘某某进社区’座谈会”)
    m = re.match(r"^(?:(?:19|20)\d\d年?度?)?[“”\"‘’「」『』《]([^“”\"‘’「」『』《》]+)[“”\"‘’「」『』》]", s)
    if m and len(m.group(1).strip()) >= MIN_NAME_LEN:
        # a quoted name with words after it: the words after are not part of the core (a pun's one
        # character quoted inside a name, “‘盈’在未来线”, is not a name: the whole is)
        s = m.group(1)
    s = to_simplified(normalize_name(s))
    # one edition of a recurring programme (“2019年某区邻里守望志愿服务周”): the year, and the
    # district or city that runs it, are not part of the programme's name
    # (a bare year needs the holder after it: 2025上海·某某戏剧节, not 2025计划)
    m = re.match(rf"(?:19|20)\d\d(?:年度?(?:(?:{_district_names()})·?)?|(?:{_district_names()}|上海)·?)", s)
    if m and len(s) - m.end() >= MIN_CORE:
        s = s[m.end():]
    # one version of a programme (“口袋公园1.0版”, “睦邻汇2.0”, “某某平台(2.0版本)”): the version is not
    # part of its name
    m = re.search(r"\s*[(（]?[0-9]\.[0-9](?:版|版本)?[)）]?$", s)
    if m and m.start() >= MIN_NAME_LEN:
        s = s[: m.start()]
    for suf in GENERIC_SUFFIXES:
        # (not the last part of a numbered bundle: “一中心一品牌” is not 一中心一)
        if s.endswith(suf) and len(s) - len(suf) >= MIN_CORE and s[-len(suf) - 1] not in _NUMERALS:
            s = s[: -len(suf)]
            break
    # a campaign's other spellings, quoted or not, are the campaign (“十五分钟社区生活圈”, 旧改)
    return _lexicon(str(CAMPAIGNS_CSV))[1].get(s, s)


@lru_cache(maxsize=1)
def _district_names() -> str:
    """An alternation of the districts' full names and the city's (seeds/districts.csv)."""
    names = [d.name for d in load_gazetteer().districts] + ["上海市"]
    return "|".join(map(re.escape, sorted(names, key=len, reverse=True)))


@lru_cache(maxsize=1)
def _place_names() -> frozenset[str]:
    """The city's, the districts' and the 街道/镇' names, full and short, former ones too: a core
    that is only a place (“静安区” of 选择“静安区”, 杨浦 of a “上理——杨浦” partnership) names no
    programme (seeds/districts.csv, seeds/subdistricts.csv)."""
    g = load_gazetteer()
    names = {n for d in g.districts for n in (d.name, d.short_name, *d.aliases)}
    names |= {n for u in g.subdistricts for n in (u.name, u.short_name) if len(n) >= 2}
    return frozenset(names | {"上海", "上海市", "申城", "沪"})


def _event_core(name: str) -> str:
    """The core of an edition of a recurring event: without the city or the district that holds
    it (2022上海某某湖文化旅游节, 第一届某某区健康生活节), as the guide stores a year's edition; a
    district's short name that is part of the festival's own name (奉贤菜花节) stays."""
    core = core_name(name)
    m = _holder_prefix().match(core)
    return core[m.end():] if m and len(core) - m.end() >= MIN_CORE else core


# What ends a festival or campaign period named after its place (上海书展, 奉贤黄桃节, 某区敬老月):
# a festival, a league, or a week or month of a kind of work (not 本周, 岁月).
_PLACE_EVENT_END = "(?:节|联赛|运动会|(?:龙舟|公开|邀请)赛|(?:宣传|活动|科技|电影|文化|慈善|旅游|读书|科普|体育|服务|敬老|关爱|保护)[周月])"
# ... what may follow such a name without being part of it (闵行科技节开幕式, 奉贤黄桃节18日开幕)
_PLACE_EVENT_AFTER = "(?![\u4e00-\u9fff])|(?=开幕|期间|系列|活动|也|已|为|将|于|迎来|今日|正式|在|暨|的|分会场)"
# words of a sentence, not of a name (上海教育走过的…, 奉贤这边有一个菜花节), and nouns ending in 节
# that are no festival (评比环节, 季节)
_NOT_IN_PLACE_EVENT = re.compile("[的和与及在于为将已届这那个有是]|(?:环|细|季|时|章|情|关|礼|调|音|小)节$")


@lru_cache(maxsize=1)
def _place_event() -> re.Pattern:
    """A recurring event named after the city or a district (上海科技节, 金山蜜瓜节; the
    districts' full and short names, seeds/districts.csv)."""
    names = {n for d in load_gazetteer().districts for n in (d.name, d.short_name)} | {"上海市", "上海"}
    places = "|".join(map(re.escape, sorted(names, key=len, reverse=True)))
    return re.compile(rf"(?:{places})(?:[\u4e00-\u9fff]{{2,8}}?{_PLACE_EVENT_END}|书展)(?:{_PLACE_EVENT_AFTER})")


def _event(start: int, end: int, core: str, surface: str) -> Candidate:
    """A recurring event found without quotes (an edition, a year's, a place's): accepted."""
    return Candidate(start, end, core, surface, "named", "", {"event": 1}, ACCEPT)


@lru_cache(maxsize=1)
def _holder_prefix() -> re.Pattern:
    """The city's and the districts' full names at the start of a name, one or more."""
    return re.compile(rf"(?:(?:{_district_names()}|上海)·?)+")  # (and the dot after it: 上海·某某节)


# ------------------------------------------------------------------ campaign lexicon


@dataclass(frozen=True, slots=True)
class Campaign:
    name: str
    aliases: tuple[str, ...]
    category: str
    scope: str


# Words a campaign surface's last character can start (社区通 in 社区通过, 创全 in 争创全国):
# such a match is not the campaign.
_SPLIT_WORDS = frozenset({"通过", "通讯", "通知", "通报", "通道", "全国", "全市", "全区", "全面", "全体", "全镇", "全村", "全县",
                          "全乡", "全年", "全部", "全街",
                          # (老伙伴们: old friends, not the 老伙伴 programme)
                          "伴们"})


def _lexicon_matches(rx: re.Pattern, text: str) -> Iterator[re.Match]:
    """The lexicon's matches, left to right; a match whose last character starts the next word
    (社区通过…, 争创全国…) is not one, and the search goes on from its second character (争创全国
    文明典范城区 holds 全国文明典范城区)."""
    pos = 0
    while (m := rx.search(text, pos)) is not None:
        if text[m.end() - 1:m.end() + 1] in _SPLIT_WORDS or not _quotes_close_inside(text, m.start(), m.end()):
            pos = m.start() + 1
            continue
        yield m
        pos = m.end()


def _quotes_close_inside(text: str, s: int, e: int) -> bool:
    """A match that reads through quotes keeps them whole: a quote it closes opens right before
    it (“城中村”改造), and one it opens closes inside it or right after it (“三旧”变“三新”); not the
    tail of another quoted word and what follows it (旧”改 in “三旧”改造)."""
    if not _QUOTE_CHARS.search(text, s, e):
        return True  # (a match inside a quote, “我们的节日·春节”, is decided as before)
    depth = 1 if s and text[s - 1] in _OPEN_QUOTES else 0
    for ch in text[s:e]:
        if ch in _OPEN_QUOTES:
            depth += 1
        elif ch in _CLOSE_QUOTES:
            if not depth:
                return False
            depth -= 1
        elif ch in "\"'":
            depth = depth - 1 if depth else depth + 1  # (straight quotes open and close alike)
    return depth == 0 or depth == 1 and text[e:e + 1] in _CLOSE_QUOTES + "\"'"


# the quote marks of quoted_spans (_OPENERS, _CLOSERS), curly ones by their side, and the straight
# single quote, which opens and closes alike as the straight double one does
_OPEN_QUOTES = _OPENERS.replace('"', "")
_CLOSE_QUOTES = "".join(c for c in dict.fromkeys("".join(_CLOSERS.values())) if c not in _OPENERS)
_QUOTE_MARKS = _OPEN_QUOTES + _CLOSE_QUOTES + "\"'"


def read_campaigns(path: Path) -> list[Campaign]:
    with open(path, encoding="utf-8", newline="") as f:
        return [Campaign(r["name"].strip(), tuple(a.strip() for a in (r.get("aliases") or "").split(";") if a.strip()),
                         (r.get("category") or "").strip(), (r.get("scope") or "").strip())
                for r in csv.DictReader(f) if (r.get("name") or "").strip()]


@lru_cache(maxsize=4)
def _lexicon(path: str) -> tuple[re.Pattern, dict[str, str]]:
    """One alternation of every surface (longest first) and surface → campaign name."""
    surfaces: dict[str, str] = {}
    for c in read_campaigns(Path(path)):
        for s in (c.name, *c.aliases):
            surfaces[s] = c.name
    # a quote may set off part of the name (“城中村”改造, “八五”普法, “三旧”变“三新”): stories
    # quote the part they pun on or explain, and the name reads through the quotes
    alt = "|".join(_INNER_QUOTE.join(re.escape(ch) for ch in s) for s in sorted(surfaces, key=len, reverse=True))
    return re.compile(alt), surfaces


_INNER_QUOTE = f"[{_QUOTE_MARKS}]?"
_GLOSS = re.compile(r"[(（][^()（）]{1,8}[)）]")
_QUOTE_CHARS = re.compile(f"[{_QUOTE_MARKS}]")


def load_campaigns(path: Path | None = None) -> list[Campaign]:
    return read_campaigns(Path(path or CAMPAIGNS_CSV))


# ------------------------------------------------------------------ candidates


def quoted_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, content) of every quoted span, quotes included in start..end."""
    out = []
    i, n = 0, len(text)
    while True:
        m = _OPEN_RE.search(text, i)
        if not m:
            return out
        s = m.start()
        closers = _CLOSERS[text[s]]
        j, lim = s + 1, min(n, s + 80)
        while j < lim and text[j] not in closers and text[j] != "\n":
            j += 1
        if j < lim and text[j] in closers:
            out.append((s, j + 1, text[s + 1:j]))
            i = j + 1
        else:
            i = s + 1


def _head(text: str, e: int) -> tuple[str, str]:
    """(the run of name-like characters after position e, cut at a particle, a locative, an
    adverb or a verb: the noun phrase the name modifies; the character that ends it)."""
    j = e
    while j < len(text) and j - e < 14 and _NAMEISH.match(text[j]) and (
            text[j] not in _STOP_AFTER or text.startswith(_FOR_WHOM, j)):
        if text.startswith(_ADVERBS, j):
            # “邻里彩虹”持续升级: an adverb starts the predicate; the name is the subject
            break
        # (里 of 邻里 is part of a word: “…”邻里中心, “…”邻里节; a locative right after the quote
        # ends the phrase too: 在点滴“小事”中服务居民, but not 中心 or 中队)
        if (text[j] in "里内" and text[j - 1] != "邻" or text[j] == "中" and text[j + 1:j + 2] not in ("心", "队")) \
                and (j > e or text[j + 1:j + 2] != "弄") \
                or j > e and text.startswith(_HEAD_VERBS, j) and not _VERB_AS_NOUN.match(text, j):
            break
        j += 1
    stop = text[j] if j < len(text) else ""
    return text[e:j], stop


# two-character words that end in a head noun without being one
_NOT_HEAD_WORDS = ("社会", "机会", "拓展", "发展", "开展", "进展", "延展", "重点", "亮点", "特点", "难点", "痛点", "堵点",
                   "焦点", "要点", "起点", "节点", "观点", "优点", "一系")  # (一系列措施: a number of measures)
# ... and words that start with one (“战时”队伍 is a team of the hour, not a team named 战时; 营商环境, 节约)
_NOT_HEAD_STARTS = ("队伍", "营商", "节约", "节能", "赛道", "带动", "圈粉", "展开", "展现", "站位", "点赞", "点亮", "团结")


def _head_noun(head: str) -> str:
    """The head up to and including its last programme noun starting within HEAD_WINDOW, or ''."""
    best = ""
    for m in _HEAD_NOUN_AT.finditer(head, 0, HEAD_WINDOW + 1 + _LONGEST_NOUN):
        if m.start() > HEAD_WINDOW:
            break
        if head.startswith(_NOT_HEAD_WORDS, m.start() - 1) or head.startswith(_NOT_HEAD_STARTS, m.start()):
            continue  # 会 of 社会化, 展 of 拓展, 点 of 重点: part of a word, not a meeting, a show or a site
        best = head[: m.start() + len(m.group(1))]
    return best


_HONOUR_LIST = re.compile(rf"[^。！？!?；;\n]{{0,60}}?等[0-9{_CJK}]{{0,10}}?(?:荣誉|称号|奖项|殊荣)")
# Titles the story says were awarded: counted after 评选出 (共评选出4家“…”), or listed before their
# roll of winners (“甲”“乙”表彰名单, 10个“…”复评结果)
# (the verb governs every counted title of its clause: 评选出4家“甲”、10个“乙”和5家“丙”)
_SELECTED_BEFORE = re.compile(r"(?:评选出|评出|评定出|表彰了|命名了)(?:[^，,。；;“”\s]{0,6}“[^“”\n]{1,20}”[、和及与]?)*"
                              r"[^，,。；;“”「」\s]{0,6}$")
_ROLL_AFTER = re.compile(r"(?:表彰|获奖|评选|复评|考评|命名)(?:名单|结果)|名单")


def _honour_list(text: str, e: int) -> bool:
    """The name before ``e`` is a member of a list of honours (…、“五星村”、…等荣誉称号)."""
    return _HONOUR_LIST.match(text, e) is not None


def _clause_start(text: str, s: int) -> bool:
    k = s - 1
    while k >= 0 and text[k] in " \t":
        k -= 1
    return k < 0 or text[k] in _CLAUSE_BREAK or text[k] in "”」』"


def _launched_list(text: str, s: int) -> bool:
    """The quote is an item of a list a launch verb opens (开展村民运动会、全民修身“十个一”、…)."""
    clause = re.split(r"[。；;！!？?\n，,：:]", text[max(0, s - 40):s])[-1]
    return "、" in clause and bool(_LAUNCH_RE.search(clause.split("、")[0]))


def _near_before(text: str, s: int) -> str:
    """The words before position s back to the last clause break (at most VERB_REACH)."""
    before = text[max(0, s - VERB_REACH):s]
    k = len(before)
    while k > 0 and before[k - 1] not in _CLAUSE_BREAK and before[k - 1] not in "”」』":
        k -= 1
    return before[k:]


def _parallel_kind(text: str, s: int, pos: int, stop: str) -> str:
    """The kind named after 等 when the quote opens a member of a list of quoted names each with
    its own words (“甲”读书分享、“乙”口述记录等品牌项目): a head noun, or ""."""
    if stop == "、":
        m_tail = _LIST_TAIL.match(text, pos)
        if not m_tail:
            return ""
        pos = m_tail.end() - 1
    clause = re.split(r"[，,。；;：:！!？?\n]", text[max(0, s - 60):pos])[-1]
    if len(re.findall("[“「『]", clause)) < 2 or re.match(_CONCEPT_AFTER, text[pos + 1:pos + 7]):
        return ""
    return _head_noun(_head(text, pos + 1)[0][:8])


# After 的, words that only a programme has: its pilot, its measures as one of a policy's, a part
# of a bigger plan, its trainees, members, volunteers and founders, its start (“…”的试点情况,
# “…”的举措之一, “…”的学员, “…”的牵头人, “…”的开展); not 的工作, 的推进办法 (any job, a method)
_DE_PROGRAMME = re.compile("的(?:试点|举措|重要内容|重要组成部分|学员|参与者|志愿者|成员|牵头人|诞生|开展)")
# the people a named programme is carried out by, right after its name
_PROGRAMME_ROLE = re.compile(r"(?:宣讲员|宣讲员们|讲解员|志愿者|讲师|宣讲人)")


def score_quote(text: str, s: int, e: int, content: str, title_end: int, counts: dict[str, int],
                list_member: bool, group: tuple[str, str, str, int] = ("", "", "", 0),
                members: int = 0) -> Candidate | None:
    """Score one quoted span (module docstring). ``group`` = (head noun after the list, words
    before the list, the words after the list, where the list ends) when the span is a member of
    a list of ``members`` quoted names: the members share them (“角里夜话”“青年市集”“创客下午茶”等
    活动)."""
    core = core_name(content)
    # (a quote listing names, “甲、乙、丙、丁”, may be longer than one name: _counted_members)
    limit = MAX_NAME_LEN if "、" not in core else 2 * MAX_NAME_LEN
    if not (MIN_NAME_LEN <= len(core) <= limit) or not re.search(rf"[{_CJK}A-Za-z0-9]", core):
        return None
    if len(re.sub(r"[^A-Za-z]", "", core)) == len(core) and len(core) < 2:
        return None
    ev: dict[str, float] = {}
    head, stop = _head(text, e)
    noun = _head_noun(head)
    before = text[max(0, s - VERB_REACH):s]
    near = _near_before(text, s)
    if head.startswith("杯"):
        noun = ""  # “…”杯…锦标赛: a cup named after its sponsor, not the programme
    elif noun and stop == "于" and len(noun) == len(head) and noun.endswith(_VERB_NOUNS):
        noun = ""  # “社区资源”服务于…: the noun is a verb here (服务于, 作用于)
    if list_member and not noun and group[0]:
        noun = group[0]
    # a city-wide kind of venue right after the quote (“吉祥广场”邻里中心, “乐龄”邻里汇) is the
    # noun the name brands, even one named after a square or a road
    m_venue = _lexicon(str(CAMPAIGNS_CSV))[0].match(text, e)
    venue_noun = bool(m_venue) and m_venue.group(0).endswith(_VENUE_ENDS)
    if venue_noun and not noun:
        noun = m_venue.group(0)
    if not noun and head == "制":
        noun = head  # “双街区长”制: a system named so
    if not noun and (m_role := _PROGRAMME_ROLE.match(head)):
        noun = m_role.group(0)  # “稻香新风”宣讲员: the programme a speaker or volunteer serves in
    # where the text after the name (or after its list) starts
    after_end = group[3] if list_member and group[3] else e
    if not noun and list_member and text.startswith("、", after_end):
        # quoted members of a list written partly without quotes that ends in 等 and the kind of
        # its members (…、“甲”、“乙”、丙等志愿服务项目) share that noun; one quoted member alone
        # among plain ones is only stressed
        m_tail = _LIST_TAIL.match(text, after_end)
        if m_tail and not re.match(_CONCEPT_AFTER, text[m_tail.end():m_tail.end() + 6]):
            noun = _head_noun(_head(text, m_tail.end())[0][:8])
    if not noun and not list_member and stop == "等" and not head:
        # one quoted name given as an example of a kind (…以及“甲”等活动): the kind after 等, when
        # it is a programme noun right there, is the name's head noun as it is for a list's members
        k = e + 1 + text.startswith("等", e + 1)
        if not re.match(_CONCEPT_AFTER, text[k:k + 6]):
            kind = _head_noun(_head(text, k)[0][:6])
            noun = kind if len(kind) <= 6 else ""
    mode = ""
    if not noun and text[after_end:after_end + 1] == "的" and "、" not in content:
        # (“政府搭台、居民参与”的运营模式: steps listed describe the way, they do not name it)
        m_mode = _MODE_AFTER_DE.match(text, after_end + 1)
        if m_mode and not re.match("(?:空间|发展|产业|城市|生态)(?:格局|布局)", m_mode.group(0)):
            # “你帮我助”“共建共联”的新模式: the story names a way of working (形成“…”的空间格局
            # describes a layout)
            mode = m_mode.group(0)
    if not noun and not mode:
        # “…”(an English name)的创始人: the quote names what a person founded and runs
        m_founder = _FOUNDER.match(text, after_end)
        if m_founder:
            mode = m_founder.group(1)
    if not noun and not mode and not list_member and head and stop in ("、", "等"):
        mode = _parallel_kind(text, s, e + len(head), stop)
    # two parallel halves split by a comma and named by the programme noun right after them
    # (“党建引领，治理赋能”专题系列活动, “红色领航，强基固本”…赋能行动) are its title, as two halves
    # split by a space are (below); a comma alone, without that noun, is speech or a slogan
    # (closed by a proper closing quote: one closed by the next opening quote, “甲，乙“…”, is
    # more often a quote left open than a doubled mark)
    couplet = bool(noun) and not list_member and text[e - 1] != "“" and _is_couplet(content)
    if _SENT_PUNCT.search(content) and not couplet or before.endswith((":", "：")) or near.endswith(SPEECH_BEFORE) \
            or re.match(r"^(?:他|她|我)?(?:说|表示|笑着说)[。,.:!！]", text[e:e + 5]):
        ev["speech"] = 1
    # a brand and its sub-brand joined with · (“银杏家园·温暖同行”, “邻立方·元宵集市”): how
    # programmes are named, and each part is measured for length on its own
    parts = core.split("·")
    if len(parts) == 2 and all(len(p) >= 2 and re.match(rf"[{_CJK}A-Za-z0-9]", p) for p in parts):
        ev["dot"] = 1
    if max(map(len, parts)) > LONG_NAME:
        ev["long"] = 1
    if "、" in core and all(_NUMBERED.fullmatch(p) for p in core.split("、")):
        # “两级统筹、三级联动”体系, “一厅、三站”布局: a mechanism named by its numbered
        # parts, not a slogan or a list of steps
        ev["numbered"] = 1
    elif "、" in core or (" " in core or re.search(rf"[{_CJK}]{{4}}\s+[{_CJK}]{{4}}", content)) and not noun:
        # a slogan in two halves (“志愿服务进社区 为民服务暖人心”), a list of steps; two halves
        # that name the event or venue after them are its title (“…… ……”开放日活动)
        ev["pause"] = 1
    plain = normalize_name(content)
    # (a figure with a degree adverb before it is the same figure: “严重先天不足”)
    if core in STOCK_PHRASES or plain in STOCK_PHRASES or _LAST_MILE.fullmatch(core) \
            or _DEGREE.sub("", core) in STOCK_PHRASES:
        # a figure of speech used as a brand (“零距离”党群服务站) keeps its head noun's evidence
        nouns = BRANDABLE_STOCK.get(core)
        ev["stock"] = 1 / 3 if noun and nouns is not None and (not nouns or head.startswith(nouns)) else 1
    if re.fullmatch(r"[\u4e00-\u9fff][得不][\u4e00-\u9fff]", core) and not noun:
        # a verb and what it can or cannot reach, quoted for stress (绿地“看得见”却“走不进”,
        # 工作“抓得实”): a figure, not a programme (dev readers: none of 9 such spans is a name)
        ev["stock"] = 1
    if core.endswith(("式", "化", "感", "性")) and not core.endswith("模式") and not noun \
            or len(core) >= 3 and core.endswith("的"):
        ev["adjectival"] = 1  # (“最受欢迎的”: a description quoted for stress, cut before its noun)
    if _NICKNAME.fullmatch(core) and not _NICKNAME_BRAND_HEADS.match(head or ""):
        ev["stock"] = 1  # “老书记”, “小凌书记”, “冯老师”: a person or a kind of person, not a programme
    if re.match("如何|怎样|怎么|为何|为什么|能否|是否", core) or core.endswith(("吗", "呢", "么")):
        ev["speech"] = 1  # “如何照顾独居老人”等话题: a question discussed, not a programme
    if _DATEISH.match(core) or _HOLIDAY.search(core) or re.fullmatch(r"\d0", core) and text.startswith("后", e) \
            or re.fullmatch(r"\d0后", core):
        ev["date"] = 1  # (and a generation: “00”后, “90”后, “90后”)
    if re.fullmatch(r"[A-Z]{2,5}|\d+A", core) and head.startswith("级") or _EDITION.fullmatch(core):
        ev["concept"] = 1  # a grade (“AAA”级), a version or an edition (“1.0版”花园, “升级版”, “社区定制版”)
    if _CLAUSE_LE.search(core):
        ev["speech"] = 1  # a clause with its aspect word (商户认为“影响了生意”): what someone said or felt
    if len(re.findall(rf"[{_CJK}A-Za-z]", core)) < 2 and not re.search(r"[\d+＋&]", core):
        ev["markup"] = 1  # “丁·——”: a ring tone or a mark, no name (“益+”小黄伞 is a brand)
    theme_end = group[3] if list_member and group[3] else e
    gloss = re.match(r"[(（][^()（）\n]{1,12}[)）]", text[theme_end:theme_end + 14])
    if gloss:  # 以“乐邻”(取快乐邻里之意)为品牌: a gloss in parentheses between the name and its frame
        theme_end += gloss.end()
    role_of = near.endswith(_ROLE_VERBS) and len(head) >= 3 and head.endswith(_ROLE_NOUNS)
    # 受聘成为“邻里星光”志愿服务宣讲员: the role is the noun after the quote, the quote names the
    # programme it belongs to (成为“门前管家” alone is the role itself)
    # (the words before a list stand before every member: 聚焦“…”“…”“…”)
    # (成为…的“…” / 变成…的“…”: a metaphor for what a place is to someone, 成为居民的“会客厅”)
    # (the words between may run over a list: 成为居民愿意来、经常来的“…”)
    figure = not noun and re.search(r"(?:成为|变成|化身为?|当好|做好)[^，,。；;“”\s]{1,16}的$", text[max(0, s - 20):s])
    # (a goal made into a named venue or programme, 打造成“…”为民服务阵地, names it: the noun after
    # the quote says what was made)
    goal_named = bool(noun) and near.endswith(_GOAL_VERBS)
    if (near.endswith(NOT_BEFORE) or list_member and group[1].endswith(NOT_BEFORE) or figure) and not role_of \
            and not goal_named \
            or (near.endswith("以") or group[1].endswith("以")) and re.match(
            r"^(?:为|作为)(?:主题|目标|理念|原则|名|主导|核心|导向|方向)", text[theme_end:theme_end + 4]):
        ev["not_before"] = 1  # a role, an honour, an object of clean-up, a theme (以“…”为主题)
    if not list_member and len(core) <= 4 and near.endswith(_ADVERBS_BEFORE):
        ev["not_before"] = 1  # 累计“存入”服务时长, 已“满员”: after an adverb the quote is a verb, not a name
    if not list_member and re.match(r"——\s*(?:\d{4}年|第[0-9一二三四五六七八九十]{1,3}届|首届)", text[e:e + 8]):
        ev["not_before"] = 1  # “…”——2025年某会议: the theme set before an event's title
    if core.endswith(("人", "者", "人家", "人群", "群体", "员", "组长", "楼长", "队长", "家长", "孩子", "朋友",
                      "校长", "教师", "老师", "医生", "律师")) \
            and core[0] not in _NUMERALS and (
            not noun or list_member and not head or _COUNT_AFTER.match(head)):
        # (also when the noun only comes from the list or its count: “家庭志愿者”“高校志愿者”
        # 两大平台 are kinds of volunteers the platforms are made of)
        ev["people"] = 1  # “新九亭人”, “旁观者”: a group of people, not a programme
    # (a list's members share the words after the list: “甲”“乙”等经营主体 are businesses)
    after_list = group[2].removeprefix("等") if list_member and not head else ""
    place_head = next((k for k in _PLACE_HEADS if k in (head or after_list)[:4]), "") or (
        "小区" if head.startswith("小区") else "")
    if place_head in ("餐厅", "餐馆") and _RESIDENTS_CANTEEN.match(head):
        place_head = ""  # “泗民Hui”社区餐厅: a canteen run for residents is a named venue, as “我嘉餐厅” is
    # (“金桂花苑”小区: an estate's name; “和美小区” with 小区 inside the quote is a programme)
    if place_head and (not noun or head.find(place_head) <= len(noun)):
        noun = ""  # the noun phrase is a business or a site: 民宿度假村项目 names a 民宿
    # a title the story says was awarded (共评选出4家“…”, “…”表彰名单) is an honour in every mention
    # (the quote is the whole title: in 评选出10个“美丽庭院”示范户 the programme names the honour)
    awarded = not noun and bool(_SELECTED_BEFORE.search(text, max(0, s - 80), s) or _ROLL_AFTER.match(head or after_list))
    if core.endswith(_ZONES) or core.endswith(_PLACE_HEADS) and not _community_meals(core) or place_head or re.search("奖|称号|荣誉|殊荣|先进", head) \
            or len(core) >= 3 and _PLACE_END.search(core) and not _NUMBERED.fullmatch(core) and not venue_noun \
            and not re.match("品牌|系列", head) or core.endswith(_HONOURS) or _HONOUR_START.match(core) or re.search("荣誉|称号|奖$", core) \
            or len(core) >= 4 and core.endswith("区") and not core.endswith(("社区", "街区", "小区")) \
            and not (core.endswith("城区") and noun) \
            or _honour_list(text, e) or _place_chain(core) or awarded or _FIRST_OF_ITS_KIND.match(core):
        ev["place_or_award"] = 1  # “…生态商务区”建设, “2020中国最美村镇”产业兴旺奖, …、“五星村”、…等荣誉称号
    if _GENERIC_VENUE.fullmatch(core) or _MANY_SIDED.match(core):
        ev["stock"] = 1  # “大讲堂”, “议事厅”: a kind of room, not one programme; “多层次”: a manner
    if text[s] == '"' and re.fullmatch(r"[A-Za-z0-9_\-]*[A-Za-z][A-Za-z0-9_\-]*", core):
        ev["markup"] = 1  # "ffb66": an attribute value left in captured text
    if (head or group[0] or group[2]).startswith(_ACCOUNT) or near.endswith(("关注", "作者")):
        channel = re.match(r"[^，,。；;！!？?\n]{0,12}?(?:宣传|发布|推送|报道)", text[after_end:after_end + 16])
        if (_ACCOUNT_RUN.search(near) or group[1] and _ACCOUNT_RUN.search(group[1])) and not channel:
            mode = "公众号"  # 启用“…”微信公众号: an account the story reports as run is a platform
            # (发挥“…”等公众号的推送作用: one used to publicise is a channel)
        else:
            ev["account"] = 1  # 关注“…”, 通过“…”公众号发布: where to read, not what is done
    if noun or mode:
        ev["head_noun"] = 1
    elif head or list_member and group[2] and text[group[3] - 1] != "等":
        # a list's members share the words after it (“村账镇记”“村资镇管”全面实施); after 等
        # those words name what kind of things the list holds: only a head noun counts there
        ev["attached"] = 1
    if stop == "的" and not head and not mode:
        if _DE_PROGRAMME.match(text, after_end):
            ev["head_noun"] = 1  # “…”的试点, 的学员: what follows says it is a programme run
        else:
            ev["de_after"] = 1
    if stop == "等" and not head and not list_member:
        ev["deng_after"] = 1
    # the name as written (core_name may have dropped the noun: “睦邻蓬勃计划” → 睦邻蓬勃)
    whole = to_simplified(plain)
    suffix = next((n for n in SELF_NOUNS if whole.endswith(n)), "")
    if suffix and len(whole) >= _SELF_NOUN_MIN.get(suffix, 3 if len(suffix) == 1 else len(suffix) + 2) \
            and not (suffix == "节" and _HOLIDAY.search(whole)) and not (suffix == "社" and whole.endswith(_FIRM_SHE)) \
            and not (suffix == "法" and whole.endswith(_COMMON_FA)):
        ev["self_noun"] = 1
    if _LAUNCH_RE.search(near) or group[1] and _LAUNCH_RE.search(group[1]):
        ev["verb_before"] = 1
    if _OWNER_BEFORE.search(near):
        ev["owner_before"] = 1
    # (the kind may stand before a dash or colon that introduces the name: 打造了某某品牌——“…”)
    kind_near = near or (_near_before(text, s - len(m_intro.group(0))) if (m_intro := _INTRO_MARK.search(before)) else "")
    if _KIND_BEFORE.search(kind_near) and not list_member or _KIND_SUCH_AS.search(before) or _ROOM_BEFORE.search(before) \
            or list_member and _KIND_SUCH_AS.search(group[1][-VERB_REACH:]):
        ev["kind_before"] = 1  # 读书品牌项目“…”, 便民项目，比如“…”: the generic noun before says what it is
    if _FIRST_OF_KIND.search(near) and text[after_end:after_end + 1] != "的":
        ev["first_of_kind"] = 1
    if _ORDINAL_BEFORE.search(text, max(0, s - 4), s) and text[e:e + 1] in _EXPLAINED and len(core) <= 8 and len(
            _ORDINAL_ITEM.findall(text, max(0, s - 300), e + 300)) >= 2:
        ev["ordinal_item"] = 1  # 一是‘甲’，…；二是‘乙’，…: the named steps of a method, each explained
    if list_member:
        ev["list"] = 1
    if _clause_start(text, s) and head and stop != "的":
        ev["subject"] = 1
    elif _clause_start(text, s) and not head and stop and (stop in _PREDICATE or text.startswith(_ADVERBS, e)):
        ev["subject"] = 1  # “生活盒子”已覆盖…, “翔邻汇”是…: the story is about it
        ev["predicate"] = 1
    counted_list = _COUNT_AFTER.match(group[2]) if list_member and members >= 2 else None
    if counted_list and _cn_count(counted_list.group(1)) == members and "people" not in ev \
            and not re.match(_CONCEPT_AFTER, group[2][counted_list.end():]):
        ev["enumerated"] = 1  # 设有“…”“…”“…”三座场馆: the story names each of its N things
    if counted_list and re.match("功能(?!区|室|厅)|篇章|环节", group[2][counted_list.end():]):
        # 新增“线上缴费”“取消报名”三大功能: what a service or a room can do; “…”“…”三大篇章: the
        # parts of one show
        ev["concept"] = 1
    if re.match(_CONCEPT_AFTER, text[e:e + 8]) or group[2] and re.match(_CONCEPT_AFTER, group[2]) \
            or re.search("(?:愿景|蓝图|目标|理念)$", head):
        # “人民城市”理念, “三老”特点, “急难愁盼”问题, “…”发展愿景: an idea, a trait, a problem, a goal
        ev["concept"] = 1
    if (near.endswith("以") or group[1].endswith("以")) and re.match(
            r"^(?:为|作为)(?:[\u4e00-\u9fff]{0,3}(?:项目|品牌|载体|平台)|抓手|依托|纽带|契机|切入点|突破口|牵引|引领|路径)",
            text[theme_end:theme_end + 7]):
        ev["vehicle"] = 1  # 以“大美育”为抓手: the means the story's work runs through
    if _COUNTED_BEFORE.search(near):
        ev["counted"] = 1  # 12个“街委会”, 60个“睦邻中心”: instances of a named kind of venue (第一个 is an order)
    if not _distinctive(whole[: len(whole) - len(suffix)] if suffix else whole):
        ev["generic"] = 1  # “自治平台”, “服务载体”: generic words only
    if re.search(r"[一二三四五六七八九十百千两\d]个$", core) or re.fullmatch(r"(.)\1(.)\2", core):
        ev["concept"] = 1  # “一平方公里一个”: a ratio; “上上下下”: a reduplicated description
    if re.fullmatch(rf"[{_CJK}]{{2,4}}(?:样本|样板|范本|经验|答卷|方案)", core) and not noun:
        ev["concept"] = 1  # 打造可推广的“某区样本”, 交出“某镇答卷”: how the media sum a place's work up
    if len(core) >= 3 and core.endswith("难") and not core.endswith(("解难", "排难", "纾难", "帮难")) \
            and not re.match("共解|破解|化解|纾解|解决|攻克", core):
        ev["concept"] = 1  # “停车难”已成为…老问题: a problem, not a programme (“帮你解难” is a service)
    if re.fullmatch(rf"[{_CJK}]{{1,4}}不出[{_CJK}]{{1,3}}", core):
        ev["speech"] = 1  # “湿垃圾不出村”, as “小事不出楼”: a goal, not a programme
    if re.search("(?:口号|标语|宣传语|倡议书)$", core):
        ev["concept"] = 1  # 宣讲“文明创建宣传口号”: the words said or written, not a programme
    if not noun and len(core) >= 8 and re.match("(?:打造|建设|推进|提升|加强|构建|实现|推动|促进|助力)", core) \
            and "的" in core:
        ev["speech"] = 1  # 发起“打造某街道儿童友好的城市空间”人民建议征集: a goal stated, not a name
    if (_NUMBERED.fullmatch(core) or re.fullmatch("[一二两三四五六七八九十]个[一二两三四五六七八九十百千]{1,2}", core)) \
            and len(core) <= 8:
        ev["numbered"] = 1  # (“六个一”, “七个一百”: a standard of N parts)
    after = group[3] + len(group[0]) if list_member and group[3] else e + len(noun)
    if _VERB_AFTER.match(text, after) and (list_member or len(head) <= len(noun) or text.startswith(_HEAD_VERBS, after)):
        ev["verb_after"] = 1
        ev.pop("attached", None)  # the words after are its predicate, not a noun it modifies
    if s < title_end:
        ev["in_title"] = 1
    if counts.get(core, 0) >= 2:
        ev["repeated"] = 1
    if len(core) == 2 and not noun and "verb_before" not in ev:
        ev["two_chars"] = 1
    if re.search(r"《[^》]*$", text[max(0, s - 30):s]):
        ev["in_book_title"] = 1
    score = WEIGHTS["bias"] + sum(WEIGHTS[k] * v for k, v in ev.items())
    if "owner_before" in ev and "attached" in ev and not {"generic", "people", "pause", "long"} & set(ev):
        # 某镇“…”兑换…, 某村“…”议出…: a place's own named thing doing something
        score = max(score, ACCEPT)
    if "numbered" in ev and ("verb_before" in ev or noun or _launched_list(text, s) or _spelled_out(text, e, core)):
        # a numbered bundle the story says is launched or that names a mechanism (推进“三个集中”,
        # 打造“六个一”标准): how mechanisms are named, whatever generic words it is made of
        score = max(score, ACCEPT)
    if awarded:
        ev["awarded"] = 1  # (after the score: a flag for ``accepted``, not weighed evidence)
    if text.endswith(_STORM_WORDS, max(0, s - 6), s) or text.startswith(_STORM_WORDS, e, e + 4):
        ev["storm"] = 1  # a typhoon's name (台风“某某”, “某某”台风): weather in every mention, a flag as above
    if VETO and any(ev.get(k) == 1 for k in VETO):
        score = min(score, ACCEPT - 1)
    elif not _STRONG.intersection(ev) and (set(ev) <= {"repeated", "in_title", "de_after", "deng_after", "long"}
                                           or len(core) == 2 or "generic" in ev):
        # nothing says what kind of thing it is: a word quoted twice (“新动能”), a two-character
        # word after a verb (借…的“东风”) or generic words (“楼宇社区”) are figures, not names
        score = min(score, ACCEPT - 1)
        ev["figure"] = 1
    elif "generic" in ev and not _STRONG.difference({"head_noun", "owner_before", "verb_after"}).intersection(ev):
        # generic words before a noun describe the work (“居民社区”治理, “邻里互助”项目); a name of
        # generic words needs to name itself (“共享书房”) or be a numbered bundle or a list member
        score = min(score, ACCEPT - 1)
        ev["describes"] = 1
    kind = "code" if _ALL_CODE.match(core) else "named"
    # (a list member's noun stands after the whole list: its surface is the quote alone)
    return Candidate(s, e, core, text[s:e] + noun if text.startswith(noun, e) else text[s:e], kind, noun, ev, score)


# Nouns of a season, festival or other recurring event: members of a list that end so are
# events even when the count after the list calls them themes (“春…季、夏…季” after a count of themes).
_EVENT_END = ("季", "节", "月", "周", "赛", "展", "集", "会")
# the one-character nouns that end the members of a family of names written in one quote
_FAMILY_ENDS = frozenset("站队团厅堂屋坊营季节赛展圈带廊园")


def _counted_members(text: str, e: int, cand: Candidate) -> list[str]:
    """The members of a quoted list written in one quote (“甲、乙、丙”) when a count equal to their
    number follows with a programme noun (三大服务品牌, 两项机制) or the members are events, or, with
    no count, when three or more end in the same venue, team, event or circle noun; else []."""
    if "、" not in cand.core or any(cand.evidence.get(k) == 1 for k in ("speech", "stock", "date", "markup")):
        return []
    members = [p for p in cand.core.split("、")]
    if not all(MIN_NAME_LEN <= len(p) <= LONG_NAME and re.search(rf"[{_CJK}A-Za-z0-9]", p) for p in members):
        return []
    if all(_NUMBERED.fullmatch(p) for p in members):
        return []  # a mechanism's numbered parts: one name (score_quote)
    m = re.match(r"([两二三四五六七八九十]|\d{1,2})(?:大|项|个|种|类|支|条|家)", text[e:e + 4])
    if not m and text.startswith("等", e) and "verb_before" in cand.evidence and all(
            len(p) >= 3 and _distinctive(p) and not _PLACE_END.search(p) and not p.endswith(_ZONES + _PLACE_HEADS)
            and not re.search("(?:园|廊道|绿道)$", p) for p in members):  # (景观廊道、市民公园: works built)
        # 实施“甲、乙”等创建工程: names launched, given as examples of a programme noun
        noun = _head_noun(_head(text, e + 1)[0][:6])
        if noun and not re.match(_CONCEPT_AFTER, text[e + 1:e + 5]):
            return members
    if not m:
        # three or more of one kind, each ending in the same venue, team, event or circle noun
        # (“便捷服务圈、温馨宜养圈、舒适宜居圈”): a family of names, counted or not; slogans end in
        # different words (“有温度、有质感、有品质”)
        ends = {p[-1] for p in members}
        return members if len(members) >= 3 and len(ends) == 1 and ends <= _FAMILY_ENDS else []
    if _cn_count(m.group(1)) != len(members):
        return []
    head, _ = _head(text, e + m.end())
    noun = _head_noun(head[:6])
    if noun and not re.match(_CONCEPT_AFTER, text[e + m.end():e + m.end() + 4]) or all(
            p.endswith(_EVENT_END) for p in members):
        return members
    return []


def _glossed_venues(text: str) -> list[tuple[int, int, str, int]]:
    """(start, end, name, where its gloss starts) of the members of runs of three or more
    brand(generic room) items joined by 、 or a comma (``_GLOSSED_ITEM``)."""
    if "(" not in text and "（" not in text:
        return []
    out: list[tuple[int, int, str, int]] = []
    run: list[re.Match] = []

    def flush():
        if len(run) >= 3 and sum(bool(_GLOSS_NOUN.search(m.group(2))) for m in run) * 3 >= len(run) * 2:
            for k, m in enumerate(run):
                name, start = m.group(1), m.start(1)
                if k == 0:  # the first member may carry the verb that opens the list
                    lead = _GLOSSED_LEAD.match(name)
                    if lead:
                        name, start = name[lead.end():], start + lead.end()
                if 2 <= len(name) <= 5 and _distinctive(name):
                    out.append((start, start + len(name), name, m.start(2)))

    for m in _GLOSSED_ITEM.finditer(text):
        if run and not re.fullmatch(r"[、,，]|和|及|以及", text[run[-1].end():m.start()]):
            flush()
            run = []
        run.append(m)
    flush()
    return out


def _spelled_across(text: str, name: str, s: int, e: int) -> bool:
    """``name`` is written at a place that overlaps s..e and runs on past e."""
    i = text.find(name, max(0, s - len(name) + 1), e + len(name))
    return 0 <= i < e and i + len(name) > e


_LAST_JOINERS = frozenset(("和", "及", "与", "以及", "、以及"))


def _within_words(spans: list[tuple[int, int]]):
    """A test of whether start..end lies inside one of ``spans`` with more than its quotes around it
    (s < start, end < e, e - s > end - start + 2), in log time: a long page has thousands of
    campaigns and quoted spans, and testing every pair was quadratic (8 MB: 3 s)."""
    spans = sorted(spans)
    starts = [s for s, _ in spans]
    reach = list(accumulate((e for _, e in spans), max))  # the farthest end among spans starting so far
    widest_at: dict[int, int] = {}
    for s_, e_ in spans:
        widest_at[s_] = max(widest_at.get(s_, e_), e_)

    def inside(start: int, end: int) -> bool:
        # a span starting two or more before: any end past `end` is wide enough; one starting right
        # before (an opening quote's place) must end two or more past it
        k = bisect.bisect_right(starts, start - 2)
        return (k > 0 and reach[k - 1] > end) or widest_at.get(start - 1, -1) >= end + 2

    return inside


def _unquoted(start: int, name: str, noun: str = "") -> Candidate:
    """An unquoted name found by its shape, written as it stands from ``start``: accepted."""
    return Candidate(start, start + len(name), core_name(name), name, "named", noun, {"unquoted": 1}, ACCEPT)


def _members_at(members: list[str], end: int) -> Iterator[tuple[int, str]]:
    """(where it starts, member) for each member of a 、-list whose last member ends at ``end``."""
    for k, member in enumerate(members):
        yield end - len("、".join(members[k:])), member


def _repeated_own_names(text: str, surfaces: dict[str, str]) -> list[Candidate]:
    """Unquoted names of the story's own teams and venues that it repeats: for each ending of
    _OWN_NAME_ENDS seen twice or more, the longest words before it that two of its occurrences
    share (a repeat that cannot grow to the left, so 是古北市民议事厅 and 长宁古北市民议事厅 give
    古北市民议事厅), less a place, a verb or a count in front; kept when what is left is not
    generic words only."""
    ends: dict[str, list[int]] = {}
    for m in _OWN_NAME_END.finditer(text):
        ends.setdefault(m.group(0), []).append(m.start())
    out: list[Candidate] = []
    for end_word, starts in ends.items():
        if len(starts) < 2:
            continue
        lefts = [text[max(0, s - 10):s] for s in starts]
        best = ""
        for k in range(2, 11):
            counts = Counter(left[-k:] for left in lefts if len(left) >= k and re.fullmatch(rf"[{_CJK}A-Za-z0-9·]+", left[-k:]))
            shared = [w for w, n in counts.items() if n >= 2]
            if not shared:
                break
            best = max(shared, key=lambda w: counts[w])
        if best and any(text[s - len(best) - 1:s - len(best)] in "”」』’\"" for s in starts
                        if text.startswith(best, s - len(best))):
            continue  # “5191”赋能工作室: the words after a quote are its noun, the quote is the name
        mod = _OWN_NAME_LEAD.sub("", best)
        if (verb := list(_LAUNCH_RE.finditer(mod))):
            mod = mod[verb[-1].end():]  # (新增政务服务驿站: what was set up, not the setting up)
        name = mod + end_word
        if len(mod) < 2 or not _distinctive(mod) or _ORDINAL.search(mod) or re.match(r"[\d一二三四五六七八九十几]", mod) \
                or name in surfaces or _GENERIC_VENUE_NAME.fullmatch(name) or mod.endswith("街"):
            continue
        at = text.find(name)
        out.append(Candidate(at, at + len(name), core_name(name), name, "named", "", {"unquoted": 1, "repeated": 1}, ACCEPT))
    return out


# the kind after a list's 等 with a short word quoted in it (一批社区“美育”品牌): the words before the
# quote, the quoted word
_KIND_QUOTE = re.compile(r"([^“”\"，,。；;、\n]{0,8})[“\"]([^“”\"\n]{1,6})[”\"]")
# between two members of a list: a gloss in parentheses (“甲”(…)、“乙”)
_GLOSSED_SEP = re.compile(r"[(（][^()（）\n]{1,24}[)）][、,]?")


def candidates(text: str, title_end: int = 0, campaigns_csv: Path | None = None) -> list[Candidate]:
    """Every candidate name of ``text`` (already NFKC and simplified), scored; text order."""
    out: list[Candidate] = []
    spans = [(s, e, c) for s, e, c in quoted_spans(text)]
    counts: dict[str, int] = {}
    for _, _, c in spans:
        k = core_name(c)
        counts[k] = counts.get(k, 0) + 1
    # lists of quoted names: runs of spans joined by nothing, 、 or a comma; in a run of two or
    # more, the last member may join with a conjunction (“…”、“…”和“…”志愿服务小组). Two names
    # joined by 和 alone are as often a pair of ideas (“…”和“…”两大部分) as two programmes.
    group_of: dict[int, tuple[str, str, str, int]] = {}
    size_of: dict[int, int] = {}
    i = 0
    while i < len(spans):
        j = i
        while j + 1 < len(spans) and ((sep := text[spans[j][1]:spans[j + 1][0]]) in ("", "、", ",")
                                      or _GLOSSED_SEP.fullmatch(sep) or sep in _LAST_JOINERS and j > i):
            j += 1
            if sep in _LAST_JOINERS:
                break
        if j > i:
            after = spans[j][1] + (1 if text[spans[j][1]:spans[j][1] + 1] == "等" else 0)
            head, _ = _head(text, after)
            # a word quoted inside the kind (…等一批社区“美育”品牌, …等多个“人人系列”主题项目): the
            # kind reads through its quotes (the quoted word is decided on its own)
            inner = _KIND_QUOTE.match(text, after) if text.startswith("等", after - 1) else None
            if inner:
                head, _ = _head(inner.group(1) + inner.group(2) + text[inner.end():inner.end() + HEAD_WINDOW], 0)
            near = _near_before(text, spans[i][0])
            wide = text[max(0, spans[i][0] - VERB_REACH):spans[i][0]]
            if _KIND_SUCH_AS.search(wide):
                near = wide  # 培育了多个服务品牌，如“甲”“乙”等: the kind, past the comma, is every member's
            shared = (_head_noun(head), near, head, after)
            for k in range(i, j + 1):
                group_of[k] = shared
                size_of[k] = j - i + 1
        i = j + 1
    for i, (s, e, c) in enumerate(spans):
        cand = score_quote(text, s, e, c, title_end, counts, i in group_of, group_of.get(i, ("", "", "", 0)),
                           size_of.get(i, 0))
        if cand is not None and i in group_of:
            cand.group = group_of[i][3]
        if cand is None:
            continue
        parts = _SERIES_DASH.split(cand.core)
        members = _counted_members(text, e, cand)
        if members:
            # “甲、乙、丙”三大服务品牌: one quote listing N names, counted right after
            for p in members:
                out.append(Candidate(s, e, core_name(p), cand.full_name, cand.kind, cand.head,
                                     {**cand.evidence, "enumerated": 1}, ACCEPT, cand.group))
        elif len(cand.core) > MAX_NAME_LEN:
            continue  # a long quoted list is read only for its counted members
        elif len(parts) == 2 and all(len(p) >= MIN_NAME_LEN and re.search(rf"[{_CJK}]", p) for p in parts):
            # a series and its event in one quote (“书香四季——春读季”): two programmes, decided
            # together
            for p in parts:
                out.append(Candidate(s, e, core_name(p), cand.full_name, cand.kind, cand.head, cand.evidence,
                                     cand.score, cand.group))
        else:
            out.append(cand)
    for m in _PAREN.finditer(text):
        inner = m.group(1)
        if re.match("(?:以下)?(?:简称|下称)", inner):
            continue  # (以下简称某某中心): the short form of the name before it, not a brand of its own
        # the brand of the venue named before it: a · brand or one that names itself a venue
        if _PAREN_AFTER.search(text[max(0, m.start() - 6):m.start()]) and (
                re.search(rf"[{_CJK}A-Za-z]·[{_CJK}A-Za-z]", inner) or inner.endswith(SELF_NOUNS) and len(inner) >= 4):
            core = core_name(inner)
            if core not in STOCK_PHRASES and not _GENERIC_VENUE_NAME.fullmatch(core):
                out.append(Candidate(m.start(1), m.end(1), core, inner, "named", "", {"paren": 1}, ACCEPT))
    glossed = _glossed_venues(text)
    if glossed:
        glosses = {g for _, _, _, g in glossed}
        out = [c for c in out if not ("paren" in c.evidence and c.start in glosses)]
        for s0, e0, name, _ in glossed:
            out.append(Candidate(s0, e0, core_name(name), name, "named", "", {"unquoted": 1}, ACCEPT))
    starts = [q[0] for q in spans]

    def quoted(pos: int) -> bool:
        k = bisect.bisect_right(starts, pos) - 1
        return k >= 0 and pos < spans[k][1]

    in_paren = [(c.start, c.end) for c in out if "paren" in c.evidence]
    dotted = {c.core for c in out if c.score >= ACCEPT and "·" in c.core}
    for rx_brand in (_APPOSED, _DOT_BRAND):
        for m in rx_brand.finditer(text):
            if quoted(m.start(1)) or any(lo <= m.start(1) < hi for lo, hi in in_paren):
                continue  # inside a quoted span or a brand in parentheses: decided there
            if any(_spelled_across(text, n, m.start(1), m.end(1)) for n in dotted):
                continue  # a piece of a longer brand the story quotes elsewhere (甲·乙营造中心)
            core = core_name(m.group(1))
            if re.search("(?:镇|街道|乡|河|塘)$", core):
                continue  # a place after the dash (…骨干工程——太浦河, …中心——某某镇), not a brand
            if rx_brand is _DOT_BRAND and _DOT_BRAND_TORN.search(m.group(1)):
                continue  # its edges fall inside the words around it (…街道举办新·尚党群服务站)
            if core not in STOCK_PHRASES and _distinctive(core.replace("·", "")):
                out.append(Candidate(m.start(1), m.end(1), core, m.group(1), "named", "", {"unquoted": 1}, ACCEPT))
    for m in _DOT_FAMILY.finditer(text):
        members = [(mm.start(), mm.group(0)) for mm in _DOT_MEMBER.finditer(text, m.start(), m.end())]
        # (the last member runs into the words after the list, 湾区·芯四个板块: it is cut to the
        # longest of the others)
        longest = max(len(n) for _, n in members[:-1])
        members[-1] = (members[-1][0], members[-1][1][:longest])
        for start, name in members:
            out.append(_unquoted(start, name))
    for m in _BOOK.finditer(text):
        core = core_name(m.group(1))
        head, _ = _head(text, m.end())
        noun = _head_noun(head[:4])
        if noun.endswith(("活动", "方案")):
            noun = ""  # 《书名》…活动 is an event about a work; 《…行动》实施方案, the plan for one
        if MIN_NAME_LEN <= len(core) <= MAX_NAME_LEN and (
                (len(core) >= 4 and normalize_name(m.group(1)).endswith(("行动", "计划", "工程", "项目")))
                or noun.startswith(("行动", "计划", "工程", "项目", "品牌"))):
            out.append(Candidate(m.start(), m.end(), core, m.group(0) + noun, "named", noun, {"book": 1}, ACCEPT))
    for m in _CODE.finditer(text):
        core = normalize_name(m.group(0))
        quoted = m.start() > 0 and text[m.start() - 1] in _OPENERS
        head, _ = _head(text, m.end() + (1 if quoted else 0))
        noun = _head_noun(head)
        if core.count("+") < 2 and not quoted and not noun:
            continue
        out.append(Candidate(m.start(), m.end(), core, m.group(0), "code", noun, {"code": 1}, ACCEPT))
    rx, surfaces = _lexicon(str(campaigns_csv or CAMPAIGNS_CSV))
    # every spelling of a campaign (十五分钟社区生活圈, 15分钟生活圈, 旧改) is stored under the
    # lexicon's name, so the views count one programme once; the spelling is its full_name
    for m in _lexicon_matches(rx, text):
        name = surfaces[_QUOTE_CHARS.sub("", m.group(0))]
        if m.start() and text[m.start() - 1] == "的" and _DESCRIPTIVE.fullmatch(m.group(0)) \
                and not re.match("建设|改造|创建|示范|工程|项目|行动|计划|村|街区|小区", text[m.end():m.end() + 2]):
            continue  # 有温度的美丽家园, 奉贤的美丽乡村: the words, not the campaign
        if _honour_list(text, m.end()) and re.match(r"(?:示范村|示范社区|示范街镇|示范镇|示范街道|村|镇|街镇)?[、，,”」]|等",
                                                    text[m.end():m.end() + 4]):
            # 获评…、精品小区、…等荣誉: a member of a list of honours the place holds
            # (inside a longer honour's title, “全区一网通办服务竞赛一等奖”, it is the campaign)
            continue
        if text[m.start() - 1:m.start()] == "、" and (_TOPIC_LIST.match(text, m.end()) or _TOPIC_TAIL.match(text, m.end())):
            continue  # …、垃圾分类、…等政策解答: a topic explained, one of a list of topics
        if _TOPIC_AFTER.match(text, m.end()):
            continue  # 垃圾分类宣传 / 知识 / 小游戏: the campaign as the topic of a talk or a game
        if _COUNTED_BEFORE.search(text, max(0, m.start() - 6), m.start()) and name.endswith(_VENUE_ENDS):
            continue  # 新建9家长者照护之家, 长者照护之家37家: instances of a kind of venue counted
        if _service_list(text, m.start(), m.end()):
            continue  # 提供党群服务、政务服务、新时代文明实践、…: one of the functions a venue offers
        if re.match("(?:的)?(?:新)?(?:格局|背景|大背景|叙事|浪潮|大潮|理念)", text[m.end():m.end() + 4]):
            continue  # 在乡村振兴背景下, 形成…的乡村振兴新格局, 融入…理念: the setting or idea, not the campaign run
        head, _ = _head(text, m.end())
        if re.match(rf"[{_CJK}]{{0,8}}(?:联盟|协会|委员会|商会|公司|集团)", head) or re.match(
                r"(?:办公室|办(?![理好法成实事]))", text[m.end():m.end() + 3]):
            continue  # …菜市场公厕行业党建联盟, 人民建议征集办(公室), 旧改办: an organisation or office named after it
        if m.group(0).endswith("分中心") and re.match(r"[，,]?(?:联合|携手|与|和|组织|举办|开展|通过)", text[m.end():m.end() + 3]):
            continue  # 某某街道新时代文明实践分中心联合…开展: the branch centre named after it, organising
        if re.search(r"《[^》\n]*$", text[max(0, m.start() - 40):m.start()]) and _DOCUMENT_TITLE_END.match(text, m.end()):
            continue  # 《关于加快推进旧区改造…的实施意见》: named in a document's title (not 《…焕新行动》)
        noun = _head_noun(head[:4])
        if _FACILITY_END.search(m.group(0) + noun) and _facility_list(text, m.start(), m.end() + len(noun)):
            continue  # 设置日间照护中心、长者照护之家、护理站: one of the kinds of room a building has
        out.append(Candidate(m.start(), m.end(), name, m.group(0) + noun, "campaign", noun, {"campaign": 1}, ACCEPT))
    for m in _BRAND_VENUE.finditer(text):
        brand = _BRAND_LEAD.sub("", m.group(1))
        start = m.end(1) - len(brand)
        if text[start - 1:start] in ("·", "•", "・") or quoted(start):
            continue  # part of a dotted brand (老街桂园·乐膳坊), or quoted: decided there
        if len(brand) >= 3 and _distinctive(brand[:-1]) and brand[0] not in "汇屋阁坊荟驿":
            out.append(Candidate(start, m.end(1), brand, m.group(0)[m.group(0).find(brand):], "named",
                                 m.group(0)[len(m.group(1)):], {"unquoted": 1}, ACCEPT))
    for m in _UNQUOTED.finditer(text):
        mod, noun = m.group(1), m.group(2)
        if _distinctive(mod) and not re.search("^[成出在到为把将由]|[的进和与及、了]", mod) \
                and not _OPEN_RE.match(text, m.start(1) - 1) and text[m.start(1) - 1] not in "”」』":
            out.append(_unquoted(m.start(1), mod + noun, noun))
    for m in _UNQUOTED_LIST.finditer(text) if _LIST_TELL.search(text) else ():
        noun = m.group(2)
        members = m.group(0).split("、")
        members[0] = _LIST_LEAD.sub("", members[0])
        for start, member in _members_at(members, m.end()):
            mod = member[: -len(noun)]
            if len(mod) >= 2 and _distinctive(mod) and not re.search("[的和与及]", mod) and not _ORDINAL.search(mod):
                out.append(_unquoted(start, member, noun))
    for m in _TEAM_LIST.finditer(text):
        if _PRIZE_AFTER.match(text, m.end()):
            continue  # 甲队、乙队、丙队分别获得冠、亚、季军: a contest's winners, not the story's teams
        members = m.group(0).split("、")
        lead = _TEAM_LEAD.sub("", members[0])
        cut = lead != members[0]
        members[0] = lead
        for k, (start, member) in enumerate(_members_at(members, m.end())):
            noun = next(n for n in _TEAM_NOUNS if member.endswith(n))
            mod = member[: -len(noun)]
            if k == 0 and not cut and len(mod) > 4:
                continue  # words of the sentence may stand before the first name (社区里和美合唱团)
            if len(mod) >= 2 and _distinctive(mod) and member not in surfaces and not _ORDINAL.search(mod):
                out.append(_unquoted(start, member, noun))
    for m in [*_BRAND_LIST.finditer(text), *_COUNTED_LIST.finditer(text)]:
        for start, member in _members_at(m.group(1).split("、"), m.end(1)):
            if _distinctive(member) and member not in surfaces and not _ORDINAL.search(member):
                out.append(_unquoted(start, member))
    out.extend(_repeated_own_names(text, surfaces))
    for m in _OPENING.finditer(text) if _OPENING_TELL.search(text) else ():
        # the place that holds it is not part of the name (某区社区邻里节 → 社区邻里节)
        name = re.sub(r"^[^区镇]{0,4}?(?:区|镇|街道)(?=.{3})", "", m.group(1))
        if len(name) < 4:
            name = m.group(1)  # (某某街道科技节: a name this short keeps its place)
        if len(name) >= 4 and not re.search("[的和与及届]", name):  # a festival that opens is one event
            out.append(Candidate(m.start(1), m.end(1), core_name(name), name, "named", "", {"unquoted": 1}, ACCEPT))
    for m in _CIRCLE.finditer(text):
        if m.group(0) not in surfaces:
            out.append(Candidate(m.start(), m.end(), core_name(m.group(0)), m.group(0), "campaign", "",
                                 {"circle": 1}, ACCEPT))
    starred = list(_STARRED.finditer(text)) if ("★" in text or "☆" in text or "◆" in text) else []
    for m in starred if len(starred) >= 2 else ():
        core = core_name(m.group(2).strip())
        if MIN_NAME_LEN + 1 <= len(core) <= MAX_NAME_LEN and core not in STOCK_PHRASES and not _DATEISH.match(core):
            out.append(Candidate(m.start(2), m.end(2), core, m.group(2), "named", "", {"unquoted": 1}, ACCEPT))
    for m in _YEARLY.finditer(text) if "年" in text else ():
        core = core_name(m.group(1))
        if len(core) >= MIN_NAME_LEN + 1 and not re.search("[的和与及、]", core):
            out.append(_event(m.start(1), m.end(1), core, m.group(1)))
    for m in _EVENT.finditer(text):
        core = _event_core(re.sub(r"[“”「」\"]", "", m.group(1)))
        if len(core) >= MIN_NAME_LEN + 1:
            out.append(_event(m.start(1), m.end(1), core, m.group(0)))
    for m in _YEAR_EVENT.finditer(text):
        before, joined, rest = m.group(1).partition("暨")  # (甲暨乙节: the festival is 乙)
        name, start = (rest, m.start(1) + len(before) + 1) if joined else (before, m.start(1))
        core = _event_core(name)
        if len(core) >= MIN_NAME_LEN + 1 and not _HOLIDAY.search(core) and not _NOT_IN_EVENT.search(core) \
                and not any(c.core != core and core.endswith(c.core) for c in out):
            # (a festival the page names otherwise too, 樱桃文化节, is not named again with its
            # place before it: 某某菊园樱桃文化节)
            out.append(_event(start, m.end(1), core, name))
    for m in _THEMED_WEEK.finditer(text):
        lo = max(0, m.start() - 12)
        words = _THEMED_WEEK_BEFORE.search(text, lo, m.start()).group(0) + m.group(0)
        cut = _THEMED_WEEK_CUT.match(words)
        start = m.end() - len(words) + (cut.end() if cut else 0)
        name = text[start:m.end()]
        core = core_name(name)
        # (a quoted mention of it that the quote's own evidence rejects does not keep it out)
        if len(core) >= 5 and not _THEMED_WEEK_GENERIC.match(core) \
                and not any(c.core == core and NOT_QUOTED & set(c.evidence) for c in out):
            out.append(_event(start, m.end(), core, name))
    for m in _place_event().finditer(text):
        core = _event_core(m.group(0))  # (上海书展 keeps the city: 书展 alone is too short to strip to)
        if len(core) >= MIN_NAME_LEN + 1 and not _HOLIDAY.search(core) and not _NOT_IN_PLACE_EVENT.search(core) \
                and not any(c.core == core for c in out):
            out.append(_event(m.start(), m.end(), core, m.group(0)))
    out.sort(key=lambda c: (c.start, -c.end))
    if LEXICAL is not None:
        for c in out:
            if not LEXICAL_SKIP & set(c.evidence):
                c.score = lexical_score(text, c, LEXICAL)
                if any(c.evidence.get(k) == 1 for k in LEXICAL_VETO):
                    c.score = min(c.score, ACCEPT - 1)
    return out


def _brand_family(cores: list[str]) -> bool:
    """Three or more short quoted names listed together that share their first character (“慧居家”
    “慧改家”“慧享家”, “人人讲堂”“人人书屋”…): a family of brands, whatever each says alone (numbered
    goals, “三清”“三美”, are not: their first character is a numeral)."""
    names = set(cores)
    return len(names) >= 3 and all(3 <= len(n) <= 6 for n in names) and len({n[0] for n in names}) == 1 \
        and re.match(rf"[{_CJK}]", cores[0]) is not None and cores[0][0] not in _NUMERALS


def accepted(cands: list[Candidate]) -> list[Candidate]:
    """Candidates that are initiatives: score ≥ ACCEPT on any mention of the same core; a
    campaign or code inside an accepted quoted name is part of that name (“石二邻里汇” is not
    also 邻里汇)."""
    best: dict[str, float] = {}
    for c in cands:
        best[c.core] = max(best.get(c.core, -99.0), c.score)
    # a list of quoted names is one kind of thing: when most of its members are names, so are the
    # rest (“人人讲堂”“人人会客厅”“人人书屋”“人人食堂”等), unless the guide excludes one
    members: dict[int, list[Candidate]] = {}
    for c in cands:
        if c.group >= 0:
            members.setdefault(c.group, []).append(c)
    for group in members.values():
        if len(group) >= 3 and (sum(best[c.core] >= ACCEPT for c in group) * 2 > len(group)
                                or _brand_family([c.core for c in group])):
            for c in group:
                # (not a roll of people: “名校长”“名教师”“名家长” share a prefix as brands do)
                if not any(c.evidence.get(k) == 1 for k in VETO) and "pause" not in c.evidence \
                        and "people" not in c.evidence:
                    best[c.core] = max(best[c.core], ACCEPT)
    # (an awarded title and a storm's name are no programme in any of their mentions)
    never = {c.core for c in cands if c.evidence.get("awarded") or c.evidence.get("storm")}
    places = _place_names()
    keep = [c for c in cands if best[c.core] >= ACCEPT and c.core not in never and c.core not in places]
    # a campaign written inside a quoted slogan or speech is part of those words (以“美丽家园、
    # 幸福乐园”为主题), not the campaign reported as run; inside an honour's title
    # (“全区一网通办服务竞赛一等奖”) it is the campaign the place was honoured for
    excluded = [(c.start, c.end) for c in cands if any(c.evidence.get(k) == 1 for k in _WORDS_NOT_NAMES)]
    if excluded:
        inside = _within_words(excluded)
        keep = [c for c in keep if "campaign" not in c.evidence or not inside(c.start, c.end)]
    # a quote that sets a campaign beside a name of its own, apart by a space (“千名执委走基层
    # 我为群众办实事”实践活动), names two programmes: the campaign and the local one
    campaigns = {c.core for c in keep if "campaign" in c.evidence}
    for c in keep:
        if campaigns and "campaign" not in c.evidence and (q := _QUOTED_PAIR.match(c.full_name)):
            a, b = core_name(q.group(1)), core_name(q.group(2))
            other = b if a in campaigns else a if b in campaigns else ""
            if len(other) >= MIN_NAME_LEN:
                c.core = other
        # a campaign quoted with its parts glossed (“一江(黄浦江)一河(苏州河)”) is that campaign
        if campaigns and "campaign" not in c.evidence and (bare := _GLOSS.sub("", c.core)) != c.core and bare in campaigns:
            c.core = bare
    quoted = [(c.start, c.end, c.core) for c in keep if not NOT_QUOTED & set(c.evidence)]
    names = {core for _, _, core in quoted}
    # a campaign inside a longer campaign of the same story is that one's setting (乡村振兴 beside
    # 乡村振兴示范村: the story is about the model villages)
    names |= {c.core for c in keep if "campaign" in c.evidence}
    # a campaign that ends another accepted name is that brand's kind of venue or programme
    # (“云朵·邻里中心”, even as a brand joined with ·)
    others = {c.core for c in keep if "campaign" not in c.evidence}
    out = []
    for c in keep:
        if "campaign" in c.evidence and any(n != c.core and n.endswith(c.core) for n in others):
            continue
        if "code" in c.evidence and any(s <= c.start and c.end <= e and core != c.core for s, e, core in quoted):
            continue
        if any(c.core in n and c.core != n and "·" not in n and c.core not in n.split("+") for n in names) \
                and not c.head.startswith(("系列", "品牌")):
            # the story's own longer name contains it: the campaign is part of the brand
            # (“石二邻里汇”, “加装电梯惠民”行动), a short form is the same programme (a headline's
            # “爱心驿站” for the body's “贤城爱心驿站”); a name joined with · is a brand and its
            # sub-brand or event (“邻立方·元宵集市”), both kept, and so are the parts of a name joined
            # with + (“红色物业联盟+四方联动”机制: two programmes); so is an umbrella the story names as
            # a series (“明德”系列 beside its “明德讲堂”: the guide's “人人”系列)
            continue
        out.append(c)
    return out
