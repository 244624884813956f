"""The columns of the roster template (登记表): exact Chinese headers, what each holds, a sample."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    header: str
    required: bool
    explanation: str
    sample: str


COLUMNS: tuple[Column, ...] = (
    Column("姓名", True, "姓名，与身份证一致（最多50字）", "王建国"),
    Column("性别", True, "男 或 女，须与身份证号第17位一致（奇数为男，偶数为女）", "男"),
    Column(
        "身份证号",
        True,
        "18位居民身份证号码，末位可为X；请将该列设为文本格式，否则 Excel 会丢失15位以后的数字",
        "410105195001010013",
    ),
    Column("出生日期", True, "YYYY-MM-DD（或 YYYY/MM/DD），须与身份证号中的出生日期一致", "1950-01-01"),
    Column(
        "退休日期", True, "YYYY-MM-DD（或 YYYY/MM/DD），1950年以后、出生满40年以后、不晚于今天", "2010-02-01"
    ),
    Column(
        "户籍地区划代码",
        True,
        "户口所在县（市、区）的6位行政区划代码（GB/T 2260），可以是外省的代码",
        "410105",
    ),
    Column(
        "常住地区划代码",
        True,
        "常年居住县（市、区）的6位行政区划代码；户籍地和常住地至少一个在河南省",
        "410105",
    ),
    Column(
        "人员类别",
        True,
        "普通退休人员、离休干部 或 省管干部（离休干部、省管干部保持现有管理方式，不移交）",
        "普通退休人员",
    ),
    Column("党员", False, "是 或 否，不填视为否", "是"),
    Column(
        "特殊情况",
        False,
        "可填 特困、高龄、鳏寡、重病、残疾 中的若干项，用“、”分隔，没有则不填",
        "高龄、残疾",
    ),
    Column("联系电话", False, "11位手机号，或带区号的固定电话（如 0371-12345678）", "13812345678"),
    Column(
        "常住地址",
        False,
        "常年居住的街道、社区、楼栋门牌（最多200字）；县（市、区）据此将人员分解到社区",
        "金水区经八路街道花园路社区3号楼2单元",
    ),
)

HEADERS: tuple[str, ...] = tuple(column.header for column in COLUMNS)
REQUIRED: tuple[str, ...] = tuple(column.header for column in COLUMNS if column.required)
ID_NUMBER = "身份证号"

#: the columns a rejections file adds (行号/列/原因): ignored without a warning when it comes back
REJECTION_COLUMNS: tuple[str, ...] = ("行号", "列", "原因")

#: the template's sample row
SAMPLE: dict[str, str] = {column.header: column.sample for column in COLUMNS}
