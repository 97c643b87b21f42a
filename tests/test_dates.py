"""dates: parsing with honest precision; yearless and relative dates only with evidence."""

from __future__ import annotations

from datetime import date

import pytest

from grassroots.extract import dates as D


@pytest.mark.parametrize(
    ("s", "expected"),
    [
        ("2021年03月25日13:43", (date(2021, 3, 25), "day")),
        ("2021-03-25", (date(2021, 3, 25), "day")),
        ("2021/3/5 08:00", (date(2021, 3, 5), "day")),
        ("Wed, 15 Dec 2021 12:33:31 GMT", (date(2021, 12, 15), "day")),
        ("2021-12-15T12:33:31+08:00", (date(2021, 12, 15), "day")),
        ("20210325", (date(2021, 3, 25), "day")),
        ("1581517074", (date(2020, 2, 12), "day")),  # WeChat ct, Beijing time
        ("2024年5月", (date(2024, 5, 1), "month")),
        ("2024-05", (date(2024, 5, 1), "month")),
        ("1998", (date(1998, 1, 1), "year")),
        ("5月3日", None),  # no year: never invented
        ("not a date", None),
    ],
)
def test_parse_date_value(s, expected):
    assert D.parse_date_value(s) == expected


def test_dateline_without_year():
    assert D.find_dateline("中新网上海2月24日电(记者)") == (None, 2, 24, "2月24日电")
    assert D.find_dateline("新华社巴黎2021年12月9日电")[:3] == (2021, 12, 9)


@pytest.mark.parametrize("s, expected", [
    ("June 25, 2024", date(2024, 6, 25)),
    ("Release time:Apr 14, 2024 07:43 AM", date(2024, 4, 14)),
    ("Updated: 3 Sept 2019", date(2019, 9, 3)),
    ("February 30, 2024", None),  # no such day
    ("May 2024", None),  # no day: not a full date
])
def test_dates_written_with_english_month_names(s, expected):
    found = D.find_named_date(s)
    assert (found[0] if found else None) == expected


def test_resolve_month_day_goes_back_a_year_when_needed():
    assert D.resolve_month_day(12, 31, date(2022, 1, 5)) == date(2021, 12, 31)
    assert D.resolve_month_day(2, 24, date(2023, 3, 1)) == date(2023, 2, 24)


def test_relative_date():
    assert D.find_relative("昨天(14日),闵行区举办") == (1, None, 14, "昨天(14日)")


def test_url_dates():
    assert D.date_from_url("https://x.cn/n/2021/0325/c1-123.html")[:2] == (date(2021, 3, 25), "day")
    assert D.date_from_url("http://x.gov.cn/art/2019/9/7/art_1.html")[:2] == (date(2019, 9, 7), "day")
    assert D.date_from_url("https://x.cn/202103/t20210325_1.html")[:2] == (date(2021, 3, 25), "day")
    assert D.date_from_url("https://x.cn/a/b.html") is None


def test_future_dates_are_dropped():
    f = D.drop_future(D.DateFound(date(2099, 1, 1), "day", "metadata", "x"), date(2026, 11, 23))
    assert f.value is None and "future_date" in f.warnings
