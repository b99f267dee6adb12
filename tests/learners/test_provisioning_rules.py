"""One person's role from the assignment rules: the same answer as the frame-based
decision the roster import uses."""

import pandas as pd
import pytest

from learners.roster.rules import (
    RuleSpec,
    department_subtrees,
    role_for_person,
    roles_from_rules,
)

PE, PM, CBU = 1, 2, 3
# Technology(10) > Data(11) > Data Science(12); Operations(20) > Claims(21)
PARENTS = {10: None, 11: 10, 12: 11, 20: None, 21: 20}
RULES = [
    RuleSpec(1, "Data engineers", "regex", r"engineer|scientist", 11, PE),
    RuleSpec(2, "Product people", "regex", r"product (manager|owner)", None, PM),
    RuleSpec(3, "C++ in claims", "contains", "c++", 20, PE),
    RuleSpec(4, "Everyone else", "contains", "", None, CBU),
]
PEOPLE = [
    ("Senior Data Engineer", 12),
    ("Data Engineer", 21),
    ("Product Owner", None),
    ("C++ developer", 21),
    ("c++ developer", 12),
    ("", None),
    ("Claims Handler", 99),
]


@pytest.mark.parametrize(("title", "department"), PEOPLE)
def test_one_person_gets_the_role_the_frame_decision_gives(title, department):
    frame = pd.DataFrame(
        [(title, department)], columns=["job_title", "department_id"], dtype=object
    )
    expected = roles_from_rules(frame, RULES, department_subtrees(PARENTS))
    role_id, rule_id = role_for_person(
        job_title=title, department_id=department, rules=RULES, parents=PARENTS
    )
    assert (role_id, rule_id) == (
        expected["role_id"].iloc[0],
        expected["rule_id"].iloc[0],
    )


def test_no_rules_decide_nothing():
    assert role_for_person(
        job_title="Engineer", department_id=None, rules=[], parents={}
    ) == (None, None)


def test_a_loop_in_the_department_data_does_not_hang():
    rules = [RuleSpec(1, "Ops", "contains", "", 1, PE)]
    assert role_for_person(
        job_title="x", department_id=2, rules=rules, parents={1: 2, 2: 1}
    ) == (PE, 1)
