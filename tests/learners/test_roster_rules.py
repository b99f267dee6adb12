"""Assignment rules as pure data: first match wins, subtrees, regex or contains.

No database: rules and people are hand-made frames.
"""

import pandas as pd
import pytest

from learners.roster.rules import (
    RuleSpec,
    department_subtrees,
    regex_problem,
    roles_from_rules,
)

PE, PM, CBU = 1, 2, 3
# Technology(10) > Data(11) > Data Science(12); Operations(20) > Claims(21)
PARENTS = {10: None, 11: 10, 12: 11, 20: None, 21: 20}


def people(*rows):
    return pd.DataFrame(rows, columns=["job_title", "department_id"], dtype=object)


def rule(rule_id, pattern, role, *, match="contains", department=None):
    return RuleSpec(rule_id, f"rule {rule_id}", match, pattern, department, role)


def roles(frame, rules):
    result = roles_from_rules(frame, rules, department_subtrees(PARENTS))
    return result["role_id"].tolist()


def test_subtrees_include_the_department_and_everything_below_it():
    subtrees = department_subtrees(PARENTS)
    assert subtrees[10] == {10, 11, 12}
    assert subtrees[11] == {11, 12}
    assert subtrees[12] == {12}
    assert subtrees[20] == {20, 21}


def test_subtrees_survive_a_loop_in_the_data():
    assert department_subtrees({1: 2, 2: 1})[1] == {1, 2}


def test_first_matching_rule_wins_in_order():
    frame = people(("Senior Data Engineer", 12), ("Product Manager", 21))
    rules = [rule(1, "engineer", PE), rule(2, "", CBU), rule(3, "manager", PM)]
    assert roles(frame, rules) == [PE, CBU]


def test_contains_is_case_insensitive_and_literal():
    frame = people(
        ("MLOPS ENGINEER", None), ("C++ developer", None), ("Cdeveloper", None)
    )
    rules = [rule(1, "mlops", PE), rule(2, "c++", PM)]
    assert roles(frame, rules) == [PE, PM, None]


def test_regex_matches_anywhere_ignoring_case():
    frame = people(("AI Product Owner", None), ("Product Marketing", None))
    rules = [rule(1, r"product (manager|owner)", PM, match="regex")]
    assert roles(frame, rules) == [PM, None]


def test_department_rule_matches_its_whole_subtree_only():
    frame = people(("Analyst", 12), ("Analyst", 10), ("Analyst", 21), ("Analyst", None))
    rules = [rule(1, "", PE, department=11)]
    assert roles(frame, rules) == [PE, None, None, None]


def test_title_and_department_must_both_match():
    frame = people(("Data Engineer", 21), ("Data Engineer", 12))
    rules = [rule(1, "engineer", PE, department=10), rule(2, "", CBU)]
    assert roles(frame, rules) == [CBU, PE]


def test_empty_pattern_and_no_department_is_a_catch_all():
    frame = people(("", None), ("Anything at all", 21))
    assert roles(frame, [rule(1, "  ", CBU)]) == [CBU, CBU]


def test_no_rule_matching_gives_no_role_and_no_rule():
    frame = people(("Claims Handler", 21))
    result = roles_from_rules(frame, [rule(7, "engineer", PE)], {})
    assert result.to_dict("records") == [{"role_id": None, "rule_id": None}]


def test_result_names_the_deciding_rule_and_keeps_the_index():
    frame = people(("Data Engineer", None), ("Loss Adjuster", None))
    frame.index = [40, 41]
    result = roles_from_rules(frame, [rule(5, "engineer", PE), rule(6, "", CBU)], {})
    assert result.index.tolist() == [40, 41]
    assert result["rule_id"].tolist() == [5, 6]


def test_new_departments_with_placeholder_ids_are_not_mixed_up_with_none():
    # The import numbers departments it is about to create -1, -2...
    frame = people(("Analyst", -1), ("Analyst", None), ("Analyst", -2))
    assert roles(frame, [rule(1, "", PE, department=-1)]) == [PE, None, None]


def test_many_people_are_matched_per_distinct_title():
    titles = ["Data Engineer", "Claims Handler", "Product Owner"] * 20_000
    frame = people(*((title, 12) for title in titles))
    rules = [
        rule(1, "engineer", PE),
        rule(2, "product", PM, match="regex"),
        rule(3, "", CBU),
    ]
    assert roles(frame, rules)[:3] == [PE, CBU, PM]
    assert len(roles(frame, rules)) == 60_000


@pytest.mark.parametrize(
    ("pattern", "valid"),
    [("engineer|scientist", True), ("product (manager", False), ("[", False)],
)
def test_regex_problem_explains_invalid_patterns(pattern, valid):
    problem = regex_problem(pattern)
    assert (problem is None) is valid
    if not valid:
        assert "not a valid regular expression" in problem
