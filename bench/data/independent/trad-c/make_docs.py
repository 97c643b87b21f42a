# -*- coding: utf-8 -*-
"""Generate set trad-c. Run with a Python that has `opencc` installed:
    python3 -m venv /tmp/occ && /tmp/occ/bin/pip install opencc
    /tmp/occ/bin/python make_docs.py
Writes dev/ and test/ (docs + labels.jsonl). Texts live in stories.py."""
import json, os, random, re, shutil, sys
import opencc
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stories import STORIES

HERE = os.path.dirname(os.path.abspath(__file__))
CONV = {k: opencc.OpenCC(k) for k in ("s2hk", "s2tw")}

# hand fixes after opencc (wrong one-to-many picks)
FIX = {
    "s2hk": [("發佈", "發布"), ("週五", "周五")],
    "s2tw": [("發佈", "發布"), ("臺賬", "台賬"), ("週五", "周五")],
}

def T(text, conv):
    out = CONV[conv].convert(text)
    for a, b in FIX[conv]:
        out = out.replace(a, b)
    return (out.replace("“", "「").replace("”", "」").replace("‘", "『").replace("’", "』"))

# judgement calls worth knowing when scoring (copied to both versions of a story)
HARD = {
 "s01": "“烟火气” in the headline is a figurative phrase, not an initiative; 外滩街道/南京东路街道 occur only in the 相关新闻 list (chrome)",
 "s02": "“本帮家常菜” is a dish category, not an initiative; 大场镇 occurs only inside the operator's name (…大场镇乐福为老服务社)",
 "s03": "“议事厅” in the headline is generic; the named venue is “梧桐议事厅”",
 "s04": "宝山路街道 belongs to 静安区 (not 宝山区); 宝山路 is also printed as a road; 彭浦镇/芷江西路街道 only in the 本版导读 list",
 "s05": "《长者智能手机使用手册》 is a document, not an initiative; 莘庄镇 only inside an organisation's name",
 "s09": "黄浦江 in the headline is the river, the district is 虹口区",
 "s11": "“小菜园”“小果园” are generic objects, not initiatives; 港西镇 only in the 本版导读 list",
 "s12": "金山卫镇 only inside an association's name; 枫泾古镇 is the old town inside 枫泾镇",
 "s13": "“量身定制” is a phrase, not an initiative",
 "s15": "“过客”“社区人” are figurative, not initiatives",
 "s16": "方松街道 only in the account's postal address",
 "s17": "黄浦江上游 is the river; district 闵行区",
 "s18": "“一站多能” is a working principle phrase, not labelled; 家门口 descriptive; 罗店镇 only in the 相关链接 list",
 "s19": "临汾路 in the body is a road; 临汾路街道/大宁路街道 only in the 本版导读 list",
 "s20": "虹桥路/虹桥国际机场/“虹桥之家” are not 虹桥街道 or 虹桥镇",
 "s21": "“睦邻公约” is an agreement document, not an initiative",
}

# ---- split: one seeded coin per story, drawn once, in story order ----
rng = random.Random(20240611)
SPLIT = {st["sid"]: ("dev" if rng.random() < 0.5 else "test") for st in STORIES}

# ---- file ids: shuffled numbers so names do not reveal twins ----
idrng = random.Random(4242)
nums = list(range(1, 2 * len(STORIES) + 1)); idrng.shuffle(nums)

EXT = {"portal_html": "html", "gbk_html": "html", "big5_html": "html", "wechat_md": "md",
       "frontmatter_md": "md", "portal_txt": "txt", "epaper_txt": "txt", "mirror_txt": "txt",
       "plain_txt": "txt", "mobile_txt": "txt", "forum_txt": "txt"}

def ymd(d):
    y, m, dd = d.split("-"); return int(y), int(m), int(dd)

def cn_date(d):
    y, m, dd = ymd(d); return f"{y}年{m}月{dd}日"

def clean_md(p):
    return p.replace("**", "")

# ================= simplified renderers =================
DIST_SHORT = lambda st: st["district"].replace("新区", "").replace("区", "")

def r_portal_html(st):
    h = st.get("htag", "h1")
    head = f'<{h} class="article-title">{st["title"]}</{h}>' if h != "div" else f'<div class="title">{st["title"]}</div>'
    sep = "_" if st["sid"] != "s17" else "-"
    rel = "\n".join(f'      <li><a href="/xwzx/{i}.html">{t}</a><span>{d}</span></li>' for i, (t, d) in enumerate(st.get("related", []), 1))
    body = "\n".join(f"      <p>{p}</p>" for p in st["paras"])
    y = ymd(st["date"])[0]
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{st["title"]}{sep}{st["site"]}</title>
<meta name="SiteName" content="{st["site"]}">
<meta name="ColumnName" content="街镇动态">
<link rel="stylesheet" href="/css/article.css">
</head>
<body>
<div class="top-bar"><a href="#">无障碍</a> | <a href="#">长者模式</a> | <a href="#">English</a> | <a href="#">登录</a></div>
<div class="header"><a href="/"><img src="/images/logo.png" alt="{st["site"]}"></a></div>
<ul class="nav">
  <li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/xwzx/">新闻中心</a></li>
  <li><a href="/zwfw/">政务服务</a></li><li><a href="/hdjl/">互动交流</a></li><li><a href="/zj/">走进{DIST_SHORT(st)}</a></li>
</ul>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/xwzx/">新闻中心</a> &gt; 街镇动态</div>
<div class="article">
  {head}
  <div class="info">发布时间：{st["date"]} {st["time"]}　来源：{st["source"]}　<span id="views">浏览次数：1286</span></div>
  <div class="content">
{body}
  </div>
  <div class="editor">责任编辑：{st["editor"]}</div>
  <div class="share">分享到：<a class="wx">微信</a><a class="wb">微博</a><a class="qz">QQ空间</a></div>
</div>
<div class="related">
  <h3>相关新闻</h3>
  <ul>
{rel}
  </ul>
</div>
<div class="footer">
  <p>主办：{st["gov"]}　版权所有</p>
  <p>沪ICP备12003746号-1　网站标识码：3100000011　沪公网安备 31010102002145号</p>
</div>
<script src="/js/share.js"></script>
</body>
</html>
"""

def r_gbk_html(st):
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={st["charset"]}">\n' if st["charset"] else ""
    body = "\n".join(f'<p>　　{p}</p>' for p in st["paras"])
    links = "".join(f'<tr><td class="link">·<a href="/news/{i}.htm">{t}</a></td></tr>\n' for i, t in enumerate(st.get("links", []), 801))
    return f"""<html>
<head>
{meta}<title>{st["title"]}-{st["site"]}</title>
<link href="/style/css.css" rel="stylesheet" type="text/css">
</head>
<body topmargin="0" leftmargin="0">
<table width="980" border="0" align="center" cellpadding="0" cellspacing="0">
<tr><td><img src="/images/top_banner.jpg" width="980" height="120"></td></tr>
<tr><td class="nav" height="32">&nbsp;首页 | 概况介绍 | 工作动态 | 政务公开 | 社区服务 | 党建园地 | 办事指南</td></tr>
<tr><td height="28">&nbsp;您现在的位置：首页 &gt;&gt; 工作动态 &gt;&gt; 正文</td></tr>
</table>
<table width="980" border="0" align="center" cellpadding="8" cellspacing="0" bgcolor="#FFFFFF">
<tr><td align="center" class="title"><font size="5" color="#B40000"><b>{st["title"]}</b></font></td></tr>
<tr><td align="center" class="gray">发布日期：{cn_date(st["date"])}　作者：{st["author"]}　来源：{st["source"]}　点击数：<span id="hits">537</span></td></tr>
<tr><td><hr size="1" color="#CCCCCC"></td></tr>
<tr><td class="content">
{body}
</td></tr>
<tr><td align="right">【<a href="javascript:window.print()">打印</a>】【<a href="javascript:window.close()">关闭</a>】</td></tr>
</table>
<table width="980" border="0" align="center" cellpadding="4" cellspacing="0">
<tr><td class="subtitle"><b>相关链接</b></td></tr>
{links}</table>
<table width="980" border="0" align="center"><tr><td align="center" class="foot">
版权所有：上海市{st["site"]}　技术支持：上海政通网络科技有限公司<br>沪ICP备05021833号
</td></tr></table>
</body>
</html>
"""

def r_wechat_md(st):
    body = "\n\n".join(st["paras"])
    contact = f"\n\n{st['contact']}" if st.get("contact") else ""
    return f"""扫描二维码 关注“{st["account"]}”

# {st["title"]}

原创 {st["account"]} {st["account"]} {st["date"]} 18:30

{st["byline"]}

{body}

来源：{st["source"]}
编辑：{st["editor"]}{contact}

点击阅读原文

分享 收藏 赞 在看
"""

def r_frontmatter_md(st):
    url = f'url: {st["url"]}\n' if st.get("url") else ""
    body = "\n\n".join(st["paras"])
    return f"""---
title: "{st["title"]}"
date: {st["date"]}
source: {st["source"]}
{url}---

{body}
"""

def r_portal_txt(st):
    body = "\n".join(st["paras"])
    return f"""无障碍 | 长者模式 | 登录
{st["site"]}
首页
政务公开
新闻中心
政务服务
互动交流
走进{DIST_SHORT(st)}
当前位置：首页 > 新闻中心 > 街镇动态
{st["title"]}
发布时间：{st["date"]} {st["time"]}　来源：{st["source"]}
字号：大 中 小
{body}
【打印本页】【关闭窗口】
主办：{st["gov"]}　版权所有
沪ICP备10211732号　网站标识码：3100000032
"""

def r_epaper_txt(st):
    y, m, d = ymd(st["date"])
    daodu = "\n".join("· " + t for t in [clean_md(st["title"])] + st["daodu"])
    body = "\n".join(st["paras"])
    return f"""{st["paper"]}
首页 | 往期回顾 | 版面导航
{y}年{m}月{d}日 {st["weekday"]} {st["issue"]}
{st["page"]}
上一版　下一版
本版导读
{daodu}

{st["title"]}
{st["byline"]}
发布日期：{st["date"]}
{body}
"""

def r_mirror_txt(st):
    body = "\n".join(st["paras"])
    return f"""{st["paper"]} > 上海 > 社区
{st["title"]}
{st["date"]} {st["time"]}　来源：{st["paper"]}
作者：{st["author"]}
{body}
责编：{st["editor"]}
"""

SIMP = dict(portal_html=r_portal_html, gbk_html=r_gbk_html, wechat_md=r_wechat_md, frontmatter_md=r_frontmatter_md,
            portal_txt=r_portal_txt, epaper_txt=r_epaper_txt, mirror_txt=r_mirror_txt)

# ================= traditional renderers =================
def src_name(st):
    return st.get("site") or st.get("account") or st.get("paper") or st.get("source")

SITES = {
 "dagong": dict(name="大公文匯網", lang="zh-HK", nav="首頁 | 香港 | 內地 | 兩岸 | 國際 | 財經 | 體育 | 文化", crumb="首頁 &gt; 內地 &gt; 社會",
    disclaimer="【免責聲明】本網站所刊登之轉載內容僅供參考，不代表本網立場。如涉及版權問題，請與本網聯繫。",
    hot=["港鐵新一批列車下月投入服務", "本港周末天氣炎熱 天文台提醒市民防暑"], foot="© 大公文匯傳媒集團 版權所有"),
 "hkcd": dict(name="香港商報網", lang="zh-HK", nav="首頁 | 港聞 | 中國 | 經濟 | 大灣區 | 國際 | 評論", crumb="首頁 &gt; 中國 &gt; 社會民生",
    disclaimer="免責聲明：本網轉載文章僅作信息傳遞之用，不代表本網觀點，如有侵權請聯繫刪除。",
    hot=["香港國際機場客運量持續回升", "特區政府推出新一輪社區活動資助計劃"], foot="香港商報 版權所有 不得轉載", prefix="【香港商報網訊】"),
 "dotdot": dict(name="點新聞", lang="zh-HK", nav="首頁 | 要聞 | 香港 | 內地 | 灣區 | 國際 | 視頻", crumb="首頁 &gt; 內地",
    disclaimer="免責聲明：本網部分內容轉載自其他媒體，目的在於傳遞更多信息，並不代表本網贊同其觀點。",
    hot=["灣區青年交流團啟程赴廣州", "本港多區舉辦中秋綵燈會"], foot="Copyright © 點新聞 dotdotnews.com 版權所有"),
 "orange": dict(name="橙新聞", lang="zh-HK", nav="首頁 | 港聞 | 內地 | 國際 | 財經 | 生活 | 娛樂", crumb="橙新聞 &gt; 內地 &gt; 社會",
    disclaimer="免責聲明：以上內容轉載自內地媒體，僅供參考。",
    hot=["旅發局公布新一年盛事日程", "市民排隊搶購月餅禮券"], foot="© 橙新聞 版權所有"),
 "chinatimes": dict(name="中時新聞網", lang="zh-TW", nav="首頁 | 即時 | 政治 | 生活 | 社會 | 兩岸 | 國際 | 財經", crumb="首頁 &gt; 兩岸 &gt; 大陸社會",
    disclaimer="", hot=["兩岸交流活動下月登場", "大陸暑期旅遊市場升溫"], foot="© 2023 China Times Group. All rights reserved."),
 "udn": dict(name="聯合新聞網", lang="zh-TW", nav="udn 首頁 | 即時 | 要聞 | 兩岸 | 全球 | 地方 | 生活", crumb="聯合新聞網 &gt; 兩岸 &gt; 大陸社會",
    disclaimer="", hot=["大陸春運首日客流統計出爐", "陸城市推出新一輪消費券"], foot="© 2023 聯合線上公司 版權所有"),
 "wantdaily": dict(name="旺報", lang="zh-TW", nav="首頁 | 兩岸要聞 | 大陸社會 | 兩岸商機 | 旺報言論 | 兩岸徵文", crumb="旺報 &gt; 大陸社會",
    disclaimer="", hot=["陸多地推動社區嵌入式養老", "大陸城市公園夜間開放受好評"], foot="旺報 版權所有 © 旺旺中時媒體集團"),
}

def tr_html(st, tr, title_t, paras_t):
    s = SITES[tr["site"]]
    conv = tr["conv"]
    meta = ""
    if tr.get("charset"):
        cs = {"portal_html": "utf-8"}.get(tr["fmt"], tr.get("_enc_decl", "big5"))
        meta = f'<meta charset="{cs}">\n' if tr["fmt"] == "portal_html" else f'<meta http-equiv="Content-Type" content="text/html; charset={cs}">\n'
    ps = list(paras_t)
    if s.get("prefix"):
        ps[0] = s["prefix"] + ps[0]
    body = ""
    if tr.get("note"):
        body += f'      <p class="editor-note"><b>{tr["note"]}</b></p>\n'
    body += "\n".join((f"      <p><strong>{clean_md(p)}</strong></p>" if p.startswith("**") else f"      <p>{p}</p>") for p in ps)
    if tr.get("note_end"):
        body += f'\n      <p class="editor-note">{tr["note_end"]}</p>'
    src = T(src_name(st), conv)
    if tr["site"] in ("chinatimes", "udn", "wantdaily"):
        info = f'<div class="meta-info"><span class="author">{tr["editor"]}／綜合報導</span> <time>{tr["date"]} {tr["time"]}</time></div>'
        edit = f'<p class="source">（資料來源：{src}）</p>'
        sep = " - 兩岸 - " if tr["site"] == "chinatimes" else " | "
    else:
        info = f'<div class="info"><span class="date">{tr["date"]} {tr["time"]}</span>　<span class="src">來源：{src}</span></div>'
        edit = f'<p class="editor">責任編輯：{tr["editor"]}</p>'
        sep = " - "
    disc = f'\n<div class="disclaimer">{s["disclaimer"]}</div>' if s["disclaimer"] else ""
    hot = "\n".join(f'    <li><a href="#">{h}</a></li>' for h in s["hot"])
    foot = s["foot"] if tr["fmt"] == "portal_html" else s["foot"].replace("©", "Copyright")
    return f"""<!DOCTYPE html>
<html lang="{s["lang"]}">
<head>
{meta}<title>{title_t}{sep}{s["name"]}</title>
<link rel="stylesheet" href="/static/css/main.css">
<script>window.dataLayer = window.dataLayer || [];</script>
</head>
<body>
<header><div class="logo">{s["name"]}</div>
<nav>{s["nav"]}</nav></header>
<div class="breadcrumb">{s["crumb"]}</div>
<article>
  <h1>{title_t}</h1>
  {info}
  <div class="article-body">
{body}
  </div>
  {edit}
</article>{disc}
<aside class="hot"><h3>熱門新聞</h3>
  <ul>
{hot}
  </ul>
</aside>
<footer>{foot}</footer>
</body>
</html>
"""

def tr_txt(st, tr, title_t, paras_t):
    site = tr["site"]
    ps = [clean_md(p) for p in paras_t]
    body = "\n".join(ps)
    if site == "plain_hk":
        note = tr["note"] + "\n" if tr.get("note") else ""
        return f"{title_t}\n{tr['date']}　來源：{tr['source_t']}\n\n{note}{body}\n\n責任編輯：{tr['editor']}\n"
    if site == "plain_nohead":
        return f"{tr['caption']}\n\n【本網訊】{body}\n\n來源：{T(st['paper'], tr['conv'])}\n責任編輯：{tr['editor']}　{tr['date']}\n"
    if site == "udn_m":
        return f"{title_t}\n聯合新聞網／綜合報導　{tr['date']} {tr['time']}\n\n{body}\n\n打開APP閱讀全文\n"
    if site == "ct_m":
        return f"{title_t}\n中時新聞網　{tr['date']} {tr['time']}\n\n{body}\n\n（資料來源：{T(st['source'], tr['conv'])}）\n打開APP閱讀全文　延伸閱讀\n"
    if site == "forum":
        return f"""背包客棧 › 中國大陸 › 上海
{title_t}
回覆：3　瀏覽：412
樓主　阿哲愛旅行　發表於 {tr['date']} {tr['time']}
最近在研究上海周邊的古鎮行程，看到這篇報導覺得蠻有意思，轉貼給大家參考：

{body}

（轉自「{T(st['account'], tr['conv'])}」公眾號）
----------
簽名檔：世界那麼大，慢慢走。

2樓　小米粥　發表於 2022-9-26 08:02
去年去過朱家角古鎮，沒想到附近的村子也這麼漂亮，下次要去看看。

3樓　Kevin_Lin　發表於 2022-9-26 12:47
推一個，水鄉的咖啡館感覺很有氣氛。
"""
    raise ValueError(site)

# ================= build =================
def date_label(s):
    m = re.match(r"(\d{4})[-/年](\d{1,2})[-/月](\d{1,2})", s)
    return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"

def present(label, text, conv=None):
    if conv is None:
        return label in text
    return T(label, conv) in text or label in text

def main():
    for sp in ("dev", "test"):
        d = os.path.join(HERE, sp)
        if os.path.isdir(d):
            shutil.rmtree(d)
        os.makedirs(os.path.join(d, "docs"))
    labels = {"dev": [], "test": []}
    k = 0
    for st in STORIES:
        sp = SPLIT[st["sid"]]
        story = f"trad-c-{st['sid']}"
        # ---- original ----
        text = SIMP[st["fmt"]](st)
        enc = st.get("enc", "utf-8")
        fn = f"docs/tc{nums[k]:02d}.{EXT[st['fmt']]}"; k += 1
        with open(os.path.join(HERE, sp, fn), "wb") as f:
            f.write(text.encode(enc))
        np_o = [p for p in st.get("not_places", []) if p in text]
        assert np_o == st.get("not_places", []), (st["sid"], np_o)
        for x in st["places"] + st["inits"]:
            assert x in text, (st["sid"], x)
        labels[sp].append(dict(file=fn, format=st["fmt"], encoding=enc, script="simplified", title=clean_md(st["title"]),
            published_date=st["date"], date_precision="day", primary_district=st["district"], places=st["places"],
            not_places=np_o, initiatives=st["inits"], story=story, twin_of=None,
            notes=HARD.get(st["sid"], "")))
        orig_file = fn
        # ---- traditional ----
        tr = st["trad"]; conv = tr["conv"]
        keep = tr.get("keep")
        src_paras = st["paras"] if keep is None else [st["paras"][i] for i in keep]
        paras_t = [T(p, conv) for p in src_paras]
        title_t = T(tr.get("title_s") or st["title"], conv)
        if tr["fmt"] == "big5_html":
            # HK variant forms outside Big5/HKSCS -> the Big5 standard form (as a Big5 site prints them)
            for a, b in (("説", "說"),):
                paras_t = [p.replace(a, b) for p in paras_t]; title_t = title_t.replace(a, b)
        if tr["fmt"] in ("portal_html", "big5_html"):
            if tr["fmt"] == "big5_html":
                # pick big5 if every character fits, else big5hkscs
                probe = tr_html(st, tr, title_t, paras_t)
                try:
                    probe.encode("big5"); tenc = "big5"
                except UnicodeEncodeError:
                    tenc = "big5hkscs"
                tr["_enc_decl"] = "big5" if tenc == "big5" else "big5-hkscs"
            else:
                tenc = "utf-8"
            ttext = tr_html(st, tr, title_t, paras_t)
        else:
            tenc = "utf-8"
            ttext = tr_txt(st, tr, title_t, paras_t)
        tfn = f"docs/tc{nums[k]:02d}.{EXT[tr['fmt']]}"; k += 1
        with open(os.path.join(HERE, sp, tfn), "wb") as f:
            f.write(ttext.encode(tenc))
        dropped = []
        def keepif(lst):
            out = []
            for x in lst:
                if present(x, ttext, conv): out.append(x)
                else: dropped.append(x)
            return out
        t_places = keepif(st["places"]); t_np = keepif(np_o); t_init = keepif(st["inits"])
        if dropped:
            print(f"{st['sid']} trad drops: {dropped}")
        has_title = tr["site"] != "plain_nohead"
        notes = "traditional re-post (" + conv + "): " + tr["variant"]
        if st["sid"] == "s10":
            notes += "; date is the opening post's 發表於 line (replies are later)"
        if st["sid"] == "s11":
            notes += "; no headline, starts with a photo caption; date is the re-post line at the end"
        if HARD.get(st["sid"]):
            notes += "; " + HARD[st["sid"]] + " (where still printed)"
        if tr["fmt"] == "portal_html":
            notes += "; HK/TW news-site HTML in UTF-8 (no Big5 original), labelled portal_html"
        if tr["fmt"] in ("portal_html", "big5_html") and not tr.get("charset"):
            notes += "; no charset declared"
        labels[sp].append(dict(file=tfn, format=tr["fmt"], encoding=tenc, script="traditional",
            title=clean_md(title_t) if has_title else None,
            published_date=date_label(tr["date"]), date_precision="day", primary_district=st["district"],
            places=t_places, not_places=t_np, initiatives=t_init, story=story, twin_of=orig_file, notes=notes))
    for sp in ("dev", "test"):
        with open(os.path.join(HERE, sp, "labels.jsonl"), "w", encoding="utf-8") as f:
            for row in sorted(labels[sp], key=lambda r: r["file"]):
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(sp, len(labels[sp]), "docs")

if __name__ == "__main__":
    main()
