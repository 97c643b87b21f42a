# -*- coding: utf-8 -*-
"""Generate the captures-b evaluation set (text / markdown captures) and its labels.

Run:  python3 make_docs.py        (standard library only)
Texts live in stories.py; this script wraps them in site chrome, writes bytes in the
declared encoding, and writes dev/test labels.jsonl.  Split = seeded coin per story.
"""
import csv, datetime, json, os, random, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from stories import S, BY_ID  # noqa

REF = "/work/shared/reference"
SUBS = list(csv.DictReader(open(os.path.join(REF, "shanghai_subdistricts.csv"), encoding="utf-8")))
DISTS = list(csv.DictReader(open(os.path.join(REF, "shanghai_districts.csv"), encoding="utf-8")))
SUB_DIST = {r["name"]: r["district"] for r in SUBS}
DSHORT = {r["name"]: r["short_name"] for r in DISTS}

# ---------------------------------------------------------------- split (once, by seeded coin)
_ORDER = sorted(BY_ID)
random.Random("captures-b/split").shuffle(_ORDER)
_DEV = set(_ORDER[: len(_ORDER) // 2])


def split_of(sid):
    # seeded balanced coin: a seeded shuffle of the 60 story ids, first half dev
    return "dev" if sid in _DEV else "test"

# ---------------------------------------------------------------- dates
CN_DIGIT = "〇一二三四五六七八九"
WEEK = "一二三四五六日"

def cn_num(n):
    if n < 10:
        return "〇一二三四五六七八九"[n] if n else "〇"
    t, u = divmod(n, 10)
    return ("" if t == 1 else CN_DIGIT[t]) + "十" + (CN_DIGIT[u] if u else "")

def D(s):
    return datetime.date(*map(int, s.split("-")))

def fmt(d, style):
    if isinstance(d, str):
        d = D(d)
    y, m, dd = d.year, d.month, d.day
    return {
        "iso": f"{y}-{m:02d}-{dd:02d}",
        "iso_nz": f"{y}-{m}-{dd}",
        "dot": f"{y}.{m:02d}.{dd:02d}",
        "slash": f"{y}/{m:02d}/{dd:02d}",
        "cn": f"{y}年{m}月{dd}日",
        "cn0": f"{y}年{m:02d}月{dd:02d}日",
        "cnnum": "".join(CN_DIGIT[int(c)] for c in str(y)) + "年" + cn_num(m) + "月" + cn_num(dd) + "日",
    }[style]

def week(d):
    if isinstance(d, str):
        d = D(d)
    return "星期" + WEEK[d.weekday()]

# ---------------------------------------------------------------- chrome pools
STREETS_BY_DIST = {}
for r in SUBS:
    if r["name"].endswith(("街道", "镇", "乡")):
        STREETS_BY_DIST.setdefault(r["district"], []).append(r["name"])

ACTIONS = ["开展夏季消防安全检查", "召开居民区党组织书记例会", "举办社区睦邻文化节", "为新就业群体送清凉",
           "开展“平安楼道”创建", "举行新春团拜会", "启动老旧住宅雨污分流改造", "举办青少年科普嘉年华",
           "走访慰问困难退役军人", "召开城市更新居民意见征询会", "开设长者智能手机课堂", "举行优秀志愿者表彰会",
           "开展安全生产大检查", "组织居民游园迎中秋", "举办“邻里厨房”美食分享会", "开展防范电信诈骗宣传",
           "推进小区非机动车棚改造", "举办社区健康跑", "召开人大代表联络站接待日", "开展河道保洁专项行动"]

def rdate(rng, around, spread=400):
    base = D(around) if around else datetime.date(2021, 6, 1)
    while True:
        d = base + datetime.timedelta(days=rng.randint(-spread, spread))
        if d != base:
            return d

def rel_same(rng, st, n):
    pool = [x for x in STREETS_BY_DIST[st["dist"]] if x not in st["places"]]
    out = []
    for s in rng.sample(pool, min(n, len(pool))):
        out.append(s + rng.choice(ACTIONS))
    return out

def rel_other(rng, st, n, with_district=True):
    dists = [d for d in STREETS_BY_DIST if d != st["dist"]]
    out = []
    for d in rng.sample(dists, n):
        s = rng.choice(STREETS_BY_DIST[d])
        out.append((d if with_district else "") + s + rng.choice(ACTIONS))
    return out

PAPER = {  # district paper name, address (some addresses contain names of other 街道/镇: deliberate traps)
    "黄浦区": ("黄浦时报", "上海市黄浦区淮海中路××号", "200021"),
    "徐汇区": ("徐汇报", "上海市徐汇区漕溪北路××号", "200030"),
    "长宁区": ("长宁时报", "上海市长宁区江苏路××号", "200050"),
    "静安区": ("静安时报", "上海市静安区天目西路××号", "200070"),
    "普陀区": ("普陀报", "上海市普陀区长寿路××号", "200060"),
    "虹口区": ("虹口报", "上海市虹口区四平路××号", "200081"),
    "杨浦区": ("杨浦时报", "上海市杨浦区江浦路××号", "200082"),
    "闵行区": ("闵行报", "上海市闵行区莘庄镇莘浜路××号", "201100"),
    "宝山区": ("宝山报", "上海市宝山区友谊路××号", "201900"),
    "嘉定区": ("嘉定报", "上海市嘉定区博乐路××号", "201800"),
    "浦东新区": ("浦东时报", "上海市浦东新区花木街道锦绣路××号", "200135"),
    "金山区": ("金山报", "上海市金山区朱泾镇人民路××号", "201500"),
    "松江区": ("松江报", "上海市松江区方松街道中山中路××号", "201600"),
    "青浦区": ("青浦报", "上海市青浦区盈浦街道公园路××号", "201700"),
    "奉贤区": ("奉贤报", "上海市奉贤区南桥镇解放东路××号", "201400"),
    "崇明区": ("崇明报", "上海市崇明区城桥镇人民路××号", "202150"),
}

REPORTERS = ["钱敏", "沈佳怡", "陆文斌", "周蕾", "唐骏", "邵雯", "蒋立新", "冯晓", "范思琪", "孙浩", "朱颖", "贺斌"]
EDITORS = ["王琳", "李卫", "赵晨", "胡晓燕", "张弛", "吴越", "郑洁", "徐文"]

def body(st, sep="\n\n", indent=""):
    return sep.join(indent + p for p in st["paras"])

# ---------------------------------------------------------------- layouts
def epaper(st, o, rng):
    paper, addr, zipc = PAPER[st["dist"]]
    d = st["date"]
    n = rng.randint(1200, 3900)
    issue_date = fmt(d, o.get("issue", "cn"))
    L = [paper, f"{paper}数字报 · 电子版", "",
         "首页 | 往期回顾 | 版面导航 | 标题导航 | PDF下载 | 检索", "",
         f"{paper}  第{n}期  {issue_date} {week(d)}", "",
         f"第A{rng.randint(2, 8)}版：{rng.choice(['社区新闻', '社区', '街镇', '民生·社区'])}      上一版  下一版  返回目录", ""]
    if st["title"] and not o.get("nohead"):
        L.append(st["title"])
        if st["sub"]:
            L.append(st["sub"])
        if o.get("publine", True):
            L.append(f"发布日期：{fmt(d, o.get('pub', 'iso'))}    字数：{sum(len(p) for p in st['paras'])}")
        L.append("")
        L.append("□本报记者 " + rng.choice(REPORTERS))
    else:
        L.append(st["byline"] or "")
    L.append("")
    L.append(body(st, "\n", "　　"))
    L += ["", "【字号 大 中 小】  【打印本页】  【关闭窗口】", "",
          "本版其他文章：", *["  · " + h for h in rel_same(rng, st, 4)], "",
          f"{paper}社版权所有  未经授权不得转载", f"地址：{addr}  邮编：{zipc}  新闻热线：021-{rng.randint(5000,6999)}{rng.randint(1000,9999)}"]
    return "\n".join(L) + "\n"

def portal(st, o, rng):
    short = DSHORT[st["dist"]]
    d = st["date"]
    place = st["places"][0]
    road, zipc = o.get("addr", (f"上海市{st['dist']}××路××号", "2000××"))
    L = [f"上海{short}", f"上海市{st['dist']}人民政府门户网站", "",
         "无障碍 | 长者模式 | 繁體 | 登录 | 注册", "",
         "首页", "政务公开", "政务服务", "互动交流", f"走进{short}", "新闻中心", "专题专栏", "",
         f"当前位置：首页 > 新闻中心 > {rng.choice(['街道动态', '街镇动态', '基层动态'])}", ""]
    if o.get("nohead"):
        L += [f"发布时间：{fmt(d, 'iso')}  来源：{place}  阅读：1.2万", "【字体：大 中 小】 打印本页 关闭窗口", "", st["byline"], ""]
    else:
        if o.get("glued_title"):
            L.append(st["title"] + "发布时间：" + fmt(d, "cn0"))
        else:
            L.append(st["title"])
        if st["sub"]:
            L.append(st["sub"])
        pl = o.get("pubfmt", "发布时间：{d}  来源：{src}")
        if not o.get("glued_title"):
            L.append(pl.format(d=fmt(d, o.get("dstyle", "iso")), src=place))
        else:
            L.append(f"来源：{place}  作者：{rng.choice(REPORTERS)}")
        L += ["【字体：大 中 小】  打印本页  关闭窗口", "分享到：微信 | 微博 | QQ空间", ""]
    L.append(body(st, "\n", "　　"))
    L += ["", f"责任编辑：{rng.choice(EDITORS)}", "", "相关新闻"]
    for h in rel_same(rng, st, 3):
        L.append(f"{h}    {rdate(rng, d).isoformat()}")
    L += ["", "网站地图 | 联系我们 | 隐私声明", f"主办：上海市{st['dist']}人民政府办公室  承办：{st['dist']}融媒体中心",
          f"地址：{road}  邮编：{zipc}  联系电话：021-{rng.randint(5000,6999)}{rng.randint(1000,9999)}",
          f"沪ICP备{rng.randint(10000000, 99999999)}号-1  沪公网安备 {rng.randint(31010000000000, 31019999999999)}号"]
    return "\n".join(L) + "\n"

MIRROR_SITES = [("东方城事网", "申江晚报"), ("沪闻网", "沪上日报"), ("城事在线", "申江晚报")]

def mirror(st, o, rng):
    site, paper = rng.choice(MIRROR_SITES)
    d = st["date"]
    L = [f"{site} >> 上海频道 >> 社区", f"{site}—{paper}社区版", "", "首页 | 时政 | 社会 | 社区 | 文化 | 图片 | 视频", ""]
    if not o.get("nohead"):
        L.append(st["title"])
        if st["sub"]:
            L.append(st["sub"])
        L.append("")
    src = f"来源：{paper}    作者：{rng.choice(REPORTERS)}"
    if d:
        gap = "" if o.get("glue") else " "
        src = f"{fmt(d, o.get('dstyle', 'cn'))}{gap}{rng.randint(7, 9):02d}:{rng.randint(0, 59):02d}    " + src
    L += [src, "分享到：", ""]
    if o.get("nohead"):
        L += [st["byline"], ""]
    L.append(body(st, "\n\n"))
    L += ["", f"（责编：{rng.choice(EDITORS)}、{rng.choice(EDITORS)}）", "", "相关阅读"]
    for h in rel_other(rng, st, 3):
        L.append("· " + h)
    L += ["", f"{site}版权所有，未经书面授权禁止使用", f"违法和不良信息举报电话：021-{rng.randint(5000,6999)}{rng.randint(1000,9999)}"]
    return "\n".join(L) + "\n"

def netease(st, o, rng):
    d = st["date"]
    acct = o.get("acct", f"{DSHORT[st['dist']]}发布")
    t = f"{fmt(d, 'iso')} {rng.randint(7, 21):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"
    L = ["网易首页 > 网易号 > 正文", "申请入驻", ""]
    if not o.get("nohead"):
        L.append(st["title"])
    L += [f"{t}　来源: {acct}　上海", "举报", f"{rng.randint(0, 40)}", "分享至", "用微信扫码二维码", "分享至好友和朋友圈", ""]
    if o.get("copynote"):
        L += [o["copynote"], ""]
    L.append(body(st, "\n\n"))
    L += ["", f"本文来自网易号作者「{acct}」，仅代表作者本人观点。",
          "特别声明：本文由网易自媒体平台“网易号”作者上传并发布，网易仅提供信息发布与存储服务。",
          "", "/阅读下一篇/", "返回网易首页 下载网易新闻客户端", "", "相关推荐"]
    for h in rel_other(rng, st, 4):
        L.append(f"{h}\n{rng.choice(['上观新闻', '澎湃新闻', '侬好上海', '新闻晨报'])}  {rdate(rng, d).isoformat()}")
    L += ["", "热点新闻", "· 上海今夏首个高温日来了", "· 地铁新线路试运行时间公布"]
    return "\n".join(L) + "\n"

def wechat(st, o, rng):
    acct = o["acct"]
    d = st["date"]
    title = o.get("title") or st["title"]
    L = [f"扫描二维码 关注“{acct}”", "", f"# {title}", "",
         f"原创 {acct} {acct} *{fmt(d, o.get('dstyle', 'iso'))} {rng.randint(8, 21):02d}:{rng.randint(0, 59):02d}* 发表于上海", "",
         f"□记者 {rng.choice(REPORTERS)} 通讯员 {rng.choice(['施雯', '魏丹', '顾一鸣', '殷佳'])}", ""]
    paras = st["paras"]
    for i, p in enumerate(paras):
        if i == 1 and o.get("subhead"):
            L += [f"**{o['subhead']}**", ""]
        L += [p, ""]
    L += ["---", "", f"来源：{acct}", f"编辑：{rng.choice(EDITORS)}", f"审核：{rng.choice(EDITORS)}", "",
          "**点击阅读原文**", "", "分享 · 收藏 · 点赞 · 在看"]
    return "\n".join(L) + "\n"

FARM_SITES = ["沪居资讯网-装修攻略_房产资讯_家居百科_上海本地新闻",
              "申城生活资讯网-装修攻略_房产资讯_二手房_租房信息",
              "乐居上海网-装修效果图_房产资讯_装修攻略_本地生活",
              "海上家居网-装修攻略_房产资讯_建材团购"]
FARM_FOOT = [("上海市闵行区七宝镇漕宝路××号", "201101"), ("上海市松江区九亭镇沪亭北路××号", "201615"),
             ("上海市嘉定区江桥镇金沙江西路××号", "201803"), ("上海市宝山区大场镇环镇北路××号", "200436")]

def farm(st, o, rng, title=None, paras=None):
    site = o.get("site", rng.choice(FARM_SITES))
    sname = site.split("-")[0]
    addr, zipc = o.get("foot", rng.choice(FARM_FOOT))
    L = [site, "", "首页 | 装修攻略 | 房产资讯 | 本地资讯 | 家居百科 | 建材 | 留学", "",
         "【广告】全包装修限时特惠 三房两厅 69800 元起 免费上门量房 >>", "【广告】二手房急售 满五唯一 地铁口 点击咨询 >>", "",
         f"当前位置：首页 > 本地资讯 > 上海", ""]
    title = title if title is not None else st["title"]
    if title and not o.get("nohead"):
        L.append(title)
    if o.get("dateline"):
        L.append(o["dateline"])
    elif st["date"] is not None:
        L.append(f"时间：{fmt(st['date'], o.get('dstyle', 'iso'))}  来源：网络  编辑：小编")
    else:
        L.append("来源：网络整理  编辑：小编  浏览：" + str(rng.randint(100, 3000)))
    L.append("")
    L.append(body(dict(st, paras=paras or st["paras"]), "\n\n"))
    L += ["", "【广告】装修贷款 低至3.1% 在线申请 >>", "",
          "声明：本文转载自网络，仅供读者参考，版权归原作者所有。如有侵权，请联系本站删除。", "",
          "上一篇：小户型客厅如何装出大空间？这5个技巧要收好", "下一篇：2024年二手房交易税费一览", "",
          "猜你喜欢", "· 老房翻新多少钱一平米", "· 厨房瓷砖选哪种颜色不显脏", "· 阳台改造成书房的10个案例", "",
          "热门标签：装修预算 | 全屋定制 | 学区房 | 二手房 | 上海租房", "",
          f"Copyright © {sname} 版权所有", f"地址：{addr}  邮编：{zipc}  商务合作QQ：{rng.randint(10000000, 99999999)}"]
    return "\r\n".join(L) + "\r\n"

FORUMS = ["申城茶馆论坛", "沪上邻里论坛", "阿拉上海生活社区"]

def forum(st, o, rng):
    fname = rng.choice(FORUMS)
    d = D(st["date"]) + datetime.timedelta(days=o.get("lag", 0))
    t = f"{d.year}-{d.month}-{d.day} {rng.randint(8, 22)}:{rng.randint(10, 59)}"
    users = ["老卢湾的阿三", "桂花糕", "浦江一叶", "喵了个咪zz", "退休老王", "snowy_sh", "阿德哥"]
    op = rng.choice(users)
    L = [f"{fname} › 社区生活 › 本地新闻", "", f"查看: {rng.randint(300, 9000)} | 回复: {rng.randint(3, 40)}", "",
         f"[转帖] {st['title']}", "", "楼主", op, f"UID {rng.randint(10000, 99999)}  帖子 {rng.randint(20, 3000)}  积分 {rng.randint(50, 9000)}",
         f"发表于 {t} | 只看该作者 | 倒序浏览", ""]
    if o.get("orig"):
        L += [o["orig"], ""]
    L += [o.get("intro", "看到一篇报道，转过来给大家看看。"), "", st["title"], ""]
    L.append(body(st, "\n\n"))
    L += ["", "-" * 12, f"{op}的签名：日子是自己过的，开心就好~", "", "回复 举报", ""]
    replies = ["好事啊，希望我们这边也能搞起来", "支持！楼主辛苦", "路过，顶一下", "我家附近也有，挺方便的", "关键是要坚持下去"]
    d2 = datetime.datetime(d.year, d.month, d.day, 8, 0)
    for i in range(2, 2 + rng.randint(2, 3)):
        d2 = d2 + datetime.timedelta(minutes=rng.randint(30, 1500))
        L += [f"{['', '', '沙发', '板凳', '地板'][i]}  #{i}", rng.choice(users),
              f"发表于 {d2.year}-{d2.month}-{d2.day} {d2.hour}:{d2.minute:02d}", rng.choice(replies), ""]
    L += [f"{fname}  Powered by Discuz!", "联系我们 | 手机版 | 小黑屋"]
    return "\r\n".join(L) + "\r\n"

MOBILE_APPS = ["上海城事APP", "申城新闻客户端", "沪闻APP", "阿拉上海APP"]

def mobile(st, o, rng):
    app = o.get("app", rng.choice(MOBILE_APPS))
    d = st["date"]
    L = [st["title"], f"{app}  {fmt(d, o.get('dstyle', 'iso'))}" + (f" {rng.randint(7, 22):02d}:{rng.randint(0, 59):02d}" if o.get("time", True) else ""), ""]
    paras = st["paras"][: o.get("keep", len(st["paras"]))]
    for p in paras:
        L += [p, ""]
    L += ["展开全文 ∨", "", "打开APP阅读全文", "", f"本文来自【{app}】，仅代表作者观点。"]
    return "\n".join(L) + "\n"

def newsletter(st, o, rng):
    place = st["places"][0]
    iss = o["issue_line"]
    briefs = o.get("briefs", [])
    L = [f"{place}{o.get('kind', '工作简报')}", "", iss, "", f"{place}办公室编" + (f"          {o['dline']}" if o.get("dline") else ""), "━" * 20, ""]
    if st["title"] and not o.get("nohead"):
        if briefs:
            L += ["本期要目", f"  ◇ {st['title']}", "  ◇ 简讯", "", "━" * 20, "", "【工作动态】", ""]
        L += [st["title"], ""]
    L.append(body(st, "\n", "　　"))
    if briefs:
        L += ["", "【简讯】"] + ["◆ " + b for b in briefs]
    L += ["", "━" * 20, f"报：{st['dist']}委办公室、{st['dist']}政府办公室", f"送：{st['dist']}民政局、{st['dist']}委社会工作部",
          "发：各居民区党组织、居委会" + ("，各村党组织、村委会" if place.endswith("镇") else ""), f"联系人：{rng.choice(REPORTERS)}  电话：021-{rng.randint(5000,6999)}{rng.randint(1000,9999)}",
          f"地址：{o.get('addr', '××路××号')}"]
    return "\n".join(L) + "\n"

# ---------------------------------------------------------------- spinner for the content-farm copy of Y1
SPIN = [("社区食堂", "社区饭堂"), ("排起了队", "排起了长队"), ("很快售罄", "没多久就卖光了"), ("打造的", "推出的"),
        ("目前已", "眼下已"), ("其中老年人约占七成", "当中老年人约占七成"), ("利用", "借助"), ("闲置", "空置"),
        ("改建", "改造"), ("相关负责人", "有关负责人"), ("新增", "增设"), ("探索", "尝试"), ("行动不便的", "腿脚不便的"),
        ("当天供应的", "当天推出的")]

def spin(p):
    for a, b in SPIN:
        p = p.replace(a, b)
    return p

# ---------------------------------------------------------------- document plan
# (doc id, story id, layout, options, encoding, format label)
PLAN = [
    # epaper_txt
    ("H1", "epaper", dict(issue="cn", pub="iso")),
    ("X3", "epaper", dict(issue="cn", pub="cn0", enc="gb18030")),
    ("H4", "epaper", dict(issue="cn", nohead=True)),
    ("M3", "epaper", dict(issue="cn", nohead=True)),
    ("J2", "epaper", dict(issue="cn", pub="dot", enc="gbk")),
    ("N2", "epaper", dict(issue="cnnum", publine=False)),
    ("S1", "epaper", dict(issue="cn", nohead=True)),
    ("E4", "epaper", dict(issue="cn", nohead=True, straight=True)),
    # portal_txt
    ("C1", "portal", dict(pubfmt="{d} 10:01 浏览量：326   来源：{src}", addr=("上海市长宁区愚园路××号", "200050"))),
    ("H2", "portal", dict(pubfmt="发布时间：{d}  来源：{src}  浏览：876", addr=("上海市黄浦区南京东路××号", "200002"))),
    ("E1", "portal", dict(glued_title=True, addr=("上海市浦东新区世纪大道××号", "200120"))),
    ("J1", "portal", dict(pubfmt="发布日期：{d}  来源：{src}  作者：倪雯", dstyle="cn0", addr=("上海市静安区共和新路××号", "200072"))),
    ("P1", "portal", dict(pubfmt="发布时间：{d}  信息来源：{src}", dstyle="slash", addr=("上海市普陀区长寿路××号", "200060"))),
    ("Y4", "portal", dict(pubfmt="发布时间：{d}浏览次数：1542  来源：{src}", addr=("上海市杨浦区江浦路××号", "200082"))),
    ("B3", "portal", dict(pubfmt="{d} 16:37:05  来源：{src}", addr=("上海市宝山区密山路××号", "201900"))),
    ("K1", "portal", dict(nohead=True, addr=("上海市虹口区飞虹路××号", "200086"))),
    # mirror_txt
    ("X1", "mirror", dict(dstyle="cn")),
    ("J4", "mirror", dict()),
    ("F3", "mirror", dict(dstyle="cn", nohead=True)),
    ("K2", "mirror", dict(dstyle="cn0")),
    ("M1", "mirror", dict(dstyle="iso", glue=True)),
    ("G2", "mirror", dict(dstyle="cn")),
    ("Q1", "mirror", dict(dstyle="iso")),
    # netease_txt
    ("Y3", "netease", dict(nohead=True, acct="杨浦长白")),
    ("M1", "netease", dict(acct="闵行身边事", copynote="本文转自沪上日报，作者原创，如有侵权请联系删除。"), "dup"),
    ("C2", "netease", dict(acct="长宁仙霞")),
    ("E2", "netease", dict(acct="浦东金杨")),
    ("B2", "netease", dict(acct="宝山友谊")),
    ("D2", "netease", dict(acct="嘉定江桥")),
    ("Q2", "netease", dict(acct="青浦夏阳")),
    # wechat_md
    ("X2", "wechat", dict(acct="康健新村", subhead="楼组公约怎么来")),
    ("J1", "wechat", dict(acct="临汾路街道", title="晚上七点，这里的议事会准时开场", dstyle="cn0"), "dup"),
    ("Y1", "wechat", dict(acct="殷行家园", subhead="老锅炉房变身社区食堂")),
    ("P2", "wechat", dict(acct="长风新村", dstyle="cn")),
    ("B1", "wechat", dict(acct="罗店发布")),
    ("K3", "wechat", dict(acct="嘉兴路街道", subhead="每月至少上门一次")),
    ("S3", "wechat", dict(acct="广富林街道")),
    # farm_txt
    ("Y1", "farm", dict(site=FARM_SITES[0], dateline="发布时间：2021-04-02  来源：殷行家园  浏览：3091"), "dup"),
    ("D4", "farm", dict(site=FARM_SITES[1])),
    ("N3", "farm", dict(site=FARM_SITES[2], nohead=True, dateline="2020-12-15 发布 | 来源：互联网")),
    ("Q3", "farm", dict(site=FARM_SITES[3], nohead=True, dstyle="dot")),
    ("E5", "farm", dict(site=FARM_SITES[1], dateline="2023-06-08 14:22阅读 1.2万  来源：网络")),
    ("C4", "farm", dict(site=FARM_SITES[0])),
    ("H3", "farm", dict(site=FARM_SITES[2], dateline="浏览次数：2172021-07-13 08:40  来源：网络")),
    # forum_txt
    ("X4", "forum", dict()),
    ("P4", "forum", dict(lag=1, orig="原文发布时间：2023年5月16日  来源：万里街道")),
    ("G1", "forum", dict(intro="我们竖新的，家门口变化真的大")),
    ("B4", "forum", dict()),
    ("E3", "forum", dict()),
    ("M2", "forum", dict(intro="家里老人可以去问问，挺实用的")),
    # mobile_txt
    ("H1", "mobile", dict(app="申城新闻客户端", keep=3), "dup"),
    ("C3", "mobile", dict(dstyle="iso_nz", time=False)),
    ("M4", "mobile", dict(dstyle="cn")),
    ("P3", "mobile", dict()),
    ("Y2", "mobile", dict(dstyle="cn0", keep=3)),
    ("D3", "mobile", dict()),
    ("F1", "mobile", dict(dstyle="slash")),
    # newsletter_txt
    ("K4", "newsletter", dict(issue_line="2018年第9期（总第152期）", dline="2018年5月20日", kind="社区工作简报",
                              briefs=["街道召开居民区换届选举筹备工作会议。", "街道开展“五一”节前安全生产检查，排查隐患14处，已全部整改。"],
                              addr="上海市虹口区凉城路××号")),
    ("N1", "newsletter", dict(issue_line="2022年5月  第5期", kind="乡村振兴工作简报",
                              briefs=["镇农业服务中心组织开展春季农技培训2场，参训农户120人次。"])),
    ("F2", "newsletter", dict(issue_line="第18期", dline="2023年10月12日", kind="工作简报",
                              briefs=["镇召开秋收秋种工作部署会。", "镇开展农村道路交通安全宣传，发放资料1500份。"])),
    ("G3", "newsletter", dict(issue_line="2022年第1期", dline="2022年1月6日", kind="城运工作简报", nohead=True,
                              addr="上海市崇明区长兴镇凤西路××号")),
    ("J3", "newsletter", dict(issue_line="2023年第1期（总第63期）", kind="工作简报",
                              briefs=["街道召开年度工作务虚会，研究部署新一年重点工作。"], addr="上海市静安区南京西路××号")),
    ("D1", "newsletter", dict(issue_line="第21期", dline="2022年10月12日", kind="社区建设简报",
                              briefs=["镇召开社区工作者季度培训会。"])),
    ("N4", "newsletter", dict(issue_line="2022年第7期", dline="2022年5月20日", kind="网格化管理工作简报")),
]

FMT = {"epaper": "epaper_txt", "portal": "portal_txt", "mirror": "mirror_txt", "netease": "netease_txt",
       "wechat": "wechat_md", "farm": "farm_txt", "forum": "forum_txt", "mobile": "mobile_txt", "newsletter": "newsletter_txt"}
EXT = {"wechat": "md"}
RENDER = dict(epaper=epaper, portal=portal, mirror=mirror, netease=netease, wechat=wechat, farm=farm,
              forum=forum, mobile=mobile, newsletter=newsletter)

# ---------------------------------------------------------------- place scan (for not_places)
TRAP2 = {"金海", "桃浦", "枫泾", "月浦", "杨行", "张江", "金泽", "横沙", "莘庄", "中山", "朱泾", "南桥", "城桥",
         "盈浦", "方松", "外滩", "花木", "周家桥"}

def scan_places(text):
    """Return set of 街道/镇 (full official names) and districts printed in text, longest match first."""
    found_sub, found_dist = set(), set()
    pats = []
    for r in SUBS:
        pats.append((r["name"], r["name"]))
        sh = r["short_name"]
        if sh != r["name"] and (len(sh) >= 3 or sh in TRAP2):
            pats.append((sh, r["name"]))
    for r in DISTS:
        pats.append((r["name"], "D:" + r["name"]))
        for a in r["aliases"].split(";"):
            pats.append((a, "D:" + r["name"]))
    pats.sort(key=lambda x: -len(x[0]))
    t = text
    for p, name in pats:
        if p in t:
            if name.startswith("D:"):
                found_dist.add(name[2:])
            else:
                found_sub.add(name)
            t = t.replace(p, "＃" * len(p))
    return found_sub, found_dist

# ---------------------------------------------------------------- labels
def main():
    for sp in ("dev", "test"):
        os.makedirs(os.path.join(HERE, sp, "docs"), exist_ok=True)
        for f in os.listdir(os.path.join(HERE, sp, "docs")):
            os.remove(os.path.join(HERE, sp, "docs", f))
    labels = {"dev": [], "test": []}
    counter = {"dev": 0, "test": 0}
    used = set()
    for row in PLAN:
        sid, lay, o = row[0], row[1], dict(row[2])
        dup = len(row) > 3
        st = BY_ID[sid]
        used.add(sid)
        sp = split_of(sid)
        counter[sp] += 1
        docid = f"cb{'d' if sp == 'dev' else 't'}{counter[sp]:03d}"
        rng = random.Random(f"captures-b/{sid}/{lay}")
        if lay == "farm" and sid == "Y1":
            text = farm(st, o, rng, title="殷行街道“殷行小灶”走进老小区 长者吃饭更方便了",
                        paras=[spin(p) for p in st["paras"]])
            title = "殷行街道“殷行小灶”走进老小区 长者吃饭更方便了"
        else:
            text = RENDER[lay](st, o, rng)
            title = o.get("title") or st["title"]
        nohead = o.get("nohead") or st["title"] is None
        if nohead:
            title = None
        # publication date visible on the page
        pdate, prec = st["date"], "day" if st["date"] else None
        if lay == "newsletter" and sid == "N1":
            pdate, prec = "2022-05", "month"
        if lay == "newsletter" and sid == "J3":
            pdate, prec = "2023", "year"
        if lay == "farm" and sid == "Y1":
            pdate = "2021-04-02"
        enc = o.get("enc", "utf-8")
        ext = EXT.get(lay, "txt")
        fname = f"docs/{docid}.{ext}"
        data = text.encode(enc)
        open(os.path.join(HERE, sp, fname), "wb").write(data)
        subs, dists = scan_places(text)
        notp = sorted(x for x in subs if x not in st["places"]) + sorted(x for x in dists if x != st["dist"])
        inits = [i for i in st["inits"] if i in text]
        if inits != st["inits"]:
            print("NOTE initiatives not on this page dropped:", sid, lay, set(st["inits"]) - set(inits))
        lab = dict(file=fname, format=FMT[lay], encoding=enc, script="simplified", title=title,
                   published_date=pdate, date_precision=prec, primary_district=st["dist"],
                   places=st["places"], not_places=notp, initiatives=inits, story="captures-b/" + sid)
        notes = []
        if nohead:
            notes.append("no headline on the page")
        if st["notes"]:
            notes.append(st["notes"])
        notes += NOTES.get((sid, lay), [])
        if dup:
            notes.append("second capture of story " + sid + " in another layout")
        if notes:
            lab["notes"] = "; ".join(notes)
        labels[sp].append(lab)
        missing = [p for p in st["places"] if p not in subs]
        if missing:
            print("WARN place not scanned", sid, lay, missing)
    unused = set(BY_ID) - used
    if unused:
        print("WARN unused stories", unused)
    for sp in labels:
        with open(os.path.join(HERE, sp, "labels.jsonl"), "w", encoding="utf-8") as f:
            for lab in labels[sp]:
                f.write(json.dumps(lab, ensure_ascii=False) + "\n")
    print({sp: len(v) for sp, v in labels.items()})


NOTES = {
    ("E1", "portal"): ["the capture glued 发布时间：2018年03月05日 onto the headline line; title excludes it"],
    ("X3", "epaper"): ["headline printed with a ——subtitle line; title is the main line"],
    ("P1", "portal"): ["headline printed with a ——subtitle line; title is the main line"],
    ("C1", "portal"): ["view counter glued after the date: 2018-09-14 10:01 浏览量：326"],
    ("Y4", "portal"): ["view counter glued to the date: 2018-12-07浏览次数：1542"],
    ("H3", "farm"): ["counter digits glued before the date: 浏览次数：2172021-07-13 08:40 -> 217 views, 2021-07-13"],
    ("E5", "farm"): ["reading counter glued after time: 2023-06-08 14:22阅读 1.2万"],
    ("N2", "epaper"): ["issue line date in Chinese numerals 二〇二一年十月二日; only date on the page"],
    ("C3", "mobile"): ["date printed as 2021-6-3"],
    ("Q3", "farm"): ["date printed as 2020.03.19"],
    ("Y1", "farm"): ["content-farm synonym-spun copy of the WeChat post, new headline; site name line is not the title; farm's own 发布时间 2021-04-02 is the only date on this page"],
    ("P4", "forum"): ["forum post dated 2023-5-17 quotes 原文发布时间：2023年5月16日; labelled with the article's own publication date"],
    ("N1", "newsletter"): ["newsletter issue line gives only 2022年5月 -> month precision"],
    ("J3", "newsletter"): ["newsletter issue line gives only 2023年第1期 -> year precision"],
    ("J1", "wechat"): ["WeChat re-post of the portal story under a different headline"],
    ("G3", "newsletter"): ["single-item bulletin without a headline for the item"],
    ("M1", "netease"): ["NetEase re-post of the mirror capture"],
    ("M1", "mirror"): ["time glued to the date: 2020-09-0907:02 -> 2020-09-09"],
    ("H1", "mobile"): ["mobile share of the e-paper story, last paragraph cut (打开APP阅读全文)"],
}

if __name__ == "__main__":
    main()
