"""A fixture website on loopback: a district news portal plus fault endpoints.

A real threaded HTTP/1.1 server on 127.0.0.1 and an ephemeral port. All article text is
written for this fixture (invented residents and places; no third-party text).

Pages: /news/list.html, /news/list_2.html, /news/list_3.html (3 articles each, a
"下一页" next link), articles /news/2026/a1.html … a9.html (a1–a6 UTF-8; a7 GBK with
header charset=gbk, a8 GBK with header charset=gb2312 and a GBK-only character 镕, a9
GBK declared only by <meta charset>; a6's 304 omits its validators), /feed.xml (RSS), /atom.xml (Atom),
/feed.xml?items=N (its first N items only),
/sitemap_index.xml -> /sitemap-1.xml (February, lastmod) and /sitemap-2.xml (January),
/robots.txt disallowing /private/. Articles carry ETag and Last-Modified and answer 304
to a matching conditional request.

Faults: /fault/404, /fault/flaky?key=K&fails=N (500 N times, then 200), /fault/always500,
/fault/429?key=K&form=seconds|date&after=S (429 once with Retry-After, then 200; with a
large `after` it stays 429), /fault/slow?delay=S (headers after S seconds),
/fault/trickle (one body byte every 0.1 s), /fault/truncated (Content-Length 10000, 100
bytes, close), /fault/loop (302 to itself), /fault/redirect?to=URL,
/fault/redirect-metadata (302 to 169.254.169.254), /fault/redirect-file (302 to
file:///etc/passwd), /fault/big (Content-Length 50 MB), /fault/big-chunked (50 MB, no
length), /fault/gzip-bomb (~100 KB gzip of 100 MB), /fault/gzip-ok, /fault/deflate-zlib and
/fault/deflate-raw (small encoded pages), /fault/brotli (Content-Encoding: br,
sent although never asked for), /fault/png (image/png), /fault/empty (200, no body),
/login.html (an HTML page where a feed was expected), /feed-bomb.xml and
/sitemap-bomb.xml (billion laughs), /feed-xxe.xml (external entity naming a local secret
file), /sitemap-xxe.xml (external DTD and parameter entity on this server: /x.dtd must
never be requested), /feed-evil.xml (links to loopback, metadata, file:, javascript:,
a robots-disallowed path, and one good article).

`site.chaos = 0.2` makes a fifth of /news/ requests fail at random (500, 503 with
Retry-After, truncated body, dropped connection; seeded, logged in `site.chaos_log`) for
soak tests.

Every request is in `site.log` (method, path with query, headers) so tests can assert
what was, and was not, requested.

Use from pytest: `pytest_plugins = ["fixture_site"]` in tests/conftest.py, or in one test
module `from fixture_site import fixture_site_fixture, second_site_fixture, site_server_fixture,
second_server_fixture`; then ask for `fixture_site`
(function-scoped, log cleared), `second_site` (127.0.0.2), or the session-scoped
`site_server` / `second_server`. Run by hand: `python tests/fixture_site.py --port 8000`.
"""

from __future__ import annotations

import argparse
import email.utils
import gzip
import hashlib
import io
import random
import secrets
import tempfile
import threading
import time
import zlib
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

# --- content -----------------------------------------------------------------------------

ARTICLES = [
    # (n, date, district, subdistrict, title, paragraphs)
    (1, "2026-02-20", "浦东新区", "花木街道", "花木街道老旧小区加装电梯完成第十二台",
     ["近日，浦东新区花木街道牡丹小区第十二台加装电梯正式投入使用。居民王阿姨住在六楼，她说以前下楼买菜要歇两次，现在按一下按钮就到了。",
      "街道自治办介绍，今年以来街道采取“居民议事、楼组协商、专业评估”的办法，先后召开意见征询会二十余场，帮助居民解决资金分摊和管线迁移等难题。",
      "下一步，花木街道计划在年内再启动八台电梯的征询工作，并把施工期间的出行安排、噪声管理写进楼组公约，让加装电梯成为邻里共同的事。"]),
    (2, "2026-02-15", "徐汇区", "田林街道", "田林街道把街角空地改成口袋公园",
     ["徐汇区田林街道宜山路旁一块闲置多年的街角空地，经过三个月改造，变成了面积约八百平方米的口袋公园，周末吸引了不少附近居民带着孩子来玩。",
      "改造方案由社区规划师和居民一起画出来：保留原有的两棵香樟树，增加休息座椅、儿童沙池和一段无障碍坡道，并留出一面墙给社区美育课程展示作品。",
      "街道相关负责人表示，口袋公园建成后交给居民志愿者团队共同维护，每月一次“认养日”，让公共空间有人用、有人管。"]),
    (3, "2026-02-10", "静安区", "彭浦新村街道", "彭浦新村街道睦邻点开出“银发课堂”",
     ["静安区彭浦新村街道的睦邻点本月开设“银发课堂”，内容包括智能手机使用、防范电信诈骗和家庭急救常识，首期报名的五十个名额两天内就满了。",
      "授课的志愿者大多是附近高校的学生，他们和老人结成固定小组，每周见面一次，课后还帮助老人练习线上挂号和缴纳水电费。",
      "居委会主任说，睦邻点原本是居民自发喝茶聊天的地方，如今成了社区互助的枢纽，下一步还将引入社区卫生服务中心的家庭医生定期坐诊。"]),
    (4, "2026-02-03", "杨浦区", "五角场街道", "五角场街道社区食堂新增晚餐供应",
     ["杨浦区五角场街道的社区食堂从本周起新增晚餐供应，菜品以清淡家常菜为主，六十岁以上老人凭卡可享受优惠，独居老人还可以预约送餐上门。",
      "食堂负责人介绍，晚餐时段每天准备两荤三素和一个汤，菜单每周由居民代表投票调整，前三天平均每晚接待就餐居民一百三十人次。",
      "街道表示，社区食堂是“十五分钟社区生活圈”建设的一部分，今年还计划在另外两个居民区设立助餐点，让老人出门就能吃上热饭。"]),
    (5, "2026-01-28", "闵行区", "古美路街道", "古美路街道一刻钟便民生活圈再添服务点",
     ["闵行区古美路街道日前在平阳路附近新设一处便民服务点，集中提供修鞋配钥匙、家电维修、裁缝改衣等服务，弥补了周边小修小补的空白。",
      "服务点的场地由街道统筹闲置房屋改建而成，租金减免，经营者需承诺收费公示、质量保证，并为困难家庭提供免费维修。",
      "据了解，街道已绘制一刻钟便民生活圈地图，梳理出买菜、就医、养老、托育等九类服务设施，今年将重点补齐东片区的短板。"]),
    (6, "2026-01-20", "长宁区", "新华路街道", "新华路街道社区规划师带居民“画”出街区更新方案",
     ["长宁区新华路街道组织社区规划师工作坊，邀请居民沿着番禺路走一圈，用贴纸标出最想改善的地方，收集到的建议超过三百条。",
      "建议集中在人行道拓宽、非机动车停放和沿街绿化三个方面。规划师团队据此提出三套方案，在社区活动中心展出两周，由居民投票选出实施方案。",
      "街道负责人说，规划师制度让专业设计和居民需求面对面，方案在动工前就得到了大多数居民的认可，减少了施工中的矛盾。"]),
    (7, "2026-01-15", "黄浦区", "外滩街道", "外滩街道旧里居民搬进新家",
     ["黄浦区外滩街道一处旧里地块的最后一批居民日前完成搬迁，八十二岁的陈老伯拿到新房钥匙后说，终于不用再拎马桶、在弄堂里生煤炉了。",
      "街道旧改办工作人员介绍，这个地块涉及居民三百多户，工作组坚持“阳光征收”，方案、面积和补偿结果全部公开，签约率在规定期限内达到百分之百。",
      "地块腾空后将保留部分有历史价值的石库门建筑，改造为社区文化空间，原来的老邻居们也约定每年回来聚一次。"]),
    (8, "2026-01-10", "虹口区", "四川北路街道", "四川北路街道老年助餐点开进弄堂",
     ["虹口区四川北路街道在多伦路附近的弄堂里开设老年助餐点，退休教师李镕是第一批志愿者，她每天上午帮忙分餐，再把饭菜送到行动不便的老人家里。",
      "助餐点每天中午供应两种套餐，价格在十二元到十五元之间，街道对高龄和困难老人给予补贴，开业一个月已登记用餐老人一百二十余人。",
      "街道民生服务办表示，将继续依托居委会和楼组长摸排需求，探索“中央厨房加社区配送”的模式，让更多老人在家门口吃得好、吃得安心。"]),
    (9, "2026-01-05", "普陀区", "长风新村街道", "长风新村街道垃圾分类志愿者坚守第六年",
     ["普陀区长风新村街道的垃圾分类志愿者队伍已经坚持了六年，每天早晚两个时段在投放点值守，指导居民把湿垃圾破袋投放。",
      "志愿者队长老周说，最初每个小区只有几名志愿者，现在队伍扩大到两百多人，其中不少是曾经被他们“劝”过的居民。",
      "街道结合垃圾分类推出积分兑换，居民可用积分换取绿植和日用品，小区的湿垃圾分出率比去年同期提高了两成。"]),
]

LAST_MODIFIED = "Mon, 02 Mar 2026 08:00:00 GMT"
SECRET_FILE_NAME = "grassroots-fixture-secret.txt"


def _article_html(n: int, date: str, district: str, sub: str, title: str, paras: list[str], meta_charset: str) -> str:
    body = "\n".join(f"<p>{p}</p>" for p in paras)
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="{meta_charset}"><title>{title}_{district}社区动态</title>
<meta name="publishdate" content="{date}"></head>
<body><div class="nav"><a href="/">首页</a> &gt; <a href="/news/list.html">社区动态</a></div>
<div class="article"><h1>{title}</h1>
<div class="info">发布时间：{date} 来源：{district}{sub}</div>
{body}
</div><div class="footer">上海市某区人民政府 版权所有</div></body></html>
"""


def article_bytes(n: int) -> tuple[bytes, str]:
    """(body, Content-Type) of article n as served."""
    (_, date, district, sub, title, paras) = ARTICLES[n - 1]
    if n == 7:
        return _article_html(n, date, district, sub, title, paras, "gbk").encode("gbk"), "text/html; charset=gbk"
    if n == 8:  # declared gb2312 but uses 镕 (GBK only): must be decoded as gb18030
        return _article_html(n, date, district, sub, title, paras, "gb2312").encode("gbk"), "text/html; charset=gb2312"
    if n == 9:  # no charset in the header, only in <meta>
        return _article_html(n, date, district, sub, title, paras, "gbk").encode("gbk"), "text/html"
    return _article_html(n, date, district, sub, title, paras, "utf-8").encode("utf-8"), "text/html; charset=utf-8"


def article_text(n: int) -> list[str]:
    return list(ARTICLES[n - 1][5])


def dead_port() -> int:
    """A loopback port nothing listens on (bound, then closed): connections to it are refused."""
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def etag_for(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:16] + '"'


def _rfc822(date: str) -> str:
    y, m, d = (int(x) for x in date.split("-"))
    import datetime as _dt

    return email.utils.format_datetime(_dt.datetime(y, m, d, 9, 30, tzinfo=_dt.timezone(_dt.timedelta(hours=8))))


def listing_html(page: int) -> str:
    items = "\n".join(
        f'<li><a href="/news/2026/a{n}.html" title="{t}">{t}</a><span class="date">{d}</span></li>'
        for (n, d, _dist, _sub, t, _p) in ARTICLES[(page - 1) * 3 : page * 3]
    )
    pages = " ".join(f'<a href="{_list_name(i)}">{i}</a>' for i in (1, 2, 3))
    nxt = f'<a class="next" href="{_list_name(page + 1)}">下一页</a>' if page < 3 else '<span class="next">下一页</span>'
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>社区动态（第{page}页）</title></head>
<body><div class="nav"><a href="/">首页</a><a href="/about.html">关于我们</a><a href="https://www.example.org/">友情链接</a></div>
<ul class="news-list">
{items}
</ul>
<div class="pager">{pages} {nxt}</div>
<div class="footer"><a href="/private/secret.html">内部</a></div></body></html>"""


def _list_name(page: int) -> str:
    return "list.html" if page == 1 else f"list_{page}.html"


def rss_xml(base: str, limit: int | None = None) -> str:
    items = []
    for n, d, _dist, _sub, t, paras in ARTICLES[:limit]:
        link = f"{base}/news/2026/a{n}.html"
        if n == 1:  # the same story as the list page links to, with share-tracking noise
            link += "?utm_source=rss&amp;spm=a1.b2#comments"
        items.append(
            f"<item><title>{t}</title><link>{link}</link><pubDate>{_rfc822(d)}</pubDate>"
            f"<description>{paras[0][:40]}</description></item>"
        )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>社区动态</title><link>{base}/news/list.html</link>
<description>区内社区治理与民生服务</description>
{"".join(items)}
</channel></rss>"""


def atom_xml(base: str) -> str:
    entries = "".join(
        f'<entry><title>{t}</title><link rel="alternate" href="/news/2026/a{n}.html"/>'
        f"<id>tag:fixture,2026:a{n}</id><updated>{d}T09:30:00+08:00</updated><published>{d}T09:30:00+08:00</published></entry>"
        for n, d, _dist, _sub, t, _p in ARTICLES[:6]
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="{base}/"><title>社区动态</title><id>tag:fixture,2026:feed</id>
<updated>2026-02-20T09:30:00+08:00</updated>{entries}</feed>"""


def sitemap_index_xml(base: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>{base}/sitemap-1.xml</loc><lastmod>2026-02-20</lastmod></sitemap>
<sitemap><loc>{base}/sitemap-2.xml</loc><lastmod>2026-01-28</lastmod></sitemap>
</sitemapindex>"""


def sitemap_xml(base: str, part: int) -> str:
    chosen = ARTICLES[:4] if part == 1 else ARTICLES[4:]
    urls = "".join(
        f"<url><loc>{base}/news/2026/a{n}.html</loc><lastmod>{d}T09:30:00+08:00</lastmod></url>" for n, d, *_ in chosen
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>"""


BILLION_LAUGHS_DTD = """<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>"""


def feed_bomb_xml(base: str) -> str:
    return f"""<?xml version="1.0"?>
{BILLION_LAUGHS_DTD.replace("lolz", "rss")}
<rss version="2.0"><channel><title>&lol9;</title>
<item><title>&lol9;</title><link>{base}/news/2026/a1.html</link></item></channel></rss>"""


def sitemap_bomb_xml(base: str) -> str:
    return f"""<?xml version="1.0"?>
{BILLION_LAUGHS_DTD.replace("lolz", "urlset")}
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>{base}/news/2026/a1.html?x=&lol9;</loc></url></urlset>"""


def feed_xxe_xml(base: str, secret_path: Path) -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret_path}">]>
<rss version="2.0"><channel><title>社区动态 &xxe;</title><link>{base}/</link>
<item><title>外部实体 &xxe;</title><link>{base}/news/2026/a2.html</link><description>&xxe;</description></item>
<item><title>{ARTICLES[2][4]}</title><link>{base}/news/2026/a3.html</link></item>
</channel></rss>"""


def sitemap_xxe_xml(base: str, secret_path: Path) -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE urlset SYSTEM "{base}/x.dtd" [
 <!ENTITY % ext SYSTEM "{base}/x.dtd">
 %ext;
 <!ENTITY xxe SYSTEM "file://{secret_path}">
]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>{base}/news/2026/a4.html</loc><lastmod>2026-02-03</lastmod></url>
<url><loc>{base}/news/2026/a5.html?leak=&xxe;</loc></url>
</urlset>"""


def feed_evil_xml(base: str, other: str) -> str:
    links = [
        f"{other}/secret",  # a loopback server that is not allow-listed
        "http://169.254.169.254/latest/meta-data/",
        "http://2130706433/",
        "file:///etc/passwd",
        "javascript:alert(1)",
        f"{base}/private/secret.html",  # robots.txt disallows it
        f"{base}/news/2026/a5.html",  # the one good link
    ]
    items = "".join(f"<item><title>链接{i}</title><link>{u}</link></item>" for i, u in enumerate(links))
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>混合链接</title><link>{base}/</link>{items}</channel></rss>"""


LOGIN_HTML = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>登录</title></head>
<body><form action="/login" method="post"><input name="user"><input name="password" type="password">
<button>登录</button></form></body></html>"""

ROBOTS_TXT = "User-agent: *\nDisallow: /private/\n# 内部页面不对外\n"

# A 1x1 transparent PNG.
PNG_BYTES = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)

_GZIP_BOMB: bytes | None = None
_GZIP_BOMB_LOCK = threading.Lock()
# 100 MB of zeros: five times the default 20 MB cap; ~100 KB on the wire.
GZIP_BOMB_INFLATED = 100 * 1024 * 1024


def gzip_bomb() -> bytes:
    global _GZIP_BOMB
    with _GZIP_BOMB_LOCK:
        if _GZIP_BOMB is None:
            buf = io.BytesIO()
            with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=9, mtime=0) as gz:
                chunk = b"\0" * (1024 * 1024)
                for _ in range(GZIP_BOMB_INFLATED // len(chunk)):
                    gz.write(chunk)
            _GZIP_BOMB = buf.getvalue()
        return _GZIP_BOMB


def brotli_stream(payload: bytes) -> bytes:
    """A brotli stream holding `payload` in one uncompressed meta-block (RFC 7932 9.2),
    hand-assembled because no brotli encoder is installed. Only its label matters to the
    tests: grassroots never asks for br and must refuse it without decoding."""
    assert 0 < len(payload) <= 65536
    bits = [0]  # WBITS: 16
    bits += [0]  # ISLAST = 0
    bits += [0, 0]  # MNIBBLES = 4
    mlen = len(payload) - 1
    bits += [(mlen >> i) & 1 for i in range(16)]
    bits += [1]  # ISUNCOMPRESSED
    while len(bits) % 8:
        bits.append(0)
    header = bytes(sum(b << i for i, b in enumerate(bits[k : k + 8])) for k in range(0, len(bits), 8))
    return header + payload + bytes([0b11])  # ISLAST = 1, ISLASTEMPTY = 1


# --- server ------------------------------------------------------------------------------


@dataclass
class Hit:
    method: str
    path: str  # with query
    headers: dict[str, str]
    client: str
    at: float = field(default_factory=time.monotonic)


class FixtureSite:
    """The running server: `base` URL, `log` of hits, `secret_*` for the XXE feed."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, *, other_base: str = "http://127.0.0.2:9"):
        self.host = host
        self.log: list[Hit] = []
        self.counters: dict[str, int] = {}
        self.lock = threading.Lock()
        self.other_base = other_base
        self._tmp = tempfile.TemporaryDirectory(prefix="grassroots-fixture-")
        self.secret_token = "SECRET-" + secrets.token_hex(8)
        self.secret_path = Path(self._tmp.name) / SECRET_FILE_NAME
        self.secret_path.write_text(self.secret_token + "\n", encoding="utf-8")
        # requests in flight, counted per reset(): a slow request an earlier test gave up on may
        # still be running and must not count as concurrency of the next test
        self.generation = 0
        self.active: dict[int, int] = {}
        self.max_active = 0
        # robots.txt as served; tests may change these (reset() restores them)
        self.robots_status = 200
        self.robots_body = ROBOTS_TXT
        # chaos: this fraction of article and list-page requests fail in a random way
        # (500, 503 + Retry-After: 1, a truncated body, a dropped connection), drawn from a
        # seeded generator so a soak run is repeatable (issue 9)
        self.chaos = 0.0
        self.rng = random.Random(0)
        self.chaos_log: list[tuple[str, str]] = []
        site = self

        class Handler(_Handler):
            fixture = site

        self.server = _Server((host, port), Handler)
        self.server.daemon_threads = True
        self.server.block_on_close = False
        self.port = self.server.server_address[1]
        self.base = f"http://{host}:{self.port}"
        self._thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def start(self) -> FixtureSite:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self._tmp.cleanup()

    def url(self, path: str) -> str:
        return self.base + path

    def reset(self) -> None:
        with self.lock:
            self.log.clear()
            self.counters.clear()
            self.max_active = 0
            self.generation += 1
            self.robots_status = 200
            self.robots_body = ROBOTS_TXT
            self.chaos = 0.0
            self.rng = random.Random(0)
            self.chaos_log.clear()

    def hits(self, prefix: str = "") -> list[Hit]:
        with self.lock:
            return [h for h in self.log if h.path.startswith(prefix)]

    def count(self, prefix: str = "") -> int:
        return len(self.hits(prefix))

    def bump(self, key: str) -> int:
        with self.lock:
            self.counters[key] = self.counters.get(key, 0) + 1
            return self.counters[key]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request, client_address) -> None:  # noqa: ANN001
        pass  # clients hanging up mid-body is what the fault endpoints are for


class _Handler(BaseHTTPRequestHandler):
    fixture: FixtureSite
    protocol_version = "HTTP/1.1"
    server_version = "FixtureSite/1.0"
    # headers and body go out in separate writes: without TCP_NODELAY, Nagle plus the
    # client's delayed ACK add ~40 ms to every keep-alive response (measured: 23 -> 795 fetches/s)
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def do_GET(self) -> None:  # noqa: N802
        site = self.fixture
        with site.lock:
            site.log.append(Hit("GET", self.path, {k.lower(): v for k, v in self.headers.items()}, self.client_address[0]))
            gen = site.generation
            site.active[gen] = site.active.get(gen, 0) + 1
            site.max_active = max(site.max_active, site.active[gen])
        try:
            self._route()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        finally:
            with site.lock:
                site.active[gen] -= 1

    # -- helpers
    def _send(self, status: int, body: bytes = b"", ctype: str = "text/html; charset=utf-8", headers: dict | None = None) -> None:
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location: str, status: int = 302) -> None:
        self._send(status, b"", "text/html", {"Location": location})

    def _chunked(self, chunks, ctype: str = "text/html; charset=utf-8") -> None:  # noqa: ANN001
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for c in chunks:
            self.wfile.write(f"{len(c):x}\r\n".encode() + c + b"\r\n")
        self.wfile.write(b"0\r\n\r\n")

    def _route(self) -> None:
        site = self.fixture
        parts = urlsplit(self.path)
        path, q = parts.path, {k: v[0] for k, v in parse_qs(parts.query).items()}
        base = f"http://{self.headers.get('Host', f'{site.host}:{site.port}')}"
        xml = "application/xml; charset=utf-8"
        if site.chaos and path.startswith("/news/") and self._chaos(path):
            return None
        if path == "/robots.txt":
            body = site.robots_body if isinstance(site.robots_body, bytes) else site.robots_body.encode("utf-8")
            return self._send(site.robots_status, body, "text/plain; charset=utf-8")
        if path in ("/", "/index.html"):
            return self._send(200, '<html><body><a href="/news/list.html">社区动态</a></body></html>'.encode())
        if path.startswith("/news/list"):
            page = {"/news/list.html": 1, "/news/list_2.html": 2, "/news/list_3.html": 3}.get(path)
            if page is None:
                return self._send(404, b"not found")
            return self._send(200, listing_html(page).encode("utf-8"))
        if path.startswith("/news/2026/a") and path.endswith(".html"):
            try:
                n = int(path[len("/news/2026/a") : -len(".html")])
                body, ctype = article_bytes(n)
            except (ValueError, IndexError):
                return self._send(404, b"not found")
            etag = etag_for(body)
            inm, ims = self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since")
            validators = {"ETag": etag, "Last-Modified": LAST_MODIFIED}
            if (inm and etag in [t.strip() for t in inm.split(",")]) or (not inm and ims == LAST_MODIFIED):
                self.send_response(304)
                if n != 6:  # a6's 304 carries no validators (RFC 9110 allows that)
                    for k, v in validators.items():
                        self.send_header(k, v)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            return self._send(200, body, ctype, validators)
        if path == "/feed.xml":
            limit = int(q["items"]) if "items" in q else None
            return self._send(200, rss_xml(base, limit).encode("utf-8"), "application/rss+xml; charset=utf-8")
        if path == "/atom.xml":
            return self._send(200, atom_xml(base).encode("utf-8"), "application/atom+xml; charset=utf-8")
        if path == "/sitemap_index.xml":
            return self._send(200, sitemap_index_xml(base).encode(), xml)
        if path in ("/sitemap-1.xml", "/sitemap-2.xml"):
            return self._send(200, sitemap_xml(base, int(path[9])).encode(), xml)
        if path == "/login.html":
            return self._send(200, LOGIN_HTML.encode("utf-8"))
        if path == "/feed-bomb.xml":
            return self._send(200, feed_bomb_xml(base).encode(), "application/rss+xml")
        if path == "/sitemap-bomb.xml":
            return self._send(200, sitemap_bomb_xml(base).encode(), xml)
        if path == "/feed-xxe.xml":
            return self._send(200, feed_xxe_xml(base, site.secret_path).encode("utf-8"), "application/rss+xml")
        if path == "/sitemap-xxe.xml":
            return self._send(200, sitemap_xxe_xml(base, site.secret_path).encode("utf-8"), xml)
        if path == "/x.dtd":
            return self._send(200, f'<!ENTITY leak "{site.secret_token}">'.encode(), "application/xml-dtd")
        if path == "/feed-evil.xml":
            return self._send(200, feed_evil_xml(base, site.other_base).encode("utf-8"), "application/rss+xml")
        if path.startswith("/private/"):
            return self._send(200, b"<html><body>internal</body></html>")
        if path.startswith("/fault/"):
            return self._fault(path[len("/fault/") :], q, base)
        return self._send(404, "<html><body>页面不存在</body></html>".encode())

    def _chaos(self, path: str) -> bool:
        site = self.fixture
        with site.lock:
            if site.rng.random() >= site.chaos:
                return False
            kind = site.rng.choice(("500", "503", "truncated", "drop"))
            site.chaos_log.append((path, kind))
        if kind == "500":
            self._send(500, b"chaos")
        elif kind == "503":
            self._send(503, b"chaos", "text/plain", {"Retry-After": "1"})
        elif kind == "truncated":
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", "5000")
            self.end_headers()
            self.wfile.write(b"<html><body>partial")
            self.close_connection = True
        else:  # drop the connection without a response
            self.close_connection = True
        return True

    def _fault(self, name: str, q: dict[str, str], base: str) -> None:
        site = self.fixture
        ok = '<html><head><meta charset="utf-8"></head><body><p>恢复正常</p></body></html>'.encode()
        if name == "404":
            return self._send(404, "<html><body>页面不存在</body></html>".encode())
        if name == "flaky":
            n = site.bump("flaky:" + q.get("key", ""))
            if n <= int(q.get("fails", "2")):
                return self._send(500, b"temporarily broken")
            return self._send(200, ok)
        if name == "always500":
            return self._send(500, b"broken")
        if name == "503":
            return self._send(503, b"unavailable")
        if name == "429":
            after = int(q.get("after", "2"))
            n = site.bump("429:" + q.get("key", ""))
            if n == 1 or after > 60:
                if q.get("form") == "date":
                    value = email.utils.formatdate(time.time() + after, usegmt=True)
                else:
                    value = str(after)
                return self._send(429, b"slow down", "text/plain", {"Retry-After": value})
            return self._send(200, ok)
        if name == "slow":
            time.sleep(float(q.get("delay", "2")))
            return self._send(200, ok)
        if name == "trickle":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "10000")
            self.end_headers()
            for _ in range(10000):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.1)
            return None
        if name == "truncated":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "10000")
            self.end_headers()
            self.wfile.write(b"<html>" + b"y" * 94)
            self.wfile.flush()
            self.close_connection = True
            return None
        if name == "loop":
            return self._redirect("/fault/loop")
        if name == "redirect":
            return self._redirect(q.get("to", "/"))
        if name == "redirect-metadata":
            return self._redirect("http://169.254.169.254/latest/meta-data/")
        if name == "redirect-file":
            return self._redirect("file:///etc/passwd")
        if name == "big":  # 50 MB announced and (if anyone keeps reading) sent
            total = 50 * 1024 * 1024
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(total))
            self.end_headers()
            chunk = b"a" * (1024 * 1024)
            for _ in range(total // len(chunk)):
                self.wfile.write(chunk)
            return None
        if name == "big-chunked":
            chunk = b"b" * (1024 * 1024)
            return self._chunked(chunk for _ in range(50))
        if name == "gzip-bomb":
            return self._send(200, gzip_bomb(), "text/html", {"Content-Encoding": "gzip"})
        if name == "gzip-ok":
            return self._send(200, gzip.compress(ok), "text/html; charset=utf-8", {"Content-Encoding": "gzip"})
        if name == "deflate-zlib":
            return self._send(200, zlib.compress(ok), "text/html; charset=utf-8", {"Content-Encoding": "deflate"})
        if name == "deflate-raw":
            c = zlib.compressobj(wbits=-zlib.MAX_WBITS)
            return self._send(200, c.compress(ok) + c.flush(), "text/html; charset=utf-8", {"Content-Encoding": "deflate"})
        if name == "brotli":
            return self._send(200, brotli_stream(ok), "text/html; charset=utf-8", {"Content-Encoding": "br"})
        if name == "png":
            return self._send(200, PNG_BYTES, "image/png")
        if name == "empty":
            return self._send(200, b"")
        return self._send(404, b"no such fault")


def start_site(host: str = "127.0.0.1", port: int = 0, **kw) -> FixtureSite:  # noqa: ANN003
    return FixtureSite(host, port, **kw).start()


# --- pytest fixtures (import these names into a conftest or a test module) --------------

try:
    import pytest
except ImportError:  # running the module by hand without pytest
    pytest = None  # type: ignore[assignment]

if pytest is not None:
    # Registered under the names in `name=`; the function names differ so that a test
    # module can import them without its parameters shadowing the import.

    @pytest.fixture(scope="session", name="second_server")
    def second_server_fixture():
        """A second site on 127.0.0.2 (same loopback, different address, not allow-listed)."""
        s = start_site("127.0.0.2")
        yield s
        s.stop()

    @pytest.fixture(scope="session", name="site_server")
    def site_server_fixture(second_server):  # noqa: ANN001
        s = start_site("127.0.0.1", other_base=second_server.base)
        yield s
        s.stop()

    @pytest.fixture(name="fixture_site")
    def fixture_site_fixture(site_server):  # noqa: ANN001
        """The session's fixture site with an empty access log and fresh fault counters."""
        site_server.reset()
        yield site_server

    @pytest.fixture(name="second_site")
    def second_site_fixture(second_server):  # noqa: ANN001
        second_server.reset()
        yield second_server


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Serve the grassroots fixture site on loopback.")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8000)
    args = ap.parse_args(argv)
    site = start_site(args.host, args.port)
    print(f"fixture site at {site.base}/  (feed {site.base}/feed.xml, sitemap {site.base}/sitemap_index.xml,")
    print(f"  listing {site.base}/news/list.html); try:")
    print(f"  grassroots ingest {site.base}/feed.xml --allow-host {args.host}", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        site.stop()


if __name__ == "__main__":
    main()
