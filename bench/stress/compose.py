"""Compose fictional stories (headline, place, date, facts, paragraphs) from the lexicon."""
import datetime as dt
import re

from . import lexicon as L
from .synonyms import _NUM_RE, SYN

_ALT = re.compile(r"\[([^\[\]]*)\]")


def fill(tpl, ctx, rng):
    def pick(m):
        return rng.choice(m.group(1).split("|"))
    s = _ALT.sub(pick, tpl)
    s = s.format(**ctx)
    # a slot value may itself contain alternatives
    return _ALT.sub(pick, s) if "[" in s else s


def person(rng, used):
    for _ in range(50):
        n = rng.choice(L.SURNAMES) + "".join(rng.sample(L.GIVEN, rng.choice((1, 2, 2))))
        if n not in used and not any(n[i:j] in SYN for i in range(len(n)) for j in range(i + 2, len(n) + 1)):
            used.add(n)
            return n
    return n


def cn_date(d):
    return "%d年%d月%d日" % (d.year, d.month, d.day)


class Story:
    """A story: the facts and own paragraphs; shared paragraphs are spliced in by set builders."""

    def __init__(self, sid):
        self.sid = sid
        self.paragraphs = []      # final body (own + shared), in order
        self.own = []             # indices of own paragraphs in self.paragraphs
        self.shared = []          # indices of shared paragraphs
        self.headline = ""
        self.alt_headlines = []
        self.protect = []
        self.facts = []
        self.ctx = {}

    @property
    def body(self):
        return "\n".join(self.paragraphs)


class Composer:
    def __init__(self, rng, district=None, date_range=(dt.date(2019, 1, 1), dt.date(2024, 12, 31))):
        self.rng = rng
        self.district = district
        self.date_range = date_range
        self.used_names = set()
        self.used_headlines = set()
        self.used_keys = set()
        self.used_complex = set()

    def _ctx(self):
        r = self.rng
        if self.district:
            dname = self.district
            dinfo = next(d for d in L.DISTRICTS if d[0] == dname)
        else:
            dinfo = r.choice(L.DISTRICTS)
            dname = dinfo[0]
        street = r.choice(L.STREETS_BY_DISTRICT[dname])
        sshort = street[:-2] if street.endswith("街道") else street
        for _ in range(100):
            cx = r.choice(L.CX_PRE) + r.choice(L.CX_SUF)
            if cx not in self.used_complex:
                break
        self.used_complex.add(cx)
        a, b = self.date_range
        day = a + dt.timedelta(days=r.randrange((b - a).days))
        topic = r.choice(L.TOPICS)
        ctx = dict(
            D=dname, Dshort=dinfo[1], pinyin=dinfo[2], S=street, Sshort=sshort, C=cx,
            JW=cx + r.choice(["居民区", "居委会"]),
            V=cx + r.choice(L.VENUE_SUF),
            ORG=r.choice(L.ORG_PRE) + r.choice(L.ORG_SUF),
            P1=person(r, self.used_names), P2=person(r, self.used_names), P3=person(r, self.used_names),
            role2=r.choice(L.ROLES_OFFICIAL), role3=r.choice(L.ROLES_VOL),
            event=r.choice(topic["event"]), group=topic["group"], goal=topic["goal"],
            need=topic["need"], benefit=topic["benefit"],
            date=day, Y=day.year, date_md="%d月%d日" % (day.month, day.day), date_full=cn_date(day),
            n_people=r.randint(20, 400), built=r.randint(1978, 2002), bldg=r.randint(6, 60),
            hh=r.randint(180, 2400), old_pct=r.randint(25, 48), n_cx=r.randint(12, 45),
            pop=r.randint(3, 15), prev_month=((day.month - 2) % 12) + 1, n_op=r.randint(40, 600),
            pct2=r.randint(30, 80), age=r.randint(25, 45), n_more=r.randint(3, 20),
            end_m=r.randint(1, 12), money=r.randint(50, 3000), served=r.randint(500, 20000),
            n_visit=r.randint(10, 200), age1=r.randint(62, 93), years=r.randint(10, 40),
        )
        for k, (lo, hi) in topic["nums"].items():
            ctx[k] = r.randint(lo, hi)
        ctx["quote"] = fill(r.choice(topic["quotes"]), ctx, r)
        ctx["quote_off"] = fill(r.choice(L.QUOTE_OFF), ctx, r)
        return topic, ctx

    def story(self, sid, n_own):
        """A story with n_own own paragraphs (>=2)."""
        r = self.rng
        for _ in range(200):
            topic, ctx = self._ctx()
            key = (ctx["S"], ctx["C"], ctx["date"])
            head = fill(r.choice(topic["headlines"]), ctx, r)
            if head not in self.used_headlines and key not in self.used_keys:
                break
        self.used_headlines.add(head)
        self.used_keys.add(key)
        st = Story(sid)
        st.ctx = ctx
        st.topic = topic["key"]
        st.headline = head
        alts = [fill(h, ctx, r) for h in topic["headlines"]]
        st.alt_headlines = [h for h in dict.fromkeys(alts) if h != head] or [head + "（图）"]
        details = [fill(t, ctx, r) for t in r.sample(topic["details"], len(topic["details"]))]
        extras = [fill(t, ctx, r) for t in r.sample(L.DETAIL_EXTRA, 2)]
        lead = fill(r.choice(L.LEAD), ctx, r) + details.pop(0)
        cand = [
            ("bg", fill(r.choice(L.BACKGROUND), ctx, r)),
            ("detail", details[0] + (details[1] if r.random() < 0.5 else "")),
            ("quote", fill(r.choice(L.QUOTE), ctx, r)),
            ("detail", details[-1] + extras[0]),
            ("extra", extras[1]),
            ("outcome", fill(r.choice(L.OUTCOME), ctx, r)),
        ]
        n_rest = max(1, min(n_own - 1, len(cand)))
        keep = sorted(r.sample(range(len(cand)), n_rest))
        st.paragraphs = [lead] + [cand[i][1] for i in keep]
        st.own = list(range(len(st.paragraphs)))
        st.protect = [ctx[k] for k in ("D", "S", "C", "JW", "V", "ORG", "P1", "P2", "P3", "event",
                                       "date_full", "date_md", "Sshort", "Dshort")]
        st.protect = sorted(set(st.protect), key=len, reverse=True)
        text = head + "\n" + st.body
        st.facts = sorted(set(m.group(0) for m in _NUM_RE.finditer(text))
                          | {x for x in (ctx["date_full"], ctx["S"], ctx["C"], ctx["P1"], ctx["P2"]) if x in text})
        return st

    def extra_paragraph(self, st):
        """An additional paragraph for an edited copy (same facts, new text)."""
        r = self.rng
        return fill(r.choice(["记者[在现场|随后][看到|注意到]，{V}[里|门口]不时有居民[前来|过来][咨询|打听]{event}的[情况|安排]。",
                              "[多位|不少]居民[对记者|向记者][说|表示]，{event}[办到了|做到了][大家|居民]的心坎上。",
                              "[据|记者从]{S}了解，{event}[相关|有关][情况|进展][还将|将][通过|在]{JW}公众号[及时|陆续]公布。"]),
                    st.ctx, r)


def make_pool(rng, n=30, districts=None):
    """~n distinct shared background/policy/quote paragraphs (no story-specific facts)."""
    pool, seen = [], set()
    dl = districts or [d[0] for d in L.DISTRICTS]
    tries = 0
    while len(pool) < n and tries < n * 50:
        tries += 1
        t = L.POOL_TEMPLATES[len(pool) % len(L.POOL_TEMPLATES)] if tries < n * 5 else rng.choice(L.POOL_TEMPLATES)
        ctx = dict(D=rng.choice(dl), n_st=rng.randint(8, 36), pop=rng.randint(40, 580),
                   fy=rng.choice([2025, 2035]), vol=rng.randint(400, 700))
        p = fill(t, ctx, rng)
        if p not in seen:
            seen.add(p)
            pool.append(p)
    return pool


def standard_block(rng, district):
    ctx = dict(D=district, area=rng.randint(20, 1200), n_st=len(L.STREETS_BY_DISTRICT[district]))
    return [fill(L.STANDARD_INTRO, ctx, rng), fill(L.STANDARD_POLICY, ctx, rng), fill(L.STANDARD_QUOTE, ctx, rng)]
