# -*- coding: utf-8 -*-
"""Self-check for the pages_eval set (standard library only).  Run: python3 check_labels.py"""
import collections
import html
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = {'snapshot', 'trailing_boilerplate', 'inline_stray', 'headline_vs_title', 'short_article', 'ordinary'}
ENCS = {'utf-8', 'gbk', 'gb18030'}
FIELDS = ['file', 'kind', 'encoding', 'title', 'published_date', 'date_precision', 'with', 'without']
errors = []


def err(where, msg):
    errors.append('%s: %s' % (where, msg))


def visible(doc):
    t = re.sub(r'(?is)<head>.*?</head>', ' ', doc)
    t = re.sub(r'(?is)<(script|style)[^>]*>.*?</\1>', ' ', t)
    return html.unescape(t)


def date_forms(d, prec):
    y, m = d[:4], d[5:7]
    if prec == 'month':
        return ['%s年%s月' % (y, m), '%s年%d月' % (y, int(m)), '%s-%s' % (y, m)]
    dd = d[8:10]
    return [d, '%s年%s月%s日' % (y, m, dd), '%s年%d月%d日' % (y, int(m), int(dd)), '%s/%s/%s' % (y, m, dd)]


def main():
    stats = collections.Counter()
    titles = {}
    for split in ('dev', 'test'):
        lp = os.path.join(HERE, split, 'labels.jsonl')
        seen = set()
        for ln, line in enumerate(open(lp, encoding='utf-8'), 1):
            where = '%s:%d' % (split, ln)
            try:
                lab = json.loads(line)
            except ValueError as e:
                err(where, 'bad json %s' % e)
                continue
            if list(lab.keys()) != FIELDS:
                err(where, 'fields %s' % list(lab.keys()))
            f = lab['file']
            where = '%s/%s' % (split, f)
            if f in seen:
                err(where, 'duplicate file')
            seen.add(f)
            if lab['kind'] not in KINDS:
                err(where, 'kind')
            if lab['encoding'] not in ENCS:
                err(where, 'encoding')
            p = os.path.join(HERE, split, f)
            if not os.path.isfile(p):
                err(where, 'missing file')
                continue
            raw = open(p, 'rb').read()
            try:
                doc = raw.decode(lab['encoding'])
            except UnicodeDecodeError as e:
                err(where, 'does not decode as %s: %s' % (lab['encoding'], e))
                continue
            # declared charset must agree with the label
            m = re.search(r'charset=["\']?([\w-]+)', doc[:3000], re.I)
            decl = m.group(1).lower() if m else None
            if lab['encoding'] == 'utf-8' and decl not in ('utf-8',):
                err(where, 'declared charset %s' % decl)
            if lab['encoding'] in ('gbk', 'gb18030') and decl not in ('gbk', 'gb2312', 'gb18030'):
                err(where, 'declared charset %s' % decl)
            if lab['encoding'] != 'utf-8':
                try:
                    raw.decode('utf-8')
                    err(where, 'GBK-labelled file is valid UTF-8')
                except UnicodeDecodeError:
                    pass
            text = html.unescape(doc)
            vis = visible(doc)
            # title
            t = lab['title']
            if t is not None and t not in vis:
                err(where, 'title not on the page: %s' % t)
            if t in titles:
                err(where, 'same title as %s' % titles[t])
            titles[t] = where
            # date
            d, pr = lab['published_date'], lab['date_precision']
            if d is None:
                if pr is not None:
                    err(where, 'precision without date')
                stats['null_date'] += 1
            else:
                ok = (pr == 'day' and re.fullmatch(r'\d{4}-\d\d-\d\d', d)) or (pr == 'month' and re.fullmatch(r'\d{4}-\d\d', d))
                if not ok:
                    err(where, 'date/precision %s %s' % (d, pr))
                elif not any(x in vis for x in date_forms(d, pr)):
                    err(where, 'date %s not shown on the page' % d)
                stats['date_' + pr] += 1
            # segments
            w, wo = lab['with'], lab['without']
            if not (3 <= len(w) <= 6):
                err(where, 'with count %d' % len(w))
            if not (3 <= len(wo) <= 6):
                err(where, 'without count %d' % len(wo))
            for s in w:
                if not (8 <= len(s) <= 30):
                    err(where, 'with length %r' % s)
                if s not in doc or s not in vis:
                    err(where, 'with segment not in visible page text %r' % s)
            for s in wo:
                if len(s) < 4:
                    err(where, 'without too short %r' % s)
                if s not in doc:
                    err(where, 'without segment not in page %r' % s)
                if any(s in x or x in s for x in w):
                    err(where, 'without overlaps with %r' % s)
                if t and s in t:
                    err(where, 'without inside title %r' % s)
            # kind-specific structure
            if lab['kind'] == 'snapshot':
                stripped = re.sub(r'^(\ufeff)?(\s|<!--.*?-->)*', '', doc, flags=re.S)
                if not stripped.startswith('<head>'):
                    err(where, 'snapshot does not start with <head>')
                if re.search(r'<!doctype|<html', doc, re.I):
                    err(where, 'snapshot has doctype/html tag')
                head = doc[:doc.index('</head>')]
                inl = sum(len(x.encode('utf-8')) for x in re.findall(r'(?is)<(?:script|style)[^>]*>.*?</(?:script|style)>', head))
                if not (20000 <= inl <= 60000):
                    err(where, 'snapshot inline script/style %d bytes' % inl)
                if '<noscript>' not in doc:
                    err(where, 'snapshot without noscript')
            else:
                if not re.match(r'<!DOCTYPE', doc, re.I):
                    err(where, 'non-snapshot page lacks doctype')
            stats[(split, lab['kind'])] += 1
            stats['enc_' + lab['encoding']] += 1
            stats[split] += 1
    for e in errors:
        print('ERROR', e)
    print('pages: dev %d, test %d' % (stats['dev'], stats['test']))
    for k in sorted(KINDS):
        print('  %-22s dev %d  test %d' % (k, stats[('dev', k)], stats[('test', k)]))
    print('encodings:', {k[4:]: v for k, v in stats.items() if isinstance(k, str) and k.startswith('enc_')})
    print('dates: day %d, month %d, null %d' % (stats['date_day'], stats['date_month'], stats['null_date']))
    print('OK' if not errors else 'FAILED (%d errors)' % len(errors))
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
