"""Place attribution: which Shanghai district (and 街道/镇) a story is about.

Pure functions over the gazetteer in ``seeds/districts.csv`` and
``seeds/subdistricts.csv`` (facts from ``shared/reference``; see its README for
the ambiguity notes this module implements).

How a text is read
------------------
1. **Surface forms.** Every district and sub-district is known under several
   surface forms, each with a *kind*:

   - ``district``: full name or full former name (长宁区, 卢湾区, 南汇县);
   - ``district_short``: short name or short former name (长宁, 卢湾). The ones
     that are also other places (SHORT_NEEDS_CONTEXT) count only when the document
     has a Shanghai context (上海/沪/申城, or any full district or sub-district
     name): 长宁 is also 长宁县 (Sichuan), 普陀 also 舟山's 普陀区;
   - ``sub``: full sub-district name (外滩街道, 吴泾镇, 莘庄工业区), also the
     short name + 社区 for a 街道 (外滩社区);
   - ``sub_district_prefixed``: a district name directly followed by a sub-district
     short name (闵行虹桥, 长宁区新泾): the district disambiguates;
   - ``sub_short``: a sub-district short name standing alone, only when it is
     long and unambiguous (see ``_usable_alone``), and only with Shanghai context;
   - ``sub_short_paired``: a two-character town or street stem standing alone (罗店, 枫泾,
     泗泾), only when the document also names its district (宝山 … 罗店): the reference
     README's "a co-occurring sub-district", read both ways; never the stems it lists as
     common words (建设, 书院, 梅陇 …) nor one inside another unit's name (外滩 of 北外滩);
   - ``block``: ordinary words and other places that contain a place name
     (黄浦江, 普陀山, 虹桥机场, 中山公园, 宝山钢铁 …); matched so that they
     consume their characters and count for nothing.

2. **Longest match first.** All forms go into one character trie; the text is
   scanned left to right taking the longest form at each position, so 北外滩街道
   wins over 外滩, 宝山路街道 (静安区) over 宝山, 黄浦江 over 黄浦.

3. **Evidence weights** decide the primary district (constants below): the
   title, the lead (dateline and first sentence), organisation names
   (长宁区委, 闵行区人民政府), every direct mention, and every mention of a
   sub-district (membership via the gazetteer). A mention that is a *visiting
   official* (an organisation or office of district X in a sentence that then
   goes 来/到/赴 a place of another district) weighs nothing: 宝山区人大常委会主任
   …来外滩街道考察 does not pull a 外滩街道 story to 宝山区.
"""

from __future__ import annotations

import bisect
import csv
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

from grassroots.config import REPO_ROOT
from grassroots.enrich.places_english import mostly_latin, to_chinese
from grassroots.models import Attribution, PlaceMention

SEEDS_DIR = REPO_ROOT / "seeds"

# --------------------------------------------------------------- weights
# Chosen by hand on the five reference articles and the ambiguity notes, then
# checked on the labelled set (bench/eval_places.py); the ordering matters more
# than the values: a place in the title or lead beats a place named a few times
# in passing, a sub-district mention counts more than a bare district mention
# (it is the specific place the story happened), and a visitor counts nothing.
W_TITLE = 10.0  # district (or its sub-district) named in the title
W_TITLE_SHORT = 8.0  # district short name in the title (长宁发布…), with Shanghai context
W_LEAD = 4.0  # named in the lead (first ``LEAD_CHARS`` of the body)
W_ORG = 2.0  # organisation of the district (长宁区委, 闵行区人民政府); max ORG_CAP counted
ORG_CAP = 3  # organisation bonus counted at most this many times per district
W_MENTION = 1.0  # each direct full-name mention
W_SHORT = 0.5  # each short-name mention (weaker: could be a common word)
W_SUB = 2.0  # each mention of one of the district's sub-districts (full name / prefixed)
W_SUB_SHORT = 1.0  # each mention of a sub-district by its long unambiguous short name
# the 来源 / 转自 line names a district's own outlet: in 39 of 39 real dev excerpts whose source
# named one district, that was the labelled district
W_PUBLISHER = W_LEAD
# No single district when a runner-up scores at least this share of the leader (and more, see
# attribute). Stories about one district mention others in passing (a visitor, a neighbour, the
# city): on the labelled sets such a runner-up stays under a quarter of the leader; overviews of
# several districts run from 0.6 up.
SPREAD_RATIO = 0.5
# ... and none when this many districts are named, the leader in neither the title nor the lead
# (or this many in the story's first sentence)
CITY_WIDE_DISTRICTS = 4
# ... unless the leader scores this many times the runner-up: a story set in one district that
# names the others once each (a 金山 forest, 崇明 and 松江 named as other woods) is that district's
# (real dev r92: 2 of 2 such stories labelled with the leader; every roll call the readers left
# without a district has a runner-up within 2x, or another reason as well)
ROLL_CALL_LEAD = 2.5
_SENTENCE_END = re.compile(r"[。！？!?\n]")
# The top of a city-wide story says so (全市范围, 全市16个区, 上海市各区、各街镇); a district named
# only further down is one of its examples, not what it is about. Standard report words that
# merely mention the city (上海各级党组织, 本市) are not enough.
_CITY_SCOPE = re.compile(r"全市范围|(?:全市|本市|上海市?)各(?:区|街镇)|(?:16|十六)个区")
# ... and so does a headline with the city as its subject: first, also in the second part of a
# two-part headline (上海已全面…, 2020年度上海市…, 加装电梯超千台 上海2021年…; not 上海人, a
# brand such as 上海湾区, or the city's first, only or biggest of something, which is one place:
# 上海市首个千亩休闲林地…) or before a colon (上海:…)
# (and the city's government or party committee as the actor: 提前完成市政府实事项目)
# (not a district's, county's, town's or another city's government: 区委, 城市政府)
_NOT_LOWER_TIER = r"(?<![区县镇乡城])"
_CITY_TITLE = re.compile(r"(?:^|[\s，,!！?？|｜])(?:\d{4}年度?|今年)?(?:上海市?|本市|全市|申城|沪上|沪郊)(?!市?(?:人|湾区|首[个家座所条支]|唯一|最(?!新)))"
                         # (not a team or a troupe the city's name opens: 上海某某舞蹈队, a page about that team)
                         r"(?![\u4e00-\u9fff]{1,8}[队团社](?:$|[\s，,]))"
                         # (nor a column the city's name opens, before a bar: 上海故事|…)
                         r"(?![\u4e00-\u9fff]{1,4}\s*[|｜丨])|上海\s*[:：]"
                         rf"|{_NOT_LOWER_TIER}市(?:政府|委)")
# ... and a headline that counts the city's places or people (上海拥有232家慈善超市, 全市…91家) is
# about the city even over a story that visits one district only
# (not 一家: one place)
_CITY_COUNT = re.compile(r"(?:\d+(?:\.\d+)?\s*|数[十百千万]|[两三四五六七八九十百千][十百千万]?)(?:万|千|百)?余?"
                         r"(?:家|个|座|所|处|张|名|户|场|条|项|台|床)")
_ONE_PLACE = re.compile(r"这[家个里座所位条支栋幢]")
# A story that speaks of the city as its subject again and again (本市, 全市, 申城, 上海已…, 各区) —
# at least CITY_FRAMES times and at least CITY_FRAME_SHARE of its leading district's score —
# is about the city, its one district an example. Not counted: the city's titles in an honour
# (上海市文明村), a district's rank in the city (全市首个, 在全市率先), the city's leaders visiting
# (市委书记), standard report words (上海各级党组织), a quoted name (“申城第一居委”). Read off the
# real dev batches (docs/BENCHMARKS.md): district stories seldom frame the city three times;
# city-wide features that open with one district's example do.
_CITY_FRAME = re.compile(rf"全市(?!首|率先|唯一|第|领先|最)|本市|我市|申城|沪上|{_NOT_LOWER_TIER}市委(?!书记|副书记|常委)"
                         rf"|{_NOT_LOWER_TIER}市政府|各区"
                         # (上海各年龄段市民, 上海各界: the city's people, not the city as the story's subject;
                         # 在上海某某局 / 大学 / 公司工作: a workplace, an organisation's name)
                         r"|全上海|在上海(?!市)(?![\u4e00-\u9fff]{0,8}?(?:局|公司|集团|大学|学院|医院|研究所|研究院|银行|报社|电视台))"
                         r"|上海(?:的|已|将|共|有|各(?!级|年龄|界))")
_QUOTED_NAME = re.compile(r"[“「『][^”」』\n]{1,20}[”」』]")
CITY_FRAMES = 3
CITY_FRAME_SHARE = 0.4
# The lead is the dateline plus roughly the first sentence; 120 characters covers
# "新民晚报讯（记者 xx）今天，长宁区在…" and "中新网上海2月24日电(…)由黄浦区委…" in the seeds.
LEAD_CHARS = 120

# District short names that are also other places or words (reference README: 黄浦江, 舟山's
# 普陀区 and 普陀山, 长宁县 in Sichuan, 双鸭山's 宝山区 and 宝钢, 金山软件 and 镇江金山寺, the old
# 松江省): counted only with a Shanghai context. The others (徐汇, 闵行, 嘉定, 杨浦, 青浦, 奉贤,
# 崇明 …) name nothing else; a district portal's own page often says only the short name and 全区.
SHORT_NEEDS_CONTEXT = frozenset({"黄浦", "普陀", "长宁", "宝山", "金山", "松江"})
SHORT_REPEATED = 3
_ELSEWHERE = re.compile("舟山|浙江|宜宾|四川|双鸭山|黑龙江|镇江|江苏")

# Short sub-district names shorter than this are never used alone (外滩, 虹桥, 长征,
# 中山, 新村 …: two-character stems are common words or shared); three characters
# (打浦桥, 周家桥, 徐家汇) are distinctive enough except the listed ones.
MIN_ALONE_LEN = 3
# Three-plus-character short names the reference README lists as ordinary words or
# other places (新华路 ~ 新华社, 湖南路 ~ the province, 友谊路 is common everywhere).
AMBIGUOUS_SHORT = frozenset({"新华路", "友谊路", "湖南路"})
# Two-character stems the reference README lists as common words or other places ("match only
# with the suffix, or next to the district name"), and 虹桥 (a 街道 and a 镇 of two districts)
COMMON_STEMS = frozenset({
    "长征", "建设", "中兴", "三星", "万里", "大桥", "石化", "中山", "北站", "岳阳", "浦江", "龙华", "梅陇", "书院",
    "白鹤", "新桥", "华新", "金汇", "永丰", "海湾", "新海", "新河", "新场", "南桥", "高行", "新村", "虹桥"})

# Words containing a place name that are not that place (reference README notes).
BLOCKERS = (
    "黄浦江", "浦江两岸", "浦江县", "普陀山", "舟山市普陀区", "舟山普陀", "宝山钢铁", "宝钢",
    "金山软件", "金山寺", "长宁县", "宜宾市长宁", "虹桥机场", "虹桥枢纽", "虹桥国际", "虹桥商务区",
    "虹桥火车站", "虹桥站", "虹桥开发区", "中山公园", "中山路", "中山医院", "中山大学", "深圳龙华",
    "龙华区", "海丰梅陇", "新华社", "长征精神", "万里长征", "新长征", "双鸭山市宝山区", "双鸭山宝山",
    "浦江之畔", "浦江畔", "宜宾长宁",
    # an estate of 七宝镇 (闵行区) named after the district it is not in
    "静安新城",
    # the two banks of the river named together: geography, not 浦东新区
    "浦东、浦西", "浦西、浦东", "浦东浦西", "浦西浦东", "浦东和浦西", "浦西和浦东", "浦东与浦西", "浦西与浦东",
)
# Former district names written without the suffix are treated like short names.
# A sub-district short name followed by one of these is a road, station or landmark
# named after the place (虹桥路, 虹桥机场, 虹桥枢纽, 虹桥站, 中山公园), not the unit.
_NOT_UNIT_AFTER = frozenset("路街巷弄机枢站公国商")
# a section heading that is a district's name alone in brackets, at the start of a line
_SECTION_HEAD = re.compile(r"(?m)^\s*【([\u4e00-\u9fff]{2,4})】")
# (the city's own outlets name it as well: a 来源:上观 line puts 金山 in Shanghai)
# (and a lane number, 石泉路35弄: Shanghai numbers its lanes so)
_SHANGHAI_CONTEXT = re.compile(r"上海|沪|申城|上观|新民晚报|新民网|解放日报|文汇报|东方网|[路街]\d{1,4}弄")
# What may follow a district name to make it an organisation (长宁区委, 闵行区人民政府,
# 长宁区绿化和市容管理局, 黄浦区人大常委会): a body, not a place.
_ORG_AFTER = re.compile(
    r"^(?:区)?(?:委|人民政府|政府|人大|政协|纪委|监委|法院|人民法院|检察院|人民检察院|"
    r"[^\s，。、；：,;:“”\"（）()]{0,10}?(?:局|委员会|办公室|新闻办|融媒体中心|党工委|党委|分局))"
)
# Offices that mark a person as an official of that district (visitor detection).
_OFFICIAL_AFTER = re.compile(
    r"^[^\s，。、；：,;:“”\"]{0,14}?(?:书记|主任|区长|副区长|主席|部长|局长|领导|代表团|一行|考察团|调研组)"
)
# A delegation or a visit named right after a place (in the same clause): the place is
# where the visitors come from (黄浦区外滩街道考察团, 松江区代表团, 北外滩街道来访取经).
_DELEGATION_AFTER = re.compile(
    r"^[^\s，。、；：,;:“”\"]{0,12}?(?:考察团|代表团|调研组|参观团|学习团|交流团|来访|到访|取经)"
)
_HOSTING = re.compile(r"迎来|迎接|接待|欢迎")
# Going somewhere: the destination comes after the verb.
_VISIT_VERB = re.compile(r"来到|来|到|赴|前往|莅临|走进")
_SENTENCE_END = re.compile(r"[。！？!?；;\n]")
# Sub-district short names listed before one shared suffix (南翔、马陆两镇, 江川、吴泾等街镇,
# 白鹤、朱家角、金泽和练塘4个镇): the suffix makes each short name as explicit as its full name.
_ENUMERATION = re.compile(
    r"(?P<items>[\u4e00-\u9fff]{2,4}(?:、[\u4e00-\u9fff]{2,4})*(?:[、和及][\u4e00-\u9fff]{2,4}))"
    r"(?:(?:[两二三四五六七八九十]|\d{1,2})个?|等)(?P<suffix>街镇|街道|镇|乡)"
)
_ITEM_SEP = re.compile(r"[、和及]")


# ---- roles: mentions that name a place without the story being there (issue 18)
# A mention inside a postal address (地址：上海市宝山区共和新路5308号), a contact or footer line
# (电话, 联系人, 主办：…), an organisation's proper name (上海平凉路消防器材有限公司, 陆家嘴集团, 金海拾光公益
# 服务社, 金山卫镇书画协会) or a list of neighbours (与南桥镇、金汇镇接壤, 东至…) is recorded in
# the evidence under its role and counts for nothing: no score, no place row of its own.
# A roll of places across the city, one numbered line each (an award's list of 25 communities:
# 1.黄浦区某某街道某某社区 / 2.徐汇区…), names where the others are, not the story: its mentions
# count for nothing when the roll spans LIST_DISTRICTS districts (a district's own list of its
# towns stays the story's places).
NON_STORY_ROLES = ("address", "contact", "name", "border", "tag", "list", "guest")
LIST_DISTRICTS = 3
LIST_ITEMS = 4
_LIST_ITEM_RE = re.compile(r"(?m)^[ \t\u3000]*(?:\d{1,3}\s*[.、．)）]|[（(]\d{1,3}[)）]|[①-⑳])[^\n]*")
# A roll of guests, three or more "affiliation, title, name" in a row (…地区办主任某某，某街道党委书记
# 某某，某镇副镇长某某…出席): a 街道 / 镇 named only as where a guest works is not where the story is.
GUEST_ITEMS = 3
_GUEST_TITLE = (r"(?:副?(?:书记|主任|镇长|乡长|区长|局长|处长|科长|部长|理事长|主席|会长|秘书长|所长|站长|校长|院长|"
                r"总经理|经理|董事长|调研员)|委员|负责人)")
_GUEST_ITEM_RE = re.compile(rf"(?P<aff>[^、，,；;。！？!?\n“”\s]{{2,30}}?){_GUEST_TITLE}[\u4e00-\u9fff]{{2,3}}"
                            r"(?=[、，,；;]|以及|和|及|等|出席|参加|$)")
_GUEST_JOIN_RE = re.compile(r"\s*(?:[、，,；;]|以及|和|及)?\s*")
# ... or one guest a line (a forum's 嘉宾 list: 某某 上海某某街道某某居委会主任), blank lines between
_GUEST_LINE_RE = re.compile(rf"[ \t]*[\u4e00-\u9fff][ \t]?[\u4e00-\u9fff]{{1,2}}[ \t]+(?P<aff>[^\n]{{2,40}}?){_GUEST_TITLE}")
# characters after a place that identify an organisation named after it, once its full name is known
ORG_STEM = 4
# a place name alone after a dash at the end of a headline (…睦邻节开幕—某某镇) is the site's tag
# or channel, as a site name would stand there; a ——subtitle is words, not a bare name
_TITLE_TAG_RE = re.compile(r"(?:[—_|｜]|\s-\s?|-)\s*(?:上海市?)?(?P<tag>[\u4e00-\u9fff]{2,8})\s*$")
# label -> the region it opens runs to the end of its clause (address, contact) or line (footer)
_ADDRESS_RE = re.compile(r"(?:联系地址|通讯地址|办公地点|办公地址|单位地址|地址|邮编|邮政编码)\s*[:：为是]?")
# (a 热线 is also a programme's name, “夏令热线:区长访谈”: a contact only with its number)
_CONTACT_RE = re.compile(r"(?:联系电话|咨询电话|服务电话|报修电话|电话|热线(?=\s*[:：为是]?\s*[\d(（])|联系人|传真|邮箱|电子邮件)\s*[:：为是]?")
_FOOTER_RE = re.compile(r"(?m)^\s*(?:主办|承办|协办|技术支持|主管|版权所有)\s*[:：]")
_CLAUSE_END = re.compile(r"[，。；;！？!?\n）)]")
# an address by its shape: the place, then a road and a house number within the same words
# (not across a particle or a verb: 虹口区综合应急演习在大连西路280号举行 names where the drill was)
# (a space may stand before the number: 某某路 2188号)
_ADDRESS_AFTER = re.compile(r"^(?P<mid>[^\s，。；、,;:：]{0,12}?)(?:路|街|弄|巷|公路|大道)\s?[\d×xX某一二三四五六七八九十〇零]+号")
# ... unless something happens at that address in the same clause (某区某街道某某路161号“某某厂”突发火情):
# then it is where the story is
_EVENT_AT = re.compile(r"[^，。；;！？!?\n]{0,24}?(?:突发|发生|起火|着火|举行|举办|开展|召开|揭牌|开幕|启用|开业|开放)")
# ... or unless the story says its subject stands there (坐落在某区某某路728号的书房): where it is
# (not a company's seat: 该公司位于某区某某路161号 is its address)
_SITED_AT = re.compile(r"(?<!公司)(?<!企业)(?<!集团)(?<!厂)坐落(?:在|于)?\s*(?:上海市?)?$")
# an organisation whose proper name contains the place: its suffix follows within the same words,
# with no verb or particle between (杨行镇开展活动邀请某公司 is not the name of a company)
# (the words of a proper name: no space, punctuation, quote or bracket)
_NAME_CHAR = r"[^\s，。；、,;:：“”\"（）()《》]"
_NAME_AFTER = re.compile(
    rf"^(?P<mid>{_NAME_CHAR}{{0,10}}?)(?:有限公司|有限责任公司|公司|集团|服务社|协会|商会|促进会|"
    r"基金会|合作社|事务所|研究会|联合会|学会|"
    # (police stations and care homes bear the name of the place they were founded in,
    # where the story's people serve or live, not where the story is)
    r"派出所|敬老院|养老院)"
)
# ... or a sports or arts team named after it (某镇门球队, 某区某镇队, 某街道合唱团) in a roll of the
# teams a tournament invited or a show put on: where they come from, not where the story is
_TEAM_AFTER = re.compile(rf"^(?P<mid>{_NAME_CHAR}{{0,6}}?)(?:(?:门球|篮球|足球|排球|乒乓球|羽毛球|龙舟|舞龙|腰鼓|"
                         r"舞蹈|合唱|拔河|田径|游泳|代表)队|合唱团|艺术团)|^队(?![员长伍部])")
# ... or a shop named after it (五角场某某商场): where a story's people work or buy, unless the story
# says it went there (在某镇某某商场举行 names the venue)
_SHOP_NAME_AFTER = re.compile(rf"^(?P<mid>{_NAME_CHAR}{{1,8}}?)(?:商场|购物中心|百货|酒店|宾馆)")
# the words that say the story went or was held somewhere
_VENUE_WORDS = "在|于|来到|走进"
_VENUE_BEFORE = re.compile(rf"(?:{_VENUE_WORDS}|到)\s*(?:上海市?)?\s*(?:[\u4e00-\u9fff]{{1,3}}区)?$")
# (辖区/境内: 某街道辖区内各物业公司 is the companies of the area, not a company's name)
_NOT_IN_NAME = re.compile(r"[的在与和为由向对把被将]|开展|举办|组织|邀请|联合|携手|召开|启动|成立|引入|委托|走进|来到|辖区|境内|区域内"
                          # (某镇某某中心坐落于某路58号: the place's venue and where it stands, not an address)
                          r"|位于|坐落|地处")
# 中心 ends a proper name only for registered names, which start with 上海 (上海某某服务中心)
_CENTRE_NAME_AFTER = re.compile(r"^[^\s，。；、,;:：“”\"（）()]{0,12}?中心")
# (上海市 and a district before the place; not where the story says it happened: 在上海市某区某镇某某中心
# 举办 names the venue)
_REGISTERED_BEFORE = re.compile(rf"(?P<venue>(?:{_VENUE_WORDS})\s*)?上海市?\s*(?:[\u4e00-\u9fff]{{1,3}}区)?$")
# ... and a social organisation's: the place, a proper name of its own, then the kind of centre
# (佘山镇萤火虫社区服务中心, 某街道指尖文化活动中心); the place's own centres are named with generic
# words only (佘山镇社区服务中心, 某街道社区文化活动中心) and are where the story is
_ORG_CENTRE_AFTER = re.compile(r"^(?P<mid>[\u4e00-\u9fff]{2,6}?)(?:社区服务|文化活动|公益服务|社会工作服务|社工服务)中心")
_GENERIC_CENTRE_WORDS = re.compile(
    r"(?:社区|街道|文化|活动|服务|党群|综合|为老|养老|助老|市民|居民|志愿者?|便民|卫生|邻里|生活|青少年|老年|"
    r"体育|健身|新时代|文明|实践|党建|网格化?|管理|事务|受理|政务|就业|救助|睦邻|妇女|儿童|家庭|早教|日间|照料|"
    r"分|城市|运行|应急|指挥|协调|公共|法律|矛盾|调解|心理|健康|医疗|教育|学习|科普|图书|阅读)+")
# (相邻, 毗邻 are left alone: "next to the 开发区" often places the story there, places_eval labels)
# (左邻右舍 is "the neighbours", people, not a boundary)
_BORDER_RE = re.compile(r"接壤|交界|相接|隔[江河湖水]?相望|[东南西北][至起]|[东南西北][邻临]|[东南西北]靠|[东南西北]接|左邻(?!右舍)|右[邻接]")
# a boundary described side by side (西与某镇相邻): the neighbour sits between the direction and
# the verb, in that clause only (the place before it, …地处某镇西部, is the story's)
_BORDER_SIDE_RE = re.compile(r"[东南西北]与(?=[^，。；,;\n]{1,16}?(?:相交|相接|相邻|接壤|交界|毗邻|为界))")


def _regions(text: str) -> list[tuple[int, int, str]]:
    """Spans of text that are addresses, contacts, footers or neighbour lists, with their role."""
    out = []
    for rx, role in ((_ADDRESS_RE, "address"), (_CONTACT_RE, "contact")):
        for m in rx.finditer(text):
            e = _CLAUSE_END.search(text, m.end())
            out.append((m.start(), e.start() if e else len(text), role))
    for m in _FOOTER_RE.finditer(text):
        e = text.find("\n", m.end())
        out.append((m.start(), e if e >= 0 else len(text), "contact"))
    for m in _BORDER_RE.finditer(text):
        # the clause (or sentence, for 与…接壤) around the border word
        a = max(text.rfind(c, 0, m.start()) for c in "。；\n") + 1
        # the neighbours follow 与 (新村乡位于…，北与启东市隔江相望): the place before it is the
        # sentence's subject, the story's own
        k = text.find("与", a, m.start())
        a = k if k >= 0 else a
        if m.group(0)[0] in "东南西北左右":
            a = m.start()  # ... and they follow a direction (位于某街道辖区内,南起某路,北至某路: the street is the story's)
        e = _CLAUSE_END.search(text, m.end()) if "至" in m.group(0) else re.compile(r"[。；\n]").search(text, m.end())
        out.append((a, e.start() if e else len(text), "border"))
    for m in _BORDER_SIDE_RE.finditer(text):
        e = _CLAUSE_END.search(text, m.end())
        out.append((m.start(), e.start() if e else len(text), "border"))
    return out


def _role(text: str, start: int, end: int, regions: list[tuple[int, int, str]]) -> str | None:
    for a, b, role in regions:
        if a <= start < b:
            return role
    after = text[end:end + 24]
    m = _ADDRESS_AFTER.match(after)
    if m and not _NOT_IN_NAME.search(m.group("mid")) and not _EVENT_AT.match(text, end + m.end()) \
            and not _SITED_AT.search(text, max(0, start - 8), start):
        return "address"
    m = _NAME_AFTER.match(after)
    if m and not _NOT_IN_NAME.search(m.group("mid")):
        return "name"
    m = _TEAM_AFTER.match(after)
    if m and not _NOT_IN_NAME.search(m.group("mid") or "") and (
            text[end + m.end():end + m.end() + 1] == "、" or re.search(r"队、[^。；;\n]{0,12}$", text[max(0, start - 16):start])):
        return "name"  # (one of a roll of teams; a story about one town's own team is that town's)
    m = _SHOP_NAME_AFTER.match(after)
    if m and not _NOT_IN_NAME.search(m.group("mid")) and not _VENUE_BEFORE.search(text, max(0, start - 8), start):
        return "name"
    m = _ORG_CENTRE_AFTER.match(after)
    if m and not _GENERIC_CENTRE_WORDS.fullmatch(m.group("mid")) and not _NOT_IN_NAME.search(m.group("mid")) \
            and not re.search(r"社区$|[第各首]|[村路弄里苑园城]$", m.group("mid")):
        return "name"
    reg = _REGISTERED_BEFORE.search(text, max(0, start - 12), start)
    m2 = _CENTRE_NAME_AFTER.match(after) if reg and not reg.group("venue") else None
    if m2 and not _NOT_IN_NAME.search(m2.group(0)):
        return "name"
    return None


@dataclass(frozen=True, slots=True)
class District:
    name: str
    short_name: str
    aliases: tuple[str, ...]
    pinyin: str = ""
    english: str = ""


@dataclass(frozen=True, slots=True)
class Subdistrict:
    name: str
    short_name: str
    kind: str  # 街道 | 镇 | 乡 | other
    district: str
    pinyin: str = ""  # one syllable per character of the short name (English pages: places_english)


@dataclass(frozen=True, slots=True)
class _Form:
    kind: str  # district | district_short | sub | sub_district_prefixed | sub_short | sub_short_paired | block
    district: str | None
    sub: str | None = None


@dataclass
class Gazetteer:
    districts: tuple[District, ...]
    subdistricts: tuple[Subdistrict, ...]
    _trie: dict = field(default_factory=dict, repr=False)
    _district_of: dict = field(default_factory=dict, init=False, repr=False)  # unit name -> district
    _stem_list: tuple | None = field(default=None, init=False, repr=False)  # see stem_list
    _english: tuple | None = field(default=None, init=False, repr=False)  # see english_forms

    def __post_init__(self) -> None:
        if not self._trie:
            self._trie = _build_trie(self)
        self._district_of = {s.name: s.district for s in self.subdistricts}  # (unit names are unique)

    def by_short(self, short: str, kinds: tuple[str, ...]) -> Subdistrict | None:
        """The one unit of one of ``kinds`` with this short name, or None (none or several)."""
        found = [s for s in self.subdistricts if s.short_name == short and s.kind in kinds]
        return found[0] if len(found) == 1 else None

    def english_forms(self) -> tuple[re.Pattern, dict[str, tuple[str, bool]]]:
        """The places' English names and the Chinese each stands for (places_english), built once."""
        if self._english is None:
            from grassroots.enrich.places_english import build_forms

            self._english = build_forms(self)
        return self._english

    def stem_list(self) -> tuple[re.Pattern, dict[str, Subdistrict], re.Pattern, re.Pattern]:
        """A run of two or more 街镇 short names joined by 、 (大场、顾村、罗店), each short name one
        unit's only; the unit of each short name; and a district's name (full, short, former) joined
        to a run by 、 before it and after it, to tell a run that goes on with one."""
        if self._stem_list is None:
            kinds = tuple({s.kind for s in self.subdistricts})
            unit = {n: u for n in {s.short_name for s in self.subdistricts if len(s.short_name) >= 2}
                    if (u := self.by_short(n, kinds)) is not None}
            alt = "|".join(map(re.escape, sorted(unit, key=len, reverse=True)))
            names = {n for d in self.districts for n in (d.name, d.short_name, *d.aliases) if n}
            district = "|".join(map(re.escape, sorted(names, key=len, reverse=True)))
            self._stem_list = (re.compile(rf"(?<![\u4e00-\u9fff])((?:{alt})(?:、(?:{alt}))+)"), unit,
                               re.compile(rf"(?:{district})、$"), re.compile(rf"、(?:{district})"))
        return self._stem_list

    def district_of(self, sub_name: str) -> str | None:
        return self._district_of.get(sub_name)

    def district_named(self, name: str) -> str | None:
        """The current full name of the district a user means by ``name`` (simplified characters):
        the full or short name, a former name (卢湾 -> 黄浦区), or its pinyin or English name in any
        case; None when no district or several match."""
        def latin(s: str) -> str:  # Jing'an, jingan and "Jing'an District" are one spelling
            return re.sub(r"[^0-9a-z]", "", s.casefold())

        key, low = name.strip(), latin(name)
        found = {d.name for d in self.districts
                 if key in (d.name, d.short_name, *d.aliases)
                 or (low and low in (latin(d.pinyin), latin(d.english)))}
        return found.pop() if len(found) == 1 else None

    def find(self, text: str) -> list[tuple[int, int, _Form]]:
        """Longest-first, non-overlapping matches of every surface form, left to right."""
        out: list[tuple[int, int, _Form]] = []
        i, n = 0, len(text)
        trie = self._trie
        while i < n:
            node = trie.get(text[i])
            best: tuple[int, _Form] | None = None
            district: tuple[int, _Form] | None = None  # the district's name alone, matched on the way
            j = i
            while node is not None:
                j += 1
                if _END in node:
                    form = node[_END]
                    # 长宁区虹桥路 is a road, 闵行虹桥机场 an airport: not the 街道/镇
                    # (and 宝山路, 长宁路 are roads named after a district, wherever they run)
                    if not (form.kind in ("sub_district_prefixed", "sub_short", "sub_short_paired")
                            and text[j:j + 1] in _NOT_UNIT_AFTER) and not (
                            form.kind == "district_short" and text[j:j + 1] == "路"):
                        best = (j, form)
                        if form.kind in ("district", "district_short"):
                            district = best
                    elif form.kind == "sub_district_prefixed" and text[j:j + 2] == "街道":
                        # the district, then a 街道's full name (静安区某某新村街道): not a shorter
                        # unit of the district (静安区某某, a town) read on the way to it
                        best = district
                if j >= n:
                    break
                node = node.get(text[j])
            if best is None:
                i += 1
                continue
            out.append((i, best[0], best[1]))
            i = best[0]
        return out


def _usable_alone(s: Subdistrict, districts: tuple[District, ...], shorts: Counter) -> bool:
    """May the short name stand for the unit without its suffix or district?"""
    if s.kind == "other" or s.short_name == s.name:
        return False
    if len(s.short_name) < MIN_ALONE_LEN or s.short_name in AMBIGUOUS_SHORT:
        return False
    # 临汾路, 平凉路, 南京西路: alone, the name is the road the 街道 is named after (在临汾路以北)
    if s.short_name.endswith("路"):
        return False
    if shorts[s.short_name] > 1:
        return False
    # 宝山路 (静安区) starts with another district's name: never alone.
    return not any(d.name != s.district and d.short_name in s.short_name for d in districts)


def _pairable(s: Subdistrict, g: Gazetteer, shorts: Counter) -> bool:
    """May the two-character stem stand for its unit when the document names its district?"""
    stem = s.short_name
    if s.kind not in ("街道", "镇", "乡") or len(stem) != 2 or stem == s.name or stem in COMMON_STEMS:
        return False
    if shorts[stem] > 1 or stem.endswith("路"):
        return False
    # 彭浦 of 彭浦新村街道, 莘庄 of 莘庄工业区, 外滩 of 北外滩街道: the longer unit is often written
    # without its suffix; a district's short name inside the stem is that district's
    return not any(o.name != s.name and stem in o.name for o in g.subdistricts) and not any(
        d.short_name in stem or stem in d.name for d in g.districts)


# The key that ends a surface form in the trie: empty, so no character of a text can reach it
# (it was "$", and a page with 徐汇$ in it crashed the lookup).
_END = ""


_SECTION_STREET = re.compile("[东西南北中]路街道$")


def _build_trie(g: Gazetteer) -> dict:
    forms: dict[str, _Form] = {}

    def put(surface: str, form: _Form) -> None:
        # first writer wins, so call in order of preference (full names first)
        forms.setdefault(surface, form)

    shorts = Counter(s.short_name for s in g.subdistricts)
    # a street named after a road's section (淮海中路, 天目西路) is also written with the road's
    # stem alone (淮海街道); not when two streets share the stem (南京东路 and 南京西路)
    sections = Counter(s.name[:-4] for s in g.subdistricts if _SECTION_STREET.search(s.name))
    for s in g.subdistricts:
        put(s.name, _Form("sub", s.district, s.name))
    for d in g.districts:
        put(d.name, _Form("district", d.name))
        for a in d.aliases:
            kind = "district" if a.endswith(("区", "县")) else "district_short"
            put(a, _Form(kind, d.name))
        put(d.short_name, _Form("district_short", d.name))
    for s in g.subdistricts:
        if s.kind == "街道" and s.short_name != s.name and shorts[s.short_name] == 1:
            put(s.short_name + "社区", _Form("sub", s.district, s.name))
            if len(s.short_name) >= 2:
                put(s.short_name + "街", _Form("sub_short", s.district, s.name))  # 北站街 for 北站街道
        if s.name.endswith("路街道"):
            # stories and their officials drop the 路 of a street named after a road (虹梅街道 for
            # 虹梅路街道), or add one to a street that shares a road's name (古美路街道 for 古美街道);
            # an official name spelled so comes first and keeps its own place
            put(s.name[:-3] + "街道", _Form("sub", s.district, s.name))
            if len(s.name) >= 6:  # 天目西社区 (not 四平社区 alone: a two-character stem is too common)
                put(s.name[:-3] + "社区", _Form("sub", s.district, s.name))
        elif s.kind == "街道" and s.name.endswith("街道"):
            put(s.name[:-2] + "路街道", _Form("sub", s.district, s.name))
        if _SECTION_STREET.search(s.name) and len(s.name) - 4 >= 2 and sections[s.name[:-4]] == 1:
            put(s.name[:-4] + "街道", _Form("sub", s.district, s.name))
        if s.name.endswith("新村街道"):
            # and drop 新村 from a street named after its estate (凉城街道, 金杨街道 for 凉城新村街道, 金杨新村街道;
            # 仙霞社区 for 仙霞新村街道)
            put(s.name[:-4] + "街道", _Form("sub", s.district, s.name))
            put(s.name[:-4] + "社区", _Form("sub", s.district, s.name))
        if shorts[s.short_name] == 1 and len(s.short_name) >= 2:
            put(s.short_name + "地区", _Form("sub", s.district, s.name))  # 徐泾地区: the town's area
            if s.kind in ("镇", "乡"):
                put(s.short_name + "岛", _Form("sub", s.district, s.name))  # 横沙岛, 长兴岛: the island town
            if s.kind == "镇":
                put(s.short_name + "古镇", _Form("sub", s.district, s.name))  # 新场古镇: the town's old town
        if s.kind == "other" and s.name.endswith("新兴技术开发区"):
            put(s.name[:-7] + "开发区", _Form("sub", s.district, s.name))  # 漕河泾开发区: the zone, not the street
        if s.short_name != s.name:
            d = next(x for x in g.districts if x.name == s.district)
            for prefix in {d.name, d.short_name}:
                put(prefix + s.short_name, _Form("sub_district_prefixed", s.district, s.name))
                if s.name.endswith("路街道"):  # 杨浦区四平社区: the road's stem under its district
                    put(prefix + s.name[:-3] + "社区", _Form("sub_district_prefixed", s.district, s.name))
        if _usable_alone(s, g.districts, shorts):
            put(s.short_name, _Form("sub_short", s.district, s.name))
        elif _pairable(s, g, shorts):
            put(s.short_name, _Form("sub_short_paired", s.district, s.name))
    for b in BLOCKERS:
        forms[b] = _Form("block", None)
    trie: dict = {}
    for surface, form in forms.items():
        node = trie
        for ch in surface:
            node = node.setdefault(ch, {})
        node[_END] = form
    return trie


def read_gazetteer(seeds_dir: Path) -> Gazetteer:
    """Read districts.csv and subdistricts.csv from ``seeds_dir``."""
    with open(seeds_dir / "districts.csv", encoding="utf-8", newline="") as f:
        districts = tuple(
            District(r["name"], r["short_name"], tuple(a for a in r["aliases"].split(";") if a),
                     r.get("pinyin") or "", r.get("english") or "")
            for r in csv.DictReader(f)
        )
    with open(seeds_dir / "subdistricts.csv", encoding="utf-8", newline="") as f:
        subs = tuple(Subdistrict(r["name"], r["short_name"], r["kind"], r["district"], r.get("pinyin") or "")
                     for r in csv.DictReader(f))
    known = {d.name for d in districts}
    bad = [s.name for s in subs if s.district not in known]
    if bad:
        raise ValueError(f"sub-districts with an unknown district: {bad[:5]}")
    return Gazetteer(districts, subs)


@lru_cache(maxsize=4)
def _cached(seeds_dir: str) -> Gazetteer:
    return read_gazetteer(Path(seeds_dir))


def load_gazetteer(seeds_dir: Path | None = None) -> Gazetteer:
    """The gazetteer from ``seeds_dir`` (default: the repo's ``seeds/``), cached."""
    return _cached(str(Path(seeds_dir or SEEDS_DIR).resolve()))


# --------------------------------------------------------------- attribution


@dataclass
class _Hit:
    start: int
    end: int
    form: _Form
    surface: str
    where: str  # title | text
    org: bool = False
    visitor: bool = False
    role: str | None = None  # address | contact | name | border | list: named, but not a place of the story


def _enumerated(g: Gazetteer, text: str, covered: set[int]) -> list[_Hit]:
    """Short names listed before one shared suffix: 南翔、马陆两镇 / 江川、吴泾等街镇."""
    out = []
    for m in _ENUMERATION.finditer(text):
        suffix = m.group("suffix")
        kinds = {"镇": ("镇",), "街道": ("街道",), "乡": ("乡",)}.get(suffix, ("街道", "镇", "乡"))
        pos = m.start()
        for k, item in enumerate(_ITEM_SEP.split(m.group("items"))):
            unit, start = None, pos
            # the first item may be glued to the words before it (这里的新桥、华新两镇)
            for cut in (range(len(item) - 1) if k == 0 else (0,)):
                unit = g.by_short(item[cut:], kinds) or ("街道" in kinds and (
                    # a street named after a road or an estate, listed without 路 or 新村 (湖南、枫林等街道)
                    g.by_short(item[cut:] + "路", ("街道",)) or g.by_short(item[cut:] + "新村", ("街道",)))) or None
                if unit is not None:
                    start = pos + cut
                    break
            if unit is not None and start not in covered:
                out.append(_Hit(start, pos + len(item), _Form("sub", unit.district, unit.name), text[start:pos + len(item)], ""))
            pos += len(item) + 1
    return out


def _scan(g: Gazetteer, text: str, where: str, paired: bool = False, stems: list | None = None) -> list[_Hit]:
    """Every place form in ``text``; two-character stems (``sub_short_paired``) only if ``paired``,
    else their forms go to ``stems`` (so the caller knows whether a second reading can change anything)."""
    hits = []
    for s, e, form in g.find(text):
        if form.kind == "sub_short_paired" and not paired and stems is not None:
            stems.append(form)
        if form.kind == "block" or (form.kind == "sub_short_paired" and not paired):
            continue
        h = _Hit(s, e, form, text[s:e], where)
        if form.kind in ("district", "district_short"):
            h.org = bool(_ORG_AFTER.match(text[e:e + 16]))
        hits.append(h)
    # (a listed stem is the listed unit: 南翔、马陆两镇 reads 马陆 as 马陆镇 whatever else is named)
    extra = _enumerated(g, text, {i for h in hits if h.form.kind != "sub_short_paired" for i in range(h.start, h.end)})
    listed = {h.start for h in extra}
    hits = [h for h in hits if h.form.kind != "sub_short_paired" or h.start not in listed]
    for h in extra:
        h.where = where
    if where == "title":  # a headline names what the story is about, whatever the phrase
        return sorted(hits + extra, key=lambda h: h.start)
    regions = _regions(text)
    for h in hits + extra:
        if not h.org:  # 长宁区委, 闵行区人民政府: the district's own bodies stay evidence
            h.role = _role(text, h.start, h.end, regions)
    # an organisation named in full once is the same organisation where its name is cut short or
    # runs to the end of the excerpt (…枫泾镇爱驻同心社区创新发展中心 … 枫泾镇爱驻同心社区创新)
    named = {(h.surface, text[h.end:h.end + ORG_STEM]) for h in hits if h.role == "name"}
    for h in hits:
        stem = text[h.end:h.end + ORG_STEM]
        if h.role is None and not h.org and len(stem) == ORG_STEM and (h.surface, stem) in named \
                and not _NOT_IN_NAME.search(stem):
            h.role = "name"
    # a place named right after a town's full name is a community or village of that town
    # (洞泾镇塘桥社区 is 洞泾镇's 塘桥 neighbourhood, not 浦东's 塘桥街道)
    town_end = {h.end: h.form.sub for h in hits if h.form.kind == "sub" and h.surface.endswith(("镇", "街道", "乡"))}
    for h in hits:
        if h.role is None and h.form.sub is not None and town_end.get(h.start) not in (None, h.form.sub):
            h.role = "name"
    out = sorted(hits + extra, key=lambda h: h.start)
    _mark_rolls(text, out)
    _mark_guests(text, out)
    return out


def _mark_rolls(text: str, hits: list[_Hit]) -> None:
    """Give the role "list" to the mentions in a roll of numbered lines across the city."""
    runs: list[list[tuple[int, int]]] = []
    last_end = -1
    for m in _LIST_ITEM_RE.finditer(text):
        # consecutive items: nothing but blank lines between them
        if runs and not text[last_end:m.start()].strip():
            runs[-1].append((m.start(), m.end()))
        else:
            runs.append([(m.start(), m.end())])
        last_end = m.end()
    for run in runs:
        if len(run) < LIST_ITEMS:
            continue
        a, b = run[0][0], run[-1][1]
        inside = [h for h in hits if a <= h.start < b and h.role is None]
        if len({h.form.district for h in inside}) >= LIST_DISTRICTS:
            for h in inside:
                h.role = "list"


def _mark_guests(text: str, hits: list[_Hit]) -> None:
    """Give the role "guest" to the 街道 / 镇 mentions that are affiliations in a roll of guests."""
    runs: list[list[tuple[int, int]]] = []
    last_end = -1
    for m in _GUEST_ITEM_RE.finditer(text):
        if runs and _GUEST_JOIN_RE.fullmatch(text, last_end, m.start()):
            runs[-1].append(m.span("aff"))
        else:
            runs.append([m.span("aff")])
        last_end = m.end()
    line_run: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        m = _GUEST_LINE_RE.match(line)
        if m:
            line_run.append((pos + m.start("aff"), pos + m.end("aff")))
        elif line.strip():  # (blank lines may stand between the guests, anything else ends the roll)
            runs.append(line_run)
            line_run = []
        pos += len(line) + 1
    runs.append(line_run)
    for run in runs:
        if len(run) < GUEST_ITEMS:
            continue
        for h in hits:
            if h.role is None and h.form.sub is not None and any(a <= h.start < b for a, b in run):
                h.role = "guest"


def _mark_visitors(text: str, hits: list[_Hit]) -> None:
    """Flag the mentions of a visiting party in sentences that also name a host elsewhere.

    A mention of place X is a visitor's when the sentence also names a place of another
    district and either (a) X is followed in its clause by a delegation word
    (黄浦区外滩街道考察团, 北外滩街道来访取经), or (b) X is an organisation or an official's
    office (宝山区人大常委会主任…) that then goes 来/到/赴/前往/莅临/走进 somewhere whose
    first named place belongs to another district, or (c) X follows 来自 in its sentence and a
    visit verb later leads to a place of another district.
    """
    ends = [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text) + 1]
    by_sentence: dict[int, list[_Hit]] = defaultdict(list)
    for h in hits:  # hits are in text order, so each sentence's list is too
        by_sentence[bisect.bisect_right(ends, h.start)].append(h)
    for k, sent in by_sentence.items():
        hi = ends[k] if k < len(ends) else len(text)
        if len({h.form.district for h in sent}) < 2:
            continue
        for h in sent:
            after = text[h.end:h.end + 16]
            m = _DELEGATION_AFTER.match(after)
            # 周家桥街道迎来…考察团: the host receives the delegation, it is not one
            if m:
                h.visitor = not _HOSTING.search(m.group(0))
                continue
            lo = ends[k - 1] if k else 0
            # (c) 来自甲、乙等村的书记来到丙村: the places after 来自 are where the visitors come from
            came_from = text.find("来自", lo, h.start) >= 0
            if not (h.org or _OFFICIAL_AFTER.match(after) or came_from):
                continue
            verb = _VISIT_VERB.search(text, h.end, hi)
            if verb is None:
                continue
            dest = next((x for x in sent if x.start >= verb.end()), None)
            # the first place after the verb is the destination: elsewhere = a visit
            if dest is not None and dest.form.district != h.form.district:
                h.visitor = True


def _repeated_shorts(hits: list[_Hit], title: str, body: str) -> set[str]:
    """The short names that need Shanghai context which the story repeats SHORT_REPEATED times
    (黄浦夜校 five times): their own context, unless the story names the other place's province or
    city (舟山的普陀, 宜宾长宁)."""
    n = Counter(h.surface for h in hits if h.form.kind == "district_short" and h.surface in SHORT_NEEDS_CONTEXT)
    own = {s for s, k in n.items() if k >= SHORT_REPEATED}
    return own if own and not (_ELSEWHERE.search(title) or _ELSEWHERE.search(body)) else set()


def _city_frames(title: str, body: str) -> int:
    """How often the story speaks of the city as its subject (_CITY_FRAME; quoted names not read)."""
    return len(_CITY_FRAME.findall(_QUOTED_NAME.sub("", title + "\n" + body)))


def _city_framed(frames: int, leader: float) -> bool:
    """Often enough, against its leading district's score ``leader``, to be about the city."""
    return frames >= CITY_FRAMES and frames >= CITY_FRAME_SHARE * leader


def _spread(primary: str, score: dict[str, float], title_seen: set[str], lead_seen: set[str],
            sub_scored: set[str]) -> bool:
    """A story spread over districts (a city-wide overview of several 街镇, a visit to two sites)
    has no single district: the headline does not name the leader, and a close runner-up is
    reported from one of its own 街镇 or nothing at the top of the story (title, lead) places
    the leader either. A district that merely takes part (长宁区与徐汇区、闵行区联合举办，长宁区
    牵头) leaves the leader the lead and has no 街镇 of its own."""
    if primary in title_seen:
        return False
    return any(
        d != primary and score[d] >= SPREAD_RATIO * score[primary] and (d in sub_scored or primary not in lead_seen)
        for d in score
    )


_LIST_JOIN = re.compile(r"\s*(?:[、,，]|和|与|及|以及)?\s*")


def _title_lists_districts(title: str, hits: list[_Hit]) -> bool:
    """The headline names two districts one after the other as a list (松江、嘉定, 崇明和奉贤; not run
    together, 某区某区…, which no headline prints)."""
    named = sorted((h for h in hits if h.where == "title" and h.form.kind in ("district", "district_short")),
                   key=lambda h: h.start)
    return any(a.form.district != b.form.district and b.start > a.end and _LIST_JOIN.fullmatch(title, a.end, b.start)
               for a, b in pairwise(named))


def _stem_lists(g: Gazetteer, text: str) -> Counter:
    """街镇 a story lists by their short names with no suffix after the list (大场、顾村、罗店的…,
    张堰、吕巷消防站点; a list before 镇 or 街道 is _enumerated's, and its units count): each short name
    one unit's, all of one district, none twice; not a run that goes on with a district's name
    (崇明、长兴、横沙三岛: islands, 高桥、川沙、南汇: old counties). Unit -> times listed."""
    rx, unit, district_before, district_after = g.stem_list()
    out: Counter = Counter()
    regions = None
    for m in rx.finditer(text):
        regions = _regions(text) if regions is None else regions
        if any(a <= m.start() < b for a, b, _ in regions):
            continue  # the neighbours a boundary names (与某某、某某、某某街道隔河相望), an address's
        names = m.group(1).split("、")
        units = [unit[n] for n in names]
        if len(set(names)) < len(names) or len({u.district for u in units}) != 1:
            continue
        if district_before.search(text[max(0, m.start() - 6):m.start()]) or district_after.match(text[m.end():m.end() + 6]):
            continue
        out.update(units)
    return out


def _listed_districts(body: str, hits: list[_Hit]) -> int:
    """The most districts one list in the body names (浦东新区、徐汇区、杨浦区、虹口区、黄浦区五个区)."""
    best, run, last_end = 0, set(), None
    for h in sorted((h for h in hits if h.where == "text" and h.form.kind in ("district", "district_short")),
                    key=lambda h: h.start):
        if last_end is None or not _LIST_JOIN.fullmatch(body, last_end, h.start):
            run = set()
        run.add(h.form.district)
        best, last_end = max(best, len(run)), h.end
    return best


def attribute(title: str | None, text: str, gazetteer: Gazetteer | None = None, *,
              publisher: str | None = None, paired_stems: bool = False) -> Attribution:
    """Primary district and every district / sub-district the document names.

    One ``PlaceMention`` per district (``subdistrict=None``) and per sub-district
    mentioned; ``mentions`` counts direct mentions in title and body (a district
    named only through its sub-districts has a district row with 0 mentions);
    ``evidence`` lists how each was matched. The primary district's district row
    has ``is_primary=True``; none when no Shanghai place is found. A ``publisher`` (the 来源 /
    转自 line) that names one district (上海市闵行区人民政府网站, 上海嘉定, 浦东时报) weighs as a
    mention in the lead (W_PUBLISHER) with evidence ``publisher:…``: a district's own outlet
    reports its own district; the text decides when it names places of its own.
    ``paired_stems`` is the second reading of a story in which nothing counted (see the end).
    """
    g = gazetteer or load_gazetteer()
    if not paired_stems and mostly_latin((title or "") + (text or "")):
        # an English re-post names places in pinyin (Xujing Town, Pudong New Area): read in Chinese
        # (once: the second reading below gets the text already written back)
        title, text, publisher = (to_chinese(x, g) if x else x for x in (title, text, publisher))
    title = (title or "").strip()
    body = text or ""
    # The body often repeats the title as its first line: count it once.
    if title and body.lstrip().startswith(title):
        body_start = len(body) - len(body.lstrip()) + len(title)
    else:
        body_start = 0
    stems: list = []  # the stems the first reading leaves out
    title_hits = _scan(g, title, "title", paired_stems, stems) if title else []
    tag = _TITLE_TAG_RE.search(title) if title and not title.rstrip().endswith("——") else None
    for h in title_hits:
        if tag and h.start == tag.start("tag") and h.end == tag.end("tag") and not title[:tag.start()].endswith("—"):
            h.role = "tag"
    text_hits = _scan(g, body, "text", paired_stems, stems)
    text_hits = [h for h in text_hits if h.start >= body_start]
    _mark_visitors(title, title_hits)
    _mark_visitors(body, text_hits)

    city = bool(_SHANGHAI_CONTEXT.search(title) or _SHANGHAI_CONTEXT.search(body)
                or _SHANGHAI_CONTEXT.search(publisher or ""))
    if paired_stems:  # (the second reading, below) a stem counts where the story names its district
        named = {h.form.district for h in title_hits + text_hits
                 if h.form.kind != "sub_short_paired" and not h.role and not h.visitor}
        if city:
            # a story in Shanghai that names one town's stem again and again (上海某某人…, 某某城区…)
            # speaks of that town even where it never names the district
            said = Counter(h.form.sub for h in title_hits + text_hits
                           if h.form.kind == "sub_short_paired" and not h.role and not h.visitor)
            named |= {h.form.district for h in title_hits + text_hits
                      if h.form.kind == "sub_short_paired" and said[h.form.sub] >= SHORT_REPEATED}
        title_hits = [h for h in title_hits if h.form.kind != "sub_short_paired" or h.form.district in named]
        text_hits = [h for h in text_hits if h.form.kind != "sub_short_paired" or h.form.district in named]

    context = city or any(
        h.form.kind in ("district", "sub", "sub_district_prefixed", "sub_short_paired") for h in title_hits + text_hits
    )
    hits = [h for h in title_hits + text_hits if context or h.form.kind != "sub_short"]
    if not context:
        own = _repeated_shorts(hits, title, body)
        hits = [h for h in hits if h.form.kind != "district_short" or h.surface not in SHORT_NEEDS_CONTEXT
                or h.surface in own]
    # mentions in addresses, contacts, organisation names and neighbour lists count for nothing;
    # they stay in the evidence of a place the story does name
    roled = [h for h in hits if h.role]
    hits = [h for h in hits if not h.role]

    score: dict[str, float] = defaultdict(float)
    direct: Counter = Counter()
    sub_count: Counter = Counter()
    ev_d: dict[str, Counter] = defaultdict(Counter)
    ev_s: dict[str, Counter] = defaultdict(Counter)
    orgs: Counter = Counter()
    first_pos: dict[str, int] = {}
    lead_end = body_start + LEAD_CHARS
    lead_seen: set[str] = set()
    title_seen: set[str] = set()
    sub_scored: set[str] = set()  # districts with a 街道/镇 of their own that counted
    for h in hits:
        d = h.form.district
        assert d is not None
        pos = h.start - len(title) if h.where == "title" else h.start  # the title comes first
        first_pos.setdefault(d, pos)
        is_sub = h.form.sub is not None
        if is_sub:
            sub_count[h.form.sub] += 1
            ev_s[h.form.sub][f"{'visitor' if h.visitor else h.where}:{h.surface}"] += 1
            if h.form.kind == "sub_district_prefixed":  # 闵行虹桥 names the district too
                direct[d] += 1
                ev_d[d][f"{'visitor' if h.visitor else h.where}:{h.surface}"] += 1
        else:
            direct[d] += 1
            tag = "visitor" if h.visitor else ("org" if h.org else h.where)
            ev_d[d][f"{tag}:{h.surface}"] += 1
        if h.visitor:
            continue
        if is_sub:
            sub_scored.add(d)
        if h.where == "title":
            if d not in title_seen:
                title_seen.add(d)
                score[d] += W_TITLE_SHORT if h.form.kind == "district_short" else W_TITLE
            continue
        if h.start < lead_end and d not in lead_seen:
            lead_seen.add(d)
            score[d] += W_LEAD
        if h.form.kind == "district":
            score[d] += W_MENTION
        elif h.form.kind == "district_short":
            score[d] += W_SHORT
        elif h.form.kind in ("sub_short", "sub_short_paired"):
            score[d] += W_SUB_SHORT
        else:
            score[d] += W_SUB
        if h.org and orgs[d] < ORG_CAP:
            orgs[d] += 1
            score[d] += W_ORG

    # the outlet counts only when it names exactly one district (its name, not its sentences),
    # itself or through its 街道 / 镇 (a town government's portal: 上海市某某区某某镇人民政府)
    pub = {form.district for _, _, form in g.find(publisher or "")
           if form.kind in ("district", "district_short", "sub_district_prefixed", "sub")}
    if len(pub) != 1:
        pub = set()
    for d in pub:
        score[d] += W_PUBLISHER
        ev_d[d][f"publisher:{publisher}"] += 1
        first_pos.setdefault(d, 1 << 29)  # after anything the title or the text names

    # A story with no place that counts is read again with two-character stems (罗店) beside their
    # district's short name (宝山, which then needs no other Shanghai context). Not in a story that
    # has places: there a stem is more often a brand or a venue named after the town (南翔小笼,
    # 三林体育中心) than the town (real dev batches: +2 districts this way, −4 read every time).
    if not score and stems:
        return attribute(title, text, g, publisher=publisher, paired_stems=True)
    districts = set(direct) | {g.district_of(s) for s in sub_count} | pub
    primary = None
    if score:
        # ties go to the district named first (the title before the body)
        primary = max(score, key=lambda d: (score[d], -first_pos.get(d, 1 << 30)))
        top = title + "\n" + body[body_start:lead_end]
        # (the lead of a city-wide story that gives several districts as examples is its first
        # paragraph: the district that opens the second, 一早，长宁某某街道的…, is the first of them)
        para_end = body.find("\n", body_start, lead_end)
        in_lead = primary in lead_seen and (len(score) < 2 or para_end < 0
                                            or first_pos.get(primary, 1 << 30) < para_end)
        # a headline about the city (上海:…, 上海已全面…) that names no place in it, over a story
        # whose district is not in its first paragraph either: the district is an example
        # (unless the story names no other district and names its own more than once: 上海这家
        # 社区书房… over a story set in one 街镇 of one district)
        named = direct[primary] + sum(n for s, n in sub_count.items() if g.district_of(s) == primary)
        sole = len(score) == 1 and not _CITY_COUNT.search(title) and named >= 2
        city_title = not title_seen and not sole and bool(_CITY_TITLE.search(title.strip()))
        # ... and one that counts the city's places or people (申城…床位已超1.6万张, 今年沪上新增4个…)
        # is about the city even when its lead opens in one district: the reporter's example, one
        # of those counted (not 这家 / 这个…: one place, a story of its own)
        # (a count across 全区 is the district's: 上海:首批8台已在全区启用, over one district's story)
        counted_city = city_title and bool(_CITY_COUNT.search(title)) and not _ONE_PLACE.search(title) \
            and "全区" not in title
        # ... and so is one over a story that draws on two districts or more: each is an example of
        # the city's (上海爱心暑托班今日开班 over 徐汇 and 静安 classes), even the one it opens with
        # (a district named once in passing, by its short name, is no example: W_SHORT alone)
        city_examples = city_title and sum(v > W_SHORT for v in score.values()) >= 2
        # a round-up in sections headed by district (【徐汇】 … 【嘉定】 …) reports several districts
        headed = {form.district for m in _SECTION_HEAD.finditer(body) for a, b, form in g.find(m.group(1))
                  if form.kind in ("district", "district_short") and (a, b) == (0, len(m.group(1)))}
        # a story that names districts all over the city, with the leader neither in its headline
        # nor in its lead, or that opens by naming that many in its first sentence (上海徐汇、黄浦、
        # 普陀、嘉定…陆续发布…), is about the city: the leader is one example among many
        end = _SENTENCE_END.search(body, body_start)
        first_end = end.start() if end else len(body)
        runner_up = max((v for d, v in score.items() if d != primary), default=0.0)
        roll_call = sum(v > 0 for v in score.values()) >= CITY_WIDE_DISTRICTS and primary not in title_seen and (
            not in_lead or sum(0 <= p < first_end for p in first_pos.values()) >= CITY_WIDE_DISTRICTS) and (
            score[primary] < ROLL_CALL_LEAD * runner_up)
        # a story that lists that many districts in one breath (黄浦江两岸浦东新区、徐汇区、杨浦区…五个区),
        # the leader not in its headline and a runner-up close to it, is about all of them
        listed = _listed_districts(body, hits) >= CITY_WIDE_DISTRICTS and primary not in title_seen and any(
            d != primary and score[d] >= SPREAD_RATIO * score[primary] for d in score)
        # a headline that names two districts or more, each scoring near the leader (松江、嘉定、崇明:
        # 开展…, 上海崇明和奉贤公交线路调整), reports them alike
        # (the scores first: most stories name one district in their headline, and the list check
        # sorts the headline's hits)
        several = any(d != primary and d in title_seen and score[d] >= SPREAD_RATIO * score[primary]
                      for d in score) and _title_lists_districts(title, hits)
        # a district named once, in neither the headline nor the lead, in a story that speaks of the
        # city (全市, 本市, 在上海…): one example of the city's (real dev r89, r90, r92: 6 such stories
        # left without a district by their readers, none labelled with it)
        frames = _city_frames(title, body[body_start:])
        example = named == 1 and primary not in title_seen and not in_lead and frames >= 1
        # (city words weigh against the district's score or, when its short name halves that, how
        # often it is named: 浦东 eight times and 浦东新区 once is nine namings; not against a
        # district the headline names)
        if several or roll_call or listed or counted_city or city_examples or example or score[primary] <= 0 \
                or _city_framed(frames, max(score[primary], named)) and primary not in title_seen or len(headed) >= 2 or _spread(
                primary, score, title_seen, lead_seen, sub_scored) or (
                # (a district's own account that opens on the city, 上海市各区都有…, goes on to its
                # district's part: the account names it as the title would)
                primary not in title_seen and primary not in pub and not in_lead and (_CITY_SCOPE.search(top) or city_title)):
            primary = None

    for h in roled:
        d = h.form.district
        if h.form.sub is not None and h.form.sub in sub_count:
            ev_s[h.form.sub][f"{h.role}:{h.surface}"] += 1
        elif h.form.sub is None and d in districts:
            ev_d[d][f"{h.role}:{h.surface}"] += 1

    # 街镇 listed by their short names, in a district the story names or reaches otherwise: places
    # of the story that weigh nothing for its district (a list is no sign of where it is set)
    listed = {u: n for u, n in _stem_lists(g, title + "\n" + body[body_start:]).items()
              if u.name not in sub_count and u.district in districts}
    rows: list[PlaceMention] = []
    # named first, first (a set's order changes from one process to the next); the name last
    for d in sorted(districts, key=lambda d: (-score.get(d, 0.0), first_pos.get(d, 1 << 30), d)):
        subs_here = [s for s in sub_count if g.district_of(s) == d]
        ev = [f"{k}x{v}" if v > 1 else k for k, v in ev_d[d].items()]
        ev += [f"via:{s}" for s in subs_here]
        ev.append(f"score:{score.get(d, 0.0):g}")
        rows.append(PlaceMention(d, None, direct[d], d == primary, ";".join(ev)))
        for s in subs_here:  # in the order they were first named
            sev = ";".join(f"{k}x{v}" if v > 1 else k for k, v in ev_s[s].items())
            rows.append(PlaceMention(d, s, sub_count[s], False, sev))
        for u, n in listed.items():
            if u.district == d:
                rows.append(PlaceMention(d, u.name, n, False, f"stem:{u.short_name}" + (f"x{n}" if n > 1 else "")))
    return Attribution(primary_district=primary, places=tuple(rows))
