"""Initiatives: the named programmes, categories and numbers a story reports.

Pure functions; the only I/O is reading ``seeds/initiative_categories.csv`` once.

Names
-----
Candidates and the decision are in ``initiative_names`` (its docstring lists the evidence and
weights): every quoted span in any quote style, campaigns of ``seeds/campaigns.csv``,
numbered recurring events and numeric codes, each kept or dropped from its context. Kinds
(``InitiativeMention.kind``): ``named`` (a quoted brand or a named event), ``code``
(2+14+68+610, “5191”) and ``campaign`` (from the lexicon, quoted or not).

**Stored name = the core** (``core_name``): simplified characters, quotes removed, the generic
noun articles vary dropped inside or outside the quotes (“七个一百”实践行动 → ``七个一百``;
“邻里帮帮小组” → ``邻里帮帮``). ``full_name`` keeps the surface as printed. A story in
traditional characters is analysed in simplified ones (``analysis_text``, OpenCC ``t2s``).

The evidence is the sentence of the first mention. An initiative's categories
come from its name and the words attached to it (“岛居无忧”平安建设项目 declares
safety) and from the clauses around each mention.

Categories of an article (multi-label, ``CategoryMatch.keywords`` = the keywords
that matched): a keyword in the title, or at least ``MIN_PARAGRAPH_HITS`` hits in
one paragraph (a paragraph about the topic), or ``MIN_ARTICLE_HITS`` hits in the
whole body, or a category one of its programmes declares. A single passing word
(a 博物馆 venue, one 电梯) is not enough.

Quantities: number + measure word + object (20座公厕, 200个居村党群服务阵地,
10万平方米, 调查问卷3.3万余份 → object before the number, 百部电梯).
"""

from __future__ import annotations

import bisect
import csv
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from grassroots.config import REPO_ROOT
from grassroots.enrich.initiative_names import (
    SELF_NOUNS,
    accepted,
    candidates,
    core_name,
    normalize_name,
    to_simplified,
)
from grassroots.extract.script import analysis_text
from grassroots.models import CategoryMatch, InitiativeFact, InitiativeMention, InitiativeResult

__all__ = ["core_name", "extract_initiatives", "load_categories", "match_key", "normalize_name", "to_simplified"]

CATEGORIES_CSV = REPO_ROOT / "seeds" / "initiative_categories.csv"

# An article category needs this many keyword hits in the body (or one in the title, or
# a keyword in one of its programme names): one or two passing words (a 博物馆 venue, a
# 志愿者 in a list) are not what a story is about. 3 was chosen on the five seed
# articles' own labels (bench/data/seed_labels.jsonl): 2 keeps venue words, 4 drops
# topics a reader names; the labelled set was not used to choose it.
MIN_ARTICLE_HITS = 3
# ... or this many hits in one paragraph: a paragraph about the topic (the labelling
# rule of bench/data/places_eval: "at least a paragraph is about it").
MIN_PARAGRAPH_HITS = 2
# Phrases that contain a category keyword without meaning the category; masked before
# counting (党史学习教育 is a campaign, not education; 安全感 is a feeling).
MASKED_PHRASES = ("党史学习教育", "主题教育", "学习教育", "管理教育", "教育服务", "安全感", "数字化转型的最新场景")

_QUOTED = re.compile(r"“([^“”\n]{1,40})”|\"([^\"\n]{1,40})\"|「([^「」\n]{1,40})」|『([^『』\n]{1,40})』|"
                     r"‘([^‘’\n]{1,40})’|《([^《》\n]{1,40})》")
_SENT_END = re.compile(r"[。！？!?；;\n]")
_CJK = r"\u4e00-\u9fff"


@dataclass(frozen=True, slots=True)
class Category:
    category: str
    label_zh: str
    keywords: tuple[str, ...]


def read_categories(path: Path) -> list[Category]:
    with open(path, encoding="utf-8", newline="") as f:
        return [
            Category(r["category"], r["label_zh"], tuple(k.strip() for k in r["keywords"].split(";") if k.strip()))
            for r in csv.DictReader(f)
        ]


@lru_cache(maxsize=4)
def _cached(path: str) -> tuple[Category, ...]:
    return tuple(read_categories(Path(path)))


def load_categories(path: Path | None = None) -> list[Category]:
    """The category taxonomy (default ``seeds/initiative_categories.csv``), cached."""
    return list(_cached(str(path or CATEGORIES_CSV)))


def match_key(name: str) -> str:
    """How the benchmark compares names: normalised, simplified, Latin letters lower-cased."""
    return to_simplified(normalize_name(name)).casefold().replace(" ", "")


def _sentences(text: str) -> list[tuple[int, int]]:
    out, lo = [], 0
    for m in _SENT_END.finditer(text):
        out.append((lo, m.end()))
        lo = m.end()
    if lo < len(text):
        out.append((lo, len(text)))
    return out


def _sentence_at(text: str, spans: list[tuple[int, int]], pos: int) -> str:
    k = bisect.bisect_right(spans, (pos, len(text) + 1)) - 1
    if 0 <= k < len(spans) and spans[k][0] <= pos < spans[k][1]:
        lo, hi = spans[k]
        return text[lo:hi].strip()[:300]
    return ""


_CLAUSE_END = re.compile(r"[，,。！？!?；;：:\n]")
# A clause around a mention: up to this many characters each side, within punctuation.
CLAUSE_REACH = 40


def _clause_at(text: str, pos: int) -> str:
    lo = pos
    while lo > 0 and pos - lo < CLAUSE_REACH and not _CLAUSE_END.match(text[lo - 1]):
        lo -= 1
    hi = pos
    while hi < len(text) and hi - pos < CLAUSE_REACH and not _CLAUSE_END.match(text[hi]):
        hi += 1
    # keep the following clause of the same sentence too: the programme is usually
    # explained right after its name
    if hi >= len(text) or text[hi] not in "，,；;：:":
        return text[lo:hi]
    m = _CLAUSE_END.search(text, hi + 1, min(len(text), hi + 1 + CLAUSE_REACH))
    return text[lo:(m.start() if m else min(len(text), hi + 1 + CLAUSE_REACH))]


def _find_mentions(text: str, title_end: int = 0) -> list[tuple[int, str, str, str, str]]:
    """(position, name, kind, attached words, full name) of every initiative mention, in text
    order (``initiative_names``: candidates, then the decision). The attached words are the
    qualifier and noun after the name (平安建设项目 of “岛居无忧”平安建设项目): with the name
    they say what kind of programme it is."""
    return [(c.start, c.core, c.kind, c.head, c.full_name) for c in accepted(candidates(text, title_end))]


@lru_cache(maxsize=64)
def _longest_first(keywords: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(keywords, key=len, reverse=True))


def _keyword_hits(text: str, categories: list[Category]) -> dict[str, Counter]:
    for p in MASKED_PHRASES:
        if p in text:
            text = text.replace(p, "\0" * len(p))
    hits: dict[str, Counter] = {}
    for c in categories:
        cnt: Counter | None = None
        masked = text
        # longest keywords first, masking what they matched, so 加装电梯 is not also 电梯
        for k in _longest_first(c.keywords):
            if k in masked:
                if cnt is None:
                    cnt = Counter()
                cnt[k] = masked.count(k)
                masked = masked.replace(k, "\0" * len(k))
        if cnt:
            hits[c.category] = cnt
    return hits


# ------------------------------------------------------------------ quantities

_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
# Measure words and units: counts of things, areas, lengths, money. Time units
# (年 月 日 天 小时) and ages are not quantities of an initiative.
MEASURES = tuple(sorted({
    "个", "座", "场", "份", "名", "人", "项", "家", "户", "部", "台", "处", "条", "间", "所", "支", "次",
    "张", "本", "套", "栋", "幢", "辆", "件", "篇", "批", "位", "块", "片", "类", "组", "队", "期", "余户",
    "平方米", "平米", "公顷", "亩", "公里", "千米", "米", "元", "万元", "亿元", "人次", "户次", "场次", "件次",
    "余人", "余家",
}, key=len, reverse=True))
# (?<!\d): a match never starts inside a run of digits (those were skipped anyway); without it
# a long digit run costs quadratic time (20,000 digits: 100 s, tests/test_input_properties.py)
_NUM = r"(?<!\d)(?P<num>\d+(?:\.\d+)?)\s*(?P<mult>万|亿|千)?\s*(?P<mod>余|多)?"
_CN_NUM = r"(?P<cn>[一二两三四五六七八九十百千]{1,4})(?P<cnmult>万)?(?P<cnmod>余|多)?"
_QTY = re.compile(rf"(?:{_NUM}|{_CN_NUM})(?P<unit>{'|'.join(MEASURES)})")
_OBJ_AFTER = re.compile(rf"^([{_CJK}A-Za-z]{{1,12}})")
_QUOTED_HEAD = re.compile(r"^[“\"]([^”\"\n]{1,12})[”\"]")
# Verbs that end the noun phrase before a number written after its object
# (发放调查问卷3.3万余份 → 调查问卷; 举办议事会317场 → 议事会; 新(改)建老年活动室23家 → 老年活动室).
# Only words that are verbs here, never nouns (组织, 服务 are both, so they are left out).
_VERBS_BEFORE = re.compile(r".*(?:举办|发放|开展|建成|推出|完成|打造|提供|新增|累计|召开|收集(?![车点站箱])|设置|建设|培育|孵化|"
                           r"凝聚|链接|吸引|覆盖|惠及|达到|超过|共有|共计|其中|形成|实施|推动|组建|启动|孕育|投入|筹集|改造|新建|实现了从原先|从原先|"
                           r"吸纳|进行|参加|陪同|推荐|拥有|所辖|设立|新改建|改建|运行|带来|登记|容纳|目前有|现有|还有|"
                           # (建, 共, 有 alone open words too: 建筑面积, 公共绿地, 国有企业)
                           r"[新扩]?建(?![筑设成立议材])(?=[\u4e00-\u9fff]{2})|(?<![公总])共|(?<![国所拥具没占享])有(?=[\u4e00-\u9fff]{2}))")
# Where an object written after its number ends: particles, conjunctions, verbs, adverbs and the
# words that start a predicate (…市场监管办公室就设立, …社区居民前来观看, …中小学体育场地免费开放)
_OBJ_STOP = re.compile(r"[的和与及、等为在将已从到是被让由并均也还正每都]|组成|提供|建成|即将|实现|参与|开展|加装|打造|"
                       r"完成|投入|覆盖|惠及|成为|进行|同步|之一|大多|全部|共同|分别|陆续|相继|累计|"
                       r"扩大|增加|增至|提高|提升|以上|左右|上下|"
                       r"就(?!业)|即|供(?![水电气暖应销])|可(?!回收)|能够|预计|曾经|通过|细化|引入|落实|全面|前来|免费|学习|"
                       r"获得|跨越|加入|参加|拥有|实行|接受|正在|一份|一组|区间|改造|组建|纳入|列入|进入|建立|成立|签订|签约|入驻|开放|启用|完工|"
                       r"(?<=[\u4e00-\u9fff]{2})内(?![设部容涵])|(?<=[\u4e00-\u9fff]{2})中(?![心学小医])")
# Trailing words between an object and its number (面积约2800平方米, 扩大到320平方米, 已超105万人,
# 不少于12家).
_OBJ_TAIL = re.compile(r"(?:增加到|扩大到|扩容至|提高到|达到|超过|不少于|不低于|不下|少于|多于|不到|不足|累计|共计|总计|合计|"
                       r"(?<![签合预节])约|近|达|共|分为|为|至|到|了|逾|超|计|有|从|由|已|却|仍|均|就|在|大多|曾经|曾|可|只需花|需)+$")
# What opens a phrase before the figure without being part of its object: times, places that
# only locate it, quantifiers (去年销售收入 → 销售收入, 全区…, 各类活动 → 活动, 60岁以上老人 → 老人).
_OBJ_LEAD = re.compile(r"^(?:.*?(?:以上|以下|之间))|^(?:但|而|并|去年|今年|明年|全年|目前|当前|现在|如今|其中|全区|全镇|全市|全街道|全村|"
                       r"该区|该镇|本区|各类|各种|整个|整体)+")
# what makes 个 a span of time (3个多月, 3个小时, 1个月内)
_DURATION_AFTER = re.compile(r"[多半]?(?:月|小时|钟头|星期|礼拜|工作日|季度)")
# a range's lower end before the figure (10-100平方米, 3~4元, 11—12米, 2至4人): the object stands before it
_RANGE_LOW = re.compile(r"(\d+(?:\.\d+)?)\s*[-—–~～至到]\s*$")


def _cn_value(s: str) -> float | None:
    """Value of a small Chinese numeral (百, 一百, 三十, 两千五百); None if malformed."""
    if s in _CN_UNITS:
        return float(_CN_UNITS[s])
    total, cur = 0, None
    for ch in s:
        if ch in _CN_DIGITS:
            if cur is not None:
                return None
            cur = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            total += (cur if cur is not None else 1) * _CN_UNITS[ch]
            cur = None
        else:
            return None
    return float(total + (cur or 0))


def _noun_at(s: str) -> str:
    """The run of words opening ``s``, up to the first particle, verb or adverb (_OBJ_STOP)."""
    m = _OBJ_AFTER.match(s)
    return _OBJ_STOP.split(m.group(1))[0] if m else ""


def _object_of(text: str, start: int, end: int) -> str:
    """What the figure text[start:end] counts: the noun phrase right after it (20座公厕), else the
    one right before it (调查问卷3.3万余份), cut at verbs, particles and leading times or places;
    empty when neither reads as a noun phrase (docs/QUANTITIES.md, bench/eval_quantities.py)."""
    rest = text[end:end + 16]
    rest = rest[1:] if rest.startswith("的") else rest
    if text[end - 1:end] == "人" and rest.startswith("口"):
        return "人口"  # 30万人口: the unit and its object are one word
    quoted = _QUOTED_HEAD.match(rest)
    if quoted:  # 2个“某某”打卡点: the kind after the name is what is counted, else the name
        return (_noun_at(rest[quoted.end():]) or quoted.group(1))[:10]
    obj = _noun_at(rest)
    if obj:
        return obj[:10]
    low = _RANGE_LOW.search(text, max(0, start - 12), start)
    if low:
        start = low.start()
    before = re.search(rf"[{_CJK}]{{1,20}}$", text[max(0, start - 20):start])
    if not before:
        return ""
    phrase = _OBJ_TAIL.sub("", before.group(0))
    v = _VERBS_BEFORE.match(phrase)
    if v:
        phrase = phrase[v.end():]
    phrase = re.split(r"[的和与及、等]", phrase)[-1]
    phrase = _OBJ_LEAD.sub("", phrase)
    phrase = re.sub(r"^.*总(?=[\u4e00-\u9fff]{2,3}$)", "", phrase)
    phrase = phrase[-10:]
    # a unit is not an object (从150平方米扩大到320平方米: the second figure's object)
    return phrase if len(phrase) >= 2 and phrase not in MEASURES else ""


def fact_figures(text: str, names: list[tuple[int, str, str, str, str]]) -> Iterator[tuple[int, int, float, str]]:
    """(start, end, value, unit) of every figure of ``text`` stored as a quantity; ``names`` are the
    mentions found in it (a number inside a programme's name is not a figure).
    bench/eval_quantities.py reads which labelled figures are kept from it."""
    # numbers inside a recognised programme name (“美好推荐十个一”) are part of the name
    named = {n for _, n, _, _, _ in names}
    inside = [(q.start(), q.end()) for q in _QUOTED.finditer(text) if core_name(q.group(0)) in named]
    starts = [lo for lo, _ in inside]
    for m in _QTY.finditer(text):
        s = m.start()
        k = bisect.bisect_right(starts, s) - 1
        if k >= 0 and s < inside[k][1]:
            continue
        if s > 0 and (text[s - 1] in "第每+.前" or text[s - 1].isascii() and text[s - 1].isalpha()):
            continue  # ordinals (第二届), rates, codes (B1栋), decimals split oddly
        if m.group("unit") == "个" and _DURATION_AFTER.match(text, m.end()):
            continue  # a duration (3个多月, 近3个小时), not a count of anything
        if m.group("num") is not None:
            if s > 0 and text[s - 1].isdigit():
                continue
            value = float(m.group("num"))
            mult = m.group("mult")
        else:
            cn = m.group("cn")
            # 一个 / 两个 / 三位 are articles and small talk, not reported figures:
            # a Chinese numeral counts only when it contains 十/百/千 (百部电梯, 三十个).
            if not any(u in cn for u in _CN_UNITS):
                continue
            if s > 0 and text[s - 1] in "几数上成":
                continue
            if text[m.end():m.end() + 1] in ("万", "千", "百", "十", "一"):
                continue  # idioms: 千家万户, 百花齐放, 十个一
            value = _cn_value(cn)
            if value is None:
                continue
            mult = m.group("cnmult")
        value *= {"万": 1e4, "亿": 1e8, "千": 1e3}.get(mult or "", 1)
        unit = m.group("unit")
        if unit.startswith("余") or unit in ("万元", "亿元"):
            if unit == "万元":
                value, unit = value * 1e4, "元"
            elif unit == "亿元":
                value, unit = value * 1e8, "元"
            else:
                unit = unit[1:]
        if unit in ("余人", "余家"):
            unit = unit[1:]
        yield s, m.end(), value, unit


def _find_facts(text: str, spans, names: list[tuple[int, str, str, str, str]]) -> list[InitiativeFact]:
    facts = []
    ordered = list(dict.fromkeys(n for _, n, _, _, _ in names))
    for s, e, value, unit in fact_figures(text, names):
        sent = _sentence_at(text, spans, s)
        ini = next((n for n in ordered if n in sent), None)
        facts.append(InitiativeFact(value=value, unit=unit, object=_object_of(text, s, e), evidence=sent, initiative=ini))
    return facts


_SPACE_BEFORE_DENG = re.compile(r"(?<=[”」’』\"]) +(?=等)")


def analysed(title: str | None, text: str) -> tuple[str, str, int]:
    """(the title and body as printed, NFKC; the text the names are read from; where the title
    ends in it): the title is prepended unless the body starts with it, and the analysed text
    is in simplified characters. bench/train_initiative_scorer.py reads candidates from it too."""
    title = title or ""
    body = text or ""
    full = f"{title}\n{body}" if title and not body.lstrip().startswith(title) else body
    original = unicodedata.normalize("NFKC", full).replace("\u3000", " ")
    # a space typed between a closing quote and its 等 (“甲” 等提升项目) cuts the name off its kind
    full = _SPACE_BEFORE_DENG.sub("", analysis_text(original))
    # the title is at the start either way (prepended, or the body's first line)
    return original, full, len(unicodedata.normalize("NFKC", title)) if title else 0


def extract_initiatives(title: str | None, text: str, categories=None) -> InitiativeResult:
    """Programme names, article categories and quantities of one document."""
    cats = list(categories) if categories is not None else load_categories()
    title = title or ""
    original, full, title_end = analysed(title, text)
    spans = _sentences(full)
    found = _find_mentions(full, title_end)

    order: list[str] = []
    kinds: dict[str, str] = {}
    evidence: dict[str, str] = {}
    contexts: dict[str, list[str]] = {}
    attached: dict[str, set[str]] = {}
    surface: dict[str, str] = {}
    same_length = len(original) == len(full)  # t2s kept positions: the surface as printed
    for pos, name, kind, words, full_name in found:
        attached.setdefault(name, set()).add(words)
        sent = _sentence_at(full, spans, pos)
        if name not in kinds:
            order.append(name)
            kinds[name] = kind
            evidence[name] = sent
            contexts[name] = []
            surface[name] = original[pos:pos + len(full_name)] if same_length else full_name
        elif kinds[name] == "named" and kind != "named":
            kinds[name] = kind
        if sent not in contexts[name]:
            contexts[name].append(sent)
    clauses: dict[str, list[str]] = {}
    for pos, name, _, _, _ in found:
        clauses.setdefault(name, [])
        c = _clause_at(full, pos)
        if c not in clauses[name]:
            clauses[name].append(c)
    mentions = []
    declared_cats: set[str] = set()
    for name in order:
        # an initiative's categories: keywords in its name and the words attached to it
        # (“岛居无忧”平安建设项目: *declared*), plus the clauses around it (“银发助餐”行动,
        # 为独居老人送餐), not the whole sentence, which often lists several programmes.
        # Only declared categories count for the article (see below).
        declared = _keyword_hits(name + "\n" + "\n".join(attached[name]), cats)
        # a name counts for the article's categories only with a programme noun attached, as
        # every name had before issue 17 (a passing 加装电梯 or “美丽家园” is not the story's topic)
        if any(attached[name]) or name.endswith(SELF_NOUNS):
            declared_cats.update(declared)
        around = _keyword_hits(name + "\n" + "\n".join(clauses[name]), cats)
        hits = [c.category for c in cats if c.category in declared or c.category in around]
        mentions.append(InitiativeMention(name=name, categories=tuple(hits), evidence=evidence[name],
                                          kind=kinds[name], full_name=surface[name]))

    title_hits = _keyword_hits(unicodedata.normalize("NFKC", title), cats) if title else {}
    body_hits = _keyword_hits(full, cats)
    para_best: Counter = Counter()  # most hits of each category in any one paragraph
    for para in full.split("\n"):
        for cat, cnt in _keyword_hits(para, cats).items():
            para_best[cat] = max(para_best[cat], sum(cnt.values()))
    from_initiatives = declared_cats
    matches = []
    for c in cats:
        kw = body_hits.get(c.category, Counter()) + title_hits.get(c.category, Counter())
        if not kw:
            continue
        if (c.category in title_hits or c.category in from_initiatives
                or para_best[c.category] >= MIN_PARAGRAPH_HITS
                or sum(body_hits.get(c.category, Counter()).values()) >= MIN_ARTICLE_HITS):
            matches.append(CategoryMatch(c.category, tuple(k for k, _ in kw.most_common())))
    facts = _find_facts(full, spans, found)
    return InitiativeResult(mentions=tuple(mentions), categories=tuple(matches), facts=tuple(facts))
