"""Exact and near-duplicate detection (grassroots.dedup)."""

from __future__ import annotations

from grassroots.dedup import content_hash, normalize_text

BODY = (
    "长宁区新泾镇近日启动“睦邻客厅”改造计划，首批三个小区将在年底前完成。\n"
    "居民代表表示，改造后的客厅将提供午间助餐、理发和读书角等服务，方便老人就近活动。\n"
    "镇社区事务受理中心负责人介绍，今年全镇计划投入资金1200万元，覆盖12个居民区。"
)


def test_normalize_folds_width_whitespace_case_and_punctuation():
    assert normalize_text("ＡＢＣ，１２３。 上海\n静安") == "abc123上海静安"
    assert normalize_text("Hello, World!") == "helloworld"


def test_hash_ignores_width_whitespace_and_line_breaks():
    variant = (BODY.replace("，", ",").replace("。", ". ").replace("“", '"').replace("”", '"')
               .replace("1200", "１２００").replace("\n", "\n\n   "))
    assert content_hash(variant) == content_hash(BODY)
    assert content_hash(BODY.replace("\n", "")) == content_hash(BODY)
    assert content_hash("  " + BODY + "\n\n") == content_hash(BODY)


def test_hash_changes_with_one_character():
    assert content_hash(BODY.replace("三个", "四个")) != content_hash(BODY)
    assert content_hash(BODY[:-2] + "。") != content_hash(BODY)


def test_hash_ignores_editor_source_lines_and_agency_lead():
    reposted = "来源：新民晚报\n本报讯（记者 王小明）" + BODY + "\n（责任编辑：李华）\n责编：张三"
    assert content_hash(reposted) == content_hash(BODY)
    dateline = "中新网上海3月5日电(记者 陈某)" + BODY
    assert content_hash(dateline) == content_hash(BODY)


def test_boilerplate_only_texts_do_not_collapse():
    a, b = "责任编辑：张三", "责任编辑：李四"
    assert normalize_text(a) and content_hash(a) != content_hash(b)


def test_body_lines_that_look_like_credits_are_kept():
    long_line = "记者：" + "走访了十个居民区" * 10
    assert "走访了十个居民区" in normalize_text(long_line)
    assert normalize_text("充电桩进小区，居民不再排队。") == "充电桩进小区居民不再排队"
