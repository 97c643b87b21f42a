"""The HTML report: one self-contained, offline file of charts and tables over the public views.

    summary = write_report(db, Path("report.html"), since=date(2023, 1, 1), district="徐汇区")

Charts are Vega-Lite specifications drawn in the browser by vega-embed; the JavaScript
(vega, vega-lite, vega-embed) is inlined from the `vl-convert-python` package, so the page
needs no network. Chinese labels: when fontTools and a CJK font file are available (Debian
`fonts-noto-cjk`), the glyphs the page uses are subset from Noto Sans CJK SC and embedded as
a base64 @font-face; otherwise the page falls back to the viewer's own CJK fonts (every
desktop OS ships one). See docs/REPORT.md.

Every section reads one public view. A view missing from the warehouse (an older or newer
version) turns its section into a note; the rest of the report still renders.
"""

from __future__ import annotations

import base64
import html
import json
import os
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

from grassroots import warehouse

FONT_FAMILY = "GrassrootsCJK"
# CSS fallbacks after the embedded subset: the usual CJK system fonts of Linux, macOS and Windows
FONT_STACK = (f"{FONT_FAMILY}, 'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', "
              "'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', sans-serif")
# Noto Sans CJK SC from Debian fonts-noto-cjk (the .ttc holds JP, KR, SC, TC, HK; index 2 is SC)
FONT_CANDIDATES = [
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
]
# the Vega-Lite version the specs are written for and bundled with (vl-convert-python ships it)
VEGA_LITE = "6.4"
# initiatives drawn on the timeline: ~60 rows of 14 px stay readable on one screen
TIMELINE_MAX = 60
# rows of the top-initiatives table; the sample corpus has ~50 names, a real warehouse thousands
TOP_INITIATIVES = 30
# stories linked under each of them, the latest first
LINKS_PER_INITIATIVE = 20
# runs in the history table and chart (about a month of daily scheduled runs)
RUNS_MAX = 40


class ReportError(ValueError):
    pass


@dataclass
class Section:
    key: str
    title: str
    intro: str
    charts: list[tuple[str, dict]] = field(default_factory=list)  # (chart id, Vega-Lite spec)
    html: str = ""  # tables, notes
    note: str | None = None  # why the section has no chart (missing view, no data)


@dataclass
class ReportSummary:
    path: Path
    charts: list[str]
    notes: dict[str, str]
    bytes: int
    font_embedded: bool


# ---------------------------------------------------------------- reading the warehouse


def _views(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, str]]:
    """view -> {column: DuckDB type}"""
    return {v: dict(cols) for v, cols in warehouse.public_views(con)}


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict[str, Any]]:
    cur = con.execute(sql, params or [])
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


@dataclass
class Filters:
    since: date | None = None
    until: date | None = None  # exclusive
    district: str | None = None

    def where(self, date_col: str = "published_date", district_col: str = "district") -> tuple[str, list]:
        """A SQL condition (never empty) and its parameters."""
        conds, params = ["true"], []
        if self.since:
            conds.append(f"{date_col} >= ?")
            params.append(self.since)
        if self.until:
            conds.append(f"{date_col} < ?")
            params.append(self.until)
        if self.district:
            conds.append(f"{district_col} = ?")
            params.append(self.district)
        return " and ".join(conds), params

    def describe(self) -> str:
        parts = []
        if self.since or self.until:
            parts.append(f"published {self.since or '…'} to {self.until or '…'} (end exclusive)")
        if self.district:
            parts.append(f"district {self.district}")
        return "; ".join(parts) or "all stories"


def _missing(views: dict[str, dict[str, str]], name: str, cols: set[str]) -> str | None:
    if name not in views:
        return f"the view `{name}` is not in this warehouse (built by another version of grassroots?)"
    lack = cols - views[name].keys()
    if lack:
        return f"the view `{name}` lacks the column(s) {', '.join(sorted(lack))}"
    return None


def _month_range(first: date, last: date) -> list[str]:
    out, y, m = [], first.year, first.month
    while (y, m) <= (last.year, last.month):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _at_precision(d: date | None, precision: str | None) -> str:
    """A date as precise as it is known: 2021-03-05, 2021-03 or 2021 (never 2021-01-01 for a year)."""
    if d is None:
        return "undated"
    if precision == "year":
        return f"{d.year:04d}"
    if precision == "month":
        return f"{d.year:04d}-{d.month:02d}"
    return d.isoformat()


def _iso(v: Any) -> Any:
    if isinstance(v, datetime):
        return v.isoformat(timespec="seconds")
    if isinstance(v, date):
        return v.isoformat()
    return v


# ---------------------------------------------------------------- chart specs (Vega-Lite v6)


def _spec(data: list[dict], **kw: Any) -> dict:
    spec = {"$schema": f"https://vega.github.io/schema/vega-lite/v{VEGA_LITE}.json",
            "data": {"values": [{k: _iso(v) for k, v in r.items()} for r in data]}}
    spec.update(kw)
    return spec


def _ticks(top: int, n: int = 5) -> list[int]:
    """Up to n whole numbers from 1 to top for a legend."""
    if top <= n:
        return list(range(1, top + 1))
    return sorted({1 + round(i * (top - 1) / (n - 1)) for i in range(n)})


def section_heatmap(con, views, f: Filters) -> Section:
    s = Section("heatmap", "Stories per district and month",
                "Each cell counts stories (canonical articles, copies counted once) published in that "
                "month in that district. Articles dated only to the year, or not at all, are left out.")
    if (why := _missing(views, "district_monthly", {"district", "month", "articles", "initiatives"})):
        s.note = why
        return s
    w, p = f.where("month")
    rows = _rows(con, f"select district, month, articles, initiatives, new_initiatives from district_monthly "
                      f"where {w} order by district, month", p)
    if not rows:
        s.note = "no dated story in this selection"
        return s
    months = _month_range(min(r["month"] for r in rows), max(r["month"] for r in rows))
    top = max(r["articles"] for r in rows)
    districts = sorted({r["district"] for r in rows})
    have = {(r["district"], r["month"].strftime("%Y-%m")): r for r in rows}
    grid = []
    for d in districts:
        for m in months:
            r = have.get((d, m))
            grid.append({"district": d, "month": m, "articles": r["articles"] if r else 0,
                         "initiatives": r["initiatives"] if r else 0})
    s.charts.append(("heatmap", _spec(
        grid, mark={"type": "rect", "stroke": "#fff", "strokeWidth": 0.5},
        width={"step": 16}, height={"step": 20},
        encoding={
            "x": {"field": "month", "type": "ordinal", "title": "month", "sort": months,
                  "axis": {"labelAngle": -60, "labelExpr": "substring(datum.value, 5) == '01' || "
                           f"datum.value == '{months[0]}' ? datum.value : substring(datum.value, 5)"}},
            "y": {"field": "district", "type": "nominal", "title": None, "sort": districts},
            # empty cells grey, so one story stands out; the legend shows whole numbers only
            "color": {"field": "articles", "type": "quantitative", "title": "stories",
                      "scale": {"scheme": "oranges", "domainMin": 0, "domainMax": top},
                      "legend": {"values": _ticks(top), "format": "d"},
                      "condition": {"test": "datum.articles == 0", "value": "#f0f0f0"}},
            "tooltip": [{"field": "district"}, {"field": "month"}, {"field": "articles", "title": "stories"},
                        {"field": "initiatives", "title": "initiatives named"}],
        })))
    return s


def _initiative_rows(con, f: Filters) -> list[dict]:
    w, p = f.where()
    return _rows(con, f"""
        select name, district, min(published_date) as first_seen, max(published_date) as last_seen,
               count(distinct doc_id) as articles,
               list(distinct category order by category) filter (where category is not null) as categories
        from initiative_mentions
        where published_date is not null and date_precision in ('day', 'month') and {w}
        group by name, district
        order by district, first_seen, name""", p)


def section_timeline(con, views, f: Filters) -> Section:
    s = Section("timeline", "Initiatives per district: first and last seen",
                "One row per named initiative and district, from the first to the last story that names it "
                "(a dot when only one story does). Only stories dated to the day or month are placed.")
    if (why := _missing(views, "initiative_mentions", {"name", "district", "published_date", "date_precision",
                                                       "category", "doc_id"})):
        s.note = why
        return s
    rows = _initiative_rows(con, f)
    if not rows:
        s.note = "no dated initiative in this selection"
        return s
    if len(rows) > TIMELINE_MAX:
        keep = sorted(rows, key=lambda r: (-r["articles"], r["first_seen"]))[:TIMELINE_MAX]
        rows = [r for r in rows if r in keep]
        s.intro += f" Showing the {TIMELINE_MAX} named in the most stories."
    data = [{"label": f"{r['district']} · {r['name']}", "district": r["district"], "name": r["name"],
             "first_seen": r["first_seen"], "last_seen": r["last_seen"], "articles": r["articles"]} for r in rows]
    order = [d["label"] for d in data]
    enc_y = {"field": "label", "type": "nominal", "title": None, "sort": order}
    # padding keeps the first and last dots inside the plot; every label carries its year
    x_axis = {"format": "%Y-%m", "labelAngle": -45, "labelOverlap": True}
    tip = [{"field": "name"}, {"field": "district"}, {"field": "first_seen", "type": "temporal"},
           {"field": "last_seen", "type": "temporal"}, {"field": "articles", "title": "stories"}]
    s.charts.append(("timeline", _spec(
        data, width=640, height={"step": 16},
        layer=[
            {"mark": {"type": "rule", "strokeWidth": 3},
             "encoding": {"y": enc_y, "x": {"field": "first_seen", "type": "temporal", "title": None,
                                            "axis": x_axis, "scale": {"padding": 10}},
                          "x2": {"field": "last_seen"}, "color": {"field": "district", "legend": None},
                          "tooltip": tip}},
            {"mark": {"type": "point", "filled": True, "size": 50},
             "encoding": {"y": enc_y, "x": {"field": "first_seen", "type": "temporal"},
                          "color": {"field": "district", "legend": None}, "tooltip": tip}},
            {"mark": {"type": "point", "filled": True, "size": 50},
             "encoding": {"y": enc_y, "x": {"field": "last_seen", "type": "temporal"},
                          "color": {"field": "district", "legend": None}, "tooltip": tip}},
        ])))
    return s


def _category_labels(con) -> dict[str, str]:
    """category -> its Chinese label (seeds/initiative_categories.csv), when the warehouse has it."""
    try:
        return {c: z for c, z in con.execute(
            "select category, label_zh from ref.initiative_categories where label_zh is not null").fetchall()}
    except duckdb.Error:
        return {}


def section_categories(con, views, f: Filters) -> Section:
    s = Section("categories", "Category mix per district by quarter",
                "Stories per initiative category, district and quarter (a story with several categories "
                "counts once in each).")
    dcq = views.get("district_category_quarterly", {})
    # the view of issue 6 when it is there with a date-typed quarter (its first day); else derive it
    if dcq.get("quarter", "").startswith(("DATE", "TIMESTAMP")) and {"district", "category", "articles"} <= dcq.keys():
        w, p = f.where("quarter")
        rows = _rows(con, "select district, cast(quarter as date) as q, strftime(quarter, '%Y') || '-Q' || "
                          "quarter(quarter) as quarter, category, articles from district_category_quarterly "
                          f"where {w} and category is not null", p)
        s.intro += " From the view `district_category_quarterly`."
    elif (why := _missing(views, "initiative_mentions", {"district", "category", "published_date", "doc_id"})):
        s.note = why
        return s
    else:
        w, p = f.where()
        rows = _rows(con, f"""
            select district, cast(date_trunc('quarter', published_date) as date) as q,
                   strftime(published_date, '%Y') || '-Q' || quarter(published_date) as quarter,
                   category, count(distinct doc_id) as articles
            from initiative_mentions
            where category is not null and published_date is not null
              and date_precision in ('day', 'month') and {w}
            group by all""", p)
        s.intro += " From the view `initiative_mentions`."
    if not rows:
        s.note = "no categorised, dated initiative in this selection"
        return s
    labels = _category_labels(con)
    for r in rows:
        r["category"] = f"{labels[r['category']]} ({r['category']})" if r["category"] in labels else r["category"]
    # one time axis for every district (a shared scale, from the first to the last quarter), so
    # side by side facets compare the same quarters; legend labels are never cut
    first, last = min(r["q"] for r in rows), max(r["q"] for r in rows)
    end = date(last.year + (last.month > 9), (last.month + 2) % 12 + 1, 1)  # the day after the last quarter
    s.charts.append(("categories", _spec(
        rows,
        facet={"field": "district", "type": "nominal", "title": None, "header": {"labelFontSize": 13}},
        columns=3,
        spec={"width": 220, "height": 140, "mark": {"type": "bar", "width": {"band": 0.9}},
              "encoding": {
                  "x": {"field": "q", "type": "temporal", "timeUnit": "yearquarter", "title": None,
                        "scale": {"domain": [first.isoformat(), end.isoformat()]},
                        "axis": {"format": "%Y", "tickCount": {"interval": "year", "step": 1}, "labelAngle": 0}},
                  "y": {"field": "articles", "type": "quantitative", "aggregate": "sum", "title": "stories",
                        "axis": {"tickMinStep": 1, "format": "d"}},
                  "color": {"field": "category", "type": "nominal", "scale": {"scheme": "tableau20"},
                            "legend": {"labelLimit": 0, "title": "category"}},
                  "tooltip": [{"field": "district"}, {"field": "quarter"}, {"field": "category"},
                              {"field": "articles", "aggregate": "sum", "title": "stories"}]}})))
    return s


def _link(locator: str, text: str) -> str:
    if "://" in locator:
        href = locator
    elif os.path.isabs(locator):
        href = Path(locator).as_uri()
    else:
        return html.escape(text)
    return f'<a href="{html.escape(href, quote=True)}">{html.escape(text)}</a>'


def _seen(v: dict | None) -> str:
    return _at_precision(v["d"], v["p"]) if v else ""


def _copies(n: int) -> str:
    return f", {n} copies" if n > 1 else ""


def section_top(con, views, f: Filters) -> Section:
    s = Section("top", "Top initiatives and their sources",
                f"The {TOP_INITIATIVES} initiatives named in the most stories, with links to their latest "
                f"{LINKS_PER_INITIATIVE} stories (the canonical copy; other copies are in the view `sightings`).")
    need = _missing(views, "initiative_mentions", {"name", "district", "category", "doc_id", "published_date"}) \
        or _missing(views, "articles", {"doc_id", "locator", "title", "sightings"})
    if need:
        s.note = need
        return s
    w, p = f.where("m.published_date", "m.district")
    # first/last: dates known to the day or month (as the view `initiatives`), shown at their precision
    rows = _rows(con, f"""
        select m.name, count(distinct m.doc_id) as articles,
               list(distinct m.district order by m.district) filter (where m.district is not null) as districts,
               list(distinct m.category order by m.category) filter (where m.category is not null) as categories,
               arg_min(struct_pack(d := m.published_date, p := m.date_precision), m.published_date)
                   filter (where m.date_precision in ('day', 'month')) as first_seen,
               arg_max(struct_pack(d := m.published_date, p := m.date_precision), m.published_date)
                   filter (where m.date_precision in ('day', 'month')) as last_seen
        from initiative_mentions m semi join articles a using (doc_id)
        where {w}
        group by m.name
        order by articles desc, min(m.published_date) nulls last, m.name
        limit {TOP_INITIATIVES}""", p)
    if not rows:
        s.note = "no initiative in this selection"
        return s
    # the latest LINKS_PER_INITIATIVE stories of each (every story made the page grow with the
    # warehouse: 40,000 links, 8 MB, at 10,000 pages); a story links to its canonical copy's web
    # address when it has one, else to any copy's, else the file
    web = ("(select s.locator from sightings s where s.cluster_id = x.cluster_id and s.locator like 'http%' "
           "order by s.is_canonical desc, s.ingested_at, s.locator limit 1)") \
        if "sightings" in views and {"cluster_id", "locator", "is_canonical"} <= views["sightings"].keys() \
        and "cluster_id" in views["articles"] else "null"
    names = [r["name"] for r in rows]
    links: dict[str, list[dict]] = {}
    for x in _rows(con, f"""
            select x.name, x.title, coalesce({web}, x.locator) as locator, x.day, x.prec, x.copies
            from (select m.name, a.cluster_id, a.title, a.locator, a.published_date as day, a.date_precision as prec,
                         a.sightings as copies,
                         row_number() over (partition by m.name order by a.published_date desc nulls last, a.doc_id) as k
                  from (select distinct m.name, m.doc_id from initiative_mentions m
                        where {w} and m.name in ({", ".join("?" * len(names))})) m
                  join articles a using (doc_id)) x
            where x.k <= {LINKS_PER_INITIATIVE}""", p + names):
        links.setdefault(x["name"], []).append(x)
    labels = _category_labels(con)
    out = ["<table><thead><tr><th>initiative</th><th>stories</th><th>districts</th><th>categories</th>"
           "<th>first</th><th>last</th><th>stories (source)</th></tr></thead><tbody>"]
    for r in rows:
        shown = sorted(links.get(r["name"], []), key=lambda x: (x["day"] is None, x["day"] or date.min))
        items = "".join(
            f"<li>{_link(x['locator'], x['title'] or x['locator'])}"
            f"<span class=dim> {_at_precision(x['day'], x['prec'])}{_copies(x['copies'])}"
            "</span></li>" for x in shown)
        if r["articles"] > len(shown):
            items += (f"<li class=dim>{r['articles'] - len(shown)} more in the view <code>initiative_mentions</code> "
                      f"where name = '{html.escape(r['name'])}'</li>")
        out.append(f"<tr><td>{html.escape(r['name'])}</td><td class=num>{r['articles']}</td>"
                   f"<td>{html.escape(' '.join(r['districts'] or []))}</td>"
                   f"<td>{html.escape(' '.join(labels.get(c, c) for c in r['categories'] or []))}</td>"
                   f"<td>{_seen(r['first_seen'])}</td><td>{_seen(r['last_seen'])}</td>"
                   f"<td><ul>{items}</ul></td></tr>")
    out.append("</tbody></table>")
    s.html = "".join(out)
    return s


# A figure is a target, not an achievement, when the sentence before it plans or promises
# (计划 12 座, 力争 300 台, 将再建成 2 个, 预计 6000 平方米), unless an 已/累计/目前 comes after that
# word (计划…, 目前已完成 50 个). 将 counts only before a verb: 将“时间银行”纳入 is not future.
_TARGET = re.compile(r"计划|目标|力争|预计|预期|争取|拟|将(?:再|要|会|于|在|新|建|完成|实现|达到|推|开|增|覆盖|投|打造|改|"
                     r"启动|扩|继续|陆续|逐步|进一步)")
_DONE_AFTER = re.compile(r"已|累计|目前|截至|完成了")
# A counted object that ends in a verb or a function word is a phrase, not a thing (位置挪 1.2 米,
# 实付不 12 元, 工作日压缩 68 个): its figure is not a quantity of anything and is left out.
_NOT_A_THING_END = set("挪移不付缩破广向到至为了的在和与及对给把被从达超约共营")
_NOT_A_THING = re.compile(r"支付|实付|只需")


def fact_kind(evidence: str | None, obj: str, unit: str) -> str:
    """'target' or 'achieved' for a reported figure, from the sentence it was read from."""
    text = evidence or ""
    # where the figure is: a number with this unit, beside its object (加装电梯126台, 2个服务站)
    figures = list(re.finditer(r"\d[\d.,]*\s*[十百千万亿]*[余多]?\s*" + re.escape(unit), text))
    near = [m for m in figures if not obj or obj in text[max(0, m.start() - len(obj) - 8):m.end() + len(obj) + 2]]
    at = (near or figures)[0].start() if (near or figures) else len(text)
    before = text[:at]
    last = None
    for m in _TARGET.finditer(before):
        last = m
    if last is None:
        return "achieved"
    return "achieved" if _DONE_AFTER.search(before[last.end():]) else "target"


def is_thing(obj: str) -> bool:
    """False for a counted 'object' that is a verb phrase (位置挪, 实付不); '' (unsaid) is kept."""
    return not obj or (obj[-1] not in _NOT_A_THING_END and not _NOT_A_THING.search(obj))


def section_facts(con, views, f: Filters) -> Section:
    s = Section("facts", "Quantities reported per district",
                "Sums of comparable quantities the stories report (e.g. 台 of elevators, 平方米 of space), "
                "by district, unit and counted object, with what was done apart from what was planned "
                "(计划, 目标, 力争, 将…: targets); a figure repeated within a story counts once; figures whose "
                "'object' is a phrase rather than a thing (位置挪 1.2 米, 实付不 12 元) are left out. "
                "Not filtered by date.")
    try:  # the facts with the sentence each was read from (core: the view keeps sums only)
        facts = _rows(con, "select doc_id, value, unit, object, evidence, doc_district as district "
                           "from core.initiative_facts where is_canonical and doc_district is not null"
                           + (" and doc_district = ?" if f.district else ""), [f.district] if f.district else [])
    except duckdb.Error:
        facts = None
    if facts is None:
        if (why := _missing(views, "initiative_facts_by_district", {"district"})):
            s.note = why
            return s
        cols = list(views["initiative_facts_by_district"])
        w, p = Filters(district=f.district).where()
        rows = _rows(con, f"select * from initiative_facts_by_district where {w} order by all limit 200", p)
        if not rows:
            s.note = "no quantity in this selection"
            return s
        s.html = _table(rows, cols)
        return s
    seen, sums = set(), {}
    for r in facts:
        if not is_thing(r["object"]):
            continue
        kind = fact_kind(r["evidence"], r["object"], r["unit"])
        key = (r["doc_id"], r["value"], r["unit"], r["object"], kind)
        if key in seen:  # headline and body: once per story
            continue
        seen.add(key)
        agg = sums.setdefault((r["district"], r["unit"], r["object"]),
                              {"achieved": 0.0, "target": 0.0, "stories": set()})
        agg[kind] += r["value"]
        agg["stories"].add(r["doc_id"])
    if not sums:
        s.note = "no quantity in this selection"
        return s
    rows = [{"district": d, "unit": u, "object": o or "(unsaid)",
             "achieved": a["achieved"] or None, "target": a["target"] or None, "stories": len(a["stories"])}
            for (d, u, o), a in sorted(sums.items())][:200]
    s.html = _table(rows, ["district", "unit", "object", "achieved", "target", "stories"])
    return s


def section_sources(con, views, f: Filters) -> Section:
    s = Section("sources", "Sources and rejects",
                "What each source brought (stories it carried first, copies of stories seen elsewhere or "
                "earlier) and every refused input by reason. Not filtered by the report's dates or district.")
    notes = []
    if (why := _missing(views, "source_health", {"source", "documents", "articles_first_seen"})):
        notes.append(why)
    else:
        rows = _rows(con, "select * from source_health order by source")
        data = []
        for r in rows:
            data.append({"source": r["source"], "kind": "first seen here", "documents": r["articles_first_seen"]})
            data.append({"source": r["source"], "kind": "copy", "documents": r["documents"] - r["articles_first_seen"]})
        if rows:
            s.charts.append(("sources", _spec(
                data, mark="bar", width=480, height={"step": 22},
                encoding={"y": {"field": "source", "type": "nominal", "title": None},
                          "x": {"field": "documents", "type": "quantitative", "stack": "zero", "title": "documents"},
                          "color": {"field": "kind", "type": "nominal", "title": None,
                                    "scale": {"domain": ["first seen here", "copy"], "range": ["#4c78a8", "#b3c7df"]}},
                          "tooltip": [{"field": "source"}, {"field": "kind"}, {"field": "documents"}]})))
            s.html += _table(rows, ["source", "kind", "enabled", "last_run_at", "last_success_at", "last_new_story_at",
                                    "consecutive_failures", "documents", "articles_first_seen", "duplicate_share",
                                    "rejects"])
        else:
            notes.append("no source has run yet")
    if (why := _missing(views, "rejects", {"source", "reason", "stage"})):
        notes.append(why)
    else:
        rej = _rows(con, "select source, stage, reason, count(*) as inputs from rejects group by all order by inputs desc")
        if rej:
            s.charts.append(("rejects", _spec(
                rej, mark="bar", width=480, height={"step": 22},
                encoding={"y": {"field": "reason", "type": "nominal", "title": None, "sort": "-x"},
                          "x": {"field": "inputs", "type": "quantitative", "aggregate": "sum", "title": "inputs refused"},
                          "color": {"field": "source", "type": "nominal"},
                          "tooltip": [{"field": "source"}, {"field": "stage"}, {"field": "reason"},
                                      {"field": "inputs"}]})))
        else:
            s.html += "<p class=note>No input was rejected.</p>"
    if notes:
        s.note = "; ".join(notes)
    return s


def section_runs(con, views, f: Filters) -> Section:
    s = Section("runs", "Run history",
                f"The last {RUNS_MAX} runs (manual, scheduled, backfill windows): new stories and copies "
                "loaded, inputs rejected. Not filtered by the report's dates or district.")
    if (why := _missing(views, "runs", {"run_id", "command", "state", "started_at", "new", "duplicate", "rejected"})):
        s.note = why
        return s
    rows = _rows(con, f"select * from runs order by started_at desc limit {RUNS_MAX}")
    if not rows:
        s.note = "no run recorded"
        return s
    data = []
    for r in rows:
        for k in ("new", "duplicate", "rejected"):
            data.append({"run": r["run_id"][:8], "started_at": r["started_at"], "state": r["state"],
                         "command": r["command"], "kind": k, "documents": r[k] or 0})
    s.charts.append(("runs", _spec(
        data, mark="bar", width=640, height=180,
        encoding={"x": {"field": "run", "type": "ordinal", "title": "run (oldest first)",
                        "sort": {"field": "started_at"}},
                  "y": {"field": "documents", "type": "quantitative", "stack": "zero", "title": "documents"},
                  "color": {"field": "kind", "type": "nominal", "title": None,
                            "scale": {"domain": ["new", "duplicate", "rejected"],
                                      "range": ["#59a14f", "#bab0ac", "#e15759"]}},
                  "tooltip": [{"field": "run"}, {"field": "command"}, {"field": "state"},
                              {"field": "started_at", "type": "temporal", "format": "%Y-%m-%d %H:%M"},
                              {"field": "kind"}, {"field": "documents"}]})))
    s.html = _table(rows, ["run_id", "command", "state", "started_at", "seconds", "discovered", "new", "duplicate",
                           "rejected", "failed_batches"])
    return s


def _table(rows: list[dict], cols: list[str]) -> str:
    cols = [c for c in cols if rows and c in rows[0]]
    head = "".join(f"<th>{html.escape(c.replace('_', ' '))}</th>" for c in cols)
    body = []
    for r in rows:
        cells = []
        for c in cols:
            v = r[c]
            if isinstance(v, datetime):
                v = v.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
            elif c == "run_id" and isinstance(v, str):
                v = v[:8]
            elif isinstance(v, float) and v.is_integer():  # 2800, not 2800.0
                v = int(v)
            cls = " class=num" if isinstance(v, (int, float, Decimal)) and not isinstance(v, bool) else ""
            cells.append(f"<td{cls}>{html.escape('' if v is None else str(v))}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


SECTIONS = [section_heatmap, section_timeline, section_categories, section_top, section_facts, section_sources,
            section_runs]


def read_sections(con: duckdb.DuckDBPyConnection, f: Filters) -> list[Section]:
    views = _views(con)
    out = []
    for fn in SECTIONS:
        try:
            out.append(fn(con, views, f))
        except duckdb.Error as e:  # a view of an unexpected shape: say so, keep the rest of the report
            name = fn.__name__.removeprefix("section_")
            out.append(Section(name, name, "", note=f"could not read: {str(e).splitlines()[0]}"))
    return out


def read_overview(con: duckdb.DuckDBPyConnection, views: dict[str, dict[str, str]], f: Filters) -> dict[str, Any]:
    o: dict[str, Any] = {}
    if "articles" in views:
        w, p = f.where()
        o["stories"] = con.execute(f"select count(*) from articles where {w}", p).fetchone()[0]
    if "documents" in views:
        w, p = f.where()
        o["documents"] = con.execute(f"select count(*) from documents where {w}", p).fetchone()[0]
    if "initiative_mentions" in views:
        w, p = f.where()
        o["initiatives"] = con.execute(f"select count(distinct name) from initiative_mentions where {w}", p).fetchone()[0]
    if "source_health" in views:
        o["sources"] = con.execute("select count(*) from source_health").fetchone()[0]
    if "runs" in views:
        o["runs"] = con.execute("select count(*) from runs").fetchone()[0]
    return o


# ---------------------------------------------------------------- fonts and JavaScript


def _cjk_font_face(text: str) -> str | None:
    """A base64 @font-face with just the glyphs of `text`, or None (no fontTools or no font file)."""
    try:
        from fontTools import subset
        from fontTools.ttLib import TTFont
    except ImportError:
        return None
    for path, index in FONT_CANDIDATES:
        if not os.path.exists(path):
            continue
        font = TTFont(path, fontNumber=index, lazy=False) if path.endswith(".ttc") else TTFont(path)
        opts = subset.Options()
        opts.layout_features = ["*"]
        opts.name_IDs = ["*"]
        opts.notdef_outline = True
        opts.flavor = None  # woff2 would need brotli; plain OTF is ~1.5x larger, still small
        sub = subset.Subsetter(opts)
        sub.populate(text=text + "0123456789-–·…()%:/., ")
        sub.subset(font)
        import io

        buf = io.BytesIO()
        font.save(buf)
        data = base64.b64encode(buf.getvalue()).decode()
        return (f"@font-face {{ font-family: '{FONT_FAMILY}'; "
                f"src: url(data:font/otf;base64,{data}) format('opentype'); }}")
    return None


def _vl_convert():
    try:
        import vl_convert
    except ImportError:
        raise ReportError("the report needs the package vl-convert-python (it ships the Vega JavaScript)") from None
    return vl_convert


def _vega_bundle() -> str:
    """vega + vega-lite + vega-embed as one script, cached on disk (bundling takes 3-8 s here)."""
    vlc = _vl_convert()
    key = f"{vlc.__version__}-vl{VEGA_LITE}"
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "grassroots" / f"vega-{key}.js"
    try:
        return cache.read_text(encoding="utf-8")
    except OSError:
        pass
    js = vlc.javascript_bundle(vl_version=VEGA_LITE)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
        tmp.write_text(js, encoding="utf-8")
        tmp.replace(cache)
    except OSError:  # a read-only home: bundle every time
        pass
    return js


def _script_json(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, default=str).replace("</", "<\\/")


CSS = """
body { font-family: %(font)s; margin: 24px auto; max-width: 1200px; color: #222; padding: 0 16px; }
h1 { font-size: 26px; margin-bottom: 4px; } h2 { font-size: 20px; margin-top: 36px; border-bottom: 1px solid #ddd; }
.dim, .meta { color: #777; font-size: 13px; } .note { color: #8a5a00; background: #fff6e0; padding: 6px 10px; }
.overview span { display: inline-block; margin-right: 24px; font-size: 15px; } .overview b { font-size: 20px; }
table { border-collapse: collapse; font-size: 13px; margin: 12px 0; } td, th { border-bottom: 1px solid #eee;
 padding: 3px 8px; text-align: left; vertical-align: top; } td.num { text-align: right; }
td ul { margin: 0; padding-left: 16px; } .chart { margin: 12px 0; } nav a { margin-right: 14px; }
"""

BOOT = """
window.grassrootsReport = {errors: [], warnings: []};
window.addEventListener('error', e => window.grassrootsReport.errors.push(String(e.message || e)));
window.addEventListener('unhandledrejection', e => window.grassrootsReport.errors.push(String(e.reason)));
(function () {
  const err = console.error.bind(console), warn = console.warn.bind(console);
  console.error = (...a) => { window.grassrootsReport.errors.push(a.map(String).join(' ')); err(...a); };
  console.warn = (...a) => { window.grassrootsReport.warnings.push(a.map(String).join(' ')); warn(...a); };
})();
"""

DRAW = """
(async function () {
  const specs = %(specs)s;
  const font = %(font)s;
  try { if (document.fonts) { await document.fonts.load('12px ' + font, '区'); } } catch (e) {}
  const jobs = Object.entries(specs).map(([id, spec]) => {
    const el = document.getElementById('chart-' + id);
    return vegaEmbed(el, spec, {renderer: 'svg', actions: false})
      .then(() => { el.dataset.rendered = el.querySelector('svg .mark-group, svg [class^=mark]') ? 'yes' : 'empty'; })
      .catch(e => { el.dataset.rendered = 'error'; console.error('chart ' + id + ': ' + e); });
  });
  await Promise.all(jobs);
  const r = window.grassrootsReport;
  document.body.dataset.charts = Object.keys(specs).length;
  document.body.dataset.errors = r.errors.length;
  document.body.dataset.warnings = r.warnings.length;
  document.getElementById('render-log').textContent = JSON.stringify(r);
  document.body.dataset.done = 'yes';
})();
"""


def render_html(sections: list[Section], overview: dict[str, Any], f: Filters, *, db_name: str,
                embed_font: bool = True) -> tuple[str, bool]:
    """The page as a string, and whether a CJK font subset was embedded."""
    config = {"font": FONT_STACK.replace("'", ""), "view": {"stroke": None},
              "axis": {"labelFontSize": 12, "titleFontSize": 12}, "legend": {"labelFontSize": 12}}
    specs = {}
    for s in sections:
        for cid, spec in s.charts:
            specs[cid] = dict(spec, config=config)
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    body = [f"<h1>grassroots: Shanghai community initiatives</h1>"
            f"<p class=meta>Warehouse {html.escape(db_name)} · generated {stamp} · selection: "
            f"{html.escape(f.describe())}</p>",
            "<p class=overview>" + "".join(f"<span><b>{v}</b> {html.escape(k)}</span>" for k, v in overview.items())
            + "</p>",
            "<nav>" + "".join(f'<a href="#{s.key}">{html.escape(s.title)}</a>' for s in sections) + "</nav>"]
    for s in sections:
        body.append(f'<section id="{s.key}"><h2>{html.escape(s.title)}</h2><p class=dim>{html.escape(s.intro)}</p>')
        if s.note:
            body.append(f"<p class=note>{html.escape(s.note)}</p>")
        for cid, _ in s.charts:
            body.append(f'<div class=chart id="chart-{cid}" data-chart="{cid}"></div>')
        body.append(s.html + "</section>")
    body.append('<p class=dim>Charts: Vega-Lite (vega-embed), inlined; no network needed. '
                'Data: the public SQL views of the warehouse (docs/REPORT.md).</p>'
                '<pre id="render-log" hidden></pre>')
    page_text = html.unescape("".join(body)) + json.dumps(specs, ensure_ascii=False)
    face = _cjk_font_face(page_text) if embed_font else None
    css = (face or "") + CSS % {"font": FONT_STACK}
    doc = ("<!DOCTYPE html><html lang=zh-CN><head><meta charset=utf-8>"
           "<meta name=viewport content='width=device-width, initial-scale=1'>"
           "<title>grassroots report</title>"
           f"<style>{css}</style>"
           f"<script>{BOOT}</script>"
           f"<script>{_vega_bundle()}</script></head><body id=grassroots-report>"
           + "".join(body)
           + f"<script>{DRAW % {'specs': _script_json(specs), 'font': _script_json(FONT_FAMILY)}}</script>"
           "</body></html>")
    return doc, face is not None


def write_report(db: Path | str, out: Path | str, *, since: date | None = None, until: date | None = None,
                 district: str | None = None, wait: float = 10.0, embed_font: bool = True) -> ReportSummary:
    """Render the report of the warehouse `db` into the file `out` (written whole, then renamed)."""
    if since and until and since >= until:
        raise ReportError(f"empty window: since {since} is not before until {until}")
    asked = district
    district = _district(district) if district else None
    f = Filters(since, until, district)
    con = warehouse.open_reader(db, wait=wait)
    try:
        views = _views(con)
        if district and "district_monthly" in views:
            known = {r[0] for r in con.execute("select distinct district from articles").fetchall()} \
                if "articles" in views else set()
            if known and district not in known:
                raise ReportError(f"no story in {district} in this warehouse; districts with stories: "
                                  + ", ".join(sorted(d for d in known if d)))
        sections = read_sections(con, f)
        overview = read_overview(con, views, f)
    finally:
        con.close()
    doc, embedded = render_html(sections, overview, f, db_name=Path(db).name, embed_font=embed_font)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(doc, encoding="utf-8")
    tmp.replace(out)
    notes = {s.key: s.note for s in sections if s.note}
    if district and district != asked:
        notes = {"district": f"{asked} is read as {district}", **notes}
    return ReportSummary(path=out, charts=[cid for s in sections for cid, _ in s.charts],
                         notes=notes, bytes=out.stat().st_size, font_embedded=embedded)


def _district(name: str) -> str:
    """The full current name of the district the user named, in any of the seeds' spellings or in
    traditional characters; a name that is none of them is an error, not an empty report."""
    from grassroots.enrich.places import load_gazetteer
    from grassroots.extract.script import to_simplified

    found = load_gazetteer().district_named(to_simplified(name))
    if found is None:
        raise ReportError(f"unknown district {name!r}: give a district's name, e.g. 徐汇区, 徐汇 or Xuhui")
    return found
