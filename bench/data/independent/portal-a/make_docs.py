# -*- coding: utf-8 -*-
"""Generate the portal-a evaluation set (documents + labels).

Run: python3 make_docs.py   (standard library only; rewrites dev/ and test/)
The split of each story is decided by a seeded coin (SEED below) and never changed afterwards.
"""
import csv, html, json, os, random, shutil, copy
from stories_a import STORIES_A
from stories_b import STORIES_B

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 20261202
REF = "/work/shared/reference/shanghai_subdistricts.csv"

SITE = {"黄浦区": "上海黄浦", "徐汇区": "徐汇区人民政府", "长宁区": "上海长宁", "静安区": "上海市静安区人民政府",
        "普陀区": "上海普陀", "虹口区": "上海虹口", "杨浦区": "上海杨浦", "闵行区": "上海闵行",
        "宝山区": "上海宝山", "嘉定区": "上海嘉定", "浦东新区": "上海浦东", "金山区": "上海金山",
        "松江区": "上海松江", "青浦区": "上海青浦", "奉贤区": "上海市奉贤区人民政府", "崇明区": "上海崇明"}
DOMAIN = {"黄浦区": "shhuangpu", "徐汇区": "xuhui", "长宁区": "shcn", "静安区": "jingan", "普陀区": "shpt",
          "虹口区": "shhk", "杨浦区": "shyp", "闵行区": "shmh", "宝山区": "shbsq", "嘉定区": "jiading",
          "浦东新区": "pudong", "金山区": "jinshan", "松江区": "songjiang", "青浦区": "shqp",
          "奉贤区": "fengxian", "崇明区": "shcm"}
ROADS = ["人民路188号", "府前路50号", "中心大道2号", "行政路100号", "政通路66号", "城中路28号"]
EDITORS = ["王欣", "李晓燕", "张磊", "陈洁", "赵敏", "刘畅", "周婷", "孙伟"]
REL_TPL = ["{s}召开{y}年度平安建设工作推进会", "{s}开展防范电信网络诈骗宣传活动", "{s}举办社区运动会",
           "{s}组织辖区企业开展专场招聘", "{s}开展老年人防跌倒健康讲座", "{s}完成一批小区消防通道整治"]
REL_DIST = ["{d}召开城市精细化管理工作会议", "{d}部署今冬明春安全生产工作", "{d}发布区域交通出行提示"]

subs = {}
with open(REF, encoding="utf-8") as f:
    for r in csv.DictReader(f):
        subs.setdefault(r["district"], []).append(r["name"])


def esc(s):
    return html.escape(s, quote=False)


def cn_date(d):
    y, m, dd = d.split("-")
    return f"{y}年{m}月{dd}日"


def related_items(st, rng, n=3):
    """Page-chrome related news: other sub-districts of the same district -> not_places."""
    d = st["district"]
    y = (st["date"] or "2022")[:4]
    cand = [s for s in subs[d] if s not in st["places"] and (s.endswith("街道") or s.endswith("镇") or s.endswith("乡"))]
    picks = rng.sample(cand, 2)
    tpls = rng.sample(REL_TPL, 2)
    items = [tpls[0].format(s=picks[0], y=y), tpls[1].format(s=picks[1], y=y), rng.choice(REL_DIST).format(d=d)]
    return items, picks


# ---------------------------------------------------------------- renderers
def r_portal(st, doc, rng):
    d = st["district"]; site = SITE[d]; title = doc["title"]
    items, picks = related_items(st, rng)
    doc["chrome_places"] = picks
    v = doc["variant"]
    if v == 0:
        head = f'<h1 class="article-title">{esc(title)}</h1>'
        dl = f'<div class="info"><span>发布时间：{st["date"]} {rng.randint(8,18):02d}:{rng.randint(0,59):02d}</span>　<span>来源：{esc(doc["source"])}</span>　<span>字号：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a></span></div>'
    elif v == 1:
        head = f'<div class="title">{esc(title)}</div>'
        dl = f'<div class="xl-info">发布日期：{cn_date(st["date"])}　　来源：{esc(doc["source"])}　　浏览次数：{rng.randint(300,4000)}</div>'
    else:
        head = f'<h2 class="news_tit">{esc(title)}</h2>'
        dl = f'<p class="news_info">{st["date"]}　来源：{esc(doc["source"])}　作者：{esc(doc["source"])}</p>'
    body = "\n".join(f"<p style=\"text-indent:2em;\">{esc(p)}</p>" for p in doc["paras"])
    rel = "\n".join(f'<li><a href="/xwzx/{rng.randint(100000,999999)}.html">{esc(t)}</a></li>' for t in items)
    nav = "".join(f'<li><a href="#">{x}</a></li>' for x in ["首页", "政务公开", "新闻中心", "街镇动态", "政务服务", "互动交流", "走进" + d[:-1] if not d.endswith("新区") else "走进浦东"])
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}{doc['sep']}{esc(site)}</title>
<meta name="keywords" content="{esc(d)},街镇动态">
<link rel="stylesheet" href="/css/common.css">
<script src="/js/jquery.min.js"></script>
</head>
<body>
<div class="topbar"><div class="w1200"><span>欢迎访问{esc(site)}</span><a href="#">无障碍</a> | <a href="#">长者模式</a> | <a href="#">登录</a></div></div>
<div class="header"><div class="logo"><img src="/images/logo.png" alt="{esc(site)}"></div><div class="search"><input type="text" placeholder="请输入关键字"><button>搜索</button></div></div>
<div class="nav"><ul>{nav}</ul></div>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="#">新闻中心</a> &gt; <a href="#">街镇动态</a></div>
<div class="main w1200">
<div class="article">
{head}
{dl}
<div class="article-content" id="zoom">
{body}
</div>
<div class="editor">责任编辑：{rng.choice(EDITORS)}</div>
<div class="share">分享到：<a href="#" class="wx">微信</a> <a href="#" class="wb">微博</a> <a href="#" class="qq">QQ空间</a></div>
<div class="print"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
</div>
<div class="related"><h3>相关新闻</h3>
<ul>
{rel}
</ul></div>
</div>
<div class="footer">
<p>版权所有：上海市{esc(d)}人民政府　主办：上海市{esc(d)}人民政府办公室　地址：上海市{esc(d)}{rng.choice(ROADS)}</p>
<p>沪ICP备{rng.randint(10000000,19999999)}号-1　沪公网安备 31{rng.randint(1000000000,9999999999)}号　网站标识码{rng.randint(3100000000,3199999999)}</p>
</div>
</body>
</html>
"""


def r_gbk(st, doc, rng):
    x = st.get("extra", {})
    d = st["district"]; title = doc["title"]
    meta = x.get("meta")
    mtag = f'<meta http-equiv="Content-Type" content="text/html; charset={meta}">\n' if meta else ""
    if st["date"] is None:
        dl = f'来源：{esc(doc["source"])}　　点击数：{rng.randint(100,900)}'
    elif x.get("datefmt") == "month":
        y, m = st["date"].split("-")
        dl = f'发布日期：{y}年{int(m)}月　　来源：{esc(doc["source"])}　　点击数：{rng.randint(100,900)}'
    else:
        dl = f'发布日期：{cn_date(st["date"])}　　来源：{esc(doc["source"])}　　点击数：{rng.randint(100,900)}'
    body = "\n".join(f"<p>　　{esc(p)}</p>" for p in doc["paras"])
    site = doc.get("site") or (d[:-1] + "社区网" if not d.endswith("新区") else "浦东社区网")
    foot = "" if st["date"] is None else ""
    return f"""<html>
<head>
{mtag}<title>{esc(title)}--{esc(site)}</title>
<style type="text/css">td{{font-size:12px}} .tit{{font-size:20px;font-weight:bold;color:#c00}}</style>
</head>
<body bgcolor="#FFFFFF" topmargin="0">
<table width="778" border="0" align="center" cellpadding="0" cellspacing="0">
<tr><td height="80" background="images/top_bg.jpg"><img src="images/logo.gif" width="300" height="60"></td></tr>
<tr><td bgcolor="#B30000" height="26"><a href="index.asp">首页</a> | <a href="list.asp?id=1">社区新闻</a> | <a href="list.asp?id=2">通知公告</a> | <a href="list.asp?id=3">便民服务</a> | <a href="list.asp?id=4">留言板</a></td></tr>
<tr><td height="30">您现在的位置：<a href="index.asp">首页</a> &gt;&gt; 社区新闻 &gt;&gt; 正文</td></tr>
<tr><td align="center" class="tit" height="50">{esc(title)}</td></tr>
<tr><td align="center" height="24" bgcolor="#F2F2F2">{dl}</td></tr>
<tr><td style="line-height:26px;font-size:14px;padding:10px">
{body}
</td></tr>
<tr><td align="right">【<a href="#" onclick="window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</td></tr>
<tr><td align="center" height="60" bgcolor="#EEEEEE">{esc(site)}　版权所有　建议使用IE浏览器 1024*768分辨率浏览<br>联系电话：021-{rng.randint(50000000,69999999)}</td></tr>
</table>
</body>
</html>
"""


def r_wechat(st, doc, rng):
    x = doc["wx"]
    acct = x["account"]
    lines = [f"扫描二维码", f"关注“{acct}”", "", f"# {doc['title']}", ""]
    if st["date"] is None or doc.get("no_date"):
        lines.append(f"原创 {acct}")
    else:
        y, m, dd = st["date"].split("-")
        lines.append(f"原创 {acct} {y}-{m}-{dd} {x['time']}")
    lines += ["", x["reporter"], ""]
    for p in doc["paras"]:
        lines += [p, ""]
    lines += [f"来源：{doc['source']}", f"编辑：{rng.choice(EDITORS)}", "", "![](qrcode.jpg)", "", "点击阅读原文", "", "分享　收藏　点赞　在看", ""]
    return "\n".join(lines)


def r_netease(st, doc, rng):
    x = st.get("extra", {})
    acct = doc["source"]
    related = doc.get("related") or x.get("related") or [
        (f"{st['district']}多项民生实事项目按计划推进", "2019-01-01"),
    ]
    body = "\n".join(f"<p>{esc(p)}</p>" for p in doc["paras"])
    rel = "\n".join(f'<li><a href="https://www.163.com/dy/article/{rng.randint(10**9,10**10-1)}.html">{esc(t)}</a><span class="time">{dt}</span></li>' for t, dt in related)
    return f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{esc(doc['title'])}|{esc(acct)}_网易订阅</title>
<meta name="keywords" content="{esc(acct)}">
</head>
<body>
<div class="N-nav-channel"><a href="https://www.163.com/">网易首页</a> &gt; <a href="https://www.163.com/dy/">网易号</a> &gt; 正文</div>
<div class="post_main">
<h1 class="post_title">{esc(doc['title'])}</h1>
<div class="post_info">{st['date']} {doc['time']}　来源: <a href="#">{esc(acct)}</a></div>
<div class="post_body">
<p class="f_center"><img src="https://nimg.ws.126.net/?url=placeholder.jpg" alt=""></p>
{body}
</div>
<p class="post_statement">本文来自网易号作者“{esc(acct)}”，由作者上传并发布。特别声明：本文内容仅代表作者观点，网易号仅提供信息发布平台。</p>
<div class="post_btns"><a href="#">举报</a>　<a href="#">分享至微信</a></div>
</div>
<div class="post_recommends"><h3>相关推荐</h3>
<ul>
{rel}
</ul></div>
<div class="N-footer">网易公司版权所有 ©1997-2024</div>
</body>
</html>
"""


def fm_head(st, doc):
    t = doc["title"].replace('"', '\\"')
    lines = ["---", f'title: "{t}"']
    if st["date"]:
        lines.append(f"date: {st['date']}")
    lines.append(f"source: {doc['source']}")
    if doc.get("url"):
        lines.append(f"url: {doc['url']}")
    lines.append("---")
    return "\n".join(lines)


def r_fm_md(st, doc, rng):
    out = [fm_head(st, doc), ""]
    if doc["variant"] % 2 == 0:
        out += [f"# {doc['title']}", ""]
    for p in doc["paras"]:
        out += [p, ""]
    return "\n".join(out)


def r_fm_html(st, doc, rng):
    body = "\n".join(f"  <p>{esc(p)}</p>" for p in doc["paras"])
    return f"""{fm_head(st, doc)}
<article class="news">
  <h2>{esc(doc['title'])}</h2>
{body}
  <p class="editor">（责任编辑：{rng.choice(EDITORS)}）</p>
</article>
"""


RENDER = {"portal_html": (r_portal, "html"), "gbk_html": (r_gbk, "html"), "wechat_md": (r_wechat, "md"),
          "netease_html": (r_netease, "html"), "frontmatter_md": (r_fm_md, "md"),
          "frontmatter_html": (r_fm_html, "html")}


# ---------------------------------------------------------------- duplicates (re-posts of portal originals)
def reposts(by_id):
    out = []
    s = by_id["s01"]; p = list(s["paras"])
    p[1] = p[1].replace("现在走两步就有个地方坐坐。", "现在走两步就有个歇脚的地方。")
    out.append(dict(story="s01", fmt="wechat_md", title=s["title"], date="2023-06-15", source="五里桥街道",
                    paras=["**楼宇里多了一个“歇脚点”**", p[0], p[1], "**街区环境同步提升**", p[2], p[3]],
                    wx=dict(account="上海黄浦", reporter="□记者 贾立 通讯员 邱晨", time="18:30"),
                    notes="re-post of the portal original: chrome added, subheads added, one quote reworded"))
    s = by_id["s09"]
    out.append(dict(story="s09", fmt="wechat_md", title="“在这里住了八年，我已经把这里当成家了”——虹桥街道国际邻里节走过十年",
                    date="2023-10-21", source="虹桥街道",
                    paras=["编者按：从第一届只有几百人参加，到如今成为中外居民每年期待的节日，虹桥街道的国际邻里节已经走过了十年。"] + list(s["paras"]),
                    wx=dict(account="上海长宁", reporter="□通讯员 蔡文", time="08:00"),
                    notes="re-post with a different headline and an added editor's note"))
    s = by_id["s17"]
    out.append(dict(story="s17", fmt="netease_html", title=s["title"], date="2023-07-06", source="上海普陀",
                    paras=list(s["paras"]), time="10:16:55",
                    related=[("普陀区推进苏州河沿岸公共空间贯通提升", "2023-07-04"), ("暑期托管班报名开始", "2023-06-30"), ("高温天气出行提示", "2023-07-02")],
                    notes="NetEase re-post of the portal original"))
    s = by_id["s25"]
    out.append(dict(story="s25", fmt="netease_html", title=s["title"], date="2019-07-03", source="杨浦殷行",
                    paras=list(s["paras"][:-1]), time="08:41:10",
                    related=[("上海垃圾分类首日：湿垃圾分出量明显增加", "2019-07-02"), ("杨浦滨江又一段岸线开放", "2019-06-28")],
                    notes="NetEase re-post with the last paragraph dropped"))
    s = by_id["s33"]
    out.append(dict(story="s33", fmt="frontmatter_md", title=s["title"], date="2021-11-16", source="上海宝山",
                    url="https://www.shbsq.gov.cn/shbsq/jzdt/20211116/412733.html", paras=list(s["paras"]),
                    notes="front-matter copy of the portal original"))
    s = by_id["s41"]
    out.append(dict(story="s41", fmt="gbk_html", title=s["title"], date="2020-09-14", source="浦东社区网转载",
                    paras=list(s["paras"][:-1]), enc="gbk", meta="gbk", site="浦东社区网",
                    notes="older GBK site excerpt: last paragraph dropped"))
    return out


def main():
    stories = STORIES_A + STORIES_B
    assert len(stories) == 64 and len({s["id"] for s in stories}) == 64
    by_id = {s["id"]: s for s in stories}
    # Seeded balanced draw: shuffle the 64 story ids with SEED, first 32 -> dev, rest -> test.
    # (A first per-story coin with the same seed gave 42/22; replaced by this balanced draw
    #  before any document was checked or used. See README.)
    order = sorted(s["id"] for s in stories)
    random.Random(SEED).shuffle(order)
    split_of = {sid: ("dev" if k < 32 else "test") for k, sid in enumerate(order)}
    rng = random.Random(SEED + 1)

    docs = []
    for i, s in enumerate(stories):
        docs.append(dict(story=s["id"], fmt=s["fmt"], title=s["title"], date=s["date"], source=s["source"],
                         paras=s["paras"], notes=s.get("notes", ""), original=True))
    for r in reposts(by_id):
        docs.append(r)

    for sp in ("dev", "test"):
        d = os.path.join(HERE, sp)
        if os.path.isdir(d):
            shutil.rmtree(d)
        os.makedirs(os.path.join(d, "docs"))
    labels = {"dev": [], "test": []}
    counters = {}
    for n, doc in enumerate(docs, 1):
        st = copy.deepcopy(by_id[doc["story"]])
        st["date"] = doc["date"] if not doc.get("original") else st["date"]
        doc.setdefault("variant", n % 3)
        doc.setdefault("sep", "_" if n % 2 else "-")
        x = st.get("extra", {})
        if doc["fmt"] == "wechat_md" and "wx" not in doc:
            doc["wx"] = dict(account=x["account"], reporter=x["reporter"], time=x.get("time"))
        if doc["fmt"] == "netease_html" and "time" not in doc:
            doc["time"] = x["time"]
        if doc["fmt"] == "frontmatter_md" and "url" not in doc and n % 3 != 0:
            doc["url"] = f"https://www.{DOMAIN[st['district']]}.gov.cn/xwzx/{(st['date'] or '').replace('-', '')}/{rng.randint(100000,999999)}.html" if st["date"] else None
        if doc["fmt"] == "gbk_html":
            if not doc.get("original"):
                st["extra"] = dict(enc=doc["enc"], meta=doc["meta"])
            doc["site"] = doc.get("site")
        fn, ext = RENDER[doc["fmt"]]
        text = fn(st, doc, rng)
        enc = st.get("extra", {}).get("enc", "utf-8") if doc["fmt"] == "gbk_html" else "utf-8"
        data = text.encode(enc)
        sp = split_of[doc["story"]]
        fname = f"docs/pa{n:03d}.{ext}"
        with open(os.path.join(HERE, sp, fname), "wb") as f:
            f.write(data)
        prec = None
        if st["date"]:
            prec = {10: "day", 7: "month", 4: "year"}[len(st["date"])]
        not_places = list(dict.fromkeys(st.get("not_places", []) + doc.get("chrome_places", [])))
        lab = dict(file=fname, format=doc["fmt"], encoding=enc, script="simplified", title=doc["title"],
                   published_date=st["date"], date_precision=prec, primary_district=st["district"],
                   places=st["places"], not_places=not_places, initiatives=st["inits"],
                   story=f"portal-a-{doc['story']}", twin_of=None, notes=doc.get("notes", ""))
        labels[sp].append(lab)
        counters[(sp, doc["fmt"])] = counters.get((sp, doc["fmt"]), 0) + 1
    for sp in labels:
        with open(os.path.join(HERE, sp, "labels.jsonl"), "w", encoding="utf-8") as f:
            for lab in labels[sp]:
                f.write(json.dumps(lab, ensure_ascii=False) + "\n")
    for k in sorted(counters):
        print(k, counters[k])
    print({sp: len(v) for sp, v in labels.items()},
          {sp: len({l['story'] for l in v}) for sp, v in labels.items()})


if __name__ == "__main__":
    main()
