#!/usr/bin/env python3
"""Checks the Word fixtures against their texts with a reader of its own (zipfile +
ElementTree; no python-docx, nothing shared with make-docx-fixtures.py).

- Fixtures/docx/<name>.docx against Fixtures/reports/<name>.txt: the same paragraphs in the same
  order, the same tables with the same non-empty cells row by row (a text row broken in two by a
  blank line may be one Word row), the same numbers (a deleted run's text is not shown).
- Fixtures/variants/<name>.docx against <name>.txt: every Word paragraph is a line of the text, in
  order; every non-empty cell is in the text; the same numbers; every expected figure is among
  them; the other encodings decode to the same text.
Prints what Word features each file uses. Exit status 1 on any mismatch.
"""
import json, os, re, sys, unicodedata, zipfile
import xml.etree.ElementTree as ET
from collections import Counter
from decimal import Decimal

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, 'Tests', 'ReportVaultTests', 'Fixtures')
W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'


def q(tag):
    return f'{{{W}}}{tag}'


# ---------------------------------------------------------------- reading Word

def read_docx(path):
    with zipfile.ZipFile(path) as z:
        doc = ET.fromstring(z.read('word/document.xml'))
        footers = [ET.fromstring(z.read(n)) for n in z.namelist() if re.fullmatch(r'word/footer\d*\.xml', n)]
    body = doc.find(q('body'))
    return list(blocks_of(body)), doc, footers


def blocks_of(container):
    for el in container:
        if el.tag == q('p'):
            yield ('p', paragraph_text(el))
        elif el.tag == q('tbl'):
            yield ('t', table_rows(el))
        elif el.tag == q('sdt'):
            content = el.find(q('sdtContent'))
            if content is not None:
                yield from blocks_of(content)
        elif el.tag in (q('customXml'),):
            yield from blocks_of(el)


def paragraph_text(p):
    out, fields = [], []

    def walk(el):
        tag = el.tag
        if tag in (q('pPr'), q('rPr'), q('del'), q('moveFrom'), q('delText'), q('instrText'), q('smartTagPr')):
            return
        if tag == q('fldChar'):
            kind = el.get(q('fldCharType'))
            if kind == 'begin':
                fields.append('instruction')
            elif kind == 'separate' and fields:
                fields[-1] = 'result'
            elif kind == 'end' and fields:
                fields.pop()
            return
        showing = not fields or fields[-1] == 'result'
        if showing:
            if tag == q('t'):
                out.append(el.text or '')
            elif tag == q('tab'):
                out.append('\t')
            elif tag in (q('br'), q('cr')):
                out.append('\n')
        for child in el:
            walk(child)

    for child in p:
        walk(child)
    return ''.join(out)


def cell_text(tc):
    parts = []
    for kind, x in blocks_of(tc):
        if kind == 'p':
            parts.append(x)
        else:  # a nested table: its cells in order
            parts.extend(c['text'] for r in x for c in r)
    return '\n'.join(parts)


def table_rows(tbl):
    rows = []
    for tr in tbl.findall(q('tr')):
        row = []
        for tc in tr.findall(q('tc')):
            pr = tc.find(q('tcPr'))
            span, vmerge = 1, None
            if pr is not None:
                gs = pr.find(q('gridSpan'))
                if gs is not None:
                    span = int(gs.get(q('val')))
                vm = pr.find(q('vMerge'))
                if vm is not None:
                    vmerge = vm.get(q('val')) or 'continue'
            row.append({'text': cell_text(tc), 'span': span, 'vmerge': vmerge})
        rows.append(row)
    return rows


def features(doc, footers):
    count = lambda root, tag: sum(1 for _ in root.iter(q(tag)))
    f = {
        'vMerge restart': sum(1 for x in doc.iter(q('vMerge')) if x.get(q('val')) == 'restart'),
        'vMerge continue': sum(1 for x in doc.iter(q('vMerge')) if x.get(q('val')) != 'restart'),
        'gridSpan': count(doc, 'gridSpan'),
        'runs': count(doc, 'r'),
        'ins': count(doc, 'ins'), 'del': count(doc, 'del'),
        'sdt': count(doc, 'sdt'), 'fldChar': count(doc, 'fldChar'), 'fldSimple': count(doc, 'fldSimple'),
        'tab': sum(1 for r in doc.iter(q('r')) for _ in r.iter(q('tab'))),
        'br': count(doc, 'br'), 'smartTag': count(doc, 'smartTag'), 'bookmark': count(doc, 'bookmarkStart'),
        'PAGE in footer': sum(1 for ft in footers for x in ft.iter(q('instrText')) if x.text.strip() == 'PAGE'),
        'PAGE in body': sum(1 for x in doc.iter(q('instrText')) if x.text.strip() == 'PAGE'),
    }
    return {k: v for k, v in f.items() if v}


def deleted_texts(doc):
    return [''.join(t.text or '' for t in d.iter(q('delText'))) for d in doc.iter(q('del'))]


# ---------------------------------------------------------------- reading the texts (independently)

def source_blocks(text, tab_rows):
    """Paragraphs and tables of a report text: TAB-led blocks (a blank line ends a row, a line
    without TAB right after a cell continues it) or, for tab_rows, one row per line."""
    out, table, row = [], None, None
    for line in text.split('\n'):
        if tab_rows:
            if '\t' in line:
                if table is None:
                    table = []
                    out.append(('t', table))
                table.append(line.split('\t'))
                continue
            table = None
            if line.strip():
                out.append(('p', line))
            continue
        if line.startswith('\t'):
            if table is None:
                table = []
                out.append(('t', table))
            if row is None:
                row = []
                table.append(row)
            row.append(line[1:])
        elif not line.strip():
            row = None
        elif row is not None:
            row[-1] += '\n' + line
        else:
            table = None
            out.append(('p', line))
    return out


def norm(s):
    s = re.sub(r'\[bookmark: [^\]]*\]', '', s).replace('**', '')
    return ' '.join(s.split())


def numbers(s):
    s = unicodedata.normalize('NFKC', s)
    s = re.sub(r'(?<=\d)[, ](?=\d{3}(?!\d))', '', s)
    return Counter(Decimal(x) for x in re.findall(r'\d+(?:\.\d+)?', s))


def all_text(blocks):
    parts = []
    for kind, x in blocks:
        if kind == 'p':
            parts.append(x)
        else:
            parts.extend(c['text'] if isinstance(c, dict) else c for r in x for c in r)
    return '\n'.join(parts)


# ---------------------------------------------------------------- comparisons

problems = []


def problem(msg):
    problems.append(msg)
    print('  MISMATCH ' + msg)


def compare_numbers(name, a, b, what_a, what_b):
    na, nb = numbers(a), numbers(b)
    if na != nb:
        problem(f'{name}: numbers differ: only in {what_a} {dict(na - nb)}, only in {what_b} {dict(nb - na)}')


def check_real(name):
    with open(os.path.join(FIXTURES, 'reports', name + '.txt'), encoding='utf-8') as f:
        text = f.read()
    src = source_blocks(text, tab_rows=(name == 'jimin-2024'))
    blocks, doc, footers = read_docx(os.path.join(FIXTURES, 'docx', name + '.docx'))
    words = [b for b in blocks if not (b[0] == 'p' and not b[1].strip())]
    sp = [norm(x) for k, x in src if k == 'p' and norm(x)]
    wp = [norm(x) for k, x in words if k == 'p']
    if sp != wp:
        for k, (a, b) in enumerate(zip(sp, wp)):
            if a != b:
                problem(f'{name}: paragraph {k + 1}: text {a[:40]!r} vs Word {b[:40]!r}')
                break
        else:
            problem(f'{name}: {len(sp)} paragraphs in the text, {len(wp)} in Word')
    st = [x for k, x in src if k == 't']
    wt = [x for k, x in words if k == 't']
    if len(st) != len(wt):
        problem(f'{name}: {len(st)} tables in the text, {len(wt)} in Word')
    joined = 0
    for n, (s_rows, w_rows) in enumerate(zip(st, wt)):
        i = j = 0
        while i < len(s_rows) and j < len(w_rows):
            want = [c for c in (norm(c['text']) for c in w_rows[j]) if c]
            got = [c for c in (norm(c) for c in s_rows[i]) if c]
            if got == want:
                i, j = i + 1, j + 1
            elif i + 1 < len(s_rows) and got + [c for c in (norm(c) for c in s_rows[i + 1]) if c] == want:
                joined += 1
                i, j = i + 2, j + 1
            else:
                problem(f'{name}: table {n + 1} text row {i + 1} {got[:4]} vs Word row {j + 1} {want[:4]}')
                break
        else:
            if i != len(s_rows) or j != len(w_rows):
                problem(f'{name}: table {n + 1}: rows left over (text {len(s_rows) - i}, Word {len(w_rows) - j})')
        for r in w_rows:
            for c in r:
                if c['vmerge'] == 'continue' and c['text'].strip():
                    problem(f'{name}: a merged-away cell holds text {c["text"]!r}')
        widths = {sum(c['span'] for c in r) for r in w_rows}
        if len(widths) != 1:
            problem(f'{name}: table {n + 1} rows span different grid widths {widths}')
    compare_numbers(name, all_text(src), all_text(words), 'text', 'Word')
    for d in deleted_texts(doc):
        if len(d) > 2 and d in text:
            problem(f'{name}: the deleted {d!r} is in the text')
    f = features(doc, footers)
    print(f'docx/{name}.docx: {len(wp)} paragraphs, {len(wt)} tables ({sum(len(t) for t in wt)} rows), '
          f'{joined} text rows joined; deleted {deleted_texts(doc)}; {f}')


def check_variant(name):
    base = os.path.join(FIXTURES, 'variants', name)
    with open(base + '.txt', encoding='utf-8') as f:
        text = f.read()
    with open(base + '.expected.json', encoding='utf-8') as f:
        expected = json.load(f)
    blocks, doc, footers = read_docx(base + '.docx')
    lines = [norm(x) for x in text.split('\n')]
    k = 0
    for kind, x in blocks:
        if kind == 'p' and norm(x):
            while k < len(lines) and lines[k] != norm(x):
                k += 1
            if k == len(lines):
                problem(f'{name}: Word paragraph {norm(x)[:40]!r} is not a line of the text (in order)')
                break
            k += 1
    flat = norm(text.replace('\n', ' '))
    tables = [x for kind, x in blocks if kind == 't']
    for t in tables:
        for r in t:
            for c in r:
                if norm(c['text']) and norm(c['text']) not in flat:
                    problem(f'{name}: Word cell {c["text"]!r} is not in the text')
                if c['vmerge'] == 'continue' and c['text'].strip():
                    problem(f'{name}: a merged-away cell holds text')
        if len({sum(c['span'] for c in r) for r in t}) != 1:
            problem(f'{name}: a table\'s rows span different grid widths')
    compare_numbers(name, text, all_text(blocks), 'text', 'Word')
    have = numbers(text)
    for pointer, value in expected['figures'].items():
        if abs(Decimal(str(value))) not in have:
            problem(f'{name}: expected {pointer} = {value} is not a number of the text')
    if expected['figures'].get('/fiscalYear') != expected['fiscalYear']:
        problem(f'{name}: fiscalYear')
    for suffix, codec, bom in (('-gb18030', 'gb18030', b''), ('-utf16', 'utf-16-le', b'\xff\xfe'), ('-bom', 'utf-8', b'\xef\xbb\xbf')):
        if os.path.exists(base + suffix + '.txt'):
            raw = open(base + suffix + '.txt', 'rb').read()
            if not raw.startswith(bom) or raw[len(bom):].decode(codec) != text:
                problem(f'{name}{suffix}.txt does not decode to {name}.txt')
            elif bom and raw[len(bom):len(bom) + 3] == b'\xef\xbb\xbf':
                problem(f'{name}{suffix}.txt has two BOMs')
    f = features(doc, footers)
    print(f'variants/{name}.docx: {len(expected["figures"])} expected figures, {len(tables)} tables; {f}')


def main():
    for name in ['changpu-2024', 'xitang-2024', 'pingkou-2023', 'jimin-2024']:
        check_real(name)
    vdir = os.path.join(FIXTURES, 'variants')
    for fn in sorted(os.listdir(vdir)):
        if fn.endswith('.docx'):
            check_variant(fn[:-5])
    if problems:
        print(f'{len(problems)} mismatches')
        sys.exit(1)
    print('all fixtures agree with their texts')


if __name__ == '__main__':
    main()
