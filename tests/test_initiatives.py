"""Initiative names, categories and quantities.

Sample sentences are written for these tests; the seed articles are read from
``../shared/seeds`` and never copied.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from grassroots.extract import extract
from grassroots.initiatives import extract_initiatives, load_categories, normalize_name
from grassroots.models import RawInput
from grassroots.places import attribute

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


def test_noun_within_window_and_quoted_full_name():
    r = extract_initiatives(None, "形成“一核多元”基层治理格局。推出“银龄伙伴计划”。")
    assert names(r) == ["一核多元", "银龄伙伴计划"]


def test_noun_joined_by_de_or_deng_is_not_attached():
    r = extract_initiatives(None, "探索“政府搭台、居民参与”的运营模式,开展“邻里节”等活动。")
    assert names(r) == []


def test_bracketed_name_ending_in_its_noun():
    r = extract_initiatives(None, "街道印发《美好社区先锋行动》实施方案,并编印《社区治理案例汇编》。")
    assert names(r) == ["美好社区先锋行动"]


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


def test_not_quantities():
    # an article (一个), an idiom (千家万户), an ordinal (第二届), a date, a code
    r = extract_initiatives(None, "这是一个好办法,关系千家万户。第二届大赛在2024年9月举行,“2+14”体系。")
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
