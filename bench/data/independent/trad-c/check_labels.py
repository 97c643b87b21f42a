# -*- coding: utf-8 -*-
"""Self-check for set trad-c (standard library only): python3 check_labels.py"""
import csv, json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
REF = "/work/shared/reference/shanghai_subdistricts.csv"
DISTRICTS = {"黄浦区": "黄浦", "徐汇区": "徐汇", "长宁区": "长宁", "静安区": "静安", "普陀区": "普陀", "虹口区": "虹口",
             "杨浦区": "杨浦", "闵行区": "闵行", "宝山区": "宝山", "嘉定区": "嘉定", "浦东新区": "浦东", "金山区": "金山",
             "松江区": "松江", "青浦区": "青浦", "奉贤区": "奉贤", "崇明区": "崇明"}
FORMATS = {"portal_html", "gbk_html", "big5_html", "snapshot_html", "wechat_md", "frontmatter_md", "frontmatter_html",
           "epaper_txt", "portal_txt", "mirror_txt", "netease_txt", "netease_html", "farm_txt", "forum_txt",
           "mobile_txt", "newsletter_txt", "plain_txt"}
ENCODINGS = {"utf-8", "gbk", "gb18030", "big5", "big5hkscs"}
# traditional -> simplified, only the characters that occur in this set's labels (plus a few variants)
TRAD = "廣網統錯峯峰車區橋鎮賢愛驛涼長風樂銀髮鐘華涇鄰時間匯吳濱黨羣群務帶紅閔顧羅寶國際節寧書讀會靜議聯動黃陳態積類麗鄉廳楓衞衛農畫進裏裡鳥裝電舊楊園規劃師臨話邊陸樓領東顓莊齡數夥辦興範廂灘張廟場鍵託"
SIMP = "广网统错峰峰车区桥镇贤爱驿凉长风乐银发钟华泾邻时间汇吴滨党群群务带红闵顾罗宝国际节宁书读会静议联动黄陈态积类丽乡厅枫卫卫农画进里里鸟装电旧杨园规划师临话边陆楼领东颛庄龄数伙办兴范厢滩张庙场键托"
assert len(TRAD) == len(SIMP)
T2S = str.maketrans(TRAD, SIMP)
TRAD_ONLY = set("區鎮長門會說説這為們與發點國東學書來時華歲網開關電實")

def load_subdistricts():
    if not os.path.exists(REF):
        return None
    with open(REF, encoding="utf-8") as f:
        return {r["name"]: r["district"] for r in csv.DictReader(f)}

def declared_charset(text):
    m = re.search(r'charset\s*=\s*"?([A-Za-z0-9_-]+)', text[:2000])
    return m.group(1).lower() if m else None

FAMILY = {"utf-8": {"utf-8", "utf8"}, "gbk": {"gbk", "gb2312"}, "gb18030": {"gb18030"},
          "big5": {"big5"}, "big5hkscs": {"big5-hkscs", "big5hkscs"}}

def date_forms(d):
    y, m, dd = d.split("-")
    mi, di = int(m), int(dd)
    return {f"{y}-{m}-{dd}", f"{y}/{m}/{dd}", f"{y}年{mi}月{di}日", f"{y}-{mi}-{di}"}

def main():
    subs = load_subdistricts()
    errors = []
    def err(msg):
        errors.append(msg)
    total = 0
    for sp in ("dev", "test"):
        base = os.path.join(HERE, sp)
        rows = [json.loads(l) for l in open(os.path.join(base, "labels.jsonl"), encoding="utf-8") if l.strip()]
        files = {r["file"] for r in rows}
        if len(files) != len(rows):
            err(f"{sp}: duplicate file entries")
        on_disk = {"docs/" + f for f in os.listdir(os.path.join(base, "docs"))}
        if on_disk != files:
            err(f"{sp}: unlabelled or missing files: {sorted(on_disk ^ files)}")
        by_file = {r["file"]: r for r in rows}
        stories = {}
        for r in rows:
            total += 1
            fid = f"{sp}/{r['file']}"
            for k in ("file", "format", "encoding", "script", "title", "published_date", "date_precision",
                      "primary_district", "places", "not_places", "initiatives", "story"):
                if k not in r:
                    err(f"{fid}: missing field {k}")
            if r["format"] not in FORMATS: err(f"{fid}: bad format {r['format']}")
            if r["encoding"] not in ENCODINGS: err(f"{fid}: bad encoding {r['encoding']}")
            path = os.path.join(base, r["file"])
            if not os.path.exists(path):
                err(f"{fid}: file missing"); continue
            raw = open(path, "rb").read()
            try:
                text = raw.decode(r["encoding"])
            except UnicodeDecodeError as e:
                err(f"{fid}: does not decode as {r['encoding']}: {e}"); continue
            if r["encoding"] != "utf-8":
                try:
                    raw.decode("utf-8"); err(f"{fid}: labelled {r['encoding']} but is valid UTF-8")
                except UnicodeDecodeError:
                    pass
            if r["encoding"] == "big5hkscs":
                try:
                    raw.decode("big5"); err(f"{fid}: labelled big5hkscs but plain big5 decodes")
                except UnicodeDecodeError:
                    pass
            if r["format"].endswith("html"):
                cs = declared_charset(text)
                if cs and cs not in FAMILY[r["encoding"]]:
                    err(f"{fid}: declared charset {cs} vs label {r['encoding']}")
            # script
            n_trad = sum(1 for ch in text if ch in TRAD_ONLY)
            if r["script"] == "simplified" and n_trad > 0: err(f"{fid}: traditional chars in simplified doc")
            if r["script"] == "traditional" and n_trad < 10: err(f"{fid}: too few traditional chars")
            norm = text.translate(T2S)
            # title
            if r["title"] is not None and r["title"] not in text:
                err(f"{fid}: title not found: {r['title']}")
            # date
            d = r["published_date"]
            if d is not None:
                if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", d) or r["date_precision"] != "day":
                    err(f"{fid}: bad date/precision {d} {r['date_precision']}")
                elif not any(f in text for f in date_forms(d)):
                    err(f"{fid}: date {d} not printed on the page")
            # district
            dist = r["primary_district"]
            if dist not in DISTRICTS: err(f"{fid}: unknown district {dist}")
            elif DISTRICTS[dist] not in norm: err(f"{fid}: district {dist} not mentioned")
            # places
            for p in r["places"] + r["not_places"]:
                if subs is not None and p not in subs: err(f"{fid}: {p} not an official 街道/镇")
                if p not in norm: err(f"{fid}: place {p} not in text")
            for p in r["places"]:
                if subs is not None and subs.get(p) != dist: err(f"{fid}: place {p} not in {dist}")
            if set(r["places"]) & set(r["not_places"]): err(f"{fid}: place both in places and not_places")
            for ini in r["initiatives"]:
                if ini not in norm: err(f"{fid}: initiative {ini} not in text")
                if ini != ini.translate(T2S): err(f"{fid}: initiative {ini} not simplified")
            stories.setdefault(r["story"], []).append(r)
            # twins
            if r["script"] == "traditional":
                tw = by_file.get(r.get("twin_of"))
                if tw is None: err(f"{fid}: twin_of missing/not in split")
                else:
                    if tw["story"] != r["story"]: err(f"{fid}: twin story differs")
                    if tw["script"] != "simplified": err(f"{fid}: twin not simplified")
                    if tw["primary_district"] != dist: err(f"{fid}: twin district differs")
            elif r.get("twin_of"):
                err(f"{fid}: simplified doc with twin_of")
        for s, docs in stories.items():
            if sorted(d["script"] for d in docs) != ["simplified", "traditional"]:
                err(f"{sp}: story {s} is not one original + one traditional version")
    # a story must not straddle splits
    seen = {}
    for sp in ("dev", "test"):
        for l in open(os.path.join(HERE, sp, "labels.jsonl"), encoding="utf-8"):
            s = json.loads(l)["story"]
            if seen.setdefault(s, sp) != sp: err(f"story {s} in both splits")
    for e in errors:
        print("FAIL", e)
    print(f"{total} documents checked, {len(errors)} problems")
    return 1 if errors else 0

if __name__ == "__main__":
    sys.exit(main())
