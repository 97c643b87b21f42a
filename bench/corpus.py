"""Benchmark corpus: N realistic portal pages, deterministic by seed.

    uv run python bench/corpus.py --n 10000 --seed 1 --out /tmp/bench/pages10k

Every page is 30-120 KB of HTML with portal chrome (top bar, nav, breadcrumb, sidebars with
link lists, related-news lists, inline scripts and styles, footer) around an article body
assembled from the project's own sample corpus (`seeds/corpus/`: its sentences split into clauses
and recombined into new sentences, numbers re-drawn per article so that articles differ). Mix, by page number:

- ~20% re-posts: the body of an earlier page in another template (other chrome); a third of
  them lightly edited (one sentence dropped, one added), which the near-dup stage should catch;
- ~10% GBK-encoded (half of them declare it in a meta tag, half do not);
- ~1% non-articles: link index pages and 404 pages (they should land in `rejects`).

Pages go to OUT/<k>/<i>.html, 1,000 per folder. The same (n, seed) always writes the same bytes
(`python bench/corpus.py --n 200 --seed 1 --out a` twice and `diff -r` shows nothing), and the
first n pages of a larger corpus equal the pages of a smaller one with the same seed.
"""

from __future__ import annotations

import argparse
import html
import json
import random
import re
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "seeds" / "corpus"

# Shares of the mix, chosen by the issue (20% re-posts, 10% GBK, "a few" non-articles).
REPOST_SHARE = 0.20
EDITED_SHARE = 1 / 3  # of the re-posts: lightly edited rather than verbatim
GBK_SHARE = 0.10
NON_ARTICLE_SHARE = 0.01
# Page size range from the issue; the chrome is padded until the page reaches its drawn size.
MIN_BYTES, MAX_BYTES = 30_000, 120_000
_BLOCK_MAX = 6_000  # largest padding block (12 links + a script): the last one may overshoot by this much
PAGES_PER_FOLDER = 1000

_SENT = re.compile(r"[^。！？]+[。！？]+[”」]?")
_TAG = re.compile(r"<script.*?</script>|<style.*?</style>|<[^>]+>", re.S)
_CJK = re.compile(r"[\u4e00-\u9fff]")

DISTRICTS = ["黄浦区", "徐汇区", "长宁区", "静安区", "普陀区", "虹口区", "杨浦区", "闵行区", "宝山区",
             "嘉定区", "浦东新区", "金山区", "松江区", "青浦区", "奉贤区", "崇明区"]
TEMPLATES = ["gov", "news", "district", "wechat_mirror", "aggregator", "paper"]


# ---------------------------------------------------------------- sentences


@cache
def sentences() -> tuple[str, ...]:
    """Sentences of the sample corpus (markup, front matter and headings removed), in file order."""
    out: list[str] = []
    seen: set[str] = set()
    for p in sorted(SAMPLE.iterdir()):
        raw = p.read_bytes()
        text = None
        for enc in ("utf-8", "gb18030"):
            try:
                text = raw.decode(enc)
                break
            except UnicodeDecodeError:
                continue
        if text is None:
            continue
        text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)  # YAML front matter
        text = html.unescape(_TAG.sub("\n", text))
        for line in text.splitlines():
            line = line.strip().lstrip("#>*- ").strip()
            for s in _SENT.findall(line):
                s = s.strip()
                # keep prose: long enough, mostly Chinese, no URLs or markdown links
                if 12 <= len(s) <= 160 and len(_CJK.findall(s)) >= 0.5 * len(s) and "http" not in s \
                        and "](" not in s and s not in seen:
                    seen.add(s)
                    out.append(s)
    if len(out) < 50:
        raise SystemExit(f"only {len(out)} sentences found in {SAMPLE}")
    return tuple(out)


def _renumber(s: str, rng: random.Random) -> str:
    """Re-draw the digits of a sentence so articles built from the same sentences still differ."""
    def draw(m: re.Match) -> str:
        g = m.group()
        if len(g) == 4 and g.startswith(("19", "20")):  # a year stays a plausible year
            return str(rng.randint(2015, 2025))
        return str(rng.randint(2, 9) * 10 ** (len(g) - 1) + rng.randint(0, 9))

    return re.sub(r"\d+", draw, s)


# ---------------------------------------------------------------- page plan


def plan(i: int, seed: int) -> dict:
    """What page i is: its story, template, encoding and kind (depends only on i and seed)."""
    rng = random.Random(f"plan:{seed}:{i}")
    r = rng.random()
    kind = "article"
    story = i
    edited = False
    if i >= 20 and r < REPOST_SHARE:
        story = plan(rng.randrange(i), seed)["story"]  # a re-post of an earlier page's story
        edited = rng.random() < EDITED_SHARE
        kind = "repost"
    elif r > 1 - NON_ARTICLE_SHARE:
        kind = rng.choice(["index", "notfound"])
    # the template a story first appears in is drawn from the story; a re-post uses another one
    home = random.Random(f"tpl:{seed}:{story}").randrange(len(TEMPLATES))
    tpl = home if kind != "repost" else (home + 1 + rng.randrange(len(TEMPLATES) - 1)) % len(TEMPLATES)
    gbk = rng.random() < GBK_SHARE
    return {"i": i, "story": story, "kind": kind, "edited": edited, "template": TEMPLATES[tpl],
            "gbk": gbk, "declare": rng.random() < 0.5, "size": rng.randint(MIN_BYTES, MAX_BYTES - _BLOCK_MAX)}


@cache
def clauses() -> tuple[str, ...]:
    """Clauses of the sample corpus's sentences (split on ，；：), at least 4 characters."""
    out = {c.strip("。！？”“ ") for s in sentences() for c in re.split(r"[，；：]", s)}
    return tuple(sorted(c for c in out if len(c) >= 4))


def story(story_id: int, seed: int) -> dict:
    """Title, date, district, publisher and paragraphs of one story.

    Sentences are 2-4 clauses drawn from the whole sample corpus. Whole sentences made unrelated
    stories too alike for the near-dup stage (72 KB of source text: character 3-gram Jaccard of
    random story pairs reached 0.31, above its 0.25 spun-copy threshold, and 127 of 1,384
    clusters of a 2k-page run mixed stories); clause mixes with 8-22 sentences measured a
    median of 0.05 and a maximum of 0.17 over 31k pairs (bench/README.md).
    """
    rng = random.Random(f"story:{seed}:{story_id}")
    cl = clauses()
    picked = []
    for _ in range(rng.randint(8, 22)):
        picked.append("，".join(_renumber(cl[rng.randrange(len(cl))], rng) for _ in range(rng.randint(2, 4))) + "。")
    paras, k = [], 0
    while k < len(picked):
        step = rng.randint(2, 4)
        paras.append("".join(picked[k:k + step]))
        k += step
    district = rng.choice(DISTRICTS)
    title = picked[0].split("，")[0][:24]
    if district not in title:
        title = f"{district}{title}"
    y, m, d = rng.randint(2018, 2025), rng.randint(1, 12), rng.randint(1, 28)
    return {"title": title, "date": f"{y}-{m:02d}-{d:02d}", "time": f"{rng.randint(7, 22):02d}:{rng.randint(0, 59):02d}",
            "district": district, "publisher": rng.choice(["上海发布", f"上海{district}", "新民晚报", "东方网", "解放日报"]),
            "paras": paras}


def _edit(st: dict, rng: random.Random) -> dict:
    paras = list(st["paras"])
    if len(paras) > 3:
        paras.pop(rng.randrange(1, len(paras)))
    cl = clauses()
    extra = "，".join(_renumber(cl[rng.randrange(len(cl))], rng) for _ in range(3)) + "。"
    paras.insert(rng.randrange(len(paras) + 1), extra)
    return st | {"paras": paras}


# ---------------------------------------------------------------- rendering


@cache
def _headlines(seed: int) -> tuple[str, ...]:
    """A pool of 4,096 headline-like fragments for chrome link lists (drawing them per link was 80% of the time)."""
    rng = random.Random(f"headlines:{seed}")
    sents = sentences()
    return tuple(_renumber(sents[rng.randrange(len(sents))][: rng.randint(10, 24)].rstrip("，、；：。“”"), rng)
                 for _ in range(4096))


@cache
def _items(seed: int, dated: bool) -> tuple[str, ...]:
    """A pool of 4,096 list items (link, title attribute, optional date)."""
    rng = random.Random(f"items:{seed}:{dated}")
    hl = _headlines(seed)
    out = []
    for _ in range(4096):
        date = f"<span class=\"date\">{rng.randint(2016, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}</span>" \
            if dated else ""
        out.append(f"{rng.randint(100000, 999999)}.html\" title=\"{hl[rng.getrandbits(12)]}\">{hl[rng.getrandbits(12)]}</a>{date}</li>")
    return tuple(out)


def _headline(rng: random.Random, seed: int) -> str:
    return _headlines(seed)[rng.getrandbits(12)]


def _links(rng: random.Random, n: int, base: str, seed: int, *, dated: bool = True) -> str:
    pool = _items(seed, dated)
    return "<ul>\n" + "\n".join(f"<li><a href=\"{base}/" + pool[rng.getrandbits(12)] for _ in range(n)) + "\n</ul>"


def _script(rng: random.Random) -> str:
    # inline tracking/config code, as portals carry; random tokens so it does not compress away
    toks = rng.randbytes(8 * rng.randint(20, 60)).hex()
    return f"<script type=\"text/javascript\">var _cfg={{site:\"{rng.getrandbits(32):08x}\",ids:\"{toks}\"}};" \
           f"(function(){{var s=document.createElement('script');s.src='/static/js/stat.js?v='+_cfg.site;}})();</script>"


def _chrome(rng: random.Random, tpl: str, seed: int) -> tuple[str, str, str]:
    """Header, sidebar and footer of a template, sized by the number of items."""
    site = {"gov": "上海市人民政府", "news": "新民网", "district": "上海区县门户", "wechat_mirror": "公众号文章汇",
            "aggregator": "资讯聚合", "paper": "电子报"}[tpl]
    navs = ["首页", "新闻中心", "政务公开", "政务服务", "互动交流", "专题专栏", "社区动态", "便民服务", "图片新闻", "视频"]
    nav = "".join(f"<li><a href=\"/{tpl}/c{k}/\">{x}</a></li>" for k, x in enumerate(navs))
    header = (f"<div class=\"{tpl}-top\"><span>欢迎访问{site}</span> <a href=\"/wza/\">无障碍浏览</a> | "
              f"<a href=\"/app/\">移动版</a></div>\n<div class=\"{tpl}-header\"><a class=\"logo\" href=\"/\">{site}</a>"
              f"<form action=\"/search/\"><input name=\"q\" placeholder=\"请输入关键词\"><button>搜索</button></form></div>\n"
              f"<ul class=\"{tpl}-nav\">{nav}</ul>\n{_script(rng)}")
    side = (f"<div class=\"{tpl}-side\"><h3>热点推荐</h3>{_links(rng, rng.randint(8, 15), f'/{tpl}/hot', seed)}"
            f"<h3>图片新闻</h3>{_links(rng, rng.randint(4, 8), f'/{tpl}/pic', seed, dated=False)}</div>")
    foot = (f"<div class=\"{tpl}-footer\"><p>主办：{site} 版权所有 沪ICP备{rng.randint(10000000, 99999999)}号</p>"
            f"<p>地址：上海市人民大道200号 邮编：200003 网站标识码：{rng.randint(3100000000, 3199999999)}</p>"
            f"<p><a href=\"/about/\">关于我们</a> | <a href=\"/map/\">网站地图</a> | <a href=\"/contact/\">联系我们</a></p></div>\n"
            f"{_script(rng)}")
    return header, side, foot


def _body(st: dict, tpl: str) -> str:
    ps = "\n".join(f"<p>{html.escape(p)}</p>" for p in st["paras"])
    y, m, d = st["date"].split("-")
    if tpl in ("gov", "district"):
        info = f"<div class=\"info\">发布时间：{st['date']} {st['time']} 来源：{st['publisher']}</div>"
    elif tpl == "paper":
        info = f"<div class=\"info\">{y}年{m}月{d}日 第{int(d) % 12 + 1}版 来源：{st['publisher']}</div>"
    else:
        info = f"<div class=\"info\">{y}年{m}月{d}日{st['time']} 来源：{st['publisher']}</div>"
    return (f"<div class=\"article\"><h1>{html.escape(st['title'])}</h1>\n{info}\n"
            f"<div class=\"content\" id=\"zoom\">\n{ps}\n</div>\n<div class=\"editor\">责编：{st['publisher'][:2]}编辑</div></div>")


def render(i: int, seed: int) -> tuple[str, bytes]:
    """(relative path, bytes) of page i."""
    p = plan(i, seed)
    rng = random.Random(f"page:{seed}:{i}")
    tpl = p["template"]
    header, side, foot = _chrome(rng, tpl, seed)
    charset = "gbk" if p["gbk"] else "utf-8"
    meta_charset = f"<meta charset=\"{charset}\">" if (not p["gbk"] or p["declare"]) else ""
    if p["kind"] == "notfound":
        title = "404 页面不存在"
        main = "<div class=\"err\"><h1>404</h1><p>抱歉，您访问的页面不存在或已被删除。</p><a href=\"/\">返回首页</a></div>"
        head_meta = ""
    elif p["kind"] == "index":
        title = f"社区动态_第{rng.randint(2, 80)}页"
        main = f"<div class=\"list\"><h2>社区动态</h2>{_links(rng, rng.randint(40, 80), f'/{tpl}/list', seed)}</div>"
        head_meta = ""
    else:
        st = story(p["story"], seed)
        if p["edited"]:
            st = _edit(st, random.Random(f"edit:{seed}:{i}"))
        title = f"{st['title']}_{tpl}"
        main = _body(st, tpl)
        head_meta = (f"<meta name=\"PubDate\" content=\"{st['date']} {st['time']}\">"
                     f"<meta name=\"ContentSource\" content=\"{st['publisher']}\">")
    crumbs = f"<div class=\"crumb\">当前位置：<a href=\"/\">首页</a> &gt; <a href=\"/{tpl}/sqdt/\">社区动态</a></div>"
    parts = [f"<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>{meta_charset}\n<title>{html.escape(title)}</title>\n{head_meta}\n"
             f"<style>.{tpl}-nav li{{float:left;margin:0 8px}} .article p{{text-indent:2em;line-height:1.8}}</style>\n</head>\n"
             f"<body>\n{header}\n{crumbs}\n<div class=\"main\">\n{main}\n",
             f"<div class=\"related\"><h3>相关新闻</h3>{_links(rng, rng.randint(5, 10), f'/{tpl}/rel', seed)}</div>\n",
             f"</div>\n{side}\n"]
    codec = "gbk" if p["gbk"] else "utf-8"

    def nbytes(t: str) -> int:
        return len(t.encode(codec, errors="xmlcharrefreplace"))

    size = nbytes("".join(parts)) + nbytes(foot) + 30
    extra = []
    while size < p["size"]:  # pad with more sidebar blocks (link lists and scripts) up to the drawn size
        block = (f"<div class=\"{tpl}-box\"><h3>{_headline(rng, seed)[:6]}</h3>{_links(rng, 12, f'/{tpl}/box', seed)}</div>\n"
                 f"{_script(rng)}\n")
        extra.append(block)
        size += nbytes(block)
    page = "".join(parts) + "".join(extra) + foot + "\n</body>\n</html>\n"
    data = page.encode("gbk", errors="xmlcharrefreplace") if p["gbk"] else page.encode("utf-8")
    return f"{i // PAGES_PER_FOLDER:03d}/{i:06d}.html", data


def _write_range(args: tuple[int, int, int, str]) -> int:
    lo, hi, seed, out = args
    base = Path(out)
    total = 0
    for i in range(lo, hi):
        rel, data = render(i, seed)
        path = base / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        total += len(data)
    return total


def write_corpus(n: int, seed: int, out: Path, *, start: int = 0, processes: int = 2) -> dict:
    """Write pages start..start+n-1 of the seed's corpus under out; returns a summary.

    `start` lets a benchmark write pages that are new to a warehouse holding pages 0..start-1.
    """
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.monotonic()
    step = 250  # pages per pool task: small enough to spread, large enough to amortise pickling
    jobs = [(lo, min(lo + step, start + n), seed, str(out)) for lo in range(start, start + n, step)]
    if processes > 1 and n > step:
        with ProcessPoolExecutor(processes) as pool:
            nbytes = sum(pool.map(_write_range, jobs))
    else:
        nbytes = sum(_write_range(j) for j in jobs)
    kinds: dict[str, int] = {}
    gbk = 0
    for i in range(start, start + n):
        p = plan(i, seed)
        kinds[p["kind"]] = kinds.get(p["kind"], 0) + 1
        gbk += p["gbk"]
    summary = {"n": n, "start": start, "seed": seed, "bytes": nbytes, "kinds": kinds, "gbk": gbk,
               "seconds": round(time.monotonic() - t0, 2)}
    return summary


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, required=True, help="number of pages")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--start", type=int, default=0, help="first page number (pages new to an earlier corpus)")
    ap.add_argument("--processes", type=int, default=2)
    a = ap.parse_args(argv)
    s = write_corpus(a.n, a.seed, a.out, start=a.start, processes=a.processes)
    print(json.dumps(s, ensure_ascii=False), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
