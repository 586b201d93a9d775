"""Variant reports for the import tests: one Python description per report, rendered both as
text (.txt, in the table shape the variant exercises) and as Word (.docx, by
make-docx-fixtures.py), plus the figures it states (.expected.json).

Written for the tests: the units are invented (某某县…), the figures are made up but add up
the way a correct report's do (execution rate = executed / budget, score = rate × weight,
total = fund score + indicator scores, 基本支出 = 人员经费 + 公用经费), except where a row
is left blank.

A figure is written in the description as m(text, pointer): `text` is exactly what the
report prints (full-width digits, thousands separators, a trailing %/万/万元/元 are allowed)
and `pointer` is where it belongs in the schema (aliases below). The expected figures are
collected from these markers, so the text and the expected file cannot drift apart; the
generator checks the arithmetic and that every pointer exists in the schema.
"""
import re
from decimal import Decimal

# ---------------------------------------------------------------- model

class Seg:
    """An inline piece of a paragraph."""

class Text(Seg):
    def __init__(self, s): self.s = s

class Bold(Seg):
    def __init__(self, s): self.s = s

class Ins(Seg):
    """A tracked insertion: kept."""
    def __init__(self, s): self.s = s

class Del(Seg):
    """A tracked deletion: in Word only (w:del/w:delText), never in the text."""
    def __init__(self, s): self.s = s

class Field(Seg):
    """A complex field (fldChar begin / instrText / separate / result / end)."""
    def __init__(self, instr, result): self.instr, self.result = instr, result

class FieldSimple(Seg):
    def __init__(self, instr, result): self.instr, self.result = instr, result

class Bookmark(Seg):
    def __init__(self, name): self.name = name

class SmartTag(Seg):
    """Word's Chinese measurement smart tag (chmetcnv) around a number with its unit."""
    def __init__(self, s, value, unit): self.s, self.value, self.unit = s, value, unit


class P:
    """A paragraph: a string (may hold figure markers) or a list of segments."""
    def __init__(self, content, sdt=None, center=False):
        self.segs = [Text(content)] if isinstance(content, str) else list(content)
        self.sdt = sdt          # alias of a content control wrapping the paragraph
        self.center = center


class C:
    """A table cell. text: a string (lines separated by \\n) or a list of segments (one line).
    vm: None, 'restart' or 'cont' (vertical merge); span: grid columns."""
    def __init__(self, text='', span=1, vm=None, sdt=None):
        self.text, self.span, self.vm, self.sdt = text, span, vm, sdt

    def plain(self):
        if isinstance(self.text, str):
            return strip_markers(self.text)
        return ''.join(seg_text(s) for s in self.text)


def cell(x):
    return x if isinstance(x, C) else C(x)


class T:
    """A table. rows: lists of cells (str or C). style: how the .txt shows it:
    'tabblock' (a TAB-led line per cell, blank line between rows, as text extracted from Word),
    'tabrows' (one row per line, cells joined by TAB), 'pipe' (cells joined by ' | '),
    'markdown' (framed pipes with a |---| rule under the header), 'cells' (each cell on its
    own line with a blank line between, the row width known only from the header).
    framed: for 'pipe', (leading pipe, trailing pipe). drop_vm: 'tabblock' leaves out the
    leading cells that continue a vertical merge (rows shorter than the header).
    splits: row indices where the table breaks across pages: the header rows are printed
    again there in the text, and Word gets a second table with the same header rows."""
    def __init__(self, rows, style, header_rows=1, framed=(False, False), drop_vm=False, splits=()):
        self.rows = [[cell(c) for c in r] for r in rows]
        self.style, self.header_rows, self.framed, self.drop_vm = style, header_rows, framed, drop_vm
        self.splits = list(splits)
        widths = {sum(c.span for c in r) for r in self.rows}
        assert len(widths) == 1, f"rows of different grid widths {widths}: {[sum(c.span for c in r) for r in self.rows]}"
        self.grid = widths.pop()
        for k in self.splits:
            assert all(c.vm != 'cont' for c in self.rows[k]), "a merge crosses a page split"

    def parts(self):
        """The row lists of each page: the first as is, the others with the header rows again."""
        bounds = [0] + self.splits + [len(self.rows)]
        head = self.rows[:self.header_rows]
        out = []
        for i in range(len(bounds) - 1):
            rows = self.rows[bounds[i]:bounds[i + 1]]
            out.append(rows if i == 0 else head + rows)
        return out


# ---------------------------------------------------------------- figure markers

ALIASES = {
    'FR': '/selfEvaluation/funds/rows', 'IND': '/selfEvaluation/indicators',
    'L1': '/selfEvaluation/level1Weights', 'SE': '/selfEvaluation', 'BR': '/baseData/rows',
    'BD': '/baseData', 'GB': '/generalBudget', 'ST': '/profile/staffing',
}
MARK = re.compile(r'⟦([^|⟧]*)\|([^|⟧]*)(?:\|(-))?⟧')


def expand(ptr):
    head, _, rest = ptr.partition('/')
    if head in ALIASES:
        return ALIASES[head] + ('/' + rest if rest else '')
    assert ptr.startswith('/'), ptr
    return ptr


def m(text, ptr, neg=False):
    """A figure as printed (`text`) and its schema pointer; neg: the text states a decrease."""
    assert '|' not in text and '⟧' not in text
    return f"⟦{text}|{ptr}{'|-' if neg else ''}⟧"


def strip_markers(s):
    return MARK.sub(lambda x: x.group(1), s)


FULLWIDTH = str.maketrans('０１２３４５６７８９．，％', '0123456789.,%')


def marker_value(text):
    t = text.translate(FULLWIDTH).strip()
    t = re.sub(r'(万元|万|元|分|人|个|名|%)$', '', t)
    t = re.sub(r'(?<=\d)[, ](?=\d{3}(?!\d))', '', t)
    assert re.fullmatch(r'[0-9]+(\.[0-9]+)?', t), f"not a number: {text!r}"
    return Decimal(t)


def markers(s):
    """[(pointer, Decimal)] of the figures in s."""
    out = []
    for x in MARK.finditer(s):
        v = marker_value(x.group(1))
        out.append((expand(x.group(2)), -v if x.group(3) else v))
    return out


def seg_text(seg):
    """The text a segment shows (a deletion shows nothing)."""
    if isinstance(seg, (Text, Bold, Ins, SmartTag)):
        return strip_markers(seg.s)
    if isinstance(seg, (Field, FieldSimple)):
        return seg.result
    return ''


def seg_markers(seg):
    if isinstance(seg, (Text, Bold, Ins, SmartTag)):
        return markers(seg.s)
    assert not isinstance(seg, Del) or not MARK.search(seg.s), "a deleted run holds no figure"
    return []


# ---------------------------------------------------------------- builders

def indicator_rows(cols, items, l1_points='（{}分）', merge=True, empty='', lead=None):
    """Indicator rows. cols: the columns in order, from l1 l2 name target actual unit weight
    rate score dev. items: I(...) tuples. l1 may be (name, points): the cell then reads
    name + l1_points (e.g. '（50分）' or '\\n(50分)') and the points are a level-1 weight.
    merge: repeated l1/l2 cells become vertical merges (else the text is repeated).
    lead: a leading column cell spanning the whole block (e.g. 绩效指标), merged down."""
    rows, l1n = [], 0
    prev1 = prev2 = None
    for i, it in enumerate(items):
        l1 = it['l1'][0] if isinstance(it['l1'], tuple) else it['l1']
        row = []
        for col in cols:
            if col == 'l1':
                if merge and l1 == prev1:
                    row.append(C('', vm='cont'))
                else:
                    text = l1
                    if isinstance(it['l1'], tuple):
                        text += l1_points.format(m(it['l1'][1], f'L1/{l1n}/weight'))
                        l1n += 1
                    row.append(C(text, vm='restart' if merge else None))
            elif col == 'l2':
                if merge and l1 == prev1 and it['l2'] == prev2:
                    row.append(C('', vm='cont'))
                else:
                    row.append(C(it['l2'], vm='restart' if merge else None))
            elif col == 'weight':
                row.append(C(m(it['weight'], f'IND/{i}/weight')))
            elif col == 'score':
                row.append(C(m(it['score'], f'IND/{i}/score')))
            elif col == 'rate':
                row.append(C(m(it['rate'], f'IND/{i}/completionRate')))
            else:
                v = it[col] if it.get(col) is not None else ''
                row.append(C(v if v != '' else empty))
        if lead is not None:
            row.insert(0, C('', vm='cont'))
        rows.append(row)
        prev1, prev2 = l1, it['l2']
    # a merge that covers one row only is no merge
    for ci in range(len(rows[0]) if rows else 0):
        for ri, r in enumerate(rows):
            if r[ci].vm == 'restart' and not (ri + 1 < len(rows) and rows[ri + 1][ci].vm == 'cont'):
                r[ci].vm = None
    return rows


def I(l1, l2, name, target, actual, weight, score, dev='', unit=None, rate=None):
    return dict(l1=l1, l2=l2, name=name, target=target, actual=actual, weight=weight, score=score,
                dev=dev, unit=unit, rate=rate)


FUND_FIELDS = {'ib': 'initialBudget', 'ab': 'annualBudget', 'ex': 'executed', 'w': 'weight',
               'rate': 'executionRate', 'score': 'score'}


def fund_row(i, cols, name, empty='', spans=None, **values):
    """One row of the fund block; cols from name ib ab ex w rate score note."""
    row = []
    for col in cols:
        if col == 'name':
            row.append(name)
        elif col == 'note':
            row.append(values.get('note', '') or empty)
        elif values.get(col) is not None:
            row.append(m(values[col], f'FR/{i}/{FUND_FIELDS[col]}'))
        else:
            row.append(empty)
    if spans:
        row = [C(t, span=s) for t, s in zip(row, spans)]
    return row


def base_row(i, name, prev, budget, final):
    return [name] + [m(v, f'BR/{i}/{f}') if v is not None else ''
                     for v, f in ((prev, 'previousFinal'), (budget, 'budget'), (final, 'final'))]


# ---------------------------------------------------------------- text rendering

def pipe_line(cells, lead, trail):
    s = ' | '.join(cells)
    if lead:
        s = '| ' + s
    if trail:
        s = s + ' |'
    s = re.sub(r'\| {2,}\|', '| |', s)
    s = re.sub(r'\| {2,}\|', '| |', s)
    s = re.sub(r'^ {2,}\|', ' |', s)
    return s.rstrip()


def expanded(row):
    out = []
    for c in row:
        out.append('' if c.vm == 'cont' else c.plain())
        out.extend([''] * (c.span - 1))
    return out


def table_lines(t):
    lines = []
    rows = [r for part in t.parts() for r in part]
    if t.style == 'tabblock':
        for r in rows:
            cells = list(r)
            if t.drop_vm:
                while cells and cells[0].vm == 'cont':
                    cells.pop(0)
            for c in cells:
                text = '' if c.vm == 'cont' else c.plain()
                first, *more = text.split('\n')
                lines.append('\t' + first)
                lines.extend(more)
            lines.append('')
        return lines
    if t.style == 'tabrows':
        for r in rows:
            cells = expanded(r)
            assert not any('\n' in c or '\t' in c for c in cells)
            lines.append('\t'.join(cells))
        lines.append('')
        return lines
    if t.style in ('pipe', 'markdown'):
        lead, trail = (True, True) if t.style == 'markdown' else t.framed
        for part in t.parts():
            for k, r in enumerate(part):
                cells = expanded(r)
                assert not any('\n' in c or '|' in c for c in cells)
                lines.append(pipe_line(cells, lead, trail))
                if t.style == 'markdown' and k == t.header_rows - 1:
                    lines.append('|' + '---|' * t.grid)
        lines.append('')
        return lines
    if t.style == 'cells':
        cells = [c for r in rows for c in expanded(r)]
        assert all(c.strip() for c in cells), "one cell per line needs every cell filled"
        lines.append('')
        for k, c in enumerate(cells):
            lines.extend(c.split('\n'))
            lines.append('')
        lines.extend(['', ''])
        return lines
    raise ValueError(t.style)


def render_text(blocks):
    lines = []
    for b in blocks:
        if isinstance(b, P):
            lines.append(''.join(seg_text(s) for s in b.segs))
        else:
            lines.extend(table_lines(b))
    return '\n'.join(lines).rstrip('\n') + '\n'


def collect_figures(blocks):
    figs = []
    for b in blocks:
        if isinstance(b, P):
            for s in b.segs:
                figs.extend(seg_markers(s))
        else:
            for r in b.rows:
                for c in r:
                    if isinstance(c.text, str):
                        figs.extend(markers(c.text))
                    else:
                        for s in c.text:
                            figs.extend(seg_markers(s))
    seen = {}
    for p, v in figs:
        assert p not in seen, f"figure {p} stated twice"
        seen[p] = v
    return seen


class Variant:
    def __init__(self, name, unit, year, amount_unit, covers, blocks, encodings=False):
        self.name, self.unit, self.year, self.amount_unit = name, unit, year, amount_unit
        self.covers, self.blocks, self.encodings = covers, blocks, encodings

    def text(self):
        return render_text(self.blocks)

    def figures(self):
        return collect_figures(self.blocks)


# ---------------------------------------------------------------- the variants

HUNAN_DUTIES = [
    P('（一）部门职能职责'),
    P('1.执行本级人民代表大会的决议和上级国家行政机关的决定和命令。'),
    P('2.负责本行政区域内的经济、教育、科学、文化、卫生、体育事业和财政、民政、公安、司法行政等行政工作。'),
]

IND_HEAD_HUNAN = ['一级指标', '二级指标', '三级指标', '年度\n指标值', '实际完成值', '分值', '得分', '偏差原因\n分析及\n改进措施']
COLS_HUNAN = ['l1', 'l2', 'name', 'target', 'actual', 'weight', 'score', 'dev']


def qingshi():
    """Hunan template, TAB-led blocks where merged cells left no TAB line at all."""
    fr = ['name', 'ib', 'ab', 'ex', 'w', 'rate', 'score']
    fund = fund_row(0, fr, '年度资金总额', ib='1150.6', ab='1226.4', ex='1166.92', w='10', rate='95.15%', score='9.52')
    fund = [C('', vm='cont'), C(fund[0], span=2)] + [C(x) for x in fund[1:]]
    items = [
        I(('产出指标', '50'), '数量指标', '村级组织运转\n保障村数', '12个', '12个', '10', '10'),
        I(('产出指标', '50'), '数量指标', '农村公路养护里程', '26公里', '26公里', '10', '9', '2公里养护未达标'),
        I(('产出指标', '50'), '质量指标', '人居环境整治\n验收合格率', '≥95%', '97%', '10', '10'),
        I(('产出指标', '50'), '时效指标', '资金拨付及时率', '100%', '90%', '10', '8', '个别项目拨付滞后'),
        I(('产出指标', '50'), '成本指标', '人均公用经费控制', '≤6万元', '5.9万元', '10', '10'),
        I(('效益指标', '30'), '社会效益指标', '群众办事\n按时办结率', '≥98%', '99%', '15', '15'),
        I(('效益指标', '30'), '可持续影响指标', '长效管护机制\n建立情况', '建立', '部分建立', '15', '12', '部分村管护制度待完善'),
        I(('满意度指标', '10'), '服务对象满意度指标', '群众满意度', '≥90%', '95%', '10', '10'),
    ]
    ind = indicator_rows(COLS_HUNAN, items, l1_points='\n({}分)', lead=True)
    selfeval = T([
        ['单位名称', C('某某县青石镇人民政府', span=8)],
        [C('年度预算申请（万元）', vm='restart'), C('', span=2), '年初预算数', '全年预算数(A)', '全年执行数(B)', '分值', '执行率(B/A)', '得分'],
        fund,
        [C('', vm='cont'), C('按收入性质分：', span=4), C('按支出性质分：', span=4)],
        [C('', vm='cont'), C('其中：一般公共预算：' + m('1131.32万', 'SE/funds/byIncome/generalBudget'), span=4),
         C('其中：基本支出：' + m('870.12万', 'SE/funds/byExpenditure/basic'), span=4)],
        [C('', vm='cont'), C('政府性基金拨款：' + m('35.6万', 'SE/funds/byIncome/governmentFund'), span=4),
         C('项目支出：' + m('296.8万', 'SE/funds/byExpenditure/project'), span=4)],
        [C('', vm='cont'), C('纳入专户管理的非税收入拨款：' + m('0万', 'SE/funds/byIncome/specialAccount'), span=4), C('', span=4)],
        [C('', vm='cont'), C('其他资金：', span=4), C('', span=4)],
        [C('年度总体目标', vm='restart'), C('年初目标设定', span=4), C('全年实际完成情况', span=4)],
        [C('', vm='cont'), C('1.保障机关正常运转\n2.推进农村人居环境整治', span=4), C('全部完成', span=4)],
        [C('绩效\n指标', vm='restart')] + IND_HEAD_HUNAN,
    ] + ind + [
        [C('总分', span=6), m('100', 'SE/totalWeight'), m('93.52', 'SE/totalScore'), ''],
    ], 'tabblock', drop_vm=True)
    base = T([
        [C('财政供养人员情况（人）', vm='restart'), '编制数', '2023 年实际在职人数', '控制率'],
        [C('', vm='cont'), m('46', 'BD/staffing/authorized'), m('44', 'BD/staffing/actual'), m('95.65%', 'BD/staffing/controlRate')],
        ['经费控制情况（万元）', '2022年决算数', '2023年预算数', '2023年决算数'],
        base_row(0, '三公经费', '7.2', '8', '6.3'),
        base_row(1, '1、公务用车购置和维护经费', '4.5', '5', '4.1'),
        base_row(2, '2、公务接待', '2.7', '3', '2.2'),
        base_row(3, '项目支出', '285.4', '320', '296.8'),
        base_row(4, '公用经费', '248.3', '262', '259.62'),
        base_row(5, '其中：会议费、培训费', '9.6', '10', '8.75'),
        base_row(6, '部门基本支出预算调整', None, None, None),
        ['厉行节约保障措施', C('严格执行公务接待标准，压减一般性支出。', span=3)],
    ], 'tabblock', drop_vm=True)
    blocks = [
        P(m('2023', '/fiscalYear') + '年度某某县青石镇人民政府部门整体支出绩效自评报告', center=True),
        P('（某某县青石镇人民政府）', center=True),
        P('2024年4月12日'),
        P('一、部门基本情况'),
        *HUNAN_DUTIES,
        P('（二）机构设置情况'),
        P(f"2023年末，我部门内设股室{m('6', '/profile/departments/count')}个，所属事业单位{m('4', '/profile/affiliatedUnits/count')}个。"),
        P('（三）人员编制情况'),
        P(f"2023年末，我部门共有编制{m('46', 'ST/authorized')}人，其中行政编制{m('24', 'ST/administrative')}人，事业编制{m('22', 'ST/institutional')}人。"
          f"年末实有在职人员{m('44', 'ST/active')}人，退休人员{m('19', 'ST/retired')}人。"),
        P('二、一般公共预算支出情况'),
        P('（一）基本支出情况'),
        P(f"2023年基本支出共计{m('870.12', 'GB/basic/actual')}万元，其中人员经费{m('610.5', 'GB/basic/personnel')}万元，公用经费{m('259.62', 'GB/basic/publicUse')}万元。"),
        P('（二）项目支出情况'),
        P(f"2023年本部门项目支出预算{m('320', 'GB/project/budget')}万元，实际支出为{m('296.8', 'GB/project/actual')}万元。"
          f"其中：农村人居环境整治资金{m('120', 'GB/project/items/0/amount')}万元，村级组织运转经费{m('176.8', 'GB/project/items/1/amount')}万元。"),
        P(f"三公经费支出{m('6.3', 'GB/threePublic/total/current')}万元，比上年减少{m('0.9', 'GB/threePublic/total/change', True)}万元，下降{m('12.5', 'GB/threePublic/total/changeRate', True)}%。"),
        P('三、政府性基金预算支出情况'),
        P(f"2023年度政府性基金预算支出{m('35.6', '/governmentFund/actual')}万元，主要用于农村公路养护。"),
        P('四、国有资本经营预算支出情况'),
        P('2023年度无国有资本经营预算支出。'),
        P('五、社会保险基金预算支出情况'),
        P('2023年度无社会保险基金预算支出。'),
        P('六、部门整体支出绩效情况'),
        P(f"根据部门整体支出绩效自评评分（详见附件2），得分{m('93.52', '/performance/score')}分，部门整体支出绩效为“优”。"),
        P('七、存在的问题及原因分析'),
        P('一是预算编制精细化程度不够；二是项目资金拨付进度偏慢。'),
        P('八、下一步改进措施'),
        P('一是加强预算编制与执行的衔接；二是加快项目资金拨付进度。'),
        P('附件：1.部门整体支出绩效评价基础数据表'),
        P('2.部门整体支出绩效自评表'),
        P('附件1-1'),
        P('2023年度部门整体支出绩效评价基础数据表', center=True),
        base,
        P('附件1-2'),
        P(m('2023', 'SE/heading/fiscalYear') + '年度部门整体支出绩效自评表', center=True),
        selfeval,
        P('说明：1.分值设定100分，其中预算执行率10分、产出指标50分、效益指标30分、满意度指标10分。'),
    ]
    return Variant('qingshi-2023', '某某县青石镇人民政府', 2023, '万元', [
        'Hunan template as TAB-led blocks (one TAB line per Word cell) where the extraction left out vertically merged cells: rows after the first of a merge are shorter than the header, the missing cells being the leading ones (fund block, staffing row, indicator rows)',
        'first-level cells "产出指标" / "(50分)" with the points on a second line; indicator names wrapped onto two lines inside a cell; "年度\\n指标值" header wrapped',
        'base data table: 编制数 / "2023 年实际在职人数" / 控制率, 经费控制情况 columns 2022年决算数 / 2023年预算数 / 2023年决算数, a row left blank (部门基本支出预算调整) and 厉行节约保障措施',
        'fund block 年初预算数 / 全年预算数(A) / 全年执行数(B) / 分值 / 执行率(B/A) / 得分, income and expenditure split in "其中：一般公共预算：1131.32万" cells (万 alone), a stated 0 (纳入专户管理的非税收入拨款：0万)',
        'the table caption "2023年度部门整体支出绩效自评表" states the year (heading/fiscalYear); the 说明 line under the table is not a figure',
    ], blocks)


def baisha():
    """Hubei template: the year only in the title, the unit only in the base data table,
    '|' rows without leading or trailing pipes, a page split in the indicator table."""
    base = T([
        ['预算单位名称', C('某某县白沙街道办事处', span=3)],
        [C('财政供养人员情况（人）', vm='restart'), '编制数', '实际在职人数', '控制率'],
        [C('', vm='cont'), m('38', 'BD/staffing/authorized'), m('36', 'BD/staffing/actual'), m('94.74%', 'BD/staffing/controlRate')],
        ['经费控制情况（万元）', '上年决算数', '本年预算数', '本年决算数'],
        base_row(0, '三公经费', '3.6', '4', '3.1'),
        base_row(1, '1、公务用车购置和维护经费', '2.4', '2.5', '2.2'),
        base_row(2, '2、公务接待', '1.2', '1.5', '0.9'),
        base_row(3, '项目支出', '126.5', '150', '138.4'),
        base_row(4, '公用经费', '135.8', '140', '142.15'),
        base_row(5, '会议费、培训费', '4.3', '4.5', '3.9'),
        ['厉行节约保障措施', C('严格控制“三公”经费和会议费支出。', span=3)],
    ], 'pipe')
    fr = ['name', 'ab', 'ex', 'w', 'rate', 'score']
    funds = T([
        ['项目', '预算数', '实际支出', '分值', '执行率', '得分'],
        fund_row(0, fr, '年度资金总额', ab='790.35', ex='778.75', w='10', rate='98.53%', score='9.85'),
        fund_row(1, fr, '其中：基本支出', ab='640.35', ex='640.35', rate='100%'),
        fund_row(2, fr, '项目支出', ab='150', ex='138.4', rate='92.27%'),
    ], 'pipe')
    items = [
        I(('产出指标', '50'), '数量指标', '社区网格员配备人数', '42人', '42人', '10', '10'),
        I(('产出指标', '50'), '数量指标', '老旧小区改造数量', '3个', '3个', '10', '9', '1个小区配套工程未完成'),
        I(('产出指标', '50'), '质量指标', '改造工程验收合格率', '100%', '100%', '10', '10'),
        I(('产出指标', '50'), '时效指标', '项目完工及时率', '≥90%', '85%', '10', '8.5', '1个项目受雨季影响延期'),
        I(('产出指标', '50'), '成本指标', '公用经费控制', '≤145万元', '142.15万元', '10', '9'),
        I(('效益指标', '30'), '社会效益指标', '辖区矛盾纠纷化解率', '≥95%', '96%', '15', '14'),
        I(('效益指标', '30'), '可持续影响指标', '网格化管理机制运行', '长效', '长效', '15', '12'),
        I(('满意度指标', '10'), '服务对象满意度指标', '居民满意度', '≥90%', '93%', '10', '9'),
    ]
    ind = T([['一级指标', '二级指标', '三级指标', '指标值', '实际值', '权重', '得分', '偏差原因分析及改进措施']]
            + indicator_rows(COLS_HUNAN, items)
            + [[C('总分', span=5), m('100', 'SE/totalWeight'), m('91.35', 'SE/totalScore'), '']],
            'pipe', splits=[6])
    blocks = [
        P(m('2022', '/fiscalYear') + '年度单位整体支出绩效自评报告', center=True),
        P('一、单位基本情况'),
        P(f"本单位内设机构{m('5', '/profile/departments/count')}个，编制数{m('38', 'ST/authorized')}人，其中行政编制{m('20', 'ST/administrative')}人，事业编制{m('18', 'ST/institutional')}人，实有在职人数{m('36', 'ST/active')}人。"),
        P('二、一般公共预算支出情况'),
        P(f"本年度基本支出年初预算数为{m('612.8', 'GB/basic/budget')}万元，实际支出为{m('640.35', 'GB/basic/actual')}万元。其中：人员经费{m('498.2', 'GB/basic/personnel')}万元；公用经费{m('142.15', 'GB/basic/publicUse')}万元。"),
        P(f"项目支出预算为{m('150', 'GB/project/budget')}万元，实际支出为{m('138.4', 'GB/project/actual')}万元。"),
        P(f"会议费支出{m('1.8', 'GB/meetings/current')}万元，比上年减少{m('0.45', 'GB/meetings/change', True)}万元，下降{m('20', 'GB/meetings/changeRate', True)}%。"),
        P('三、政府性基金预算支出情况'),
        P('本年度无政府性基金预算支出。'),
        P('四、国有资本经营预算支出情况'),
        P('本年度无国有资本经营预算支出。'),
        P('五、社会保险基金预算支出情况'),
        P('本年度无社会保险基金预算支出。'),
        P('六、单位整体支出绩效情况'),
        P(f"经自评，本单位得分{m('91.35', '/performance/score')}分，绩效等级为“优秀”。"),
        P('七、存在的问题及原因分析'),
        P('部分项目前期论证不充分，执行进度不均衡。'),
        P('八、下一步改进措施'),
        P('加强项目库建设，提高预算执行的均衡性。'),
        P('附件1'),
        P('单位整体支出绩效评价基础数据表', center=True),
        base,
        P('附件2'),
        P('单位整体支出绩效自评表', center=True),
        funds,
        ind,
    ]
    return Variant('baisha-2022', '某某县白沙街道办事处', 2022, '万元', [
        'a sub-district office (街道办事处); the year only in the title "2022年度单位整体支出绩效自评报告" (the text says 本年度, the base data columns 上年决算数 / 本年预算数 / 本年决算数); the unit only in the base data table\'s first row (预算单位名称 | 某某县白沙街道办事处)',
        'tables as " | " rows without leading or trailing pipes; rows missing their merged cells start with " | | "',
        'fund block with 预算数 / 实际支出 / 分值 / 执行率 / 得分 (one budget column: read as the full-year budget A of 执行率 = 执行数 / 预算数)',
        'indicator headers 指标值 / 实际值 / 权重 / 得分; the indicator table breaks across pages with its header row repeated before 效益指标 (Word: a second table with the same header)',
        'also written as GB18030, UTF-16 LE with BOM and UTF-8 with BOM (same expected file)',
    ], blocks, encodings=True)


def tanghe():
    """Anhui template: a 镇政府, unit line above the table, markdown tables."""
    fr = ['name', 'ib', 'ab', 'ex', 'w', 'rate', 'score']
    funds = T([
        ['资金来源', '年初预算数', '全年预算数', '全年执行数', '分值', '执行率', '得分 (20分*执行率)'],
        fund_row(0, fr, '年度资金总额', ib='1320', ab='1405.6', ex='1359', w='20', rate='96.68%', score='19.34'),
        fund_row(1, fr, '其中：基本支出', ib='940', ab='956.4', ex='956.4', rate='100%'),
        fund_row(2, fr, '项目支出', ib='380', ab='449.2', ex='402.6', rate='89.63%'),
    ], 'markdown')
    items = [
        I(('产出指标', '40'), '数量指标', '高标准农田建设面积', '1500亩', '1500亩', '10', '10'),
        I(('产出指标', '40'), '数量指标', '农村改厕户数', '200户', '188户', '10', '9.4', '部分农户外出务工'),
        I(('产出指标', '40'), '质量指标', '工程验收合格率', '100%', '100%', '10', '10'),
        I(('产出指标', '40'), '时效指标', '资金拨付及时率', '100%', '100%', '10', '10'),
        I(('效益指标', '30'), '经济效益指标', '带动村集体经济增收', '≥5万元', '6.2万元', '10', '10'),
        I(('效益指标', '30'), '社会效益指标', '受益群众人数', '3000人', '3200人', '10', '10'),
        I(('效益指标', '30'), '生态效益指标', '农村生活垃圾无害化处理率', '≥90%', '92%', '10', '9'),
        I(('满意度指标', '10'), '服务对象满意度指标', '群众满意度', '≥90%', '96%', '10', '10'),
    ]
    ind = T([['一级指标', '二级指标', '三级指标', '预期指标值', '完成值', '标准分', '自评得分', '偏差原因分析及改进措施']]
            + indicator_rows(COLS_HUNAN, items)
            + [[C('总分', span=5), m('100', 'SE/totalWeight'), m('97.74', 'SE/totalScore'), '']],
            'markdown')
    blocks = [
        P('棠河镇政府' + m('2021', '/fiscalYear') + '年度部门整体支出绩效自评报告', center=True),
        P('一、部门基本情况'),
        P(f"棠河镇政府内设机构{m('7', '/profile/departments/count')}个，编制数{m('52', 'ST/authorized')}人，其中行政编制{m('31', 'ST/administrative')}人，事业编制{m('21', 'ST/institutional')}人，实有在职人数{m('50', 'ST/active')}人。"),
        P('二、一般公共预算支出情况'),
        P(f"2021年基本支出共计{m('956.4', 'GB/basic/actual')}万元，其中人员经费{m('781.25', 'GB/basic/personnel')}万元，公用经费{m('175.15', 'GB/basic/publicUse')}万元。"
          f"项目支出预算为{m('449.2', 'GB/project/budget')}万元，实际支出为{m('402.6', 'GB/project/actual')}万元。"),
        P(f"三公经费支出{m('8.6', 'GB/threePublic/total/current')}万元，比上年减少{m('2.4', 'GB/threePublic/total/change', True)}万元，下降{m('21.82', 'GB/threePublic/total/changeRate', True)}%。"),
        P('三、政府性基金预算支出情况'),
        P(f"2021年度政府性基金预算支出{m('120', '/governmentFund/actual')}万元，主要用于美丽乡村建设。"),
        P('四、国有资本经营预算支出情况'),
        P('2021年度无国有资本经营预算支出。'),
        P('五、部门整体支出绩效情况'),
        P(f"经自评，我镇得分{m('97.74', '/performance/score')}分，绩效等级为“优秀”。"),
        P('六、存在的问题及原因分析'),
        P('绩效目标设置不够细化，个别指标难以量化。'),
        P('七、下一步改进措施'),
        P('完善绩效指标体系，加强绩效运行监控。'),
        P('附件'),
        P('部门整体支出绩效自评表', center=True),
        P('单位名称:棠河镇政府 填报日期:2022.4.20'),
        funds,
        ind,
    ]
    return Variant('tanghe-2021', '棠河镇政府', 2021, '万元', [
        'a 镇政府 whose name does not end in 人民政府 (棠河镇政府), named so in the title and in a unit line "单位名称:棠河镇政府 填报日期:2022.4.20" above the table (the date is not the fiscal year)',
        'markdown tables: framed " | " rows with a |---|---| rule under each header',
        'fund header words 资金来源 / 年初预算数 / 全年预算数 / 全年执行数 / 分值 / 执行率 / "得分 (20分*执行率)" with a weight of 20',
        'indicator header words 预期指标值 / 完成值 / 标准分 / 自评得分; level-1 points 产出指标（40分）',
    ], blocks)


def hekou():
    """Guizhou template: every cell on its own line between blank lines; amounts in 元."""
    E = '—'
    fr = ['name', 'ib', 'ab', 'ex', 'w', 'rate', 'score']
    funds = T([
        ['项目', '年初预算数', '全年预算数', '全年执行数', '分值', '执行率', '得分'],
        fund_row(0, fr, '年度资金总额', E, ib='5,820,000.00', ab='6,350,400.00', ex='6,120,300.00', w='10', rate='96.38%', score='9.64'),
        fund_row(1, fr, '基本支出', E, ib='5,120,000.00', ab='5,236,800.00', ex='5,236,800.00', rate='100%'),
        fund_row(2, fr, '项目支出', E, ib='700,000.00', ab='1,113,600.00', ex='883,500.00', rate='79.34%'),
    ], 'cells')
    items = [
        I('产出指标', '数量指标', '村级组织运转保障村数', '9个', '9个', '15', '15', '无'),
        I('产出指标', '质量指标', '森林防火设施完好率', '≥95%', '96%', '15', '15', '无'),
        I('产出指标', '时效指标', '资金拨付及时率', '100%', '90%', '10', '9', '部分资金年底到位'),
        I('产出指标', '成本指标', '项目支出控制在预算内', '≤1,113,600元', '883,500元', '10', '10', '无'),
        I('效益指标', '社会效益指标', '森林火灾受害率', '≤0.9‰', '0', '15', '15', '无'),
        I('效益指标', '可持续影响指标', '基层组织运转\n保障机制', '健全', '健全', '15', '13.5', '个别村制度落实不到位'),
        I('满意度指标', '服务对象满意度指标', '群众满意度', '≥90%', '92%', '10', '10', '无'),
    ]
    ind = T([['一级指标', '二级指标', '三级指标', '目标值', '实际完成值', '分值', '得分', '偏差原因分析及改进措施']]
            + indicator_rows(COLS_HUNAN, items, merge=False)
            + [['总分', E, E, E, E, m('100', 'SE/totalWeight'), m('97.14', 'SE/totalScore'), E]],
            'cells')
    blocks = [
        P('某某县河口乡人民政府' + m('2020', '/fiscalYear') + '年度部门整体支出绩效自评报告', center=True),
        P('一、部门基本情况'),
        P(f"2020年末，我部门内设股室{m('4', '/profile/departments/count')}个，所属事业单位{m('3', '/profile/affiliatedUnits/count')}个。"),
        P(f"2020年末，我部门共有编制{m('32', 'ST/authorized')}人，其中行政编制{m('17', 'ST/administrative')}人，事业编制{m('15', 'ST/institutional')}人。"
          f"年末实有在职人员{m('31', 'ST/active')}人，退休人员{m('12', 'ST/retired')}人。"),
        P('二、一般公共预算支出情况'),
        P(f"2020年基本支出共计{m('523.68', 'GB/basic/actual')}万元，其中人员经费{m('441.2', 'GB/basic/personnel')}万元，公用经费{m('82.48', 'GB/basic/publicUse')}万元。"),
        P(f"2020年本部门项目支出预算{m('111.36', 'GB/project/budget')}万元，实际支出为{m('88.35', 'GB/project/actual')}万元。"
          f"其中：村级组织运转经费{m('60', 'GB/project/items/0/amount')}万元，森林防火经费{m('28.35', 'GB/project/items/1/amount')}万元。"),
        P('三、政府性基金预算支出情况'),
        P('2020年度无政府性基金预算支出。'),
        P('四、部门整体支出绩效情况'),
        P(f"根据自评，得分{m('97.14', '/performance/score')}分，部门整体支出绩效为“优”。"),
        P('五、存在的问题及原因分析'),
        P('项目资金到位较晚，影响执行进度。'),
        P('六、下一步改进措施'),
        P('加强与上级部门沟通，提前做好项目储备。'),
        P('附件'),
        P(m('2020', 'SE/heading/fiscalYear') + '年度部门整体支出绩效自评表', center=True),
        P('金额单位：元'),
        funds,
        ind,
        P('说明：表中“—”表示不适用。'),
    ]
    return Variant('hekou-2020', '某某县河口乡人民政府', 2020, '元', [
        'every table cell on its own line with a blank line between cells and no TABs: the row width is known only from the header; three blank lines end a table',
        'amounts in 元 stated by a line "金额单位：元" above the table, with thousands commas (6,120,300.00); the narrative stays in 万元 (amountUnit here is the tables\' unit)',
        'cells that do not apply hold "—" (not figures); level-1 and level-2 names repeated on every row instead of merged; one indicator name wrapped onto two lines inside its cell',
        'indicator header words 目标值 / 实际完成值; a township (乡) government',
    ], blocks)


def jinping():
    """Gansu template in TAB rows: 部门(单位)名称, amounts in 元 in the headers, 单位 and 完成率 columns."""
    fr = ['name', 'ib', 'ab', 'ex', 'w', 'rate', 'score', 'note']
    sp = [2, 1, 1, 1, 1, 1, 1, 2]
    items = [
        I('部门管理', '资金投入', '基本支出预算执行率', '100%', '100', '5', '5', unit='%', rate='100.00%'),
        I('部门管理', '资金投入', '项目支出预算执行率', '≥90%', '93.45', '5', '5', unit='%', rate='100.00%'),
        I('部门管理', '财务管理', '资金使用规范性', '规范', '规范', '5', '5', rate='100'),
        I('部门管理', '人员管理', '在职人员控制率', '≤100%', '95.74', '5', '4.5', '编外人员偏多', unit='%', rate='90%'),
        I('履职效果', '部门履职目标', '重点工作完成率', '100%', '98', '15', '14.7', unit='%', rate='98.00%'),
        I('履职效果', '部门履职目标', '乡村振兴项目实施个数', '12', '12', '15', '15', unit='个', rate='100.00%'),
        I('履职效果', '服务对象满意度', '群众满意度', '≥95%', '97', '20', '20', unit='%', rate='102.11%'),
        I('能力建设', '长效管理', '制度建设完善', '完善', '基本完善', '10', '9', '个别制度需修订', rate='90'),
        I('能力建设', '档案管理', '资料归档率', '100%', '100', '10', '10', unit='%', rate='100'),
    ]
    cols = ['l1', 'l2', 'name', 'unit', 'target', 'actual', 'weight', 'rate', 'score', 'dev']
    table = T([
        [C('部门整体支出绩效自评表', span=10)],
        [C('（' + m('2024', 'SE/heading/fiscalYear') + '年度）', span=10)],
        [C('部门(单位)名称', span=2), C('某某县金坪镇人民政府', span=8)],
        [C(x, span=s) for x, s in zip(['项目', '年初预算数（元）', '全年预算数（元）', '全年执行数（元）', '分值', '执行率', '得分', '未完成原因分析'], sp)],
        fund_row(0, fr, '年度资金总额', spans=sp, ib='8850000', ab='9986000', ex='9864200', w='10', rate='98.78%', score='9.88'),
        fund_row(1, fr, '1. 人员经费', spans=sp, ib='6812400.00', ab='7055300.00', ex='7055300.00', rate='100%'),
        fund_row(2, fr, '2. 公用经费', spans=sp, ib='837600.00', ab='1070700.00', ex='1070700.00', rate='100%'),
        fund_row(3, fr, '3. 项目支出', spans=sp, ib='1200000.00', ab='1860000.00', ex='1738200.00', rate='93.45%', note='部分项目按进度拨付'),
        [C('预期目标', span=2), C('1. 保障机关正常运转。2. 推进乡村振兴重点项目实施。3. 改善农村人居环境。', span=8)],
        [C('实际完成情况', span=2), C('各项工作有序推进，年度目标基本完成。', span=8)],
        ['一级指标', '二级指标', '三级指标', '单位', '年度目标值', '实际完成值', '分值', '完成率', '得分', '未完成原因分析'],
    ] + indicator_rows(cols, items) + [
        [C('总分', span=6), m('100', 'SE/totalWeight'), '', m('98.08', 'SE/totalScore'), ''],
    ], 'tabrows')
    blocks = [
        P('某某县金坪镇人民政府', center=True),
        P('金政函字〔2025〕12号', center=True),
        P('金坪镇人民政府 ' + m('2024', '/fiscalYear') + '年度预算执行情况绩效自评报告', center=True),
        P('为科学管理和使用预算资金，根据县财政局有关要求，我单位成立自评工作小组，对2024年度整体支出绩效开展了自评，现将有关情况报告如下。'),
        P('一、基本情况'),
        P('（一）部门主要职能'),
        P('1、制定和组织实施经济、科技和社会发展计划，促进经济发展。'),
        P('2、负责本行政区域内的民政、文化教育、卫生等社会公益事业。'),
        P('（二）人员编制情况'),
        P(f"金坪镇人民政府人员编制{m('47', 'ST/authorized')}名，其中：行政编制{m('20', 'ST/administrative')}名，机关工勤{m('2', 'ST/other')}名，事业编制{m('25', 'ST/institutional')}名。"),
        P('二、部门整体支出绩效自评情况分析'),
        P('（一）部门决算情况'),
        P(f"2024 年本部门收入 {m('986.42', '/finalAccounts/income/total')} 万元，其中一般公共预算财政拨款收入 {m('950.3', '/finalAccounts/income/generalBudgetGrant')} 万元。"
          f"2024 年全年支出 {m('986.42', '/finalAccounts/expenditure/total')} 万元，整体支出完成率 {m('100', '/finalAccounts/expenditure/completionRate')}%。"),
        P('（二）总体绩效目标完成情况分析'),
        P(f"部门预算基本支出 {m('812.6', 'GB/basic/actual')} 万元，执行率为 {m('100', 'GB/basic/executionRate')}%；项目支出 {m('173.82', 'GB/project/actual')} 万元，执行率为 {m('93.45', 'GB/project/executionRate')}%。"),
        P('三、部门预算项目支出绩效自评情况'),
        P(f"2024 年，本部门预算支出项目 {m('12', '/projectEvaluation/count')} 个，当年财政拨款 {m('186', '/projectEvaluation/budget')} 万元，全年支出 {m('173.82', '/projectEvaluation/executed')} 万元，执行率 {m('93.45', '/projectEvaluation/executionRate')}%。"
          f"通过自评，有 {m('7', '/projectEvaluation/excellent')} 个项目结果为“优秀”，{m('4', '/projectEvaluation/good')} 个项目结果为“良好”，{m('1', '/projectEvaluation/pass')} 个项目结果为“合格”，整体评价得分 {m('92.6', '/projectEvaluation/averageScore')} 分。"),
        P('四、其他需要说明的问题'),
        P('无。'),
        P('部门整体支出绩效自评表'),
        table,
        P('说明 1 各部门可根据《部门整体支出绩效评价目标体系框架》设置三级指标和指标值。'),
    ]
    return Variant('jinping-2024', '某某县金坪镇人民政府', 2024, '元', [
        'Gansu template (部门管理 / 履职效果 / 能力建设) as TAB rows (one row per line, spanned cells followed by empty cells), the title rows and "（2024年度）" inside the table (heading/fiscalYear)',
        'a "部门(单位)名称" row in the table; amounts in 元 said in the headers ("年初预算数（元）"); the narrative in 万元 (amountUnit here is the tables\' unit)',
        'extra columns 单位 and 完成率, with 单位 placed before 年度目标值; completion rates written "100.00%", "90%" and "100"',
        'fund rows with a 分值 only on 年度资金总额 and a 未完成原因分析 note; a document number line; final accounts, execution rates and project evaluation counts in the narrative',
    ], blocks)


def shuangfeng():
    """Hubei template: header in two rows, framed pipes, no deviation column."""
    fr = ['name', 'ib', 'ab', 'ex', 'w', 'rate', 'score']
    funds = T([
        ['项目', '年初预算数', '全年预算数', '全年执行数', '分值', '执行率', '得分'],
        fund_row(0, fr, '年度资金总额', ib='962.5', ab='1008.3', ex='979.76', w='10', rate='97.17%', score='9.72'),
        fund_row(1, fr, '其中：基本支出', ib='702.5', ab='748.3', ex='731.86', rate='97.8%'),
        fund_row(2, fr, '项目支出', ib='260', ab='260', ex='247.9', rate='95.35%'),
    ], 'pipe', framed=(True, True))
    items = [
        I(('产出指标', '50'), '数量指标', '农田水利设施维修处数', '15处', '15处', '10', '10'),
        I(('产出指标', '50'), '数量指标', '集镇保洁面积', '12万平方米', '12万平方米', '10', '10'),
        I(('产出指标', '50'), '质量指标', '维修工程验收合格率', '100%', '100%', '10', '10'),
        I(('产出指标', '50'), '时效指标', '项目按期完工率', '≥95%', '93%', '10', '9.3'),
        I(('产出指标', '50'), '成本指标', '项目成本控制', '≤260万元', '247.9万元', '10', '10'),
        I(('效益指标', '30'), '社会效益指标', '受益农户数', '2600户', '2680户', '15', '15'),
        I(('效益指标', '30'), '生态效益指标', '集镇环境卫生达标率', '≥90%', '88%', '15', '13.35'),
        I(('满意度指标', '10'), '服务对象满意度指标', '群众满意度', '≥90%', '94%', '10', '10'),
    ]
    ind = T([
        [C('绩效指标', span=3), C('指标值', span=2), C('分值', vm='restart'), C('得分', vm='restart')],
        ['一级指标', '二级指标', '三级指标', '年度指标值', '实际完成值', C('', vm='cont'), C('', vm='cont')],
    ] + indicator_rows(['l1', 'l2', 'name', 'target', 'actual', 'weight', 'score'], items) + [
        [C('总分', span=5), m('100', 'SE/totalWeight'), m('97.37', 'SE/totalScore')],
    ], 'pipe', header_rows=2, framed=(True, True))
    blocks = [
        P('某某县双峰镇人民政府', center=True),
        P(m('2023', '/fiscalYear') + '年度部门整体支出绩效自评报告', center=True),
        P('一、部门概况'),
        P('（一）机构和人员'),
        P(f"内设科室{m('5', '/profile/departments/count')}个，所属事业单位{m('3', '/profile/affiliatedUnits/count')}个。共有编制{m('41', 'ST/authorized')}人，其中行政编制{m('23', 'ST/administrative')}人，事业编制{m('18', 'ST/institutional')}人。"
          f"年末实有在职人员{m('40', 'ST/active')}人，退休人员{m('15', 'ST/retired')}人。"),
        P('二、一般公共预算支出情况'),
        P(f"2023年基本支出年初预算数为{m('702.5', 'GB/basic/budget')}万元，实际支出为{m('731.86', 'GB/basic/actual')}万元。其中：人员经费{m('596.3', 'GB/basic/personnel')}万元；公用经费{m('135.56', 'GB/basic/publicUse')}万元。"),
        P(f"2023年本部门项目支出预算{m('260', 'GB/project/budget')}万元，实际支出为{m('247.9', 'GB/project/actual')}万元。"
          f"其中：农田水利设施维修资金{m('150', 'GB/project/items/0/amount')}万元，集镇环境卫生保洁经费{m('97.9', 'GB/project/items/1/amount')}万元。"),
        P(f"培训费支出{m('2.1', 'GB/training/current')}万元，比上年减少{m('0.7', 'GB/training/change', True)}万元，下降{m('25', 'GB/training/changeRate', True)}%。"),
        P('三、政府性基金预算支出情况'),
        P('2023年度无政府性基金预算支出。'),
        P('四、国有资本经营预算支出情况'),
        P([Text('2023年度国有资本经营预算支出'), Del('45万元'), Ins(m('4.5', '/stateCapital/actual') + '万元，主要用于企业'), Text('退休人员管理。')]),
        P('五、部门整体支出绩效情况'),
        P(f"根据自评，得分{m('97.37', '/performance/score')}分，部门整体支出绩效为“优”。"),
        P('六、存在的问题及原因分析'),
        P('部分项目受天气影响，完工时间推迟。'),
        P('七、下一步改进措施'),
        P('科学安排施工计划，加强项目进度管理。'),
        P('附件'),
        P(m('2023', 'SE/heading/fiscalYear') + '年度部门整体支出绩效自评表', center=True),
        funds,
        ind,
    ]
    return Variant('shuangfeng-2023', '某某县双峰镇人民政府', 2023, '万元', [
        'the indicator header in two rows: "绩效指标 | | | 指标值 | | 分值 | 得分" over "一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | | " (Word: gridSpan on the first row, vMerge down 分值 and 得分)',
        'framed " | " rows (leading and trailing pipes), no markdown rule; no 偏差原因分析及改进措施 column',
        'the unit on its own line above a title without it; 培训费 with its change; a tracked change in Word (45万元 deleted, 4.5万元 inserted)',
    ], blocks)


def longquan():
    """Guizhou template: TAB-led blocks (merged cells as lone TABs), 分值 before 年度指标值,
    the indicator table split across two pages with its header block repeated."""
    fr = ['name', 'ib', 'ab', 'ex', 'w', 'rate', 'score']
    funds = T([
        ['单位名称', C('某某县龙泉镇人民政府', span=6)],
        ['项目', '年初预算数', '全年预算数(A)', '全年执行数(B)', '分值', '执行率(B/A)', '得分'],
        fund_row(0, fr, '年度资金总额', ib='1480', ab='1596.5', ex='1507', w='10', rate='94.39%', score='9.44'),
        fund_row(1, fr, '其中：基本支出', ib='1000', ab='1041.5', ex='1018.74', rate='97.81%'),
        fund_row(2, fr, '项目支出', ib='480', ab='555', ex='488.26', rate='87.97%'),
    ], 'tabblock')
    items = [
        I(('产出指标', '50'), '数量指标', '衔接资金项目个数', '8个', '8个', '10', '10'),
        I(('产出指标', '50'), '数量指标', '防汛物资储备批次', '2批', '2批', '10', '10'),
        I(('产出指标', '50'), '质量指标', '项目验收合格率', '100%', '100%', '10', '10'),
        I(('产出指标', '50'), '时效指标', '资金拨付及时率', '100%', '95%', '10', '9.5', '个别项目\n拨付滞后'),
        I(('产出指标', '50'), '成本指标', '项目支出控制率', '≤100%', '87.97%', '10', '10'),
        I(('效益指标', '30'), '经济效益指标', '带动群众增收', '≥500元/人', '620元/人', '10', '10'),
        I(('效益指标', '30'), '社会效益指标', '受益人口', '5000人', '5200人', '10', '10'),
        I(('效益指标', '30'), '可持续影响指标', '项目后续管护', '长效', '长效', '10', '9'),
        I(('满意度指标', '10'), '服务对象满意度指标', '群众满意度', '≥90%', '92%', '10', '10'),
    ]
    cols = ['l1', 'l2', 'name', 'weight', 'target', 'actual', 'score', 'dev']
    ind = T([['一级指标', '二级指标', '三级指标', '分值', '年度\n指标值', '实际完成值', '得分', '偏差原因分析\n及改进措施']]
            + indicator_rows(cols, items, l1_points='\n（{}分）')
            + [[C('总分', span=3), m('100', 'SE/totalWeight'), '', '', m('97.94', 'SE/totalScore'), '']],
            'tabblock', splits=[6])
    blocks = [
        P(m('2022', '/fiscalYear') + '年度某某县龙泉镇人民政府部门整体支出绩效自评报告', center=True),
        P('一、部门基本情况'),
        P(f"2022年末，我部门内设股室{m('6', '/profile/departments/count')}个，所属事业单位{m('5', '/profile/affiliatedUnits/count')}个。"),
        P(f"2022年末，我部门共有编制{m('55', 'ST/authorized')}人，其中行政编制{m('30', 'ST/administrative')}人，事业编制{m('25', 'ST/institutional')}人。"
          f"年末实有在职人员{m('53', 'ST/active')}人，退休人员{m('21', 'ST/retired')}人。"),
        P('二、一般公共预算支出情况'),
        P(f"2022年基本支出共计{m('1018.74', 'GB/basic/actual')}万元，其中人员经费{m('842.6', 'GB/basic/personnel')}万元，公用经费{m('176.14', 'GB/basic/publicUse')}万元。"),
        P(f"2022年本部门项目支出预算{m('555', 'GB/project/budget')}万元，实际支出为{m('488.26', 'GB/project/actual')}万元。"
          f"其中：乡村振兴衔接资金{m('300', 'GB/project/items/0/amount')}万元，防汛抗旱经费{m('88.26', 'GB/project/items/1/amount')}万元，村级公益事业一事一议奖补资金{m('100', 'GB/project/items/2/amount')}万元。"),
        P(f"三公经费支出{m('9.8', 'GB/threePublic/total/current')}万元，比上年减少{m('1.7', 'GB/threePublic/total/change', True)}万元，下降{m('14.78', 'GB/threePublic/total/changeRate', True)}%。"),
        P('三、政府性基金预算支出情况'),
        P(f"2022年度政府性基金预算支出{m('62.4', '/governmentFund/actual')}万元，主要用于集镇基础设施建设。"),
        P('四、国有资本经营预算支出情况'),
        P('2022年度无国有资本经营预算支出。'),
        P('五、社会保险基金预算支出情况'),
        P('2022年度无社会保险基金预算支出。'),
        P('六、部门整体支出绩效情况'),
        P(f"根据部门整体支出绩效自评评分，得分{m('97.94', '/performance/score')}分，部门整体支出绩效为“优”。"),
        P('七、存在的问题及原因分析'),
        P('项目前期工作不够扎实，部分资金拨付滞后。'),
        P('八、下一步改进措施'),
        P('加强项目储备和前期论证，加快资金拨付。'),
        P([Text('— '), Field(' PAGE ', '1'), Text(' —')], center=True),
        P('附件'),
        P(m('2022', 'SE/heading/fiscalYear') + '年度部门整体支出绩效自评表', center=True),
        funds,
        P('绩效指标完成情况'),
        ind,
    ]
    return Variant('longquan-2022', '某某县龙泉镇人民政府', 2022, '万元', [
        'TAB-led blocks with merged cells as lone TAB lines; the fund block and the indicator table as two tables',
        'column order 一级指标 / 二级指标 / 三级指标 / 分值 / 年度指标值 / 实际完成值 / 得分 (分值 before the target); level-1 points on a second line "（50分）"',
        'the indicator table breaks across pages: its header block appears again before 效益指标 (Word: a second table with the same header row, a page break between)',
        'a page-number line "— 1 —" (in Word a PAGE field) between the narrative and the attachments; a deviation note wrapped onto two lines',
    ], blocks)


def xiaohe():
    """A template with nothing filled in."""
    tree = [('产出指标', ['数量指标', '质量指标', '时效指标', '成本指标']),
            ('效益指标', ['经济效益指标', '社会效益指标', '生态效益指标', '可持续影响指标']),
            ('满意度指标', ['服务对象满意度指标'])]
    ind = []
    for l1, l2s in tree:
        for k, l2 in enumerate(l2s):
            vm = None if len(l2s) == 1 else 'restart' if k == 0 else 'cont'
            ind.append([C('', vm='cont'), C(l1 if k == 0 else '', vm=vm), l2, '', '', '', '', '', ''])
    selfeval = T([
        ['单位名称', C('', span=8)],
        [C('年度预算申请（万元）', vm='restart'), C('', span=2), '年初预算数', '全年预算数(A)', '全年执行数(B)', '分值', '执行率(B/A)', '得分'],
        [C('', vm='cont'), C('年度资金总额', span=2), '', '', '', '', '', ''],
        [C('', vm='cont'), C('按收入性质分：', span=4), C('按支出性质分：', span=4)],
        [C('', vm='cont'), C('其中：一般公共预算：', span=4), C('其中：基本支出：', span=4)],
        [C('', vm='cont'), C('政府性基金拨款：', span=4), C('项目支出：', span=4)],
        [C('', vm='cont'), C('纳入专户管理的非税收入拨款：', span=4), C('', span=4)],
        [C('', vm='cont'), C('其他资金：', span=4), C('', span=4)],
        [C('年度总体目标', vm='restart'), C('年初目标设定', span=4), C('全年实际完成情况', span=4)],
        [C('', vm='cont'), C('', span=4), C('', span=4)],
        [C('绩效\n指标', vm='restart')] + IND_HEAD_HUNAN,
    ] + ind + [
        [C('总分', span=6), '', '', ''],
    ], 'tabblock')
    base = T([
        [C('财政供养人员情况（人）', vm='restart'), '编制数', '2024年实际在职人数', '控制率'],
        [C('', vm='cont'), '', '', ''],
        ['经费控制情况（万元）', '2023年决算数', '2024年预算数', '2024年决算数'],
        ['三公经费', '', '', ''],
        ['1、公务用车购置和维护经费', '', '', ''],
        ['其中：公车购置', '', '', ''],
        ['公车运行维护', '', '', ''],
        ['2、出国经费', '', '', ''],
        ['3、公务接待', '', '', ''],
        ['项目支出', '', '', ''],
        ['公用经费', '', '', ''],
        ['其中：办公经费', '', '', ''],
        ['会议费、培训费', '', '', ''],
        ['政府采购金额', '', '', ''],
        ['厉行节约保障措施', C('', span=3)],
    ], 'tabblock')
    blocks = [
        P(m('2024', '/fiscalYear') + '年度某某县小河镇人民政府部门整体支出绩效自评报告', center=True),
        P('一、部门基本情况'),
        P('（一）部门职能职责'),
        P('（二）机构设置情况'),
        P('（三）人员编制情况'),
        P('二、一般公共预算支出情况'),
        P('（一）基本支出情况'),
        P('基本支出共计____万元，其中人员经费____万元，公用经费____万元。'),
        P('（二）项目支出情况'),
        P('三、政府性基金预算支出情况'),
        P('四、国有资本经营预算支出情况'),
        P('五、社会保险基金预算支出情况'),
        P('六、部门整体支出绩效情况'),
        P('七、存在的问题及原因分析'),
        P('八、下一步改进措施'),
        P('九、部门整体支出绩效自评结果拟应用和公开情况'),
        P('十、其他需要说明的情况'),
        P('附件：1.部门整体支出绩效评价基础数据表'),
        P('2.部门整体支出绩效自评表'),
        P('附件1-1'),
        P('部门整体支出绩效评价基础数据表', center=True),
        base,
        P('附件1-2'),
        P('部门整体支出绩效自评表', center=True),
        selfeval,
        P('说明：1.分值设定100分，其中预算执行率10分、产出指标50分、效益指标30分、满意度指标10分。除预算执行率外的指标应根据权重自行合理设定分值。'),
        P('2.综合评价等级分为优秀（大于90分）、良好（80-90分）、较差（60-80分）、差（小于60分）。'),
        P('3.三级绩效指标按需自行增减行。'),
    ]
    return Variant('xiaohe-2024', '某某县小河镇人民政府', 2024, '万元', [
        'the county template with nothing filled in: headings without text, "基本支出共计____万元", both tables with their captions, headers and row names but no values; level-1 cells without points',
        'expected: no figure but the fiscal year (the 说明 lines under the table state the template\'s points, which are not the report\'s figures; the column captions 2023年决算数 … are not figures)',
    ], blocks)


def dongping():
    """Full-width digits, spaces and commas inside numbers, 万 alone, 得分 before 实际值."""
    fr = ['name', 'ib', 'ab', 'ex', 'w', 'rate', 'score']
    funds = T([
        ['项目', '年初预算数', '全年预算数', '全年执行数', '分值', '执行率', '得分'],
        fund_row(0, fr, '年度资金总额', ib='1,520.6', ab='1,612.35', ex='1 573.75', w='10', rate='97.61%', score='９.７６'),
        fund_row(1, fr, '其中：基本支出', ib='1,180.6', ab='1,262.35', ex='1,236.95', rate='97.99%'),
        fund_row(2, fr, '项目支出', ib='340', ab='350', ex='３３６.８', rate='96.23%'),
    ], 'pipe', framed=(True, True))
    items = [
        I(('产出指标', '50'), '数量指标', '道路硬化里程', '１５公里', '１５公里', '１０', '１０'),
        I(('产出指标', '50'), '数量指标', '危房改造户数', '４０户', '３８户', '１０', '９．５', '２户未完工'),
        I(('产出指标', '50'), '质量指标', '工程验收合格率', '100%', '100%', '10', '10'),
        I(('产出指标', '50'), '时效指标', '项目完成及时率', '100%', '100%', '10', '10'),
        I(('产出指标', '50'), '成本指标', '项目成本节约率', '≥3%', '3.8%', '10', '10'),
        I(('效益指标', '30'), '社会效益指标', '受益群众人数', '8000人', '8500人', '15', '15'),
        I(('效益指标', '30'), '可持续影响指标', '设施管护机制', '健全', '基本健全', '15', '14'),
        I(('满意度指标', '10'), '服务对象满意度指标', '群众满意度', '≥90%', '96%', '10', '10'),
    ]
    cols = ['l1', 'l2', 'name', 'target', 'weight', 'score', 'actual', 'dev']
    ind = T([['一级指标', '二级指标', '三级指标', '年初目标值(A)', '分值(10分)', '得分', '全年实际值(B)', '偏差原因分析及改进措施']]
            + indicator_rows(cols, items, l1_points=' ({}分)')
            + [[C('总分', span=4), m('100', 'SE/totalWeight'), m('９８.２６', 'SE/totalScore'), '', '']],
            'pipe', framed=(True, True))
    blocks = [
        P(m('２０２３', '/fiscalYear') + '年度某某县东平镇人民政府部门整体支出绩效自评报告', center=True),
        P('一、部门基本情况'),
        P(f"我镇内设机构{m('５', '/profile/departments/count')}个，编制数{m('３８', 'ST/authorized')}人，其中行政编制{m('２２', 'ST/administrative')}人，事业编制{m('１６', 'ST/institutional')}人，实有在职人数{m('３７', 'ST/active')}人。"),
        P('二、一般公共预算支出情况'),
        P(f"２０２３年基本支出共计{m('1 236.95万', 'GB/basic/actual')}，其中人员经费{m('1,012.4', 'GB/basic/personnel')}万元，公用经费{m('２２４．５５', 'GB/basic/publicUse')}万元。", sdt='基本支出'),
        P(f"项目支出预算为{m('３５０', 'GB/project/budget')}万元，实际支出为{m('３３６.８', 'GB/project/actual')}万元。"),
        P(f"三公经费支出{m('７.２', 'GB/threePublic/total/current')}万元，比上年减少{m('０.８', 'GB/threePublic/total/change', True)}万元，下降{m('１０', 'GB/threePublic/total/changeRate', True)}%。"),
        P('三、政府性基金预算支出情况'),
        P('２０２３年度无政府性基金预算支出。'),
        P('四、国有资本经营预算支出情况'),
        P(f"２０２３年度国有资本经营预算支出{m('１２.５', '/stateCapital/actual')}万元，主要用于企业退休人员管理。"),
        P('五、部门整体支出绩效情况'),
        P(f"经自评，我镇得分{m('９８.２６', '/performance/score')}分，绩效等级为“优秀”。"),
        P('六、存在的问题及原因分析'),
        P('个别项目实施进度偏慢。'),
        P('附件'),
        P('部门整体支出绩效自评表', center=True),
        funds,
        ind,
    ]
    return Variant('dongping-2023', '某某县东平镇人民政府', 2023, '万元', [
        'full-width digits (２０２３, ３３６.８, ２２４．５５ with a full-width point, ９．５), a space as thousands separator (1 573.75, "1 236.95万" with 万 alone) and thousands commas (1,236.95)',
        'indicator columns 年初目标值(A) / 分值(10分) / 得分 / 全年实际值(B): 得分 before the actual value; level-1 points after a space "产出指标 (50分)"',
        'framed " | " rows; in Word the 基本支出 paragraph sits in a content control',
    ], blocks)


def yangliu():
    """Anhui template: no 二级指标 column, pipes with a leading pipe only, base data by year."""
    base = T([
        [C('财政供养人员情况（人）', vm='restart'), '编制数', '2021 年实际在职人数', '控制率'],
        [C('', vm='cont'), m('36', 'BD/staffing/authorized'), m('35', 'BD/staffing/actual'), m('97.22%', 'BD/staffing/controlRate')],
        ['经费控制情况（万元）', '2020年决算数', '2021年预算数', '2021年决算数'],
        base_row(0, '三公经费', '5.2', '5.5', '4.6'),
        base_row(1, '其中：公务接待', '1.4', '1.5', '1.1'),
        base_row(2, '项目支出', '168.3', '185', '179.6'),
        base_row(3, '公用经费', '118.7', '124', '126.22'),
        base_row(4, '会议费培训费', '2.6', '2.8', '2.1'),
        base_row(5, '部门基本支出预算调整', None, None, None),
    ], 'pipe', framed=(True, False))
    fr = ['name', 'ib', 'ab', 'ex', 'w', 'rate', 'score']
    funds = T([
        ['资金来源', '年初预算数', '全年预算数', '执行数', '分值', '执行率', '评分'],
        fund_row(0, fr, '年度资金总额', ib='773.3', ab='803.4', ex='784.32', w='10', rate='97.63%', score='9.76'),
        fund_row(1, fr, '其中：基本支出', ib='588.3', ab='613.4', ex='604.72', rate='98.59%'),
        fund_row(2, fr, '项目支出', ib='185', ab='190', ex='179.6', rate='94.53%'),
    ], 'pipe', framed=(True, False))
    items = [
        I(('产出指标', '50'), '', '社区网格化管理覆盖率', '100%', '100%', '15', '15'),
        I(('产出指标', '50'), '', '老旧小区改造', '2个', '2个', '15', '15'),
        I(('产出指标', '50'), '', '资金拨付及时率', '≥95%', '94%', '10', '9', '个别项目结算滞后'),
        I(('产出指标', '50'), '', '项目成本控制', '≤190万元', '179.6万元', '10', '10'),
        I(('效益指标', '30'), '', '辖区治安案件下降率', '≥5%', '6.2%', '15', '15'),
        I(('效益指标', '30'), '', '居民办事便利度', '提高', '提高', '15', '14'),
        I(('满意度指标', '10'), '', '居民满意度', '≥90%', '93%', '10', '10'),
    ]
    cols = ['l1', 'name', 'target', 'actual', 'weight', 'score', 'dev']
    ind = T([['一级指标', '三级指标', '指标值', '实际值', '分值', '评分', '偏差原因分析及改进措施']]
            + indicator_rows(cols, items)
            + [[C('总分', span=4), m('100', 'SE/totalWeight'), m('97.76', 'SE/totalScore'), '']],
            'pipe', framed=(True, False))
    blocks = [
        P('某某县杨柳街道办事处' + m('2021', '/fiscalYear') + '年度部门整体支出绩效自评报告', center=True),
        P('一、部门概况'),
        P('（一）主要职能'),
        P('(1)负责辖区党的建设和社区治理。'),
        P('(2)负责辖区公共服务和社会事务管理。'),
        P('（二）机构和人员'),
        P(f"内设科室{m('6', '/profile/departments/count')}个，所属事业单位{m('2', '/profile/affiliatedUnits/count')}个。共有编制{m('36', 'ST/authorized')}人，其中行政编制{m('21', 'ST/administrative')}人，事业编制{m('15', 'ST/institutional')}人。"
          f"年末实有在职人员{m('35', 'ST/active')}人，退休人员{m('10', 'ST/retired')}人。"),
        P('二、一般公共预算支出情况'),
        P(f"2021年基本支出年初预算数为{m('588.3', 'GB/basic/budget')}万元，实际支出为{m('604.72', 'GB/basic/actual')}万元。其中：人员经费{m('478.5', 'GB/basic/personnel')}万元；公用经费{m('126.22', 'GB/basic/publicUse')}万元。"),
        P(f"2021年本部门项目支出预算{m('185', 'GB/project/budget')}万元，实际支出为{m('179.6', 'GB/project/actual')}万元。"
          f"其中：社区治理经费{m('120', 'GB/project/items/0/amount')}万元，辖区环境整治资金{m('59.6', 'GB/project/items/1/amount')}万元。"),
        P(f"会议费支出{m('0.9', 'GB/meetings/current')}万元，比上年减少{m('0.3', 'GB/meetings/change', True)}万元，下降{m('25', 'GB/meetings/changeRate', True)}%。"),
        P('三、政府性基金预算支出情况'),
        P('2021年度无政府性基金预算支出。'),
        P('四、部门整体支出绩效情况'),
        P(f"根据自评，得分{m('97.76', '/performance/score')}分，部门整体支出绩效为“优”。"),
        P('五、存在的问题及原因分析'),
        P('个别项目结算滞后，影响资金拨付进度。'),
        P('附件1'),
        P('部门整体支出绩效评价基础数据表', center=True),
        base,
        P('附件2'),
        P('部门整体支出绩效自评表', center=True),
        funds,
        ind,
    ]
    return Variant('yangliu-2021', '某某县杨柳街道办事处', 2021, '万元', [
        'a sub-district office; " | " rows with a leading pipe and no trailing pipe',
        'the indicator table has no 二级指标 column (一级指标 / 三级指标 / 指标值 / 实际值 / 分值 / 评分 / 偏差原因分析及改进措施)',
        'fund header words 资金来源 / 执行数 / 评分',
        'base data table with "2021 年实际在职人数" and 2020年决算数 / 2021年预算数 / 2021年决算数, rows 会议费培训费 and a blank 部门基本支出预算调整',
    ], blocks)


VARIANTS = [qingshi, baisha, tanghe, hekou, jinping, shuangfeng, longquan, xiaohe, dongping, yangliu]


def all_variants():
    return [f() for f in VARIANTS]
