"""Exact and near-duplicate detection for document bodies (pure functions).

Two stages (issue 2 point 6, issue 5):

* exact: ``content_hash`` = sha256 of ``normalize_text``; a re-post whose only edits are
  width-changed punctuation, whitespace, line breaks or an added editor/source line gets
  the same hash.
* near: MinHash over hashed character n-grams of the normalised text, LSH band keys for
  candidate search (stored in the warehouse, see ``grassroots.warehouse.clusters``), and
  ``verify`` for each candidate pair.
"""

from __future__ import annotations

import hashlib
import importlib.metadata as _md
import re
import unicodedata
from dataclasses import dataclass, fields

import numpy as np
from rensa import RMinHash

from grassroots.extract.script import analysis_text

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


def analysis_view(text: str) -> str:
    """NFKC, then the pipeline's analysis view (simplified, interlinear pinyin readings dropped):
    what every near-duplicate comparison reads, so a traditional re-post compares like its
    simplified original."""
    return analysis_text(unicodedata.normalize("NFKC", text))


def story_view(text: str) -> str:
    """The analysis view without editor/source/credit lines and an agency lead: the text whose
    sentences are compared."""
    return _strip_boilerplate(analysis_view(text))


def normalize_text(text: str) -> str:
    """NFKC (folds full/half width), lowercase Latin, drop punctuation and whitespace.

    Editor/source/credit lines and an agency lead ("XX讯（记者 …）", "…日电(…)") are removed
    first so that the usual re-post edits do not change the result. If nothing would be left
    (a text made only of such lines), the whole text is normalised instead, so two different
    short texts never collapse to the empty string.
    """
    t = analysis_view(text)
    core = _DROP.sub("", _strip_boilerplate(t).lower())
    if core:
        return core
    return _DROP.sub("", t.lower())


def content_hash(text: str) -> str:
    """Hex sha256 of ``normalize_text(text)``: the exact-dedup key."""
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()


# ---------------------------------------------------------------- near stage: config

@dataclass(frozen=True)
class DedupConfig:
    """Near-duplicate parameters. Defaults measured on bench/data/dedup_labelled
    (docs/benchmarks/dedup.md, `uv run python bench/dedup_eval.py`)."""

    # Character n-gram length. On the labelled set n = 3 keeps 30 %-spun copies at exact J
    # >= 0.297 while different stories on the same theme stay <= 0.024 (12x apart); n = 2 lets
    # same-theme stories reach 0.069, n = 4/5 push 30 %-spun copies to 0.22/0.16 where 42x3
    # LSH misses a third of them (sweep in docs/benchmarks/dedup.md).
    ngram: int = 3
    # MinHash permutations: std. error of the estimate at J = 0.5 is sqrt(J(1-J)/128) = 0.044;
    # 512 bytes per stored signature.
    num_perm: int = 128
    # LSH layout: 42 bands x 3 rows (126 of 128 values). P(candidate) = 1-(1-J^3)^42 is 0.68 at
    # J = 0.3, 0.94 at 0.4, 0.005 at 0.05 and 5e-6 at 0.005. Measured: all re-post pairs and
    # 90 % of spun pairs are candidates; 32x4 drops spun pairs to 62 %, 64x2 reaches 99.5 % but
    # P(0.03) = 0.056 (vs 0.001) would bring ~50x more stray candidates per document at scale.
    bands: int = 42
    rows: int = 3
    # Permutation seed. Part of the stored algorithm version: changing it makes old signatures
    # incomparable (they are then recomputed, see clustering.py).
    seed: int = 20261123
    # Estimated Jaccard at or above which a candidate pair is the same story without computing
    # exact sets. Re-posts measure exact J >= 0.72 (a paragraph dropped) except truncated
    # copies (0.46-0.54); different stories <= 0.031 (footer notices aside: boilerplate guard).
    threshold_jaccard: float = 0.5
    # Below threshold_jaccard the exact Jaccard of the shingle sets decides (removes estimator
    # noise). Spun copies measure exact J 0.63-0.72 (10 % of characters in swapped words),
    # 0.43-0.51 (20 %), 0.297-0.364 (30 %); 0.25 leaves 8x margin over different stories.
    spun_threshold: float = 0.25
    # Candidates whose estimate is below this are dropped without computing exact sets (cost
    # guard: stray LSH candidates of unrelated stories estimate 0.0-0.06).
    grey_low: float = 0.1
    # Truncated copies: |A n B| / min(|A|,|B|) at or above this is the same story, when both sides
    # have at least containment_min_shingles distinct shingles (a teaser of 1-2 sentences is
    # contained in many same-theme texts). 0.8 from research §5, truncated mirrors measure 1.0.
    containment: float = 0.8
    containment_min_shingles: int = 150
    # Texts with fewer distinct shingles than this (about one 40-character sentence) get no
    # signature, exact hash only: a one-line text's near-copies cannot be told from another
    # one-liner sharing a boilerplate line (J 0.33, research §5), and an empty shingle set would
    # give every short text the same signature.
    min_shingles: int = 40
    # Boilerplate guard (see residual_overlap): after removing the sentences both texts share
    # verbatim, a pair is refused when more than boilerplate_share of the shorter text is left,
    # the leftovers have exact Jaccard below boilerplate_jaccard, and what they share verbatim
    # is under boilerplate_chars (a footer or header, not a story). Measured on the labelled
    # set: notices glued by a 76-character footer leave 22-23 % with leftover J 0.10-0.11;
    # re-posts and spun copies that pass share >= 129 characters or have leftover J >= 0.2
    # (docs/benchmarks/dedup.md).
    boilerplate_share: float = 0.1
    boilerplate_jaccard: float = 0.2
    boilerplate_chars: int = 150

    def __post_init__(self) -> None:
        """Refuse values the detector cannot run with (a [dedup] table is user input): they
        would otherwise fail deep inside a run's batches, or silently change what a match is."""
        for f in fields(self):
            v = getattr(self, f.name)
            whole = f.type in (int, "int")
            if isinstance(v, bool) or not isinstance(v, int if whole else int | float) or v != v:
                raise ValueError(f"field '{f.name}': must be {'a whole number' if whole else 'a number'}, not {v!r}")
        for name in ("ngram", "num_perm", "bands", "rows"):
            if getattr(self, name) < 1:
                raise ValueError(f"field '{name}': must be at least 1")
        if self.bands * self.rows > self.num_perm:
            raise ValueError(f"bands x rows ({self.bands} x {self.rows}) must not exceed num_perm ({self.num_perm})")
        for name in ("threshold_jaccard", "spun_threshold", "grey_low", "containment", "boilerplate_share",
                     "boilerplate_jaccard"):
            if not 0 <= getattr(self, name) <= 1:
                raise ValueError(f"field '{name}': must be from 0 to 1")
        for name in ("min_shingles", "containment_min_shingles", "boilerplate_chars"):
            if getattr(self, name) < 0:
                raise ValueError(f"field '{name}': must be 0 or more")

    @property
    def algo(self) -> str:
        """Version string stored beside every signature: signatures with another string are
        not comparable (different hashing, n, permutations or seed)."""
        return (f"rensa{_RENSA_VERSION}-rminhash{RMinHash.ALGORITHM_VERSION}-sm64-c{self.ngram}"
                f"-p{self.num_perm}-s{self.seed}")

    @property
    def layout(self) -> str:
        """Version string of the band keys (algorithm plus band layout) and of the fact keys
        (``story.fact_keys``: ``f`` run, shared, kept; change it with them, and a warehouse's
        stored keys are made again once)."""
        return f"{self.algo}-b{self.bands}x{self.rows}-f3x2x16"


_RENSA_VERSION = _md.version("rensa")
DEFAULT_CONFIG = DedupConfig()

# ---------------------------------------------------------------- shingles and signatures

_U = np.uint64
_GOLD = _U(0x9E3779B97F4A7C15)


def _mix64(z: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser (a bijection on 64-bit integers), vectorised."""
    z = z + _GOLD
    z = (z ^ (z >> _U(30))) * _U(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> _U(27))) * _U(0x94D049BB133111EB)
    return z ^ (z >> _U(31))


def _shingle_array(norm: str, n: int) -> np.ndarray:
    """Sorted distinct 64-bit hashes of the character n-grams of an already normalised text.

    Up to n = 3 the code points (21 bits each) are packed exactly before mixing, so distinct
    n-grams never collide; longer n-grams are folded with multiply-xor first."""
    cp = np.frombuffer(norm.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    m = len(cp) - n + 1
    if m <= 0:
        return np.empty(0, dtype=np.uint64)
    with np.errstate(over="ignore"):
        if n <= 3:
            k = cp[:m].copy()
            for j in range(1, n):
                k <<= _U(21)
                k |= cp[j:j + m]
        else:
            k = cp[:m] * _GOLD
            for j in range(1, n):
                k = _mix64(k ^ cp[j:j + m])
        h = np.sort(_mix64(k))
    if len(h) > 1:
        h = h[np.concatenate(([True], h[1:] != h[:-1]))]
    return h


def shingles(text: str, n: int) -> set[int]:
    """Hashed character n-grams of ``normalize_text(text)`` (stable across processes)."""
    return set(_shingle_array(normalize_text(text), n).tolist())


def signature_from_shingles(sh: np.ndarray, cfg: DedupConfig = DEFAULT_CONFIG) -> np.ndarray | None:
    if len(sh) < cfg.min_shingles:
        return None
    mat = RMinHash.digest_matrix_from_flat_token_hashes(sh, [0, len(sh)], cfg.num_perm, cfg.seed)
    return np.asarray(mat.to_rows()[0], dtype=np.uint32)


def signature(text: str, cfg: DedupConfig = DEFAULT_CONFIG) -> np.ndarray | None:
    """MinHash signature (uint32[num_perm]) of the text's shingles, or None when the text has
    fewer than ``cfg.min_shingles`` distinct shingles (exact hash only). Comparable only with
    signatures of the same ``cfg.algo``."""
    return signature_from_shingles(_shingle_array(normalize_text(text), cfg.ngram), cfg)


def signatures(texts: list[str], cfg: DedupConfig = DEFAULT_CONFIG) -> list[np.ndarray | None]:
    """``signature`` for many texts with one call into rensa (same values, less overhead)."""
    return sign_texts(texts, cfg)[0]


def sign_texts(texts: list[str], cfg: DedupConfig = DEFAULT_CONFIG) -> tuple[list[np.ndarray | None], list[int]]:
    """Signatures (None below ``cfg.min_shingles``) and distinct shingle counts of many texts."""
    arrays = [_shingle_array(normalize_text(t), cfg.ngram) for t in texts]
    keep = [i for i, a in enumerate(arrays) if len(a) >= cfg.min_shingles]
    out: list[np.ndarray | None] = [None] * len(texts)
    if keep:
        flat = np.concatenate([arrays[i] for i in keep])
        offsets = np.concatenate(([0], np.cumsum([len(arrays[i]) for i in keep]))).astype(np.uint64)
        mat = RMinHash.digest_matrix_from_flat_token_hashes(flat, offsets, cfg.num_perm, cfg.seed)
        rows = np.asarray(mat.to_rows(), dtype=np.uint32)
        for j, i in enumerate(keep):
            out[i] = rows[j]
    return out, [len(a) for a in arrays]


def band_key_matrix(sigs: np.ndarray, cfg: DedupConfig = DEFAULT_CONFIG) -> np.ndarray:
    """Band keys of many signatures at once: int64 array of shape (len(sigs), cfg.bands)."""
    sigs = np.asarray(sigs, dtype=np.uint64).reshape(-1, cfg.num_perm)
    vals = sigs[:, : cfg.bands * cfg.rows].reshape(len(sigs), cfg.bands, cfg.rows)
    salt = int.from_bytes(hashlib.sha256(cfg.layout.encode()).digest()[:8], "little")
    with np.errstate(over="ignore"):
        k = np.broadcast_to(_mix64(np.arange(cfg.bands, dtype=np.uint64) ^ _U(salt)), vals.shape[:2])
        for j in range(cfg.rows):
            k = _mix64(k ^ vals[:, :, j])
    return np.ascontiguousarray(k).view(np.int64)


def band_keys(sig: np.ndarray | None, cfg: DedupConfig = DEFAULT_CONFIG) -> list[tuple[int, int]]:
    """LSH band keys: (band_no, signed 64-bit key). The layout (``cfg.layout``) and the band
    number are folded into the key, so keys of different bands or configurations never collide
    and one column can be joined on."""
    if sig is None:
        return []
    return list(enumerate(band_key_matrix(sig[None, :], cfg)[0].tolist()))


def estimate_jaccard(sig_a: np.ndarray, sig_b: np.ndarray) -> float:
    return float(np.count_nonzero(sig_a == sig_b)) / len(sig_a)


# ---------------------------------------------------------------- verification

# Sentence ends after NFKC (a half-width "." too, unless it is a decimal point) and line breaks.
_SENTENCE_END = re.compile(r"(?<=[。！？!?；;])|(?<=\.)(?!\d)|\n")


def _sentences(text: str) -> list[str]:
    t = story_view(text)
    out = []
    for s in _SENTENCE_END.split(t):
        s = _DROP.sub("", s.lower())
        if s:
            out.append(s)
    return out


def residual_overlap(text_a: str, text_b: str, cfg: DedupConfig = DEFAULT_CONFIG) -> tuple[float, float, int]:
    """Boilerplate evidence for a pair: remove the sentences the two texts share verbatim, then
    return (share of the shorter text's characters left over, exact Jaccard of the leftovers,
    characters shared verbatim).

    Re-posts leave little over; spun copies share few sentences verbatim but their leftovers
    still overlap; two notices glued by a shared footer leave their one real sentence each,
    and those do not overlap."""
    sa, sb = _sentences(text_a), _sentences(text_b)
    common = set(sa) & set(sb)
    ra = [s for s in sa if s not in common]
    rb = [s for s in sb if s not in common]
    la, lb = sum(map(len, sa)), sum(map(len, sb))
    share = (sum(map(len, ra)) / la if la else 0.0) if la <= lb else (sum(map(len, rb)) / lb if lb else 0.0)
    shared = sum(map(len, common))
    xa = _shingle_array("".join(ra), cfg.ngram)
    xb = _shingle_array("".join(rb), cfg.ngram)
    if len(xa) == 0 or len(xb) == 0:
        return share, 0.0, shared
    inter = len(np.intersect1d(xa, xb, assume_unique=True))
    return share, inter / (len(xa) + len(xb) - inter), shared


@dataclass(frozen=True)
class PairEvidence:
    accepted: bool
    similarity: float  # exact Jaccard when computed, else the estimate
    estimate: float
    exact: float | None = None
    containment: float | None = None
    residual_share: float | None = None
    residual_jaccard: float | None = None
    reason: str = ""


def compare(text_a: str, text_b: str, sig_a: np.ndarray | None, sig_b: np.ndarray | None,
            cfg: DedupConfig = DEFAULT_CONFIG) -> PairEvidence:
    """``verify`` with the evidence (for the benchmark and for tuning)."""
    if sig_a is None or sig_b is None:
        same = normalize_text(text_a) == normalize_text(text_b)
        return PairEvidence(same, 1.0 if same else 0.0, 1.0 if same else 0.0, reason="short: exact only")
    est = estimate_jaccard(sig_a, sig_b)
    if est < cfg.grey_low:
        return PairEvidence(False, est, est, reason="estimate below grey_low")
    # Fast path: a high estimate on long enough texts cannot be footer glue. The guard below
    # can only fire when J < boilerplate_jaccard + boilerplate_chars / |A u B| (the leftovers
    # overlap little and what is shared verbatim is short); 0.1 of slack covers n-gram
    # boundaries, and 0.8 x characters under-estimates distinct shingles (punctuation dropped).
    shortest = 0.8 * min(len(text_a), len(text_b))
    if est >= cfg.threshold_jaccard and shortest > 0 and \
            est >= cfg.boilerplate_jaccard + 0.1 + cfg.boilerplate_chars / shortest:
        return PairEvidence(True, est, est, reason="estimate")
    na, nb = normalize_text(text_a), normalize_text(text_b)
    if na == nb:
        return PairEvidence(True, 1.0, est, 1.0, 1.0, 0.0, 1.0, "identical")
    sa, sb = _shingle_array(na, cfg.ngram), _shingle_array(nb, cfg.ngram)
    inter = len(np.intersect1d(sa, sb, assume_unique=True))
    exact = inter / (len(sa) + len(sb) - inter)
    small = min(len(sa), len(sb))
    cont = inter / small if small else 0.0
    if est >= cfg.threshold_jaccard or exact >= cfg.spun_threshold:
        reason = "jaccard"
    elif cont >= cfg.containment and small >= cfg.containment_min_shingles:
        reason = "containment"
    else:
        return PairEvidence(False, exact, est, exact, cont, reason="below thresholds")
    share, rj, shared = residual_overlap(text_a, text_b, cfg)
    if share > cfg.boilerplate_share and rj < cfg.boilerplate_jaccard and shared < cfg.boilerplate_chars:
        return PairEvidence(False, exact, est, exact, cont, share, rj, "boilerplate guard")
    return PairEvidence(True, exact, est, exact, cont, share, rj, reason)


def verify(text_a: str, text_b: str, sig_a: np.ndarray | None, sig_b: np.ndarray | None,
           cfg: DedupConfig = DEFAULT_CONFIG) -> tuple[bool, float]:
    """Is the candidate pair the same story? Returns (accepted, similarity).

    Texts without a signature (too short) match only on identical normalised text. Otherwise:
    estimated Jaccard below ``grey_low`` -> no; estimate >= ``threshold_jaccard`` or exact
    Jaccard >= ``spun_threshold`` -> yes; containment >= ``containment`` with both sides large
    enough -> yes (truncated copy); and every yes must pass the boilerplate guard (skipped when
    the estimate is too high for it to fire). Similarity is the exact Jaccard of the shingle
    sets when it was computed, else the estimate.
    """
    ev = compare(text_a, text_b, sig_a, sig_b, cfg)
    return ev.accepted, ev.similarity


# ---------------------------------------------------------------- in-memory clustering (one batch)


class UnionFind:
    def __init__(self) -> None:
        self.parent: dict = {}

    def find(self, x):  # noqa: ANN001, ANN201
        p = self.parent.setdefault(x, x)
        while p != self.parent.setdefault(p, p):
            self.parent[p] = self.parent[self.parent[p]]
            p = self.parent[p]
        self.parent[x] = p
        return p

    def union(self, a, b) -> None:  # noqa: ANN001
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def candidate_pairs(sigs: list[np.ndarray | None], cfg: DedupConfig = DEFAULT_CONFIG) -> set[tuple[int, int]]:
    """Index pairs (i < j) sharing at least one LSH band key."""
    buckets: dict[int, list[int]] = {}
    for i, sig in enumerate(sigs):
        for _, key in band_keys(sig, cfg):
            buckets.setdefault(key, []).append(i)
    pairs = set()
    for members in buckets.values():
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                pairs.add((members[x], members[y]))
    return pairs


def cluster_texts(texts: list[str], cfg: DedupConfig = DEFAULT_CONFIG) -> list[int]:
    """Cluster label (index of the cluster's first text) for every text, in memory: exact
    hashes, LSH candidates, ``verify``, union-find. The warehouse version is
    ``grassroots.warehouse.clusters.assign_clusters``; this one serves tests and benchmarks."""
    uf = UnionFind()
    first_by_hash: dict[str, int] = {}
    for i, t in enumerate(texts):
        uf.find(i)
        h = content_hash(t)
        if h in first_by_hash:
            uf.union(first_by_hash[h], i)
        else:
            first_by_hash[h] = i
    sigs = signatures(texts, cfg)
    for i, j in sorted(candidate_pairs(sigs, cfg)):
        if uf.find(i) != uf.find(j) and verify(texts[i], texts[j], sigs[i], sigs[j], cfg)[0]:
            uf.union(i, j)
    return [uf.find(i) for i in range(len(texts))]
