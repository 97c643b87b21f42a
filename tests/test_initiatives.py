"""Initiative names, categories and quantities.

Sample sentences are written for these tests; the seed articles are read from
``../shared/seeds`` and never copied.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from grassroots.enrich.initiatives import core_name, extract_initiatives, load_categories, normalize_name
from grassroots.enrich.places import attribute
from grassroots.extract import extract
from grassroots.models import RawInput

REQUIRED = {"elevator", "service_station", "renovation", "party_building", "grid_governance", "elderly_care",
            "canteen", "volunteering", "public_space", "sanitation", "digital_service", "education", "culture",
            "safety"}


def names(r):
    return [m.name for m in r.mentions]


def by_name(r):
    return {m.name: m for m in r.mentions}


def test_taxonomy_has_required_categories():
    cats = load_categories()
    assert {c.category for c in cats} >= REQUIRED
    assert all(c.label_zh and c.keywords for c in cats)


@pytest.mark.parametrize("raw", ["“七个一百”", "「七个一百」", '"七个一百"', " 七个一百 ", "《七个一百》"])
def test_normalize_quotes_and_space(raw):
    assert normalize_name(raw) == "七个一百"


@pytest.mark.parametrize("raw, name", [
    ("“新建20个口袋公园(街心花园)”", "新建20个口袋公园(街心花园)"),  # a bracket the name closes is its own
    ("(邻里帮帮)", "邻里帮帮"),  # the whole name in brackets
    ("邻里帮帮)", "邻里帮帮"),  # a bracket without its partner
    ("“（邻里）帮帮”", "(邻里)帮帮"),
])
def test_normalize_keeps_brackets_in_pairs(raw, name):
    assert normalize_name(raw) == name
    # what a story stores never opens a bracket it does not close
    r = extract_initiatives(None, "今年,“新建20个口袋公园(街心花园)”项目被纳入区政府实事项目。")
    assert all(m.name.count("(") == m.name.count(")") for m in r.mentions)


def test_normalize_width_and_codes():
    assert normalize_name("２＋１４＋６８＋６１０") == "2+14+68+610"
    assert normalize_name("1 + 2 + 10 + x") == "1+2+10+X"
    assert normalize_name("浦汇生活•烟火蒙西") == normalize_name("浦汇生活・烟火蒙西") == "浦汇生活·烟火蒙西"
    assert normalize_name("美好 家园") == "美好家园"


def test_same_programme_two_spellings_is_one_name():
    a = extract_initiatives(None, "某街道推出“睦邻一家亲”服务品牌,居民点赞。")
    b = extract_initiatives(None, "某街道的「睦邻 一家亲」品牌项目进入第二年。")
    assert names(a) == names(b) == ["睦邻一家亲"]


def test_quoted_name_needs_a_programme_noun():
    r = extract_initiatives(None, "居民说:“这里真方便”。他们称之为“家门口的幸福”。街道启动“邻里守望”互助行动。")
    assert names(r) == ["邻里守望"]
    m = by_name(r)["邻里守望"]
    assert m.kind == "named" and m.evidence == "街道启动“邻里守望”互助行动。"


def test_noun_within_window_and_same_core_inside_or_outside_quotes():
    r = extract_initiatives(None, "形成“一核多元”基层治理格局。推出“银龄伙伴计划”。")
    assert names(r) == ["一核多元", "银龄伙伴"]
    assert [m.full_name for m in r.mentions] == ["“一核多元”基层治理格局", "“银龄伙伴计划”"]
    a = extract_initiatives(None, "小区成立“邻里帮帮”小组。")
    b = extract_initiatives(None, "社区成立“邻里帮帮小组”,已结对独居老人40户。")
    assert names(a) == names(b) == ["邻里帮帮"]
    assert (a.mentions[0].full_name, b.mentions[0].full_name) == ("“邻里帮帮”小组", "“邻里帮帮小组”")


def test_slogan_with_pause_is_not_a_name_but_a_listed_event_is():
    # “政府搭台、居民参与”的运营模式 describes a way of working; “邻里节” is a named recurring
    # event the story reports as run (docs/INITIATIVES.md: named recurring events count)
    r = extract_initiatives(None, "探索“政府搭台、居民参与”的运营模式,开展“邻里节”等活动。")
    assert names(r) == ["邻里节"]


def test_bracketed_name_ending_in_its_noun():
    r = extract_initiatives(None, "街道印发《美好社区先锋行动》实施方案,并编印《社区治理案例汇编》。")
    assert names(r) == ["美好社区先锋"]
    assert r.mentions[0].full_name == "《美好社区先锋行动》"


def test_book_title_is_not_a_programme():
    r = extract_initiatives(None, "社区举办《我们的故事》交流展示活动。")
    assert names(r) == []


def test_code_programmes():
    r = extract_initiatives(None, "全区形成“2+14+68+610”的党群服务阵地体系,并推出“5191”赋能工作室,打造1+2+10+X工作格局。")
    assert names(r) == ["2+14+68+610", "5191", "1+2+10+X"]
    assert {m.kind for m in r.mentions} == {"code"}


def test_two_part_code_needs_quotes_or_noun():
    assert names(extract_initiatives(None, "实现1+1大于2的效果。")) == []
    assert names(extract_initiatives(None, "推行1+N服务模式,打造“1+14”工作室。")) == ["1+N", "1+14"]


def test_campaign_without_quotes():
    r = extract_initiatives(None, "各居民区深入开展我为群众办实事实践活动。")
    assert names(r) == ["我为群众办实事"]
    assert r.mentions[0].kind == "campaign"


@pytest.mark.parametrize(("surface", "core"), [
    ("“七个一百”实践行动", "七个一百"), ("“邻里帮帮”小组", "邻里帮帮"), ("“邻里帮帮小组”", "邻里帮帮"),
    ("“美丽庭院”建设", "美丽庭院"), ("“微笑街区”营造", "微笑街区"), ("“街之声”民情信息站", "街之声"),
    ("“15分钟党群服务圈”", "15分钟党群服务圈"), ("「五邊十色」助老服務卡", "五边十色"), ("“三驾马车“", "三驾马车"),
    ("“光盘行动”", "光盘行动"),  # too short to lose its noun
])
def test_core_name(surface, core):
    assert core_name(surface) == core


def test_head_nouns_beyond_a_closed_list():
    # issue 17's misses: any programme, venue, team or service noun after the quote, and gaps
    # longer than the old 10-character window
    r = extract_initiatives(None, "街道推进“美丽庭院”建设和“微笑街区”营造,深化“三社联动”工作,召开“四位一体”工作会。"
                                  "镇里新设“聚泾彩”党建服务点和“街之声”民情信息站,织密“15分钟党群服务圈”,推行“对表式”"
                                  "考核,开通“听民意·集民智”夏令热线。发布“福民”系列党建引领基层治理工作品牌,打造“Nancy”"
                                  "系列文化品牌,形成“三驾马车“工作格局。")
    assert names(r) == ["美丽庭院", "微笑街区", "三社联动", "四位一体", "聚泾彩", "街之声", "15分钟党群服务圈", "对表式",
                        "听民意·集民智", "福民", "Nancy", "三驾马车"]


def test_traditional_text_gives_simplified_cores_and_keeps_the_printed_surface():
    r = extract_initiatives(None, "「五邊十色」助老服務卡已發放,「五邊形」養老服務體系覆蓋全區。")
    assert names(r) == ["五边十色", "五边形"]
    assert r.mentions[0].full_name == "「五邊十色」助老服務卡"


def test_brand_standing_alone_as_the_subject():
    r = extract_initiatives(None, "“生活盒子”已覆盖12个小区,居民下楼就能办事。")
    assert names(r) == ["生活盒子"]


def test_list_members_share_the_head_noun_after_the_list():
    r = extract_initiatives(None, "街道围绕“角里夜话”“青年市集”“创客下午茶”等活动,每月组织青年参与。"
                                  "中心开设“人人讲堂”、“人人会客厅”、“人人议事厅”等空间。")
    assert names(r) == ["角里夜话", "青年市集", "创客下午茶", "人人讲堂", "人人会客厅", "人人议事厅"]


def test_the_last_member_of_a_list_may_join_with_a_conjunction():
    r = extract_initiatives(None, "仪式上成立“阳光助老”志愿服务队及“银龄课堂”、“邻里厨房”和“书香角”志愿服务小组。")
    assert names(r) == ["阳光助老", "银龄课堂", "邻里厨房", "书香角"]
    # two quotes joined by 和 alone are no list: here two parts of a report, not programmes
    r = extract_initiatives(None, "报告分为“坚持问题导向”和“抓好工作落实”两大部分。")
    assert names(r) == []


def test_unquoted_campaigns_from_the_seed_lexicon():
    r = extract_initiatives(None, "推进15分钟社区生活圈、美丽家园、美丽乡村示范村、大调研、全岗通、精品小区建设、美丽街区建设和"
                                  "一网通办。")
    assert names(r) == ["15分钟社区生活圈", "美丽家园", "美丽乡村", "大调研", "全岗通", "精品小区", "美丽街区", "一网通办"]
    assert {m.kind for m in r.mentions} == {"campaign"}
    assert by_name(r)["精品小区"].full_name == "精品小区建设"


@pytest.mark.parametrize(("text", "expected"), [
    # the short names reporters use for listed campaigns
    ("街道配合加梯工程，在楼下新建了车棚。镇里推进老旧住宅小区改造工作。", ["加装电梯", "老旧小区改造"]),
    ("政府配套二次供水、电梯加装等项目。", ["加装电梯"]),
    # a spam gateway prints pinyin after some characters, with or without tone marks
    ("杨浦(pu)区多措并举推进“15分钟(zhong)社区生活圈”建设(she)。", ["15分钟社区生活圈"]),
    # a recurring festival; a country park is a place, not a programme
    ("廊下郊野公园迎来游客。2021上海城市空间艺术季嘉定展区开幕。", ["上海城市空间艺术季"]),
    # the national title beyond the civilised district, also in 创…
    ("街道全力以赴创全国文明典范城区，争创全国文明典范城市。", ["全国文明典范城区"]),
    ("村里建成生境花园，入选中国美丽休闲乡村；镇里启动老旧电梯更新。", ["生境花园", "中国美丽休闲乡村", "老旧电梯更新"]),
    # the city's campaign beside the districts' (全国文明城区)
    ("今年，街道全力推进创建全国文明城市工作。", ["全国文明城市"]),
    ("街道成功创建充分就业社区。", ["充分就业社区"]),
    # a national safety campaign, the city's amateur league and a national festival
    ("民警走进社区，推进一盔一带安全守护行动。", ["一盔一带"]),
    ("镇里举办城市业余联赛篮球赛。在农民丰收节到来之际，村里举办农耕运动会。", ["城市业余联赛", "中国农民丰收节"]),
    # the district's child-friendly work, the city's recycling points, a policeman for every estate
    ("区里推进儿童友好城区建设，小区新建惠民回收服务点，按照一居一警配置社区民警。",
     ["儿童友好城区", "惠民回收服务点", "一居一警"]),
    # the national programme of the traditional festival days and the national campaign against
    # organised crime
    ("社区开展我们的节日主题活动,推进常态化扫黑除恶斗争。", ["我们的节日", "扫黑除恶"]),
    # the national water-saving creations and the sponge city
    ("本市加快节水型城市建设,今年新建一批节水型小区、节水型学校和节水型企业,并推进海绵城市试点。",
     ["节水型城市", "节水型小区", "节水型学校", "节水型企业", "海绵城市"]),
    # the city's one-visit services, the national employment-aid month and the city's self-cultivation drive
    ("中心推行一件事一次办。区里举办就业援助月主题日。镇里启动市民修身行动。", ["一件事一次办", "就业援助月", "市民修身行动"]),
    # the city's village instructors and the three-meetings system
    ("驻村指导员走访农户。街道灵活运用三会制度。", ["驻村指导员", "三会制度"]),
    # the city's programme for the villages' Jiangnan style
    ("村里以沪派江南风貌为引领，修缮古桥老宅。", ["沪派江南"]),
])
def test_campaigns_named_without_quotes_as_reporters_write_them(text, expected):
    assert names(extract_initiatives(None, text)) == expected


def test_a_brand_dotted_with_a_spacing_dot_above_is_the_same_brand():
    # some portals print the middle dot as ˙ (U+02D9), which NFKC makes a combining dot
    r = extract_initiatives(None, "街道打造“丽园˙好食光”社区食堂。“丽园・好食光”助餐点开张。")
    assert names(r) == ["丽园·好食光"]


def test_a_campaign_as_the_topic_of_a_talk_or_a_game_is_not_run():
    r = extract_initiatives(None, "活动设有义诊、垃圾分类宣传、反诈知识竞赛等摊位，孩子们玩起了垃圾分类飞行棋。")
    assert "垃圾分类" not in names(r)
    assert "垃圾分类" in names(extract_initiatives(None, "小区推进垃圾分类，湿垃圾分出率提高到三成。"))


def test_kinds_of_work_the_labellers_never_list_are_not_campaigns():
    # 零星旧改 (scattered renovation): on 670 real dev excerpts, 0 of 6 stories that named it had
    # it labelled as a programme; the labellers wrote the umbrella 旧区改造, which 旧改 inside
    # 零星旧改 still gives. (和美乡村 was here too, at 1 of 5 then; on the 2,270 dev excerpts of
    # 2026-12-07 it is 6 of 7, and the lexicon lists it: see the test of the month for the elderly)
    r = extract_initiatives(None, "区里在老旧小区改造、零星旧改等领域持续发力。")
    assert names(r) == ["老旧小区改造", "旧区改造"]


def test_the_words_between_speech_and_the_next_quote_are_not_a_name():
    # a right quote after a full stop or a comma closes speech, even when the speech opened too
    # far back to be paired with it; it opens nothing
    speech = "居民说：“" + "以前买菜要坐两站公交车，看病也要跑到隔壁街道去，" * 3 + "现在下楼走几步就都办好了。”"
    r = extract_initiatives(None, speech + "在近日以“15分钟社区生活圈”为主题的艺术季上，几个街道展出了改造方案。")
    assert "在近日以" not in names(r) and "15分钟社区生活圈" in names(r)
    r = extract_initiatives(None, "“小区的事，”王阿姨说，“大家商量着办。”社区推出“议事角”。")
    assert names(r) == ["议事角"]


def test_a_campaign_surface_whose_last_character_starts_the_next_word_is_not_it():
    # 社区通 is the platform, 社区通过 "the community, through"; 创全 is the campaign, 争创全国 is not
    assert names(extract_initiatives(None, "小区居委会和社区通过居民代表会议议定停车方案。镇里争创全国乡村治理示范镇。")) == []
    assert names(extract_initiatives(None, "居民用社区通反映楼道堆物，街道推进创全工作。")) == ["社区通", "全国文明城区"]


def test_a_campaign_under_a_short_name_keeps_it_as_its_full_name():
    assert by_name(extract_initiatives(None, "街道配合加梯工程。"))["加装电梯"].full_name == "加梯工程"


def test_campaign_inside_a_quoted_brand_is_the_brand():
    r = extract_initiatives(None, "石门二路街道“石二邻里汇”焕新开放,“石二邻里汇”设有助餐点。街道启动“加装电梯惠民”行动。")
    assert names(r) == ["石二邻里汇", "加装电梯惠民"]


def test_numbered_recurring_event_without_quotes():
    r = extract_initiatives(None, "虹桥街道第十届睦邻文化节开幕,中外居民同包饺子。")
    assert names(r) == ["睦邻文化节"]


@pytest.mark.parametrize("text", [
    "社区提供“家门口”的服务,居民很满意。",               # a description
    "沿街有不少「老字號」商铺。",                          # a trade category
    "城管清理“三车”,整治“群租”。",                      # objects of clean-up
    "他说:“小事不出楼,大事不出街道。”",                 # speech
    "打通服务群众的“最后一公里”。",                       # a figure of speech
    "以“邻里一家亲”为主题,活动持续一个月。",              # a theme
    "当选“优秀小管家”的同学获得证书,商户轮流担任“门前管家”。",  # honours and roles
    "记者发现“志愿服务队金佳站成立仪式在社区广场举行”。",    # a whole quoted headline
    "欢迎关注“浦东发布”,分享给更多人。",                  # an account
])
def test_not_initiatives(text):
    assert names(extract_initiatives(None, text)) == []


def test_categories_multi_label_with_keywords():
    text = ("街道推出“暖心到家”为老服务行动,在社区食堂为独居老人开设助餐点,上门送餐;"
            "志愿者每周上门,社区食堂和助餐点由志愿服务队维护,志愿者还陪老人聊天。")
    r = extract_initiatives("暖心到家:老人吃饭不再难", text)
    m = by_name(r)["暖心到家"]
    assert {"elderly_care", "canteen"} <= set(m.categories)
    cats = {c.category: c.keywords for c in r.categories}
    assert {"elderly_care", "canteen", "volunteering"} <= set(cats)
    assert "食堂" in cats["canteen"]
    assert "elevator" not in cats


def test_declared_category_of_a_programme_counts_for_the_article():
    # one 平安 in the programme's own words makes the story a safety story; the passing
    # 电梯 in another sentence does not make it an elevator story
    r = extract_initiatives(None, "镇里启动“岛居无忧”平安建设项目。楼里有一部电梯。")
    assert by_name(r)["岛居无忧"].categories == ("safety",)
    assert {c.category for c in r.categories} == {"safety"}


def test_single_passing_keyword_is_not_an_article_category():
    r = extract_initiatives(None, "居委会干部走访居民。楼里还有一部老电梯。居民议事会讨论了停车问题,议事会达成一致,"
                                  "楼组长把议事会的决定贴在楼道。")
    assert "elevator" not in {c.category for c in r.categories}
    assert "grid_governance" in {c.category for c in r.categories}


@pytest.mark.parametrize(("text", "value", "unit", "obj"), [
    ("今年新建20座公厕。", 20, "座", "公厕"),
    ("将200个居村党群服务阵地纳入实事项目。", 200, "个", "居村党群服务阵地"),
    ("10万平方米片区主阵地即将开放。", 100000, "平方米", "片区主阵地"),
    ("发放调查问卷3.3万余份。", 33000, "份", "调查问卷"),
    ("累计举办议事会317场。", 317, "场", "议事会"),
    ("推动百部电梯加装。", 100, "部", "电梯"),
    ("投入资金500万元。", 5_000_000, "元", "资金"),
])
def test_quantities(text, value, unit, obj):
    facts = extract_initiatives(None, text).facts
    assert len(facts) == 1
    f = facts[0]
    assert (f.value, f.unit) == (value, unit)
    assert f.object == obj
    assert f.evidence == text


@pytest.mark.parametrize(("text", "obj"), [
    ("该镇新(扩)建睦邻点不少于15家。", "睦邻点"),                 # a verb and a bound before the figure
    ("街道已建成助餐服务场所8处。", "助餐服务场所"),             # an object ending in a measure word
    ("全区设置湿垃圾收集车40辆。", "湿垃圾收集车"),               # a verb inside the noun (收集车)
    ("晚会吸引了200多名社区居民前来观看。", "社区居民"),          # the predicate after the object
    ("厢房改造后,面积在15-60平方米。", "面积"),                     # a range's upper figure
    ("小区总面积12万平方米。", "面积"),                            # 总 is a quantifier
    ("街道70岁以上独居老人有320人。", "独居老人"),                 # an age bound before the object
    ("老街设置了3个“文明实践”打卡点。", "打卡点"),                 # the kind after a quoted name
    ("镇里有近30万人口。", "人口"),                                # the unit and its object one word
    ("新楼的建筑面积1.2万平方米。", "建筑面积"),                    # 建, 共, 有 inside words are no verbs
    ("新增公共绿地3处。", "公共绿地"),
    ("区内有国有企业12家。", "国有企业"),
])
def test_quantity_objects_are_noun_phrases(text, obj):
    # what initiative_facts_by_district groups by: the counted thing, not a scrap of the sentence
    # (docs/QUANTITIES.md; bench/eval_quantities.py measures it on labelled real excerpts)
    facts = extract_initiatives(None, text).facts
    assert [f.object for f in facts][-1] == obj


def test_not_quantities():
    # an article (一个), an idiom (千家万户), an ordinal (第二届), a date, a code
    r = extract_initiatives(None, "这是一个好办法,关系千家万户。第二届大赛在2024年9月举行,“2+14”体系。")
    assert r.facts == ()
    # a span of time counted in 个 (3个多月, 两个小时 is no figure anyway), a building's code (B2栋)
    r = extract_initiatives(None, "经过3个多月的征集和近12个小时的布展,展览在B2栋开幕。")
    assert r.facts == ()


def test_fact_links_initiative_in_same_sentence():
    r = extract_initiatives(None, "“5191”赋能工作室链接28个职能部门。")
    assert r.facts[0].initiative == "5191"


def test_programme_name_keyword_decides_article_category():
    r = extract_initiatives(None, "街道启动“加装电梯惠民”行动。")
    assert "elevator" in {c.category for c in r.categories}


def test_empty_input():
    r = extract_initiatives(None, "")
    assert r.mentions == () and r.categories == () and r.facts == ()


# ------------------------------------------------------------ seed acceptance


def _seed(shared_seeds, prefix):
    f = sorted(shared_seeds.glob(f"{prefix}_*"))[0]
    raw = RawInput(source="seeds", locator=str(f), data=f.read_bytes(), fetched_at=datetime.now(UTC))
    return extract(raw)


def test_seed_001_seven_hundreds_is_elevator(shared_seeds):
    ex = _seed(shared_seeds, "001")
    r = extract_initiatives(ex.title, ex.text)
    m = by_name(r)["七个一百"]
    assert "elevator" in m.categories
    assert "七个一百" in m.evidence
    assert "elevator" in {c.category for c in r.categories}


def test_seed_002_codes_under_minhang(shared_seeds):
    ex = _seed(shared_seeds, "002")
    r = extract_initiatives(ex.title, ex.text)
    assert {"2+14+68+610", "5191"} <= set(names(r))
    assert attribute(ex.title, ex.text).primary_district == "闵行区"
    facts = {(f.value, f.unit, f.object) for f in r.facts}
    assert (200, "个", "居村党群服务阵地") in facts
    assert (317, "场", "议事会") in facts


# ------------------------------------------------------------ views over a real warehouse

_VIEW_DOCS = {
    "a.md": ("闵行区“邻里汇”睦邻服务站全面开放 改造老旧小区10万平方米", "2024-03-05",
             "本报讯 今天,闵行区召开社区治理工作推进会,宣布全区首批“邻里汇”睦邻服务站全面开放。闵行区在全市率先形成"
             "“2+14+68+610”的党群服务阵地体系,服务站提供助餐、理发、议事等服务。\n\n会上介绍,今年全区新建20座公厕,"
             "改造老旧小区10万平方米。居民代表在会上发言,希望服务站延长开放时间,让上班族下班后也能参加活动。"),
    "b.md": ("闵行区启动“银发助餐”行动", "2024-05-10",
             "闵行区今天启动“银发助餐”行动,依托“邻里汇”睦邻服务站,在各街镇开设长者食堂和助餐点,为老年人提供午餐,"
             "社区食堂的菜单由居民共同商定。\n\n据介绍,全区今年还将新建12座公厕。闵行区相关负责人表示,助餐点将优先"
             "覆盖独居老人较多的居民区,志愿者负责送餐上门。"),
    "c.md": ("长宁区楼道焕新记", None,
             "长宁区江苏路街道的一处老小区里,“七彩楼道”项目让楼道变了样。居民自己动手粉刷墙面、摆放绿植,楼组长组织"
             "大家每周打扫一次。\n\n街道介绍,这一做法已在辖区推广到30个小区。长宁区相关部门表示,将总结经验,在更多"
             "街道推广楼道微更新。"),
    "d.md": ("长宁区“七彩楼道”项目再扩容", "2024-04-02",
             "长宁区今天宣布,“七彩楼道”项目今年将新增50个小区。项目由居民自治推动,楼组长牵头,街道提供材料,社区"
             "志愿者参与粉刷和保洁。\n\n长宁区各街道表示,楼道微更新将和加装电梯工作一起推进,让老小区住得更舒心。"),
}
INITIATIVE_VIEWS = ("initiatives", "initiative_mentions", "district_monthly", "district_category_quarterly",
                    "initiative_facts_by_district")


def _load_view_docs(db, tmp_path, files: dict | None = None):
    """Markdown files {name: (title, day, body)} (by default _VIEW_DOCS and a copy of a.md) made
    into documents and loaded in one batch."""
    from grassroots import warehouse
    from grassroots.models import Batch, Document
    from grassroots.run.pipeline import process_one

    raws, docs = [], []
    if files is None:
        files = dict(_VIEW_DOCS)
        files["a_copy.md"] = files["a.md"]  # the same story seen at a second path: a sighting, not a story
    for name, (title, day, body) in files.items():
        fm = f"---\ntitle: {title}\n" + (f"date: {day}\n" if day else "") + "---\n\n"
        p = tmp_path / name
        p.write_text(fm + body + "\n", encoding="utf-8")
        raw = RawInput(source="t", locator=str(p), data=p.read_bytes(), fetched_at=datetime.now(UTC))
        doc = process_one(raw)
        assert isinstance(doc, Document), doc
        raws.append(raw)
        docs.append(doc)
    with warehouse.open_writer(db) as con:
        warehouse.load_batch(con, Batch(source="t", batch_no=0, raws=raws, documents=docs))


def _rows(con, sql):
    cur = con.execute(sql)
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def test_initiative_views_on_empty_warehouse(db):
    from grassroots import warehouse

    with warehouse.open_writer(db):
        pass
    con = warehouse.open_reader(db)
    try:
        for v in INITIATIVE_VIEWS:
            assert con.execute(f"select count(*) from {v}").fetchone()[0] == 0, v
    finally:
        con.close()


def test_initiative_views_count_stories_and_dated_months(db, tmp_path):
    from grassroots import warehouse

    _load_view_docs(db, tmp_path)
    con = warehouse.open_reader(db)
    try:
        ini = {(r["name"], r["district"]): r for r in _rows(con, "select * from initiatives")}
        llh = ini[("邻里汇", "闵行区")]
        assert (llh["articles"], llh["sources"]) == (2, 1)  # the copy of a.md is not a second story
        assert (str(llh["first_seen"]), str(llh["last_seen"])) == ("2024-03-05", "2024-05-10")
        assert "service_station" in llh["categories"]
        qc = ini[("七彩楼道", "长宁区")]
        assert qc["articles"] == 2 and str(qc["first_seen"]) == "2024-04-02"  # the undated story sets no date
        assert ("2+14+68+610", "闵行区") in ini

        ments = _rows(con, "select * from initiative_mentions where name = '银发助餐'")
        assert {m["category"] for m in ments} >= {"canteen", "elderly_care"}
        assert all(m["district"] == "闵行区" and str(m["published_date"]) == "2024-05-10" for m in ments)
        assert all("银发助餐" in m["evidence"] for m in ments)
        assert {m["full_name"] for m in ments} == {"“银发助餐”行动"}  # the surface beside the core
        assert con.execute("select category, scope from ref.campaigns where name = '15分钟社区生活圈'").fetchone() == \
            ("public_space", "city")
        assert con.execute("select count(distinct doc_id) from initiative_mentions where name = '邻里汇'").fetchone()[0] == 2

        monthly = {(r["district"], str(r["month"])): r for r in _rows(con, "select * from district_monthly")}
        assert set(monthly) == {("闵行区", "2024-03-01"), ("闵行区", "2024-05-01"), ("长宁区", "2024-04-01")}
        mar, may = monthly[("闵行区", "2024-03-01")], monthly[("闵行区", "2024-05-01")]
        assert (mar["articles"], mar["initiatives"], mar["new_initiatives"]) == (1, 2, 2)
        assert (may["articles"], may["initiatives"], may["new_initiatives"]) == (1, 2, 1)
        assert monthly[("长宁区", "2024-04-01")]["articles"] == 1  # c.md has no date: in no month

        q = {(r["district"], str(r["quarter"]), r["category"]): r
             for r in _rows(con, "select * from district_category_quarterly")}
        assert q[("闵行区", "2024-04-01", "canteen")]["articles"] == 1
        assert q[("闵行区", "2024-04-01", "canteen")]["initiatives"] >= 1
        assert not any(k[0] == "长宁区" and k[1] != "2024-04-01" for k in q)

        facts = {(r["district"], r["unit"], r["object"]): r for r in _rows(con, "select * from initiative_facts_by_district")}
        toilets = facts[("闵行区", "座", "公厕")]
        assert (toilets["total"], toilets["articles"]) == (32, 2)  # 20 + 12, the copy not counted again
        area = facts[("闵行区", "平方米", "老旧小区")]
        assert (area["total"], area["facts"]) == (100000, 1)  # repeated in a.md's title and body: once
    finally:
        con.close()


def test_pinyin_readings_in_a_repost_do_not_break_names():
    # some gateways print a reading after each character; the name is read without them
    r = extract_initiatives(None, "街道推行「美(měi)麗(lì)庭(tíng)院(yuàn)」建設,並成立“鄰(lín)里(lǐ)幫(bāng)幫(bāng)”小組。")
    assert names(r) == ["美丽庭院", "邻里帮帮"]


def test_brand_in_parentheses_after_its_venue():
    r = extract_initiatives(None, "某区党群服务中心(云朵·邻里中心)新添服务项目。会议(2024年3月1日)召开。")
    assert names(r) == ["云朵·邻里中心"]
    # a gloss made of generic words says what kind of venue it is, it is not a brand
    r = extract_initiatives(None, "湖南街道\n湖南社区居家养老服务中心(社区食堂)\n地址:某路298弄2号")
    assert names(r) == []


def test_business_after_a_quote_is_not_a_programme():
    r = extract_initiatives(None, "村里引进“溪畔小筑”民宿度假村项目,又推出“邻里帮帮”小组。")
    assert names(r) == ["邻里帮帮"]


def test_a_canteen_brand_is_a_venue_brand_a_trade_word_is_not():
    # a quoted restaurant name in community news is the brand of a canteen run for residents
    r = extract_initiatives(None, "街道推出“禾苗长者餐厅”,老人凭卡就餐。镇里的“禾苗长者餐厅”每天供应两百份午餐。")
    assert names(r) == ["禾苗长者餐厅"]
    r = extract_initiatives(None, "小区门口开了一家“网红餐厅”,又推出“邻里帮帮”小组。")
    assert names(r) == ["邻里帮帮"]


def test_unquoted_name_needs_a_distinctive_modifier():
    # 老杨 says which one; 志愿服务 only says what kind
    r = extract_initiatives(None, "居民区推出老杨工作法,并设立志愿服务驿站。")
    assert names(r) == ["老杨工作法"]


def test_n_minute_circles_by_their_shape():
    r = extract_initiatives(None, "街道织密15分钟养老服务圈,推进一刻钟便民生活圈建设。")
    assert set(names(r)) == {"15分钟养老服务圈", "一刻钟便民生活圈"}


def test_the_citys_works_programmes_without_quotes():
    # the city's yearly works for homes and rivers, named as its programmes are, unquoted
    text = ("今年街道完成居家环境适老化改造120户，为8个小区实施二次供水设施改造，"
            "推进无障碍环境建设，沿岸步道纳入一江一河规划。")
    assert set(names(extract_initiatives(None, text))) == {
        "适老化改造", "二次供水设施改造", "无障碍环境建设", "一江一河"}


def test_descriptive_words_are_not_the_campaign_but_its_work_is():
    r = extract_initiatives(None, "建设有温度的美丽家园。镇里的美丽家园建设计划已启动。")
    assert names(r) == ["美丽家园"]
    assert names(extract_initiatives(None, "建设有温度的美丽家园,让居民安居乐业。")) == []



def test_ideas_and_honours_after_a_quote_are_not_programmes():
    r = extract_initiatives(None, "街道践行“共建共享”理念;五位“楼道志愿服务之星”获表彰;街道推出“邻里帮帮”小组。")
    assert names(r) == ["邻里帮帮"]


def test_a_list_of_names_is_one_kind_of_thing():
    # three of the four members name themselves venues; the fourth is a name of the same list
    r = extract_initiatives(None, "社区推出“大家讲堂”“大家会客厅”“大家书屋”“大家食堂”等多个主题项目。")
    assert names(r) == ["大家讲堂", "大家会客厅", "大家书屋", "大家食堂"]


def test_a_first_edition_and_an_opening_name_events_without_quotes():
    r = extract_initiatives("某区社区邻里节正式启动", "首届全区绿色出行宣传周系列活动正式启动。")
    assert set(names(r)) >= {"社区邻里节", "全区绿色出行宣传周"}
    # a name too short without its place keeps it (科技节 alone is any festival of science)
    r = extract_initiatives(None, "昨天下午,潍坊新村街道科技节开幕暨科普基地揭牌仪式在科普中心举办。")
    assert names(r) == ["潍坊新村街道科技节"]


def test_ratios_and_reduplicated_descriptions_are_not_names():
    r = extract_initiatives(None, "做到“两条街道一个”服务站;装了电梯,“进进出出”方便多了。")
    assert "两条街道一个" not in names(r) and "进进出出" not in names(r)


def test_a_right_quote_opening_a_line_opens_a_name():
    # some captures print the opening quote as a right quote (”…”); a closing quote after text
    # does not open a span
    from grassroots.enrich.initiative_names import quoted_spans

    text = "”邻里帮帮”小组成立\n推出“睦邻坊”。居民说”好”"
    assert [c for _, _, c in quoted_spans(text)] == ["邻里帮帮", "睦邻坊"]


def test_a_name_followed_by_an_adverb_is_the_subject():
    # the predicate starts at once: nothing after the quote is a noun it modifies
    assert names(extract_initiatives(None, "“邻里彩虹”持续升级,居民点赞。")) == ["邻里彩虹"]


def test_a_head_noun_used_as_a_verb_is_not_a_head_noun():
    assert names(extract_initiatives(None, "让“社区资源”服务于社区居民。")) == []


@pytest.mark.parametrize("text, name", [
    ("这里的“桂香茶坊”成了居民的好去处。", "桂香茶坊"),
    ("镇里的“青禾艺术馆”吸引了不少居民。", "青禾艺术馆"),
    ("由楼组长组成的“双人巡楼组”,每天巡查一次。", "双人巡楼组"),
    ("专家在“稻香论坛”上作了发言。", "稻香论坛"),
])
def test_venue_team_and_event_nouns_name_themselves(text, name):
    assert names(extract_initiatives(None, text)) == [name]


def test_a_brand_and_its_sub_brand_joined_with_a_dot():
    r = extract_initiatives(None, "社区入选“银杏家园·温暖同行”——助老志愿服务项目。")
    assert names(r) == ["银杏家园·温暖同行"]


def test_a_series_and_its_event_in_one_quote_are_two_names():
    r = extract_initiatives(None, "街道“书香四季——春读季”活动在社区书房开幕。")
    assert names(r) == ["书香四季", "春读季"]


def test_an_account_the_story_runs_is_a_platform_one_to_follow_is_not():
    assert names(extract_initiatives(None, "合作社启用“稻香云集”微信公众号,开展线上销售。")) == ["稻香云集"]
    assert names(extract_initiatives(None, "活动预告通过镇里的“稻香云集”公众号发布。")) == []


@pytest.mark.parametrize("text", [
    "要把新城打造为“宜居之地”。",                                   # a goal
    "服务覆盖社区“全人群”。",                                       # a group of people
    "村里获评“五星村”、“双百村”、一村一品示范村等荣誉称号。",       # honours the place holds
    "以“美丽家园、幸福乐园”为主题开展活动。",                       # a campaign inside a slogan
    "展示“青石老街 活力新巷”发展愿景。",                            # a vision
])
def test_goals_groups_honours_and_slogans_are_not_names(text):
    assert names(extract_initiatives(None, text)) == []


def test_a_campaign_inside_an_honours_title_is_the_campaign():
    r = extract_initiatives(None, "街道获得“全区一网通办服务竞赛一等奖”等荣誉。")
    assert names(r) == ["一网通办"]


def test_the_programme_of_a_role_is_a_name():
    r = extract_initiatives(None, "三位居民受聘成为“邻里星光”志愿服务宣讲员。")
    assert names(r) == ["邻里星光"]


def test_brands_apposed_to_their_venue_or_programme_noun():
    r = extract_initiatives(None, "区里打造社区服务品牌——睦邻港,今年新增10家党群服务中心·睦邻港。")
    assert names(r) == ["睦邻港"]
    r = extract_initiatives(None, "去年,老街桂园·乐膳坊社区食堂开办。")
    assert names(r) == ["老街桂园·乐膳坊"]


def test_a_counted_list_names_each_member():
    r = extract_initiatives(None, "园区设有“云帆楼”“星光阁”“书香苑”三座场馆。")
    assert names(r) == ["云帆楼", "星光阁", "书香苑"]


def test_a_two_half_title_of_an_event_is_its_name():
    r = extract_initiatives(None, "“乐享社区 共筑家园”社区开放日活动在村里举行。")
    assert names(r) == ["乐享社区共筑家园"]  # the core drops the space (full_name keeps it)


def test_quotes_inside_a_numbered_events_name():
    r = extract_initiatives(None, "第三届“暖心”短视频大赛评出十部佳作。")
    assert "暖心短视频大赛" in names(r)


def test_a_working_form_is_a_method():
    r = extract_initiatives(None, "助餐点采用“线上预订+就近取餐”形式。")
    assert names(r) == ["线上预订+就近取餐"]


def test_kinds_from_the_second_real_batch():
    # a quote listing N names with the count right after gives each member (issue 17, r5 dev kinds)
    r = extract_initiatives(None, "街道发布“邻里说事、楼道点灯、老街寻味”三大服务品牌。")
    assert names(r) == ["邻里说事", "楼道点灯", "老街寻味"]
    # numbered parts in one quote are one mechanism, not a slogan
    r = extract_initiatives(None, "全区形成“两级统筹、三级联动”工作体系。")
    assert names(r) == ["两级统筹、三级联动"]
    # a quoted question is a topic discussed
    r = extract_initiatives(None, "座谈会上大家聊起“如何照顾独居老人”“怎样回应居民诉求”。")
    assert names(r) == []
    # an umbrella named as a series is kept beside its longer programme
    r = extract_initiatives(None, "镇里开设“明德讲堂”，承担“明德”系列行动。")
    assert names(r) == ["明德讲堂", "明德"]
    # ... and so is one named as a brand beside its venue (a real dev batch of 2026-12-06 kept
    # only the venue); a short form that is no umbrella is still the longer name's
    r = extract_initiatives(None, "某区以“邻里同心”品牌为载体，在社区党建阵地设置“邻里同心会客厅”。")
    assert names(r) == ["邻里同心", "邻里同心会客厅"]
    r = extract_initiatives(None, "街道开设“邻里同心会客厅”，“邻里同心”每周开放。")
    assert names(r) == ["邻里同心会客厅"]
    # every spelling of a campaign, quoted or not, is stored under the lexicon's name (one
    # programme, one name in the views) and keeps the story's spelling as its full name
    for text in ("我们要把15分钟生活圈做实。", "打造十五分钟社区生活圈。", "街道推进“十五分钟社区生活圈”建设。"):
        r = extract_initiatives(None, text)
        assert names(r) == ["15分钟社区生活圈"], text
    r = extract_initiatives(None, "全力推进旧改征收。")
    assert [(m.name, m.full_name) for m in r.mentions] == [("旧区改造", "旧改")]


def test_rooms_listed_by_brand_with_generic_glosses():
    # the brands are the names; the glosses in parentheses say only what kind of room each is
    r = extract_initiatives(None, "新村邻里中心今年开放,里面有乐邻站(便民服务站)、书香阁(阅览室)、暖食府(社区食堂)几处。"
                                  "会议(2024年3月1日)召开。")
    assert names(r) == ["邻里中心", "乐邻站", "书香阁", "暖食府"]  # 邻里中心: the campaign lexicon's


def test_rooms_and_stations_that_name_themselves():
    r = extract_initiatives(None, "小区依托“暖阳室”开展议事,并升级“七彩广播站”。")
    assert names(r) == ["暖阳室", "七彩广播站"]


def test_figures_with_only_weak_evidence_are_not_names():
    # quoted twice, or after a verb, but nothing says what kind of thing it is
    r = extract_initiatives(None, "小镇借助改革的“春风”,释放“新活力”。“新活力”从哪里来?街道推出“睦邻书房”。")
    assert names(r) == ["睦邻书房"]


def test_a_long_quote_listing_counted_seasons():
    # four brand·season names in one quote, longer than one name may be, counted right after
    r = extract_initiatives(None, "项目围绕“春芽·互助季、夏荫·清凉季、秋收·分享季、冬炉·温暖季”四大主题开展服务。")
    assert names(r) == ["春芽·互助季", "夏荫·清凉季", "秋收·分享季", "冬炉·温暖季"]


def test_quoted_members_of_a_partly_plain_list_share_its_noun():
    r = extract_initiatives(None, "街道有河道巡查、“午间益课堂”、“银龄陪诊”、邻里守望等志愿服务项目。"
                                  "镇里扶持某合作社“无人机巡田”、良种培育等项目。")
    assert names(r) == ["午间益课堂", "银龄陪诊"]


def test_a_piece_of_a_quoted_dot_brand_is_not_another_name():
    r = extract_initiatives(None, "“晴川·社区营造中心”启用\n活动在晴川·社区营造中心举行,第二届邻里节暨晴川·社区营造中心开放日同步开启。")
    assert "晴川·社区" not in names(r) and "节暨晴川·社区" not in names(r)
    assert "晴川·社区营造中心" in names(r)


def test_numbered_days_and_events_held_every_year():
    r = extract_initiatives(None, "活动是全区第九届志愿伙伴日的一部分。镇里每年举办桂花节活动,每年举办期间人流如织。")
    assert names(r) == ["志愿伙伴日", "桂花节"]


def test_a_festival_named_after_its_year_is_a_recurring_event():
    r = extract_initiatives(None, "3月15日,2023某某樱花节在公园开幕。2022年某某咖啡文化周期间,村里的咖啡馆人气很旺。")
    assert names(r) == ["某某樱花节", "某某咖啡文化周"]
    # the festival of 甲暨乙节 is 乙; one the page names otherwise too is not named again with its place
    r = extract_initiatives(None, "2021年某某音乐会暨青年爱情节举行。第五届樱桃文化节开幕,2024某某镇樱桃文化节吸引游客。")
    assert names(r) == ["青年爱情节", "樱桃文化节"]
    # a public holiday, and words of the sentence after a year, are not festivals
    r = extract_initiatives(None, "2024年春节前,居委走访老人。村里2019年起就开始举办文化艺术节。2023年节约用水见成效。")
    assert names(r) == []


def test_a_games_or_a_half_marathon_named_after_its_year_or_the_city_is_a_recurring_event():
    r = extract_initiatives(None, "2022年某某社区健康运动会羽毛球比赛开赛。某某银行·2024沪浙乡村半程马拉松赛昨天鸣枪。"
                                  "上海市农事趣味运动会在稻田边开幕。")
    assert names(r) == ["某某社区健康运动会", "沪浙乡村半程马拉松赛", "农事趣味运动会"]


def test_a_dragon_boat_race_named_after_the_city_or_a_district_is_a_recurring_event():
    r = extract_initiatives(None, "松江区端午龙舟赛在河道鸣锣开赛。上海苏州河城市龙舟邀请赛在桥下开赛。12支队伍参加青浦区龙舟公开赛。")
    assert names(r) == ["端午龙舟赛", "苏州河城市龙舟邀请赛", "龙舟公开赛"]


def test_the_winners_of_a_race_are_not_the_storys_teams():
    text = "一番比拼之后,某某大学龙舟队、某某蓝焰龙舟队、某某商会龙舟队分别获得公开组前三名。"
    assert names(extract_initiatives(None, text)) == []
    # a list of the teams a street runs is still theirs
    text = "街道组建了银燕合唱团、追影摄影队、春晖腰鼓队,每周在中心排练。"
    assert names(extract_initiatives(None, text)) == ["银燕合唱团", "追影摄影队", "春晖腰鼓队"]


def test_a_village_gala_of_a_year_or_an_edition_is_a_recurring_event():
    r = extract_initiatives(None, "2024年某区乡村村晚在老街举行。第7届某某村村晚也将于明天开演。")
    assert names(r) == ["某区乡村村晚", "某某村村晚"]


def test_a_festival_named_after_the_city_or_a_district_is_a_recurring_event():
    r = extract_initiatives(None, "宝山葡萄节12日开幕,游客在园里采摘。借上海读书节为契机,书屋推出共读;上海书展迎来客流。"
                                  "长宁区科普宣传月期间,居委上门讲解。")
    assert names(r) == ["宝山葡萄节", "上海读书节", "上海书展", "科普宣传月"]
    # words of a sentence, a stage of a contest and a season after a place name are not events
    r = extract_initiatives(None, "宝山这里有一个葡萄节,很热闹。比赛进入嘉定草莓评比环节。上海这个季节多雨。")
    assert names(r) == []


def test_what_follows_its_de_can_say_a_quoted_name_is_a_programme():
    r = extract_initiatives(None, "老人们说,“银杏课堂”的学员越来越多。“楼门暖灯”的试点情况如何?"
                                  "这也是“邻里微光”的举措之一。")
    assert names(r) == ["银杏课堂", "楼门暖灯", "邻里微光"]
    # any job, a way of working or a quality after 的 says nothing of the kind
    r = extract_initiatives(None, "大家做的是“和人打交道”的工作。小区形成了一套“因地制宜”的推进办法。")
    assert names(r) == []


def test_the_worlds_and_international_days_are_the_calendar_not_programmes():
    r = extract_initiatives(None, "在“世界读书日”当天,书屋开展“书香楼道”活动。借“国际志愿者日”,街道表彰志愿者。")
    assert names(r) == ["书香楼道"]
    # ... and so are memorial days and the holidays in quotes
    r = extract_initiatives(None, "在“学雷锋纪念日”和“三八妇女节”到来之际,志愿者开展“巧手工坊”活动。")
    assert names(r) == ["巧手工坊"]


def test_the_first_of_its_kind_a_manner_of_working_and_a_kind_of_team_are_not_programmes():
    r = extract_initiatives(None, "这里是“上海第一村”“上海第一井”的所在地,也是“江南第一桥镇”。"
                                  "村里推行“稻香课堂”,推动“多层次”“多维度”“多主体”共同参与治理。")
    assert names(r) == ["稻香课堂"]
    # a kind of team in quotes is not one named team
    r = extract_initiatives(None, "广场上一共汇聚了5支“舞蹈队”。社区的“银铃合唱团”也来了。")
    assert names(r) == ["银铃合唱团"]


def test_a_family_of_short_quoted_names_sharing_their_first_character_is_a_family_of_brands():
    text = "除了社区食堂,助餐点还开拓了“乐居家”“乐改家”“乐加美”“乐享家”,为老人提供理疗、家事服务。"
    assert names(extract_initiatives(None, text)) == ["乐居家", "乐改家", "乐加美", "乐享家"]
    # numbered goals listed together are not
    assert names(extract_initiatives(None, "小区做到“三清洁”“三整齐”“三规范”,环境明显改善。")) == []


def test_quoted_methods_days_and_residents_committees_name_themselves():
    r = extract_initiatives(None, "团队独创的“五色帮扶法”将困难群体分为5类。在“代表接待日”,代表在联络站听取意见。"
                                  "那“弄管会”发工资吗?不发,全凭自愿。")
    assert names(r) == ["五色帮扶法", "代表接待日", "弄管会"]
    r = extract_initiatives(None, "与此同时,“泥巴市集”里热闹非凡,志愿者还布置了“志美画廊”。")
    assert names(r) == ["泥巴市集", "志美画廊"]
    # a fraud's name, a common word and a three-character day are not
    r = extract_initiatives(None, "民警提醒警惕“冒充公检法”诈骗。这是个好“办法”。今天是“纪念日”。")
    assert names(r) == []


def test_numbered_and_yearly_walks_concerts_and_fairs_are_recurring_events():
    r = extract_initiatives(None, "元旦上午,街道举办第十二届迎春健步行活动。村里每年举办乡村音乐会,吸引游客。")
    assert names(r) == ["迎春健步行", "乡村音乐会"]


def test_numbered_bundles_after_a_launch_verb():
    r = extract_initiatives(None, "村里推进“两个集中”,为每户推出“五个一”配置。全年完成“1个”目标。")
    assert names(r) == ["两个集中", "五个一"]


def test_keywords_apps_and_sponsor_cups_are_not_programmes():
    r = extract_initiatives(None, "报告用“更新”“融合”“蝶变”三个关键词概括。观众可在“云上某区”App收看。"
                                  "他获得“远航”杯象棋赛冠军。街道推出“邻里帮帮”小组。")
    assert names(r) == ["邻里帮帮"]


def test_kinds_of_people_counted_as_platforms_are_not_names():
    r = extract_initiatives(None, "基地有“社区志愿者”“退休志愿者”“学生志愿者”三大平台,全年活动数百场。又设立“银发守望者”服务队。")
    assert names(r) == ["银发守望者"]


def test_a_programme_that_comes_into_being():
    r = extract_initiatives(None, "去年,“琴声小巷”孕育而生,成为居民的骄傲。")
    assert names(r) == ["琴声小巷"]


def test_numbered_blocks_are_places_and_their_renewal_is_the_campaign():
    r = extract_initiatives(None, "今年,305街坊完成旧改,3位街坊邻居前来参观。116街坊项目工作小组在居民区开展联络。")
    assert names(r) == ["旧区改造"]
    r = extract_initiatives(None, "成果发布活动在某某街道228街坊举行，新食堂外部与长白228街坊整体融合。")
    assert names(r) == []


def test_campaigns_as_topics_or_honours_of_a_town():
    r = extract_initiatives(None, "各科室围绕节水宣传、垃圾分类、法律援助等政策答复居民疑问。"
                                  "该镇曾获“市级生活垃圾分类示范镇”等荣誉称号。小区推进加装电梯、美丽家园等工作。")
    assert names(r) == ["加装电梯", "美丽家园"]


def test_titles_the_story_says_were_awarded_are_honours_in_every_mention():
    text = ("某区公布“绿叶示范企业”“绿叶示范小区”表彰名单。经过测评,全区共评选出3家“绿叶示范企业”、"
            "8个“绿叶示范小区”。某物业作为“绿叶示范企业”之一,推行“绿叶”管家服务。")
    assert names(extract_initiatives(None, text)) == ["绿叶"]
    # ... and a title whose roll of winners follows it (“双优”名单)
    text = "七家长者食堂入选全市质量测评“双优”名单。盘点七家“双优”社区长者食堂。"
    assert names(extract_initiatives(None, text)) == []
    # a programme that names the honour after it is still the programme
    r = extract_initiatives(None, "街道评选出10个“美丽庭院”示范户,带动更多家庭参与。")
    assert names(r) == ["美丽庭院"]
    # a campaign in a list of honours counted in figures (等100多项荣誉) is one of the honours
    r = extract_initiatives(None, "街道先后获得市级文明社区、市级学习型社区等100多项市级以上荣誉。")
    assert names(r) == []


def test_campaign_months_and_holiday_classes():
    r = extract_initiatives(None, "今年的“邻里互助月”,各街镇组织活动。暑假期间,街道推出了七彩暑托班。")
    assert names(r) == ["邻里互助月", "七彩暑托班"]


def test_starred_headings_of_a_list_of_projects():
    r = extract_initiatives(None, "今年的项目亮点如下。\n★楼道花开2.0★第一居民区\n项目继续美化楼道。\n"
                                  "★银龄相伴,邻里同行★第二居民区\n项目组织结对。")
    assert names(r) == ["楼道花开", "银龄相伴,邻里同行"]
    # one starred line alone is a decoration, not a list of projects
    assert names(extract_initiatives(None, "★重要通知★\n明天停水。")) == []


def test_what_a_person_founded():
    r = extract_initiatives(None, "作为“琴韵之友”(Piano Friends)的创始人,她每周带队进社区。")
    assert names(r) == ["琴韵之友"]


def test_a_theme_before_an_event_title_is_not_a_name():
    r = extract_initiatives(None, "街道举行“同心·共进”——2030年某街道社会工作会议。又推出“邻里帮帮”小组。")
    assert names(r) == ["邻里帮帮"]


def test_generic_words_before_a_noun_describe_the_work():
    r = extract_initiatives(None, "街道加强“居民社区”治理,推进“社区互助”项目。新建“共享书房”。")
    assert names(r) == ["共享书房"]


def test_accounts_used_to_publicise_are_channels():
    r = extract_initiatives(None, "街道发挥“幸福某镇”、“志愿某镇”等公众号的推送作用。社区开通“邻里云”微信公众号,居民可在线议事。")
    assert names(r) == ["邻里云"]


def test_a_place_s_own_quoted_name_with_words_after_it():
    r = extract_initiatives(None, "居民在某镇“邻里小铺”兑换生活用品。")
    assert names(r) == ["邻里小铺"]


def test_every_spelling_of_the_last_mile_is_a_figure():
    r = extract_initiatives(None, "打通服务群众的“最后50米”,居委在某村“最终100米”发力。")
    assert names(r) == []


def test_a_campaign_naming_an_organisation_s_field_is_not_run():
    r = extract_initiatives(None, "区里成立了垃圾分类行业党建联盟。街道推进垃圾分类。")
    assert names(r) == ["垃圾分类"]
    assert by_name(r)["垃圾分类"].evidence.startswith("街道推进")
    assert names(extract_initiatives(None, "区里成立了垃圾分类行业党建联盟。")) == []


def test_a_kind_of_venue_listed_among_the_rooms_of_a_building_is_not_run():
    r = extract_initiatives(None, "中心内设置日间照护中心、睦邻中心、护理站等功能区。")
    assert "睦邻中心" not in names(r)
    r = extract_initiatives(None, "镇里整合新时代文明实践站、睦邻点、图书室等阵地。")
    assert names(r) == []
    # the same kind of venue reported as opened is the programme
    r = extract_initiatives(None, "街道首家睦邻中心昨天开张,另设护理站、活动室。")
    assert "睦邻中心" in names(r)


def test_nicknames_and_layouts_are_not_names():
    r = extract_initiatives(None, "这里是街坊口中的“老镇上”。全镇形成“东田西水”的空间格局。街道探索“你帮我助”的新模式。")
    assert names(r) == ["你帮我助"]


def test_a_campaign_as_a_setting_or_inside_a_longer_campaign():
    r = extract_initiatives(None, "在乡村振兴背景下,村里探索养老新模式。")
    assert names(r) == []
    r = extract_initiatives(None, "全镇落实乡村振兴部署,某村入选第二批乡村振兴示范村。")
    assert names(r) == ["乡村振兴示范村"]
    # the national strategy itself is not one programme (the guide lists 乡村振兴示范村)
    r = extract_initiatives(None, "镇里持续抓好乡村振兴工作。")
    assert names(r) == []


def test_home_door_is_a_programme_only_as_the_service_station_system():
    # “家门口” is 浦东's service-station system before 服务站 / 服务体系, and says where otherwise
    r = extract_initiatives(None, "塘桥街道“家门口”服务站实现居民区全覆盖。")
    assert names(r) == ["家门口"]
    for text in ("为老人提供更直接的“家门口”贴心服务。", "街道打造“家门口”党群服务中心。"):
        assert names(extract_initiatives(None, text)) == [], text


def test_topics_a_meeting_turns_to_and_generic_words_are_not_names():
    r = extract_initiatives(None, "上周，街道召开楼组工作研讨会，聚焦“楼道自治建设”“青年志愿参与”“停车配套改善”"
                                  "三个方向，梳理了下一步的做法。")
    assert names(r) == []
    assert names(extract_initiatives(None, "现场推进从“有形覆盖”到“有效覆盖”的转变。")) == []


def test_the_neighbourhood_hub_brand_is_found_without_quotes():
    r = extract_initiatives(None, "沿街的邻里汇里，老人们正在排练合唱。")
    assert names(r) == ["邻里汇"] and r.mentions[0].kind == "campaign"


def test_holidays_and_a_places_model_are_not_names():
    assert names(extract_initiatives(None, "社区迎来第116个“三八”国际劳动妇女节。")) == []
    r = extract_initiatives(None, "街道着力打造可推广的“凌云样本”，让志愿服务成为习惯。")
    assert names(r) == []


def test_an_editions_year_and_district_are_not_part_of_the_programme():
    r = extract_initiatives(None, "区里举行“2019年青浦区邻里守望志愿服务周”启动仪式。")
    assert names(r) == ["邻里守望志愿服务周"]
    assert core_name("“2022年度社区微心愿认领行动”") == "社区微心愿认领"


def test_the_fifteen_minute_circle_under_its_other_names_is_one_campaign():
    for text in ("街道加快建设15分钟社区美好生活圈。", "镇里推进“15分钟高品质生活圈”建设。", "打造十五分钟生活圈。"):
        assert names(extract_initiatives(None, text)) == ["15分钟社区生活圈"], text


def test_descriptions_figures_and_honours_are_not_names():
    for text in ("这间小屋已经成为快递小哥们的“温暖港湾”，每天都有人来歇脚。",
                 "评比中，这个村组是验收组眼中“最整洁的”一个。",
                 "区里召开座谈会，请各单位“一把手”谈体会。",
                 "这条线路去年被列为“市级乡村旅游精品线路”。"):
        assert names(extract_initiatives(None, text)) == [], text


def test_a_brand_after_the_generic_name_of_its_kind():
    r = extract_initiatives(None, "居民们都喜欢读书品牌项目“石库门夜课”。")
    assert names(r) == ["石库门夜课"]


def test_quoted_names_each_with_their_own_words_share_the_kind_after_the_list():
    r = extract_initiatives(None, "中心每周举办“梧桐思享”读书分享、“老街新语”口述记录、“弄堂光影”摄影交流等品牌项目，"
                                  "吸引了大批居民。")
    assert names(r) == ["梧桐思享", "老街新语", "弄堂光影"]


def test_a_districts_creation_campaigns():
    assert names(extract_initiatives(None, "区里召开会议部署“精品城区”建设。")) == ["精品城区"]
    assert names(extract_initiatives(None, "全镇动员迎接全国文明城区复评。")) == ["全国文明城区"]


def test_examples_given_after_their_kind_and_the_short_name_of_a_campaign():
    r = extract_initiatives(None, "驿站推出了几个便民项目，比如“弄堂快递车”(老人代取服务)，方便了居民。")
    assert names(r) == ["弄堂快递车"]
    assert names(extract_initiatives(None, "全镇上下合力推进创全工作。")) == ["全国文明城区"]


def test_a_named_system():
    r = extract_initiatives(None, "食堂接入了“银龄卡”结算系统，老人刷卡就能打折。")
    assert names(r) == ["银龄卡"]


def test_one_quoted_name_given_as_an_example_of_a_kind_of_programme():
    r = extract_initiatives(None, "村里还开展了读书角、“巧手绣娘”等活动，丰富了村民生活。")
    assert names(r) == ["巧手绣娘"]
    assert names(extract_initiatives(None, "大家都认同“远亲不如近邻”等理念。")) == []


def test_the_friendly_community_programmes_under_their_other_names():
    r = extract_initiatives(None, "街道启动失智友好型社区建设，并申报全国示范性老年友好型社区。")
    assert names(r) == ["认知障碍友好社区", "老年友好型社区"]


def test_city_wide_programmes_named_in_passing():
    r = extract_initiatives(None, "小区自2010年开始旧房成套改造，居民还在敬老月里参加了市民文化节的演出。")
    assert names(r) == ["旧住房成套改造", "敬老月", "市民文化节"]
    assert names(extract_initiatives(None, "街道坚持发展新时代“枫桥经验”，矛盾就地化解。")) == ["枫桥经验"]


def test_a_brand_family_listed_without_quotes_and_named_volunteer_teams():
    r = extract_initiatives(None, "中心分为书香·读、书香·聊、书香·写三个板块，开幕当天还成立了晨光里志愿服务队。")
    assert names(r) == ["书香·读", "书香·聊", "书香·写", "晨光里志愿服务队"]
    assert names(extract_initiatives(None, "社区成立了党员志愿服务队。")) == []  # a kind of team, not a name


def test_verbs_and_stock_words_quoted_for_stress_are_not_names():
    r = extract_initiatives(None, "居民用花灯“点亮”节日，街道把口袋花园“织密”成网络，推动“高质量”服务。")
    assert names(r) == []


def test_generic_venues_in_quotes_and_places_after_a_dash_are_not_names():
    r = extract_initiatives(None, "打开地图搜索“图书馆”，就能找到街道图书馆。沿线最大的驿站——某某镇，游客不少。")
    assert names(r) == []


def test_a_quoted_name_ending_in_its_own_system_and_the_lake_chief_system():
    assert names(extract_initiatives(None, "居民区坚持“四议制度”，议题由居民提出。")) == ["四议制度"]
    assert names(extract_initiatives(None, "镇里深入推进河长制湖长制各项工作。")) == ["河长制", "湖长制"]


def test_civilisation_practice_centres_neighbourhood_centres_and_programmes_of_the_estates():
    # the national programme under one name, whichever of its venues a story names (labelled in
    # 15 of the 17 current dev texts naming it; 2 of 15 in the earlier r25 and r27)
    r = extract_initiatives(None, "镇里的新时代文明实践分中心揭牌，各村邻里中心延长开放，睦邻家园建设同步推进。")
    assert names(r) == ["新时代文明实践", "邻里中心", "睦邻家园"]
    # ... but a branch centre named after it, organising someone else's event, is the organiser
    r = extract_initiatives(None, "某某街道新时代文明实践分中心联合社区学校开展亲子阅读活动，睦邻家园同步开放。")
    assert names(r) == ["睦邻家园"]
    r = extract_initiatives(None, "居委会创建美丽楼道，又在小区开出家门口养老服务站。")
    assert names(r) == ["美丽楼道", "家门口养老服务站"]


def test_the_city_holiday_childcare_programmes_and_an_islands_goal():
    r = extract_initiatives(None, "今年全市共开设爱心暑托班600余个，寒假还将开办爱心寒托班。")
    assert names(r) == ["爱心暑托班", "爱心寒托班"]
    assert names(extract_initiatives(None, "为世界级生态岛建设提供有力支撑。")) == []  # a goal


def test_a_total_of_decimal_figures_is_the_same_whatever_order_they_are_added_in(db, tmp_path):
    from grassroots import warehouse

    _load_view_docs(db, tmp_path, {
        f"walk{i}.md": (f"闵行区步道第{i + 1}段完工", day,
                        f"闵行区某街道推进“绿色步道”建设,第{i + 1}段新建步道{km}公里,沿线居民可以散步健身。步道两侧种上了"
                        "花草,还设置了休息座椅和指示牌,方便老人和孩子使用。街道表示,后续各段将陆续开工,居民的意见会在设计中得到体现。")
        for i, (day, km) in enumerate((("2024-03-01", "0.1"), ("2024-03-02", "0.2"), ("2024-03-03", "0.3")))})
    con = warehouse.open_reader(db)
    try:
        # 0.1 + 0.2 + 0.3 is 0.6000000000000001 or 0.6 in binary floating point, by the order
        total = con.execute("select total from initiative_facts_by_district where district = '闵行区' "
                            "and unit = '公里' and object = '步道'").fetchone()[0]
        assert total == 0.6
    finally:
        con.close()


@pytest.mark.parametrize("text, name", [
    ("融合后的社区党群服务中心雅名“枫韵”，是居民议事的好去处。", "枫韵"),       # the story says it is the name
    ("全区9家门店成为第三批“凌云长者餐厅”。", "凌云长者餐厅"),                # one of a batch of a designation
    ("公园里的24小时图书馆“枫林书院”，藏身绿意之中。", "枫林书院"),          # the kind of venue it names
])
def test_a_quote_the_words_before_it_call_a_name(text, name):
    assert names(extract_initiatives(None, text)) == [name]


def test_a_plan_and_the_ranks_of_a_programme_are_head_nouns():
    assert names(extract_initiatives(None, "河长们明确“一塘一策”整治方案。")) == ["一塘一策"]
    assert names(extract_initiatives(None, "十家餐馆加入助老“暖心饭堂”行列。")) == ["暖心饭堂"]


def test_a_numbered_bundle_in_a_list_a_launch_verb_opens():
    r = extract_initiatives(None, "村里开展运动会、家风修身“八个一”、亲子课堂等活动。")
    assert "八个一" in names(r)


def test_a_hall_named_so_is_a_venue():
    assert names(extract_initiatives(None, "发挥服务站点、“李阿姨说事堂”以及楼组长的作用。")) == ["李阿姨说事堂"]
    assert names(extract_initiatives(None, "作为“双拥食堂”，这里对退役军人优惠。")) == ["双拥食堂"]


def test_the_meeting_noun_inside_a_word_after_the_quote_is_no_head_noun():
    # (会 names a meeting in 议事会; in 社会化 it is part of a word)
    assert names(extract_initiatives(None, "服务站充分利用“互联网+”发挥其社会化优势。")) == []
    assert names(extract_initiatives(None, "居民区的“银杏”读书会每月举办一次。")) == ["银杏"]


@pytest.mark.parametrize("text", [
    "各街镇治理正呈现出“百花齐放”的态势，服务创新也展现出“百花齐放”的势头。",  # a state of things
    "会上通过了“十五”期间社区发展规划。",                # a plan period
    "同事们围绕这个想法举行了“头脑风暴”。",              # a way of talking
    "街道不懈提升“高标准”治理能力。",                    # a standard praised
    "积极推进线上“云端”服务和线下走访。",                # where a service runs
    "打造家门口的养老服务“旗舰店”。",                    # a figure for the biggest centre
    "上海正在全力推进“人民城市”建设。",                  # the city's idea
    "宛南六村“逆生长”：上海“老破小”蝶变宜居样本",        # a figure and a description of housing
    "清晨访问团由村“两委”班子成员组成。",                # the village committees
    "这是全区“AAA”级民主法治示范村。",                   # a grade
    "当初400平方米的“1.0版”花园也在去年扩展。",          # a version
])
def test_states_periods_and_figures_of_speech_are_not_names(text):
    assert names(extract_initiatives(None, text)) == []


def test_the_renovation_of_flats_without_own_kitchens_under_its_other_name():
    r = extract_initiatives(None, "历时20年的某某新村街道非成套旧住房改造项目圆满收官。")
    assert names(r) == ["旧住房成套改造"] and r.mentions[0].full_name.startswith("非成套旧住房改造")


def test_the_river_chiefs_one_plan_per_river():
    r = extract_initiatives(None, "河长们实地查看河道现状，按照一河一策推进整治。")
    assert names(r) == ["一河一策"]


def test_two_halves_split_by_a_comma_before_the_programme_noun_are_its_title():
    r = extract_initiatives(None, "街道举办“党建引领，治理赋能”物业治理专题系列活动。居民笑着讲：“生意照样做，街面也清爽了”。"
                                  "镇里坚持“宁可十防九空，不可失防万一”。")
    assert names(r) == ["党建引领,治理赋能"]
    # a quote left open and closed by the next opening quote, or words of a sentence, are not one
    r = extract_initiatives(None, "功能整合为“一厅六室，同步开发“塘邻驿站”线上预约平台。街道推出“暖心饭，也是街道”服务项目。")
    assert not [n for n in names(r) if "," in n]


def test_three_clauses_or_two_unequal_ones_before_the_programme_noun_are_its_title_too():
    r = extract_initiatives(None, "2月6日，“沪皖一家亲，稳岗相伴，接您回‘嘉’”活动在服务站举行。"
                                  "节前，街道还开展了“邻里守望，共建美好家园”活动。")
    assert names(r) == ["沪皖一家亲,稳岗相伴,接您回嘉", "邻里守望,共建美好家园"]
    # four clauses are a passage; words of a sentence (的, 是, 了…) are speech, noun or not
    r = extract_initiatives(None, "现场响起“守望相助，邻里和睦，共建共享，美好家园”活动口号。"
                                  "大家说“这是我们的家，要靠大家”活动很好。")
    assert names(r) == []


def test_a_dotted_brand_before_its_venue_starts_at_the_brand_not_at_the_particle():
    r = extract_initiatives(None, "晚上也开放,如吴泾的1号里·枫桦邻里中心、颛桥的一家人·颛益汇邻里中心。")
    assert {"1号里·枫桦", "一家人·颛益汇"} <= set(names(r))
    assert not any(n.startswith("的") for n in names(r))


def test_the_first_of_its_kind_is_a_named_thing_but_not_a_figure_of_speech():
    r = extract_initiatives(None, "村里取消架空线路，建设首个“乡村共同沟”。他成了全村首个“吃螃蟹”的人，也是第一个“吃螃蟹”的人。")
    assert names(r) == ["乡村共同沟"]


def test_a_programme_and_the_mechanism_joining_it_with_plus_are_both_kept():
    r = extract_initiatives(None, "居民区党总支创新打造“红色物业联盟”，破解治理难题。通过“红色物业联盟+四方联动”机制，整合资源。")
    assert names(r) == ["红色物业联盟", "红色物业联盟+四方联动"]


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=300, deadline=None)
@given(spans=st.lists(st.tuples(st.integers(0, 60), st.integers(1, 25)), min_size=1, max_size=10),
       probe=st.tuples(st.integers(0, 70), st.integers(1, 15)))
def test_the_quick_containment_test_agrees_with_its_definition(spans, probe):
    # (a campaign inside a quoted slogan or speech: tested against every span in log time)
    from grassroots.enrich.initiative_names import _within_words

    spans = [(s, s + n) for s, n in spans]
    start, end = probe[0], probe[0] + probe[1]
    slow = any(s < start and end < e and e - s > end - start + 2 for s, e in spans)
    assert _within_words(spans)(start, end) == slow


def test_city_wide_programmes_of_the_womens_federation_and_of_grid_work_are_recognised_unquoted():
    # named without quotes in real district news and labelled as programmes wherever they
    # occurred in the 2026-12-05 dev excerpts (妇女之家 2 of 2, 大调解 1 of 1; 微网格, 2 of 2 then,
    # left the lexicon with 2 of 7 over fifteen batches: see below)
    text = ("镇妇联依托各村妇女之家开展双学双比活动，评选出十户最美家庭；街道推行网格治理，"
            "依托大调解和大联动机制化解矛盾。")
    assert set(names(extract_initiatives(None, text))) >= {"妇女之家", "双学双比", "最美家庭", "大调解", "大联动"}
    # 睦邻点 stays out: labelled in 4 of 4 stories of the 2026-12-05 dev batches but in 2 of 9 of
    # the earlier ones, under half in all
    assert "睦邻点" not in names(extract_initiatives(None, "村里新建睦邻点六个，老人就近活动。"))



def test_slogans_named_as_such_and_goals_stated_as_actions_are_not_names():
    r = extract_initiatives(None, "学生代表宣讲“社区文明宣传口号”,为创建代言。学生代表宣讲“社区文明宣传口号”。")
    assert names(r) == []
    r = extract_initiatives(None, "街道向市民发起“打造某某街道儿童友好的城市空间”人民建议征集,收到建议百余条。")
    assert "打造某某街道儿童友好的城市空间" not in names(r)


def test_roles_problems_and_a_team_of_the_hour_are_not_names():
    text = ("居民把工作室打造成了政策“宣传员”、矛盾“调解员”。\n“停车难”已成为治理中的老问题。"
            "各工作站组成了“战时”队伍,参与志愿服务。这个小区的治理密码藏在“楼组长”里。")
    assert names(extract_initiatives(None, text)) == []
    # a numbered bundle of roles and a meeting that sets out to solve a problem are names
    r = extract_initiatives(None, "村里推行“一长三大员”机制。街道举办“共解停车难”圆桌会,代表与居民面对面。")
    assert names(r) == ["一长三大员", "共解停车难"]


@pytest.mark.parametrize("text, expected", [
    # a version goes with its brackets (and 平台, as always)
    ("区里推广应用“社区治理云平台(2.0版本)”，实现业务通办。", ["社区治理云"]),
    ("久而久之，大家都自发叫他“老大”，有事就找他。", []),  # a nickname
    ("街道组建了一支由老书记工作室、居民区党总支书记组成的宣讲队伍。", []),  # a team's members found no venue
    # figures, pets and newcomers
    ("小区把“边角料”空地改成花园，抓住停车难这个“牛鼻子”。过去不少人“自扫门前雪”。"
     "越来越多的“毛孩子”走进社区，驿站让奔波在外的“新朋友”有处歇脚。街道提升标准化居村“文化中心”服务功能。", []),
    # a generation and an emergency number, but a numbered method is a name
    ("团干部中有“00”后，也有“90”后。纠纷升级，“110”几次出警也未能解决。", []),
    ("工作室总结的“333”热线工作法在全区推广。", ["333"]),
    # a campaign quoted with its parts glossed in brackets is the campaign, stored once
    ("上海积极打造“一江(黄浦江)一河(苏州河)”滨水公共空间,“一江一河”岸线吸引市民漫步。", ["一江一河"]),
    # people called by a title are not programmes; the brand of a studio named after them, and an
    # office's name, are
    ("疫情期间，先后有上百名“老书记”重返曾经工作过的小区，“小周老师”也来帮忙。", []),
    ("居民区成立“老书记”工作室，为居民调解纠纷。“好妈妈”读书会每月开展一次。", ["老书记", "好妈妈"]),
    ("街道在每个居民区设立“街区书记”，统筹辖区治理事务。", ["街区书记"]),
    # a priority named "number one" and the city's service hotline, quoted: no programme's name
    ("街道把小区停车改造作为社区“一号工程”,书记把停车难列为“一号课题”。居民拨打“12345”反映问题。", []),
    # a short form in brackets and a notice handed out; a venue's brand in brackets is still its name
    ("区里建立城市网格化综合管理中心(以下简称网格化中心),受理市民热线。居委会印制发放的“友情提示”小卡片提醒居民注意安全。", []),
    ("街道的党群服务站(邻里·家)开放了。", ["邻里·家"]),
    # a quoted verb after an adverb; the same quote after a verb of launching is the programme's name
    ("志愿者累计“存入”服务时长3.6万小时,兑换服务1.1万小时。报名后名额已“满员”服务队。", []),
    ("镇里推出“存入”服务,志愿者可把时长存起来。", ["存入"]),
    # the 区 of 区域化 is not where a place's name ends; the last piece of a puzzle is a figure
    ("松江区新桥镇区域化党建联盟举办活动。新桥镇区域化党建联盟成员单位参加。"
     "真如副中心核心区“最后一块拼图”已完成城市设计。", []),
    # a roll of people that shares a prefix as a brand family does
    ("百位家庭教育领域的“名校长”“名教师”“名家长”获颁聘书，今后他们将以“专家”“讲师”身份参与。", []),
    # noise a spam page splices in does not hide a figure of speech (“第二曲线@@”)
    ("“第二曲线@@”更讲求的@@是城市治理中全周期理念的@@深度嵌入@@。作为区里的新探索，“第二曲线@@”受到关注。", []),
])
def test_words_quoted_for_what_they_say_are_not_names(text, expected):
    assert names(extract_initiatives(None, text)) == expected


def test_resources_goals_praise_and_places_in_quotes_are_not_names():
    text = ("实现“古镇、农村、农田”三大资源产业联动。"
            "推行“湿垃圾不出村”。涌现出一批“明星”志愿服务团队。在点滴“小事”中服务居民。推进解决“围墙外”共治难题。")
    assert names(extract_initiatives(None, text)) == []
    # a squad named in quotes, and three named brands counted as such, still are names
    r = extract_initiatives(None, "成立“红领巾”中队。推出“乐享、乐学、乐活”三大服务品牌。")
    assert names(r) == ["红领巾", "乐享", "乐学", "乐活"]


def test_a_numbered_bundle_keeps_its_last_part():
    assert core_name("“一中心一品牌”") == "一中心一品牌"
    assert core_name("“邻里帮帮小组”") == "邻里帮帮"


def test_the_old_partners_programme_and_recurring_city_campaigns_without_quotes():
    # each labelled wherever it occurred in the fresh dev batches of 2026-12-05 (ninth session):
    # 老伙伴 3 of 3, 学雷锋月 2 of 2, 上海慈善周 1 of 1, 滨江党建 2 of 2
    text = ("街道组织老伙伴志愿者上门关心独居老人。三月是学雷锋月，今年上海慈善周期间，"
            "书房也投身公益活动。区里以高质量滨江党建助力滨江发展。")
    assert names(extract_initiatives(None, text)) == ["老伙伴", "学雷锋月", "上海慈善周", "滨江党建"]
    # old friends are not the programme
    assert names(extract_initiatives(None, "退休后，她和老伙伴们一起跳舞。")) == []


def test_a_space_made_into_a_named_venue_is_named_but_a_goal_alone_is_not():
    r = extract_initiatives(None, "街道将原来的一排商铺打造成“邻里坊”为民服务阵地，居民可在这里理发、修补衣物。")
    assert names(r) == ["邻里坊"]
    assert names(extract_initiatives(None, "街道把这条小马路打造成“家门口的会客厅”，居民都爱来坐坐。")) == []
    # ... and what a place is to become for someone, however many words say for whom
    text = "要让党群服务站成为居民愿意来、经常来的“家门口的客厅”，在老城厢里写好为民服务的文章。"
    assert names(extract_initiatives(None, text)) == []


def test_a_dotted_brand_is_not_cut_out_of_the_words_around_it():
    # 新·尚 is too short for the dotted-brand pattern: the pattern must not stretch it over the
    # place and the verb before it and the venue's first word after it
    r = extract_initiatives(None, "新江湾城街道举办新·尚党群服务站启用仪式，居民在站内参加了读书会。")
    assert not any("党群" in n or "举办" in n or "街道" in n for n in names(r)), names(r)
    assert names(extract_initiatives(None, "老街桂园·乐膳坊社区食堂开张，老人在这里吃上了热饭。")) == ["老街桂园·乐膳坊"]


def test_a_quote_setting_a_campaign_beside_a_local_name_gives_both():
    r = extract_initiatives(None, "商圈妇联结合“千名执委走基层 我为群众办实事”实践活动，发布首批执委领办项目。")
    assert set(names(r)) == {"千名执委走基层", "我为群众办实事"}
    # two words of one name apart by a space stay one name
    assert names(extract_initiatives(None, "街道推出“久久贴心 乐享银龄”为老服务项目。")) == ["久久贴心乐享银龄"]


def test_a_family_of_names_in_one_quote_sharing_their_kind_is_each_a_name():
    r = extract_initiatives(None, "街道通过“便民服务圈、乐龄宜养圈、活力发展圈”的联动打造，形成宜居宜业的社区。")
    assert set(names(r)) == {"便民服务圈", "乐龄宜养圈", "活力发展圈"}
    # gardens of a village programme (a family of places made, not one slogan)
    r = extract_initiatives(None, "镇里着力做好“整洁家园、生态田园、欢乐农园”建设，村民积极参与。")
    assert set(names(r)) == {"整洁家园", "生态田园", "欢乐农园"}
    # a slogan's parts end in different words
    assert names(extract_initiatives(None, "街道努力打造“有温度、有质感、有品质”的社区。")) == []


def test_a_numbered_mechanism_taken_as_the_path_of_the_work_is_a_name():
    r = extract_initiatives(None, "街道以“一核两翼”为路径，推进社区治理，居民满意度明显提升。")
    assert names(r) == ["一核两翼"]


def test_numbered_venues_of_one_kind_in_a_list_are_instances_not_names():
    r = extract_initiatives(None, "活动将在第二市民驿站、第三市民驿站、第四市民驿站等8个站点举行，居民可就近参加。")
    assert names(r) == ["市民驿站"]


def test_numbered_steps_of_a_method_each_named_and_explained_are_names():
    text = ("镇里探索社区治理新方法：一是‘村尚议’，用议事会的模式让村民讨论共同关注的问题；二是‘村尚办’，"
            "由志愿者和村委会一起办理；三是‘村尚评’，请村民对办理结果打分。")
    assert {"村尚议", "村尚办", "村尚评"} <= set(names(extract_initiatives(None, text)))
    # one numbered point in quotes is a point of a speech, not a set of named steps
    assert names(extract_initiatives(None, "他说，一是“抓落实”，要把工作做细。")) == []


def test_sites_joined_by_dashes_are_a_route_not_a_programme():
    text = "街道联合沿线单位，围绕“某某枢纽-某某商务区-某某会展中心”这条主轴线设置服务岗。"
    assert names(extract_initiatives(None, text)) == []
    # a series and its event joined by a dash are still names
    assert set(names(extract_initiatives(None, "街道推出“书香四季——春读季”活动，居民踊跃参加。"))) == {"书香四季", "春读季"}


def test_figures_and_common_words_quoted_for_stress_are_not_names():
    text = ("这里曾是“三不管”地带。很多人说这家食堂是社区食堂的“天花板”。又一家长者食堂“开张”啦！"
            "三个镇“跨界”牵手，区里的“成绩单”来了。街道建立党群服务“便利店”，干部“下沉”到一线。")
    assert names(extract_initiatives(None, text)) == []


def test_every_member_of_a_list_after_its_kind_and_a_comma_is_a_name():
    text = "镇里开展了多项志愿服务活动，培育了多个志愿服务品牌，如“银杏守望”“家门口服务社”等。"
    assert {"银杏守望", "家门口服务社"} <= set(names(extract_initiatives(None, text)))


def test_names_listed_in_one_quote_before_and_a_programme_noun_are_each_names():
    # (a space typed before 等 does not cut the list off its kind)
    text = "村里先后实施“美丽庭院、村庄清洁” 等创建工程，人居环境明显改善。"
    assert {"美丽庭院", "村庄清洁"} <= set(names(extract_initiatives(None, text)))
    # works built are places, not programmes
    text = "村里大力推进“景观廊道、市民公园、牡丹园”等建设，扩大绿化覆盖率。"
    assert not {"景观廊道", "市民公园", "牡丹园"} & set(names(extract_initiatives(None, text)))


def test_a_named_programmes_speaker_or_volunteer_after_its_name():
    text = "在理论宣讲中，“稻香新风”宣讲员王某某通过视频和讲解相结合的方式，向村民解读新政策。"
    assert "稻香新风" in names(extract_initiatives(None, text))


def test_a_campaign_among_the_services_a_venue_offers_is_a_function_not_a_programme():
    text = "新中心提供党群服务、政务服务、新时代文明实践、社区文体、社区学校等服务，居民步行可达。"
    assert "新时代文明实践" not in names(extract_initiatives(None, text))
    # the campaign run on its own is still one
    assert "新时代文明实践" in names(extract_initiatives(None, "区里深化新时代文明实践中心建设，打造文明实践品牌。"))


def test_a_verb_that_ends_in_a_programme_noun_is_not_a_head_noun():
    # 拓展 / 发展 end in 展 (a show), 重点 in 点 (a site); 而 starts a clause, not a noun phrase
    text = ("街道推动服务向“全龄化”拓展。村里坚持“产业+环境+生活”的发展导向。"
            "师傅因把单车摆放得“严丝合缝”而走红网络。")
    assert names(extract_initiatives(None, text)) == []
    assert "邻里帮帮" in names(extract_initiatives(None, "街道开展“邻里帮帮”展示活动。"))


@pytest.mark.parametrize("text, name", [
    ("为了推广本地版画，村里建起了“枫泾版画村”，吸引画家入驻。", "枫泾版画村"),
    ("楼宇白领代表认领了“星光书包”，为困境儿童筹集文具。", "星光书包"),
])
def test_more_verbs_that_report_a_programme_set_up(text, name):
    assert name in names(extract_initiatives(None, text))


def test_a_named_space_on_a_floor_of_a_centre_is_a_venue_brand():
    text = ("服务中心每一层各有分工。一楼大厅一侧的“暖心咖啡”不仅是打卡点，还是咖啡师实践基地；"
            "四楼的“青禾社”作为青年党支部活动阵地，每周都有活动。")
    assert {"暖心咖啡", "青禾社"} <= set(names(extract_initiatives(None, text)))


def test_a_venue_brand_written_without_quotes_before_its_kind_of_venue():
    text = ("市民在乐邻屋党群服务站参观主题展览。11月18日，居民翘首以盼的桂林汇社区食堂正式开业了。"
            "街道的社区食堂已对外开放。")
    found = names(extract_initiatives(None, text))
    assert {"乐邻屋", "桂林汇"} <= set(found) and not any(n.startswith(("在", "的", "盼")) for n in found)


def test_idioms_quoted_for_colour_are_not_names():
    text = ("小区装了高清摄像头，成了居民的“千里眼”。整治不是“面子工程”，而是由内而外的变化。"
            "书房为周边市民“量身定制”，当“后浪”走进老弄堂，两位“高手”总会切磋一番。"
            "这里正走向“二次创业”，打造城市的“精神栖息地”，开启发展的“绿色引擎”。")
    assert names(extract_initiatives(None, text)) == []


def test_a_campaign_as_one_of_the_topics_or_ideas_of_an_event_is_not_run_there():
    text = ("活动深度融入新时代文明实践理念，为楼宇白领送上年味。"
            "围绕楼宇党建成果、文体集聚区规划、新时代文明实践等主题设计闯关题目。")
    assert "新时代文明实践" not in names(extract_initiatives(None, text))


def test_a_campaign_in_an_offices_name_or_a_documents_title_is_not_run():
    text = ("区人民建议征集办公室召集了一场市民圆桌会。街道旧改办主任介绍了进展。"
            "区房管局编制了《既有多层住宅加装电梯施工导则》。")
    assert names(extract_initiatives(None, text)) == []
    # a programme named in 《》 is still one
    assert "美丽街区" in names(extract_initiatives(None, "街道以《宜行宜游哈密路美丽街区焕新行动》为平台开展活动。"))


def test_a_quoted_name_before_a_city_wide_kind_of_venue_brands_that_venue():
    # named after a square, the venue is still the estate's own brand of 邻里中心
    text = "镇里先后开设了“桂花广场”邻里中心和“枫叶湾”邻里中心，居民在小区里建起了“乐龄”邻里汇。"
    found = names(extract_initiatives(None, text))
    assert {"桂花广场", "枫叶湾", "乐龄"} <= set(found)
    # a square on its own is a place
    assert "桂花广场" not in names(extract_initiatives(None, "居民们傍晚来到“桂花广场”散步。"))


def test_members_of_a_list_each_glossed_in_parentheses_are_each_names():
    glossed = ("街道推出便民服务项目，如“晨光直通车”（地铁站到园区的短驳车）、“小青流动屋”（上门理发）、"
               "“向阳小园”服务等。")
    assert {"晨光直通车", "小青流动屋", "向阳小园"} <= set(names(extract_initiatives(None, glossed)))


def test_a_list_members_surface_is_its_quote_when_the_noun_follows_the_list():
    r = extract_initiatives(None, "社区开展“秋日夜话”“青苗市集”等活动。")
    surfaces = {m.name: m.full_name for m in r.mentions}
    assert surfaces["秋日夜话"] == "“秋日夜话”"
    assert surfaces["青苗市集"] == "“青苗市集”"


@pytest.mark.parametrize("text, name", [
    ("开展村庄清洁行动，建设小三园300户。", "小三园"),
    ("严格落实长江十年禁渔，持续开展清网行动。", "十年禁渔"),
    ("实施村公益事业一事一议项目。", "一事一议"),
])
def test_more_recurring_programmes_recognised_without_quotes(text, name):
    assert name in names(extract_initiatives(None, text))


def test_a_teams_or_venues_own_name_repeated_without_quotes_is_a_name():
    text = ("长宁区枫林市民议事厅迎来新一轮议题。据介绍，枫林市民议事厅成立于2019年，"
            "每月召开一次。会上，街道还表扬了东湖青年志愿服务联盟，东湖青年志愿服务联盟共有60名成员。")
    found = names(extract_initiatives(None, text))
    assert "枫林市民议事厅" in found
    assert "东湖青年志愿服务联盟" in found
    market = "镇里开办了荷塘邻里市集。每逢周末，荷塘邻里市集人气很旺；三八节前夕又举行了巾帼服务周暨荷塘邻里市集专场。"
    assert "荷塘邻里市集" in names(extract_initiatives(None, market))


def test_a_generic_team_or_venue_repeated_without_quotes_is_not_a_name():
    # a kind of venue, a kind of team, and one named once only
    text = ("街道新增政务服务驿站两处，政务服务驿站就近办事。学校组建青少年志愿队，青少年志愿队每周服务。"
            "村里还有一支石桥书画志愿队。")
    found = names(extract_initiatives(None, text))
    assert not {"政务服务驿站", "青少年志愿队", "石桥书画志愿队"} & set(found)
    # the noun of a quoted name, repeated with it, is not a name of its own
    quoted = "区里推出“7788”赋能工作室，链接多个部门。“7788”赋能工作室已办结诉求百余件。"
    assert "赋能工作室" not in names(extract_initiatives(None, quoted))


def test_a_counted_kind_of_venue_from_the_lexicon_is_instances_not_a_programme():
    text = "区里今年新建9家睦邻中心，另有日间服务中心7家。"
    assert "睦邻中心" not in names(extract_initiatives(None, text))
    # the first of its kind reported as opened is still the programme
    assert "睦邻中心" in names(extract_initiatives(None, "街道首家睦邻中心昨天开张。"))


def test_a_short_campaign_name_is_not_read_across_the_next_word():
    # 创全 of 创全镇历史新高 is not the civilised-district campaign
    assert "全国文明城区" not in names(extract_initiatives(None, "镇税收总量均创全镇历史新高。"))
    assert "全国文明城区" in names(extract_initiatives(None, "街道结合创全工作开展志愿服务。"))


def test_a_programmes_version_is_not_part_of_its_name():
    r = extract_initiatives(None, "街道推出“乐邻家园3.0版”。去年，“乐邻家园2.0”已覆盖全部小区。")
    assert names(r) == ["乐邻家园"]


def test_clean_small_watersheds_are_a_campaign_named_without_quotes():
    text = "镇里做好生态清洁小流域的建设，有效防止水土流失。"
    assert names(extract_initiatives(None, text)) == ["生态清洁小流域"]


@pytest.mark.parametrize("text, name", [
    ("街区探索“双楼组长”制，由商户和居民共同管理。", "双楼组长"),
    ("区里开发了“老宅守护”场景，地址变更时自动提醒。", "老宅守护"),
    ("镇里组建“合作社+家庭农场”稻米产业化联合体。", "合作社+家庭农场"),
    ("居委会结合“三访”大走访开展安全排查。", "三访"),
])
def test_a_system_a_scenario_an_alliance_or_a_round_of_visits_named_by_a_quote(text, name):
    assert name in names(extract_initiatives(None, text))


def test_a_website_named_as_where_to_take_part_is_a_channel_not_a_programme():
    text = "征集方式：1.通过登录“上海青浦”门户网站提出建议，也可以关注“青浦发布”微信公众号。"
    assert names(extract_initiatives(None, text)) == []


def test_a_number_of_measures_is_not_a_programme_noun():
    text = "镇里通过“巩固阵地队伍建设、促进普及推广、加强宣传推广”等一系列措施，让草编焕发活力。"
    assert names(extract_initiatives(None, text)) == []
    # a series of activities named by their quotes still is
    assert {"石桥夜话", "青苗市集"} <= set(names(extract_initiatives(None, "社区开展“石桥夜话”“青苗市集”等一系列活动。")))


def test_members_of_an_unquoted_list_the_story_calls_brands_are_names():
    text = "街道与多家单位合作，开展明月读书会、海燕小屋、童心议事会等品牌活动，连续五年获评优秀。"
    assert {"明月读书会", "海燕小屋", "童心议事会"} <= set(names(extract_initiatives(None, text)))
    # the same list called activities alone is left to the other evidence
    assert "海燕小屋" not in names(extract_initiatives(None, "街道开展插花、海燕小屋、义诊等活动。"))
    # the known brands of firms a town grows are a trade's, not programmes
    firms = "镇里壮大农业龙头企业，培育青禾园、麦香谷、鲜渔湾等知名品牌。"
    assert names(extract_initiatives(None, firms)) == []


def test_businesses_named_in_a_list_and_figures_of_speech_are_not_programmes():
    shops = "村里改造“青禾果蔬”“麦香水产”“木槿花开”等经营主体的内外部环境，补种四季花卉。"
    assert names(extract_initiatives(None, shops)) == []
    for figure in ("经过反复讨论，一套根治停车难的“组合拳”方案浮出水面。",
                   "傍晚回家的车主总要和车位玩“捉迷藏”。自从新增车位40个，“捉迷藏”游戏终于结束。",
                   "用“绣花针”画“工笔画”实践课于周五举行，讲解社区精细化治理。",
                   "居民们的意见，街道和运营方“照单全收”，健身中心最大程度优化了开放时间。",
                   "充分利用城市的“金边银角”等带状闲置用地，建设健身步道。",
                   "“软硬兼施”在社区中打造微观治理新格局。",
                   "对小区“精准定位”，才能使社区治理对症下药。",
                   "要充分发挥慈善超市“孵化器”作用，凝聚爱心力量。",
                   "石库门成为研究城市进化和传统社区的“活化石”。",
                   "改造内容包含外立面粉刷等“面子”工程，屋面防水、雨污分流等“里子”工程。",
                   "党建引领吹响共建“集结号”，街区党组织牵头解决停车难。",
                   "脏乱的角落焕然一新 摇身一变成了 小区里的“颜值担当” 吸引了不少居民驻足",
                   "每逢暴雨，小区内“看海”成为常态，居民苦不堪言。",
                   "“一室户”、“两室户”是常见户型，客堂间兼作卧室。",
                   "区里新增103套“电子警察”，具体点位见下图。"):
        assert names(extract_initiatives(None, figure)) == [], figure


@pytest.mark.parametrize("text, name", [
    ("人口老龄化程度高，街道市民健身中心打造了辖区内首个长者运动健康之家，提供体质监测和康复训练。", "长者运动健康之家"),
    ("通过细化的标准和规范的评定方式，乡村治理积分制逐渐在实践中完善，村民参与热情高涨。", "乡村治理积分制"),
    ("五四青年节前夕，某某路街道青年中心揭牌成立，至此全区已建成青年中心二十余家。", "青年中心"),
    ("幸福社区长啥样？记者走进某某镇，看三年来幸福社区建设给居民带来的变化。", "幸福社区"),
    ("新建的新时代城市建设者管理者之家提供200张床位，快递小哥每晚只需几十元。", "新时代城市建设者管理者之家"),
    ("今年的公益伙伴月期间，区内三十多家社会组织走进社区摆摊展示。", "公益伙伴月"),
    ("区政府开放月活动中，市民走进机关食堂和档案馆。", "政府开放月"),
    ("楼宇党委牵头成立楼事会，入驻企业轮流坐庄议事。", "楼事会"),
    ("区里启动第三轮社区公益创投，资助二十个为老服务项目。", "社区公益创投"),
    ("街道以三社联动破解难题，社工带着志愿者入户走访。", "三社联动"),
    ("镇里持续推进学习型社区建设，老年学校开设四十门课程。", "学习型社区"),
    ("街道推行路长制，每条马路都有一名街道干部负责巡查。", "路长制"),
    ("今年全市早餐工程新增示范点一百个，街道在菜场旁开了两家早餐店。", "早餐工程"),
    ("作为市域社会治理现代化试点，区里把矛盾调解中心建到了街镇。", "市域社会治理现代化试点"),
])
def test_city_wide_programmes_without_quotes_from_the_lexicon(text, name):
    assert name in names(extract_initiatives(None, text))


def test_the_counted_features_of_a_service_are_not_programmes_but_counted_rooms_are():
    features = "创新全流程线上报名，新增“线上缴费”“取消报名”“候补排队”三大功能。"
    assert names(extract_initiatives(None, features)) == []
    show = "整场展演以“绽放异彩”“乡情浓郁”“文明和谐”三大篇章展开，居民自编自演。"
    assert names(extract_initiatives(None, show)) == []
    rooms = "中心设有“乐龄之家”“亲子空间”“邻里议事厅”三大功能区。"
    assert {"乐龄之家", "亲子空间", "邻里议事厅"} <= set(names(extract_initiatives(None, rooms)))


def test_an_unquoted_list_of_named_teams_gives_each_team_but_not_generic_ones():
    text = "文化节坚持“人人都是舞台主角”的初心，先后孵化扶持了白鹭合唱队、晨星舞蹈团、金乐朝阳管乐团等团队。"
    assert {"白鹭合唱队", "晨星舞蹈团", "金乐朝阳管乐团"} <= set(names(extract_initiatives(None, text)))
    assert names(extract_initiatives(None, "社区合唱队、老年舞蹈团每周在活动室排练。")) == []
    # the first name starts after the verb before it, and not inside the words of the sentence
    assert set(names(extract_initiatives(None, "街道成立白鹭合唱队、晨星舞蹈团。"))) == {"白鹭合唱队", "晨星舞蹈团"}
    assert set(names(extract_initiatives(None, "演出很精彩。社区里和美合唱团、晨星舞蹈团经常演出。"))) == {"晨星舞蹈团"}


def test_teams_named_for_their_instrument_or_art_and_a_team_founded_alone():
    # a village's teams, one named for its instrument: the named ones, not the generic 晨操队
    text = "村里成立了银杏二胡队、白鹭合唱队、金桂读书社、中老年晨操队，丰富了村民的文化生活。"
    found = set(names(extract_initiatives(None, text)))
    assert {"银杏二胡队", "白鹭合唱队", "金桂读书社"} <= found and not any("晨操" in n for n in found)
    # one team founded on its own, unquoted
    found = names(extract_initiatives(None, "在镇文化中心的安排下，村里组织成立了青松戏曲小组，每周排练两次。"))
    assert any(n.startswith("青松戏曲") for n in found), found
    # the verb's 了 is not part of the name
    found = names(extract_initiatives(None, "街道先后培育扶持了百灵鸟合唱队，每年举办专场演出。"))
    assert not any("了" in n for n in found), found


def test_venues_listed_after_a_launch_verb_and_counted_are_names_but_not_function_rooms():
    text = "街道通过打造晨曦书苑、松风茶舍、云朵剧场三个主题空间，让居民在家门口享受文化生活。"
    assert {"晨曦书苑", "松风茶舍", "云朵剧场"} <= set(names(extract_initiatives(None, text)))
    rooms = "服务站建成门前休闲区、首问接待区、集中办公区、会客议事区四个功能区，方便居民办事。"
    assert not any(n.endswith("区") for n in names(extract_initiatives(None, rooms)))
    slogans = "中心打造了服务不打烊、学习不停步两个美好场景，居民随时可来。"
    assert not any("不" in n for n in names(extract_initiatives(None, slogans)))


def test_a_quoted_festival_is_a_name_but_a_quoted_holiday_is_not():
    text = "依托乡村旅游，村里的“油菜花节”“稻香节”远近闻名，不断拓宽村民增收渠道。"
    assert {"油菜花节", "稻香节"} <= set(names(extract_initiatives(None, text)))
    holiday = "社区在“重阳节”前夕为独居老人送上慰问品。"
    assert "重阳节" not in names(extract_initiatives(None, holiday))
    # ... nor the day's name in law (the Elderly Day, 老年节, is the ninth of the ninth month)
    holiday = "区里庆祝全国第六个“老年节”,表彰优秀老年志愿者团队。"
    assert "老年节" not in names(extract_initiatives(None, holiday))


def test_a_quoted_club_is_a_name_but_a_quoted_cooperative_is_not():
    club = "在家风馆的诵读室，居民听过“晨露诗社”成员朗诵的家风故事后纷纷点赞。"
    assert "晨露诗社" in names(extract_initiatives(None, club))
    # a firm or a body called 社 is not a club
    for firm in ("社工由“阳光总社”统一派驻到各个居民区。", "居民在“金穗合作社”买到了新鲜蔬菜。"):
        assert names(extract_initiatives(None, firm)) == [], firm


def test_a_canteen_brand_for_residents_and_a_brand_named_after_a_town_ending_in_road():
    canteen = "近日，某某镇“邻味Hui”社区餐厅正式开放堂食，老人刷卡即可用餐。"
    assert "邻味Hui" in names(extract_initiatives(None, canteen))
    # 曹路 is a town: a brand after it, not a road
    brand = "今年是“书香曹路”品牌创建的第五年，镇里举办了二十场读书会。"
    assert "书香曹路" in names(extract_initiatives(None, brand))
    # a restaurant that is a business stays one
    assert names(extract_initiatives(None, "街角新开了一家“老弄堂”餐厅，生意火爆。")) == []


def test_a_lists_kind_with_a_word_quoted_in_it_still_names_the_members():
    text = "街道重点培育了“众乐汇”“阅城定向赛”“邻里书院”等一批社区“美育”品牌，越来越多居民参与其中。"
    assert {"众乐汇", "阅城定向赛", "邻里书院"} <= set(names(extract_initiatives(None, text)))


# The lexical scorer (initiative_lexical.json) reads the characters of a quoted name and of its
# clause: programmes launched or joined that no head noun announces, and everyday things quoted
# as figures of speech, which no stock list can name in advance.
@pytest.mark.parametrize(("text", "expected"), [
    ("去年起，街道在各居民区推广“楼组议事”，让居民自己拿主意。", ["楼组议事"]),
    ("参加“美好社区先锋行”的党员志愿者来自各个楼组。", ["美好社区先锋行"]),
    ("社区组织开展“垃圾分类进家庭”宣传。", ["垃圾分类进家庭"]),
    ("为居民开出“心理处方”。", []),
    ("小区里的“硬件”提升了。", []),
    ("居民们开启了“露天夜市”，烟火气有了。", []),
])
def test_the_lexical_scorer_reads_names_and_figures_the_evidence_misses(text, expected):
    assert names(extract_initiatives(None, text)) == expected


def test_the_lexical_scorer_is_fitted_on_dev_splits_only():
    import json

    from grassroots.enrich import initiative_names

    meta = json.loads(initiative_names.LEXICAL_FILE.read_text(encoding="utf-8"))["meta"]
    # independent sets are named by set (their dev split is what the trainer reads); real batches
    # are dev folders outside the repository, never a held-out (…h) batch
    assert meta["fitted_on"] and all(f.startswith(("independent:", "real:")) for f in meta["fitted_on"])
    assert not any(f.startswith("real:") and f.endswith("h") for f in meta["fitted_on"])
    assert initiative_names.LEXICAL is not None


def test_the_clean_homes_campaign_and_the_youth_night_school_without_quotes():
    # labelled where they occurred in the dev batches of 2026-12-06 (tenth session): 清洁家园 in 4
    # of 6 batches (4 of 5 pages that print it), 青年夜校 in 3 (3 of 4)
    text = "居委组织志愿者开展清洁家园行动，整治楼道堆物。街道还依托党群服务站举办青年夜校，每周两次课。"
    assert names(extract_initiatives(None, text)) == ["清洁家园", "青年夜校"]


def test_small_wishes_and_the_disability_day_and_week_without_quotes():
    # labelled wherever the eight real dev batches print them (2026-12-06, fifteenth session):
    # 微心愿 on 8 of 9 pages, 全国助残日 6 of 6, 助残周 5 of 5
    text = ("社区征集困难家庭的微心愿，由党员认领。在第三十三次全国助残日到来之际，"
            "街道启动上海助残周系列活动。")
    assert names(extract_initiatives(None, text)) == ["微心愿", "全国助残日", "上海助残周"]
    # 开放休闲林地 (a city-wide forestry programme) on 4 of 4 pages of r79 that print it
    assert names(extract_initiatives(None, "今年新建8个开放休闲林地，向市民免费开放。")) == ["开放休闲林地"]


def test_a_national_rural_road_campaign_and_the_frontage_duty_are_campaigns():
    # 四好农村路 labelled on 5 of 5 dev pages that print it, 门前三包 on 2 of 2 (2026-12-06, r68-r83)
    text = "镇里推进四好农村路建设，新修村道3公里。沿街商户签订门前三包责任书，每月评比。"
    assert names(extract_initiatives(None, text)) == ["四好农村路", "门前三包"]


def test_a_generation_an_edition_a_quoted_clause_and_a_mark_are_not_programmes():
    # extras of the real dev batches of 2026-12-06 (r83): no reader listed any of these shapes
    assert names(extract_initiatives(None, "晚会上，“90后”沪剧演员带来表演。")) == []
    assert names(extract_initiatives(None, "大学与农委共建“升级版”教授工作站，推出“社区定制版”服务包。")) == []
    assert names(extract_initiatives(None, "沿街商户认为“影响了生意”，居民也不满。")) == []
    assert names(extract_initiatives(None, "“丁·——”居委会办公室的电话又响了。")) == []
    # a brand with a sign, a name with its version, a name with its edition after a dash stay
    assert names(extract_initiatives(None, "街道推出区域化党建项目“益+”小黄伞，服务学生。")) == ["益+"]
    assert names(extract_initiatives(None, "社区上线“数字家园2.0版”平台。")) == ["数字家园"]
    assert "指尖上的党建" in names(extract_initiatives(None, "开展“指尖上的党建——开心农场线下版”活动。"))
    assert names(extract_initiatives(None, "街道开展“为了孩子”公益行动。")) == ["为了孩子"]


def test_city_services_and_generic_community_labels_are_not_taken_from_the_lexicon():
    # dev readers listed them on 1 of 6 (随申办, 人民建议征集), 0 of 3 (长护险), 0 of 5 (绿色社区)
    # and 0 of 2 (智慧社区) pages that print them: the app, the insurance and the labels are named
    # in passing, not run as a programme
    text = ("老人用随申办预约长护险评估，街道把居民意见汇入人民建议征集渠道。"
            "小区获评绿色社区，正在建设智慧社区。")
    assert names(extract_initiatives(None, text)) == []
    # quoted and run as a programme, a name is still read the usual way
    assert names(extract_initiatives(None, "街道开展“随申办进社区”服务活动。")) == ["随申办进社区"]
    # ... and so for a grid's unit: the 15 dev batches of 2026-12-06 list it on 2 of 7 (微网格)
    # pages (敬老月, 2 of 7 then, is 5 of 7 on the 2,270 dev pages of 2026-12-07 and now in the
    # lexicon; 四史学习教育, counted 0 of 4 then, is 3 of 4 on the 2,363 dev pages, every time
    # printed “四史”学习教育, and now in the lexicon too)
    text = "居委按微网格走访独居老人。"
    assert names(extract_initiatives(None, text)) == []


def test_the_trade_unions_relay_stations_and_the_monthly_clean_up_day_are_programmes_unquoted():
    # a city-wide service brand and a recurring city-wide day, printed without quotes: the 16 dev
    # batches of 2026-12-06 list them on 11 of 11 (爱心接力站) and 4 of 4 pages that print them
    text = "街道在户外职工爱心接力站旁设立饮水点；本周五是爱国卫生义务劳动日，居民清理楼道堆物。"
    assert names(extract_initiatives(None, text)) == ["爱心接力站", "爱国卫生义务劳动日"]


def test_a_named_model_is_a_working_method_and_a_quoted_manner_is_not():
    # “某某模式” is a noun, the working method a place is known for (the guide's mechanisms); a
    # manner quoted for stress (“潮汐式”, “拉网式”) is a description (a real dev batch of
    # 2026-12-06 lost every “…模式” with the manners)
    r = extract_initiatives(None, "某村探索农村出租房托管的“安居模式”，吸引企业入驻。")
    assert names(r) == ["安居模式"]
    r = extract_initiatives(None, "小区推行“潮汐式”停车，并对楼道开展“拉网式”排查。")
    assert names(r) == []


def test_a_pun_quoted_inside_a_name_leaves_the_whole_name():
    # one character quoted for a pun inside a name (“‘乐’享夕阳游”) is not the name: the whole is
    text = "街道推出“邻里寻访记”“‘乐’享夕阳游”等特色研学线路，带孩子们走进社区。"
    assert names(extract_initiatives(None, text)) == ["邻里寻访记", "乐享夕阳游"]
    assert core_name("“‘乐’享夕阳游”") == "乐享夕阳游"
    assert core_name("“七个一百”实践行动") == "七个一百"


def test_a_festivals_edition_is_stored_without_its_year_city_or_district():
    # the guide stores a year's edition of a recurring event without the year and without the
    # city or district that holds it; a year joined by a dot or written 年度 is a year too
    r = extract_initiatives(None, "9月20日，2024上海某某湖文化旅游节将开启。")
    assert names(r) == ["某某湖文化旅游节"]
    r = extract_initiatives(None, "10月底，第二届松江区健康生活节之际，村里的家庭医生走进田头。")
    assert names(r) == ["健康生活节"]
    r = extract_initiatives(None, "2024·某某清水蟹开捕节在堡镇举行，渔民们满载而归。")
    assert names(r) == ["某某清水蟹开捕节"]
    r = extract_initiatives(None, "日前，某某街道2025年度社区自治嘉年华圆满落幕。")
    assert names(r) == ["社区自治嘉年华"]


def test_a_numbered_bundle_whose_parts_follow_its_colon_is_a_method():
    # the story spells the bundle out right after it, as many parts as it counts
    text = "某村的做法被概括为“三个好”：班子好、队伍好、机制好。村里的经验正在全镇推广。"
    assert names(extract_initiatives(None, text)) == ["三个好"]
    # a bundle followed by a sentence, not its parts, is decided as before
    text = "居民们说这是“两手”：他们在居委设立便民小屋，出借不时之需的物品。"
    assert names(extract_initiatives(None, text)) == []


def test_a_name_introduced_by_a_dash_after_its_kind_is_that_kind_of_thing():
    # 打造了…品牌——“…”: the kind before the dash says what the quoted name is
    text = "合作社与农户合作，打造了本地西瓜品牌——“夏日甜”，今年还将扩大种植面积。"
    assert names(extract_initiatives(None, text)) == ["夏日甜"]
    # a dash before a quote with no kind before it decides nothing
    text = "他想起那句老话——“慢工出细活”，便耐心地一遍遍调试。"
    assert names(extract_initiatives(None, text)) == []


def test_idioms_solar_terms_and_dates_quoted_are_not_programmes():
    text = ("这个“严重先天不足”的老小区，如今在“螺蛳壳里做道场”，腾出空间建起充电棚。"
            "活动借“寒露”节气举办，并重温“八.一”会议的历史，“三农”工作也有了新篇章。")
    assert names(extract_initiatives(None, text)) == []


def test_the_governments_yearly_projects_and_family_farms_are_campaigns():
    # 为民办实事 (the city's and districts' yearly list of projects for residents) and 家庭农场 (the
    # family-farm model) are programmes readers list wherever a story reports them, unquoted
    text = "新建健身步道被列入今年区政府为民办实事项目。镇里培育家庭农场，由农户承包经营百亩稻田。"
    assert names(extract_initiatives(None, text)) == ["为民办实事", "家庭农场"]


def test_a_care_home_for_elders_is_a_kind_of_venue_not_a_programme():
    # 长者照护之家 (the city's small care homes) is a kind of facility, as 慈善超市 is: readers of
    # the guide list none of the six real dev excerpts that name one
    assert names(extract_initiatives(None, "街道第三家长者照护之家昨天启用，设床位30张。")) == []


def test_a_years_meeting_on_a_quoted_programme_is_that_programme():
    # “2016‘某某进社区’座谈会”: the year's meeting of the programme quoted inside it
    assert core_name("2024‘法律顾问进社区’座谈会") == "法律顾问进社区"
    assert core_name("2024年度“法律顾问进社区”座谈会") == "法律顾问进社区"
    text = "近日，某某街道召开了“2024‘法律顾问进社区’座谈会”，介绍“法律顾问进社区”活动的服务内容。"
    assert names(extract_initiatives(None, text)) == ["法律顾问进社区"]


def test_a_storms_name_is_not_a_programme():
    text = ("区里部署第10号台风“凌云”防御工作，街道启动“防汛三到位”工作机制，组织居民区排查危房。"
            "强热带风暴“云雀号”可能对本区带来影响，志愿者开展“清障护家”行动。")
    assert names(extract_initiatives(None, text)) == ["防汛三到位", "清障护家"]


@pytest.mark.parametrize("text, expected", [
    # 市民艺术夜校 on 6 of 6 dev pages (two labellers), 我嘉书房 on the dev pages that print it,
    # 妇女微家 on 3 of 3 (2026-12-07, twenty-fifth session)
    ("上海市民艺术夜校今年秋季又加了几门课。街道的我嘉书房里，居民每周读一本书；"
     "居民区的妇女微家里，阿姨们在编织围巾。", ["市民艺术夜校", "我嘉书房", "妇女微家"]),
    # 蓝天下的至爱 on all 8 dev pages that print it; one writes it 蓝天下至爱, the same programme
    ("街道组织居民参加第24届蓝天下的至爱募捐。居委还以“蓝天下至爱”为契机走访困难家庭。", ["蓝天下的至爱"]),
    # the city's yearly month for its elderly (敬老月, 5 of 7 dev pages) and its village programme
    # (和美乡村, 6 of 7; twenty-sixth session)
    ("今年本市第30个敬老月里，居委会给独居老人送去了暖手宝。"
     "村里按和美乡村的要求修了河道，还在村口种了一片油菜。", ["敬老月", "和美乡村"]),
    # 城管进社区 on 3 of 3 dev pages (2,363 pages)
    ("城管进社区以来，执法队员每周到小区值守，居民反映的问题当天就有回音。", ["城管进社区"]),
    # the city's public-health drive and its month (爱国卫生运动 on 6 of 9 dev pages that print it,
    # 爱国卫生月 on 2 of 2; 2,823 pages, twenty-eighth session)
    ("入冬后街道继续推进爱国卫生运动，志愿者清理楼道堆物。", ["爱国卫生运动"]),
    ("第36个爱国卫生月期间，居委会组织居民给花坛除草。", ["爱国卫生月"]),
])
def test_programmes_the_readers_list_wherever_printed_are_found_without_quotes(text, expected):
    assert names(extract_initiatives(None, text)) == expected


def test_a_campaign_whose_part_is_quoted_reads_through_the_quotes():
    # stories quote the part of a programme's name they pun on or explain: “城中村”改造, “八五”普法,
    # “三旧”变“三新”; on the 2,363 dev pages of 2026-12-07 the readers list the whole name (5 of
    # 6, 4 of 4, 4 of 4 pages)
    text = ("村里的“城中村”改造进入收尾阶段。街道落实“八五”普法规划，在小区开讲座。"
            "居委还借“三旧”变“三新”工程修好了车棚。")
    assert names(extract_initiatives(None, text)) == ["城中村改造", "八五普法", "三旧变三新"]
    # the tail of another quoted word and the words after it are not a campaign (旧”改 in “三旧”改造)
    assert "旧区改造" not in names(extract_initiatives(None, "小区的“三旧”改造和加装电梯同步推进。"))


def test_a_years_edition_held_by_the_city_with_a_dot_is_the_festival():
    # “2025上海·某某戏剧节” and the same festival unquoted are one programme, not three names
    text = "河边停着一个集装箱改成的小剧场，属于“2025上海·某某戏剧节”。某某戏剧节期间每晚都有演出。"
    assert names(extract_initiatives(None, text)) == ["某某戏剧节"]
    # a bare year before other words is part of the name
    assert core_name("2025计划") == "2025计划"


@pytest.mark.parametrize("text", [
    # a quoted district chosen on a form; a partnership of a college and a district, or of two
    # neighbouring places (the place outside Shanghai is not the gazetteer's: it stays)
    "认领树木分五步。\n3.选择“长宁区”进入认领环节\n4.挑选树木。街道同时推出“邻里帮帮”小组。",
    "学院党支部借助“某理——虹口”联建平台和居民区结对,街道同时推出“邻里帮帮”小组。",
    "两地红十字会举办“青浦—嘉善”毗邻红十字会救护演练活动,街道同时推出“邻里帮帮”小组。",
])
def test_a_place_alone_in_quotes_is_no_programme(text):
    assert "邻里帮帮" in names(extract_initiatives(None, text))
    assert not {"长宁区", "长宁", "虹口", "青浦"} & set(names(extract_initiatives(None, text)))


def test_a_verb_and_what_it_can_reach_quoted_for_stress_is_no_name():
    # 看得见 / 走不进 / 抓得实: a verb and its potential complement, quoted to stress it
    r = extract_initiatives(None, "区政协指出,某区委员工作“抓得紧”“抓得实”“抓得活”;过去小区旁的绿地"
                                  "“看得见”却“走不进”,如今街道还推出“邻里帮帮”小组为独居老人上门服务。")
    assert names(r) == ["邻里帮帮"]



def test_a_themed_week_or_month_is_a_programme_without_quotes_edition_or_place():
    # the words before the kind, cut after the sentence's own words and the holder's name
    r = extract_initiatives(None, "六月,副区长在会上为邻里节水宣传周作动员,某某街道同步开展了社区防诈骗宣传月。")
    assert {"邻里节水宣传周", "社区防诈骗宣传月"} <= set(names(r))
    assert not any(n.startswith(("副区长", "在会上", "某某街道")) for n in names(r))
    # a week with no theme of its own (此次宣传周, 整场宣传周, 主题活动月) is none
    r = extract_initiatives(None, "此次宣传周共有30家单位参加,整场宣传周持续七天,主题活动月随后启动。")
    assert not [n for n in names(r) if n.endswith(("宣传周", "活动月"))]


def test_a_typhoons_quoted_name_is_weather_in_every_mention():
    # (the first mention alone reads like a name: the typhoon's mention elsewhere says what it is)
    for text in ("气象台预计,“罗莎娜”可能于21日夜间至22日上午影响本市,臺風“罗莎娜”影响浦东期间,街道推出“邻里帮帮”小组。",
                 "气象台预计,“罗莎娜”可能于21日夜间至22日上午影响本市,“罗莎娜”台风过境时街道推出“邻里帮帮”小组。"):
        assert names(extract_initiatives(None, text)) == ["邻里帮帮"]


def test_figures_quoted_for_colour_are_not_names():
    text = ("过去业委会是“一言堂”,如今街道想出“土办法”,居民之间先“破冰”,小区里的古树被称为“绿色活化石”,"
            "街道同时推出“邻里帮帮”小组。")
    assert names(extract_initiatives(None, text)) == ["邻里帮帮"]
    text = ("这张“效果图”展示了小区的“金角银边”,居民与设计师“双向奔赴”、“一拍即合”,街区的“夜经济”和"
            "“文艺范”成了“流量密码”,也是社区的“软实力”;街道同时推出“邻里帮帮”小组。")
    assert names(extract_initiatives(None, text)) == ["邻里帮帮"]
