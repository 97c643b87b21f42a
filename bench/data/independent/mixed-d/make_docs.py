# -*- coding: utf-8 -*-
"""Generate set mixed-d: 56 documents in 6 formats + labels.jsonl per split.
Run: python3 make_docs.py   (standard library only)
"""
import html, json, os, random, shutil, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stories_data import S, S05_SPUN, S05_SPUN_TITLE

HERE = os.path.dirname(os.path.abspath(__file__))
E = html.escape

# ------------------------------------------------------------------ split: one seeded coin per story
_rng = random.Random(20240611)
SPLIT = {sid: ('dev' if _rng.random() < 0.5 else 'test') for sid in sorted(S)}

# ------------------------------------------------------------------ shared chrome snippets
FOLLOW = "关注“{acc}”公众号，了解更多身边事。觉得有用？点个“在看”，分享让更多人看到！"
NOREPRINT = "本文为原创稿件，未经授权请勿转载。"

def paras_of(doc, st):
    ps = list(doc.get('paras') or st['paras'])
    for i in sorted(doc.get('drop', []), reverse=True):
        del ps[i]
    if 'strip_prefix' in doc:
        ps[0] = ps[0].replace(doc['strip_prefix'], '', 1)
    return ps

OWNER = {'上海黄浦': '上海市黄浦区人民政府办公室', '上海徐汇': '上海市徐汇区人民政府办公室',
         '上海长宁': '上海市长宁区人民政府办公室', '上海静安': '上海市静安区人民政府办公室',
         '上海宝山': '上海市宝山区人民政府办公室', '今日闵行': '上海市闵行区人民政府办公室',
         '上海浦东': '上海市浦东新区人民政府办公室', '上海松江': '上海市松江区人民政府办公室',
         '上海青浦': '上海市青浦区人民政府办公室'}

# ------------------------------------------------------------------ portal_html
def portal(doc, st):
    site, domain = doc['site']
    t = doc.get('title', st['title'])
    ps = paras_of(doc, st)
    body = []
    for i, p in enumerate(ps):
        body.append(f'<p style="text-indent:2em;">{E(p)}</p>')
        if doc.get('ad') and i == 1:
            body.append('<div class="inline-ad"><a href="https://ad.example-adnet.cn/c?i=8812">老房翻新季 0元上门量房 限时领取装修补贴</a><span class="ad-close">×</span></div>')
    if doc.get('noreprint'):
        body.append(f'<p class="statement">{NOREPRINT}</p>')
    rel = ''.join(f'<li><a href="/news/{1000+k}.html">{E(h)}</a><span>{d}</span></li>'
                  for k, (h, d) in enumerate(doc.get('related', [])))
    head_tag = doc.get('htag', 'h1')
    if head_tag == 'div':
        headline = f'<div class="title">{E(t)}</div>'
    else:
        headline = f'<{head_tag} class="news-title">{E(t)}</{head_tag}>'
    return f'''<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{E(t)}{doc.get('sep','_')}{site}</title>
<meta name="keywords" content="{site},街镇动态,社区">
<link rel="stylesheet" href="/css/common.css">
<link rel="stylesheet" href="/css/article.css">
</head>
<body>
<div class="topbar"><div class="w1200"><span>欢迎访问{site}</span><a href="#">无障碍浏览</a> | <a href="#">长者模式</a> | <a href="#">English</a></div></div>
<div class="header"><div class="w1200"><a class="logo" href="https://{domain}/">{site}</a>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/xxgk/">政务公开</a></li><li><a href="/news/">新闻中心</a></li><li><a href="/bsfw/">办事服务</a></li><li><a href="/hdjl/">互动交流</a></li></ul></div></div>
<div class="w1200 crumb">当前位置：<a href="/">首页</a> &gt; <a href="/news/">新闻中心</a> &gt; <a href="/news/jzdt/">{doc.get('column','街镇动态')}</a></div>
<div class="w1200 article">
{headline}
<div class="news-info">发布时间：{doc['pubtime']}　　来源：{doc['source']}　　浏览次数：{doc.get('views', 1287)}　　【字号：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】</div>
<div class="news-content">
{chr(10).join(body)}
</div>
<div class="editor">责任编辑：{doc.get('editor','王丽')}</div>
<div class="share">分享到：<a class="wx" href="#">微信</a><a class="wb" href="#">微博</a><a class="qq" href="#">QQ空间</a> <a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
<div class="related"><h3>相关新闻</h3><ul>{rel}</ul></div>
</div>
<div class="footer"><div class="w1200">
<p><a href="#">网站地图</a> | <a href="#">联系我们</a> | <a href="#">隐私声明</a></p>
<p>主办：{OWNER[site]}　版权所有：{site}　{doc.get('icp','沪ICP备05012345号-1')}</p>
<p>{doc.get('address','')}</p>
</div></div>
<script src="/js/jquery.min.js"></script><script src="/js/share.js"></script>
</body>
</html>
'''

# ------------------------------------------------------------------ snapshot_html
CSS_BASE = """
*{margin:0;padding:0;box-sizing:border-box}body{font-family:"PingFang SC","Hiragino Sans GB","Microsoft YaHei",sans-serif;font-size:14px;color:#333;background:#f4f5f7}
a{color:#333;text-decoration:none}a:hover{color:#c8161d}ul,ol{list-style:none}img{border:0;max-width:100%}
.w1200{width:1200px;margin:0 auto}.clearfix:after{content:"";display:block;clear:both}
.g-header{height:88px;background:#fff;border-bottom:3px solid #c8161d}.g-header .logo{float:left;height:88px;line-height:88px;font-size:26px;font-weight:700;color:#c8161d}
.g-nav{float:right;height:88px}.g-nav li{float:left;margin-left:28px;line-height:88px;font-size:16px}.g-nav li.on a{color:#c8161d;font-weight:700}
.g-crumb{padding:14px 0;color:#888;font-size:13px}.g-crumb a{color:#666}.g-crumb em{margin:0 6px;font-style:normal}
.art-main{background:#fff;padding:40px 60px;min-height:600px}.art-title,.article-title{font-size:28px;line-height:42px;text-align:center;color:#222;font-weight:700}
.art-info{margin:18px 0 26px;padding-bottom:14px;border-bottom:1px dashed #ddd;text-align:center;color:#999;font-size:13px}.art-info span{margin:0 10px}
.art-body p{font-size:16px;line-height:32px;margin-bottom:18px;text-indent:2em;text-align:justify}.art-body img{display:block;margin:10px auto}
.art-share{margin-top:30px;text-align:right}.art-share a{display:inline-block;width:30px;height:30px;margin-left:8px;border-radius:50%;background:#eee}
.rel-list{margin-top:36px}.rel-list h4{font-size:18px;border-left:4px solid #c8161d;padding-left:10px;margin-bottom:12px}.rel-list li{line-height:36px;border-bottom:1px solid #f0f0f0}.rel-list li span{float:right;color:#aaa}
.g-footer{margin-top:40px;background:#2b2b2b;color:#aaa;padding:30px 0;text-align:center;line-height:26px;font-size:12px}
.ad-inline{position:relative;margin:20px 0;padding:14px 40px 14px 16px;background:#fffbe6;border:1px solid #ffe58f;font-size:14px}.ad-inline .x{position:absolute;right:12px;top:10px;cursor:pointer;color:#999}
.app-bar{position:fixed;left:0;right:0;bottom:0;height:56px;background:rgba(0,0,0,.82);color:#fff;display:flex;align-items:center;justify-content:space-between;padding:0 16px;z-index:999}
.app-bar .btn{background:#e60012;color:#fff;border-radius:14px;padding:4px 14px}
@media screen and (max-width:768px){.w1200{width:100%}.art-main{padding:20px 16px}.art-title,.article-title{font-size:22px;line-height:32px;text-align:left}.g-nav{display:none}}
"""

def css_variant(k):
    extra = []
    for i in range(18):
        extra.append(f".m-card-{k}-{i}{{margin:{(i*3)%17}px {(i*5)%13}px;padding:{i%7+4}px;border-radius:{i%5}px;"
                     f"background:#{(0xf0f0f0 - i*0x030201 - k*0x010101) & 0xffffff:06x};}}")
    return CSS_BASE + "\n".join(extra)

JS_CONFIG = """
window.__SITE_CONFIG__ = {{"siteId":"{sid}","channel":"{ch}","env":"prod","cdn":"https://static.{dom}/","version":"3.8.{v}","features":{{"elder":true,"barrierFree":true,"share":["wechat","weibo","qzone"]}}}};
(function(){{var d=document,w=window;w.dataLayer=w.dataLayer||[];function t(){{w.dataLayer.push(arguments)}}t('init',{{site:'{sid}',page:'article'}});
var r=d.referrer||'';if(r.indexOf('{dom}')<0){{try{{sessionStorage.setItem('__ref',r)}}catch(e){{}}}}
w.addEventListener('scroll',function(){{var h=d.documentElement.scrollTop||d.body.scrollTop;var b=d.getElementById('goTop');if(b){{b.style.display=h>600?'block':'none'}}}});}})();
"""
JS_STAT = """
var _hmt = _hmt || [];
(function() {{
  var hm = document.createElement("script");
  hm.src = "https://stat.{dom}/hm.js?{h}";
  var s = document.getElementsByTagName("script")[0];
  s.parentNode.insertBefore(hm, s);
}})();
function fontSize(n){{var el=document.querySelector('.art-body');if(!el)return;el.style.fontSize=n+'px';try{{localStorage.setItem('fz',n)}}catch(e){{}}}}
function elderMode(on){{document.documentElement.classList[on?'add':'remove']('elder');var a=document.querySelectorAll('.art-body p');for(var i=0;i<a.length;i++){{a[i].style.lineHeight=on?'40px':''}}}}
"""
JS_POLY = """
/*! polyfill bundle (trimmed) */
if(!Array.prototype.forEach){Array.prototype.forEach=function(c,t){for(var i=0,n=this.length;i<n;i++){if(i in this)c.call(t,this[i],i,this)}}}
if(!String.prototype.trim){String.prototype.trim=function(){return this.replace(/^[\\s\\uFEFF\\xA0]+|[\\s\\uFEFF\\xA0]+$/g,'')}}
if(!Object.keys){Object.keys=function(o){var r=[];for(var k in o){if(Object.prototype.hasOwnProperty.call(o,k))r.push(k)}return r}}
window.requestAnimationFrame=window.requestAnimationFrame||function(f){return setTimeout(f,16)};
"""

def snapshot(doc, st):
    site, domain = doc['site']
    bd = domain[4:] if domain.startswith('www.') else domain
    t = doc.get('title', st['title'])
    ps = paras_of(doc, st)
    k = doc['n']
    lead = {'bom': '\ufeff', 'ws': '\n\n   ', 'saved': '', 'none': ''}[doc.get('lead', 'none')]
    saved = f'<!-- saved from url=(00{60+len(domain)})https://{domain}/news/{2000+k*7}.html -->\n' if doc.get('lead') == 'saved' else ''
    open_html = '<html lang="zh-CN">' if doc.get('html_tag') else ''
    ld = ''
    if doc.get('jsonld'):
        ld = ('<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",'
              f'"headline":"{t}","datePublished":"{doc["jsonld"]}","publisher":{{"@type":"Organization","name":"{site}"}}}}</script>')
    head = f'''{lead}{saved}{open_html}<head>
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">
<meta name="viewport" content="width=device-width,initial-scale=1,maximum-scale=1,user-scalable=no">
<meta name="renderer" content="webkit">
<!-- [if lt IE 9]><script src="https://static.{bd}/js/html5shiv.min.js"></script><![endif] -->
<title>{E(t)}{doc.get('sep',' - ')}{site}</title>
<meta name="SiteName" content="{site}">
<meta name="ColumnName" content="{doc.get('column','街镇动态')}">
<meta name="PubDate" content="{doc.get('metadate', doc['pubtime'])}">
<style type="text/css">{css_variant(k)}</style>
<script type="text/javascript">{JS_POLY}</script>
<script type="text/javascript">{JS_CONFIG.format(sid=bd.split('.')[0], ch=doc.get('column','街镇动态'), dom=bd, v=k)}</script>
<!-- 统计代码 开始 -->
<script>{JS_STAT.format(dom=bd, h=f"{k*2654435761 % (1<<64):016x}")}</script>
<!-- 统计代码 结束 -->
<noscript><img height="1" width="1" style="display:none" src="https://stat.{bd}/px?noscript=1&amp;p=article"></noscript>
<style>.elder .art-body p{{font-size:20px!important}}#goTop{{position:fixed;right:30px;bottom:80px;display:none;width:44px;height:44px;background:#c8161d;color:#fff;text-align:center;line-height:44px;border-radius:4px}}</style>
{ld}
</head>'''
    body = []
    for i, p in enumerate(ps):
        body.append(f'<p>{E(p)}</p>')
        if doc.get('ad') and i == 1:
            body.append('<div class="ad-inline"><!-- ad slot 3 --><a href="https://c.adx-example.cn/click?id=5531" target="_blank">【广告】家装焕新节 全屋定制套餐直降3000元 点击领取优惠券</a><span class="x">×</span></div>')
    tail = []
    if doc.get('noreprint'):
        tail.append(f'<p class="copy-note">{NOREPRINT}</p>')
    if doc.get('follow'):
        tail.append(f'<div class="follow-box"><img src="https://static.{bd}/img/qrcode.png" alt=""><p>{FOLLOW.format(acc=site)}</p></div>')
    titletag = (f'<h1 class="art-title">{E(t)}</h1>' if doc.get('htag', 'h1') == 'h1'
                else f'<div class="article-title">{E(t)}</div>')
    rel = ''.join(f'<li><a href="https://{domain}/news/{3000+j}.html" target="_blank">{E(h)}</a><span>{d}</span></li>'
                  for j, (h, d) in enumerate(doc.get('related', [])))
    relblock = f'<div class="rel-list"><h4>{doc.get("rel_label","相关阅读")}</h4><ul>{rel}</ul></div>' if rel else ''
    app = ''
    if doc.get('app'):
        app = f'<div class="app-bar"><span>打开{site}APP，阅读体验更佳</span><a class="btn" href="https://m.{bd}/download">立即打开</a></div>'
    bodyhtml = f'''<body class="page-article"><div id="app">
<div class="g-header"><div class="w1200 clearfix"><a class="logo" href="https://{domain}/">{site}</a>
<ul class="g-nav"><li><a href="/">首页</a></li><li class="on"><a href="/news/">要闻动态</a></li><li><a href="/gov/">政务公开</a></li><li><a href="/service/">便民服务</a></li></ul></div></div>
<!--crumb-->
<div class="w1200 g-crumb"><a href="/">首页</a><em>&gt;</em><a href="/news/">要闻动态</a><em>&gt;</em><span>{doc.get('column','街镇动态')}</span></div>
<div class="w1200 art-main">
{titletag}
<div class="art-info"><span>发布时间：{doc['pubtime']}</span><span>来源：{doc['source']}</span><span class="fz">字号：<a href="javascript:fontSize(18)">大</a> <a href="javascript:fontSize(16)">中</a> <a href="javascript:fontSize(14)">小</a></span></div>
<div class="art-body">
{chr(10).join(body)}
</div>
{chr(10).join(tail)}
<div class="art-share"><a class="s-wx" title="微信"></a><a class="s-wb" title="微博"></a><a class="s-qq" title="QQ"></a></div>
{relblock}
</div>
<div class="g-footer"><p>{site} 版权所有　{doc.get('icp','沪ICP备10203040号')}</p><p>建议使用1366×768以上分辨率浏览</p></div>
<a id="goTop" href="#">↑</a>
{app}
</div>
<script src="https://static.{bd}/js/article.bundle.js?v=3.8.{k}"></script>
</body>'''
    return head + '\n' + bodyhtml + ('</html>' if doc.get('html_tag') else '')

# ------------------------------------------------------------------ netease_html
def netease(doc, st):
    t = doc.get('title', st['title'])
    ps = paras_of(doc, st)
    acc = doc['account']
    body = []
    for i, p in enumerate(ps):
        body.append(f'<p>{E(p)}</p>')
        if doc.get('ad') and i == 1:
            body.append('<div class="post_adv"><span class="tag">广告</span><a href="https://g.163-adx.example/x?c=77">夏季空调清洗上门服务 59元起 预约即送除菌喷雾</a><i class="close">×</i></div>')
    extra = ''
    if doc.get('follow'):
        extra += f'<p class="f_end">{FOLLOW.format(acc=acc)}</p>'
    rel = ''.join(f'<li><a href="https://www.163.com/dy/article/{"H"+str(7000+j)}ABCD0534A1B2.html">{E(h)}</a><span class="time">{d}</span></li>'
                  for j, (h, d) in enumerate(doc.get('related', [])))
    app = ''
    if doc.get('app'):
        app = '<div class="app_guide"><p>下载网易新闻客户端，看更多身边新鲜事</p><a href="https://m.163.com/newsapp/">打开APP</a></div>'
    return f'''<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{E(t)}|网易</title>
<meta name="keywords" content="{acc},社区,上海">
<meta name="description" content="{E(ps[0][:60])}">
<link rel="stylesheet" href="https://static.ws.126.net/163/f2e/dy_article/post.css">
</head>
<body>
<div class="N-nav-channel"><a href="https://www.163.com/">网易首页</a> &gt; <a href="https://www.163.com/dy/">网易号</a> &gt; 正文</div>
<div class="post_main">
<h1 class="post_title">{E(t)}</h1>
<div class="post_info">{doc['pubtime']}　来源: <a href="https://www.163.com/dy/media/T15{doc['n']:04d}.html">{acc}</a><br><span class="post_info_ip">{doc.get('ip','上海')}</span></div>
<div class="post_body">
<p class="f_center">本文来自网易号作者：{acc}</p>
{chr(10).join(body)}
{extra}
</div>
<div class="post_statement"><span class="bg"></span>特别声明：本文由网易号作者“{acc}”上传并发布，仅代表作者本人观点，网易只提供信息发布与存储服务。</div>
{app}
<div class="post_related"><h3>相关推荐</h3><ul>{rel}</ul></div>
<div class="post_comment"><a href="#">跟贴 {doc.get('cmt', 12)}</a> <a href="#">参与 {doc.get('cmt', 12)*9}</a></div>
</div>
<div class="N-footer">©1997-2024 网易公司版权所有 About NetEase | 公司简介 | 联系方法 | 招聘信息 | 客户服务 | 隐私政策</div>
</body>
</html>
'''

# ------------------------------------------------------------------ mirror_txt
def mirror(doc, st):
    t = doc.get('title', st['title'])
    ps = paras_of(doc, st)
    L = []
    if doc.get('style') == 'rmw':
        L += ["人民网 >> 地方 >> 上海频道 >> 区县新闻", "", t, "",
              f"{doc['pubtime']}  来源：{doc['source']}", "", "分享到：", ""]
        if doc.get('author'):
            L += [f"作者：{doc['author']}", ""]
        for i, p in enumerate(ps):
            L += ["　　" + p, ""]
            if doc.get('app') and i == 1:
                L += ["打开人民日报客户端 看更多权威资讯 >>", ""]
        if doc.get('noreprint'):
            L += [NOREPRINT, ""]
        L += [f"(责编：{doc['editor']})", "", "分享让更多人看到", ""]
        if doc.get('related'):
            L += ["推荐阅读"] + [f"{h}　{d}" for h, d in doc['related']] + [""]
        L += ["人民网版权所有，未经书面授权禁止使用", "Copyright © 1997-2024 by www.people.com.cn. all rights reserved"]
    else:
        L += ["新民网 | 首页 > 社区 > 正文", "", t, "",
              f"来源：{doc['source']}　　作者：{doc.get('author','')}　　{doc['pubtime']}", ""]
        for i, p in enumerate(ps):
            L += [p, ""]
            if doc.get('app') and i == 1:
                L += ["【下载新民APP，追踪上海社区新鲜事】", ""]
        if doc.get('noreprint'):
            L += [NOREPRINT, ""]
        L += [f"责编：{doc['editor']}", ""]
        if doc.get('related'):
            L += ["相关新闻"] + [f"· {h}（{d}）" for h, d in doc['related']] + [""]
        L += ["新民网版权所有 · 沪ICP备06023780号"]
    return "\n".join(L) + "\n"

# ------------------------------------------------------------------ plain_txt
def plain(doc, st):
    t = doc.get('title', st['title'])
    ps = paras_of(doc, st)
    L = []
    L += doc.get('pre', [])
    if t and not doc.get('no_title'):
        L += [t]
    if doc.get('dateline'):
        L += [doc['dateline']]
    L += [""] if L else []
    for i, p in enumerate(ps):
        L += [p, ""]
        if doc.get('ad') and i == 1:
            L += ["广告 | 社区团购新人专享 鸡蛋1分钱 立即领取 ×", ""]
    L += doc.get('post', [])
    return "\n".join(L).rstrip("\n") + "\n"

# ------------------------------------------------------------------ frontmatter_md
def fm(doc, st):
    t = doc.get('title', st['title'])
    ps = paras_of(doc, st)
    y = ["---", f'title: "{t}"', f"date: {doc['fmdate']}", f"source: {doc['source']}"]
    if doc.get('url'):
        y.append(f"url: {doc['url']}")
    if doc.get('tags'):
        y.append("tags: [" + ", ".join(doc['tags']) + "]")
    y.append("---")
    L = y + [""]
    if doc.get('h1'):
        L += [f"# {t}", ""]
    if doc.get('img'):
        L += [f"![]({doc['img']})", "", f"*{doc['imgcap']}*", ""]
    for i, p in enumerate(ps):
        if doc.get('sub') and i in doc['sub']:
            L += [f"**{doc['sub'][i]}**", ""]
        L += [p, ""]
    L += doc.get('post', [])
    return "\n".join(L).rstrip("\n") + "\n"

RENDER = {'portal_html': (portal, 'html'), 'snapshot_html': (snapshot, 'html'),
          'netease_html': (netease, 'html'), 'mirror_txt': (mirror, 'txt'),
          'plain_txt': (plain, 'txt'), 'frontmatter_md': (fm, 'md')}

from docs_spec import DOCS

def prec(d):
    if d is None: return None
    return {10: 'day', 7: 'month', 4: 'year'}[len(d)]

def main():
    for sp in ('dev', 'test'):
        p = os.path.join(HERE, sp)
        if os.path.isdir(p):
            shutil.rmtree(p)
        os.makedirs(os.path.join(p, 'docs'))
    labels = {'dev': [], 'test': []}
    for n, doc in enumerate(DOCS, 1):
        doc['n'] = n
        st = S[doc['sid']]
        fn, ext = RENDER[doc['fmt']]
        text = fn(doc, st)
        sp = SPLIT[doc['sid']]
        rel = f"docs/md{n:02d}.{ext}"
        with open(os.path.join(HERE, sp, rel), 'wb') as f:
            f.write(text.encode('utf-8'))
        title = None if doc.get('no_title') or doc.get('title', st['title']) is None else doc.get('title', st['title'])
        date = doc.get('label_date', st['date'])
        lab = dict(file=rel, format=doc['fmt'], encoding='utf-8', script='simplified', title=title,
                   published_date=date, date_precision=prec(date), primary_district=st['district'],
                   places=doc.get('places', st['places']), not_places=doc.get('not_places', []),
                   initiatives=doc.get('inits', st['inits']), story=f"mixed-d-{doc['sid']}", twin_of=None)
        notes = " ".join(x for x in (st.get('notes', ''), doc.get('notes', '')) if x)
        if notes:
            lab['notes'] = notes
        labels[sp].append(lab)
    for sp in labels:
        with open(os.path.join(HERE, sp, 'labels.jsonl'), 'w', encoding='utf-8') as f:
            for lab in labels[sp]:
                f.write(json.dumps(lab, ensure_ascii=False) + "\n")
    print({sp: len(v) for sp, v in labels.items()},
          {sp: len({l['story'] for l in v}) for sp, v in labels.items()})

if __name__ == '__main__':
    main()
