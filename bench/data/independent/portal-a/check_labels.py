# -*- coding: utf-8 -*-
"""Self-check for the portal-a set (standard library only). Run: python3 check_labels.py"""
import csv, html, json, os, re, sys, collections

HERE = os.path.dirname(os.path.abspath(__file__))
REF_D = "/work/shared/reference/shanghai_districts.csv"
REF_S = "/work/shared/reference/shanghai_subdistricts.csv"
FORMATS = {"portal_html", "gbk_html", "big5_html", "snapshot_html", "wechat_md", "frontmatter_md",
           "frontmatter_html", "epaper_txt", "portal_txt", "mirror_txt", "netease_txt", "netease_html",
           "farm_txt", "forum_txt", "mobile_txt", "newsletter_txt", "plain_txt"}
ENCS = {"utf-8", "gbk", "gb18030", "big5", "big5hkscs"}
FIELDS = ["file", "format", "encoding", "script", "title", "published_date", "date_precision",
          "primary_district", "places", "not_places", "initiatives", "story", "twin_of"]

districts = {r["name"]: r for r in csv.DictReader(open(REF_D, encoding="utf-8"))}
subs = {r["name"]: r for r in csv.DictReader(open(REF_S, encoding="utf-8"))}

errors = []
def err(f, msg):
    errors.append(f"{f}: {msg}")

story_splits = collections.defaultdict(set)
story_docs = collections.Counter()
fmt_count = collections.Counter()
district_stories = collections.defaultdict(set)
no_init = 0
null_dates = 0
month_dates = 0
n = 0
for split in ("dev", "test"):
    lp = os.path.join(HERE, split, "labels.jsonl")
    files_on_disk = set(os.listdir(os.path.join(HERE, split, "docs")))
    seen = set()
    for ln, line in enumerate(open(lp, encoding="utf-8"), 1):
        lab = json.loads(line)
        n += 1
        f = f"{split}/{lab.get('file')}"
        for k in FIELDS:
            if k not in lab:
                err(f, f"missing field {k}")
        path = os.path.join(HERE, split, lab["file"])
        if not os.path.isfile(path):
            err(f, "file missing"); continue
        seen.add(os.path.basename(path))
        if lab["format"] not in FORMATS: err(f, "bad format")
        if lab["encoding"] not in ENCS: err(f, "bad encoding")
        raw = open(path, "rb").read()
        try:
            text = raw.decode(lab["encoding"])
        except UnicodeDecodeError as e:
            err(f, f"does not decode as {lab['encoding']}: {e}"); continue
        # declared charset must agree with the label
        m = re.search(rb'charset=["\']?([A-Za-z0-9_-]+)', raw[:2000])
        if m:
            decl = m.group(1).decode().lower()
            fam = {"gb2312": "gb", "gbk": "gb", "gb18030": "gb", "utf-8": "utf-8", "utf8": "utf-8"}.get(decl, decl)
            lfam = {"gbk": "gb", "gb18030": "gb"}.get(lab["encoding"], lab["encoding"])
            if fam != lfam: err(f, f"declared charset {decl} vs label {lab['encoding']}")
        if lab["format"] == "gbk_html" and lab["encoding"] not in ("gbk", "gb18030"): err(f, "gbk_html not GBK")
        if lab["format"] != "gbk_html" and lab["encoding"] != "utf-8": err(f, "expected utf-8")
        plain = html.unescape(text)
        if lab["title"] is not None and lab["title"] not in plain: err(f, "title not found")
        # dates
        d, p = lab["published_date"], lab["date_precision"]
        if d is None:
            null_dates += 1
            if p is not None: err(f, "null date with precision")
        else:
            pat = {"day": r"^\d{4}-\d{2}-\d{2}$", "month": r"^\d{4}-\d{2}$", "year": r"^\d{4}$"}.get(p)
            if not pat or not re.match(pat, d): err(f, f"date {d} / precision {p} mismatch")
            if p == "month": month_dates += 1
            forms = [d]
            if p == "day":
                y, mo, da = d.split("-"); forms += [f"{y}年{mo}月{da}日", f"{y}年{int(mo)}月{int(da)}日"]
            elif p == "month":
                y, mo = d.split("-"); forms += [f"{y}年{int(mo)}月", f"date: {d}"]
            if not any(x in plain for x in forms): err(f, f"date {d} not printed on page")
        # places
        dist = lab["primary_district"]
        if dist is not None:
            if dist not in districts: err(f, f"unknown district {dist}")
            elif (dist not in plain and districts[dist]["short_name"] not in plain
                  and not any(subs.get(pl, {}).get("district") == dist for pl in lab["places"])):
                err(f, "district neither on page nor implied by a labelled place")
        for pl in lab["places"]:
            if pl not in subs: err(f, f"unknown place {pl}")
            elif subs[pl]["district"] != dist: err(f, f"place {pl} not in {dist}")
            if pl not in plain: err(f, f"place {pl} not in text")
        for pl in lab["not_places"]:
            if pl not in subs: err(f, f"unknown not_place {pl}")
            if pl not in plain: err(f, f"not_place {pl} not in text")
            if pl in lab["places"]: err(f, f"{pl} both place and not_place")
        # initiatives: the core must occur in the (simplified) text
        if not lab["initiatives"]: no_init += 1
        for ini in lab["initiatives"]:
            if ini not in plain: err(f, f"initiative {ini} not in text")
        if len(set(lab["initiatives"])) != len(lab["initiatives"]): err(f, "duplicate initiative")
        if lab["script"] != "simplified": err(f, "script")
        if lab["twin_of"] is not None: err(f, "unexpected twin_of")
        story_splits[lab["story"]].add(split)
        story_docs[lab["story"]] += 1
        fmt_count[lab["format"]] += 1
        if dist: district_stories[dist].add(lab["story"])
    extra = files_on_disk - seen
    if extra: err(split, f"unlabelled files {sorted(extra)}")

for s, sp in story_splits.items():
    if len(sp) > 1: err(s, "story spans splits")
dups = [s for s, c in story_docs.items() if c > 1]
for dname in districts:
    if len(district_stories[dname]) < 3: err(dname, "fewer than 3 stories")

print(f"documents: {n}; stories: {len(story_docs)}; stories with 2 copies: {len(dups)}")
print("formats:", dict(fmt_count))
print(f"documents without initiative: {no_init}; null dates: {null_dates}; month-only dates: {month_dates}")
print("stories per district:", {k: len(v) for k, v in district_stories.items()})
if errors:
    print(f"{len(errors)} ERRORS:")
    for e in errors: print("  ", e)
    sys.exit(1)
print("OK: all checks passed")
