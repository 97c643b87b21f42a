# -*- coding: utf-8 -*-
"""Generate the pages_eval extraction set (50 fictional Chinese news pages + labels).

Run:  python3 make_docs.py      (deterministic; rewrites dev/ and test/)
Texts live in stories.py / pools.py; this file holds the site layouts.
"""
import datetime
import json
import os
import random
import re
import shutil
import string

from stories import STORIES
from pools import RELATED, BLURBS, COMMENTS

HERE = os.path.dirname(os.path.abspath(__file__))
SPLIT_SEED = 20240611   # coin for dev/test, one flip per page, in page-id order
ID_SEED = 7             # shuffle of story order -> page ids


def esc(s):
    return s.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')


WEEK = '一二三四五六日'


class Page:
    def __init__(self, st, rng):
        self.st = st
        self.rng = rng
        self.chrome = {}
        d = st['d']
        self.day = isinstance(d, str)
        if self.day:
            date, tm = d.split()
            self.Y, self.M, self.D = date.split('-')
            self.hm = tm
            self.date = date
        else:
            self.date = None

    def c(self, cat, text):
        """register a chrome text node (must be a literal text node in the page)"""
        self.chrome.setdefault(cat, []).append(text)
        return esc(text)

    # date renderings
    def cn(self, zero=True):
        if zero:
            return '%s年%s月%s日' % (self.Y, self.M, self.D)
        return '%s年%d月%d日' % (self.Y, int(self.M), int(self.D))

    def weekday(self):
        return '星期' + WEEK[datetime.date(int(self.Y), int(self.M), int(self.D)).weekday()]

    def related(self, n, fmt='dash', cat='related', exclude=()):
        items = self.rng.sample([r for r in RELATED if r[0] not in exclude], n)
        out = []
        for h, dt in items:
            y, m, d = dt.split('-')
            if fmt == 'dash':
                ds = dt
            elif fmt == 'md':
                ds = '%s-%s' % (m, d)
            elif fmt == 'cn':
                ds = '%s年%s月%s日' % (y, m, d)
            elif fmt == 'paren':
                ds = '(%s/%s)' % (m, d)
            else:
                ds = ''
            out.append((self.c(cat, h), ds))
        return out

    def blurbs(self, n):
        return [self.c('blurb', b) for b in self.rng.sample(BLURBS, n)]

    def comments(self, n, dated=True):
        out = []
        for name, txt in self.rng.sample(COMMENTS, n):
            y = int(self.Y) if self.day else 2023
            base = datetime.date(y, int(self.M) if self.day else 5, int(self.D) if self.day else 10)
            dt = base + datetime.timedelta(days=self.rng.randint(0, 3))
            out.append((esc(name), self.c('comments', txt), dt.isoformat() + ' %02d:%02d' % (self.rng.randint(7, 23), self.rng.randint(0, 59))))
        return out


def paras(ps, indent=False, cls=None, wx=False):
    out = []
    for p in ps:
        if wx:
            out.append('<p style="margin-bottom:16px;line-height:1.75em;"><span style="font-size:15px;letter-spacing:1px;">%s</span></p>' % esc(p))
        else:
            a = ' class="%s"' % cls if cls else ''
            out.append('<p%s>%s%s</p>' % (a, '\u3000\u3000' if indent else '', esc(p)))
    return out


def insert_after(lst, idx, html):
    lst = list(lst)
    lst.insert(idx, html)
    return lst


# ====================================================================== national portal
def r_nat(st, pg):
    t = st['t']
    title = st.get('tt') or (t + '-华夏资讯网')
    k = st['k']
    head = ['<meta charset="utf-8">', '<meta http-equiv="X-UA-Compatible" content="IE=edge">',
            '<title>%s</title>' % esc(title),
            '<meta name="keywords" content="上海,社区,民生">',
            '<meta name="description" content="%s">' % esc(st['ps'][0][:60])]
    if pg.day:
        head.append('<meta name="publishdate" content="%s">' % pg.date)
    head += ['<meta name="source" content="华夏资讯网">',
             '<link rel="stylesheet" href="https://static.hxzx.cn/css/2019/content.css">',
             '<script src="https://static.hxzx.cn/js/lib/jquery-1.12.4.min.js"></script>']
    b = []
    b.append('<div class="topbar"><div class="w1000"><a href="/">%s</a><span>|</span><a href="/app/">客户端</a><a href="/en/">English</a><a href="/big5/">繁體</a><span class="login"><a>登录</a> <a>注册</a></span></div></div>' % pg.c('nav', '华夏资讯网首页'))
    nav = ['首页', '时政', '国际', '财经', '地方', '社会', '文娱', '体育', '视频', '图片', '专题']
    b.append('<div class="header"><div class="logo"><a href="/"><img src="/images/logo.png" alt="华夏资讯网"></a></div><ul class="nav">%s</ul></div>' % ''.join('<li><a href="#">%s</a></li>' % n for n in nav))
    b.append('<div class="crumb">%s<a href="/">首页</a> → <a href="/df/">地方</a> → 正文</div>' % pg.c('crumb', '您当前的位置：'))
    b.append('<div class="content w1000"><div class="col-left">')
    b.append('<h1>%s</h1>' % esc(t))
    info = ''
    if pg.day:
        info = '%s %s' % (pg.cn(), pg.hm)
    b.append('<div class="left-t" style="display:block">%s\u3000来源：华夏资讯网</div>' % info)
    body = []
    if 'interact' in st.get('inl', []):
        body.append('<div class="pl-top"><a href="#comment">%s</a>（36）</div>' % pg.c('inline', '参与互动'))
    ps = paras(st['ps'], indent=True)
    if 'ad' in st.get('inl', []):
        ad = pg.c('inline', '【推广】夏日清凉季 精选空调限时直降 点击了解详情')
        ps = insert_after(ps, 2, '<div class="adInContent" style="position:relative"><a href="https://ad.hxzx.cn/c?id=20931" target="_blank">%s</a><span class="ad-close">×</span></div>' % ad)
    body += ps
    if k == 'trailing_boilerplate':
        body.append('<p><strong>%s</strong></p>' % pg.c('trailing', '推荐阅读：'))
        for h, ds in pg.related(3, fmt='none', cat='trailing'):
            body.append('<p><a href="#">%s</a></p>' % h)
        body.append('<div class="app-promo"><p>%s</p><p>%s</p><ul><li>%s</li><li>%s</li></ul><p>%s</p></div>' % (
            pg.c('trailing', '下载华夏资讯客户端'), pg.c('trailing', '重点推荐'),
            pg.c('trailing', '上海多区上新“家门口”养老服务点'), pg.c('trailing', '长三角铁路迎来暑运客流高峰'),
            pg.c('trailing', '扫描二维码，随时随地看新闻')))
    ed = st.get('ed')
    body.append('<div class="adEditor"><div class="left_name"><div class="left_name">【编辑:%s】</div></div></div>' % esc(ed))
    b.append('<div class="left_zw" id="cont_1_1_2">\n%s\n</div>' % '\n'.join(body))
    b.append('<div class="share">%s<a>微信</a><a>微博</a><a>QQ空间</a></div>' % pg.c('share', '分享到：'))
    rel = pg.related(4, fmt='dash')
    b.append('<div class="related"><div class="tit">相关新闻</div><ul>%s</ul></div>' % ''.join('<li><a href="#">%s</a><span>%s</span></li>' % x for x in rel))
    if k == 'ordinary':
        cm = pg.comments(3)
        b.append('<div class="comment" id="comment"><div class="tit">%s</div>%s</div>' % (pg.c('comments', '网友评论'), ''.join(
            '<div class="cm-item"><span class="u">%s</span><span class="t">%s</span><p>%s</p></div>' % (n, d, x) for n, x, d in cm)))
    b.append('</div>')
    b.append('<div class="col-right">')
    if k == 'short_article':
        b.append('<div class="pic-news"><div class="tit">图片新闻</div>%s</div>' % ''.join('<div class="pic"><img src="/img/p%d.jpg"><p>%s</p></div>' % (i, x) for i, x in enumerate(pg.blurbs(3))))
    hot = pg.related(5, fmt='none', cat='sidebar', exclude=[r[0] for r in []])
    b.append('<div class="hot"><div class="tit">24小时热点</div><ol>%s</ol></div>' % ''.join('<li><a href="#">%s</a></li>' % h for h, _ in hot))
    b.append('</div></div>')
    b.append('<div class="footer"><p><a>关于我们</a> | <a>About us</a> | <a>联系我们</a> | <a>广告服务</a> | <a>供稿服务</a> | <a>法律声明</a> | <a>网站地图</a></p>'
             '<p>%s</p><p>%s</p><p>[京ICP证040827号] [网上传播视听节目许可证(0108312)]</p><p>Copyright &copy;1999-2024 hxzx.cn. All Rights Reserved</p></div>' % (
                 pg.c('footer', '本网站所刊载信息，不代表华夏资讯网观点。刊用本网站稿件，务经书面授权。'),
                 pg.c('footer', '未经授权禁止转载、摘编、复制及建立镜像，违者将依法追究法律责任。')))
    return head, 'class="article-page"', b


# ====================================================================== provincial paper (utf-8)
def r_prov(st, pg):
    t = st['t']
    k = st['k']
    title = st.get('tt') or (t + '-江海日报-江海网')
    head = ['<meta charset="utf-8">', '<title>%s</title>' % esc(title),
            '<meta name="viewport" content="width=device-width,initial-scale=1">',
            '<meta property="og:title" content="%s">' % esc(t)]
    if pg.day:
        head.append('<meta property="article:published_time" content="%sT%s:00+08:00">' % (pg.date, pg.hm))
    head.append('<link rel="stylesheet" href="//www.jianghai.cn/static/css/article.v3.css">')
    b = ['<div class="site-top"><a>%s</a> | <a>江海日报</a> | <a>数字报</a> | <a>%s</a></div>' % (pg.c('nav', '江海网首页'), pg.c('nav', '江海新闻客户端'))]
    if st.get('hv'):
        b.append('<header><h1 class="logo"><a href="/">江海网</a></h1>')
    else:
        b.append('<header><div class="logo"><a href="/">江海网</a></div>')
    b.append('<nav>%s</nav></header>' % ''.join('<a href="#">%s</a>' % n for n in ['首页', '要闻', '长三角', '上海', '杭州', '南京', '评论', '文旅', '教育', '健康', '视频']))
    b.append('<div class="breadcrumb"><a>江海网</a> &gt; <a>长三角</a> &gt; <span>%s</span></div>' % pg.c('crumb', '正文阅读'))
    b.append('<div class="main"><article>')
    if st.get('lead'):
        b.append('<h3 class="yinti">%s</h3>' % esc(st['lead']))
    tag = 'h2' if st.get('hv') == 'h2' else 'h1'
    b.append('<%s class="art-title">%s</%s>' % (tag, esc(t), tag))
    ed = st.get('ed')
    b.append('<div class="art-info"><span>来源：江海日报</span><span>%s %s</span><span>作者：%s</span></div>' % (pg.date, pg.hm, esc(st['au'])))
    pn = pg.rng.choice(['05', '06', '07', '11'])
    b.append('<div class="epaper">江海日报 %s 第%s版：长三角</div>' % (pg.cn(), pn))
    if k == 'short_article':
        # short pages: sidebar first in source order
        b.append('<div class="photo-strip">%s</div>' % ''.join('<figure><img src="/p/%d.jpg"><figcaption>%s</figcaption></figure>' % (i, x) for i, x in enumerate(pg.blurbs(3))))
    ps = paras(st['ps'])
    if 'ad' in st.get('inl', []):
        ps = insert_after(ps, 1, '<div class="inner-ad"><a href="https://ad.jianghai.cn/go/8812">%s</a><b class="x">×</b></div>' % pg.c('inline', '江海优选 | 春季家装节 满5000减600 立即抢购'))
    if 'bracket' in st.get('inl', []):
        ps.append('<p>】</p>')
    ps.append('<p class="editor">（责任编辑：%s）</p>' % esc(ed))
    b.append('<div class="art-content">\n%s\n</div>' % '\n'.join(ps))
    b.append('<div class="share-bar">%s<a>微信</a><a>朋友圈</a><a>微博</a></div>' % pg.c('share', '分享到：'))
    rel = pg.related(4, fmt='dash')
    b.append('<div class="related"><h4>相关阅读</h4><ul>%s</ul></div>' % ''.join('<li><a>%s</a><em>%s</em></li>' % x for x in rel))
    b.append('</article><aside><div class="rank"><h4>%s</h4><ol>%s</ol></div></aside></div>' % (
        pg.c('sidebar', '本周热读排行'), ''.join('<li>%s</li>' % h for h, _ in pg.related(5, fmt='none', cat='sidebar'))))
    b.append('<footer><p><a>江海网简介</a> | <a>联系我们</a> | <a>广告刊例</a> | <a>网站地图</a></p><p>%s</p><p>浙ICP备05012345号 | 互联网新闻信息服务许可证33120180003</p></footer>' %
             pg.c('footer', '江海日报社主办 版权所有 未经授权禁止复制或建立镜像'))
    return head, '', b


# ====================================================================== GBK portal (table layout)
def r_gbkp(st, pg):
    t = st['t']
    k = st['k']
    cs = st['charset']
    head = ['<meta http-equiv="Content-Type" content="text/html; charset=%s">' % cs,
            '<title>%s_新闻中心_申江在线</title>' % esc(t),
            '<meta name="keywords" content="申江在线,上海新闻,社区">',
            '<style type="text/css">body{margin:0;font-size:12px;font-family:宋体}td{font-size:12px}.title{font-size:22px;font-weight:bold;text-align:center}#artibody p{font-size:14px;line-height:24px}</style>']
    b = ['<table width="960" border="0" align="center" cellpadding="0" cellspacing="0"><tr><td class="topnav"><a href="/">%s</a> | <a>新闻</a> | <a>财经</a> | <a>房产</a> | <a>汽车</a> | <a>教育</a> | <a>旅游</a> | <a>论坛</a> | <a>博客</a></td></tr></table>' % pg.c('nav', '申江在线首页')]
    b.append('<table width="960" align="center"><tr><td class="crumb"><a>申江在线</a> &gt; <a>新闻中心</a> &gt; <a>%s</a> &gt; 正文</td></tr></table>' % pg.c('crumb', '社会新闻'))
    b.append('<table width="960" align="center" border="0" cellpadding="0" cellspacing="0"><tr><td width="640" valign="top">')
    b.append('<h1 class="title">%s</h1>' % esc(t))
    frm = []
    if pg.day:
        frm.append('%s%s' % (pg.cn(), pg.hm))
    frm.append('来源：申江在线')
    if st.get('au'):
        frm.append('作者：' + esc(st['au']))
    b.append('<div class="from">%s\u3000【字号 <a>大</a> <a>中</a> <a>小</a>】\u3000【<a>打印</a>】【<a>关闭</a>】</div>' % '\u3000'.join(frm))
    ps = paras(st['ps'], indent=True)
    if 'ad' in st.get('inl', []):
        ps = insert_after(ps, 2, '<table class="ad" width="100%%"><tr><td>%s <a class="close" href="javascript:;">×</a></td></tr></table>' % pg.c('inline', '【广告】冬季取暖季特惠：燃气壁挂炉以旧换新立减800元'))
    if 'bracket' in st.get('inl', []):
        ps.append('<p>】</p>')
    if k == 'trailing_boilerplate':
        ps.append('<p><b>%s</b></p>' % pg.c('trailing', '推荐阅读：'))
        for h, ds in pg.related(3, fmt='none', cat='trailing'):
            ps.append('<p>·<a href="#">%s</a></p>' % h)
        ps.append('<p>%s</p>' % pg.c('trailing', '手机看新闻，请下载申江在线客户端'))
        ps.append('<p>%s</p>' % pg.c('trailing', '本文为申江在线原创稿件，转载请注明出处。'))
        ps.append('<p>%s</p>' % pg.c('trailing', '欢迎关注申江在线官方微信，分享让更多人看到'))
    b.append('<div id="artibody">\n%s\n</div>' % '\n'.join(ps))
    b.append('<div class="editor" align="right">（编辑：%s）</div>' % esc(st['ed']))
    rel = pg.related(5, fmt='paren')
    b.append('<table class="rel" width="100%%"><tr><td><b>%s</b></td></tr>%s</table>' % (pg.c('related', '相关新闻'), ''.join('<tr><td>·<a href="#">%s</a> %s</td></tr>' % x for x in rel)))
    b.append('</td><td width="20"></td><td width="300" valign="top">')
    if k == 'short_article':
        b.append('<table width="300"><tr><td><b>图片新闻</b></td></tr>%s</table>' % ''.join('<tr><td><img src="/pic/%d.jpg" width="280"><br>%s</td></tr>' % (i, x) for i, x in enumerate(pg.blurbs(3))))
    b.append('<table width="300"><tr><td><b>%s</b></td></tr>%s</table>' % (pg.c('sidebar', '新闻排行榜'), ''.join('<tr><td>%d. <a>%s</a></td></tr>' % (i + 1, h) for i, (h, _) in enumerate(pg.related(6, fmt='none', cat='sidebar')))))
    b.append('</td></tr></table>')
    b.append('<table width="960" align="center"><tr><td class="foot" align="center"><a>关于我们</a> | <a>广告服务</a> | <a>联系方式</a> | <a>招聘信息</a> | <a>网站地图</a><br>%s<br>沪ICP备05021346号</td></tr></table>' %
             pg.c('footer', '申江在线 版权所有 Copyright 2005-2021 All Rights Reserved'))
    return head, 'bgcolor="#ffffff"', b


# ====================================================================== district portal (utf-8)
def r_gov(st, pg):
    t = st['t']
    k = st['k']
    site, col, src, dist = st['site'], st['col'], st['src'], st['dist']
    title = st.get('tt') or ('%s_%s_%s' % (t, col, site))
    head = ['<meta charset="UTF-8">', '<meta name="viewport" content="width=device-width, initial-scale=1.0">',
            '<title>%s</title>' % esc(title),
            '<meta name="SiteName" content="%s">' % site, '<meta name="ColumnName" content="%s">' % col,
            '<meta name="ArticleTitle" content="%s">' % esc(t), '<meta name="PubDate" content="%s %s">' % (pg.date, pg.hm),
            '<meta name="ContentSource" content="%s">' % src,
            '<link rel="stylesheet" href="/static/css/detail.css">']
    b = ['<div class="top-bar"><div class="w1200"><a>%s</a> | <a>%s</a> | <a>English</a> | <a>登录</a> | <a>注册</a></div></div>' % (pg.c('nav', '无障碍浏览'), pg.c('nav', '长者模式'))]
    b.append('<div class="header"><div class="logo"><img src="/static/img/logo.png" alt="%s"><span>%s</span></div><div class="search"><input type="text" placeholder="请输入关键词"><button>搜索</button></div></div>' % (site, site))
    b.append('<ul class="nav">%s</ul>' % ''.join('<li><a>%s</a></li>' % n for n in ['首页', '新闻中心', '政务公开', '政务服务', '互动交流', '走进' + dist[:-1]]))
    b.append('<div class="position">%s<a>首页</a> &gt; <a>新闻中心</a> &gt; <a>%s</a></div>' % (pg.c('crumb', '当前位置：'), col))
    b.append('<div class="main w1200">')
    side = ''
    if k == 'short_article':
        bl = pg.blurbs(3)
        links = pg.related(6, fmt='md', cat='sidebar')
        side = '<div class="side"><div class="box"><h3>图片新闻</h3>%s</div><div class="box"><h3>%s</h3><ul>%s</ul></div></div>' % (
            ''.join('<div class="pic"><img src="/u/pic%d.jpg"><p>%s</p></div>' % (i, x) for i, x in enumerate(bl)),
            pg.c('sidebar', '热点信息'), ''.join('<li><a>%s</a><span>%s</span></li>' % x for x in links))
        if st['n'] % 2 == 0:
            b.append(side)
            side = ''
    b.append('<div class="article">')
    if st.get('hv') == 'div':
        b.append('<div class="title">%s</div>' % esc(t))
    else:
        b.append('<h1 class="title">%s</h1>' % esc(t))
    b.append('<div class="info"><span>发布时间：%s</span><span>来源：%s</span><span>字号：<a>大</a> <a>中</a> <a>小</a></span><a class="print">%s</a></div>' % (pg.date, esc(src), pg.c('share', '打印本页')))
    b.append('<div class="content" id="zoom">\n%s\n</div>' % '\n'.join(
        '<p style="text-indent:2em;">%s</p>' % esc(p) for p in st['ps']))
    b.append('<div class="editor">责任编辑：%s</div>' % esc(st['ed']))
    b.append('<div class="share">%s<a class="wx"></a><a class="wb"></a></div>' % pg.c('share', '分享到：'))
    if k in ('ordinary', 'headline_vs_title', 'snapshot'):
        pr = pg.related(2, fmt='none')
        b.append('<div class="prev-next"><p>上一篇：<a>%s</a></p><p>下一篇：<a>%s</a></p></div>' % (pr[0][0], pr[1][0]))
    if k == 'ordinary':
        rel = pg.related(4, fmt='dash')
        b.append('<div class="rel-info"><h3>%s</h3><ul>%s</ul></div>' % (pg.c('related', '相关信息'), ''.join('<li><a>%s</a><span>%s</span></li>' % x for x in rel)))
    b.append('</div>')
    if side:
        b.append(side)
    b.append('</div>')
    b.append('<div class="footer"><p><a>网站地图</a> | <a>联系我们</a> | <a>使用帮助</a> | <a>隐私声明</a></p><p>%s</p><p>沪ICP备12034%03d号-1\u3000沪公网安备 31011%06d号\u3000政府网站标识码：31011%05d</p></div>' % (
        pg.c('footer', '主办：上海市%s人民政府办公室\u3000承办：%s融媒体中心' % (dist, dist)),
        pg.rng.randint(100, 999), pg.rng.randint(100000, 999999), pg.rng.randint(10000, 99999)))
    return head, 'class="detail-page"', b


# ====================================================================== old district portal (GBK)
def r_govgbk(st, pg):
    t = st['t']
    head = ['<meta http-equiv="Content-Type" content="text/html; charset=%s">' % st['charset'],
            '<title>%s</title>' % esc(st['tt']),
            '<link href="/css/main.css" rel="stylesheet" type="text/css">']
    b = ['<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0"><tr><td height="120" class="banner">%s</td></tr>' % pg.c('nav', '上海市嘉定区人民政府门户网站')]
    b.append('<tr><td class="menu"><a>首页</a> | <a>政务公开</a> | <a>网上办事</a> | <a>公众参与</a> | <a>走进嘉定</a> | <a>新闻中心</a></td></tr></table>')
    b.append('<table width="1000" align="center"><tr><td class="weizhi">%s<a>首页</a> &gt;&gt; <a>新闻中心</a> &gt;&gt; <a>镇街动态</a></td></tr></table>' % pg.c('crumb', '您现在的位置：'))
    b.append('<table width="1000" align="center"><tr><td valign="top">')
    b.append('<div class="headline">%s</div>' % esc(t))
    b.append('<div class="info">日期：%s\u3000信息来源：%s\u3000浏览次数：%d\u3000【<a>%s</a>】【<a>关闭窗口</a>】</div>' % (pg.date, st['src'], pg.rng.randint(120, 900), pg.c('share', '打印本页')))
    b.append('<div class="zoom" id="zoom">\n%s\n</div>' % '\n'.join(paras(st['ps'], indent=True)))
    rel = pg.related(4, fmt='md')
    b.append('<table width="100%%" class="xg"><tr><td><b>%s</b></td></tr>%s</table>' % (pg.c('related', '相关链接'), ''.join('<tr><td>·<a>%s</a>\u3000%s</td></tr>' % x for x in rel)))
    b.append('</td></tr></table>')
    b.append('<table width="1000" align="center"><tr><td class="foot" align="center">%s<br>沪ICP备05003141号\u3000网站标识码：3101140001</td></tr></table>' %
             pg.c('footer', '主办：上海市嘉定区人民政府办公室\u3000技术支持：嘉定区信息中心'))
    return head, 'topmargin="0"', b


# ====================================================================== provincial paper, old GBK e-paper page
def r_provgbk(st, pg):
    t = st['t']
    head = ['<meta http-equiv="Content-Type" content="text/html; charset=%s">' % st['charset'],
            '<title>%s--江海日报数字报</title>' % esc(t),
            '<style>.bt{font-size:24px;font-weight:bold}.zw p{font-size:14px;line-height:26px}</style>']
    b = ['<table width="1000" align="center"><tr><td class="masthead"><a>%s</a>\u3000<a>首页</a> | <a>往期回顾</a> | <a>版面导航</a> | <a>标题导航</a></td></tr></table>' % pg.c('nav', '江海日报数字报')]
    b.append('<table width="1000" align="center"><tr><td class="qi">%s %s\u3000第A6版：%s</td></tr></table>' % (pg.cn(), pg.weekday(), pg.c('crumb', '长三角观察')))
    b.append('<table width="1000" align="center"><tr><td width="300" valign="top"><div class="bm">%s</div><ul>%s</ul></td><td width="700" valign="top">' % (
        pg.c('sidebar', '本版新闻'), ''.join('<li><a>%s</a></li>' % h for h, _ in pg.related(5, fmt='none', cat='sidebar'))))
    b.append('<div class="bt">%s</div>' % esc(t))
    b.append('<div class="zz">%s</div>' % esc(st['au']))
    b.append('<div class="zw">\n%s\n</div>' % '\n'.join(paras(st['ps'], indent=True)))
    b.append('<div class="bj">（编辑：%s）</div>' % esc(st['ed']))
    cm = pg.comments(3)
    b.append('<table class="pl" width="100%%"><tr><td><b>%s</b></td></tr>%s</table>' % (pg.c('comments', '网友评论'), ''.join(
        '<tr><td>%s\u3000%s<br>%s</td></tr>' % (n, d, x) for n, x, d in cm)))
    b.append('<div class="prev"><a>%s</a></div>' % pg.c('related', '上一篇'))
    b.append('</td></tr></table>')
    b.append('<table width="1000" align="center"><tr><td class="foot">%s<br>浙ICP备05012345号</td></tr></table>' % pg.c('footer', '江海日报社版权所有，未经书面授权不得转载'))
    return head, '', b


# ====================================================================== finance site
def r_fin(st, pg):
    t = st['t']
    k = st['k']
    title = st.get('tt') or (t + '_财汇网')
    head = ['<meta charset="utf-8">', '<title>%s</title>' % esc(title),
            '<meta name="keywords" content="社区,消费,上海">', '<meta name="description" content="%s">' % esc(st['ps'][0][:70])]
    head.append('<link rel="stylesheet" href="https://g1.caihui.com/newsadmin/css/article.css?v=20220301">')
    r = pg.rng
    b = ['<div class="topbar"><a>财汇网首页</a> | <a>行情中心</a> | <a>数据中心</a> | <a>股吧</a> | <a>基金</a> | <a>理财</a> | <a>%s</a> | <a>登录</a> <a>注册</a></div>' % pg.c('nav', '下载财汇APP')]
    b.append('<div class="quote-bar"><span>上证指数 %d.%02d <em>%+.2f%%</em></span><span>深证成指 %d.%02d <em>%+.2f%%</em></span><span>创业板指 %d.%02d <em>%+.2f%%</em></span></div>' % (
        r.randint(2900, 3400), r.randint(0, 99), r.uniform(-1.5, 1.5), r.randint(10000, 12500), r.randint(0, 99), r.uniform(-1.5, 1.5), r.randint(2000, 2700), r.randint(0, 99), r.uniform(-2, 2)))
    b.append('<div class="crumb"><a>财汇网</a> &gt; <a>财经频道</a> &gt; <a>%s</a> &gt; 正文</div>' % pg.c('crumb', '宏观经济'))
    b.append('<div class="main"><div class="left">')
    hv = st.get('hv')
    if hv == 'h2':
        b.append('<div class="newsContent"><h2 class="newsTitle">%s</h2>' % esc(t))
    elif hv == 'div':
        b.append('<div class="newsContent"><div class="headline">%s</div>' % esc(t))
    else:
        b.append('<div class="newsContent"><h1>%s</h1>' % esc(t))
    b.append('<div class="infos"><div class="item">%s %s</div><div class="item">来源：财汇网</div><div class="item">作者：%s</div><div class="item"><a>评论(%d)</a></div></div>' % (
        pg.cn(), pg.hm, esc(st['au']), r.randint(3, 80)))
    body = []
    if 'interact' in st.get('inl', []):
        body.append('<div class="interact"><a>%s</a> <span>(%d)</span></div>' % (pg.c('inline', '参与互动'), r.randint(10, 90)))
    ps = paras(st['ps'], indent=True)
    if 'ad' in st.get('inl', []):
        ps = insert_after(ps, 2, '<div class="ad-inline"><a href="https://acttg.caihui.com/pub/web_app_xxx">%s</a><span class="close">×</span></div>' % pg.c('inline', '新人开户享万1佣金 送Level-2行情'))
    body += ps
    if k == 'trailing_boilerplate':
        body.append('<p class="guba">%s</p>' % pg.c('trailing', '进入【%s】讨论' % st['bar']))
        body.append('<p class="em_media">（文章来源：财汇网）</p>')
        body.append('<p class="res-edit">（责任编辑：%s）</p>' % st['ed'])
        body.append('<p class="disclaimer">%s</p>' % pg.c('trailing', '郑重声明：财汇网发布此内容旨在传播更多信息，与本站立场无关，不构成投资建议。据此操作，风险自担。'))
        body.append('<div class="app-dl"><p>%s</p><p>%s</p></div>' % (pg.c('trailing', '扫码下载财汇APP'), pg.c('trailing', '7×24小时全球财经直播')))
    else:
        body.append('<p class="em_media">（文章来源：财汇网）</p>')
        body.append('<p class="res-edit">（责任编辑：%s）</p>' % st['ed'])
    b.append('<div id="ContentBody" class="txtinfos">\n%s\n</div></div>' % '\n'.join(body))
    if k != 'trailing_boilerplate':
        b.append('<div class="disclaimer-out">%s</div>' % pg.c('footer', '郑重声明：财汇网发布此内容旨在传播更多信息，与本站立场无关，不构成投资建议。据此操作，风险自担。'))
    rel = pg.related(4, fmt='cn')
    b.append('<div class="related"><div class="tit">%s</div><ul>%s</ul></div>' % (pg.c('related', '相关阅读'), ''.join('<li><a>%s</a> <span>%s</span></li>' % x for x in rel)))
    if k == 'ordinary':
        cm = pg.comments(3)
        b.append('<div class="cmt"><div class="tit">%s</div>%s</div>' % (pg.c('comments', '全部评论'), ''.join(
            '<div class="c"><b>%s</b> <i>%s</i><p>%s</p></div>' % (n, d, x) for n, x, d in cm)))
    b.append('</div><div class="right">')
    b.append('<div class="box"><div class="tit">%s</div><ul>%s</ul></div>' % (pg.c('sidebar', '7×24小时快讯'), ''.join(
        '<li><span>%02d:%02d</span>%s</li>' % (r.randint(8, 22), r.randint(0, 59), h) for h, _ in pg.related(4, fmt='none', cat='sidebar'))))
    b.append('<div class="box"><div class="tit">热门股吧</div><ul><li>上证指数吧</li><li>创业板吧</li><li>房地产开发吧</li><li>消费电子吧</li></ul></div>')
    b.append('</div></div>')
    b.append('<div class="footer"><p><a>关于我们</a> | <a>联系我们</a> | <a>免责声明</a> | <a>隐私政策</a> | <a>网站地图</a></p><p>%s</p><p>沪ICP证100893号 | 增值电信业务经营许可证</p></div>' % pg.c('footer', '风险提示：市场有风险，投资需谨慎'))
    return head, '', b


# ====================================================================== health site
def r_health(st, pg):
    t = st['t']
    k = st['k']
    head = ['<meta charset="utf-8">', '<title>%s_健康资讯_康宁健康网</title>' % esc(t),
            '<meta name="description" content="%s">' % esc(st['ps'][0][:60]),
            '<link rel="stylesheet" href="//static.kangning.com/css/news_detail.css">']
    b = ['<div class="topbar"><a>康宁健康网</a> | <a>手机版</a> | <a>%s</a> | <a>查疾病</a> | <a>找医院</a> | <a>登录</a></div>' % pg.c('nav', '在线问医生')]
    b.append('<div class="nav">%s</div>' % ''.join('<a>%s</a>' % n for n in ['首页', '资讯', '疾病', '养生', '母婴', '心理', '医院', '医生', '药品', '问答']))
    b.append('<div class="crumb">当前位置：<a>康宁健康网</a> &gt; <a>健康资讯</a> &gt; <a>%s</a> &gt; 正文</div>' % pg.c('crumb', '社区健康'))
    b.append('<div class="wrap"><div class="main-left">')
    b.append('<h1 class="art-title">%s</h1>' % esc(t))
    info = []
    if pg.day:
        info.append('%s %s' % (pg.date, pg.hm))
    if st.get('issue'):
        info.append('来源：' + esc(st['issue']))
    else:
        info.append('来源：康宁健康网')
    info.append('作者：' + esc(st['au']))
    b.append('<div class="art-info">%s</div>' % '\u3000'.join('<span>%s</span>' % x for x in info))
    body = []
    if 'interact' in st.get('inl', []):
        body.append('<div class="interact"><a>%s</a>：已有%d人参与讨论</div>' % (pg.c('inline', '参与互动'), pg.rng.randint(20, 90)))
    ps = paras(st['ps'])
    if 'ad' in st.get('inl', []):
        ps = insert_after(ps, 2, '<div class="ad-box"><em>广告</em><a>%s</a><i class="close">×</i></div>' % pg.c('inline', '膝盖疼痛别硬扛，专家在线免费问诊，点击立即咨询'))
    body += ps
    if k == 'trailing_boilerplate':
        body.append('<p class="note">%s</p>' % pg.c('trailing', '本文为康宁健康网专稿，未经书面授权请勿转载。'))
        body.append('<p>%s</p>' % pg.c('trailing', '相关阅读：'))
        for h, _ in pg.related(2, fmt='none', cat='trailing'):
            body.append('<p><a>%s</a></p>' % h)
        body.append('<p>%s</p>' % pg.c('trailing', '关注“康宁健康”公众号，回复“防暑”获取防暑指南'))
        body.append('<p>%s</p>' % pg.c('trailing', '觉得有用？分享给家人朋友吧'))
    b.append('<div class="art-content">\n%s\n</div>' % '\n'.join(body))
    b.append('<div class="share">%s</div>' % pg.c('share', '分享到微信朋友圈'))
    if k == 'ordinary':
        cm = pg.comments(3)
        b.append('<div class="comments"><h3>%s</h3>%s</div>' % (pg.c('comments', '网友评论'), ''.join(
            '<div class="cm"><span>%s</span><p>%s</p></div>' % (n, x) for n, x, d in cm)))
    rel = pg.related(4, fmt='dash')
    b.append('<div class="rel"><h3>%s</h3><ul>%s</ul></div>' % (pg.c('related', '猜你喜欢'), ''.join('<li><a>%s</a><span>%s</span></li>' % x for x in rel)))
    b.append('</div><div class="main-right">')
    b.append('<div class="box"><h3>%s</h3><input placeholder="输入医生姓名、科室"></div>' % pg.c('sidebar', '快速找医生'))
    if k == 'short_article':
        b.append('<div class="box"><h3>健康图说</h3>%s</div>' % ''.join('<div class="pic"><img src="/i/%d.jpg"><p>%s</p></div>' % (i, x) for i, x in enumerate(pg.blurbs(3))))
    b.append('<div class="box"><h3>热门问答</h3><ul><li>血压偏高需要吃药吗？</li><li>老人晚上睡不着怎么办？</li><li>流感疫苗每年都要打吗？</li></ul></div>')
    b.append('</div></div>')
    b.append('<div class="footer"><p>%s</p><p>Copyright &copy; 2010-2024 康宁健康网 版权所有\u3000沪ICP备11023456号</p></div>' % pg.c('footer', '免责声明：本站所有内容仅供参考，不能替代执业医师的诊断和治疗。'))
    return head, '', b


# ====================================================================== WeChat article page
def r_wx(st, pg):
    t = st['t']
    k = st['k']
    acct = st['acct']
    head = ['<meta charset="utf-8">', '<meta name="viewport" content="width=device-width,initial-scale=1.0,maximum-scale=1.0,user-scalable=0,viewport-fit=cover">',
            '<title>%s</title>' % esc(t), '<meta property="og:title" content="%s">' % esc(t),
            '<meta property="og:description" content="%s">' % esc(st['ps'][0][:50]),
            '<meta property="og:site_name" content="微信公众平台">', '<meta name="author" content="%s">' % esc(acct)]
    if pg.day:
        ptime = ('%s %s' % (pg.cn(), pg.hm)) if st.get('wxdate') == 'cn' else ('%s %s' % (pg.date, pg.hm))
    else:
        ptime = ''
    b = ['<div id="js_article" class="rich_media"><div class="rich_media_inner"><div id="page-content" class="rich_media_area_primary"><div class="rich_media_area_primary_inner">']
    b.append('<h1 class="rich_media_title" id="activity-name">\n          %s\n        </h1>' % esc(t))
    b.append('<div id="meta_content" class="rich_media_meta_list"><span class="rich_media_meta rich_media_meta_text">原创</span> <span class="rich_media_meta rich_media_meta_text">%s</span> '
             '<span class="rich_media_meta rich_media_meta_nickname" id="profileBt"><a href="javascript:void(0);" id="js_name">%s</a></span> '
             '<em id="publish_time" class="rich_media_meta rich_media_meta_text">%s</em> <span id="js_ip_wording_wrp" class="rich_media_meta rich_media_meta_text">%s</span></div>' % (
                 esc(st['au']), esc(acct), ptime, pg.c('nav', '发表于上海')))
    body = paras(st['ps'], wx=True)
    body = insert_after(body, 2, '<p style="text-align:center;"><img class="rich_pages wxw-img" data-src="https://mmbiz.qpic.cn/mmbiz_jpg/%s/640?wx_fmt=jpeg" data-ratio="0.6667" data-w="1080" style="width:100%%;"></p>' % ''.join(pg.rng.choice(string.ascii_letters) for _ in range(28)))
    if k == 'trailing_boilerplate':
        body.append('<p style="text-align:center;"><span>%s</span></p>' % pg.c('trailing', '—— END ——'))
        body.append('<p><span>%s</span></p>' % pg.c('trailing', '往期推荐'))
        for h, _ in pg.related(3, fmt='none', cat='trailing'):
            body.append('<p><a href="https://mp.weixin.qq.com/s?__biz=MzA5&amp;mid=2650">%s</a></p>' % h)
        body.append('<p style="text-align:center;"><span>%s</span></p>' % pg.c('trailing', '关注公众号“%s”，了解更多身边事' % acct))
        body.append('<p style="text-align:center;"><span>%s</span></p>' % pg.c('trailing', '分享让更多人看到'))
        body.append('<p style="text-align:center;"><span>%s</span></p>' % pg.c('trailing', '点个“在看”，你最好看'))
    body.append('<p style="text-align:right;"><span style="font-size:12px;color:#888;">编辑：%s\u3000审核：%s</span></p>' % (esc(st['au']), pg.rng.choice(['王洁', '顾晨', '沈一'])))
    b.append('<div class="rich_media_content js_underline_content" id="js_content" style="visibility: visible;"><section style="padding:0 8px;">\n%s\n</section></div>' % '\n'.join(body))
    b.append('</div></div>')
    b.append('<div class="rich_media_tool" id="js_toobar3"><span>%s %d</span> <span>赞 %d</span> <span>在看 %d</span></div>' % (pg.c('share', '阅读'), pg.rng.randint(800, 9000), pg.rng.randint(10, 90), pg.rng.randint(3, 40)))
    if k == 'ordinary':
        cm = pg.comments(3)
        b.append('<div id="js_cmt_area" class="discuss_container"><div class="discuss_title">%s</div>%s</div>' % (pg.c('comments', '精选留言'), ''.join(
            '<div class="discuss_item"><strong>%s</strong><div class="discuss_message">%s</div></div>' % (n, x) for n, x, d in cm)))
    b.append('<div id="js_pc_qr_code" class="qr_code_pc_outer"><div class="qr_code_pc"><img class="qr_code_pc_img"><p>%s<br>%s</p></div></div>' % (pg.c('footer', '微信扫一扫'), pg.c('footer', '关注该公众号')))
    b.append('</div></div>')
    return head, 'id="activity-detail" class="zh_CN wx_wap_page"', b


# ====================================================================== NetEase-style re-post
def r_ne(st, pg):
    t = st['t']
    k = st['k']
    acct = st['acct']
    head = ['<meta charset="utf-8">', '<title>%s_网云订阅</title>' % esc(t),
            '<meta name="keywords" content="上海,社区">', '<meta name="description" content="%s">' % esc(st['ps'][0][:60])]
    b = ['<div class="N-nav-top"><a>%s</a> | <a>新闻</a> | <a>体育</a> | <a>娱乐</a> | <a>财经</a> | <a>汽车</a> | <a>科技</a> | <a>房产</a> | <a>旅游</a> | <a>教育</a> | <a>网云号</a> | <a>%s</a></div>' % (pg.c('nav', '网云首页'), pg.c('nav', '下载网云新闻客户端'))]
    b.append('<div class="post_crumb"><a>网云首页</a> &gt; <a>网云号</a> &gt; %s</div>' % pg.c('crumb', '正文'))
    b.append('<div class="post_main"><h1 class="post_title">%s</h1>' % esc(t))
    info = []
    if pg.day:
        info.append('%s %s:%02d' % (pg.date, pg.hm, pg.rng.randint(0, 59)))
    info.append('来源: <a>%s</a>' % esc(acct))
    b.append('<div class="post_info">%s <a class="post_report">举报</a></div>' % '\u3000'.join(info))
    body = []
    if 'interact' in st.get('inl', []):
        body.append('<div class="post_tie_top"><a>%s</a> <span>%d</span>跟贴</div>' % (pg.c('inline', '参与互动'), pg.rng.randint(10, 300)))
    ps = paras(st['ps'])
    if 'ad' in st.get('inl', []):
        ps = insert_after(ps, 2, '<div class="gg200x300"><a>%s</a><span class="close-ad">×</span></div>' % pg.c('inline', '老房翻新找专业团队 免费上门量房设计'))
    body += ps
    if st.get('orig'):
        body.append('<p>（%s）</p>' % esc(st['orig']))
    b.append('<div class="post_body">\n%s\n</div>' % '\n'.join(body))
    b.append('<div class="post_statement">%s</div>' % pg.c('footer', '特别声明：本文为网云号作者上传并发布，仅代表该作者观点。网云仅提供信息发布平台。'))
    rel = pg.related(5, fmt='dash')
    b.append('<div class="post_recommends"><h3>%s</h3><ul>%s</ul></div>' % (pg.c('related', '热点新闻'), ''.join('<li><a>%s</a><span class="time">%s</span></li>' % x for x in rel)))
    if k == 'ordinary':
        cm = pg.comments(3)
        b.append('<div class="tie-area"><h3>%s</h3>%s</div>' % (pg.c('comments', '热门跟贴'), ''.join(
            '<div class="tie"><span class="name">%s</span><p>%s</p><span class="t">%s</span></div>' % (n, x, d[:10]) for n, x, d in cm)))
    b.append('</div>')
    b.append('<div class="N-footer"><a>关于网云</a> | <a>About</a> | <a>联系我们</a> | <a>%s</a> | <a>网云公益</a><p>&copy;1997-2024 网云公司版权所有</p></div>' % pg.c('footer', '侵权投诉'))
    return head, '', b


# ====================================================================== Sohu-style re-post
def r_sohu(st, pg):
    t = st['t']
    k = st['k']
    acct = st['acct']
    head = ['<meta charset="utf-8">', '<title>%s_搜点</title>' % esc(t), '<meta name="description" content="%s">' % esc(st['ps'][0][:60])]
    b = ['<div class="head-nav"><a>%s</a> <a>新闻</a> <a>体育</a> <a>汽车</a> <a>房产</a> <a>旅游</a> <a>教育</a> <a>时尚</a> <a>科技</a> <a>财经</a> <a>娱乐</a> <a>更多</a></div>' % pg.c('nav', '搜点首页')]
    b.append('<div class="area"><div class="left main">')
    b.append('<div class="user-info"><h4><a>%s</a></h4><p>文章 %d</p><p>总阅读 %d万</p><a class="follow">%s</a></div>' % (esc(acct), pg.rng.randint(200, 2000), pg.rng.randint(10, 200), pg.c('nav', '+关注')))
    b.append('<div class="text"><div class="text-title"><h1>%s</h1>' % esc(t))
    info = '<span class="time">%s %s</span> ' % (pg.date, pg.hm) if pg.day else ''
    b.append('<div class="article-info">%s<span>发布于：上海市</span></div></div>' % info)
    body = paras(st['ps'])
    if k == 'trailing_boilerplate':
        body.append('<p>%s</p>' % pg.c('trailing', '关注我们，了解更多嘉定身边事'))
        body.append('<p>%s</p>' % pg.c('trailing', '喜欢这篇文章，请点个赞或分享给朋友'))
    body.append('<a href="https://www.soudian.com/?strategyid=00001" target="_blank" id="backsohucom">%s</a>' % pg.c('trailing' if k == 'trailing_boilerplate' else 'footer', '返回搜点，查看更多'))
    b.append('<article class="article" id="mp-editor">\n%s\n</article>' % '\n'.join(body))
    b.append('<p class="statement">%s</p>' % pg.c('footer', '平台声明：该文观点仅代表作者本人，搜点号系信息发布平台，搜点仅提供信息存储空间服务。'))
    b.append('<div class="read-num">阅读 (%d)</div>' % pg.rng.randint(300, 30000))
    rel = pg.related(4, fmt='none')
    b.append('<div class="recommend"><h3>%s</h3><ul>%s</ul></div></div>' % (pg.c('related', '推荐阅读'), ''.join('<li><a>%s</a></li>' % h for h, _ in rel)))
    b.append('</div><div class="sidebar right">')
    if k == 'short_article':
        b.append('<div class="side-pics"><h3>图文推荐</h3>%s</div>' % ''.join('<div class="pic-item"><img src="/p/%d.jpg"><p>%s</p></div>' % (i, x) for i, x in enumerate(pg.blurbs(3))))
    b.append('<div class="hot-article"><h3>%s</h3><ul>%s</ul></div>' % (pg.c('sidebar', '24小时热文'), ''.join('<li><a>%s</a></li>' % h for h, _ in pg.related(5, fmt='none', cat='sidebar'))))
    b.append('</div></div>')
    b.append('<div class="footer"><a>设置首页</a> - <a>搜点输入法</a> - <a>企业服务</a> - <a>用户举报</a><p>%s</p></div>' % pg.c('footer', '网络110报警服务 违法和不良信息举报电话'))
    return head, '', b


# ====================================================================== Toutiao-style re-post
def r_tt(st, pg):
    t = st['t']
    k = st['k']
    acct = st['acct']
    head = ['<meta charset="utf-8">', '<title>%s - 今日头版</title>' % esc(t), '<meta name="description" content="%s">' % esc(st['ps'][0][:60])]
    b = ['<div class="toutiao-header"><a class="logo">今日头版</a><a>首页</a><a>%s</a><a>登录</a></div>' % pg.c('nav', '下载今日头版')]
    b.append('<div class="left-sidebar"><ul>%s</ul></div>' % ''.join('<li>%s</li>' % n for n in ['推荐', '热点', '视频', '图片', '科技', '财经', '体育', '本地']))
    b.append('<div class="main-content"><div class="article-content">')
    b.append('<h1>%s</h1>' % esc(t))
    meta = '<span class="original-tag">原创</span>'
    if pg.day:
        meta += '<span class="time">%s %s</span>' % (pg.date, pg.hm)
    meta += '<span class="name"><a>%s</a></span>' % esc(acct)
    b.append('<div class="article-meta">%s</div>' % meta)
    body = []
    if 'user' in st.get('inl', []):
        body.append('<div class="pgc-user-line"><a class="user-name">%s</a> <span class="user-num">%s</span></div>' % (pg.c('inline', acct), st['fans']))
    ps = paras(st['ps'])
    if 'ad' in st.get('inl', []):
        ps = insert_after(ps, 2, '<div class="pgc-commerce"><span class="tag">广告</span><a>%s</a><span class="ad-close">×</span></div>' % pg.c('inline', '品质家装季 定制衣柜全屋套餐低至9.9折'))
    body += ps
    if 'bracket' in st.get('inl', []):
        body.append('<p>】</p>')
    b.append('<article class="syl-article-base tt-article-content">\n%s\n</article>' % '\n'.join(body))
    b.append('<div class="article-footer"><span>%s</span> <a>举报</a> <a>收藏</a></div>' % pg.c('footer', '本文由作者发布，不代表平台观点'))
    b.append('</div>')
    b.append('<div class="comment-box"><h3>%s</h3><p>%s</p></div>' % (pg.c('comments', '评论 0'), pg.c('comments', '还没有评论，快来抢沙发吧')))
    b.append('</div><div class="right-sidebar"><div class="author-card"><a>%s</a><button>关注</button></div><div class="related-list"><h3>%s</h3><ul>%s</ul></div></div>' % (
        esc(acct), pg.c('related', '相关推荐'), ''.join('<li><a>%s</a><span>%s</span></li>' % x for x in pg.related(5, fmt='dash'))))
    b.append('<div class="footer">&copy;2024 今日头版 <a>%s</a> 沪ICP备18004567号</div>' % pg.c('footer', '用户协议'))
    return head, '', b


# ====================================================================== English-company Chinese edition
def r_eng(st, pg):
    t = st['t']
    k = st['k']
    title = st.get('tt') or (t + ' - 子午线中文网')
    head = ['<meta charset="utf-8">', '<title>%s</title>' % esc(title), '<meta property="og:title" content="%s">' % esc(t),
            '<meta property="og:type" content="article">']
    if pg.day:
        head.append('<meta property="article:published_time" content="%sT%s:00+08:00">' % (pg.date, pg.hm))
    head.append('<link rel="canonical" href="https://cn.meridianpost.com/china/%s%s%s-%04d">' % (pg.Y, pg.M, pg.D, st['n'] * 37))
    b = ['<div class="top-links"><a>简体</a> | <a>繁體</a> | <a>English</a> | <a>登录</a> | <a>%s</a></div>' % pg.c('nav', '订阅会员')]
    if st.get('hv'):
        b.append('<header class="masthead"><h1 class="brand">子午线中文网</h1><span class="en">MERIDIAN POST CHINESE</span></header>')
    else:
        b.append('<header class="masthead"><div class="brand">子午线中文网</div><span class="en">MERIDIAN POST CHINESE</span></header>')
    b.append('<nav class="main-nav">%s</nav>' % ''.join('<a>%s</a>' % n for n in ['首页', '中国', '全球', '经济', '金融市场', '商业', '科技', '生活', '观点', '双语', '视频']))
    b.append('<div class="section-crumb"><a>中国</a> &gt; <a>%s</a></div>' % pg.c('crumb', '社会与民生'))
    b.append('<div class="layout"><article class="story">')
    if st.get('hv') == 'h2':
        b.append('<h2 class="story-headline">%s</h2>' % esc(t))
    else:
        b.append('<h1 class="story-headline">%s</h1>' % esc(t))
    b.append('<div class="byline">子午线中文网 %s 上海报道</div>' % esc(st['au']))
    if st.get('upd'):
        b.append('<div class="story-time">发布于 %s %s ｜ 更新于 %s</div>' % (pg.cn(False), pg.hm, st['upd']))
    else:
        b.append('<div class="story-time"><time datetime="%sT%s:00+08:00">%s %s</time></div>' % (pg.date, pg.hm, pg.cn(False), pg.weekday()))
    body = paras(st['ps'])
    if k == 'trailing_boilerplate':
        body.append('<p><em>%s</em></p>' % pg.c('trailing', '版权声明：本文版权归子午线中文网所有，未经书面授权请勿转载，违者必究。'))
        body.append('<p class="newsletter">%s</p>' % pg.c('trailing', '订阅子午线中文网每日新闻简报，第一时间获取重要资讯'))
        body.append('<p><strong>%s</strong></p>' % pg.c('trailing', '相关阅读：'))
        body.append('<ul>%s</ul>' % ''.join('<li><a>%s</a></li>' % h for h, _ in pg.related(3, fmt='none', cat='trailing')))
    b.append('<div class="story-body">\n%s\n</div>' % '\n'.join(body))
    b.append('<div class="story-tools"><a>分享</a> | <a>打印</a> | <a>收藏</a> | <a>%s</a></div>' % pg.c('share', '阅读英文原文'))
    rel = pg.related(4, fmt='cn')
    b.append('<div class="related"><h3>相关文章</h3><ul>%s</ul></div>' % ''.join('<li><a>%s</a><span>%s</span></li>' % x for x in rel))
    if k == 'ordinary':
        cm = pg.comments(3)
        b.append('<div class="comments"><h3>%s</h3>%s</div>' % (pg.c('comments', '读者评论'), ''.join(
            '<div class="cmt"><b>%s</b><p>%s</p></div>' % (n, x) for n, x, d in cm)))
    b.append('</article><aside class="rail">')
    if k == 'short_article':
        b.append('<div class="photo-essays"><h3>图片故事</h3>%s</div>' % ''.join('<figure><img src="/img/%d.jpg"><figcaption>%s</figcaption></figure>' % (i, x) for i, x in enumerate(pg.blurbs(3))))
    b.append('<div class="most-read"><h3>%s</h3><ol>%s</ol></div>' % (pg.c('sidebar', '最受欢迎'), ''.join('<li><a>%s</a></li>' % h for h, _ in pg.related(5, fmt='none', cat='sidebar'))))
    b.append('</aside></div>')
    b.append('<footer><p><a>关于我们</a> | <a>联系我们</a> | <a>隐私政策</a> | <a>使用条款</a> | <a>广告合作</a></p><p>&copy; Meridian Post Limited 2024. %s</p></footer>' % pg.c('footer', '未经许可，不得转载、摘编或以其他方式使用本网站内容。'))
    return head, '', b


RENDER = dict(nat=r_nat, prov=r_prov, gbkp=r_gbkp, gov=r_gov, govgbk=r_govgbk, provgbk=r_provgbk,
              fin=r_fin, health=r_health, wx=r_wx, ne=r_ne, sohu=r_sohu, tt=r_tt, eng=r_eng)


# ====================================================================== snapshot filler (scripts & styles)
CSS_WORDS = ['nav', 'header', 'footer', 'article', 'share', 'rel', 'side', 'btn', 'swiper', 'card', 'list', 'item', 'title',
             'logo', 'search', 'menu', 'tab', 'pop', 'mask', 'dialog', 'toast', 'icon', 'avatar', 'tag', 'badge', 'qr', 'ad', 'video']
CSS_PROPS = ['display:block', 'display:none', 'display:flex', 'position:relative', 'position:absolute', 'overflow:hidden',
             'margin:0 auto', 'padding:0', 'font-size:14px', 'font-size:12px', 'line-height:1.5', 'color:#333', 'color:#999',
             'background:#fff', 'background-color:#f5f5f5', 'border:1px solid #e5e5e5', 'border-radius:4px', 'cursor:pointer',
             'text-align:center', 'white-space:nowrap', 'text-overflow:ellipsis', 'z-index:99', 'width:100%', 'height:40px',
             'transition:all .3s ease', 'box-sizing:border-box', 'justify-content:space-between', 'align-items:center',
             'opacity:.8', 'font-weight:700', 'vertical-align:middle', 'top:0', 'left:0', 'right:12px']


def gen_css(rng, n):
    out = []
    for _ in range(n):
        sel = '.%s-%s' % (rng.choice(CSS_WORDS), rng.choice(CSS_WORDS))
        if rng.random() < .4:
            sel += ' .%s%s' % (rng.choice(CSS_WORDS), rng.choice(['', '__inner', '--active', ':hover', '>a']))
        props = ';'.join(rng.sample(CSS_PROPS, rng.randint(2, 6)))
        out.append('%s{%s}' % (sel, props))
        if rng.random() < .05:
            out.append('@media screen and (max-width:%dpx){.%s{%s}}' % (rng.choice([640, 768, 1024]), rng.choice(CSS_WORDS), rng.choice(CSS_PROPS)))
    return ''.join(out)


def gen_font(rng, n):
    alpha = string.ascii_letters + string.digits + '+/'
    return '@font-face{font-family:"iconfont";src:url(data:font/woff2;charset=utf-8;base64,%s) format("woff2")}' % ''.join(rng.choice(alpha) for _ in range(n))


JS_T = [
    'function(e,t,n){{"use strict";var r=n({a}),o=n({b});e.exports=function(e){{return r(e)&&o(e.length)}}}}',
    'function(e,t,n){{var r=n({a});e.exports=function(e,t){{for(var n=-1,o=null==e?0:e.length;++n<o;)if(t(e[n],n,e))return!0;return!1}}}}',
    'function(e,t){{e.exports=function(e){{var t=typeof e;return null!=e&&("object"==t||"function"==t)}}}}',
    'function(e,t,n){{"use strict";Object.defineProperty(t,"__esModule",{{value:!0}});var r=n({a});t.default=function(e){{return r.{w}(e,{{timeout:{c}}})}}}}',
    'function(e,t,n){{var r=n({a}),o=n({b}),i=Object.prototype.hasOwnProperty;e.exports=function(e,t,n){{var a=e[t];i.call(e,t)&&o(a,n)&&(void 0!==n||t in e)||r(e,t,n)}}}}',
    'function(e,t,n){{"use strict";n.d(t,"{w}",function(){{return o}});var r=n({a}),o=function(e){{return Object(r.a)("/api/{w}/"+e)}}}}',
]


def gen_js_modules(rng, n):
    mods = []
    for _ in range(n):
        tpl = rng.choice(JS_T)
        w = rng.choice(['track', 'report', 'fetchList', 'getConfig', 'lazyload', 'share', 'login', 'like', 'comment'])
        mods.append('%d:%s' % (rng.randint(10, 999), tpl.format(a=rng.randint(1, 400), b=rng.randint(1, 400), c=rng.choice([3000, 5000, 8000]), w=w)))
    return '(window.webpackJsonp=window.webpackJsonp||[]).push([[%d],{%s}]);' % (rng.randint(1, 30), ','.join(mods))


I18N = {'share.wechat': '分享到微信', 'share.weibo': '分享到微博', 'share.copy': '复制链接', 'load.more': '加载更多',
        'load.fail': '加载失败，请稍后重试', 'login.tip': '登录后可发表评论', 'net.error': '网络异常', 'video.play': '点击播放',
        'font.big': '大字号', 'font.small': '小字号', 'back.top': '返回顶部', 'report': '举报', 'collect': '收藏成功'}


def gen_config(rng, st, with_date):
    cfg = {'env': 'production', 'cdn': 'https://static.cdn%d.example-cdn.com' % rng.randint(1, 9),
           'channelId': rng.randint(1000, 9999), 'abtest': {'exp%d' % i: rng.choice(['a', 'b', 'c']) for i in range(12)},
           'api': {k: '/api/v%d/%s' % (rng.randint(1, 3), k) for k in ['comment', 'like', 'share', 'hot', 'recommend', 'user', 'report']},
           'article': {'title': st['t'], 'id': '%d' % (rng.randint(10 ** 9, 10 ** 10))}}
    if with_date:
        cfg['article']['publishTime'] = with_date
    return 'window.__INITIAL_STATE__=' + json.dumps(cfg, ensure_ascii=False) + ';'


def filler(rng, st, target, pub):
    parts = []
    parts.append('<style type="text/css">%s</style>' % gen_css(rng, 120))
    if rng.random() < .7:
        parts.append('<style>%s</style>' % gen_font(rng, rng.randint(6000, 14000)))
    parts.append('<script>%s</script>' % gen_config(rng, st, pub))
    parts.append('<script>window.__I18N__=%s;</script>' % json.dumps(I18N, ensure_ascii=False))
    parts.append('<script>!function(){var e=document.createElement("script");e.src="https://hm.stat-cn.net/hm.js?%s";var t=document.getElementsByTagName("script")[0];t.parentNode.insertBefore(e,t)}();</script>' % ''.join(rng.choice('0123456789abcdef') for _ in range(32)))
    while sum(len(p.encode('utf-8')) for p in parts) < target:
        if rng.random() < .6:
            parts.append('<script type="text/javascript">%s</script>' % gen_js_modules(rng, rng.randint(20, 60)))
        else:
            parts.append('<style data-vue-ssr-id="%x">%s</style>' % (rng.randint(1 << 20, 1 << 24), gen_css(rng, rng.randint(40, 120))))
    return parts


NOSCRIPT_TXT = {
    'wx': '您的浏览器不支持JavaScript，请开启后查看完整内容',
    'nat': '您的浏览器已禁用JavaScript，部分功能可能无法正常使用',
    'tt': '请开启JavaScript以获得更好的浏览体验',
    'fin': '您的浏览器不支持JavaScript，行情数据无法实时刷新',
    'eng': '请启用JavaScript以正常浏览子午线中文网',
    'gov': '您的浏览器未启用JavaScript，无障碍功能不可用',
    'health': '请开启浏览器JavaScript功能后再访问本站',
}


def assemble(st, pg, head, battrs, body, rng):
    if st['k'] != 'snapshot':
        if st['s'] in ('gbkp', 'govgbk', 'provgbk'):
            doc = '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" "http://www.w3.org/TR/html4/loose.dtd">\n<html>\n<head>\n'
        else:
            doc = '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n'
        doc += '\n'.join(head) + '\n</head>\n<body%s>\n' % ((' ' + battrs) if battrs else '')
        doc += '\n'.join(body) + '\n</body>\n</html>\n'
        return doc
    sn = st['snap']
    lead = ''
    if sn['bom']:
        lead += '\ufeff'
    if sn['lead'] == 'comment':
        url = 'https://example.invalid/%s/%d.html' % (st['s'], st['n'])
        lead += '<!-- saved from url=(%04d)%s -->\n' % (len(url), url)
    elif sn['lead'] == 'ws':
        lead += '\n\n   '
    pub = None
    if pg.day:
        pub = '%s %s:00' % (pg.date, pg.hm)
    target = rng.randint(22000, 56000)
    fill = filler(rng, st, target, pub)
    vid = '%08x' % rng.randint(1 << 28, 1 << 32)
    body2 = [re.sub(r'<div ', '<div data-v-%s="" ' % vid, x) for x in body]
    doc = lead + '<head>' + '\n'.join(head) + '\n' + '\n'.join(fill) + '\n</head>\n'
    doc += '<body%s>' % ((' ' + battrs) if battrs else '')
    doc += '<noscript><div class="noscript-tip">%s</div></noscript>\n' % pg.c('noscript', NOSCRIPT_TXT[st['s']])
    doc += '<noscript><img height="1" width="1" style="display:none" src="https://px.stat-cn.net/tr?id=%d&amp;ev=PageView&amp;noscript=1"></noscript>\n' % rng.randint(10 ** 14, 10 ** 15)
    doc += '<div id="app">' + '\n'.join(body2) + '</div>\n'
    doc += '<script>window.__APP_READY__=true;</script><div id="toast-container" style="display:none"></div><div class="back-top" style="display:none">返回顶部</div>'
    doc += '</body>'
    return doc


# ====================================================================== labels
CLAUSE = re.compile(r'[，。；！？：、（）…—]+')


def clauses(p):
    out = []
    for c in CLAUSE.split(p):
        c = c.strip('\u3000 ')
        if c.count('“') != c.count('”'):
            c = c.strip('“”')
        out.append(c)
    return out


def good(c, lo=8):
    return (lo <= len(c) <= 30 and c.count('“') == c.count('”') and '日电' not in c
            and not c.startswith(('财汇网讯', '本报讯')))


def pick_seg(p, rng, avoid=(), first=True):
    cands = [c for c in clauses(p) if good(c, 10) and c not in avoid] or \
            [c for c in clauses(p) if good(c) and c not in avoid]
    if not cands:
        cands = [p[i:i + 14] for i in range(0, max(1, len(p) - 14), 7) if len(p[i:i + 14]) >= 8]
    if first:
        return cands[0]
    return rng.choice(cands)


def pick_with(st, rng):
    ps = st['ps']
    segs = [pick_seg(ps[0], rng)]
    if len(ps) == 2:
        c = [x for x in clauses(ps[0]) if good(x) and x not in segs]
        if c:
            segs.append(c[-1])
    for p in ps[1:-1][:3]:
        segs.append(pick_seg(p, rng, segs, first=False))
    lc = [x for x in clauses(ps[-1]) if good(x) and x not in segs]
    segs.append(lc[-1] if lc else pick_seg(ps[-1], rng, segs, first=False))
    return segs


def seg_of(s):
    if 4 <= len(s) <= 30:
        return s
    c = [x for x in clauses(s) if 8 <= len(x) <= 30]
    return c[0] if c else s[:20].strip()


PRIORITY = {
    'trailing_boilerplate': ['trailing', 'trailing', 'trailing', 'footer', 'related', 'nav'],
    'inline_stray': ['inline', 'inline', 'inline', 'nav', 'footer', 'related'],
    'short_article': ['blurb', 'blurb', 'sidebar', 'nav', 'footer'],
    'headline_vs_title': ['title', 'related', 'nav', 'footer', 'share'],
    'snapshot': ['noscript', 'nav', 'footer', 'related', 'share'],
    'ordinary': ['comments', 'comments', 'crumb', 'related', 'footer'],
}


def pick_without(st, pg, text, body_text, rng):
    out = []
    order_of = {}
    used = {c: 0 for c in pg.chrome}
    for cat in PRIORITY[st['k']]:
        lst = pg.chrome.get(cat, [])
        if cat not in order_of:
            order_of[cat] = rng.sample(lst, len(lst)) if cat in ('trailing', 'related', 'sidebar') else list(lst)
        lst = order_of[cat]
        while used.get(cat, 0) < len(lst):
            s = seg_of(lst[used[cat]])
            used[cat] += 1
            if overlaps(s, out) or s in body_text or s in st['t'] or s not in text or len(s) < 4:
                continue
            out.append(s)
            break
    # fill up to at least 4 from any category
    for cat in ['footer', 'nav', 'related', 'sidebar', 'share', 'crumb', 'comments']:
        for s0 in pg.chrome.get(cat, []):
            if len(out) >= 4:
                break
            s = seg_of(s0)
            if overlaps(s, out) or s in body_text or s in st['t'] or s not in text or len(s) < 4:
                continue
            out.append(s)
    return out[:6]


def overlaps(s, out):
    return any(s in o or o in s for o in out)


def main():
    for sp in ('dev', 'test'):
        d = os.path.join(HERE, sp)
        if os.path.isdir(d):
            shutil.rmtree(d)
        os.makedirs(os.path.join(d, 'docs'))
    order = list(STORIES)
    random.Random(ID_SEED).shuffle(order)
    coin = random.Random(SPLIT_SEED)
    labels = {'dev': [], 'test': []}
    for i, st in enumerate(order, 1):
        pid = 'p%03d' % i
        split = 'dev' if coin.random() < 0.5 else 'test'
        rng = random.Random(1000 + st['n'])
        pg = Page(st, rng)
        head, battrs, body = RENDER[st['s']](st, pg)
        doc = assemble(st, pg, head, battrs, body, rng)
        m = re.search(r'<title>(.*?)</title>', doc)
        for piece in re.split(r'\s*(?:_|--| - |-|\|)\s*', m.group(1)):
            if len(piece) >= 4 and piece not in st['t']:
                pg.chrome.setdefault('title', []).append(piece)
        enc = st['enc']
        data = doc.encode(enc)  # strict: fails on characters outside GBK
        fn = 'docs/%s.html' % pid
        with open(os.path.join(HERE, split, fn), 'wb') as f:
            f.write(data)
        body_text = '\n'.join(st['ps'])
        w = pick_with(st, rng)
        wo = pick_without(st, pg, doc, body_text, rng)
        assert 3 <= len(w) <= 6 and 3 <= len(wo) <= 6, (st['n'], w, wo)
        for s in w:
            assert 8 <= len(s) <= 30 and s in doc, (st['n'], s)
        assert w[0] in st['ps'][0] and w[-1] in st['ps'][-1], st['n']
        for s in wo:
            assert s in doc and s not in body_text, (st['n'], s)
        d = st['d']
        if d is None:
            pd, prec = None, None
        elif isinstance(d, tuple):
            pd, prec = d
        else:
            pd, prec = d.split()[0], 'day'
        labels[split].append(dict(file=fn, kind=st['k'], encoding=enc, title=st['t'], published_date=pd,
                                  date_precision=prec, **{'with': w, 'without': wo}))
    for sp in labels:
        with open(os.path.join(HERE, sp, 'labels.jsonl'), 'w', encoding='utf-8') as f:
            for lab in labels[sp]:
                f.write(json.dumps(lab, ensure_ascii=False) + '\n')
        print(sp, len(labels[sp]))


if __name__ == '__main__':
    main()
