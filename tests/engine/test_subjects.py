"""Whom a task is about, read from its data when its work item opens (``engine.workflow.subjects``)."""

from __future__ import annotations

import pytest

from engine.workflow.subjects import Subject, subject_of

COUNTY = {"name": "郑州市金水区", "code": "410105", "prefecture_code": "410100"}
PREFECTURE = {"name": "郑州市", "code": "410100"}
ENTERPRISE = {"name": "中国平煤神马能源化工集团", "location_code": "410402"}


@pytest.mark.parametrize(
    "data, subject",
    [
        ({"enterprise": ENTERPRISE}, Subject("中国平煤神马能源化工集团", None)),
        ({"enterprise": ENTERPRISE, "prefecture": PREFECTURE}, Subject("郑州市", "410100")),
        (
            {"enterprise": ENTERPRISE, "prefecture": PREFECTURE, "county": COUNTY},
            Subject("郑州市金水区", "410105"),
        ),
        (
            {"county": COUNTY, "allocation": {"community_org": "org-c", "community": "花园路社区"}},
            Subject("郑州市金水区 花园路社区", "410105"),
        ),
        (
            {"community_org": {"name": "矿区社区管理委员会", "code": "410402"}},
            Subject("矿区社区管理委员会", "410402"),
        ),
        ({"request": {"retiree_name": "张三", "id_number": "x"}, "county": COUNTY}, Subject("张三", None)),
        ({"campaign": {"name": "2017年移交工作"}}, Subject("2017年移交工作", None)),
        ({"county": "410105", "enterprise": None}, Subject(None, None)),
        ({}, Subject(None, None)),
    ],
)
def test_a_task_is_about_the_most_specific_place_or_person_its_data_names(data, subject):
    assert subject_of(data) == subject
