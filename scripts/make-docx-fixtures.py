#!/usr/bin/env python3
"""Makes the Word (.docx) test fixtures, deterministically (seeded; fixed zip dates).

1. Tests/ReportVaultTests/Fixtures/docx/<name>.docx from the four real report texts in
   Tests/ReportVaultTests/Fixtures/reports/<name>.txt: every paragraph a w:p, every table a
   w:tbl with real merges (vertical merges down the level-1/level-2 indicator columns and the
   first column, gridSpan where a caption or value spans columns), text split into runs at
   arbitrary places (inside numbers too), and Word's usual furniture: tracked changes (a
   deleted wrong figure, an inserted part of a sentence), content controls, a DATE field in the
   body and a PAGE field in the footer, tabs, a bookmark, a measurement smart tag, bold runs.
2. Tests/ReportVaultTests/Fixtures/variants/<name>.{txt,docx,expected.json} (and the text in
   other encodings where a variant asks for it) from the descriptions in fixture_variants.py.

Needs python-docx (pip install python-docx). Usage:
    python3 scripts/make-docx-fixtures.py          # writes everything, checks the variants
Then check the result with the independent reader:
    python3 scripts/check-docx-fixtures.py
"""
import io, json, os, random, re, sys, zipfile, zlib
from datetime import datetime
from decimal import Decimal
from xml.sax.saxutils import escape

from docx import Document
from docx.oxml import parse_xml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fixture_variants import (  # noqa: E402
    P, C, T, Text, Bold, Ins, Del, Field, FieldSimple, Bookmark, SmartTag, strip_markers, all_variants)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, 'Tests', 'ReportVaultTests', 'Fixtures')
REAL = ['changpu-2024', 'xitang-2024', 'pingkou-2023', 'jimin-2024']
W_NS = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'
ZIP_DATE = (2025, 1, 1, 0, 0, 0)
AUTHOR_DATE = '2025-03-18T10:21:00Z'


def seed_of(name):
    return zlib.crc32(name.encode('utf-8'))


def attr(s):
    return escape(s, {'"': '&quot;'})


# ---------------------------------------------------------------- Word XML

RUN_PROPS = [
    '',
    '<w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr>',
    '<w:rPr><w:rFonts w:ascii="仿宋_GB2312" w:eastAsia="仿宋_GB2312" w:hAnsi="仿宋_GB2312"/><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr>',
    '<w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr>',
    '<w:rPr><w:color w:val="000000"/><w:kern w:val="0"/></w:rPr>',
]
PARA_PROPS = [
    '',
    '<w:pPr><w:spacing w:line="560" w:lineRule="exact"/><w:ind w:firstLine="640" w:firstLineChars="200"/></w:pPr>',
    '<w:pPr><w:ind w:firstLine="420"/><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr></w:pPr>',
]
NUMBER = re.compile(r'[0-9０-９][0-9０-９.,．，% ]*[0-9０-９]')


class Writer:
    """Writes WordprocessingML for the model of fixture_variants (P, T, C and segments)."""

    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.next_id = 0

    def new_id(self):
        self.next_id += 1
        return self.next_id

    # runs ------------------------------------------------------------

    def cut_points(self, s):
        if len(s) < 2:
            return []
        cuts = set()
        for _ in range(self.rng.randint(0, max(1, len(s) // 7))):
            cuts.add(self.rng.randint(1, len(s) - 1))
        for x in NUMBER.finditer(s):  # inside numbers: "1,2" + "34.56万元"
            if self.rng.random() < 0.75:
                cuts.add(self.rng.randint(x.start() + 1, x.end() - 1))
        if not cuts:  # every paragraph and cell of two characters or more is split
            cuts.add(self.rng.randint(1, len(s) - 1))
        return sorted(cuts)

    def run(self, text, rpr, deleted=False):
        tag = 'w:delText' if deleted else 'w:t'
        inner = []
        for part in re.split(r'(\t|\n)', text):
            if part == '\t':
                inner.append('<w:tab/>')
            elif part == '\n':
                inner.append('<w:br/>')
            elif part:
                inner.append(f'<{tag} xml:space="preserve">{escape(part)}</{tag}>')
        return f'<w:r>{rpr}{"".join(inner)}</w:r>'

    def runs(self, text, bold=False, deleted=False):
        if not text:
            return ''
        cuts = self.cut_points(text)
        bounds = [0] + cuts + [len(text)]
        out = []
        for a, b in zip(bounds, bounds[1:]):
            rpr = self.rng.choice(RUN_PROPS)
            if bold:
                rpr = '<w:rPr><w:rFonts w:hint="eastAsia"/><w:b/><w:bCs/></w:rPr>'
            r = self.run(text[a:b], rpr, deleted)
            if not deleted and self.rng.random() < 0.04:
                r = '<w:proofErr w:type="spellStart"/>' + r + '<w:proofErr w:type="spellEnd"/>'
            out.append(r)
        return ''.join(out)

    def segment(self, seg):
        if isinstance(seg, Text):
            return self.runs(strip_markers(seg.s))
        if isinstance(seg, Bold):
            return self.runs(strip_markers(seg.s), bold=True)
        if isinstance(seg, Ins):
            return (f'<w:ins w:id="{self.new_id()}" w:author="王会计" w:date="{AUTHOR_DATE}">'
                    + self.runs(strip_markers(seg.s)) + '</w:ins>')
        if isinstance(seg, Del):
            return (f'<w:del w:id="{self.new_id()}" w:author="王会计" w:date="{AUTHOR_DATE}">'
                    + self.runs(seg.s, deleted=True) + '</w:del>')
        if isinstance(seg, Field):
            rpr = RUN_PROPS[1]
            return (f'<w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r>'
                    f'<w:r>{rpr}<w:instrText xml:space="preserve">{escape(seg.instr)}</w:instrText></w:r>'
                    f'<w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>'
                    + self.runs(seg.result) +
                    f'<w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r>')
        if isinstance(seg, FieldSimple):
            return f'<w:fldSimple w:instr="{attr(seg.instr)}">' + self.run(seg.result, '') + '</w:fldSimple>'
        if isinstance(seg, Bookmark):
            n = self.new_id()
            return f'<w:bookmarkStart w:id="{n}" w:name="{attr(seg.name)}"/><w:bookmarkEnd w:id="{n}"/>'
        if isinstance(seg, SmartTag):
            props = ''.join(f'<w:attr w:name="{k}" w:val="{attr(v)}"/>' for k, v in [
                ('UnitName', seg.unit), ('SourceValue', seg.value), ('HasSpace', 'False'),
                ('Negative', 'False'), ('NumberType', '1'), ('TCSC', '0')])
            return ('<w:smartTag w:uri="urn:schemas-microsoft-com:office:smarttags" w:element="chmetcnv">'
                    f'<w:smartTagPr>{props}</w:smartTagPr>' + self.runs(seg.s) + '</w:smartTag>')
        raise TypeError(seg)

    # blocks ----------------------------------------------------------

    def paragraph(self, segs, center=False, ppr=None):
        if ppr is None:
            ppr = '<w:pPr><w:jc w:val="center"/></w:pPr>' if center else self.rng.choice(PARA_PROPS)
        return f'<w:p>{ppr}{"".join(self.segment(s) for s in segs)}</w:p>'

    def sdt(self, alias, content):
        n = self.new_id()
        return (f'<w:sdt><w:sdtPr><w:alias w:val="{attr(alias)}"/><w:tag w:val="{attr(alias)}"/>'
                f'<w:id w:val="{100000 + n}"/></w:sdtPr><w:sdtContent>{content}</w:sdtContent></w:sdt>')

    def block_paragraph(self, p):
        xml = self.paragraph(p.segs, p.center)
        return self.sdt(p.sdt, xml) if p.sdt else xml

    def cell_content(self, c):
        if not isinstance(c.text, str):
            paras = [self.paragraph(c.text, ppr='')]
        else:
            text = strip_markers(c.text)
            lines = text.split('\n')
            if len(lines) > 1 and self.rng.random() < 0.5:
                paras = [self.paragraph([Text(line)], ppr='') for line in lines]  # one w:p per line
            else:
                paras = [self.paragraph([Text(text)], ppr='')]  # w:br between the lines
        xml = ''.join(paras)
        return self.sdt(c.sdt, xml) if c.sdt else xml

    def table_part(self, rows, grid, header_rows):
        width = 9070
        cols = [width // grid] * grid
        out = ['<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:jc w:val="center"/><w:tblBorders>'
               + ''.join(f'<w:{b} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                         for b in ('top', 'left', 'bottom', 'right', 'insideH', 'insideV'))
               + '</w:tblBorders><w:tblLayout w:type="fixed"/>'
               '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>'
               '</w:tblPr><w:tblGrid>' + ''.join(f'<w:gridCol w:w="{w}"/>' for w in cols) + '</w:tblGrid>']
        for k, row in enumerate(rows):
            trpr = '<w:trPr><w:trHeight w:val="397"/>' + ('<w:tblHeader/>' if k < header_rows else '') + '</w:trPr>'
            cells = []
            g = 0
            for c in row:
                w = sum(cols[g:g + c.span])
                tcpr = f'<w:tcW w:w="{w}" w:type="dxa"/>'
                if c.span > 1:
                    tcpr += f'<w:gridSpan w:val="{c.span}"/>'
                if c.vm == 'restart':
                    tcpr += '<w:vMerge w:val="restart"/>'
                elif c.vm == 'cont':
                    tcpr += '<w:vMerge/>'
                tcpr += '<w:vAlign w:val="center"/>'
                content = '<w:p/>' if c.vm == 'cont' else self.cell_content(c)
                if content == '':
                    content = '<w:p/>'
                cells.append(f'<w:tc><w:tcPr>{tcpr}</w:tcPr>{content}</w:tc>')
                g += c.span
            assert g == grid
            out.append(f'<w:tr>{trpr}{"".join(cells)}</w:tr>')
        out.append('</w:tbl>')
        return ''.join(out)

    def block_table(self, t):
        parts = [self.table_part(rows, t.grid, t.header_rows) for rows in t.parts()]
        page_break = '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'
        return page_break.join(parts)

    def body(self, blocks):
        return ''.join(self.block_paragraph(b) if isinstance(b, P) else self.block_table(b) for b in blocks)


def docx_bytes(blocks, seed, title):
    """A .docx holding blocks, with a PAGE field in the footer; byte-for-byte reproducible."""
    w = Writer(seed)
    doc = Document()
    body = doc.element.body
    sect = body.find(f'{{{W_NS}}}sectPr')
    for el in list(body):
        if el is not sect:
            body.remove(el)
    xml = f'<w:body xmlns:w="{W_NS}">{w.body(blocks)}</w:body>'
    for el in list(parse_xml(xml)):
        sect.addprevious(el)
    footer = doc.sections[0].footer
    footer.is_linked_to_previous = False
    old = footer.paragraphs[0]._p
    old.addprevious(parse_xml(f'<w:p xmlns:w="{W_NS}"><w:pPr><w:jc w:val="center"/></w:pPr>'
                              f'<w:r><w:t xml:space="preserve">— </w:t></w:r>{Writer(0).segment(Field(" PAGE ", "1"))}'
                              '<w:r><w:t xml:space="preserve"> —</w:t></w:r></w:p>'))
    old.getparent().remove(old)
    cp = doc.core_properties
    cp.author = cp.last_modified_by = 'ReportVault fixtures'
    cp.title = title
    cp.created = cp.modified = datetime(2025, 1, 1, 0, 0, 0)
    cp.revision = 1
    raw = io.BytesIO()
    doc.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as zin, zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            zout.writestr(zi, zin.read(info.filename))
    return out.getvalue()


# ---------------------------------------------------------------- the real reports

def is_blank(line):
    return line.strip() == ''


def parse_tab_blocks(text):
    """Paragraphs and tables of a text where a table is a run of blocks, each block a row and
    each TAB-led line a cell (a line without TAB right after a cell line continues the cell)."""
    items, table, row = [], None, None
    for line in text.split('\n'):
        if line.startswith('\t'):
            if table is None:
                table = []
            if row is None:
                row = []
                table.append(row)
            row.append(line[1:])
        elif is_blank(line):
            row = None
        elif row is not None:
            row[-1] += '\n' + line
        else:
            if table is not None:
                items.append(('t', table))
                table = None
            items.append(('p', line))
    if table is not None:
        items.append(('t', table))
    return items


def parse_tab_rows(text):
    """jimin: one row per line, cells separated by TABs."""
    items, table = [], None
    for line in text.split('\n'):
        if '\t' in line:
            if table is None:
                table = []
                items.append(('t', table))
            table.append(line.split('\t'))
        else:
            table = None
            if not is_blank(line):
                items.append(('p', line))
    return items


def indicator_header(rows):
    for i, r in enumerate(rows):
        cells = [c.strip() for c in r]
        if '一级指标' in cells and '三级指标' in cells:
            return i, cells.index('三级指标')
    return None, None


def indicator_end(rows, start):
    for i in range(start, len(rows)):
        if rows[i] and rows[i][0].strip().startswith('总分'):
            return i
    return len(rows)


def default_spans(n, grid):
    if n == grid:
        return [1] * n
    if n == 1:
        return [grid]
    base, extra = divmod(grid - 1, n - 1)
    return [1] + [base + (1 if k < extra else 0) for k in range(n - 1)]


def changpu_layout(row, grid, in_indicators):
    if row[0] == '总分' and grid == 9:
        return list(zip(row, [6, 1, 1, 1]))
    if row[0] == '部门基本支出预算调整':  # a caption followed by empty cells: one merged value cell
        assert all(c == '' for c in row[1:])
        return [(row[0], 1), ('', grid - 1)]
    return None


def jimin_layout(row, grid, in_indicators):
    assert grid == 10 and len(row) == 10
    def empty(cells):
        assert all(c == '' for c in cells), row
    if '一级指标' in row:
        return None
    if row[0] == '总分':
        empty(row[1:6])
        return [(row[0], 6)] + [(c, 1) for c in row[6:]]
    if in_indicators:
        return None
    if all(c == '' for c in row[1:]):
        return [(row[0], 10)]
    if row[0] in ('预期目标', '实际完成情况'):
        empty([row[1]] + row[3:])
        return [(row[0], 2), (row[2], 8)]
    empty([row[1], row[8], row[9]])
    return [(row[0], 2)] + [(c, 1) for c in row[2:7]] + [(row[7], 3)]


LAYOUTS = {'changpu-2024': changpu_layout, 'jimin-2024': jimin_layout}


def real_table(name, rows):
    """A model table from the text's rows: broken rows joined, spans laid out, merges made."""
    rows = [list(r) for r in rows]
    head, idx3 = indicator_header(rows)
    if head is not None:  # a row broken in two by a blank line: one Word row
        width = len(rows[head])
        i = head + 1
        while i + 1 < len(rows):
            if len(rows[i]) < width and len(rows[i + 1]) < width and len(rows[i]) + len(rows[i + 1]) == width:
                # the extraction showed the cell's trailing empty paragraph as a blank line
                rows[i:i + 2] = [rows[i][:-1] + [rows[i][-1] + '\n'] + rows[i + 1]]
                print(f'  {name}: joined a row broken in two: {rows[i][:3]}…')
            i += 1
        end = indicator_end(rows, head + 1)
    grid = max(len(r) for r in rows)
    layout = LAYOUTS.get(name, lambda *a: None)
    model = []
    for i, r in enumerate(rows):
        inside = head is not None and head < i < end
        spans = layout(r, grid, inside) or list(zip(r, default_spans(len(r), grid)))
        model.append([C(bookmarked(t), span=s) for t, s in spans])
    # vertical merges: below a filled cell, empty cells of the first column and, in the
    # indicator rows, of the columns before 三级指标 continue the cell above
    for i in range(1, len(model)):
        inside = head is not None and head < i < end
        starts_above = grid_starts(model[i - 1])
        for g, c in grid_starts(model[i]).items():
            if c.span != 1 or c.text != '' or not (g == 0 or (inside and g < idx3)):
                continue
            above = starts_above.get(g)
            if above is None or above.span != 1:
                continue
            if above.vm in ('restart', 'cont'):
                c.vm = 'cont'
            elif above.text != '':
                above.vm, c.vm = 'restart', 'cont'
    return T(model, 'tabblock')


def grid_starts(row):
    out, g = {}, 0
    for c in row:
        out[g] = c
        g += c.span
    return out


def bookmarked(text):
    """'[bookmark: _GoBack]' is how the text extraction showed a Word bookmark."""
    x = re.fullmatch(r'\[bookmark: ([^\]]+)\]', text)
    return [Bookmark(x.group(1))] if x else text


def paragraph_segments(line):
    """Bold where the extraction wrote **…**; leading spaces as tabs."""
    lead = re.match(r'^ {2,}', line)
    segs = []
    if lead:
        segs.append(Text('\t' * max(1, len(lead.group(0)) // 4)))
        line = line[lead.end():]
    for k, part in enumerate(line.split('**')):
        if part:
            segs.append(Bold(part) if k % 2 else Text(part))
    return segs


def replace_in(p, prefix, segs):
    """The paragraph's segments become segs (which must show the same text)."""
    text = ''.join(s.s for s in p.segs if isinstance(s, Text))
    shown = ''.join(s.s if isinstance(s, (Text, Ins, Bold, SmartTag)) else s.result if isinstance(s, Field) else '' for s in segs)
    assert text.startswith(prefix) and shown == text, (prefix, text, shown)
    p.segs = segs


def find_paragraph(blocks, prefix):
    found = [b for b in blocks if isinstance(b, P) and ''.join(s.s for s in b.segs if isinstance(s, Text)).lstrip('\t').startswith(prefix)]
    assert len(found) == 1, (prefix, len(found))
    return found[0]


def find_cell(blocks, first, col, table_no=None):
    tables = [b for b in blocks if isinstance(b, T)]
    found = [r[col] for k, t in enumerate(tables) if table_no in (None, k) for r in t.rows if r[0].text == first]
    assert len(found) == 1, (first, len(found))
    return found[0]


def split_text(pieces):
    """Segments for a paragraph split into pieces: str → Text, ('del', s), ('ins', s), ('tag', s, value, unit)."""
    segs = []
    for x in pieces:
        if isinstance(x, str):
            segs.append(Text(x))
        elif x[0] == 'del':
            segs.append(Del(x[1]))
        elif x[0] == 'ins':
            segs.append(Ins(x[1]))
        elif x[0] == 'tag':
            segs.append(SmartTag(x[1], x[2], x[3]))
    return segs


def decorate(name, blocks):
    """Word's furniture, placed where a clerk's document has it. Every change keeps the text."""
    if name == 'changpu-2024':
        find_paragraph(blocks, '2024年基本支出共计2023.37万元').sdt = '基本支出情况'
        p = find_paragraph(blocks, '2024年度政府性基金预算支出49.11万元')
        replace_in(p, '2024年度政府性基金预算支出', split_text([
            '2024年度政府性基金预算支出', ('del', '999.99万元'), ('ins', '49.11万元，主要用于香料厂D级危房改造'), '项目工作经费。']))
        p, = [b for b in blocks if isinstance(b, P) and len(b.segs) == 2 and b.segs[0].s.startswith('\t')
              and b.segs[1].s == '2024年12月31日']  # the signature's date, indented
        p.segs = [p.segs[0], Field(' CREATEDATE \\@ "yyyy年M月d日" \\* MERGEFORMAT ', '2024年12月31日')]
        c = find_cell(blocks, '3、公务接待', 2)
        assert c.text == '2.5'
        c.text = [Del('5'), Ins('2.5')]
        for t in (b for b in blocks if isinstance(b, T)):
            for r in t.rows:
                for c in r:
                    if c.text == '其中：一般公共预算：2023.37万':
                        c.sdt = '一般公共预算'
    elif name == 'xitang-2024':
        p = find_paragraph(blocks, '2024年基本支出年初预算数为3457.26万元')
        text = p.segs[0].s
        rest = text[len('2024年基本支出年初预算数为3457.26万元'):]
        replace_in(p, '2024年基本支出', split_text(['2024年基本支出年初预算数为', ('del', '3475.26万元'), ('ins', '3457.26万元'), rest]))
        p = find_paragraph(blocks, '2024年本部门项目支出预算0万元')
        text = p.segs[0].s
        head = '2024年本部门项目支出预算0万元，实际支出为'
        mid = '3383.13万元。其中：西塘镇机场群贤安置点'
        assert text.startswith(head + mid)
        replace_in(p, head, split_text([head, ('del', '999.99万元'), ('ins', mid), text[len(head + mid):]]))
    elif name == 'pingkou-2023':
        find_paragraph(blocks, '2023年财政拨款支出1855.32万元').sdt = '财政拨款支出'
        p = find_paragraph(blocks, '2023年一般公共预算支出基本支出1287.78万元')
        text = p.segs[0].s
        head = '2023年一般公共预算支出基本支出'
        replace_in(p, head, split_text([head, ('tag', '1287.78万元', '1287.78', '万元'), text[len(head) + len('1287.78万元'):]]))
    elif name == 'jimin-2024':
        p = find_paragraph(blocks, '说明 1 各部门')
        p.segs = [Text(p.segs[0].s.replace('说明 1 ', '说明\t1\t', 1))]
    return blocks


def real_blocks(name):
    with open(os.path.join(FIXTURES, 'reports', name + '.txt'), encoding='utf-8') as f:
        text = f.read()
    items = parse_tab_rows(text) if name == 'jimin-2024' else parse_tab_blocks(text)
    blocks = []
    for kind, x in items:
        blocks.append(P(paragraph_segments(x)) if kind == 'p' else real_table(name, x))
    return decorate(name, blocks)


# ---------------------------------------------------------------- checks of the variants

def load_schema():
    with open(os.path.join(ROOT, 'schema', 'report.schema.json'), encoding='utf-8') as f:
        return json.load(f)


def schema_leaf(schema, pointer):
    node = schema
    def resolve(n):
        while '$ref' in n:
            n = schema['$defs'][n['$ref'].split('/')[-1]]
        return n
    for seg in pointer.strip('/').split('/'):
        node = resolve(node)
        if node.get('type') == 'array':
            assert seg.isdigit(), pointer
            node = node['items']
            node = resolve(node)
            if 'allOf' in node:
                node = resolve(node['allOf'][0])
        else:
            assert seg in node.get('properties', {}), f'{pointer}: no property {seg}'
            node = node['properties'][seg]
    return resolve(node)


def arithmetic(v, f):
    """The relations a correct report keeps (domain.md); returns the mismatches."""
    bad = []
    def get(p):
        return f.get(p)
    def expect(what, got, want, tol=Decimal('0.011')):
        if got is not None and want is not None and abs(got - want) > tol:
            bad.append(f'{what}: stated {got}, computed {want}')
    q2 = lambda x: x.quantize(Decimal('0.01'))
    i = 0
    while any(k.startswith(f'/selfEvaluation/funds/rows/{i}/') for k in f):
        r = lambda k: get(f'/selfEvaluation/funds/rows/{i}/{k}')
        if r('executed') is not None and r('annualBudget') and r('executionRate') is not None:
            expect(f'row {i} 执行率', r('executionRate'), q2(r('executed') / r('annualBudget') * 100))
        if r('executionRate') is not None and r('weight') is not None and r('score') is not None:
            expect(f'row {i} 得分', r('score'), q2(r('executionRate') * r('weight') / 100))
        i += 1
    n = 0
    weights, scores = Decimal(0), Decimal(0)
    while f'/selfEvaluation/indicators/{n}/weight' in f:
        w, s = f[f'/selfEvaluation/indicators/{n}/weight'], f.get(f'/selfEvaluation/indicators/{n}/score')
        weights += w
        scores += s or 0
        if s is not None and s > w:
            bad.append(f'indicator {n}: score {s} > weight {w}')
        n += 1
    if n:
        fw = get('/selfEvaluation/funds/rows/0/weight') or 0
        fs = get('/selfEvaluation/funds/rows/0/score') or 0
        expect('总分值', get('/selfEvaluation/totalWeight'), weights + fw)
        expect('总分', get('/selfEvaluation/totalScore'), scores + fs)
        l1 = [f[k] for k in f if k.startswith('/selfEvaluation/level1Weights/')]
        if l1:
            expect('level-1 weights', sum(l1), weights)
    expect('performance score', get('/performance/score'), get('/selfEvaluation/totalScore'))
    if get('/generalBudget/basic/personnel') is not None:
        expect('基本支出', get('/generalBudget/basic/actual'), get('/generalBudget/basic/personnel') + get('/generalBudget/basic/publicUse'))
    items = [f[k] for k in f if re.fullmatch(r'/generalBudget/project/items/\d+/amount', k)]
    if items:
        expect('项目支出 items', get('/generalBudget/project/actual'), sum(items))
    income = [f[k] for k in f if k.startswith('/selfEvaluation/funds/byIncome/')]
    if income:
        expect('收入性质', sum(income), get('/selfEvaluation/funds/rows/0/executed'))
    if get('/selfEvaluation/funds/byExpenditure/basic') is not None:
        expect('支出性质', get('/selfEvaluation/funds/byExpenditure/basic') + get('/selfEvaluation/funds/byExpenditure/project'),
               get('/selfEvaluation/funds/rows/0/executed'))
    if get('/baseData/staffing/controlRate') is not None:
        expect('控制率', get('/baseData/staffing/controlRate'), q2(get('/baseData/staffing/actual') / get('/baseData/staffing/authorized') * 100))
    parts = [get(f'/profile/staffing/{k}') for k in ('administrative', 'institutional', 'other')]
    if get('/profile/staffing/authorized') is not None and parts[0] is not None:
        expect('编制数', get('/profile/staffing/authorized'), sum(x for x in parts if x is not None))
    if i > 1:  # the rows under 年度资金总额 add up to it
        for k in ('initialBudget', 'annualBudget', 'executed'):
            subs = [get(f'/selfEvaluation/funds/rows/{r}/{k}') for r in range(1, i)]
            if None not in subs:
                expect(f'funds {k}', get(f'/selfEvaluation/funds/rows/0/{k}'), sum(subs))
    for name in ('threePublic/total', 'meetings', 'training'):
        cur, ch, rate = (get(f'/generalBudget/{name}/{k}') for k in ('current', 'change', 'changeRate'))
        if cur is not None and ch is not None and rate is not None:
            expect(f'{name} 增减率', rate, q2(ch / (cur - ch) * 100))
    return bad


def number(d):
    return int(d) if d == d.to_integral_value() else float(d)


def write(path, data):
    with open(path, 'wb') as f:
        f.write(data)


def main():
    schema = load_schema()
    out = os.path.join(FIXTURES, 'docx')
    os.makedirs(out, exist_ok=True)
    for name in REAL:
        blocks = real_blocks(name)
        write(os.path.join(out, name + '.docx'), docx_bytes(blocks, seed_of(name), name))
        print(f'docx/{name}.docx: {sum(isinstance(b, P) for b in blocks)} paragraphs, {sum(isinstance(b, T) for b in blocks)} tables')
    vdir = os.path.join(FIXTURES, 'variants')
    os.makedirs(vdir, exist_ok=True)
    failures = 0
    for v in all_variants():
        text = v.text()
        figures = v.figures()
        assert figures.get('/fiscalYear') == v.year, v.name
        for p, value in figures.items():
            leaf = schema_leaf(schema, p)
            assert leaf.get('type') in ('number', 'integer'), f'{v.name}: {p} is not a number in the schema'
            if leaf.get('type') == 'integer':
                assert value == value.to_integral_value(), f'{v.name}: {p} should be an integer'
        bad = arithmetic(v, figures)
        for b in bad:
            print(f'  {v.name}: {b}')
        failures += len(bad)
        base = os.path.join(vdir, v.name)
        write(base + '.txt', text.encode('utf-8'))
        if v.encodings:
            write(base + '-gb18030.txt', text.encode('gb18030'))
            write(base + '-utf16.txt', b'\xff\xfe' + text.encode('utf-16-le'))
            write(base + '-bom.txt', b'\xef\xbb\xbf' + text.encode('utf-8'))
        write(base + '.docx', docx_bytes(v.blocks, seed_of(v.name), v.name))
        expected = {'unit': v.unit, 'fiscalYear': v.year, 'amountUnit': v.amount_unit,
                    'figures': {p: number(x) for p, x in figures.items()}}
        write(base + '.expected.json', (json.dumps(expected, ensure_ascii=False, indent=2) + '\n').encode('utf-8'))
        print(f'variants/{v.name}: {len(figures)} figures')
    if failures:
        sys.exit(f'{failures} arithmetic mismatches')


if __name__ == '__main__':
    main()
