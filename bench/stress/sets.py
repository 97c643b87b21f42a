"""Set builders. Each returns a list of Doc records (file, data, truth, meta)."""
import datetime as dt
import random
import re

from . import lexicon as L
from .compose import Composer, fill, make_pool, person, standard_block
from .hant import to_traditional
from .render import FORMATS, Page, Site, render
from .synonyms import spin_tokens_plan

SETS = ["shared_paragraphs", "standard_paragraphs", "reposts", "spun", "traditional", "chrome_heavy", "mutated"]
PREFIX = {"shared_paragraphs": "sp", "standard_paragraphs": "st", "reposts": "rp", "spun": "sn",
          "traditional": "tr", "chrome_heavy": "ch", "mutated": "mu"}


class Doc:
    __slots__ = ("file", "data", "truth", "meta")

    def __init__(self, file, data, truth, meta):
        self.file, self.data, self.truth, self.meta = file, data, truth, meta


class Builder:
    def __init__(self, name, seed):
        self.name = name
        self.prefix = PREFIX[name]
        self.rng = random.Random("%s:%s" % (name, seed))
        self.docs = []
        self.names = set()
        self.sites = {}

    def site(self, district, heavy=False, related=None, key=None):
        k = key or (district, heavy)
        if k not in self.sites:
            d = next(x for x in L.DISTRICTS if x[0] == district)
            self.sites[k] = Site(self.rng, d[0], d[1], d[2], heavy=heavy, related=related)
        return self.sites[k]

    def repost_site(self):
        d = self.rng.choice(L.DISTRICTS)
        return self.site(d[0], key=("repost", self.rng.randrange(6)))

    def page(self, st, site, title=None, paragraphs=None, pub=None, source=None, note=None,
             caption=None, related=None, notitle=False):
        r = self.rng
        pub = pub or st.ctx["date"] + dt.timedelta(days=r.randint(0, 2))
        return Page(None if notitle else (title or st.headline), list(paragraphs or st.paragraphs), pub,
                    source or r.choice([site.name, "%s融媒体中心" % site.dshort, r.choice(L.SOURCES_MEDIA)]),
                    person(r, self.names), person(r, self.names), site, note=note, caption=caption,
                    related=related if related is not None else [],
                    time="%02d:%02d" % (r.randint(7, 21), r.randint(0, 59)))

    def add(self, page, fmt, story, kind, traditional=False, encoding=None, meta=None, **extra):
        data, enc, ext, text = render(fmt, page, self.rng, encoding=encoding, traditional=traditional)
        fid = "%s%05d" % (self.prefix, len(self.docs) + 1)
        f = "docs/%s.%s" % (fid, ext)
        script = "traditional" if (traditional or fmt == "big5_html") else "simplified"
        truth = dict(file=f, story=story, kind=kind, format=fmt, encoding=enc, script=script)
        truth.update({k: v for k, v in extra.items() if v is not None})
        m = dict(title=page.title, paragraphs=list(page.paragraphs), text=text)
        if meta:
            m.update(meta)
        self.docs.append(Doc(f, data, truth, m))
        return f

    def related(self, stories, k, exclude):
        pool = [s for s in stories if s is not exclude]
        pick = self.rng.sample(pool, min(k, len(pool)))
        return [(s.headline, (s.ctx["date"] + dt.timedelta(days=1)).isoformat()) for s in pick]


def _wfmt(rng, weights):
    fmts, ws = zip(*weights)
    return rng.choices(fmts, ws)[0]


BASE_FMTS = [("portal_html", 5), ("portal_txt", 4), ("frontmatter_md", 4), ("plain_txt", 2), ("epaper_txt", 1),
             ("wechat_md", 1), ("gbk_html", 1), ("snapshot_html", 1), ("mirror_txt", 1), ("frontmatter_html", 1)]


def _sid(b, i):
    return "%s-s%05d" % (b.prefix, i + 1)


# ------------------------------------------------------------------------------------------ (a)
def build_shared_paragraphs(n, seed, **kw):
    b = Builder("shared_paragraphs", seed)
    r = b.rng
    pool = make_pool(r, 30)
    comp = Composer(r)
    stories = []
    for i in range(n):
        k = r.randint(1, 3)
        st = comp.story(_sid(b, i), r.randint(max(3, k), 6))
        shared = r.sample(pool, k)
        paras = list(st.paragraphs)
        for p in shared:
            paras.insert(r.choice([0, 1, len(paras), r.randint(1, len(paras))]), p)
        st.paragraphs = paras
        st.own = [j for j, p in enumerate(paras) if p not in shared]
        st.shared = [j for j, p in enumerate(paras) if p in shared]
        stories.append(st)
    for st in stories:
        site = b.site(st.ctx["D"])
        pg = b.page(st, site, related=b.related(stories, r.randint(0, 5), st))
        b.add(pg, _wfmt(r, BASE_FMTS), st.sid, "distinct",
              meta=dict(headline=st.headline, facts=st.facts, own=[st.paragraphs[j] for j in st.own],
                        shared=[st.paragraphs[j] for j in st.shared]))
    return b.docs


# ------------------------------------------------------------------------------------------ (b)
def build_standard_paragraphs(n, seed, **kw):
    b = Builder("standard_paragraphs", seed)
    r = b.rng
    district = kw.get("district") or r.choice(L.DISTRICTS)[0]
    std = standard_block(r, district)
    comp = Composer(r, district=district)
    site = b.site(district)
    stories = []
    for i in range(n):
        st = comp.story(_sid(b, i), r.randint(2, 4))
        use = r.choice([(0, 1, 2), (0, 1, 2), (0, 1), (0, 2), (1, 2)])
        own = list(st.paragraphs)
        paras = []
        if 0 in use:
            paras.append(std[0])
        paras.append(own[0])
        rest = own[1:]
        if 1 in use:
            cut = r.randint(0, len(rest))
            rest = rest[:cut] + [std[1]] + rest[cut:]
        paras += rest
        if 2 in use:
            paras.append(std[2])
        st.paragraphs = paras
        st.own = [j for j, p in enumerate(paras) if p not in std]
        st.shared = [j for j, p in enumerate(paras) if p in std]
        stories.append(st)
    fm = [("portal_html", 5), ("portal_txt", 3), ("frontmatter_md", 2), ("snapshot_html", 1), ("wechat_md", 1)]
    for st in stories:
        pg = b.page(st, site, source=site.name, related=b.related(stories, r.randint(0, 4), st))
        b.add(pg, _wfmt(r, fm), st.sid, "distinct",
              meta=dict(headline=st.headline, facts=st.facts, own=[st.paragraphs[j] for j in st.own],
                        shared=[st.paragraphs[j] for j in st.shared]))
    return b.docs


# ------------------------------------------------------------------------------------------ (c)
_SENT = re.compile(r"[^。！？]*[。！？]”?|[^。！？]+$")


def sentences(p):
    return [s for s in _SENT.findall(p) if s]


def _excerpt(r, paras):
    """Drop material from the end or the middle keeping >= 80 % of the characters, in order."""
    total = sum(len(p) for p in paras)
    sents = [(pi, s) for pi, p in enumerate(paras) for s in sentences(p)]
    keep = [True] * len(sents)
    budget = int(total * r.uniform(0.06, 0.18))
    mode = r.choice(["tail", "middle"])
    order = list(range(len(sents) - 1, 0, -1)) if mode == "tail" else r.sample(range(1, len(sents)), len(sents) - 1)
    dropped = 0
    for j in order:
        l = len(sents[j][1])
        if dropped + l > budget:
            if mode == "tail":
                break
            continue
        keep[j] = False
        dropped += l
    if dropped == 0 and len(sents) > 1:  # drop at least the shortest non-lead sentence when it fits
        j = min(range(1, len(sents)), key=lambda x: len(sents[x][1]))
        if len(sents[j][1]) <= total * 0.2:
            keep[j] = False
    out = {}
    for (pi, s), k in zip(sents, keep):
        if k:
            out.setdefault(pi, []).append(s)
    return ["".join(out[pi]) for pi in sorted(out)], mode


def build_reposts(n, seed, **kw):
    b = Builder("reposts", seed)
    r = b.rng
    comp = Composer(r)
    for i in range(n):
        st = comp.story(_sid(b, i), r.randint(4, 7))
        site = b.site(st.ctx["D"])
        f0 = _wfmt(r, BASE_FMTS)
        pg = b.page(st, site)
        orig = b.add(pg, f0, st.sid, "original", meta=dict(headline=st.headline))
        for _ in range(r.randint(1, 3)):
            kind = r.choice(["repost_exact", "repost_edited", "repost_excerpt"])
            rs = b.repost_site()
            pub = pg.pub + dt.timedelta(days=r.randint(0, 4))
            fmt = r.choice([f for f in FORMATS if f not in ("big5_html", f0)])
            src = "%s" % site.name
            ops = []
            if kind == "repost_exact":
                cp = b.page(st, rs, pub=pub, source=src)
                enc = "gb18030" if fmt == "gbk_html" and r.random() < 0.3 else None
                b.add(cp, fmt, st.sid, kind, encoding=enc, of=orig, ops=["layout"])
                continue
            if kind == "repost_edited":
                paras = list(st.paragraphs)
                title = st.headline
                note = None
                if r.random() < 0.6:
                    title = r.choice(st.alt_headlines)
                    ops.append("new_headline")
                op = r.choice(["drop", "add", "note", "drop", "add"])
                if op == "drop" and len(paras) >= 4:
                    del paras[r.randint(1, len(paras) - 1)]
                    ops.append("drop_paragraph")
                elif op == "add":
                    paras.insert(r.randint(1, len(paras)), comp.extra_paragraph(st))
                    ops.append("add_paragraph")
                else:
                    note = fill(r.choice(L.EDITOR_NOTES), dict(src=site.name), r)
                    ops.append("editor_note")
                cap = fill(r.choice(L.CAPTIONS), st.ctx, r) if r.random() < 0.3 else None
                if cap:
                    ops.append("caption")
                cp = b.page(st, rs, title=title, paragraphs=paras, pub=pub, source=src, note=note, caption=cap)
                b.add(cp, fmt, st.sid, kind, of=orig, ops=ops)
                continue
            paras, mode = _excerpt(r, st.paragraphs)
            notitle = r.random() < 0.3
            note = "■本报记者 %s" % person(r, b.names) if notitle and r.random() < 0.6 else None
            cp = b.page(st, rs, paragraphs=paras, pub=pub, source=src, note=note, notitle=notitle)
            b.add(cp, fmt, st.sid, kind, of=orig, ops=["excerpt_" + mode] + (["no_headline"] if notitle else []))
    return b.docs


# ------------------------------------------------------------------------------------------ (d)
def build_spun(n, seed, rate=0.3, **kw):
    b = Builder("spun", seed)
    r = b.rng
    comp = Composer(r)
    for i in range(n):
        st = comp.story(_sid(b, i), r.randint(5, 7))
        site = b.site(st.ctx["D"])
        f0 = _wfmt(r, BASE_FMTS)
        pg = b.page(st, site)
        orig = b.add(pg, f0, st.sid, "original", meta=dict(protect=st.protect, facts=st.facts))
        for _ in range(r.randint(1, 2)):
            paras, k, m = spin_tokens_plan(st.paragraphs, st.protect, rate, r)
            (title,), _, _ = spin_tokens_plan([st.headline], st.protect, rate, r)
            rs = b.repost_site()
            fmt = r.choice([f for f in FORMATS if f not in ("big5_html",)])
            cp = b.page(st, rs, title=title, paragraphs=paras, pub=pg.pub + dt.timedelta(days=r.randint(0, 6)))
            b.add(cp, fmt, st.sid, "spun", of=orig, rate=rate,
                  meta=dict(orig_paragraphs=list(st.paragraphs), protect=st.protect, facts=st.facts,
                            replaceable=k, replaced=m))
    return b.docs


# ------------------------------------------------------------------------------------------ (e)
def build_traditional(n, seed, **kw):
    b = Builder("traditional", seed)
    r = b.rng
    comp = Composer(r)
    tfmts = ["portal_html", "plain_txt", "frontmatter_md", "mobile_txt", "mirror_txt", "forum_txt", "snapshot_html"]
    for i in range(n):
        st = comp.story(_sid(b, i), r.randint(3, 6))
        site = b.site(st.ctx["D"])
        pg = b.page(st, site)
        orig = b.add(pg, _wfmt(r, BASE_FMTS), st.sid, "original")
        kinds = r.choice([["big5"], ["utf8"], ["big5", "utf8"], ["big5"]])
        for kd in kinds:
            rs = b.repost_site()
            tparas = [to_traditional(p) for p in st.paragraphs]
            cp = b.page(st, rs, pub=pg.pub + dt.timedelta(days=r.randint(0, 5)), source=site.name)
            if kd == "big5":
                b.add(cp, "big5_html", st.sid, "traditional", twin_of=orig,
                      meta=dict(trad_paragraphs=tparas, orig_paragraphs=list(st.paragraphs)))
            else:
                b.add(cp, r.choice(tfmts), st.sid, "traditional", traditional=True, twin_of=orig,
                      meta=dict(trad_paragraphs=tparas, orig_paragraphs=list(st.paragraphs)))
    return b.docs


# ------------------------------------------------------------------------------------------ (f)
def build_chrome_heavy(n, seed, **kw):
    b = Builder("chrome_heavy", seed)
    r = b.rng
    comp = Composer(r)
    stories = [comp.story(_sid(b, i), r.randint(2, 3)) for i in range(n)]
    ds = r.sample(L.DISTRICTS, 3)
    sites = []
    for j, d in enumerate(ds):
        rel = [(s.headline, (s.ctx["date"] + dt.timedelta(days=1)).isoformat())
               for s in r.sample(stories, min(15, len(stories)))]
        sites.append(b.site(d[0], heavy=True, related=rel, key=("heavy", j)))
    for st in stories:
        si = r.randrange(len(sites))
        site = sites[si]
        fmt = r.choice(["portal_html", "portal_html", "portal_txt"])
        pg = b.page(st, site, source=site.name)
        b.add(pg, fmt, st.sid, "distinct", site=site.name, meta=dict(headline=st.headline, own=list(st.paragraphs)))
        if r.random() < 0.2:
            other = sites[(si + 1) % len(sites)]
            cp = b.page(st, other, pub=pg.pub + dt.timedelta(days=1), source=site.name)
            b.add(cp, r.choice(["portal_html", "portal_txt"]), st.sid, "repost_exact", site=other.name)
    return b.docs


# ------------------------------------------------------------------------------------------ (g)
def _mutate(r, data, base_text, fmt):
    ops = []
    n_ops = r.choice([1, 1, 2, 2, 3])
    choices = ["truncate", "splice_random", "huge_line", "deep_nesting", "mixed_encodings", "nuls",
               "invalid_utf8", "bom_mix", "unclosed", "cr_only", "charset_lie", "binary", "empty",
               "long_attr", "utf16"]
    weights = [4, 4, 1, 2, 3, 3, 3, 2, 3, 2, 2, 1, 1, 2, 1]
    for _ in range(n_ops):
        op = r.choices(choices, weights)[0]
        ops.append(op)
        if op == "truncate":
            data = data[:r.randint(0, max(1, len(data) - 1))]
        elif op == "splice_random":
            for _ in range(r.randint(1, 12)):
                pos = r.randint(0, len(data))
                junk = r.randbytes(r.randint(1, 300))
                if r.random() < 0.5:
                    junk = b"<" + junk + b">"
                data = data[:pos] + junk + data[pos:]
        elif op == "huge_line":
            unit = ("社区" + base_text[:200].replace("\n", "")).encode("utf-8", "replace") or b"x"
            line = unit * max(1, r.randint(200_000, 1_200_000) // len(unit))
            data = data.replace(b"\n", b" ").replace(b"\r", b" ")
            pos = r.randint(0, len(data))
            data = data[:pos] + line + data[pos:]
        elif op == "deep_nesting":
            depth = r.randint(2_000, 40_000)
            tag = r.choice([b"div", b"span", b"b", b"table", b"p", b"font"])
            inner = b"".join(b"<" + tag + b">" for _ in range(depth)) + base_text[:300].encode("utf-8", "replace")
            close = b"".join(b"</" + tag + b">" for _ in range(depth if r.random() < 0.5 else r.randint(0, depth)))
            pos = r.randint(0, len(data))
            data = data[:pos] + inner + close + data[pos:]
        elif op == "mixed_encodings":
            lines = [x for x in base_text.split("\n") if x][:40]
            out = []
            for x in lines:
                e = r.choice(["utf-8", "gbk", "big5", "utf-16-le", "latin-1"])
                try:
                    if e == "big5":
                        out.append(to_traditional(x).encode("big5", "replace"))
                    elif e == "latin-1":
                        out.append(x.encode("utf-8").decode("latin-1").encode("utf-8"))  # mojibake
                    else:
                        out.append(x.encode(e, "replace"))
                except Exception:  # noqa: BLE001
                    out.append(x.encode("utf-8", "replace"))
            data = b"\n".join(out) + b"\n" + data[: len(data) // 3]
        elif op == "nuls":
            k = r.randint(1, 50)
            for _ in range(k):
                pos = r.randint(0, len(data))
                data = data[:pos] + b"\x00" * r.randint(1, 64) + data[pos:]
        elif op == "invalid_utf8":
            bad = [b"\x80", b"\xbf\xbf", b"\xc0\xaf", b"\xe4\xb8", b"\xf8\x88\x80\x80\x80", b"\xed\xa0\x80", b"\xff\xfe"]
            for _ in range(r.randint(1, 30)):
                pos = r.randint(0, len(data))
                data = data[:pos] + r.choice(bad) + data[pos:]
        elif op == "bom_mix":
            pos = r.randint(0, len(data))
            data = b"\xef\xbb\xbf" + data[:pos] + r.choice([b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf"]) + data[pos:]
        elif op == "unclosed":
            pos = r.randint(0, len(data))
            data = data[:pos] + r.choice([b"<!--", b"<script>var a='", b"<style>", b"<![CDATA[", b"<textarea>",
                                          b"<title>", b"<a href=\"", b"---\ntitle: \"", b"<"]) + data[pos:]
        elif op == "cr_only":
            data = data.replace(b"\r\n", b"\n").replace(b"\n", b"\r")
        elif op == "charset_lie":
            data = r.choice([b'<meta charset="big5">', b'<meta charset="utf-16">', b'<meta charset="x-unknown-9">',
                             b'<?xml version="1.0" encoding="shift_jis"?>']) + b"\n" + data
        elif op == "binary":
            data = r.randbytes(r.randint(1, 20_000))
        elif op == "empty":
            data = r.choice([b"", b" ", b"\n\n\n", b"\x00", b"<html></html>", b"---\n---\n"])
        elif op == "long_attr":
            pos = r.randint(0, len(data))
            attrs = b"".join(b' data-x%d="%s"' % (i, b"a" * r.randint(1, 50)) for i in range(r.randint(100, 5000)))
            data = data[:pos] + b"<div class=\"" + b"c " * r.randint(1000, 50_000) + b"\"" + attrs + b">" + data[pos:]
        elif op == "utf16":
            data = base_text.encode(r.choice(["utf-16", "utf-16-le", "utf-32"]))
    return data, ops


def build_mutated(n, seed, **kw):
    b = Builder("mutated", seed)
    r = b.rng
    comp = Composer(r)
    base_fmts = [f for f in FORMATS]
    for i in range(n):
        st = comp.story(_sid(b, i), r.randint(3, 6))
        site = b.site(st.ctx["D"])
        fmt = r.choice(base_fmts)
        pg = b.page(st, site)
        data, enc, ext, text = render(fmt, pg, r)
        data, ops = _mutate(r, data, text, fmt)
        fid = "%s%05d" % (b.prefix, len(b.docs) + 1)
        f = "docs/%s.%s" % (fid, ext)
        b.docs.append(Doc(f, data, dict(file=f, story=st.sid, kind="mutated", format=fmt, encoding=enc,
                                        mutations=ops), dict(text=text)))
    return b.docs


BUILDERS = {"shared_paragraphs": build_shared_paragraphs, "standard_paragraphs": build_standard_paragraphs,
            "reposts": build_reposts, "spun": build_spun, "traditional": build_traditional,
            "chrome_heavy": build_chrome_heavy, "mutated": build_mutated}


def build(name, n, seed, **kw):
    return BUILDERS[name](n, seed, **kw)
