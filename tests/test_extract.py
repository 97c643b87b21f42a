"""extract(): foundation acceptance on the five reference seeds, and every bad input.

Expected headlines are read from the seed files themselves (no seed text is copied here).
"""

from __future__ import annotations

import re
import struct
import zlib
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import yaml

from grassroots.extract import EXTRACTOR_VERSION, extract
from grassroots.models import REJECT_REASONS, RawInput, RejectError

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
REPO = Path(__file__).resolve().parents[1]
FETCHED = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)

needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside the repo")


def raw(data: bytes | str, *, locator: str = "/tmp/x.html", kind: str = "file", **kw) -> RawInput:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return RawInput(source="test", locator=locator, data=data, fetched_at=FETCHED, kind=kind, **kw)


def seed(prefix: str) -> Path:
    (path,) = SEEDS.glob(f"{prefix}_*")
    return path


def run_seed(prefix: str):
    path = seed(prefix)
    return extract(raw(path.read_bytes(), locator=str(path))), path.read_text("utf-8")


def nonempty_lines(text: str) -> list[str]:
    return [x.strip() for x in text.splitlines() if x.strip()]


# ---- the five reference seeds --------------------------------------------------------------------


@needs_seeds
def test_seed_000_front_matter_title_and_rfc2822_date():
    ex, src = run_seed("000")
    fm = yaml.safe_load(src.split("---")[1])
    assert ex.title == fm["title"]
    assert ex.title_source == "front_matter"
    assert ex.published_date == date(2021, 12, 15)
    assert ex.date_precision == "day"
    assert ex.date_source == "front_matter"
    assert ex.input_format == "front_matter+html"
    assert "图说：" in ex.text  # captions kept as caption lines
    assert "<" not in ex.text


@needs_seeds
def test_seed_001_first_line_title_and_dateline_date():
    ex, src = run_seed("001")
    assert ex.title == nonempty_lines(src)[0]
    assert ex.published_date == date(2021, 3, 25)
    assert ex.date_precision == "day"
    assert ex.date_source == "text"
    assert ex.publisher and ex.publisher.startswith("人民网")
    assert "责编" not in ex.text
    assert ex.text.splitlines()[0] != ex.title  # the headline is not repeated in the body


@needs_seeds
def test_seed_002_netease_capture_junk_and_no_2026_date():
    ex, src = run_seed("002")
    lines = nonempty_lines(src)
    headline = lines[1]  # line 0 is the NetEase breadcrumb menu
    assert ex.title == headline
    related = lines[lines.index("相关推荐") + 1:]
    headlines = [x for x in related if len(x) >= 10 and not re.match(r"^\d{4}-\d\d-\d\d", x)]
    assert len(headlines) > 10
    for h in headlines:
        assert h not in ex.text
    assert "Notice: The content above" not in ex.text
    assert "特别声明" not in ex.text
    assert "2026" not in ex.text
    assert ex.published_date is None or ex.published_date.year != 2026
    # 昨天(14日) with no page date: honest precision is unknown
    assert ex.date_precision == "unknown"
    assert ex.published_date is None


@needs_seeds
def test_seed_003_wechat_markdown_headline_and_body():
    ex, src = run_seed("003")
    h = next(x for x in src.splitlines() if x.startswith("# "))
    assert ex.title == h[2:].strip()
    assert ex.input_format == "markdown"
    assert "**" not in ex.text and "#" not in ex.text
    assert "外滩街道" in ex.text and "宝山区" in ex.text  # body kept, to the last paragraph
    assert len(ex.text) > 0.8 * len(re.sub(r"[#*\s]", "", src)) * 0.9


@needs_seeds
def test_seed_004_spun_text_keeps_body_and_yearless_dateline():
    ex, src = run_seed("004")
    assert len(ex.text) > 0.9 * len("".join(nonempty_lines(src)))
    # 2月24日电 has no year and nothing on the page proves one: no date is invented
    assert ex.published_date is None
    assert ex.date_precision == "unknown"
    assert ex.date_source == "dateline"
    assert ex.date_text and ex.date_text.endswith("日电")
    assert "相关资讯" not in ex.text


@needs_seeds
@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seeds_have_no_image_urls_or_qr_prompts(prefix):
    ex, _ = run_seed(prefix)
    assert not re.search(r"https?://", ex.text)
    assert not re.search(r"\.(?:jpe?g|png|gif)\b", ex.text)
    assert "扫描二维码" not in ex.text and "扫描关注" not in ex.text
    assert ex.extractor.startswith(f"grassroots {EXTRACTOR_VERSION}")


# ---- own fixtures: formats -----------------------------------------------------------------------

ARTICLE_ZH = (
    "虹口区某街道近日在社区食堂增设了助老餐窗口，为辖区七十岁以上老人提供每日两餐的优惠餐食服务。"
    "街道负责人介绍，窗口由居委会和志愿者共同管理，每天可服务约三百名老人，菜品每周更换一次。"
)


def page(body: str, *, title: str = "", head: str = "", charset: str | None = "utf-8") -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    return f"<!DOCTYPE html><html><head>{meta}<title>{title}</title>{head}</head><body>{body}</body></html>"


def test_html_page_title_suffix_date_and_cleaning():
    html = page(
        "<div class='nav'><a href='/'>首页</a> <a href='/a'>要闻</a></div>"
        "<h1>社区食堂开设助老餐窗口</h1><div class='info'>发布时间：2022-05-06 09:30 来源：虹口报</div>"
        f"<div class='content'><p>{ARTICLE_ZH}</p><p>{ARTICLE_ZH}</p>"
        "<p><img src='https://img.example.cn/a.jpg'></p><p>图说：窗口开张当天</p>"
        "<p>（责任编辑：某某）</p><p>相关新闻</p><ul><li><a href='/x'>另一条新闻标题在这里</a></li></ul></div>"
        "<div>版权所有 © 2022 某某网 沪ICP备00000000号</div>",
        title="社区食堂开设助老餐窗口_上海虹口",
        head='<script src="/js/app.js?t=20251023112336"></script>',
    )
    ex = extract(raw(html))
    assert ex.title == "社区食堂开设助老餐窗口"
    assert ex.published_date == date(2022, 5, 6) and ex.date_precision == "day"
    assert ex.publisher == "虹口报"
    assert "助老餐窗口" in ex.text and "图说：窗口开张当天" in ex.text
    for junk in ("责任编辑", "另一条新闻", "版权所有", "ICP", "img.example"):
        assert junk not in ex.text
    assert ex.input_format == "html"


def test_gbk_page_without_declaration_is_detected():
    html = page(f"<h1>朱镕基题词的社区活动中心</h1><p>{ARTICLE_ZH}镕</p><p>{ARTICLE_ZH}</p>", title="朱镕基题词的社区活动中心", charset=None)
    ex = extract(raw(html.encode("gbk")))
    assert ex.encoding == "gb18030" and ex.encoding_source == "detected"
    assert "镕" in ex.text and "\ufffd" not in ex.text


def test_future_date_is_dropped_with_warning():
    md = f"---\ntitle: 未来的文章\ndate: 2099-01-01\n---\n\n{ARTICLE_ZH}\n"
    ex = extract(raw(md, locator="/tmp/x.md"))
    assert ex.published_date is None and "future_date" in ex.warnings


def test_yearless_dateline_resolved_from_fetch_time_of_http_capture():
    text = f"社区新闻标题一则示例\n\n新华社上海3月2日电 {ARTICLE_ZH}\n\n{ARTICLE_ZH}\n"
    http = extract(raw(text, kind="url", locator="https://news.example.cn/a"))
    assert http.published_date == date(2026, 3, 2) and http.date_source == "dateline"
    local = extract(raw(text, locator="/tmp/a.txt"))
    assert local.published_date is None and local.date_text == "3月2日电"


# ---- bad inputs ----------------------------------------------------------------------------------


def png_bytes() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)) + chunk(b"IEND", b"")


INDEX_PAGE = page(
    "<h1>社区新闻</h1><ul>" + "".join(f"<li><a href='/n/{i}'>第{i}条社区新闻的标题文字</a></li>" for i in range(40)) + "</ul>",
    title="社区新闻列表",
)
NOT_FOUND_PAGE = page("<h1>页面不存在</h1><p>您访问的页面不存在或已被删除，请返回首页。</p>", title="404 页面不存在")


@pytest.mark.parametrize(
    ("data", "reason", "locator"),
    [
        (b"", "empty_input", "/tmp/a.html"),
        (b"   \n\t \r\n  ", "empty_input", "/tmp/a.md"),
        (png_bytes(), "binary_input", "/tmp/a.html"),
        (b"<html>\x00\x00\x00</html>", "binary_input", "/tmp/a.html"),
        (bytes(range(0x80, 0x100)) * 40, "undecodable", "/tmp/a.txt"),
        (f"---\ntitle: x\n\n{ARTICLE_ZH}\n".encode(), "bad_front_matter", "/tmp/a.md"),
        (f"---\ntitle: [x\n---\n{ARTICLE_ZH}\n".encode(), "bad_front_matter", "/tmp/a.md"),
        (f"---\n- a\n- b\n---\n{ARTICLE_ZH}\n".encode(), "bad_front_matter", "/tmp/a.md"),
        (f'---\ntitle: !!python/object/apply:os.system ["touch /tmp/pwned"]\n---\n{ARTICLE_ZH}\n'.encode(), "bad_front_matter", "/tmp/a.md"),
        # a date YAML reads as a date but the calendar has not (it raised ValueError out of extract)
        (f"---\ndate: 2024-02-30\n---\n{ARTICLE_ZH}\n".encode(), "bad_front_matter", "/tmp/a.md"),
        # aliases: a value that contains itself, one that multiplies at every level (both had sent
        # the cleaning of the values into endless recursion), and nesting past Python's stack
        (f"---\ntags: &a [*a, *a]\n---\n{ARTICLE_ZH}\n".encode(), "bad_front_matter", "/tmp/a.md"),
        ("---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
         f"c: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n---\n{ARTICLE_ZH}\n".encode(), "bad_front_matter", "/tmp/a.md"),
        (f"---\ntags: {'[' * 15000}{']' * 15000}\n---\n{ARTICLE_ZH}\n".encode(), "bad_front_matter", "/tmp/a.md"),
        # PyYAML's own errors on a tag given the wrong value (AttributeError, KeyError)
        (f"---\ndate: !!timestamp soon\n---\n{ARTICLE_ZH}\n".encode(), "bad_front_matter", "/tmp/a.md"),
        (f"---\ndraft: !!bool maybe\n---\n{ARTICLE_ZH}\n".encode(), "bad_front_matter", "/tmp/a.md"),
        (INDEX_PAGE.encode(), "no_content", "/tmp/index.html"),
        (NOT_FOUND_PAGE.encode(), "no_content", "/tmp/404.html"),
        ("短短一句话。".encode(), "no_content", "/tmp/a.txt"),
    ],
    ids=["zero-bytes", "whitespace", "png", "nul", "invalid-bytes", "unterminated-yaml", "invalid-yaml",
         "list-yaml", "unsafe-yaml", "impossible-date", "self-alias-yaml", "alias-bomb-yaml",
         "deep-yaml", "timestamp-tag-yaml", "bool-tag-yaml", "link-index", "404-page", "too-short"],
)
def test_bad_inputs_are_refused_with_a_reason(data, reason, locator):
    with pytest.raises(RejectError) as info:
        extract(raw(data, locator=locator))
    assert info.value.reason == reason
    assert reason in REJECT_REASONS
    assert len(info.value.detail) > 15 and info.value.detail[0].isalpha()
    assert not Path("/tmp/pwned").exists()


def test_front_matter_escapes_for_characters_no_text_holds_are_cleaned():
    # (a lone surrogate spelled as a YAML escape reached OpenCC, which raised UnicodeEncodeError)
    ex = extract(raw(f'---\ntitle: "\\x00凌云\\ud800街道"\ndate: 2024-03-01\n---\n{ARTICLE_ZH}\n'.encode(), locator="/tmp/a.md"))
    assert ex.title == "凌云\ufffd街道" and ex.published_date == date(2024, 3, 1)


def test_too_large_is_refused_before_decoding():
    with pytest.raises(RejectError) as info:
        extract(raw(b"a" * 2001), max_bytes=2000)
    assert info.value.reason == "too_large"
    assert "2,001" in info.value.detail


def test_two_digit_year_only_with_agreeing_evidence():
    body = f"<h1>社区助老服务点开张了</h1><div>发布时间：22-05-06 09:30</div><div><p>{ARTICLE_ZH}</p><p>{ARTICLE_ZH}</p></div>"
    html = page(body, title="社区助老服务点开张了")
    with_url = extract(raw(html, kind="url", locator="https://news.example.cn/2022/05/a.html"))
    assert with_url.published_date == date(2022, 5, 6) and with_url.date_text == "22-05-06"
    alone = extract(raw(html))
    assert alone.published_date is None  # 22-05-06 alone could be 2022-05-06 or 2006-05-22


def test_front_matter_before_a_whole_html_page():
    html = page(f"<h1>页面里的标题文字</h1><p>{ARTICLE_ZH}</p><p>{ARTICLE_ZH}</p>", title="页面里的标题文字")
    ex = extract(raw(f"---\ntitle: 前言里的标题\nsource: 虹口报\n---\n{html}", locator="/tmp/a.html"))
    assert ex.title == "前言里的标题" and ex.publisher == "虹口报"
    assert ex.input_format == "front_matter+html" and "助老餐窗口" in ex.text and "<" not in ex.text


def test_header_meta_conflict_recorded_on_extracted():
    html = page(f"<h1>朱镕基题词的社区活动中心</h1><p>{ARTICLE_ZH}</p><p>{ARTICLE_ZH}</p>", title="朱镕基题词的社区活动中心", charset="gbk")
    ex = extract(raw(html.encode("gbk"), kind="url", locator="https://x.example.cn/a", content_type="text/html; charset=utf-8"))
    assert ex.encoding == "gb18030" and "header_meta_conflict" in ex.encoding_flags
    assert "镕" in ex.title


@pytest.mark.parametrize("depth_tag", ["div", "span"])
def test_deeply_nested_markup_does_not_crash(depth_tag):
    html = f"<html><body>{f'<{depth_tag}>' * 10000}<p>{ARTICLE_ZH}</p>{f'</{depth_tag}>' * 10000}</body></html>"
    try:
        ex = extract(raw(html))
    except RejectError as e:
        assert e.reason == "no_content"  # libxml2 stops at its depth limit; refusing is acceptable
    else:
        assert "助老餐窗口" in ex.text


def test_unclosed_tags_still_give_the_text():
    ex = extract(raw(f"<html><body><div><p>{ARTICLE_ZH}<p>{ARTICLE_ZH}<div><span>"))
    assert "助老餐窗口" in ex.text


# ---- cleaning rules: what goes and what stays -------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "（责编：王某、李某）",
        "责任编辑：张三_NB12345",
        "本文来源：某某日报",
        "（原标题：社区里的新鲜事）",
        "特别声明：以上内容为自媒体平台用户上传并发布，本平台仅提供信息存储服务。",
        "Notice: The content above (including the pictures and videos if any) is uploaded by a user.",
        "扫描二维码",
        "扫描下方二维码关注我们的公众号获取更多资讯和社区活动预告信息",
        "分享至",
        "2019-09-26 12:11来源：某某网作者：某某",
        "您所在的位置：首页 > 快讯 >",
        "版权所有 © 2021 某某网 沪ICP备12345678号",
        "2005-06-14 03:25:55",
    ],
)
def test_boilerplate_lines_are_dropped(line):
    from grassroots.extract.textclean import is_drop_line

    assert is_drop_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "2021年3月25日，长宁区发布了社区治理“七个一百”实践行动的年度成果。",
        "居民可以用手机扫码预约助餐服务，街道还为不会使用手机的老人保留了电话预约渠道，每天上午开放。",
        "图说：活动现场。某某区委组织部供图",
        "编辑部的记者们走访了十二个居民区，听取了居民对加装电梯工作的意见和建议。",
        # a paragraph that names scanning a code as a skill and, in another sentence, app downloads
        "许多老人不会使用手机支付、扫码乘车等功能，影响生活便利。为此，街道组织手机学习活动。"
        "学习内容包含开关机、调节音量、应用下载等。",
    ],
)
def test_body_sentences_are_kept(line):
    from grassroots.extract.textclean import is_cut_line, is_drop_line

    assert not is_drop_line(line) and not is_cut_line(line)


def test_related_heading_cuts_after_text_but_not_above_it():
    from grassroots.extract.textclean import clean_lines

    para = ARTICLE_ZH
    kept, _ = clean_lines([para, "相关推荐", "另一条新闻的标题"])
    assert kept == [para]
    kept, _ = clean_lines(["相关新闻：", "视频里的一条标题", para, para])
    assert kept == [para, para]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("社区食堂开设助老餐窗口_上海长宁", "社区食堂开设助老餐窗口"),
        ("法国全国大罢工再次严重影响交通-新华网", "法国全国大罢工再次严重影响交通"),
        ('多地项目连环爆雷 狂奔的某集团"暗伤"曝露？_财经频道_某某网', '多地项目连环爆雷 狂奔的某集团"暗伤"曝露？'),
        ("Rene Benko-Firma Signa in Sorge – Finanzdaten und Berater-Auftrag", "Rene Benko-Firma Signa in Sorge – Finanzdaten und Berater-Auftrag"),
        # a government body's site (the city's or a district's name first)
        ("曹杨新村街道议事厅迎来第100场议事会_基层动态_上海市民政局", "曹杨新村街道议事厅迎来第100场议事会"),
        ("为老服务实现良好开局-某某区", "为老服务实现良好开局"),
    ],
)
def test_site_suffixes_removed_and_inner_quotes_kept(title, expected):
    from grassroots.extract.titles import strip_site_suffix

    assert strip_site_suffix(title) == expected


def test_title_tag_headline_confirmed_against_page_lines():
    html = page(
        f"<div>某某传媒</div><div class='t'>七旬阿婆接到冒充公检法的电话被骗</div><p>{ARTICLE_ZH}</p><p>{ARTICLE_ZH}</p>",
        title="七旬阿婆接到冒充公检法的电话被骗-某某传媒有限公司官方账号",
    )
    assert extract(raw(html)).title == "七旬阿婆接到冒充公检法的电话被骗"


def test_text_capture_with_page_tools_and_masthead_year():
    text = (
        "首页 | 要闻 | 区情 | 民生\nA- A+  打印\n\n社区简讯　2020年第4期\n\n"
        f"街道推行生态网格治理模式的探索\n\n{ARTICLE_ZH}\n\n{ARTICLE_ZH}\n"
    )
    ex = extract(raw(text, locator="/tmp/a.txt"))
    assert ex.title == "街道推行生态网格治理模式的探索"
    assert (ex.published_date, ex.date_precision, ex.date_text) == (date(2020, 1, 1), "year", "2020年第4期")


def test_yearless_lede_date_is_recorded_but_not_invented():
    text = f"# 家门口的服务站启用了\n\n□记者 某某某 通讯员 某某\n\n5月18日上午，{ARTICLE_ZH}\n\n{ARTICLE_ZH}\n\n来源：某某发布\n编辑：某某\n"
    ex = extract(raw(text, locator="/tmp/a.md"))
    assert ex.published_date is None and ex.date_text == "5月18日" and "yearless_date" in ex.warnings
    assert ex.publisher == "某某发布" and ex.author == "某某某"
    assert "来源" not in ex.text and "编辑" not in ex.text


def test_readability_without_its_javascript_pass_gives_the_same_lines():
    """The body reader skips readability's rewrite of links and event attributes (a sixth of a
    page's extraction): no line of text comes from them. Same lines as stock readability, on a
    page full of javascript: links and on* handlers and on the project's blind pages, whether it
    parses the page or reads a copy of extraction's own tree."""
    from readability import Document as StockReadability

    from grassroots.extract.decode import decode_bytes
    from grassroots.extract.html import _parse, _readability_lines, fragment_lines

    paras = "".join(
        f'<p onclick="track({i})">第{i}段：街道为居民办实事，<a href="javascript:void(0)" onmouseover="x()">查看详情</a>'
        f'，另见<a href="/n/{i}.html">相关报道</a>。社区食堂每天供应午餐，老人排队有序。</p>' for i in range(12))
    page = (f'<html><head><title>示例</title><link rel="stylesheet" href="a.css"></head><body onload="init()">'
            f'<div class="nav"><a href="javascript:go(1)">首页</a></div><div class="content" id="article">{paras}</div>'
            f'<script>var x = 1;</script></body></html>')
    pages = [page] + [decode_bytes(p.read_bytes()).text
                      for p in sorted((REPO / "bench" / "data").glob("*/*/*/docs/*.htm*"))[::4]]
    assert len(pages) > 20
    for html in pages:
        stock = StockReadability(html).summary(html_partial=True)
        assert _readability_lines(html) == (fragment_lines(stock) if stock else [])
        # (as extraction calls it: with a copy of the tree it parsed for itself)
        assert _readability_lines(html, _parse(html)) == (fragment_lines(stock) if stock else [])
    assert any("查看详情" in line for line in _readability_lines(page))


def test_readability_drops_unlikely_candidates_as_stock_readability_does():
    """Extraction's readability visits only elements with a class or an id when it drops
    "unlikely candidates" (sidebars, comments, footers): the same lines as stock readability on
    pages with such blocks, blocks it must keep (inside <pre>, holding an <article>) and empty
    class and id attributes."""
    from readability import Document as StockReadability

    from grassroots.extract.html import _readability_lines, fragment_lines

    story = "".join(f"<p>第{i}段：街道为老人开设社区食堂，每天供应午餐，居民志愿者轮流帮厨，反响很好。</p>" for i in range(8))
    pages = [
        f'<html><body><div class="sidebar">热门排行 一二三</div><div class="" id="">{story}</div>'
        f'<div id="comments">网友评论：很好</div><div class="footer">版权所有</div></body></html>',
        f'<html><body><div class="comment-box"><article>{story}</article></div>'
        f'<div class="menu">首页 | 新闻</div></body></html>',
        f'<html><body><div class="content">{story[:200]}<pre class="comment">保留的代码块：社区食堂午餐供应表</pre>'
        f'{story[200:]}</div></body></html>',
        f'<html><body><div class="main-sidebar">推荐阅读</div><div class="content">{story}</div>'
        f'<div class="extra"><code class="header">x</code>附加</div></body></html>',
    ]
    for html in pages:
        stock = StockReadability(html).summary(html_partial=True)
        assert _readability_lines(html) == (fragment_lines(stock) if stock else [])
    assert not any("热门排行" in line or "网友评论" in line for line in _readability_lines(pages[0]))
    assert any("第3段" in line for line in _readability_lines(pages[1]))
    assert any("保留的代码块" in line for line in _readability_lines(pages[2]))


def test_an_image_url_ends_where_another_url_starts():
    # (so a run of URLs glued together is read one URL at a time, not rescanned from each start:
    # 1.7 MB of `http://` took 6 s)
    from grassroots.extract.textclean import strip_urls

    assert strip_urls("见http://a.example/?u=http://b.example/x.jpg 图") == "见http://a.example/?u= 图"
    assert strip_urls("图片 http://a.example:8080/p/q.PNG?x=1 说明") == "图片  说明"


def test_the_sizes_of_marked_elements_come_from_one_walk_and_match_their_text():
    # (_drop_chrome read text_content() of every element with a class or an id: quadratic on a deep
    # page; the one walk must see the same elements as the XPath, with the same text lengths)
    import lxml.html

    from grassroots.extract.html import _MARKED_XPATH, _marked_sizes

    corpus = Path(__file__).resolve().parents[1] / "seeds" / "corpus"
    pages = [p.read_bytes() for p in sorted(corpus.glob("*.html"))]
    # a broken page libxml2 keeps two top elements for, comments with text, tails everywhere
    pages.append(b"<p class=a>x<!-- hidden text --><b id=b>yy</b>tail</p></html><div class=late>after<i>z</i></div>")
    pages.append(("<div class=chrome>" * 3000 + "深层" + "</div>" * 3000).encode())
    assert len(pages) >= 5
    for data in pages:
        root = lxml.html.fromstring(data)
        got = _marked_sizes(root)
        assert sorted(id(e) for e, _ in got) == sorted(id(e) for e in _MARKED_XPATH(root))
        assert all(size == len(el.text_content()) for el, size in got)


def test_chrome_is_dropped_the_same_way_on_both_paths(monkeypatch):
    # (pages over _WALK_OVER_CHARS find their marked elements by one walk instead of the XPath);
    # the shared benchmark's pages, of which a few lose chrome lines this way
    from grassroots.extract import html as H

    bench = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "extraction" / "html"
    pages = [p.read_bytes() for p in sorted(bench.rglob("*.html"))]
    assert len(pages) > 100
    dropped = []
    real = H._drop_chrome

    def counting(lines, body):
        out = real(lines, body)
        dropped.append(len(lines) - len(out))
        return out

    monkeypatch.setattr(H, "_drop_chrome", counting)
    outs = []
    for limit in (10**9, 0):
        monkeypatch.setattr(H, "_WALK_OVER_CHARS", limit)
        texts = []
        for i, p in enumerate(pages):
            try:
                texts.append(extract(raw(p, locator=f"/tmp/p{i}.html")).text)
            except RejectError as e:
                texts.append(e.reason)
        outs.append(texts)
    assert outs[0] == outs[1] and sum(dropped) >= 2 * 3  # (both paths dropped lines, on the same pages)


def test_a_headline_counting_404_of_something_is_an_article_and_an_error_page_is_not():
    # the set of shared-paragraph stories lost one story of 3,000 this way: 服务404人次 read as a 404
    body = ("<h1>兰亭雅苑志愿服务集市开市 35个摊位服务404人次</h1>"
            "<p>周六上午，兰亭雅苑小区的志愿服务集市开市，理发、磨刀、义诊等35个摊位前排起长队。</p>"
            "<p>集市由居委会和物业共同组织，志愿者来自辖区的八家单位，全天共服务居民404人次，"
            "居委会表示今后每月举办一次，并根据居民的需求增加家电维修和法律咨询摊位。</p>")
    ex = extract(raw(page(body, title="兰亭雅苑志愿服务集市开市 35个摊位服务404人次_上海浦东")))
    assert ex.title == "兰亭雅苑志愿服务集市开市 35个摊位服务404人次"
    for title in ("出错了-404", "404 Not Found", "404错误页面"):
        with pytest.raises(RejectError) as e:
            extract(raw(page("<h1>出错了</h1><p>请返回首页。</p>", title=title)))
        assert e.value.reason == "no_content", title
