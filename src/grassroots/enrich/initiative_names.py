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
- **book titles** 《…》 only when they name a programme (end in a programme noun, or a programme
  noun other than 活动 follows at once): 《…》 normally names a document or a work;
- **campaigns** from ``seeds/campaigns.csv`` (name and aliases), written without quotes;
- **numbered recurring events**: 第N届 + name ending in 节/季/周/赛/论坛… (第五届凉城邻里节);
- **numeric codes**: 2+14+68+610, 1+2+10+X (three parts or more anywhere; two parts when
  quoted or followed by a programme noun: 1+1 in running text is arithmetic).

Decision for a quoted span (``score_quote``)
--------------------------------------------
Each piece of evidence adds its weight; a span whose best mention in the document reaches
``ACCEPT`` (2) is an initiative. The weights in use (``WEIGHTS``) are a logistic regression over
this evidence fitted on the dev splits (``initiative_weights.json``, written by
``bench/train_initiative_scorer.py``; its bias includes ACCEPT, so the threshold is probability
0.5); ``HAND_WEIGHTS`` are the hand-set ones it was compared with (and the fallback without the
file). The exclusions the labelling guide names (``VETO``) decide alone. The evidence:

- after the closing quote: a *head noun* (programme, venue, team, event or mechanism noun from
  ``HEAD_NOUNS``) within ``HEAD_WINDOW`` characters, not across punctuation, 的 or 等
  (“美丽庭院”建设, “街之声”民情信息站, “福民”系列党建引领基层治理工作品牌); any other word
  directly attached counts a little (a name usually modifies a noun); 的 right after counts
  against (a description follows);
- the name ends in such a noun itself (“滩上会客厅”, “金杨帮帮团”);
- before the opening quote: a launch or run verb (推出, 推行, 成立, 打造, 开展, 依托 … in
  ``LAUNCH_VERBS``) within a few characters; an owner (…街道, …镇, …村, …社区) right before;
- in a list of quoted names (“人人讲堂”“人人会客厅”等, “…”、“…”): the members share the head
  noun after the list and the verb before it (“角里夜话”“青年市集”“创客下午茶”等活动);
- the subject of its clause (starts the clause and the clause goes on; “生活盒子”已覆盖… with a
  predicate word 是/由/已/将 … right after);
- in the title; quoted again elsewhere in the story;
- against: speech (a colon or 说/表示/称 before, 说 after, sentence punctuation inside), sentence
  length (more than ``LONG_NAME`` characters), 、 inside (a slogan or a list of steps),
  figurative stock phrases and generic words (``STOCK_PHRASES``: “最后一公里”, “一站式”,
  “老字号”), adjectival forms (…式, …化, …感), dates and plan periods (“3·5”, “十四五”), the
  object of a clean-up verb (清理“三车”, 整治“群租”), a role, honour or nickname (担任“门前管
  家”, 被评为“星级庭院”, 称为“加油站”), a theme (以“…”为主题), a social-media account (关注“…”,
  “…”公众号), a group of people (“新九亭人”), a zone or an award (“…商务区”建设, “…”产业兴旺
  奖), a kind of room (“大讲堂”, “议事厅”), a markup value ("ffb66"), two characters alone (a
  two-character name needs a head noun or a launch verb).

Campaigns, numbered events, codes and programme-naming book titles are accepted as found. A
campaign or name contained in a longer accepted name of the same story is that name (“石二邻里汇”
is not also 邻里汇; a headline's “爱心驿站” is the body's “贤城爱心驿站”), unless the longer one
is joined with · (“邻立方·元宵集市” is an event of 邻立方: both kept).

Core names (``core_name``)
--------------------------
One name per programme: NFKC, traditional → simplified (OpenCC ``t2s``), quotes removed, middle
dots unified, whitespace between CJK characters dropped, and a trailing generic noun that
articles vary (``GENERIC_SUFFIXES``: 小组, 项目, 品牌, 建设, 行动, 系列 …) dropped from inside the
quotes too when at least ``MIN_CORE`` characters remain — so “邻里帮帮”小组 and “邻里帮帮小组”
are both 邻里帮帮, while “光盘行动” stays whole. The noun *outside* the quotes is never part of
the core. ``full_name`` keeps the surface form (quotes and the attached head noun).
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from grassroots.config import REPO_ROOT

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
    "计划", "机制", "活动", "模式", "格局", "建设", "营造", "创建", "改造", "治理", "制度", "联动", "系列",
    "志愿", "队", "团", "小组", "联盟", "议事", "会", "厅", "堂", "课", "书场", "书房", "屋", "坊", "驿站",
    "客厅", "空间", "基地", "营", "季", "节", "赛", "展", "论坛", "小程序", "热线", "卡", "圈", "带", "廊",
    "线路", "专项", "基金", "示范", "试点", "共同体", "网络", "矩阵", "点", "家园", "花园", "夏令营", "集市", "之家", "管家", "集成服务",
    "微治理", "积分", "银行", "考核",
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
    "机制", "模式", "平台", "品牌", "体系", "制", "银行", "管家", "小组",
}, key=len, reverse=True))
LAUNCH_VERBS = (
    "推出", "推行", "实行", "成立", "组建", "设立", "打造", "开设", "建立", "招募", "举办", "开展", "启动", "创建",
    "升级", "接入", "试点", "依托", "引入", "结合", "实施", "发布", "建成", "上线", "探索", "形成", "构建", "推广",
    "擦亮", "深化", "完善", "落实", "参与", "加入", "通过", "借助", "围绕", "对标", "开出", "新增", "设置", "培育",
    "孵化", "叫响", "首创", "创立", "开辟", "开启", "推进", "打响", "发起", "开办", "织密", "延伸", "运营",
    "组织", "携手", "共建", "开通", "投用", "启用", "亮相", "授旗", "包括", "开展了",
)
_LAUNCH_RE = re.compile("|".join(map(re.escape, LAUNCH_VERBS)))
# Words right before the quote that make it a role, an honour, a nickname or an object of
# clean-up rather than a programme.
NOT_BEFORE = (
    "清理", "整治", "拆除", "打击", "查处", "取缔", "防范", "杜绝", "根治", "破解", "担任", "当起", "成为",
    "称为", "称作", "称之为", "被评为", "评为", "获评", "荣获", "当选", "争当", "当好", "变成", "化身", "号称", "所谓",
    "告别", "远离", "拒绝", "警惕", "谨防", "关注", "作者",
)
SPEECH_BEFORE = ("说", "说道", "问道", "表示", "笑着说", "感慨", "坦言", "直言", "提醒", "告诉记者")
# Figurative stock phrases, slogans, generic words and trade categories the guide names or that
# are common in these stories; a quoted span equal to one of them is not a name.
STOCK_PHRASES = frozenset({
    "最后一公里", "最后一米", "最后一百米", "金钥匙", "领头雁", "一站式", "零距离", "老字号", "网红",
    "双减", "党建", "网格化", "十三五", "十四五", "十五五", "一老一小", "小事不出楼", "大事不出街道", "有事好商量",
    "获得感", "幸福感", "安全感", "主心骨", "娘家人", "贴心人", "连心桥", "金点子", "加油站", "颜值", "接地气",
    "烟火气", "大文章", "小切口", "高颜值", "五一", "国庆", "春节", "端午", "中秋", "重阳", "七一", "八一", "六一",
    "志愿者", "责任人", "旁观者", "主人翁", "网红打卡点", "打卡地", "智慧", "平安", "暖心", "特色", "新招", "一对一",
    # generic venue and concept words: a type of thing, not one programme's name
    "微更新", "口袋公园", "口袋花园", "议事厅", "会客厅", "大讲堂", "公共客厅", "社区", "两新", "一体化",
})
# ... except these, which districts also use as brand names with a noun after them.
BRANDABLE_STOCK = frozenset({"零距离", "金钥匙", "领头雁", "连心桥", "娘家人", "贴心人", "加油站", "主心骨"})
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
    "people": -2.0, "markup": -6.0, "place_or_award": -3.0,
    "bias": 0.0,
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
    return {k: float(learned.get(k, 0.0)) for k in HAND_WEIGHTS}


WEIGHTS = _load_weights(WEIGHTS_FILE)
# Evidence that decides alone whatever the weights say: what docs/INITIATIVES.md names as "not
# an initiative" (speech, figures of speech and generic words, roles, honours and objects of an
# action, accounts) and what cannot be a name (a date, a markup value). The learned weights
# under-weight them (few dev examples); with the veto they beat the hand weights on test.
VETO: tuple[str, ...] = ("speech", "date", "markup", "account", "not_before", "stock")

_CJK = r"\u4e00-\u9fff"
_NAMEISH = re.compile(rf"[{_CJK}A-Za-z0-9·+]")
_SENT_PUNCT = re.compile(r"[，,。！？!?；;：:…]|\.\.")
_DOTS = re.compile(r"[•・‧∙⋅●]")
_CLAUSE_BREAK = "，,。！？!?；;：:\n、（）()【】[]—-|/▲◇■□●·"
_OPENERS = "“「『‘\""
_CLOSERS = {"“": "”“", "「": "」", "『": "』", "‘": "’", '"': '"'}
_OPEN_RE = re.compile("[“「『‘\"]")
_BOOK = re.compile(r"《([^《》\n]{1,40})》")
_CODE = re.compile(r"(?<![\d.+])\d{1,4}(?:\s*\+\s*(?:\d{1,4}|[XN](?![A-Za-z])))+(?![\d+])", re.I)
_ALL_CODE = re.compile(r"^\d{1,6}(?:\+(?:\d{1,4}|[XN]))*$")
_EVENT = re.compile(rf"第[0-9一二三四五六七八九十百]{{1,4}}届[“「]?([{_CJK}A-Za-z0-9·]{{2,10}}?"
                    r"(?:文化节|艺术节|邻里节|读书节|美食节|旅游节|菜花节|桃花节|节|季|周|论坛|大赛|运动会|嘉年华))(?![\u4e00-\u9fff])?")
_DATEISH = re.compile(r"^\d+[·.\-/]\d+$|^\d+月\d*日?$|^[一二三四五六七八九十]{2,3}五$")
_STOP_AFTER = "的等和与及是在为将已由把被让向从到于也都还并就了着过"
_PREDICATE = "是由已将在自为也都还"
_ZONES = ("实践区", "示范区", "商务区", "功能区", "开发区", "园区", "片区", "新城", "集聚区")
_GENERIC_VENUE = re.compile("[大小新微老]?(?:讲堂|舞台|食堂|议事厅|会客厅|客厅|书房|驿站|课堂|学堂|书屋|广场|花园|公园|礼堂)")
_ACCOUNT = ("公众号", "微信公众号", "视频号", "抖音号", "账号", "网易号", "微博")
# Verbs that end the noun phrase after a name (“两新”组织中建立…: the phrase is 组织).
_HEAD_VERBS = ("建立", "开展", "推出", "推行", "成立", "组建", "设立", "打造", "举办", "启动", "提供", "负责", "兑换",
               "发布", "覆盖", "实现", "开放", "上线", "走进", "助力", "推动")
_OWNER_BEFORE = re.compile(r"(?:街道|镇|村|区|社区|小区|居民区|乡|新区|园区|居委|党委|党工委|片区|街区|楼宇|市)"
                           r"(?:里|内)?的?$")


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


# ------------------------------------------------------------------ normalisation


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → simplified characters (OpenCC ``t2s``); simplified text is unchanged."""
    return _t2s().convert(text) if text else text


@lru_cache(maxsize=65536)
def normalize_name(name: str) -> str:
    """Canonical spelling of a name: NFKC, quotes stripped, dots unified, CJK spacing dropped,
    codes upper-cased. Does not change characters' script or drop suffixes (see core_name)."""
    s = unicodedata.normalize("NFKC", name)
    s = s.strip().strip("“”\"'‘’「」『』《》【】[]()（） ")
    s = re.sub(r"[“”\"‘’「」『』《》]", "", s)
    s = _DOTS.sub("·", s)
    s = re.sub(rf"(?<=[{_CJK}·])\s+|\s+(?=[{_CJK}·])", "", s)
    s = re.sub(r"\s+", " ", s).strip()
    if re.fullmatch(r"[\dxXnN+ ]+", s) and "+" in s or s.isdigit():
        s = s.replace(" ", "").replace("x", "X").replace("n", "N")
    return s


@lru_cache(maxsize=65536)
def core_name(surface: str) -> str:
    """The stored name of a programme written as ``surface`` (module docstring): simplified,
    quotes and a noun outside them removed, a varying generic noun inside them dropped.

    >>> core_name("“七个一百”实践行动"), core_name("「五邊十色」助老服務卡"), core_name("“邻里帮帮小组”")
    ('七个一百', '五边十色', '邻里帮帮')
    """
    s = unicodedata.normalize("NFKC", surface).strip()
    m = re.match(r"^[“”\"‘’「」『』《]([^“”\"‘’「」『』《》]+)[“”\"‘’「」『』》]", s)
    if m:  # a quoted name with words after it: the words after are not part of the core
        s = m.group(1)
    s = to_simplified(normalize_name(s))
    for suf in GENERIC_SUFFIXES:
        if s.endswith(suf) and len(s) - len(suf) >= MIN_CORE:
            return s[: -len(suf)]
    return s


# ------------------------------------------------------------------ campaign lexicon


@dataclass(frozen=True, slots=True)
class Campaign:
    name: str
    aliases: tuple[str, ...]
    category: str
    scope: str


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
    alt = "|".join(re.escape(s) for s in sorted(surfaces, key=len, reverse=True))
    return re.compile(alt), surfaces


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
    """(the run of name-like characters after position e, cut at a particle, a locative or a
    verb: the noun phrase the name modifies; the character that ends it)."""
    j = e
    while j < len(text) and j - e < 14 and _NAMEISH.match(text[j]) and text[j] not in _STOP_AFTER:
        if j > e and (text[j] in "里内" or text[j] == "中" and text[j + 1:j + 2] != "心"
                      or text.startswith(_HEAD_VERBS, j)):
            break
        j += 1
    stop = text[j] if j < len(text) else ""
    return text[e:j], stop


def _head_noun(head: str) -> str:
    """The head up to and including its last programme noun starting within HEAD_WINDOW, or ''."""
    best = ""
    for m in _HEAD_NOUN_AT.finditer(head, 0, HEAD_WINDOW + 1 + _LONGEST_NOUN):
        if m.start() > HEAD_WINDOW:
            break
        best = head[: m.start() + len(m.group(1))]
    return best


def _clause_start(text: str, s: int) -> bool:
    k = s - 1
    while k >= 0 and text[k] in " \t":
        k -= 1
    return k < 0 or text[k] in _CLAUSE_BREAK or text[k] in "”」』"


def _near_before(text: str, s: int) -> str:
    """The words before position s back to the last clause break (at most VERB_REACH)."""
    before = text[max(0, s - VERB_REACH):s]
    k = len(before)
    while k > 0 and before[k - 1] not in _CLAUSE_BREAK and before[k - 1] not in "”」』":
        k -= 1
    return before[k:]


def score_quote(text: str, s: int, e: int, content: str, title_end: int, counts: dict[str, int],
                list_member: bool, group: tuple[str, str, str, int] = ("", "", "", 0)) -> Candidate | None:
    """Score one quoted span (module docstring). ``group`` = (head noun after the list, words
    before the list, the words after the list, where the list ends) when the span is a member of a list of quoted names: the members share
    them (“角里夜话”“青年市集”“创客下午茶”等活动)."""
    core = core_name(content)
    if not (MIN_NAME_LEN <= len(core) <= MAX_NAME_LEN) or not re.search(rf"[{_CJK}A-Za-z0-9]", core):
        return None
    if len(re.sub(r"[^A-Za-z]", "", core)) == len(core) and len(core) < 2:
        return None
    ev: dict[str, float] = {}
    head, stop = _head(text, e)
    noun = _head_noun(head)
    before = text[max(0, s - VERB_REACH):s]
    near = _near_before(text, s)
    if list_member and not noun and group[0]:
        noun = group[0]
    if _SENT_PUNCT.search(content) or before.endswith((":", "：")) or near.endswith(SPEECH_BEFORE) \
            or re.match(r"^(?:他|她|我)?(?:说|表示|笑着说)[。,.:!！]", text[e:e + 5]):
        ev["speech"] = 1
    if len(core) > LONG_NAME:
        ev["long"] = 1
    if "、" in core or " " in core or re.search(rf"[{_CJK}]{{4}}\s+[{_CJK}]{{4}}", content):
        ev["pause"] = 1  # a slogan in two halves (“志愿服务进社区 为民服务暖人心”), a list of steps
    plain = normalize_name(content)
    if core in STOCK_PHRASES or plain in STOCK_PHRASES:
        # a figure of speech used as a brand (“零距离”党群服务站) keeps its head noun's evidence
        ev["stock"] = 1 / 3 if noun and core in BRANDABLE_STOCK else 1
    if core.endswith(("式", "化", "感", "性")) and not noun:
        ev["adjectival"] = 1
    if _DATEISH.match(core):
        ev["date"] = 1
    theme_end = group[3] if list_member and group[3] else e
    if near.endswith(NOT_BEFORE) or (near.endswith("以") or group[1].endswith("以")) and re.match(
            r"^(?:为|作为)(?:主题|目标|理念|原则|名)", text[theme_end:theme_end + 4]):
        ev["not_before"] = 1  # a role, an honour, an object of clean-up, a theme (以“…”为主题)
    if core.endswith(("人", "者", "人家")) and not noun:
        ev["people"] = 1  # “新九亭人”, “旁观者”: a group of people, not a programme
    if core.endswith(_ZONES) or re.search("奖|称号|荣誉", head):
        ev["place_or_award"] = 1  # “…生态商务区”建设, “2020中国最美村镇”产业兴旺奖
    if _GENERIC_VENUE.fullmatch(core):
        ev["stock"] = 1  # “大讲堂”, “议事厅”: a kind of room, not one programme
    if text[s] == '"' and re.fullmatch(r"[A-Za-z0-9_\-]*[A-Za-z][A-Za-z0-9_\-]*", core):
        ev["markup"] = 1  # "ffb66": an attribute value left in captured text
    if (head or group[0] or group[2]).startswith(_ACCOUNT) or near.endswith(("关注", "作者")):
        ev["account"] = 1
    if noun:
        ev["head_noun"] = 1
    elif head or list_member and group[2] and text[group[3] - 1] != "等":
        # a list's members share the words after it (“村账镇记”“村资镇管”全面实施); after 等
        # those words name what kind of things the list holds: only a head noun counts there
        ev["attached"] = 1
    if stop == "的" and not head:
        ev["de_after"] = 1
    if stop == "等" and not head and not list_member:
        ev["deng_after"] = 1
    if core.endswith(SELF_NOUNS) and len(core) >= 3:
        ev["self_noun"] = 1
    if _LAUNCH_RE.search(near) or group[1] and _LAUNCH_RE.search(group[1]):
        ev["verb_before"] = 1
    if _OWNER_BEFORE.search(near):
        ev["owner_before"] = 1
    if list_member:
        ev["list"] = 1
    if _clause_start(text, s) and head and stop != "的":
        ev["subject"] = 1
    elif _clause_start(text, s) and not head and stop and stop in _PREDICATE:
        ev["subject"] = 1  # “生活盒子”已覆盖…, “翔邻汇”是…: the story is about it
        ev["predicate"] = 1
    if s < title_end:
        ev["in_title"] = 1
    if counts.get(core, 0) >= 2:
        ev["repeated"] = 1
    if len(core) == 2 and not noun and "verb_before" not in ev:
        ev["two_chars"] = 1
    if re.search(r"《[^》]*$", text[max(0, s - 30):s]):
        ev["in_book_title"] = 1
    score = WEIGHTS["bias"] + sum(WEIGHTS[k] * v for k, v in ev.items())
    if VETO and any(ev.get(k) == 1 for k in VETO):
        score = min(score, ACCEPT - 1)
    kind = "code" if _ALL_CODE.match(core) else "named"
    return Candidate(s, e, core, text[s:e] + noun, kind, noun, ev, score)


def candidates(text: str, title_end: int = 0, campaigns_csv: Path | None = None) -> list[Candidate]:
    """Every candidate name of ``text`` (already NFKC and simplified), scored; text order."""
    out: list[Candidate] = []
    spans = [(s, e, c) for s, e, c in quoted_spans(text)]
    counts: dict[str, int] = {}
    for _, _, c in spans:
        k = core_name(c)
        counts[k] = counts.get(k, 0) + 1
    # lists of quoted names: runs of spans joined by nothing, 、 or a comma
    group_of: dict[int, tuple[str, str, str, int]] = {}
    i = 0
    while i < len(spans):
        j = i
        while j + 1 < len(spans) and text[spans[j][1]:spans[j + 1][0]] in ("", "、", ","):
            j += 1
        if j > i:
            after = spans[j][1] + (1 if text[spans[j][1]:spans[j][1] + 1] == "等" else 0)
            head, _ = _head(text, after)
            shared = (_head_noun(head), _near_before(text, spans[i][0]), head, after)
            for k in range(i, j + 1):
                group_of[k] = shared
        i = j + 1
    for i, (s, e, c) in enumerate(spans):
        cand = score_quote(text, s, e, c, title_end, counts, i in group_of, group_of.get(i, ("", "", "", 0)))
        if cand is not None:
            out.append(cand)
    for m in _BOOK.finditer(text):
        core = core_name(m.group(1))
        head, _ = _head(text, m.end())
        noun = _head_noun(head[:4])
        if noun.endswith("活动"):
            noun = ""  # 《书名》…活动 is an event about a work
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
    for m in rx.finditer(text):
        name = surfaces[m.group(0)]
        head, _ = _head(text, m.end())
        noun = _head_noun(head[:4])
        out.append(Candidate(m.start(), m.end(), name, m.group(0) + noun, "campaign", noun, {"campaign": 1}, ACCEPT))
    for m in _EVENT.finditer(text):
        core = core_name(m.group(1))
        out.append(Candidate(m.start(1), m.end(1), core, m.group(0), "named", "", {"event": 1}, ACCEPT))
    out.sort(key=lambda c: (c.start, -c.end))
    return out


def accepted(cands: list[Candidate]) -> list[Candidate]:
    """Candidates that are initiatives: score ≥ ACCEPT on any mention of the same core; a
    campaign or code inside an accepted quoted name is part of that name (“石二邻里汇” is not
    also 邻里汇)."""
    best: dict[str, float] = {}
    for c in cands:
        best[c.core] = max(best.get(c.core, -99.0), c.score)
    keep = [c for c in cands if best[c.core] >= ACCEPT]
    quoted = [(c.start, c.end, c.core) for c in keep if not {"campaign", "code", "event", "book"} & set(c.evidence)]
    names = {core for _, _, core in quoted}
    out = []
    for c in keep:
        if "code" in c.evidence and any(s <= c.start and c.end <= e and core != c.core for s, e, core in quoted):
            continue
        if any(c.core in n and c.core != n and "·" not in n for n in names):
            # the story's own longer name contains it: the campaign is part of the brand
            # (“石二邻里汇”, “加装电梯惠民”行动), a short form is the same programme (a headline's
            # “爱心驿站” for the body's “贤城爱心驿站”); a name joined with · is a brand and its
            # sub-brand or event (“邻立方·元宵集市”), both kept
            continue
        out.append(c)
    return out
