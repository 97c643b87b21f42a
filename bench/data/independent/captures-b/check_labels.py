# -*- coding: utf-8 -*-
"""Self-check for captures-b (standard library only):  python3 check_labels.py
Checks: every labelled file exists and every doc file is labelled; labels parse and have valid
field values; bytes decode as the declared encoding (and utf-8 files are not accidentally
decodable only as something else); title / places / not_places / initiatives occur in the
decoded text; dates are well-formed; copies of one story share a split; split sizes."""
import csv, json, os, re, sys, collections

HERE = os.path.dirname(os.path.abspath(__file__))
REF = "/work/shared/reference"
SUBS = {r["name"]: r for r in csv.DictReader(open(os.path.join(REF, "shanghai_subdistricts.csv"), encoding="utf-8"))}
DISTS = {r["name"]: r for r in csv.DictReader(open(os.path.join(REF, "shanghai_districts.csv"), encoding="utf-8"))}
FORMATS = {"epaper_txt", "portal_txt", "mirror_txt", "netease_txt", "wechat_md", "farm_txt", "forum_txt",
           "mobile_txt", "newsletter_txt", "plain_txt"}
ENCS = {"utf-8", "gbk", "gb18030", "big5", "big5hkscs"}
FIELDS = ["file", "format", "encoding", "script", "title", "published_date", "date_precision",
          "primary_district", "places", "not_places", "initiatives", "story"]

errors = []

def err(msg):
    errors.append(msg)

def forms_sub(name):
    r = SUBS[name]
    return {name, r["short_name"]}

def forms_dist(name):
    r = DISTS[name]
    return {name} | set(r["aliases"].split(";"))

story_split = collections.defaultdict(set)
counts = collections.Counter()
fmt_counts = collections.Counter()
for sp in ("dev", "test"):
    lab_path = os.path.join(HERE, sp, "labels.jsonl")
    if not os.path.exists(lab_path):
        err(f"{sp}: labels.jsonl missing")
        continue
    seen = set()
    for n, line in enumerate(open(lab_path, encoding="utf-8"), 1):
        try:
            lab = json.loads(line)
        except Exception as e:
            err(f"{sp}:{n} does not parse: {e}")
            continue
        for f in FIELDS:
            if f not in lab:
                err(f"{sp}:{n} missing field {f}")
        fn = lab["file"]
        seen.add(fn)
        counts[sp] += 1
        fmt_counts[lab["format"]] += 1
        where = f"{sp}/{fn}"
        path = os.path.join(HERE, sp, fn)
        if not os.path.exists(path):
            err(f"{where}: file missing")
            continue
        if lab["format"] not in FORMATS:
            err(f"{where}: bad format {lab['format']}")
        if lab["encoding"] not in ENCS:
            err(f"{where}: bad encoding {lab['encoding']}")
        if lab["script"] != "simplified":
            err(f"{where}: unexpected script")
        raw = open(path, "rb").read()
        try:
            text = raw.decode(lab["encoding"])
        except UnicodeDecodeError as e:
            err(f"{where}: does not decode as {lab['encoding']}: {e}")
            continue
        if lab["encoding"] != "utf-8":
            try:
                raw.decode("utf-8")
                err(f"{where}: declared {lab['encoding']} but bytes are valid utf-8 (expected legacy bytes)")
            except UnicodeDecodeError:
                pass
        if "\ufffd" in text:
            err(f"{where}: replacement character in text")
        # title
        t = lab["title"]
        if t is not None and t not in text:
            err(f"{where}: title not in text: {t}")
        if t is None and "no headline" not in lab.get("notes", ""):
            err(f"{where}: null title without a note")
        # date
        pd, pr = lab["published_date"], lab["date_precision"]
        pat = {"day": r"^\d{4}-\d{2}-\d{2}$", "month": r"^\d{4}-\d{2}$", "year": r"^\d{4}$"}
        if pd is None:
            if pr is not None:
                err(f"{where}: precision without date")
        elif pr not in pat or not re.match(pat[pr], pd):
            err(f"{where}: bad date/precision {pd} {pr}")
        else:
            y = pd[:4]
            if y not in text and not any(c in text for c in "〇"):
                err(f"{where}: year {y} of published_date not visible")
        # district
        dist = lab["primary_district"]
        if dist is not None and dist not in DISTS:
            err(f"{where}: unknown district {dist}")
        # places
        for p in lab["places"]:
            if p not in SUBS:
                err(f"{where}: place not an official 街道/镇 name: {p}")
                continue
            if p not in text:
                err(f"{where}: place not printed in full: {p}")
            if dist and SUBS[p]["district"] != dist:
                err(f"{where}: place {p} not in primary district {dist}")
        for p in lab["not_places"]:
            if p in lab["places"] or p == dist:
                err(f"{where}: {p} is both place and not_place")
            if p in SUBS:
                if not any(f in text for f in forms_sub(p)):
                    err(f"{where}: not_place not printed: {p}")
            elif p in DISTS:
                if not any(f in text for f in forms_dist(p)):
                    err(f"{where}: not_place district not printed: {p}")
            else:
                err(f"{where}: not_place not an official name: {p}")
        # initiatives
        for i in lab["initiatives"]:
            if i not in text:
                err(f"{where}: initiative not in text: {i}")
        story_split[lab["story"]].add(sp)
    docs = {"docs/" + f for f in os.listdir(os.path.join(HERE, sp, "docs"))}
    for extra in sorted(docs - seen):
        err(f"{sp}/{extra}: file without a label")

for s, sps in story_split.items():
    if len(sps) > 1:
        err(f"story {s} is in both splits")

print("docs per split:", dict(counts), " stories:", len(story_split))
print("formats:", dict(fmt_counts))
if errors:
    print(f"{len(errors)} problem(s):")
    for e in errors:
        print("  -", e)
    sys.exit(1)
print("OK: all checks passed")
