"""Place attribution: gazetteer, ambiguity rules, evidence weights, seed acceptance.

Sample sentences are written for these tests; the seed articles are read from
``../shared/seeds`` and never copied.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from grassroots.enrich.places import attribute, load_gazetteer, read_gazetteer
from grassroots.extract import extract
from grassroots.models import RawInput

REPO = Path(__file__).resolve().parents[1]


def places(a):
    return {(p.district, p.subdistrict): p for p in a.places}


def test_gazetteer_has_all_units():
    g = load_gazetteer()
    assert len(g.districts) == 16
    assert len(g.subdistricts) == 234
    assert g.district_of("外滩街道") == "黄浦区"
    assert g.district_of("北外滩街道") == "虹口区"
    assert g.district_of("宝山路街道") == "静安区"
    assert load_gazetteer() is g  # cached


def test_read_gazetteer_rejects_unknown_district(tmp_path):
    (tmp_path / "districts.csv").write_text(
        "code,name,short_name,aliases,pinyin,english\n310105,长宁区,长宁,长宁,Changning,Changning District\n",
        encoding="utf-8")
    (tmp_path / "subdistricts.csv").write_text(
        "code,name,short_name,kind,district\n1,某某街道,某某,街道,不存在区\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown district"):
        read_gazetteer(tmp_path)


def test_full_district_name_and_counts():
    a = attribute("闵行区启动社区议事新机制", "上海闵行区今天发布消息。闵行区各街镇将同步推进。")
    assert a.primary_district == "闵行区"
    row = places(a)[("闵行区", None)]
    assert row.is_primary and row.mentions == 3
    assert "title:闵行区" in row.evidence


def test_exactly_one_primary_row():
    a = attribute(None, "长宁区与徐汇区、闵行区联合举办活动,长宁区牵头。江苏路街道承办。")
    prim = [p for p in a.places if p.is_primary]
    assert len(prim) == 1 and prim[0].subdistrict is None and prim[0].district == a.primary_district == "长宁区"
    assert {p.district for p in a.places} == {"长宁区", "徐汇区", "闵行区"}


def test_river_is_not_the_district():
    a = attribute(None, "上海黄浦江畔的步道今年全线贯通,市民在浦江两岸散步。")
    assert a.primary_district is None
    assert a.places == ()


def test_longest_match_north_bund_is_hongkou():
    a = attribute(None, "北外滩街道的居民区新建了一座睦邻中心。")
    assert a.primary_district == "虹口区"
    assert ("虹口区", "北外滩街道") in places(a)
    assert not any(p.district == "黄浦区" for p in a.places)


def test_baoshan_road_subdistrict_is_jingan():
    a = attribute(None, "宝山路街道今年为老旧小区加装电梯12部。")
    assert a.primary_district == "静安区"
    assert not any(p.district == "宝山区" for p in a.places)


def test_bare_hongqiao_never_decides():
    a = attribute(None, "上海的虹桥一带交通繁忙,虹桥机场和虹桥枢纽客流回升。")
    assert a.primary_district is None
    assert a.places == ()


@pytest.mark.parametrize(("text", "district", "sub"), [
    ("闵行虹桥的社区食堂开业了,上海老人点赞。", "闵行区", "虹桥镇"),
    ("虹桥街道的楼组长们聚在一起议事。", "长宁区", "虹桥街道"),
    ("虹桥镇的党群服务中心焕新开放。", "闵行区", "虹桥镇"),
])
def test_hongqiao_with_suffix_or_district(text, district, sub):
    a = attribute(None, text)
    assert a.primary_district == district
    assert (district, sub) in places(a)


def test_roads_and_landmarks_named_after_a_unit_are_not_the_unit():
    a = attribute(None, "长宁区虹桥路上的老洋房修缮完工。")
    assert a.primary_district == "长宁区"
    assert not any(p.subdistrict for p in a.places)
    b = attribute(None, "长宁区虹桥街道的居民议事会。")
    assert ("长宁区", "虹桥街道") in places(b)


def test_common_words_are_not_subdistricts():
    # 长征 (the Long March), 中山公园 (a park, not 中山街道 of 松江), 新华社
    a = attribute(None, "上海的党员重温长征精神,在中山公园集合,新华社记者到场。")
    assert a.primary_district is None
    a2 = attribute(None, "长征镇的志愿者上门服务。")
    assert a2.primary_district == "普陀区"


def test_short_district_name_needs_shanghai_context():
    assert attribute(None, "长宁的茶叶今年丰收。").primary_district is None
    assert attribute(None, "长宁县的竹海吸引游客。").primary_district is None
    assert attribute(None, "上海长宁的居民区推出新服务。").primary_district == "长宁区"


def test_short_names_listed_before_a_shared_suffix():
    a = attribute(None, "上海嘉定南翔、马陆两镇共建睦邻点,两镇居民都能来。")
    p = places(a)
    assert a.primary_district == "嘉定区"
    assert p[("嘉定区", "南翔镇")].mentions == 1 and ("嘉定区", "马陆镇") in p


def test_former_names_map_to_todays_district():
    a = attribute(None, "原卢湾区的老弄堂如今焕然一新。")
    assert a.primary_district == "黄浦区"
    b = attribute(None, "闸北区彭浦新村街道当年的老照片。")
    assert b.primary_district == "静安区"
    assert ("静安区", "彭浦新村街道") in places(b)


def test_subdistrict_only_is_attributed_through_gazetteer():
    a = attribute("打浦桥街道办睦邻节", "打浦桥街道今天举办睦邻节,居民踊跃参加。")
    assert a.primary_district == "黄浦区"
    row = places(a)[("黄浦区", None)]
    assert row.is_primary and row.mentions == 0 and "via:打浦桥街道" in row.evidence
    assert places(a)[("黄浦区", "打浦桥街道")].mentions == 2


def test_visiting_official_does_not_move_primary():
    text = (
        "外滩街道今年推出楼组议事会。"
        "5月10日,杨浦区政协副主席一行来外滩街道考察交流,黄浦区相关负责人陪同。"
        "杨浦区客人表示收获很大。"
    )
    a = attribute(None, text)
    assert a.primary_district == "黄浦区"
    yp = places(a)[("杨浦区", None)]
    assert "visitor:杨浦区" in yp.evidence and not yp.is_primary


def test_delegation_in_the_title_is_a_visitor():
    a = attribute("周家桥街道迎来奉贤区南桥镇考察团",
                  "本报讯 奉贤区南桥镇考察团一行昨天来到周家桥街道,参观了睦邻中心。"
                  "周家桥街道介绍了经验。南桥镇客人表示收获很大。")
    p = places(a)
    assert a.primary_district == "长宁区"
    assert "visitor:奉贤区南桥" in p[("奉贤区", None)].evidence
    assert "visitor:奉贤区南桥" in p[("奉贤区", "南桥镇")].evidence


def test_a_delegation_going_out_of_shanghai_keeps_its_district():
    a = attribute(None, "黄浦区代表团赴四川考察对口支援项目,黄浦区相关负责人介绍情况。")
    assert a.primary_district == "黄浦区"


def test_title_outweighs_passing_mentions():
    text = "本区学习了徐汇区、徐汇区和徐汇区的经验。上海各区都在推进。"
    a = attribute("奉贤区:乡村睦邻点全覆盖", text)
    assert a.primary_district == "奉贤区"


def test_organisation_names_are_evidence():
    a = attribute(None, "长宁区委组织部介绍,本次活动在上海举行,闵行区也派员参加,闵行区代表发言。")
    assert a.primary_district == "长宁区"
    assert "org:长宁区" in places(a)[("长宁区", None)].evidence


def test_no_place_at_all():
    a = attribute("社区故事", "今天天气很好。")
    assert a == attribute("社区故事", "今天天气很好。")
    assert a.primary_district is None and a.places == ()


# ------------------------------------------------------------ seed acceptance

EXPECTED = ["长宁区", "长宁区", "闵行区", "黄浦区", "黄浦区"]


def test_seed_primary_districts(shared_seeds):
    files = sorted(shared_seeds.iterdir())
    assert len(files) == 5
    got = []
    for f in files:
        raw = RawInput(source="seeds", locator=str(f), data=f.read_bytes(), fetched_at=datetime.now(UTC))
        ex = extract(raw)
        got.append(attribute(ex.title, ex.text).primary_district)
    assert got == EXPECTED


def test_seed_003_visitor_from_baoshan(shared_seeds):
    f = sorted(shared_seeds.glob("003_*"))[0]
    raw = RawInput(source="seeds", locator=str(f), data=f.read_bytes(), fetched_at=datetime.now(UTC))
    ex = extract(raw)
    a = attribute(ex.title, ex.text)
    p = places(a)
    assert a.primary_district == "黄浦区"
    assert ("黄浦区", "外滩街道") in p
    assert ("宝山区", None) in p and "visitor" in p[("宝山区", None)].evidence


@pytest.mark.parametrize("text", ["上海市闵行$区颛桥镇举办活动。", "徐汇$", "黄浦区$$外滩街道$", "$上海$"])
def test_a_dollar_sign_inside_a_place_name_is_only_a_character(text):
    # the trie's end marker was "$": a page with one right after a place's first characters crashed
    a = attribute("", text)
    assert all("$" not in (p.district or "") + (p.subdistrict or "") for p in a.places)


def test_places_come_in_the_same_order_in_every_process():
    """Districts that tie (all named in the title, as often) are listed in the order the story
    names them, whatever Python's hash seed: exports and re-runs give the same rows in the same
    order. Earlier, their order came from a set and changed from one process to the next."""
    import os
    import subprocess
    import sys

    script = ("from grassroots.enrich.places import attribute\n"
              "a = attribute('徐汇区、黄浦区、静安区、长宁区携手办实事', '徐汇区、黄浦区、静安区、长宁区携手办实事。四区签约。')\n"
              "print(','.join(p.district for p in a.places))")
    seen = {subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout.strip() for seed in range(1, 6)}
    assert seen == {"徐汇区,黄浦区,静安区,长宁区"}


def test_a_street_named_after_a_road_without_its_road():
    a = attribute(None, "虹梅街道党工委牵头成立公益服务中心，辖区企业踊跃参与。")
    assert (a.primary_district, [p.subdistrict for p in a.places if p.subdistrict]) == ("徐汇区", ["虹梅路街道"])


@pytest.mark.parametrize(("text", "district", "street"), [
    # a street named after its estate, without the estate word
    ("凉城街道秀苑小区完成美丽家园改造，居民搬回新家。", "虹口区", "凉城新村街道"),
    ("金杨街道为辖区独居老人安装烟感报警器。", "浦东新区", "金杨新村街道"),
    # a street named after a road's section, written with the road's stem
    ("淮海街道的三个居民区联合举办邻里节，居民自带拿手菜。", "黄浦区", "淮海中路街道"),
    ("天目街道为辖区独居老人安装烟感报警器。", "静安区", "天目西路街道"),
])
def test_a_street_written_without_a_word_of_its_name(text, district, street):
    a = attribute(None, text)
    assert (a.primary_district, [p.subdistrict for p in a.places if p.subdistrict]) == (district, [street])


def test_two_streets_sharing_a_roads_stem_are_not_guessed():
    a = attribute(None, "南京街道的居民参加了读书会。")
    assert [p.subdistrict for p in a.places if p.subdistrict] == []


def test_a_street_written_with_a_road_it_is_not_named_after_and_a_towns_area():
    a = attribute(None, "古美路街道就党群服务中心改造征求居民意见。")
    assert (a.primary_district, [p.subdistrict for p in a.places if p.subdistrict]) == ("闵行区", ["古美街道"])
    a = attribute(None, "徐泾地区新设立10个社区居委会，便于就近服务居民。")
    assert (a.primary_district, [p.subdistrict for p in a.places if p.subdistrict]) == ("青浦区", ["徐泾镇"])


def test_district_named_reads_the_spellings_users_type() -> None:
    g = load_gazetteer()
    assert g.district_named("浦东") == "浦东新区"
    assert g.district_named("南汇") == "浦东新区"  # a former district, merged in 2009
    assert g.district_named(" pudong new area ") == "浦东新区"
    assert g.district_named("JINGAN") == g.district_named("Jing'an") == "静安区"
    assert g.district_named("闸北区") == "静安区"
    assert g.district_named("上海") is None and g.district_named("") is None


def test_a_short_district_name_the_story_repeats_is_its_own_context():
    # no 上海 anywhere: 黄浦 said three times is the district, said once it is not enough
    body = ("黄浦夜校今年开设六十门课程，服务学员近两万人次。\n"
            "扩容提质始终是黄浦夜校发展的关键，音乐类课程最受欢迎。\n"
            "早在三年前，黄浦夜校就率先推出了线上课堂。\n")
    assert attribute(None, body).primary_district == "黄浦区"
    once = "黄浦夜校今年开设六十门课程，服务学员近两万人次。\n音乐类课程最受欢迎，报名常常几分钟就满。\n"
    assert attribute(None, once).primary_district is None
    # ... unless the story is set in the other place of that name
    zhoushan = "舟山的" + body.replace("黄浦", "普陀")
    assert attribute(None, zhoushan).primary_district is None


LUODIAN_FEAST = "中秋夜,罗店老街上挂满灯笼,居民们提着自制的兔子灯走进罗店文化中心,一起猜灯谜、品月饼。"


@pytest.mark.parametrize("title, text", [
    # a town portal's piece: the district only by its short name (宝山 needs context), the
    # town only by its two-character stem (罗店, never used alone): together they vouch
    ("罗店环卫开展道路集中整治", "为落实宝山“整洁街巷”要求,罗店环卫近日对镇域内十二条道路开展集中整治,清理堆物四十余处。"),
    # 上海 puts the story in the city, and 罗店 comes back three times: the town, district unsaid
    ("上海罗店人的中秋夜", LUODIAN_FEAST),
])
def test_two_character_town_stem_with_its_district_or_named_again_and_again_gives_the_district(title, text):
    a = attribute(title, text)
    assert a.primary_district == "宝山区"
    assert ("宝山区", "罗店镇") in places(a)


def test_two_character_town_stem_alone_or_beside_real_places_is_not_a_place():
    # the stem without its district is nothing (罗店 could be a shop's or a person's word) ...
    assert attribute("罗店环卫开展道路整治", "罗店环卫近日清理堆物四十余处。").primary_district is None
    # ... named twice in Shanghai, or three times without the city's context
    assert attribute("罗店人的中秋夜", LUODIAN_FEAST).primary_district is None
    assert attribute("上海人的中秋夜", LUODIAN_FEAST).primary_district is None
    # ... and beside places the story names, a stem is a venue or brand named after the town
    a = attribute("周家渡街道举办趣味运动会",
                  "浦东新区周家渡街道趣味运动会昨天在三林体育中心举行,八百名居民参加。")
    assert a.primary_district == "浦东新区"
    assert ("浦东新区", "三林镇") not in places(a)
    # a stem listed under one suffix is the listed unit as before (枫泾、廊下两镇)
    b = attribute("两镇签约", "金山区枫泾、廊下两镇昨天签约共建农旅线路。")
    assert {("金山区", "枫泾镇"), ("金山区", "廊下镇")} <= set(places(b))


def test_a_headline_listing_districts_alike_gives_no_primary_district():
    # the guide: a story about several districts alike has none (a real dev batch of 2026-12-06
    # gave it to whichever the headline named first)
    title = "松江、嘉定、崇明:开展会员活动日主题宣传"
    text = ("松江区在泗泾镇设点宣传,松江区志愿者讲解政策。嘉定区在嘉定工业区举办讲座,嘉定区会员参加。"
            "崇明区在城桥镇和庙镇开展服务,崇明区居民积极参与。")
    assert attribute(title, text).primary_district is None
    # one district in the headline, another as a partner further down: the headline's
    one = attribute("松江泗泾镇开展会员活动日主题宣传", "松江区泗泾镇设点宣传,松江区志愿者讲解政策,嘉定区同行前来观摩。")
    assert one.primary_district == "松江区"


def test_a_road_named_after_a_district_is_not_that_district():
    # 宝山路 runs through 静安区 (its 宝山路街道): a headline's 静安·宝山路 names one district
    a = attribute("静安·宝山路 定时定点沿街设桶", "静安区宝山路街道绿化市容所对辖区六十个小区垃圾箱房完成整治。")
    assert a.primary_district == "静安区"
    assert "宝山区" not in {p.district for p in a.places}


def test_districts_named_once_in_passing_do_not_make_a_one_district_story_city_wide():
    # a series' headline about the city, over a story told in one district; two other districts
    # named once by their short names, in passing, are no examples of the city's
    body = ("徐汇区某某街道的邻里汇开在居民楼底层，徐汇区民政部门介绍，这里每天接待老人两百余人次。"
            "活动室里有书画桌、茶水角和一间小小的理发室，志愿者每周三上门为行动不便的老人理发，"
            "社工还在门口设了意见箱，收到的建议每月在居民会上一一回复。"
            "徐汇区已有这样的邻里汇十余家。有居民说，以前要去杨浦或闵行的亲戚家附近才找得到类似的地方。")
    a = attribute("社区更新·展|上海邻里汇①：除了老年活动室，还有啥", body)
    assert a.primary_district == "徐汇区"


def test_the_citys_people_of_all_ages_do_not_frame_a_story_as_city_wide():
    # an opening about the city's keen walkers, then the story in one town of one district
    body = ("近年来，全民健身在上海蔚然成风，一股健身潮正在席卷申城各个角落。其中，健步走一直是受上海各年龄段"
            "市民欢迎的运动。七月初，位于奉贤区南桥镇的某某村举办了一场健步走活动，300多位村民和社区干部参加。\n"
            "随着一声鸣枪，队伍从村委会出发，沿着河道走过稻田和果园，志愿者在沿途设了补给点。")
    a = attribute(None, body)
    assert a.primary_district == "奉贤区"


def test_a_street_named_with_jie_for_jiedao_is_that_street():
    # 北站街 for 北站街道 (静安区), with the city named somewhere in the story
    att = attribute("社区春晚热热闹闹", "上海北站街社区文化活动中心昨晚办起了首届社区春晚，北站街的居民自编自演了十二个节目。")
    assert att.primary_district == "静安区"
    assert {p.subdistrict for p in att.places} >= {"北站街道"}
    # without any Shanghai context a short form names nothing (北站 is a station anywhere)
    assert attribute("社区春晚热热闹闹", "北站街社区文化活动中心昨晚办起了首届社区春晚。").primary_district is None


_TEAM_STORY = ("上海某某舞蹈队成立于2003年，现有队员20人，平均年龄54岁。作为“古美社区文化志愿者艺术团”的主力军，"
               "舞蹈队深受居民喜爱，多次参加“激情闵行”文艺大联演和闵行区老年文化艺术节。\n"
               "2007年参加闵行区创作节目汇演获舞蹈专场节目奖；2008年参加闵行区创作节目汇演再次获奖；"
               "参加“金秋闵行”社区文化节获优秀团队称号；参加上海国际艺术节“浦东陆家嘴”邀请赛获二等奖。")
_BOOKSTALL_STORY = ("去年秋天，我在楼下摆了一个书摊，谁家有不看的书都可以放过来，想看的随便拿。一开始没人理会，"
                    "后来楼上的阿姨搬来一箱旧杂志，隔壁的小学生也把读完的绘本送了过来，书摊慢慢就热闹起来了。"
                    "现在每天傍晚都有人来翻一翻，遇到下雨天，我就把书搬回楼道里，等天晴了再摆出来。\n"
                    "我住在杨浦区的一个老小区，邻居们大多认识。")


@pytest.mark.parametrize("title, city_title, body, district", [
    # a team the city's name opens, on a page about that team
    ("上海某某舞蹈队", "上海社区舞蹈队越来越多", _TEAM_STORY, "闵行区"),
    # a column named after the city before a bar (`上海故事|…`)
    ("上海故事|我在小区摆书摊", "上海:小区书摊多了起来", _BOOKSTALL_STORY, "杨浦区"),
])
def test_a_name_the_city_opens_in_the_title_does_not_make_the_story_the_citys(title, city_title, body, district):
    assert attribute(title, body).primary_district == district
    # a headline with the city as its subject still frames the story as the city's
    assert attribute(city_title, body).primary_district is None


def test_a_district_named_far_more_often_than_the_city_is_the_storys_even_by_its_short_name():
    # a lead about the city, then a story that names its one district nine times, eight of them
    # by its short name (each weighs half): three mentions of the city do not make it the city's
    body = ("本市托育服务持续扩容。今年秋季开学前，全市又有一批幼儿园开出了托班，两三岁的孩子可以就近入托，"
            "家长们不必再为接送发愁。记者走访了几家新开的托班，看到老师正带着孩子们做游戏、午睡、吃点心，"
            "孩子们玩累了就在小床上睡一会儿，醒来还有水果和牛奶。\n"
            "浦东新区今年新开托班的幼儿园有四十多所，浦东的家长说送孩子方便多了。浦东的社区托育点增加到六十个，"
            "浦东的托班每天开到傍晚。申城的托育需求还在增长，浦东的幼儿园将继续开放托位，浦东的街镇都会覆盖，"
            "浦东的民办园也在跟进，浦东的托育地图下个月上线，浦东的家长可以在手机上查到离家最近的托班。\n")
    assert attribute("", body).primary_district == "浦东新区"
    # named twice among the same city words, it is one example of the city's
    few = body.split("\n")[0] + "\n浦东新区今年新开托班的幼儿园有四十多所，浦东的家长说送孩子方便多了。申城的托育需求还在增长。\n"
    assert attribute("", few).primary_district is None


def test_towns_listed_by_their_short_names_are_places_that_weigh_nothing():
    # 街镇 a story lists by their short names, all of one district it names, are its places
    body = ("宝山区今年启动一批“城中村”改造项目。目前，大场、顾村、罗店的项目已完成签约，"
            "居民陆续搬进新居。\n")
    a = attribute("", body)
    assert a.primary_district == "宝山区"
    rows = {p.subdistrict: p.evidence for p in a.places if p.subdistrict}
    assert set(rows) == {"大场镇", "顾村镇", "罗店镇"}
    assert rows["大场镇"] == "stem:大场"
    # ... and weigh nothing: listed towns of another district do not take the story from its own
    other = "长宁区今年新开三家社区食堂。\n据介绍，外区的张堰、吕巷也在筹建同类食堂。\n"
    a = attribute("", other)
    assert a.primary_district == "长宁区"
    assert not any(p.subdistrict for p in a.places)  # (金山区 is not a district the story names)
    # a run that goes on with a district's name is not a list of its towns (three islands)
    islands = "今年，崇明区在崇明、长兴、横沙三个岛上都建起了生态驿站。\n"
    assert not any(p.subdistrict for p in attribute("", islands).places)
    # one name twice is no list
    assert not any(p.subdistrict for p in attribute("", "闵行区的七宝、七宝老街都很热闹。\n").places)


@pytest.mark.parametrize("text, unit", [
    # a 新村 street written after its district: the street, not the town whose stem opens it
    ("静安区彭浦新村街道今年为辖区老人办了十件实事。街道的办事窗口周六也开门了。", "彭浦新村街道"),
    ("近日,普陀区长风新村街道为独居老人装上了烟感报警器。街道还组织志愿者上门走访。", "长风新村街道"),
])
def test_a_new_village_street_after_its_district_is_that_street(text, unit):
    subs = {s for _, s in places(attribute("", text)) if s}
    assert subs == {unit}


@pytest.mark.parametrize("title, text, district, unit", [
    # an English re-post names its town and district in pinyin
    ("Residents plant a pocket garden", "Volunteers in Xujing Town, Qingpu District, turned an empty plot "
     "into a garden this spring, the town government of Shanghai said.", "青浦区", "徐泾镇"),
    # a street named after its road, its district known from the street alone
    ("Free wheelchair loans for the elderly", "A neighbourhood lounge in Ouyang Road Subdistrict now lends "
     "wheelchairs to older residents in Shanghai at no charge.", "虹口区", "欧阳路街道"),
    # ... with the road abbreviated and its number after it
    ("Office workers volunteer at lunchtime", "Staff of Shimen Rd. 2 Subdistrict in Shanghai organised "
     "a lunchtime clean-up of the lanes.", "静安区", "石门二路街道"),
    # ... and the road's stem alone before a lower-case unit word
    ("A service station for couriers", "A rest stop for delivery riders opened in Jiaxing sub-district "
     "of Shanghai last week.", "虹口区", "嘉兴路街道"),
    # a town named again and again without its district, in a story that says Shanghai's
    ("Neighbours share a harvest meal in Xujing", "Families in Xujing gathered for a harvest meal. Xujing's "
     "volunteers cooked for them, and many said Xujing is quieter than Shanghai's centre.", "青浦区", "徐泾镇"),
])
def test_an_english_page_names_its_places_in_pinyin(title, text, district, unit):
    a = attribute(title, text)
    assert a.primary_district == district
    assert unit in {s for _, s in places(a) if s}


def test_english_names_of_other_things_are_not_places():
    # a park or river that carries a place's name is that thing, not the place
    a = attribute("A weekend walk", "Families strolled along the Huangpu River and through Zhongshan Park "
                  "in Changning District of Shanghai on Sunday.")
    assert a.primary_district == "长宁区"
    assert not any(s for _, s in places(a))
    assert attribute("Boats on the water", "Tour boats on the Huangpu River carried more passengers this year "
                     "than last.").primary_district is None


def test_towns_in_a_roll_of_invited_teams_are_not_the_storys_places():
    # a tournament in one town, with teams from other towns listed: where the teams come from
    text = ("安亭镇第五届门球友谊赛昨天开赛。嘉定区安亭镇体育中心迎来了华亭镇门球队、外冈镇门球队、南翔镇门球队等"
            "八支队伍,比赛持续两天。")
    a = attribute("门球友谊赛开赛", text)
    assert a.primary_district == "嘉定区"
    assert {s for _, s in places(a) if s} == {"安亭镇"}
    # a story about one town's own team is that town's
    a = attribute("银发腰鼓队", "这支队伍就是嘉定区华亭镇银发腰鼓队,每周在村里排练三次。" * 2)
    assert "华亭镇" in {s for _, s in places(a) if s}


def test_a_headline_naming_the_district_keeps_it_over_a_story_that_speaks_of_the_city():
    # the headline names the district; the body, a feature on a sports ground, speaks of the city
    # again and again (全市, 本市, 申城) and names no place of its own
    text = ("三片天然草足球场近日开放。全市已有不少类似场地,本市球迷周末常来这里踢球;"
            "申城的业余联赛也把这里当作主场,全市青少年训练营同样在此落脚。")
    assert attribute("上海闵行新开三片足球场,成球迷打卡新地标", text).primary_district == "闵行区"
    # (a headline about the city over the same story leaves it the city's)
    assert attribute("上海新开三片足球场,成球迷打卡新地标", text).primary_district is None
