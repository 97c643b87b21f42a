"""Render a page (headline, meta, paragraphs) into the document formats of docs/EVAL_DATA.md.

All chrome is fictional. ``Site`` objects hold the chrome of one site; pages of one site share it
byte for byte when ``heavy`` (set f)."""
import html
import zlib

from .hant import to_traditional

FORMATS = ["portal_html", "gbk_html", "big5_html", "snapshot_html", "wechat_md", "frontmatter_md",
           "frontmatter_html", "epaper_txt", "portal_txt", "mirror_txt", "netease_txt",
           "mobile_txt", "forum_txt", "plain_txt"]
SIMPLIFIED_FORMATS = [f for f in FORMATS if f != "big5_html"]
EXT = {"portal_html": "html", "gbk_html": "htm", "big5_html": "html", "snapshot_html": "html",
       "wechat_md": "md", "frontmatter_md": "md", "frontmatter_html": "html", "netease_html": "html"}

MENU = ["首页", "新闻中心", "政务公开", "区情概况", "街镇动态", "便民服务", "互动交流", "专题专栏", "视频",
        "图片新闻", "通知公告", "民生实事", "办事指南", "政策解读", "数据发布", "人事信息", "公共服务",
        "营商环境", "文化旅游", "教育卫生", "社会保障", "城市管理", "生态环境", "应急管理", "信息公开指南",
        "依申请公开", "领导信箱", "网上调查", "在线访谈", "征集意见", "新闻发布会", "媒体聚焦", "部门动态",
        "社区风采", "志愿服务", "文明创建", "党建引领", "美丽家园", "乡村振兴", "无障碍浏览"]
LINKS = ["中国政府网", "上海市人民政府", "上海市民政局", "上海市住房和城乡建设管理委员会", "上海市卫生健康委员会",
         "上海市生态环境局", "上海市绿化和市容管理局", "上海市文化和旅游局", "上海市教育委员会",
         "上海市人力资源和社会保障局", "上海发布", "随申办", "上海志愿者网", "上海市妇女联合会"]


class Site:
    def __init__(self, rng, district, dshort, pinyin, kind="portal", heavy=False, related=None):
        self.district, self.dshort = district, dshort
        self.kind = kind
        self.heavy = heavy
        slug = "".join(c for c in pinyin.lower() if c.isalpha())
        self.name = rng.choice(["%s门户网站" % district, "%s新闻网" % dshort, "上海%s" % dshort,
                                "%s融媒" % dshort, "%s社区报" % dshort])
        self.domain = "www.%s-%s.example.cn" % (slug, rng.choice(["news", "gov", "rm", "sq"]))
        self.icp = "沪ICP备%08d号-%d" % (rng.randint(10 ** 6, 10 ** 8 - 1), rng.randint(1, 4))
        self.tel = "021-%d" % rng.randint(50000000, 69999999)
        self.addr = "上海市%s%s路%d号" % (district, rng.choice(["建设", "人民", "文化", "新华", "民主", "复兴"]),
                                        rng.randint(1, 999))
        self.menu = rng.sample(MENU, 40 if heavy else 9)
        self.column = rng.choice(["街镇动态", "社区新闻", "民生实事", "社区风采", "基层动态"])
        self.sep = rng.choice(["_", "-", " - ", "_"])
        self.related = list(related or [])
        self.hot = [f"{rng.choice(LINKS)}发布{rng.randint(2019, 2024)}年工作要点" for _ in range(10)] if heavy else []
        self.links = rng.sample(LINKS, 12) if heavy else []
        self.account = rng.choice(["%s发布" % dshort, "%s社区" % dshort, "上海%s" % dshort, "%s融媒" % dshort])
        self.paper = rng.choice(["%s报" % dshort, "%s时报" % dshort, "%s社区报" % dshort])
        self.seed = rng.randint(0, 10 ** 9)


class Page:
    def __init__(self, title, paragraphs, pub, source, author, editor, site, note=None,
                 caption=None, related=None, time=None, byline_only=False, url=None):
        self.title = title
        self.paragraphs = paragraphs
        self.pub = pub
        self.source = source
        self.author = author
        self.editor = editor
        self.site = site
        self.note = note
        self.caption = caption
        self.related = related or []
        h = zlib.crc32((title or source or "").encode("utf-8"))
        self.time = time or "%02d:%02d" % (8 + h % 11, (h >> 8) % 60)
        self.url = url


def _esc(s):
    return html.escape(s, quote=False)


def _body_lines(p):
    out = []
    if p.note:
        out.append(p.note)
    if p.caption:
        out.append(p.caption)
    out.extend(p.paragraphs)
    return out


def _related_html(items, heavy):
    lis = "".join('<li><a href="/news/%d.html" target="_blank">%s</a><span>%s</span></li>\n' %
                  (1000 + i, _esc(t), d) for i, (t, d) in enumerate(items))
    return '<div class="xgxw"><h3>相关新闻</h3><ul>\n%s</ul></div>\n' % lis


def _heavy_html(site):
    menu = "".join('<li class="nav-item"><a href="/col/col%d/index.html">%s</a>'
                   '<ul class="sub">%s</ul></li>\n' %
                   (i, m, "".join('<li><a href="/col/col%d%d/">%s</a></li>' % (i, j, n)
                                  for j, n in enumerate(site.menu[(i + 1) % 40:(i + 1) % 40 + 4])))
                   for i, m in enumerate(site.menu))
    hot = "".join('<li><em>%d</em><a href="/hot/%d.html">%s</a></li>' % (i + 1, i, _esc(h))
                  for i, h in enumerate(site.hot))
    links = "".join('<option value="%d">%s</option>' % (i, l) for i, l in enumerate(site.links))
    return menu, hot, links


def portal_html(p, rng):
    s = p.site
    tag = rng.choice(["h1", "h2", "div class=\"title\""])
    ctag = tag.split()[0]
    paras = "\n".join("<p style=\"text-indent:2em;\">%s</p>" % _esc(x) for x in _body_lines(p))
    rel = [(t, d) for t, d in (s.related if s.heavy else p.related)]
    parts = ['<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n',
             '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
             '<title>%s%s%s</title>\n' % (_esc(p.title or s.name), s.sep, s.name),
             '<meta name="keywords" content="%s,%s,社区">\n' % (s.district, s.column),
             '<link rel="stylesheet" href="/css/common.css?v=%d">\n' % s.seed,
             '<script src="/js/jquery.min.js"></script>\n<script>var _hmt = _hmt || [];</script>\n</head>\n<body>\n',
             '<div class="top-bar"><a href="#">无障碍</a> | <a href="#">长者模式</a> | <a href="/login">登录</a></div>\n',
             '<div class="header"><img src="/img/logo.png" alt="%s"></div>\n' % s.name]
    if s.heavy:
        menu, hot, links = _heavy_html(s)
        parts.append('<div class="nav"><ul>\n%s</ul></div>\n' % menu)
    else:
        parts.append('<div class="nav"><ul>%s</ul></div>\n' % "".join('<li><a href="#">%s</a></li>' % m for m in s.menu))
    parts.append('<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/news/">新闻中心</a> &gt; '
                 '<a href="/news/jz/">%s</a></div>\n' % s.column)
    parts.append('<div class="main"><div class="article">\n')
    if p.title:
        parts.append('<%s>%s</%s>\n' % (tag, _esc(p.title), ctag))
    parts.append('<div class="info">发布时间：%s %s　来源：%s　<span class="fontsize">字号：[大 中 小]</span></div>\n'
                 % (p.pub.isoformat(), p.time, _esc(p.source)))
    parts.append('<div class="content" id="zoom">\n%s\n</div>\n' % paras)
    parts.append('<div class="editor">责任编辑：%s</div>\n' % p.editor)
    parts.append('<div class="share">分享到：<a class="wx">微信</a><a class="wb">微博</a><a class="qq">QQ空间</a></div>\n')
    parts.append('</div>\n')
    if rel:
        parts.append(_related_html(rel, s.heavy))
    if s.heavy:
        parts.append('<div class="side"><h3>热点排行</h3><ol>%s</ol></div>\n' % hot)
        parts.append('<div class="links">友情链接：<select>%s</select></div>\n' % links)
    parts.append('</div>\n<div class="footer">\n<p>主办：%s人民政府办公室　承办：%s融媒体中心</p>\n' % (s.district, s.dshort))
    parts.append('<p>版权所有 © %s　%s　网站标识码31011%04d</p>\n<p>地址：%s　联系电话：%s</p>\n'
                 % (s.name, s.icp, s.seed % 10000, s.addr, s.tel))
    if s.heavy:
        parts.append('<p>网站声明：本网站所刊登的各种新闻、信息和各种专题专栏资料，均为%s版权所有，未经协议授权，'
                     '禁止下载使用。凡注明“来源：%s”的所有作品，转载时须注明出处。本网站部分内容来源于网络，'
                     '如有侵权请联系删除。建议使用1366×768以上分辨率浏览本网站。</p>\n' % (s.name, s.name))
    parts.append('</div>\n<script>document.getElementById("zoom").style.fontSize="16px";</script>\n</body>\n</html>\n')
    return "".join(parts)


def gbk_html(p, rng):
    s = p.site
    meta = rng.choice(['<meta http-equiv="Content-Type" content="text/html; charset=gb2312">\n',
                       '<meta http-equiv="Content-Type" content="text/html; charset=gbk">\n',
                       '<META http-equiv=Content-Type content="text/html; charset=GB18030">\n', ""])
    rows = "\n".join('<tr><td class="content" style="font-size:14px;line-height:28px">　　%s</td></tr>' % _esc(x)
                     for x in _body_lines(p))
    rel = "".join('<tr><td>·<a href="/%d.htm">%s</a>（%s）</td></tr>' % (i, _esc(t), d)
                  for i, (t, d) in enumerate(p.related))
    title = '<tr><td align="center" class="bt"><font size="5"><b>%s</b></font></td></tr>\n' % _esc(p.title) if p.title else ""
    return ('<html>\n<head>\n%s<title>%s</title>\n<link href="style.css" rel="stylesheet" type="text/css">\n</head>\n'
            '<body leftmargin="0" topmargin="0">\n<table width="980" border="0" align="center" cellpadding="0" cellspacing="0">\n'
            '<tr><td><img src="images/top.jpg" width="980" height="120"></td></tr>\n'
            '<tr><td class="menu">%s</td></tr>\n'
            '<tr><td>您现在的位置：<a href="/">首页</a> &gt;&gt; %s &gt;&gt; 正文</td></tr>\n</table>\n'
            '<table width="980" border="0" align="center">\n%s'
            '<tr><td align="center">发布日期：%s　来源：%s　作者：%s　点击数：%d</td></tr>\n%s\n'
            '<tr><td align="right">（责任编辑：%s）</td></tr>\n</table>\n'
            '<table width="980" align="center"><tr><td><b>相关文章</b></td></tr>%s</table>\n'
            '<table width="980" align="center"><tr><td align="center">版权所有：%s　%s<br>地址：%s　电话：%s</td></tr></table>\n'
            '</body>\n</html>\n') % (meta, _esc(p.title or s.name), " | ".join(s.menu), s.column, title,
                                     p.pub.isoformat(), _esc(p.source), p.author, rng.randint(30, 9000), rows,
                                     p.editor, rel, s.name, s.icp, s.addr, s.tel)


def big5_html(p, rng):
    """Hong Kong / Taiwan re-post; the caller converts the whole text to traditional."""
    meta = rng.choice(['<meta charset="big5">\n', '<meta http-equiv="Content-Type" content="text/html; charset=big5">\n', ""])
    paras = "\n".join("<p>%s</p>" % _esc(x) for x in _body_lines(p))
    rel = "".join('<li><a href="/news/%d">%s</a></li>' % (i, _esc(t)) for i, (t, d) in enumerate(p.related))
    title = "<h1>%s</h1>\n" % _esc(p.title) if p.title else ""
    return ('<!DOCTYPE html>\n<html>\n<head>\n%s<title>%s | 滬港社區資訊</title>\n</head>\n<body>\n'
            '<div id="nav"><a href="/">主頁</a> | <a href="/sh">上海</a> | <a href="/community">社區</a> | <a href="/about">關於我們</a></div>\n'
            '<div id="article">\n%s<p class="meta">%s %s　轉載自：%s</p>\n%s\n</div>\n'
            '<div id="more"><h3>延伸閱讀</h3><ul>%s</ul></div>\n'
            '<div id="foot">© %d 滬港社區資訊 版權所有 不得轉載</div>\n</body>\n</html>\n') % (
        meta, _esc(p.title or ""), title, p.pub.isoformat(), p.time, _esc(p.source), paras, rel, p.pub.year)


def snapshot_html(p, rng):
    s = p.site
    paras = "\n".join("<p><span>%s</span></p>" % _esc(x) for x in _body_lines(p))
    title = '<div class="article-title">%s</div>\n' % _esc(p.title) if p.title else ""
    return ('<head><meta charset="utf-8"><title>%s%s%s</title>\n'
            '<script>window.__INITIAL_STATE__={"page":"detail","id":%d};</script>\n'
            '<style>.article-title{font-size:24px}.nav li{float:left}</style>\n'
            '<!-- saved from url=(0064)https://%s/news/%d.html -->\n'
            '<script async src="/analytics.js"></script></head>\n'
            '<body class="detail"><noscript>您的浏览器不支持JavaScript，请开启后浏览。</noscript>\n'
            '<div class="nav"><ul>%s</ul></div>\n'
            '<div class="wrap">%s<div class="meta">%s %s 来源：%s</div>\n'
            '<div class="article-content">\n%s\n</div><!-- /article-content -->\n'
            '<div class="editor">【责任编辑：%s】</div></div>\n'
            '<div class="foot">%s %s</div><script>initShare();</script></body>\n') % (
        _esc(p.title or s.name), s.sep, s.name, s.seed, s.domain, s.seed, "".join("<li>%s</li>" % m for m in s.menu),
        title, p.pub.isoformat(), p.time, _esc(p.source), paras, p.editor, s.name, s.icp)


def wechat_md(p, rng):
    s = p.site
    lines = ["扫描二维码 关注“%s”" % s.account, ""]
    if p.title:
        lines += ["# %s" % p.title, ""]
    lines += ["原创 %s %s" % (s.account, p.pub.isoformat()), "", "□记者 %s" % p.author, ""]
    for i, x in enumerate(_body_lines(p)):
        if i == 2 and rng.random() < 0.5:
            lines += ["**%s**" % rng.choice(["家门口的变化", "居民有话说", "下一步怎么做", "暖心服务在身边"]), ""]
        lines += [x, ""]
    lines += ["来源：%s" % p.source, "编辑：%s" % p.editor, "", "点击阅读原文", "", "分享 | 点赞 | 在看"]
    return "\n".join(lines) + "\n"


def _front(p, rng):
    fm = ["---"]
    fm.append('title: "%s"' % (p.title or "").replace('"', '\\"') if p.title else "title: null")
    fm.append("date: %s" % p.pub.isoformat())
    fm.append("source: %s" % p.source)
    if p.url or rng.random() < 0.6:
        fm.append("url: %s" % (p.url or "https://%s/news/%d.html" % (p.site.domain, p.site.seed % 100000)))
    fm.append("---")
    return "\n".join(fm) + "\n\n"


def frontmatter_md(p, rng):
    head = "# %s\n\n" % p.title if p.title and rng.random() < 0.7 else ""
    return _front(p, rng) + head + "\n\n".join(_body_lines(p)) + "\n"


def frontmatter_html(p, rng):
    return _front(p, rng) + "<article>\n" + ("<h1>%s</h1>\n" % _esc(p.title) if p.title else "") + \
        "\n".join("<p>%s</p>" % _esc(x) for x in _body_lines(p)) + "\n</article>\n"


_WEEK = "一二三四五六日"


def epaper_txt(p, rng):
    s = p.site
    d = p.pub
    lines = [s.paper, "首页 | 往期回顾 | 版面导航", "",
             "第%d期　%d年%d月%d日　星期%s" % (rng.randint(100, 2400), d.year, d.month, d.day, _WEEK[d.weekday()]),
             "第A%d版：社区" % rng.randint(2, 8), ""]
    if p.title:
        lines.append(p.title)
    lines += ["发布日期：%s" % d.isoformat(), ""]
    lines += _body_lines(p)
    lines += ["", "上一篇　下一篇　返回目录", "%s 版权所有" % s.paper]
    return "\n".join(lines) + "\n"


def portal_txt(p, rng):
    s = p.site
    lines = ["无障碍 | 长者模式 | 登录"] + list(s.menu) + ["当前位置：首页 > 新闻中心 > %s" % s.column, ""]
    if p.title:
        lines.append(p.title)
    lines += ["发布时间：%s %s 来源：%s" % (p.pub.isoformat(), p.time, p.source), ""]
    lines += _body_lines(p)
    lines += ["", "责任编辑：%s" % p.editor, "分享到："]
    if s.heavy:
        lines += ["相关新闻"] + ["%s %s" % (t, d) for t, d in s.related]
        lines += ["热点排行"] + list(s.hot) + ["友情链接"] + list(s.links)
    elif p.related:
        lines += ["相关新闻"] + ["%s　%s" % (t, d) for t, d in p.related]
    lines += ["主办：%s人民政府办公室" % s.district, "版权所有 %s %s" % (s.name, s.icp), "地址：%s 电话：%s" % (s.addr, s.tel)]
    return "\n".join(lines) + "\n"


def mirror_txt(p, rng):
    lines = []
    if p.title:
        lines += [p.title, ""]
    lines += ["%s %s" % (p.pub.isoformat(), p.time), "来源：%s" % p.source, "作者：%s" % p.author, ""]
    lines += _body_lines(p)
    lines += ["", "责编：%s" % p.editor]
    return "\n".join(lines) + "\n"


def netease_txt(p, rng):
    s = p.site
    lines = ["网易号 %s" % s.account, ""]
    if p.title:
        lines.append(p.title)
    lines += ["%s %s 上海" % (p.pub.isoformat(), p.time), "", "本文来自%s" % s.account, ""]
    lines += _body_lines(p)
    lines += ["", "特别声明：以上内容(如有图片或视频亦包括在内)为自媒体平台“网易号”用户上传并发布，本平台仅提供信息存储服务。", ""]
    if p.related:
        lines += ["相关推荐"] + ["%s %s" % (t, d) for t, d in p.related]
    return "\n".join(lines) + "\n"


def mobile_txt(p, rng):
    lines = []
    if p.title:
        lines.append(p.title)
    lines += ["%s %s" % (p.source, p.pub.isoformat()), ""]
    lines += _body_lines(p)
    lines += ["", "打开APP阅读全文"]
    return "\n".join(lines) + "\n"


def forum_txt(p, rng):
    d = p.pub
    lines = ["上海社区论坛 › 邻里生活 › %s" % p.site.district, ""]
    if p.title:
        lines += ["[转帖] %s" % p.title, ""]
    lines += ["查看: %d | 回复: %d" % (rng.randint(50, 9999), rng.randint(0, 40)), "",
              "楼主 %s 发表于 %d-%d-%d %d:%02d" % (rng.choice(["阿拉上海人", "弄堂口", "梧桐树下", "老城厢"]),
                                             d.year, d.month, d.day, rng.randint(7, 22), rng.randint(0, 59)), ""]
    lines += _body_lines(p)
    lines += ["", "----", "生活就是一地鸡毛，也要过得热气腾腾。", "",
              "沙发 %s 发表于 %d-%d-%d" % (rng.choice(["路过", "小陈", "jj2019"]), d.year, d.month, d.day),
              rng.choice(["好事情，点赞！", "我们小区什么时候也能有？", "顶一下"])]
    return "\n".join(lines) + "\n"


def plain_txt(p, rng):
    lines = []
    if p.title:
        lines += [p.title, ""]
    if rng.random() < 0.6:
        lines += ["（%d年%d月%d日）" % (p.pub.year, p.pub.month, p.pub.day), ""]
    lines += _body_lines(p)
    return "\n\n".join(x for x in lines if x) + "\n"


RENDER = {f: globals()[f] for f in FORMATS}


def encoding_for(fmt, rng):
    if fmt == "gbk_html":
        return rng.choice(["gbk", "gb18030"])
    if fmt == "big5_html":
        return rng.choice(["big5", "big5hkscs"])
    return "utf-8"


def render(fmt, page, rng, encoding=None, traditional=False):
    """Return (bytes, encoding, ext, text)."""
    text = RENDER[fmt](page, rng)
    if fmt == "big5_html" or traditional:
        text = to_traditional(text, quotes=(fmt == "big5_html"))
    enc = encoding or encoding_for(fmt, rng)
    if enc.startswith("big5"):
        data = text.encode(enc, errors="xmlcharrefreplace")
    else:
        data = text.encode(enc)
    ext = EXT.get(fmt, "txt")
    return data, enc, ext, text
