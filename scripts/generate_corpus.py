#!/usr/bin/env python3
"""Generates realistic department budget disclosures (部门预算公开) for benchmarks and bulk tests.

Each document is built from templates modelled on the seed disclosure (corpus/000_*.txt): a
narrative (functions, revenue and expenditure, 三公, operating costs, procurement, vehicles)
and the standard tables (收支总表, 收入总表, 支出总表, 财政拨款收支总表, 一般公共预算支出表, 基本支出表,
三公经费表, 政府性基金表, and sometimes 项目支出表). What varies: district and department (the same
department name recurs across districts, and files with the same name sit in different
folders), fiscal year, the functional and economic classification rows, every amount, the table
unit (万元 or 元), the order of the tables, and which optional tables are present.

Amounts stay internally consistent: 项 rows sum to 款, 款 to 类, 类 to 合计; every row's total is
basic + project; personnel + public equals basic; 三公 parts sum to its total; the narrative
states the same totals (in 万元, rounded to the printed precision when a table prints 元).

Output is deterministic: document i depends only on (--seed, i), so a larger corpus starts with
the same documents as a smaller one. Formats:

  .txt   the seed's layout: each table cell on its own TAB-led line, rows separated by blank
         lines, titles and units as plain lines.
  .docx  a minimal WordprocessingML package written with zipfile: paragraphs, and tables with
         merged header cells (gridSpan, vMerge) and text split across runs as Word does.

Usage: generate_corpus.py --out DIR --count N [--seed S] [--docx-share 0.5]
Writes DIR/<district>/<year>/<department>.<ext> and prints one summary line.
"""

import argparse
import os
import random
import sys
import zipfile
from xml.sax.saxutils import escape

CITY = "重庆市"
DISTRICTS = [
    "九龙坡区", "渝中区", "江北区", "沙坪坝区", "南岸区", "北碚区", "渝北区", "巴南区",
    "涪陵区", "万州区", "永川区", "合川区", "江津区", "璧山区", "铜梁区", "大足区",
]

# Department name → the 类 its project spending concentrates in (code list below).
DEPARTMENTS = [
    ("人民政府办公室", ["201"]),
    ("财政局", ["201"]),
    ("审计局", ["201"]),
    ("统计局", ["201"]),
    ("教育委员会", ["205", "201"]),
    ("文化和旅游发展委员会", ["207"]),
    ("民政局", ["208"]),
    ("人力资源和社会保障局", ["208", "201"]),
    ("卫生健康委员会", ["210"]),
    ("生态环境局", ["211"]),
    ("城市管理局", ["212"]),
    ("农业农村委员会", ["213"]),
    ("交通局", ["214"]),
    ("应急管理局", ["224"]),
    ("司法局", ["204"]),
]

# 支出功能分类: 类 → (name, {款 → (name, [(项, name)])}).
FUNCTIONAL = {
    "201": ("一般公共服务支出", {
        "20101": ("人大事务", [("2010101", "行政运行"), ("2010102", "一般行政管理事务")]),
        "20103": ("政府办公厅（室）及相关机构事务", [
            ("2010301", "行政运行"), ("2010302", "一般行政管理事务"), ("2010350", "事业运行"),
            ("2010399", "其他政府办公厅（室）及相关机构事务支出")]),
        "20106": ("财政事务", [
            ("2010601", "行政运行"), ("2010602", "一般行政管理事务"), ("2010699", "其他财政事务支出")]),
        "20108": ("审计事务", [("2010801", "行政运行"), ("2010804", "审计业务")]),
        "20105": ("统计信息事务", [("2010501", "行政运行"), ("2010507", "专项普查活动")]),
    }),
    "204": ("公共安全支出", {
        "20406": ("司法", [("2040601", "行政运行"), ("2040604", "基层司法业务"),
                          ("2040610", "社区矫正")]),
    }),
    "205": ("教育支出", {
        "20501": ("教育管理事务", [("2050101", "行政运行"), ("2050199", "其他教育管理事务支出")]),
        "20502": ("普通教育", [("2050201", "学前教育"), ("2050202", "小学教育"),
                            ("2050203", "初中教育")]),
    }),
    "207": ("文化旅游体育与传媒支出", {
        "20701": ("文化和旅游", [("2070101", "行政运行"), ("2070109", "群众文化"),
                               ("2070111", "文化创作与保护")]),
    }),
    "208": ("社会保障和就业支出", {
        "20805": ("行政事业单位养老支出", [
            ("2080505", "机关事业单位基本养老保险缴费支出"),
            ("2080506", "机关事业单位职业年金缴费支出"), ("2080599", "其他行政事业单位养老支出")]),
        "20802": ("民政管理事务", [("2080201", "行政运行"), ("2080208", "基层政权建设和社区治理")]),
    }),
    "210": ("卫生健康支出", {
        "21011": ("行政事业单位医疗", [
            ("2101101", "行政单位医疗"), ("2101102", "事业单位医疗"), ("2101103", "公务员医疗补助")]),
        "21004": ("公共卫生", [("2100409", "重大公共卫生服务"), ("2100410", "突发公共卫生事件应急处理")]),
    }),
    "211": ("节能环保支出", {
        "21101": ("环境保护管理事务", [("2110101", "行政运行"), ("2110104", "生态环境保护宣传")]),
    }),
    "212": ("城乡社区支出", {
        "21201": ("城乡社区管理事务", [("2120101", "行政运行"), ("2120104", "城管执法")]),
    }),
    "213": ("农林水支出", {
        "21301": ("农业农村", [("2130101", "行政运行"), ("2130108", "病虫害控制"),
                            ("2130122", "农业生产发展")]),
    }),
    "214": ("交通运输支出", {
        "21401": ("公路水路运输", [("2140101", "行政运行"), ("2140106", "公路养护")]),
    }),
    "221": ("住房保障支出", {
        "22102": ("住房改革支出", [("2210201", "住房公积金"), ("2210203", "购房补贴")]),
    }),
    "224": ("灾害防治及应急管理支出", {
        "22401": ("应急管理事务", [("2240101", "行政运行"), ("2240106", "安全监管")]),
    }),
}

# 部门预算支出经济分类 for basic spending: 类 → (name, personnel?, [(款, name)]).
ECONOMIC_BASIC = [
    ("301", "工资福利支出", True, [
        ("30101", "基本工资"), ("30102", "津贴补贴"), ("30103", "奖金"), ("30107", "绩效工资"),
        ("30108", "机关事业单位基本养老保险缴费"), ("30109", "职业年金缴费"),
        ("30110", "职工基本医疗保险缴费"), ("30112", "其他社会保障缴费"), ("30113", "住房公积金"),
        ("30199", "其他工资福利支出")]),
    ("302", "商品和服务支出", False, [
        ("30201", "办公费"), ("30202", "印刷费"), ("30205", "水费"), ("30206", "电费"),
        ("30207", "邮电费"), ("30211", "差旅费"), ("30213", "维修（护）费"), ("30215", "会议费"),
        ("30216", "培训费"), ("30217", "公务接待费"), ("30228", "工会经费"), ("30229", "福利费"),
        ("30231", "公务用车运行维护费"), ("30239", "其他交通费用"), ("30299", "其他商品和服务支出")]),
    ("303", "对个人和家庭的补助", True, [
        ("30302", "退休费"), ("30305", "生活补助"), ("30309", "奖励金")]),
]

ECONOMIC_PROJECT = [
    ("302", "商品和服务支出", [
        ("30201", "办公费"), ("30202", "印刷费"), ("30211", "差旅费"), ("30214", "租赁费"),
        ("30215", "会议费"), ("30216", "培训费"), ("30226", "劳务费"), ("30227", "委托业务费"),
        ("30299", "其他商品和服务支出")]),
    ("310", "资本性支出", [("31002", "办公设备购置"), ("31007", "信息网络及软件购置更新")]),
]

FUNCTIONS = [
    "贯彻执行国家和市、区有关方针政策和法律法规，研究拟订本领域发展规划并组织实施。",
    "负责本部门职责范围内的行政审批和公共服务事项，优化办事流程。",
    "组织实施本领域重大项目，监督检查项目资金使用和绩效情况。",
    "负责本系统安全生产、信访维稳和应急管理工作。",
    "指导、监督全区本领域政务公开和信息化建设工作。",
    "负责本部门财务、资产和内部审计管理工作。",
    "组织开展本领域调查研究，为区委、区政府决策提供依据。",
    "完成区委和区政府交办的其他任务。",
]
OFFICES = ["办公室", "综合科", "财务科", "法规科", "规划科", "业务一科", "业务二科", "督查科",
           "人事科", "信息科"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "明华强军平伟芳娟敏静丽婷磊洋勇艳杰涛超霞"


def amount_text(cents, separators=True):
    """Cents of the printed unit as the document prints them: 4,844.56."""
    sign = "-" if cents < 0 else ""
    whole, frac = divmod(abs(cents), 100)
    body = f"{whole:,}" if separators else str(whole)
    return f"{sign}{body}.{frac:02d}"


def wan_text(fen):
    """An exact amount in fen as the narrative prints it: 万元, two decimals, rounded half up."""
    return amount_text((fen + 5000) // 10000, separators=False)


def split(rng, total, parts, floor_share=0.05):
    """Splits an integer total into `parts` positive integers (when total allows)."""
    if parts <= 1:
        return [total]
    weights = [rng.random() + floor_share for _ in range(parts)]
    scale = sum(weights)
    shares = [int(total * w / scale) for w in weights]
    shares[-1] += total - sum(shares)
    return shares


class Doc:
    """One generated disclosure: blocks of ('p', text) and ('t', header_rows, body_rows)."""

    def __init__(self):
        self.blocks = []

    def p(self, text):
        self.blocks.append(("p", text))

    def table(self, headers, rows):
        self.blocks.append(("t", headers, rows))


def build(index, seed):
    rng = random.Random(f"{seed}:{index}")
    district = rng.choice(DISTRICTS)
    dept_short, focus = rng.choice(DEPARTMENTS)
    dept = f"{CITY}{district}{dept_short}"
    # Tables name the department without the city, or in full.
    table_owner = f"{district}{dept_short}" if rng.random() < 0.7 else dept
    year = rng.randint(2019, 2026)
    unit_yuan = rng.random() < 0.25
    # Amounts are held in fen (exact); tables print cents of their unit.
    unit_fen = 100 if unit_yuan else 1_000_000
    grain = 1 if unit_yuan else unit_fen // 100  # the smallest printed step, in fen

    def rnd(lo_wan, hi_wan):
        """A random amount between lo and hi 万元, on the printed grain, in fen."""
        fen = rng.randint(int(lo_wan * 1_000_000), int(hi_wan * 1_000_000))
        return fen // grain * grain

    def cell(fen):
        # Blank for zero, as disclosures print it. One printed cent is one grain.
        return "" if fen == 0 else amount_text(fen // grain)

    # Functional rows: always the personnel-linked 类 (208, 210, 221) plus the focus ones.
    classes = list(dict.fromkeys(focus + ["208", "210", "221"]))
    rng.shuffle(classes[len(focus):])
    lines = []  # (项 code, 项 name, 款, 类, basic fen, project fen)
    for klass in classes:
        name, kuan_map = FUNCTIONAL[klass]
        kuans = list(kuan_map.items())
        chosen = rng.sample(kuans, k=min(len(kuans), rng.randint(1, 2)))
        for kuan, (kuan_name, items) in sorted(chosen):
            for code, item_name in sorted(rng.sample(items, k=rng.randint(1, len(items)))):
                personnel_line = klass in ("208", "210", "221")
                basic = rnd(5, 400) if (personnel_line or item_name in ("行政运行", "事业运行")) else 0
                project = 0 if personnel_line else rnd(3, 900)
                if basic == 0 and project == 0:
                    project = rnd(3, 300)
                lines.append((code, item_name, kuan, klass, basic, project))
    basic_total = sum(l[4] for l in lines)
    project_total = sum(l[5] for l in lines)
    total = basic_total + project_total
    # Some departments fund part of one project from other income (其他收入).
    other_income = 0
    other_line = None
    project_lines = [i for i, l in enumerate(lines) if l[5] > 0]
    if project_lines and rng.random() < 0.2:
        other_line = rng.choice(project_lines)
        other_income = lines[other_line][5] // 5 // grain * grain
    general = total - other_income

    # 三公: parts sum to the total.
    reception = rnd(0, 3)
    vehicle_operation = rnd(0, 30)
    vehicle_purchase = rnd(15, 30) if rng.random() < 0.2 else 0
    outbound = rnd(0, 10) if rng.random() < 0.15 else 0
    three_total = reception + vehicle_operation + vehicle_purchase + outbound
    # Basic spending by economic class: personnel (301, 303) and public (302).
    public_total = (basic_total * rng.randint(12, 25) // 100) // grain * grain
    personnel_total = basic_total - public_total
    econ_rows = []  # (类 code, name, [(款, name, fen)], personnel?)
    per_303 = (personnel_total * rng.randint(0, 8) // 100) // grain * grain
    for klass, name, personnel, items in ECONOMIC_BASIC:
        budget = (personnel_total - per_303) if klass == "301" else (public_total if klass == "302" else per_303)
        if budget == 0:
            continue
        picked = sorted(rng.sample(items, k=rng.randint(min(3, len(items)), len(items))))
        amounts = [s * grain for s in split(rng, budget // grain, len(picked))]
        # 三公 counts basic and project spending alike, so the basic-spending rows of its items
        # stay within the 三公 figures; what they would exceed goes to another item.
        caps = {"30217": reception, "30231": vehicle_operation}
        excess = 0
        for i, (code, _) in enumerate(picked):
            if code in caps and amounts[i] > caps[code]:
                excess += amounts[i] - caps[code]
                amounts[i] = caps[code]
        free = [i for i, (code, _) in enumerate(picked) if code not in caps]
        if excess and free:
            amounts[free[0]] += excess
        elif excess:
            continue  # every picked item is capped: leave the class out rather than break sums
        econ_rows.append((klass, name, [(c, n, f) for (c, n), f in zip(picked, amounts)], personnel))

    operating = public_total
    procurement = [rnd(0, 50), rnd(0, 100) if rng.random() < 0.3 else 0, rnd(0, 200)]
    vehicles = rng.randint(0, 12)
    buy = 1 if vehicle_purchase else 0
    def last_year(x):
        # Changes are whole 0.01万元, so that the narrative states them exactly and a total's
        # change is the sum of its parts' changes.
        step = 10_000
        return x + (rng.randint(-15, 15) * x // 100) // step * step

    prior_basic, prior_project = last_year(basic_total), last_year(project_total - other_income)
    prior_general = prior_basic + prior_project
    prior_total = prior_general + other_income
    prior_three = [last_year(x) for x in (outbound, reception, vehicle_operation, vehicle_purchase)]

    def change(now, before):
        d = now - before
        return ("增加" if d >= 0 else "减少"), wan_text(abs(d))

    doc = Doc()
    doc.p(dept)
    doc.p(f"{year}年预算公开情况说明")
    doc.p("一、单位基本情况")
    doc.p("（一）职能职责")
    for i, text in enumerate(rng.sample(FUNCTIONS, k=rng.randint(3, 6)), start=1):
        doc.p(f"{i}.{text}")
    doc.p("（二）单位构成")
    offices = rng.sample(OFFICES, k=rng.randint(3, 7))
    doc.p(f"{dept_short}内设{len(offices)}个机构科室，分别是{'、'.join(offices)}。"
          f"下属{rng.randint(1, 6)}个二级预算单位。")
    doc.p("二、部门收支总体情况")
    word, delta = change(total, prior_total)
    doc.p(f"（一）收入预算：{year}年年初预算数{wan_text(total)}万元，其中：一般公共预算拨款"
          f"{wan_text(general)}万元，政府性基金预算拨款0万元，国有资本经营预算收入0万元，事业收入0万元，"
          f"事业单位经营收入0万元，其他收入{wan_text(other_income)}万元。收入较{year - 1}年{word}{delta}万元，"
          f"主要是人员调整及项目经费变化。")
    class_sums = {}
    for l in lines:
        class_sums[l[3]] = class_sums.get(l[3], 0) + l[4] + l[5]
    parts = "，".join(f"{FUNCTIONAL[k][0]}预算{wan_text(v)}万元" for k, v in class_sums.items())
    doc.p(f"（二）支出预算：{year}年年初预算数{wan_text(total)}万元，其中：{parts}。"
          f"支出预算较{year - 1}年{word}{delta}万元，主要是项目经费调整。")
    doc.p("三、部门预算情况说明")
    gb_project = project_total - other_income
    w0, d0 = change(general, prior_general)
    w1, d1 = change(basic_total, prior_basic)
    w2, d2 = change(gb_project, prior_project)
    doc.p(f"{year}年一般公共预算财政拨款收入{wan_text(general)}万元，一般公共预算财政拨款支出"
          f"{wan_text(general)}万元，比{year - 1}年{w0}{d0}万元。其中：基本支出{wan_text(basic_total)}万元，"
          f"比{year - 1}年{w1}{d1}万元，主要原因是人员变动，主要用于保障在职人员工资福利及社会保险缴费等；"
          f"项目支出{wan_text(gb_project)}万元，比{year - 1}年{w2}{d2}万元，主要原因是项目安排调整。")
    doc.p(f"{dept_short}{year}年无使用政府性基金预算拨款安排的支出。")
    doc.p("四、“三公”经费情况说明")
    tw, td = change(three_total, sum(prior_three))
    (ow_, od_), (rw, rd), (vw, vd), (pw, pd) = [
        change(now, before) for now, before in
        zip((outbound, reception, vehicle_operation, vehicle_purchase), prior_three)]
    doc.p(f"{year}年“三公”经费预算{wan_text(three_total)}万元，比{year - 1}年{tw}{td}万元。其中："
          f"因公出国（境）费用{wan_text(outbound)}万元，比{year - 1}年{ow_}{od_}万元；公务接待费"
          f"{wan_text(reception)}万元，比{year - 1}年{rw}{rd}万元；公务用车运行维护费{wan_text(vehicle_operation)}"
          f"万元，比{year - 1}年{vw}{vd}万元；公务用车购置费{wan_text(vehicle_purchase)}万元，比{year - 1}年"
          f"{pw}{pd}万元。")
    doc.p("五、其他重要事项的情况说明")
    ow, od = change(operating, last_year(operating))
    doc.p(f"1.机关运行经费。{year}年一般公共预算财政拨款运行经费{wan_text(operating)}万元，比上年{ow}{od}"
          f"万元，主要原因为人员及预算编制口径调整。")
    doc.p(f"2.政府采购情况。所属各预算单位政府采购预算总额{wan_text(sum(procurement))}万元：政府采购货物预算"
          f"{wan_text(procurement[0])}万元、政府采购工程预算{wan_text(procurement[1])}万元、政府采购服务预算"
          f"{wan_text(procurement[2])}万元。")
    doc.p(f"3.绩效目标设置情况。{year}年项目支出均实行了绩效目标管理，涉及一般公共预算当年财政拨款"
          f"{wan_text(gb_project)}万元。")
    doc.p(f"4.国有资产占有使用情况。截止{year - 1}年12月，所属各预算单位共有车辆{vehicles}辆，其中一般公务用车"
          f"{vehicles}辆、执勤执法用车0辆。{year}年一般公共预算安排购置车辆{buy}辆，其中一般公务用车{buy}辆、"
          f"执勤执法用车0辆。")
    doc.p("六、专业性名词解释")
    doc.p("（一）财政拨款收入：指本年度从本级财政部门取得的财政拨款。")
    doc.p("（二）基本支出：指为保障机构正常运转、完成日常工作任务而发生的人员经费和公用经费。")
    doc.p("（三）项目支出：指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。")
    contact = rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, k=2))
    doc.p(f"部门预算公开联系人：{contact}；联系方式：023-{rng.randint(60000000, 89999999)}")

    unit_line = "单位：元" if unit_yuan else "单位：万元"

    # Per-row sums for the classification tables.
    def hierarchy(gb_only):
        rows = []  # (code, name, level, basic, project)
        for klass in class_sums:
            kl = [(i, l) for i, l in enumerate(lines) if l[3] == klass]
            def amounts(items):
                b = sum(l[4] for _, l in items)
                p = sum(l[5] - (other_income if gb_only and i == other_line else 0) for i, l in items)
                return b, p
            rows.append((klass, FUNCTIONAL[klass][0], 1) + amounts(kl))
            for kuan in sorted({l[2] for _, l in kl}):
                kk = [(i, l) for i, l in kl if l[2] == kuan]
                rows.append((kuan, FUNCTIONAL[klass][1][kuan][0], 2) + amounts(kk))
                for i, l in kk:
                    rows.append((l[0], l[1], 3) + amounts([(i, l)]))
        return rows

    def indent(text, level):
        return " " * (level - 1) + text

    def functional_table(gb_only):
        rows = hierarchy(gb_only)
        t_basic = sum(r[3] for r in rows if r[2] == 1)
        t_proj = sum(r[4] for r in rows if r[2] == 1)
        body = [["合计", cell(t_basic + t_proj), cell(t_basic), cell(t_proj)]]
        for code, name, level, b, p in rows:
            body.append([indent(code, level), indent(name, level), cell(b + p), cell(b), cell(p)])
        return t_basic, t_proj, body

    tables = []
    # 部门收支总表 (two-sided).
    sources = [("一般公共预算资金", general), ("政府性基金预算资金", 0), ("国有资本经营预算资金", 0),
               ("财政专户管理资金", 0), ("事业收入资金", 0), ("上级补助收入资金", 0),
               ("附属单位上缴收入资金", 0), ("事业单位经营收入资金", 0), ("其他收入资金", other_income)]
    right = [(FUNCTIONAL[k][0], v) for k, v in class_sums.items()]
    body = [["合计", cell(total), "合计", cell(total)]]
    for i in range(max(len(sources), len(right))):
        left = sources[i] if i < len(sources) else ("", 0)
        r = right[i] if i < len(right) else ("", 0)
        body.append([left[0], cell(left[1]), r[0], cell(r[1])])
    tables.append(("部门收支总表", [[("收入", 2), ("支出", 2)], ["项目", "预算数", "项目", "预算数"]], body))

    # 部门收入总表.
    rev_cols = ["总计", "一般公共预算拨款收入", "政府性基金预算拨款收入", "国有资本经营预算拨款收入",
                "财政专户管理资金收入", "事业收入", "上级补助收入", "附属单位上缴收入", "事业单位经营收入", "其他收入"]
    full = hierarchy(False)
    gb = {r[0]: r[3] + r[4] for r in hierarchy(True)}
    body = [["合计", cell(total), cell(general)] + [""] * 7 + [cell(other_income)]]
    for code, name, level, b, p in full:
        other = b + p - gb[code]
        body.append([indent(code, level), indent(name, level), cell(b + p), cell(gb[code])]
                    + [""] * 7 + [cell(other)])
    tables.append(("部门收入总表", [[("科目", 2)] + rev_cols, ["科目编码", "科目名称"] + [""] * 10], body))

    # 部门支出总表.
    _, _, body = functional_table(False)
    tables.append(("部门支出总表", [["科目编码", "科目名称", "总计", "基本支出", "项目支出"]], body))

    # 财政拨款收支总表 (two-sided: revenue left, expenditure by fund right).
    gb_classes = [(FUNCTIONAL[r[0]][0], r[3] + r[4]) for r in hierarchy(True) if r[2] == 1]
    body = [["一、本年收入", cell(general), "一、本年支出", cell(general), cell(general), "", ""]]
    left = [("一般公共预算资金", general), ("政府性基金预算资金", 0), ("国有资本经营预算资金", 0)]
    for i in range(max(len(left), len(gb_classes))):
        l = left[i] if i < len(left) else ("", 0)
        r = gb_classes[i] if i < len(gb_classes) else ("", 0)
        body.append([l[0], cell(l[1]), r[0], cell(r[1]), cell(r[1]), "", ""])
    body.append(["二、上年结转", "", "二、结转下年", "", "", "", ""])
    body.append(["收入合计", cell(general), "支出合计", cell(general), cell(general), "", ""])
    tables.append(("财政拨款收支总表", [[("收入", 2), ("支出", 5)],
                                   ["项目", "预算数", "项目", "合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"]],
                   body))

    # 一般公共预算财政拨款支出预算表.
    _, _, body = functional_table(True)
    tables.append(("一般公共预算财政拨款支出预算表", [[("功能分类科目", 2), (f"{year}年预算数", 3)],
                                            ["科目编码", "科目名称", "小计", "基本支出", "项目支出"]], body))

    # 一般公共预算财政拨款基本支出预算表 (部门预算支出经济分类科目).
    body = [["合计", cell(basic_total), cell(personnel_total), cell(public_total)]]
    for klass, name, items, personnel in econ_rows:
        s = sum(f for _, _, f in items)
        body.append([klass, name, cell(s), cell(s if personnel else 0), cell(0 if personnel else s)])
        for code, item_name, fen in items:
            body.append(["  " + code, item_name, cell(fen), cell(fen if personnel else 0),
                         cell(0 if personnel else fen)])
    tables.append(("一般公共预算财政拨款基本支出预算表（部门预算支出经济分类科目）",
                   [[("经济分类科目", 2), (f"{year}年基本支出", 3)],
                    ["科目编码", "科目名称", "总计", "人员经费", "日常公用经费"]], body))

    # 一般公共预算“三公”经费支出表.
    tables.append(("一般公共预算“三公”经费支出表",
                   [[(f"{year}年预算数", 6)],
                    ["合计", "因公出国（境）费", ("公务用车购置及运行费", 3), "公务接待费"],
                    ["", "", "小计", "公务用车购置费", "公务用车运行费", ""]],
                   [[cell(three_total) or "0.00", cell(outbound), cell(vehicle_purchase + vehicle_operation),
                     cell(vehicle_purchase), cell(vehicle_operation), cell(reception)]]))

    # 政府性基金预算支出表 (empty, as for most departments).
    if rng.random() < 0.8:
        tables.append(("政府性基金预算支出表",
                       [["科目编码", "科目名称", ("本年政府性基金预算财政拨款支出", 3)],
                        ["", "", "总计", "基本支出", "项目支出"]],
                       [["合计"]]))

    # 一般公共预算财政拨款项目支出预算表 (部门预算支出经济分类科目), optional.
    if gb_project > 0 and rng.random() < 0.6:
        body = [["合计", cell(gb_project)]]
        remaining = gb_project // grain
        groups = ECONOMIC_PROJECT if rng.random() < 0.3 else ECONOMIC_PROJECT[:1]
        group_shares = split(rng, remaining, len(groups), floor_share=0.5)
        for (klass, name, items), share in zip(groups, group_shares):
            picked = sorted(rng.sample(items, k=rng.randint(1, len(items))))
            body.append([klass, name, cell(share * grain)])
            for (code, item_name), s in zip(picked, split(rng, share, len(picked))):
                body.append([" " + code, " " + item_name, cell(s * grain)])
        tables.append(("一般公共预算财政拨款项目支出预算表（部门预算支出经济分类科目）",
                       [[("部门预算经济科目", 2), "项目支出"], ["科目编码", "科目名称", ""]], body))

    # 政府采购明细表, optional: one row per purchase, summing to the narrative's total.
    purchases = [p for p in procurement if p > 0]
    if purchases and rng.random() < 0.4:
        kinds = ["货物", "工程", "服务"]
        body = [["合计", "", "", "", cell(sum(procurement)), cell(sum(procurement)), ""]]
        for kind, amount in zip(kinds, procurement):
            if amount == 0:
                continue
            n = rng.randint(1, 3)
            for share in split(rng, amount // grain, n):
                code, name = rng.choice([(l[0], l[1]) for l in lines])
                project = rng.choice(["办公设备采购", "信息系统运维", "物业管理服务", "印刷服务",
                                      "车辆维修保养", "会议服务", "维修改造工程"])
                body.append([f"{dept_short}（本级）", project, kind, f"{code}-{name}", cell(share * grain),
                             cell(share * grain), ""])
        tables.append(("政府采购预算明细表", [["部门单位", "项目名称", "采购类别", "功能科目", "合计", "一般公共预算",
                                        "其他资金"]], body))

    # Table order varies: the two summary tables usually lead, the rest shuffles a little.
    head, rest = tables[:1], tables[1:]
    if rng.random() < 0.5:
        rng.shuffle(rest)
    else:
        i, j = rng.sample(range(len(rest)), 2)
        rest[i], rest[j] = rest[j], rest[i]
    ordered = head + rest
    doc.p("附表：" + "、".join(f"{i}.{year}年{table_owner}{t[0]}" for i, t in enumerate(ordered, 1)))
    for title, headers, body in ordered:
        full_title = f"{year}年{table_owner}{title}"
        if len(full_title) > 24 and rng.random() < 0.5 and "（" not in title:
            # Long titles wrap onto a second line, as in the seed.
            cut = len(full_title) // 2
            doc.p(" " + full_title[:cut])
            doc.p(full_title[cut:])
        elif "（" in title:
            main, sub = title.split("（", 1)
            doc.p(f" {year}年{table_owner}{main}")
            doc.p("（" + sub)
        else:
            doc.p(" " + full_title)
        doc.p(unit_line)
        doc.table(headers, body)
    return doc, district, year, dept_short


def header_cells(row):
    """Header rows list plain labels or (label, span) for a merged cell."""
    out = []
    for c in row:
        if isinstance(c, tuple):
            out.append(c)
        else:
            out.append((c, 1))
    return out


def render_text(doc):
    lines = []
    for block in doc.blocks:
        if block[0] == "p":
            lines.append(block[1])
            lines.append("")
            continue
        _, headers, body = block
        if lines and lines[-1] == "":
            lines.pop()
        # Copying a Word table to text writes a merged cell once, with no filler cells.
        for row in headers:
            for label, _ in header_cells(row):
                lines.append("\t" + label)
            lines.append("")
        for row in body:
            for c in row:
                lines.append("\t" + c)
            lines.append("")
    return ("\n".join(lines) + "\n").encode("utf-8")


def w_run(text, rng):
    """One or two runs, as Word splits text for spelling marks and edits."""
    text = escape(text)
    if len(text) > 6 and rng.random() < 0.3:
        cut = rng.randint(1, len(text) - 1)
        while cut < len(text) and text[cut - 1] == "&":
            cut += 1
        if "&" in text[max(0, cut - 6):cut]:
            return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'
        return (f'<w:r><w:t xml:space="preserve">{text[:cut]}</w:t></w:r>'
                f'<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{text[cut:]}</w:t></w:r>')
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def w_para(text, rng):
    return f"<w:p>{w_run(text, rng) if text else ''}</w:p>"


def render_docx(doc, rng):
    body = []
    for block in doc.blocks:
        if block[0] == "p":
            body.append(w_para(block[1].strip(), rng))
            continue
        _, headers, rows = block
        width = max([sum(s for _, s in header_cells(r)) for r in headers] + [len(r) for r in rows])
        grid = "".join('<w:gridCol w:w="1200"/>' for _ in range(width))
        trs = []
        # A header cell with nothing under it in the next header row spans both rows (vMerge).
        expanded = []
        for row in headers:
            cols = []
            for label, span in header_cells(row):
                cols.append((label, span))
            expanded.append(cols)
        for r, cols in enumerate(expanded):
            tcs = []
            for label, span in cols:
                props = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
                tcs.append(f"<w:tc><w:tcPr>{props}</w:tcPr>{w_para(label, rng)}</w:tc>")
            cells_used = sum(s for _, s in cols)
            for _ in range(width - cells_used):
                tcs.append(f"<w:tc>{w_para('', rng)}</w:tc>")
            trs.append("<w:tr>" + "".join(tcs) + "</w:tr>")
        for row in rows:
            tcs = []
            if len(row) < width and row and row[0] in ("合计",) and width - len(row) >= 1:
                # The 合计 label spans the code and name columns.
                tcs.append(f'<w:tc><w:tcPr><w:gridSpan w:val="{width - len(row) + 1}"/></w:tcPr>'
                           f"{w_para(row[0].strip(), rng)}</w:tc>")
                row = row[1:]
            for c in row:
                tcs.append(f"<w:tc>{w_para(c.strip(), rng)}</w:tc>")
            trs.append("<w:tr>" + "".join(tcs) + "</w:tr>")
        body.append(f'<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr>'
                    f"<w:tblGrid>{grid}</w:tblGrid>{''.join(trs)}</w:tbl>")
    document = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                f'<w:body>{"".join(body)}<w:sectPr/></w:body></w:document>')
    return document


CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '</Types>')
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>')
DOC_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>')


def write_docx(path, document_xml):
    # Fixed timestamps keep the package bytes deterministic.
    stamp = (2024, 1, 1, 0, 0, 0)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in [("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", ROOT_RELS),
                           ("word/_rels/document.xml.rels", DOC_RELS),
                           ("word/document.xml", document_xml)]:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data.encode("utf-8"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--docx-share", type=float, default=0.5,
                        help="fraction of documents written as .docx (every k-th, deterministic)")
    args = parser.parse_args()
    sizes = {"txt": [0, 0], "docx": [0, 0]}
    docx_every = round(1 / args.docx_share) if args.docx_share > 0 else 0
    for i in range(args.count):
        doc, district, year, dept_short = build(i, args.seed)
        folder = os.path.join(args.out, district, str(year))
        os.makedirs(folder, exist_ok=True)
        as_docx = docx_every and i % docx_every == docx_every - 1
        # Files are named after the department, so the same name recurs in many folders; a
        # second document of one department in one folder gets its index appended.
        stem = dept_short
        ext = ".docx" if as_docx else ".txt"
        if os.path.exists(os.path.join(folder, stem + ext)):
            stem = f"{dept_short}-{i}"
        if as_docx:
            path = os.path.join(folder, stem + ".docx")
            write_docx(path, render_docx(doc, random.Random(f"docx:{args.seed}:{i}")))
            kind = "docx"
        else:
            path = os.path.join(folder, stem + ".txt")
            with open(path, "wb") as f:
                f.write(render_text(doc))
            kind = "txt"
        sizes[kind][0] += 1
        sizes[kind][1] += os.path.getsize(path)
    print(f"generated {args.count} documents in {args.out}: "
          f"{sizes['txt'][0]} .txt ({sizes['txt'][1] / 1e6:.1f} MB), "
          f"{sizes['docx'][0]} .docx ({sizes['docx'][1] / 1e6:.1f} MB)", file=sys.stderr)


if __name__ == "__main__":
    main()
