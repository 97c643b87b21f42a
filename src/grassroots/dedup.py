"""Exact and near-duplicate detection for document bodies (pure functions).

Two stages (issue 2 point 6, issue 5):

* exact: ``content_hash`` = sha256 of ``normalize_text``; a re-post whose only edits are
  width-changed punctuation, whitespace, line breaks or an added editor/source line gets
  the same hash.
* near: MinHash over hashed character n-grams of the normalised text, LSH band keys for
  candidate search (stored in the warehouse, see ``grassroots.clustering``), and
  ``verify`` for each candidate pair.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

# ---------------------------------------------------------------- normalisation (exact stage)

# Lines that carry no story content and that re-posters add, drop or edit: editor, source,
# author and photo credits. Only short lines qualify (a body paragraph that happens to start
# with "记者" is longer than this), so content is never dropped.
_BOILER_LINE = re.compile(
    r"^[\s(\[【（]*"
    r"(责任编辑|责编|编辑|校对|审核|审校|终审|初审|监制|值班编辑|来源|稿件来源|文章来源|本文来源|信息来源"
    r"|图片来源|原标题|作者|记者|通讯员|摄影|摄像|图|文|转自|本文转自|转载自|原文链接|出处)"
    r"\s*[:|丨｜/]"
)
# A boilerplate line is at most this many characters (after NFKC): editor/source lines seen in
# the seeds and in the research notes (§0, §5) are 5-40 characters; body paragraphs are longer.
_BOILER_MAX_CHARS = 60
# News-agency lead at the start of the body: "XX讯（记者 张三）", "中新网上海2月24日电(郑莹莹)",
# "本报讯 记者 李四". Re-posts rewrite or drop it, so it is cut before hashing. "电" only after
# a date ("…日电"), so a body that starts with 充电/用电 is left alone.
_LEAD = re.compile(
    r"^(?:[^。!?\n]{0,24}?(?:日电|讯)\s*\([^)\n]{0,40}\)|(?:本报|本网|本台|本刊)讯(?:\s*记者\s*[^\s,。]{1,12})?)\s*"
)
_DROP = re.compile(r"[\W_]+")  # punctuation, symbols, whitespace (CJK characters are \w)


def _strip_boilerplate(text: str) -> str:
    lines = [ln for ln in text.splitlines() if ln.strip()]
    kept = [ln for ln in lines if not (len(ln.strip()) <= _BOILER_MAX_CHARS and _BOILER_LINE.match(ln))]
    if kept:
        first = kept[0].lstrip()
        m = _LEAD.match(first)
        # only strip when body text is left behind
        if m and m.end() < len(first):
            kept[0] = first[m.end():]
    return "\n".join(kept)


def normalize_text(text: str) -> str:
    """NFKC (folds full/half width), lowercase Latin, drop punctuation and whitespace.

    Editor/source/credit lines and an agency lead ("XX讯（记者 …）", "…日电(…)") are removed
    first so that the usual re-post edits do not change the result. If nothing would be left
    (a text made only of such lines), the whole text is normalised instead, so two different
    short texts never collapse to the empty string.
    """
    t = unicodedata.normalize("NFKC", text)
    core = _DROP.sub("", _strip_boilerplate(t).lower())
    if core:
        return core
    return _DROP.sub("", t.lower())


def content_hash(text: str) -> str:
    """Hex sha256 of ``normalize_text(text)``: the exact-dedup key."""
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()
