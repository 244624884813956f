"""Each kind of document, made from a real case: the Chinese text and figures officials check,
CJK fonts embedded, and page 1 as PNG in tests/output/documents/ for a person to look at."""

from __future__ import annotations

from datetime import datetime

import pytest

from engine import SettableClock
from engine.workflow.deadlines import CHINA_TZ
from tests.processes import campaign
from tests.processes import submissions as form
from tests.processes.test_retiree_handover import PARTIES, sign_framework_agreements

from .conftest import CJK_FONT, browser, pdf_fonts, pdf_text, snapshot

JINSHUI = [p for p in campaign.roster() if p["name"] in ("王建国", "李秀英", "张伟", "刘洋")]

#: kind → (who downloads it, query, what the text must say)
EXPECTED = {
    "specific_agreement": (
        "county",
        "?county=410105",
        [
            "省属企业退休人员社会化管理服务具体移交协议",
            "协议编号：豫移具〔2017〕1号",
            "甲方（移交方）：中国平煤神马能源化工集团",
            "乙方（接收方）：郑州市金水区人民政府",
            "（豫政办〔2017〕44号）和甲方与郑州市人民政府签订的移交框架协议",
            "退休人员共4人（其中中共党员1人）",
            "移交原退休管理机构工作人员1名",
            "差额部分由甲方支付",
            "年度管理费用为人民币4,000元（大写：人民币肆仟元整），由中央财政承担，由省级财政分期拨付给乙方，专款专用",
            "（一）2017年4月30日前，签订具体移交协议。",
            "（三）2017年6月30日前，总体完成移交。",
            "统筹外项目由原渠道解决",
            "信访等事项，仍由甲方负责解决",
            "建立退休人员信息库和基础信息台账",
            "附件：郑州市金水区接收中国平煤神马能源化工集团退休人员移交清册",
            # the two parties side by side
            "甲方（盖章）：乙方（盖章）：",
            "代表人（签字）：李总代表人（签字）：张局长",
            "日期：2017年4月20日日期：2017年3月20日",
        ],
    ),
    "framework_agreement": (
        "zhengzhou",
        "?prefecture=410100",
        [
            "省属企业退休人员社会化管理服务移交框架协议",
            "协议编号：豫移框〔2017〕1号",
            "乙方（接收方）：郑州市人民政府",
            "所辖县（市、区）的退休人员共6人（其中中共党员2人）",
            # staff: the enterprise's one (9 people, one per started 300) goes to 金水区
            "1郑州市中原区2102,000",
            "2郑州市金水区4114,000",
            "合计6216,000",
            "年度合计人民币6,000元（大写：人民币陆仟元整）",
            "（一）2017年3月31日前，签订移交框架协议。",
        ],
    ),
    "handover_register": (
        "county",
        "?county=410105",
        [
            "郑州市金水区接收中国平煤神马能源化工集团退休人员移交清册",
            "共4人，其中党员1人",
            # the two-line heading 去向（街道/社区）: its second line under the others
            "序号姓名性别公民身份号码退休时间户籍地常住地常住地址联系电话去向党员特殊情况（街道/社区）",
            f"1王建国男{JINSHUI[0]['id_number']}2010年2月1日郑州市金水区郑州市金水区"
            "农科路3号院2号楼13803710001花园路社区是",
            f"3张伟男{JINSHUI[2]['id_number']}2010年2月1日郑州市金水区郑州市金水区"
            "经三路12号1号楼0371-63210003花园路社区",
            f"4刘洋男{JINSHUI[3]['id_number']}2010年2月1日郑州市中原区郑州市金水区"
            "纬五路6号院3号楼13803710004花园路社区",
            "合计：共4人，其中中共党员1人。",
            "第1页共1页",
        ],
    ),
    "archive_transfer_list": (
        "archive",
        "?county=410105",
        [
            "退休人员档案移交清单",
            "清单编号：档移〔2017〕1号",
            "序号姓名性别公民身份号码",
            "出生日期／",
            "档案卷",
            "缺失材料名称及原因",
            "现住址街道／社区",
            # one volume, 12 materials; the two-line cells' second lines below
            f"2李秀英女{JINSHUI[1]['id_number']}1950年1月3日／中国平煤神马能源112无花园路社区"
            "2010年2月1日化工集团",
            "共4人4卷，材料48份。",
            "移交单位（盖章）：中国平煤神马能源化工集团",
            "接收单位（盖章）：金水区档案馆",
        ],
    ),
    "archive_receipt": (
        "archive",
        "?county=410105",
        [
            "退休人员档案接收回执",
            "回执编号：档收〔2017〕1号",
            "中国平煤神马能源化工集团：",
            "已于2017年6月10日接收，共计4人、4卷",
            "金水区档案馆2017年6月10日",
        ],
    ),
}


def download(app, case: int, kind: str) -> bytes:
    username, query, _ = EXPECTED[kind]
    response = browser(app, username).get(f"/cases/{case}/documents/{kind}.pdf{query}")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/pdf"
    return response.data


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_each_kind_says_what_the_case_data_says_in_embedded_chinese_fonts(app, jinshui_done, kind):
    content = download(app, jinshui_done, kind)
    snapshot(kind, content)
    text = pdf_text(content)
    missing = [expected for expected in EXPECTED[kind][2] if expected not in text]
    assert missing == [], text
    fonts = pdf_fonts(content)
    cjk = {name: embedded for name, embedded in fonts.items() if CJK_FONT.search(name)}
    assert cjk and set(cjk.values()) == {"yes"}, fonts


def test_the_progress_report_shows_milestones_prefectures_and_a_chart(app, jinshui_done):
    response = browser(app, "supervisor").get("/reports/progress.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    snapshot("progress_report", response.data)
    text = pdf_text(response.data)
    for expected in (
        "省属企业退休人员社会化管理服务工作领导小组办公室",
        "关于省属企业退休人员移交工作进展情况的报告",
        "截至2017年4月2日，各移交案件计划移交退休人员9人",
        "已由街道（乡镇）和社区接收4人，完成44.4%",
        "涉及县（市、区）移交3项",
        # units due, done, share, overdue, done late: both agreements were signed on 4月2日
        "M1签订移交框架协议2017年3月31日22100.0%02",
        "M4总体完成移交2017年6月30日3133.3%00",
        # planned, received, share, archives, fee: 金水区 is handed over, its instalments not yet due
        "1郑州市6466.7%4/60/6,000",
        "2平顶山市300.0%0/30/3,000",
        "计划移交已接收",  # the chart's legend
        "郑州市4/6",
    ):
        assert expected in text, text
    assert set(pdf_fonts(response.data).values()) == {"yes"}


def test_a_province_paid_enterprise_s_agreement_names_provincial_finance(app, people, driver):
    data = {
        "enterprise": {**campaign.ENTERPRISE_INFO, "devolved_from_centre": False, "industry": "其他"},
        "milestones": campaign.MILESTONES,
        "directory": campaign.directory(),
    }
    driver.register()
    case = driver.start("retiree_handover_programme", PARTIES, data)
    driver.complete(case, "survey_retirees", form.survey(11))
    driver.complete(case, "register_roster", form.registered(11))
    sign_framework_agreements(driver, case)
    draft = driver.by_county(case, "draft_specific_agreement")["410105"]
    driver.complete_item(draft, form.specific_draft(4, 1))
    text = pdf_text(download(app, case, "specific_agreement"))
    assert "由省级财政承担，由省级财政分期拨付给乙方" in text


def test_the_progress_report_lists_what_is_overdue(app, programme):
    app.extensions["yijiao"]["engine"].clock = SettableClock(datetime(2017, 5, 3, 9, 0, tzinfo=CHINA_TZ))
    text = pdf_text(browser(app, "supervisor").get("/reports/progress.pdf").data)
    assert "截至2017年5月3日" in text
    # three specific agreements due (one per county), none signed, all three overdue
    assert "M2签订具体移交协议2017年4月30日300.0%30" in text
    assert "三、超期未完成事项" in text and "无超期未完成事项" not in text
    overdue = text[text.index("三、超期未完成事项") :]
    assert overdue.count("M22017年4月30日3") == 3  # three agreements, three days late
    assert "郑州市金水区具体移" in overdue and "平顶山市新华区具体移" in overdue


def test_the_specific_agreement_has_the_clauses_on_later_retirees_cadres_and_disease(app, programme):
    """Issue 14 (12). Seed 五(一): "对整体移交后新退休的人员，按照有关规定及程序由企业协助办理相关
    手续。企业离休人员和省管干部保持现有管理方式不变，对居住在社区且有参与社区退休管理服务要求的
    人员，街道(乡镇)和社区可先建立这些人员的基本情况信息库，提供相应的社会化服务"; 七(一): "对以后
    新退休人员的统筹外费用进行规范……由企业按规定办理"; 七(四): "企业退休人员被诊断、鉴定为职业病
    的，原企业向社会保险行政部门提出工伤认定申请"."""
    text = pdf_text(download(app, programme, "specific_agreement"))
    for clause in (
        "整体移交后甲方新退休的人员，按照有关规定及程序由甲方协助办理相关手续",
        "有参与社区退休管理服务要求的，可由街道（乡镇）和社区先建立其基本情况信息库，提供相应的社会化服务",
        "对以后新退休人员的统筹外费用进行规范，确属国家和省有文件规定和政策依据的，由甲方按规定办理",
        "被诊断、鉴定为职业病的，由甲方向社会保险行政部门提出工伤认定申请",
    ):
        assert clause in text, clause
