# -*- coding: utf-8 -*-
"""Self-check for set mixed-d (standard library only). Run: python3 check_labels.py
Exit code 0 = all checks pass. Warnings (unlabelled place-name hits) are printed for review."""
import csv, html, json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
REF = '/work/shared/reference'
FORMATS = {'portal_html', 'gbk_html', 'big5_html', 'snapshot_html', 'wechat_md', 'frontmatter_md',
           'frontmatter_html', 'epaper_txt', 'portal_txt', 'mirror_txt', 'netease_txt', 'netease_html',
           'farm_txt', 'forum_txt', 'mobile_txt', 'newsletter_txt', 'plain_txt'}
districts = [r['name'] for r in csv.DictReader(open(os.path.join(REF, 'shanghai_districts.csv'), encoding='utf-8'))]
subs = {r['name']: r for r in csv.DictReader(open(os.path.join(REF, 'shanghai_subdistricts.csv'), encoding='utf-8'))}

errors, warns = [], []
def err(f, m): errors.append(f"{f}: {m}")

def date_forms(d):
    y = d[:4]; out = [y]
    if len(d) >= 7:
        m = d[5:7]; out = [f"{y}-{m}", f"{y}年{int(m)}月", f"{y}年{m}月"]
    if len(d) == 10:
        m, dd = d[5:7], d[8:10]
        out = [d, f"{y}年{int(m)}月{int(dd)}日", f"{y}年{m}月{dd}日"]
    return out

stories = {}
for sp in ('dev', 'test'):
    lp = os.path.join(HERE, sp, 'labels.jsonl')
    labs = [json.loads(l) for l in open(lp, encoding='utf-8') if l.strip()]
    files_on_disk = set('docs/' + x for x in os.listdir(os.path.join(HERE, sp, 'docs')))
    labelled = set()
    for L in labs:
        f = L['file']; labelled.add(f)
        path = os.path.join(HERE, sp, f)
        if not os.path.isfile(path):
            err(f, 'missing file'); continue
        raw = open(path, 'rb').read()
        try:
            text = raw.decode(L['encoding'].replace('utf-8', 'utf-8'))
        except Exception as e:
            err(f, f'decode {L["encoding"]}: {e}'); continue
        if L['format'] not in FORMATS: err(f, 'bad format')
        if L['script'] != 'simplified': err(f, 'unexpected script')
        flat = html.unescape(re.sub(r'<[^>]+>', ' ', text)) if L['format'].endswith('html') else text
        both = text + '\n' + flat
        # title
        if L['title'] is not None and L['title'] not in both: err(f, f'title not in text: {L["title"]}')
        # date
        d, pr = L['published_date'], L['date_precision']
        exp = {None: None, 4: 'year', 7: 'month', 10: 'day'}[None if d is None else len(d)]
        if pr != exp: err(f, f'precision {pr} vs date {d}')
        if d is not None:
            if not re.fullmatch(r'\d{4}(-\d\d(-\d\d)?)?', d): err(f, 'bad date format')
            if not any(x in both for x in date_forms(d)): err(f, f'date {d} not printed')
        # district / places
        if L['primary_district'] not in districts + [None]: err(f, 'bad district')
        for p in L['places']:
            if p not in subs: err(f, f'unknown place {p}'); continue
            if subs[p]['district'] != L['primary_district']: err(f, f'{p} not in {L["primary_district"]}')
            if p not in both and subs[p]['short_name'] not in both: err(f, f'place not in text {p}')
        for p in L['not_places']:
            if p not in subs: err(f, f'unknown not_place {p}'); continue
            if p in L['places']: err(f, f'{p} both place and not_place')
            if p not in both and subs[p]['short_name'] not in both: err(f, f'not_place not in text {p}')
        for i in L['initiatives']:
            if i not in both: err(f, f'initiative not in text: {i}')
        if len(set(L['initiatives'])) != len(L['initiatives']): err(f, 'duplicate initiative')
        if L.get('twin_of') is not None: err(f, 'unexpected twin_of')
        stories.setdefault(L['story'], set()).add(sp)
        # review aid: official names printed but not labelled either way
        known = set(L['places']) | set(L['not_places'])
        for name, r in subs.items():
            if name in known: continue
            if name in flat:
                # ignore a name that is only part of a longer labelled name (e.g. 新泾镇 in 北新泾...)
                if not any(name in k and name != k for k in known):
                    warns.append(f"{sp}/{f}: unlabelled official name {name}")
    if files_on_disk != labelled:
        err(sp, f'files/labels mismatch: {sorted(files_on_disk ^ labelled)}')
for s, sps in stories.items():
    if len(sps) > 1: err(s, 'story spread over both splits')

# shared standard paragraphs: each must occur in exactly two documents of two different stories
sys.path.insert(0, HERE)
try:
    import stories_data as SD
    alltexts = {}
    for sp in ('dev', 'test'):
        for l in open(os.path.join(HERE, sp, 'labels.jsonl'), encoding='utf-8'):
            L = json.loads(l)
            alltexts[(sp, L['file'])] = (L['story'], open(os.path.join(HERE, sp, L['file']), 'rb').read().decode('utf-8'))
    for name in ('STD_LIFT', 'STD_MH', 'STD_WASTE', 'STD_SHISHI'):
        para = getattr(SD, name)
        hits = [(k, v[0]) for k, v in alltexts.items() if para in v[1] or html.escape(para, quote=False) in v[1]]
        if len(hits) != 2 or hits[0][1] == hits[1][1]:
            err(name, f'shared paragraph hits: {hits}')
except ImportError:
    warns.append('stories_data.py not found; shared-paragraph check skipped')

for w in warns: print('WARN', w)
for e in errors: print('ERROR', e)
n = sum(1 for sp in ('dev', 'test') for _ in open(os.path.join(HERE, sp, 'labels.jsonl'), encoding='utf-8'))
print(f'{n} documents, {len(stories)} stories, {len(errors)} errors, {len(warns)} warnings')
sys.exit(1 if errors else 0)
