"""Is a pair of documents one story? (issue 16, docs/DEDUP.md "Method").

A single Jaccard threshold cannot tell a 30 %-spun copy (exact 3-gram J 0.30-0.36) from two
different stories that share a standard paragraph or two (J 0.2-0.4 on district portals), so
the decision is made on evidence that does separate them:

* ordered sentence alignment: each sentence of one text is paired with at most one sentence
  of the other, in order (a monotone alignment found by dynamic programming), when their
  3-gram Dice is high enough; the *coverage* of a side is the share of its characters in
  aligned sentences. A copy, re-post, edit or excerpt covers the shorter side almost fully
  with near-identical sentences; a spun rewrite covers both sides with similar sentences;
  stories that share background paragraphs cover only those paragraphs.
* a fingerprint of facts (numbers with their units, dates, quoted names, district names):
  spinning leaves them alone, a different story built on the same template changes them.

Every text's features (normalised sentences, their 3-grams, the fact set) are computed once
(``features``) and reused for every comparison in a load.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass

import numpy as np

from grassroots.dedup.signatures import _DROP, _SENTENCE_END, _U, _mix64, story_view
from grassroots.extract.captures import is_caption

# ---------------------------------------------------------------- parameters


@dataclass(frozen=True)
class StoryRule:
    """Thresholds of the pair decision. Tuned on bench/data/dedup_labelled and the dev
    stress sets (docs/benchmarks/dedup.md); every value is a share, not a Jaccard."""

    ngram: int = 3
    # Sentence pairs: 3-gram Dice at or above `copy_sim` is "the same sentence" (edits of width,
    # punctuation, a word or two); at or above `spun_sim` "a rewrite of it" (synonym swaps
    # leave 0.15-0.7; unrelated sentences of the same theme 0.0-0.14 on the labelled set).
    copy_sim: float = 0.6
    spun_sim: float = 0.15
    # A copy/excerpt: the shorter side covered this much by same sentences, in order.
    copy_cover: float = 0.8
    # A spun rewrite: both sides covered this much by rewritten-or-same sentences, in order.
    spun_cover: float = 0.8
    # A spun excerpt (a truncated copy against a spun copy of the full text): the shorter side
    # covered this much by rewritten sentences, and the facts of the shorter side all found in
    # the longer; only when the shorter side has facts to check.
    excerpt_cover: float = 0.85
    # ... and the sentences aligned on the longer side weigh at least this share of those of the
    # shorter: a rewrite keeps each sentence's length, while two reporters' accounts of one event
    # match a long sentence of one with a short one of the other (same names, figures and places)
    excerpt_balance: float = 0.6
    # ... and this share of the shorter side's facts found in the aligned sentences of the longer
    # (a truncated copy keeps its part's figures and dates; two outlets' accounts of one press
    # event share many of them, not nearly all: real dev r92, 0.6)
    excerpt_facts: float = 0.8
    # Facts: share of the shorter side's facts found in the other side at or above this.
    facts_share: float = 0.6
    # Both sides covered this much by same sentences: two windows of one text (excerpts of a page
    # cut at different places), whose sentences only one window reaches state days of their own
    mutual_cover: float = 0.9
    # Texts below this many normalised characters have too few sentences for alignment to mean
    # anything: they are one story only when their normalised texts are identical.
    min_chars: int = 40
    # Sentences shorter than this (normalised characters) do not count in coverage: menu
    # items, "打开APP阅读全文" and other chrome that extraction left in.
    min_sentence: int = 8
    # Pairs whose estimated containment (MinHash, see clusters._plausible) is below this are not
    # compared at all: a cost guard under the >= 0.45 of 30 %-spun copies (labelled set).
    plausible: float = 0.35
    # Two versions of one page (the same locator read again after the publisher changed it): one
    # story when the shorter is covered this much by rewritten-or-same sentences, in order, whatever
    # its figures say: a correction changes a figure or a date, a live page grows; a page that now
    # holds another text shares little of the old one.
    edit_cover: float = 0.5


DEFAULT_RULE = StoryRule()
# Sentences at or above this 3-gram Dice are the same sentence (verbatim up to width and
# punctuation): their facts are not evidence of anything.
VERBATIM = 0.9

# ---------------------------------------------------------------- features

_DISTRICTS = frozenset(("黄浦", "徐汇", "长宁", "静安", "普陀", "虹口", "杨浦", "闵行", "宝山", "嘉定", "浦东",
                        "金山", "松江", "青浦", "奉贤", "崇明"))
_UNIT = (r"(?:万|亿|千|百)?(?:余|多)?(?:元|块|人次|人|名|位|户|个|家|间|套|台|辆|所|项|场|次|件|张|份|岁|周岁"
         r"|平方米|平米|㎡|亩|米|公里|千米|吨|公斤|千克|斤|小时|分钟|天|日|周|个月|年|栋|幢|层|条|处|支|批|门|节|期|座|棵"
         r"|%|‰|倍|分|票|册|本|箱|盒|床|张)")
_FACT_RES = [
    ("n", re.compile(r"(\d+(?:\.\d+)?)\s*" + _UNIT)),
    ("d", re.compile(r"(?:\d{4}年)?\d{1,2}月(?:\d{1,2}[日号])?|\d{4}年")),
    ("q", re.compile(r"[“\"「『《]([^”\"」』》\n]{2,24})[”\"」』》]")),
    ("p", re.compile("区")),  # a district name before it (checked in _fact_items)
    # streets and towns ("临汾路街道", "真如镇"): the same notice template in another street is
    # another story
    ("s", re.compile(r"街道|镇")),
]


_NOT_NAME = "区市县在于的该这是也和与及到至从个各本全每"


@dataclass
class Features:
    """What the pair decision needs of one text, computed once."""

    norm_len: int               # characters of the normalised text
    ident: bytes                # digest of the normalised text (identical-text check)
    sent_len: np.ndarray        # int64 [m]: normalised characters per sentence
    keys: np.ndarray            # uint64: 3-gram hashes inside sentences, once per sentence (sorted)
    key_sent: np.ndarray        # int32: the sentence holding each of them
    grams: np.ndarray           # int64 [m]: 3-grams per sentence (Dice denominators)
    facts: list[frozenset[str]]  # [m]: the facts each sentence states
    weight: np.ndarray          # int64 [m]: characters each sentence counts for in coverage


def _fact_items(text: str) -> list[tuple[int, str]]:
    """(position, fact) for every fact stated in the text."""
    out = []
    for kind, rx in _FACT_RES:
        for m in rx.finditer(text):
            if kind == "q":
                v = _DROP.sub("", m.group(1).lower())
                if len(v) >= 2:
                    out.append((m.start(), "q:" + v))
            elif kind == "p":
                head = m.start() - 2 - (text[m.start() - 1:m.start()] == "新")  # 浦东新区
                if head >= 0 and text[head:head + 2] in _DISTRICTS:
                    out.append((head, "p:" + text[head:head + 2] + "区"))
            elif kind == "s":
                # up to three CJK characters before the suffix, less what cannot start a name
                # ("徐汇区田林街道" -> 田林, "这是该街道" -> nothing)
                head = m.start()
                while head > max(0, m.start() - 3) and _CJK.match(text, head - 1):
                    head -= 1
                name = text[head:m.start()].lstrip(_NOT_NAME)
                if len(name) >= 2:
                    out.append((head, "s:" + name))
            elif not (kind == "d" and m.group(0).endswith("日") and _DATELINE.match(text, m.end())):
                out.append((m.start(), kind + ":" + _SPACE.sub("", m.group(0))))
    return out


# ---------------------------------------------------------------- candidate keys from facts

# A synonym-spun copy keeps its facts (numbers with units, quoted names, places) in their order
# while its wording, and so its character shingles, change: a heavily spun copy shares too few
# shingles for an LSH band, and its MinHash containment falls under `plausible`. Each run of
# FACT_KEY_RUN consecutive distinct facts is a key (a date counts by its numbers, 2016年 and 5日,
# not once more as a date); documents sharing FACT_KEY_MIN keys are compared whatever their
# shingles say (warehouse.clusters). On the 13 real dev batches (1,284 excerpts) these keys
# join 48 of the 51 labelled same-story pairs and 7 of about 60,000 other pairs, which the
# decision then judges. A document keeps its first FACT_KEYS_MAX keys (storage stays bounded; 16
# or 32 or all join the same pairs there: a copy keeps its facts' order from the start).
FACT_KEY_RUN = 3
FACT_KEY_MIN = 2
FACT_KEYS_MAX = 16
# A key stored for more documents than this comes from a standard paragraph (a district's
# introduction, a policy's figures), not from one story's copies: it links nothing. Without the
# cut a set of 3,000 stories carrying the same standard paragraphs doubled the decisions made
# (every document linked to 6 others by those paragraphs alone).
FACT_KEY_DOCS_MAX = 32


def fact_keys(text: str) -> np.ndarray:
    """The text's fact keys (int64, in order of first appearance, at most FACT_KEYS_MAX)."""
    tokens: list[str] = []
    for _, f in sorted(_fact_items(story_view(text))):
        if not f.startswith("d:") and (not tokens or tokens[-1] != f):
            tokens.append(f)
    out: dict[int, None] = {}
    for i in range(len(tokens) - FACT_KEY_RUN + 1):
        run = tokens[i:i + FACT_KEY_RUN]
        if len(set(run)) == FACT_KEY_RUN:
            out.setdefault(int.from_bytes(hashlib.blake2b("\x1f".join(run).encode("utf-8"), digest_size=8,
                                                          person=b"gr-facts").digest(), "little", signed=True))
            if len(out) == FACT_KEYS_MAX:
                break
    return np.fromiter(out, dtype=np.int64, count=len(out))


# an agency's dateline ("某某网上海8月31日消息（记者…）", "…4日电 记者…") states the day it filed,
# not the story's (a day followed by 电影 or 电梯 is no dateline)
_DATELINE = re.compile(r"\s*(?:电|消息)(?=\s|[（(【]|$)")


_SPACE = re.compile(r"\s+")


def _digest(norm: str) -> bytes:
    return hashlib.blake2b(norm.encode("utf-8"), digest_size=16).digest()


_CJK = re.compile(r"[\u4e00-\u9fff]")
_CLOSERS = frozenset("。！？!?；;.…")


def features(text: str, rule: StoryRule = DEFAULT_RULE) -> Features:
    """Normalise once: NFKC, the simplified view, boilerplate lines and agency lead removed (as for content_hash),
    split at sentence ends, punctuation dropped; 3-grams within sentences only; the facts of
    each sentence (the fact patterns run once over the whole text)."""
    # the view the signatures read: a traditional re-post aligns sentence by sentence with its original
    t = story_view(text)
    ends = [m.end() for m in _SENTENCE_END.finditer(t)] + [len(t)]
    piece_of = {}  # piece number -> sentence number, for the pieces left after normalising
    sents, closed = [], []
    start = 0
    for k, end in enumerate(ends):
        piece = t[start:end]
        s = _DROP.sub("", piece.lower())
        if s:
            piece_of[k] = len(sents)
            sents.append(s)
            closed.append(piece.rstrip()[-1:] in _CLOSERS)
        start = end
    sets: list[set[str]] = [set() for _ in sents]
    # a photo's caption states the day the photo was taken (`2022年4月15日，…某某供图`), which one copy
    # prints and another drops with the photo: not the story's day (only the lines that state a
    # date are read, once each: the test is on every load's path)
    caption_line: dict[int, bool] = {}
    for pos, fact in _fact_items(t):
        if fact.startswith("d:"):
            start = t.rfind("\n", 0, pos) + 1
            if start not in caption_line:
                end = t.find("\n", pos)
                caption_line[start] = is_caption(t[start:end if end >= 0 else len(t)])
            if caption_line[start]:
                continue
        k = bisect.bisect_right(ends, pos)
        if k in piece_of:
            sets[piece_of[k]].add(fact)
    sfacts = [frozenset(x) for x in sets]
    norm = "".join(sents)
    lens = np.fromiter((len(s) for s in sents), dtype=np.int64, count=len(sents))
    # what counts in coverage: sentences, not the lines around them that extraction may keep
    # (titles, menus, bylines, forum headers, site footers: they end without a full stop);
    # all lines of a text that is mostly such lines (a list, a notice without punctuation)
    closed_ = np.array(closed, dtype=bool)
    weight = np.where(lens >= rule.min_sentence, lens, 0)
    if weight[closed_].sum() * 2 >= weight.sum():
        weight = np.where(closed_, weight, 0)
    # a sentence the page prints again (a photo caption, a farm's repeated headline) counts once:
    # its 3-grams belong to its first print, so a second print could never be aligned and would
    # only lower the page's coverage
    seen: set[str] = set()
    for i, sent in enumerate(sents):
        if sent in seen:
            weight[i] = 0
        seen.add(sent)
    n = rule.ngram
    grams = np.maximum(lens - n + 1, 0)
    if not norm:
        e = np.empty(0, dtype=np.uint64)
        return Features(0, b"", lens, e, np.empty(0, np.int32), grams, sfacts, weight)
    cp = np.frombuffer(norm.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    sent_of = np.repeat(np.arange(len(sents), dtype=np.int32), lens)
    m = len(cp) - n + 1
    if m <= 0:
        e = np.empty(0, dtype=np.uint64)
        return Features(len(norm), _digest(norm), lens, e, np.empty(0, np.int32), grams, sfacts, weight)
    pos = np.arange(m)
    inside = sent_of[pos] == sent_of[pos + n - 1]  # 3-grams that do not cross a sentence end
    k = cp[:m].copy()
    with np.errstate(over="ignore"):
        for j in range(1, n):
            k <<= _U(21)
            k |= cp[j:j + m]
        h = _mix64(k)[inside]
    s = sent_of[:m][inside]
    # a 3-gram counts in every sentence that holds it, once per sentence: counting it only in its
    # first sentence had left a re-post whose opening sentence repeats a phrase under the copy line
    order = np.lexsort((s, h))
    h, s = h[order], s[order]
    keep = np.ones(len(h), dtype=bool)
    keep[1:] = (h[1:] != h[:-1]) | (s[1:] != s[:-1])
    return Features(len(norm), _digest(norm), lens, h[keep], s[keep], grams, sfacts, weight)


# ---------------------------------------------------------------- the decision


@dataclass(frozen=True)
class StoryEvidence:
    same: bool
    kind: str                   # "identical", "copy", "spun", "excerpt", "edit", or why not
    cover_copy: tuple[float, float] = (0.0, 0.0)   # (shorter, longer) side, same sentences
    cover_spun: tuple[float, float] = (0.0, 0.0)   # (shorter, longer) side, rewritten or same
    facts: float | None = None  # share of facts found again in aligned, not verbatim, sentences


def _fact_match(fa: frozenset[str], fb: frozenset[str], loose_dates: bool = False) -> dict[str, tuple[int, int]]:
    """Per kind of fact both sides state: (facts of fa found in fb, facts of fa). A kind only
    one side states is no contradiction (a spinner that rewrote "街道" takes the street away
    without changing it). Numbers, dates and districts must be equal (dates, with `loose_dates`,
    only compatible: _same_date); a quoted or street name counts as found when one of fb shares
    more than half of its characters (spinners rewrite inside names too: 加梯工作手册 -> 加梯作事手册)."""
    out: dict[str, tuple[int, int]] = {}
    if not fa or not fb:
        return out
    kinds_b = {f[0] for f in fb}
    for f in fa:
        k = f[0]
        if k not in kinds_b:
            continue
        if f in fb:
            ok = True
        elif k == "d" and loose_dates:
            ok = _date_among(f, fb)
        elif k in "qs":
            chars = set(f[2:])
            ok = any(len(chars & set(g[2:])) * 2 > len(chars) for g in fb if g[0] == k)
        else:
            ok = False
        got, n = out.get(k, (0, 0))
        out[k] = (got + ok, n + 1)
    return out


_DATE_PARTS = re.compile(r"^d:(?:(\d{4})年)?(?:(\d{1,2})月)?(?:(\d{1,2})[日号])?$")


def _same_date(f: str, g: str) -> bool:
    """Two dates that may be one: every part both state (year, month, day) agrees, and they
    state one part at least in common. An edit states a date more or less precisely (2026年起
    -> 2026年1月1日, 今年11月 -> 2025年11月); another event states another day."""
    a, b = _DATE_PARTS.match(f), _DATE_PARTS.match(g)
    if a is None or b is None:
        return False
    both = [(x, y) for x, y in zip(a.groups(), b.groups(), strict=True) if x and y]
    return bool(both) and all(int(x) == int(y) for x, y in both)


def _date_among(f: str, facts: frozenset[str] | set[str]) -> bool:
    """Is the date fact f one of the dates among facts (_same_date)?"""
    return any(g[0] == "d" and _same_date(f, g) for g in facts)


def _align(w: np.ndarray, la: np.ndarray, lb: np.ndarray) -> tuple[float, float, list[tuple[int, int]]]:
    """One monotone alignment that maximises the aligned characters of both sides (weights
    la_i + lb_j on allowed pairs): (share of A's characters aligned, share of B's, the pairs)."""
    ma, mb = w.shape
    if not w.any():
        return 0.0, 0.0, []
    score = np.where(w, la[:, None] + lb[None, :], 0).astype(np.int64)
    dp = np.zeros((ma + 1, mb + 1), dtype=np.int64)
    for i in range(ma):
        prev = dp[i]
        cand = np.maximum(prev[1:], prev[:-1] + score[i])
        dp[i + 1, 1:] = np.maximum.accumulate(cand)
    i, j, ca, cb, pairs = ma, mb, 0, 0, []
    while i > 0 and j > 0:  # walk back to know which sentences are aligned
        if dp[i, j] == dp[i - 1, j]:
            i -= 1
        elif dp[i, j] == dp[i, j - 1]:
            j -= 1
        else:
            ca += int(la[i - 1])
            cb += int(lb[j - 1])
            pairs.append((i - 1, j - 1))
            i -= 1
            j -= 1
    ta, tb = int(la.sum()), int(lb.sum())
    return (ca / ta if ta else 0.0), (cb / tb if tb else 0.0), pairs


# a date fact to the day (d:12月11日, d:2024年5月6日)
_DAY_FACT = re.compile(r"^d:.*\d日$")


def decide(a: Features, b: Features, rule: StoryRule = DEFAULT_RULE, *, same_page: bool = False) -> StoryEvidence:
    """One story or not, with the evidence (docs/DEDUP.md "Method"). `same_page`: the two are
    versions of one page (read from the same locator), judged by ``rule.edit_cover`` alone."""
    if a.ident == b.ident:
        return StoryEvidence(True, "identical", (1.0, 1.0), (1.0, 1.0), 1.0)
    if min(a.norm_len, b.norm_len) < rule.min_chars:
        return StoryEvidence(False, "short, not identical")
    if a.weight.sum() > b.weight.sum():  # a is the shorter side from here on
        a, b = b, a
    # every (sentence of a, sentence of b) that shares a 3-gram, once per shared 3-gram
    lo = np.searchsorted(b.keys, a.keys, "left")
    cnt = np.searchsorted(b.keys, a.keys, "right") - lo
    total = int(cnt.sum())
    if total == 0:
        return StoryEvidence(False, "nothing shared")
    ia = np.repeat(np.arange(len(a.keys)), cnt)
    ib = np.repeat(lo, cnt) + (np.arange(total) - np.repeat(np.cumsum(cnt) - cnt, cnt))
    ma, mb = len(a.sent_len), len(b.sent_len)
    inter = np.zeros((ma, mb), dtype=np.int64)
    np.add.at(inter, (a.key_sent[ia], b.key_sent[ib]), 1)
    den = a.grams[:, None] + b.grams[None, :]
    dice = np.divide(2 * inter, den, out=np.zeros(inter.shape), where=den > 0)
    wa, wb = a.weight, b.weight
    # no alignment can cover more of the shorter side than its sentences with any partner:
    # most candidate pairs (stories sharing a paragraph) stop here, before the alignments
    ta = wa.sum()
    least = min(rule.copy_cover, rule.spun_cover, rule.excerpt_cover, *([rule.edit_cover] if same_page else []))
    if ta == 0 or wa[(dice >= rule.spun_sim).any(axis=1)].sum() / ta < least:
        return StoryEvidence(False, "not covered")
    c0, c1, _ = _align(dice >= rule.copy_sim, wa, wb)
    s0, s1, pairs = _align(dice >= rule.spun_sim, wa, wb)
    if same_page:
        return StoryEvidence(s0 >= rule.edit_cover, "edit" if s0 >= rule.edit_cover else "page replaced",
                             (c0, c1), (s0, s1))
    # facts of the aligned sentences that are not verbatim the same: a spun or edited sentence
    # keeps its facts; the same template sentence in another story states another date, figure
    # or place (verbatim-shared paragraphs, and sentences only one side has, say nothing).
    # Between a copy and its edit a date may say more or less (2026年起 -> 2026年1月1日); between
    # rewrites it must be the same: two template stories on one day differ in little else.
    # Figures and dates decide when there are any: names and places agree between two stories
    # of one street on one portal as often as not.
    strong, weak = [0, 0], [0, 0]
    loose = c0 >= rule.copy_cover
    for i, j in pairs:
        if dice[i, j] < VERBATIM:
            for kind, (f, n) in _fact_match(a.facts[i], b.facts[j], loose_dates=loose).items():
                acc = strong if kind in "nd" else weak
                acc[0] += f
                acc[1] += n
    found, total = strong if strong[1] else weak
    share = found / total if total else None
    ev = dict(cover_copy=(c0, c1), cover_spun=(s0, s1), facts=share)
    # (unless the sentences left over are too few to be another story's: one copy on two sites
    # that differ only in the junk each appends, 查看83.46MB against 查看876.29MB)
    if share is not None and share < rule.facts_share and min(_align(dice >= VERBATIM, wa, wb)[:2]) < rule.copy_cover:
        return StoryEvidence(False, "facts differ", **ev)
    # a copy, a rewrite or an excerpt keeps the day of the story and its figures wherever they
    # stand; the same template filled in for another event (another day, other counts) aligns
    # sentence by sentence only where the sentences carry none of them, so the whole texts are
    # compared too (the shorter side's verbatim-shared sentences, a standard paragraph, say
    # nothing). A copy is judged by its day only: an edit may drop or round a figure
    own = ~(dice >= VERBATIM).any(axis=1)
    figures_a = {f for i, fs in enumerate(a.facts) if own[i] for f in fs if f[0] in "nd"}
    # (a date's own parts, 25日 and 2024年 of 2024年1月25日, are that date, not figures of their own)
    dates_a = [f[2:] for f in figures_a if f[0] == "d"]
    figures_a = {f for f in figures_a if f[0] == "d" or not any(f[2:] in d for d in dates_a)}
    figures_b = {f for fs in b.facts for f in fs if f[0] in "nd"}
    days_a, days_b = {f for f in figures_a if _DAY_FACT.search(f)}, {f for f in figures_b if _DAY_FACT.search(f)}
    if min(c0, c1) >= rule.mutual_cover:
        # two windows of one text (excerpts cut at different places): a day in a sentence the other
        # window does not reach says nothing; one in a sentence both print, edited, still does
        edited = {i for i, _j in pairs if own[i]}
        days_a = {f for f in days_a if any(f in a.facts[i] for i in edited)}
    if days_a and days_b and not any(_same_date(x, y) for x in days_a for y in days_b):
        return StoryEvidence(False, "dates differ", **ev)  # the story's day is not the other's
    if c0 >= rule.copy_cover:
        return StoryEvidence(True, "copy", **ev)
    agree = sum(f in figures_b or (f[0] == "d" and _date_among(f, figures_b)) for f in figures_a)
    if len(figures_a) >= 2 and figures_b and agree < rule.facts_share * len(figures_a):
        return StoryEvidence(False, "figures differ", **ev)
    if s0 >= rule.spun_cover and s1 >= rule.spun_cover:
        return StoryEvidence(True, "spun", **ev)
    if share is not None and share >= rule.excerpt_facts and s0 >= rule.excerpt_cover \
            and s1 * wb.sum() >= rule.excerpt_balance * s0 * ta:
        return StoryEvidence(True, "excerpt", **ev)
    return StoryEvidence(False, "not covered", **ev)


def same_story(text_a: str, text_b: str, rule: StoryRule = DEFAULT_RULE) -> bool:
    return decide(features(text_a, rule), features(text_b, rule), rule).same


# ---------------------------------------------------------------- in-memory clustering (one batch)

_REPOST_LINE = re.compile(r"(?:^|\n)\s*[(\[【（]?\s*(?:来源|转自|本文转自|转载自|稿件来源|文章来源|本文来源)\s*[:：丨|]")


def cluster_texts(texts: list[str], cfg=None, rule: StoryRule = DEFAULT_RULE, top_k: int = 12) -> list[int]:  # noqa: ANN001
    """Cluster label for every text, in memory, by the rule ``grassroots.warehouse.clusters.
    assign_clusters`` applies in the warehouse (documents in the given order, each compared with
    the canonical document of the clusters of its top_k LSH candidates; canonical: the original
    over a re-post, then the longer text, then content_hash, since there are no dates here).
    Serves tests and benchmarks."""
    from grassroots.dedup import signatures as sg

    cfg = cfg or sg.DEFAULT_CONFIG
    hashes = [sg.content_hash(t) for t in texts]
    sigs = sg.signatures(texts, cfg)
    feats = [features(t, rule) for t in texts]
    rank = [(bool(_REPOST_LINE.search(t)), -len(t), h) for t, h in zip(texts, hashes, strict=True)]
    buckets: dict[int, list[int]] = {}
    label: list[int] = []
    canon: dict[int, int] = {}  # cluster label -> canonical text index
    into: dict[int, int] = {}   # merged label -> kept label

    def find(c: int) -> int:
        while c in into:
            c = into[c]
        return c

    first_hash: dict[str, int] = {}
    for i in range(len(texts)):
        shared: dict[int, int] = {}
        for _, key in sg.band_keys(sigs[i], cfg):
            for j in buckets.setdefault(key, []):
                shared[j] = shared.get(j, 0) + 1
            buckets[key].append(i)
        cands = sorted(shared, key=lambda j: (-shared[j], j))[:top_k]
        if hashes[i] in first_hash:
            cands.insert(0, first_hash[hashes[i]])
        first_hash.setdefault(hashes[i], i)
        cids = list(dict.fromkeys(find(label[j]) for j in cands))
        matched = [c for c in cids if hashes[canon[c]] == hashes[i]][:1] or \
            [c for c in cids if decide(feats[i], feats[canon[c]], rule).same]
        if not matched:
            label.append(i)
            canon[i] = i
            continue
        keep = min(matched)
        for other in matched:
            if other != keep:
                into[other] = keep
                canon[keep] = min(canon[keep], canon[other], key=rank.__getitem__)
        label.append(keep)
        canon[keep] = min(canon[keep], i, key=rank.__getitem__)
    return [find(c) for c in label]
