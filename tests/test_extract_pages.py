"""Real-page kinds the shared benchmark did not teach (issue 21): browser snapshots, trailing and
inline boilerplate, headline vs. <title>, short articles next to sidebar blurbs.

Snapshot variants are made from the project's own pages (seeds/corpus/*.html); the boilerplate
golden file (tests/golden/boilerplate_zh.jsonl) is our own text, one case per rule, with the
segments that must stay (`with`) and go (`without`).
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from grassroots.extract import extract
from grassroots.extract.html import looks_like_html
from grassroots.models import Document, RawInput
from grassroots.run.pipeline import process_one
from grassroots.sources.files import discover_files, read_file

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "seeds" / "corpus"
GOLDEN = Path(__file__).resolve().parent / "golden" / "boilerplate_zh.jsonl"
FETCHED = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
# whole pages (the front-matter page yangpu_waste_sorting.html is a fragment, not a snapshot candidate)
PAGES = ["jiading_life_circle.html", "jingan_canteen_gbk.html", "pudong_station_visit.html", "xuhui_elevator_portal.html"]


def raw(data: bytes | str, locator: str = "/tmp/saved") -> RawInput:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return RawInput(source="test", locator=locator, data=data, fetched_at=FETCHED, kind="file")


def _encoding(name: str) -> str:
    return "gbk" if "gbk" in name else "utf-8"


# ---- 1. browser snapshots ------------------------------------------------------------------------

# What a browser's DOM holds before the page's own head: bundled styles and scripts (tens of kB,
# with HTML in JS strings), comments, a <noscript> notice.
_STYLE = "<style>" + "".join(f".c{i}{{display:flex;margin:0 {i}px;color:#333}}" for i in range(900)) + "</style>"
_SCRIPT = (
    "<script>window.__STATE__=" + json.dumps({"items": [{"id": i, "tpl": "<div class='card'><p>x</p></div>"} for i in range(400)]})
    + ";function render(n){var t='<div class=\"x\">'+n+'</div>';return t;}</script>"
)
_NOSCRIPT = "<noscript><div class='ns'>请开启JavaScript以获得更好的浏览体验</div></noscript>"
_COMMENT = "<!-- saved from url=(0046)https://news.example.cn/2023/1128/a123.html -->"


def snapshot(html: str, variant: str) -> str:
    head = re.search(r"<head[^>]*>(.*?)</head>", html, re.S | re.I).group(1)
    body = re.search(r"<body[^>]*>(.*)</body>", html, re.S | re.I).group(1)
    if variant == "no_doctype":
        return re.sub(r"^\s*<!DOCTYPE[^>]*>\s*", "", html, flags=re.I)
    if variant == "no_html":
        return f"<head>{head}</head>\n<body>{body}</body>"
    if variant == "scripts_first":
        return f"<head>{_STYLE}{_SCRIPT}{head}</head><body>{body}</body>"
    if variant == "comments_noscript":
        return f"{_COMMENT}\n<head>{head}<!-- bundle -->{_SCRIPT}</head><body>{_NOSCRIPT}<!-- top -->{body}</body>"
    if variant == "bom_whitespace":
        return "\ufeff\n\n   \t" + f"<head>{head}</head><body>{body}</body>"
    assert variant == "all"
    return f"\ufeff  \n{_COMMENT}<head>{_STYLE}{_SCRIPT}{head}</head>\n<body>{_NOSCRIPT}{body}{_SCRIPT}</body>"


VARIANTS = ["no_doctype", "no_html", "scripts_first", "comments_noscript", "bom_whitespace", "all"]


def _snapshot_bytes(name: str, variant: str) -> bytes:
    enc = _encoding(name)
    html = (CORPUS / name).read_bytes().decode(enc)
    text = snapshot(html, variant)
    if enc != "utf-8":
        text = text.replace("\ufeff", "")  # a BOM is UTF-8's; the GBK page keeps the whitespace
    return text.encode(enc)


@pytest.fixture(scope="module")
def originals():
    return {n: extract(raw((CORPUS / n).read_bytes(), str(CORPUS / n))) for n in PAGES}


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("name", PAGES)
def test_snapshot_variants_read_as_the_page(originals, name, variant):
    data = _snapshot_bytes(name, variant)
    ex = extract(raw(data))
    orig = originals[name]
    assert ex.input_format == "html"
    assert ex.title == orig.title and ex.title
    assert ex.published_date == orig.published_date and ex.date_precision == "day"
    assert ex.text == orig.text
    assert "<" not in ex.text and "function(" not in ex.text and "请开启JavaScript" not in ex.text


def test_the_scripts_first_snapshot_starts_with_no_block_tag_in_its_first_20kb():
    # what defeated the prefix rule: no doctype, no <html>, and no text-bearing tag for 20 kB
    text = _snapshot_bytes("pudong_station_visit.html", "scripts_first").decode("utf-8")
    assert not text.lstrip().lower().startswith(("<!doctype", "<html"))
    assert not re.search(r"<(?:p|h1|article)\b", text[:20000])
    assert looks_like_html(text)


@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.iterdir() if p.suffix in (".md", ".txt")))
def test_text_and_markdown_captures_quoting_a_tag_stay_text(name):
    text = (CORPUS / name).read_text("utf-8")
    lines = text.split("\n")
    mid = len(lines) // 2
    quoted = "\n".join([*lines[:mid], "图片：<img src='https://img.example.cn/a.jpg'> 换行<br>", *lines[mid:]])
    assert not looks_like_html(text)
    assert not looks_like_html(quoted)
    assert extract(raw(quoted, f"/tmp/{name}")).input_format != "html"


def test_snapshot_ingested_from_a_folder_without_content_type(tmp_path, originals):
    """A page saved from a browser, dropped in a folder with no extension: the folder source reads
    bytes with no content type, the pipeline extracts title, date and body."""
    (tmp_path / "saved_page").write_bytes(_snapshot_bytes("pudong_station_visit.html", "all"))
    refs, rejects = discover_files("folder", [str(tmp_path)])
    assert not rejects and len(refs) == 1
    raw_in = read_file(refs[0], max_bytes=5_000_000)
    assert raw_in.content_type is None
    doc = process_one(raw_in)
    assert isinstance(doc, Document), doc
    ex = doc.extracted
    orig = originals["pudong_station_visit.html"]
    assert ex.input_format == "html"
    assert ex.title == orig.title == "塘桥街道“家门口”服务站升级为“塘邻驿站” 宝山区考察团来访交流"
    assert ex.published_date == date(2021, 9, 14)
    assert "塘邻驿站" in ex.text and "一厅六室" in ex.text and len(ex.text) > 500
    assert "window.__STATE__" not in ex.text and "<div" not in ex.text


# ---- 2. trailing and inline boilerplate: the golden cases -----------------------------------------


def _golden() -> list[dict]:
    return [json.loads(x) for x in GOLDEN.read_text("utf-8").splitlines() if x.strip()]


_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}_社区_沪上生活网</title>
<meta name="description" content="{desc}"></head><body>
<div class="nav"><a>首页</a> <a>新闻</a> <a>社区</a></div>
<div class="main"><h1>{title}</h1><div class="info">发布时间：2022-06-08 10:20 来源：沪上生活网</div>
<div class="article-content">{blocks}</div>{after}</div>
<div class="footer">沪上生活网 版权所有 沪ICP备00000000号</div></body></html>"""


def golden_page(case: dict) -> str:
    blocks = "".join(b if b.startswith("<") else f"<p>{b}</p>" for b in case["blocks"])
    first = next(b for b in case["blocks"] if not b.startswith("<"))
    return _PAGE.format(title=case["title"], desc=first[:40], blocks=blocks, after=case.get("after", ""))


@pytest.mark.parametrize("case", _golden(), ids=lambda c: c["rule"])
def test_boilerplate_golden(case):
    ex = extract(raw(golden_page(case)))
    text = re.sub(r"\s+", "", ex.text)
    for s in case["with"]:
        assert re.sub(r"\s+", "", s) in text, f"{case['rule']}: lost {s!r}"
    for s in case["without"]:
        assert re.sub(r"\s+", "", s) not in text, f"{case['rule']}: kept {s!r}"
    assert ex.title == case["title"]


def test_golden_file_covers_every_rule_with_both_sides():
    cases = _golden()
    assert len({c["rule"] for c in cases}) == len(cases) >= 15
    for c in cases:
        assert c["with"] and c["without"], c["rule"]


# ---- 3. headline vs. <title> ---------------------------------------------------------------------

ARTICLE = (
    "<p>近日，街道在辖区内新设一批社区服务点，居民步行十分钟即可办理常见事项，受到老年居民欢迎。</p>"
    "<p>据介绍，服务点由居委会和社区工作者轮流值守，每周一至周六开放，节假日另行安排。</p>"
    "<p>街道相关负责人表示，下一步将根据居民反馈优化服务内容，并在更多小区推广这一做法。</p>"
)


def _headline_page(title_tag: str, headline: str = "", og: str = "") -> str:
    og_meta = f'<meta property="og:title" content="{og}">' if og else ""
    return (
        f"<html><head><meta charset='utf-8'><title>{title_tag}</title>{og_meta}</head><body>"
        "<div class='banner'>沪上生活网</div><div class='menu'><a>首页</a> | <a>新闻中心</a></div>"
        f"{headline}<div class='info'>日期：2021-05-20 来源：沪上生活网</div><div class='content'>{ARTICLE}</div>"
        "<div class='foot'>沪上生活网 版权所有</div></body></html>"
    )


@pytest.mark.parametrize(
    ("title_tag", "headline", "expected"),
    [
        # the <title> writes `-` where the visible h1 has `——`: the headline keeps its own dash
        ("崇明陈家镇-候鸟季里的护鸟志愿者_地方_华夏资讯网", "<h1>崇明陈家镇——候鸟季里的护鸟志愿者</h1>", "崇明陈家镇——候鸟季里的护鸟志愿者"),
        # a <title> cut short before its channel/site suffix; the headline sits in a div.headline
        ("上海城中村改造再提速_宏观频道首页_财汇网 - 专业财经资讯门户",
         "<div class='headline'>上海城中村改造再提速 首批社区配套项目集中开工</div>", "上海城中村改造再提速 首批社区配套项目集中开工"),
        # an edited variant in the <title>; the page's banner repeats the site name of the suffix
        ("安亭镇召开社区消防安全工作推进会--沪上生活网", "<div class='headline'>安亭镇召开冬季社区消防安全工作推进会</div>",
         "安亭镇召开冬季社区消防安全工作推进会"),
        # the headline in an h2 under a site-name h1
        ("静安寺街道开设“午间课堂”|沪上生活网", "<h1>沪上生活网</h1><h2>静安寺街道开设“午间课堂”</h2>", "静安寺街道开设“午间课堂”"),
        # only the <title>: site suffixes of each shape are removed
        ("曹家渡街道招募“老伙伴”志愿者_社区频道_沪上生活网", "", "曹家渡街道招募“老伙伴”志愿者"),
        ("曹家渡街道招募“老伙伴”志愿者 - 沪上生活网", "", "曹家渡街道招募“老伙伴”志愿者"),
        ("曹家渡街道招募“老伙伴”志愿者|沪上生活网", "", "曹家渡街道招募“老伙伴”志愿者"),
        # a side title that does not agree with the <title> is not taken
        ("长风新村街道开设睦邻议事角_沪上生活网", "<h2>24小时热文</h2><div class='headline'>长风新村街道开设睦邻议事角</div>",
         "长风新村街道开设睦邻议事角"),
    ],
    ids=["dash_kept", "title_cut_short", "edited_variant", "h2_under_site_h1", "suffix_channel_site", "suffix_dash",
         "suffix_pipe", "side_title_ignored"],
)
def test_visible_headline_over_title_tag(title_tag, headline, expected):
    ex = extract(raw(_headline_page(title_tag, headline)))
    assert ex.title == expected


def test_site_banner_is_never_the_headline():
    ex = extract(raw(_headline_page("某镇召开会议--上海市某区人民政府门户网站", "").replace(
        "<div class='banner'>沪上生活网</div>", "<div class='banner'>上海市某区人民政府门户网站</div>")))
    assert ex.title == "某镇召开会议"


# ---- 4. short articles beside sidebar blurbs -----------------------------------------------------

SHORT = ["长风新村街道近日在居民区开设“睦邻议事角”，居民可以就小区事务提出建议。",
         "议事角每周三下午开放，由居委会干部和楼组长轮流值守，居民提出的建议会在一周内答复。",
         "街道表示，将根据运行情况在更多小区推广这一做法。"]
BLURBS = ["图为工人们在老旧小区内进行雨污分流管道铺设，该项目预计年底前完工，届时将彻底解决小区雨天积水和污水外溢问题，惠及居民一千余户，受到居民欢迎。",
          "图为社区志愿者在小区门口为老人测量血压、讲解用药常识，活动由社区卫生服务中心和居委会联合举办，每月第一个周六上午固定开展，已坚持了三年。"]


def _short_page(article_cls: str, blurb_cls: str, n_blurbs: int) -> str:
    art = "".join(f"<p>{x}</p>" for x in SHORT)
    side = "".join(f"<div class='{blurb_cls}'><p>{b}</p></div>" for b in BLURBS[:n_blurbs])
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>长风新村街道开设“睦邻议事角”_社区频道_沪上生活网</title>"
        f"<meta name='description' content='{SHORT[0]}'></head><body><div class='nav'><a>首页</a> <a>社区</a></div>"
        "<div class='main'><div class='left'><h1>长风新村街道开设“睦邻议事角”</h1>"
        f"<div class='info'>2022-06-08 10:20 来源：沪上生活网</div><div class='{article_cls}'>{art}</div>"
        "<div class='recommend'><h3>推荐阅读</h3><ul><li><a>普陀宜川路街道完成一批非机动车棚改造</a></li></ul></div></div>"
        f"<div class='right'><div class='side-pics'><h3>图文推荐</h3>{side}</div></div></div>"
        "<div class='footer'>版权所有</div></body></html>"
    )


@pytest.mark.parametrize("n_blurbs", [1, 2])
@pytest.mark.parametrize(("article_cls", "blurb_cls"), [("art-media", "pic-text"), ("meta", "content"), ("promo", "article-text")])
def test_short_article_beats_sidebar_blurb(article_cls, blurb_cls, n_blurbs):
    # readability alone scores the sidebar blurb above the three short paragraphs on these pages
    ex = extract(raw(_short_page(article_cls, blurb_cls, n_blurbs)))
    for p in SHORT:
        assert p in ex.text
    for b in BLURBS:
        assert b not in ex.text
    assert ex.published_date == date(2022, 6, 8)


def test_short_article_dates_of_the_reading_list_below_are_not_its_date():
    page = (
        "<html><head><meta charset='utf-8'><title>康健街道开设周末疫苗门诊_健康_沪上生活网</title></head><body>"
        "<h1 class='art-title'>康健街道开设周末疫苗门诊</h1><div class='art-info'>来源：沪上生活网</div>"
        f"<div class='art-content'><p>{SHORT[0]}</p><p>{SHORT[1]}</p><p>{SHORT[2]}</p></div>"
        "<div class='rel'><h3>猜你喜欢</h3><ul><li><a>浦东周家渡街道上新一批健身点</a><span>2023-03-15</span></li>"
        "<li><a>闵行江川路街道举办邻里运动会</a><span>2022-11-21</span></li></ul></div>"
        "<div class='cmt'><h3>网友评论</h3><p>橘子汽水 2023-05-11 22:43 支持</p></div></body></html>"
    )
    ex = extract(raw(page))
    assert ex.published_date is None and ex.date_precision == "unknown"
    assert ex.title == "康健街道开设周末疫苗门诊"


# ---- 5. the blind set's dev split (bench/data/pages_eval, written by someone who never saw the rules)

PAGES_EVAL = REPO / "bench" / "data" / "pages_eval"
SCORER = REPO.parent / "shared" / "benchmarks" / "extraction" / "score.py"


@pytest.mark.skipif(not SCORER.is_file(), reason="the shared benchmark's scorer is not beside the repo")
def test_pages_eval_dev_meets_the_issue_targets():
    """Floors at the issue's targets for held-out pages (the test split is only reported, in
    docs/BENCHMARKS.md); the dev split is where the rules were tuned."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("eval_pages", REPO / "bench" / "eval_pages.py")
    ev = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(ev)
    rows = ev.load_split(PAGES_EVAL, "dev")
    preds, _ = ev.predict_grassroots(rows, PAGES_EVAL / "dev")
    s, misses = ev.score(preds, rows, ev._load_scorer())
    assert s["n"] == 25
    assert s["title_exact"] >= 0.95 and s["day_date"] >= 0.97 and s["body_checks"] >= 0.97, misses
    assert s["raw_markup"] == 0 and s["empty"] == 0, misses


@pytest.mark.parametrize("layout", ["plain_divs", "br_lines"])
def test_short_article_sharing_a_column_with_sidebar_blurbs(layout):
    # readability takes the column holding both; the text after the headline, closed by the
    # 图文推荐 heading, is the story, and the extractor's lines past it go
    if layout == "plain_divs":
        art = "<div>" + "".join(f"<p>{x}</p>" for x in SHORT) + "</div>"
    else:
        art = "<div class='con'>" + "<br><br>".join(SHORT) + "</div>"
    side = "".join(f"<div><img src='/p/{i}.jpg'><p>{b}</p></div>" for i, b in enumerate(BLURBS))
    page = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>长风新村街道开设“睦邻议事角”_社区频道_沪上生活网</title>"
        f"<meta name='description' content='{SHORT[0]}'></head><body><div><h1>长风新村街道开设“睦邻议事角”</h1>"
        f"<div>2022-06-08 10:20 来源：沪上生活网</div>{art}<div><h3>图文推荐</h3>{side}</div></div></body></html>"
    )
    ex = extract(raw(page))
    for p in SHORT:
        assert p in ex.text
    for b in BLURBS:
        assert b not in ex.text
