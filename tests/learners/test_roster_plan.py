"""The dry run as pure data: a file against a hand-made academy, no database.

Each test builds the academy it needs (people, accounts, departments, roles, rules)
and checks what the plan would do and say. The database-backed tests in
test_roster_import.py check that writing the plan does exactly this.
"""

from datetime import date

import pandas as pd
import pytest

from learners.roster import read_roster
from learners.roster.plan import (
    ACCOUNT_COLUMNS,
    DEPARTMENT_COLUMNS,
    PEOPLE_COLUMNS,
    ROLE_COLUMNS,
    AcademyState,
    plan_import,
)
from learners.roster.rules import RuleSpec

PE, PM, CBU = 1, 2, 3
ROLES = [
    (PE, "Production engineer", "production-engineer"),
    (PM, "AI product manager", "ai-product-manager"),
    (CBU, "Critical business user", "critical-business-user"),
]
RULES = (
    RuleSpec(1, "Engineers", "regex", r"engineer|scientist", None, PE),
    RuleSpec(2, "Product", "contains", "product", None, PM),
    RuleSpec(3, "Everyone else", "contains", "", None, CBU),
)
# Operations(1) > Claims(2); Technology(3) > Support(4);
# Customer Service(5) > Support(6).
DEPARTMENTS = [
    (1, "Operations", None, "OPS"),
    (2, "Claims", 1, "CLM"),
    (3, "Technology", None, ""),
    (4, "Support", 3, ""),
    (5, "Customer Service", None, ""),
    (6, "Support", 5, ""),
]
HEADER = "Employee ID,Email,First Name,Last Name,Department,Manager ID,Job Title"


def person(learner_id, employee_id, **values):
    row = {
        "learner_id": learner_id,
        "employee_id": employee_id,
        "user_id": learner_id + 100,
        "email": f"{employee_id.lower()}@northwind.example",
        "first_name": "Amara",
        "last_name": "Okafor",
        "is_active": True,
        "is_superuser": False,
        "department_id": 2,
        "manager_id": None,
        "job_title": "Claims Handler",
        "role_id": CBU,
        "role_set_by_hand": False,
        "status": "active",
        "location": "Leeds",
        "hire_date": None,
    }
    row.update(values)
    return row


def academy(people=(), accounts=(), rules=RULES, departments=DEPARTMENTS):
    return AcademyState(
        people=pd.DataFrame(list(people), columns=PEOPLE_COLUMNS, dtype=object),
        accounts=pd.DataFrame(list(accounts), columns=ACCOUNT_COLUMNS, dtype=object),
        departments=pd.DataFrame(departments, columns=DEPARTMENT_COLUMNS, dtype=object),
        roles=pd.DataFrame(ROLES, columns=ROLE_COLUMNS, dtype=object),
        rules=tuple(rules),
    )


def plan(*lines, state=None, header=HEADER, **options):
    text = "\n".join([header, *lines]) + "\n"
    return plan_import(read_roster(text.encode()), state or academy(), **options)


def row(result, employee_id):
    found = result.rows[result.rows["employee_id"] == employee_id]
    assert len(found) == 1, employee_id
    return found.iloc[0]


def messages(result, level=None):
    return [p.message for p in result.problems if level is None or p.level == level]


# --- new people, departments, rules ----------------------------------------------


def test_new_people_get_departments_by_name_case_insensitively_and_roles_by_rule():
    result = plan(
        "E1,ann@northwind.example,Ann,Lee,claims ,,Data Engineer",
        "E2,bo@northwind.example,Bo,Ray,Finance,E1,Product Owner",
        "E3,cy@northwind.example,Cy,Fox,FINANCE,E1,Loss Adjuster",
    )
    assert result.counts["created"] == 3
    assert row(result, "E1")["department_id"] == 2
    # One new department, not two, and the same placeholder for both rows.
    assert result.new_departments["name"].tolist() == ["Finance"]
    assert (
        row(result, "E2")["department_id"] == row(result, "E3")["department_id"] == -1
    )
    assert [row(result, e)["role_id"] for e in ("E1", "E2", "E3")] == [PE, PM, CBU]
    assert row(result, "E2")["manager_employee_id"] == "E1"
    assert result.counts["departments_created"] == 1
    assert [p["name"] for p in result.examples["created"]] == [
        "Ann Lee",
        "Bo Ray",
        "Cy Fox",
    ]


def test_department_can_be_given_by_its_hr_code():
    result = plan("E1,ann@northwind.example,Ann,Lee,clm,,Clerk")
    assert row(result, "E1")["department_id"] == 2
    assert result.new_departments.empty


def test_ambiguous_department_name_keeps_people_where_they_are_and_warns():
    state = academy(people=[person(1, "E1", department_id=6)])
    result = plan(
        "E1,e1@northwind.example,Amara,Okafor,Support,,Claims Handler",
        "E2,e2@northwind.example,Jonas,Berg,Support,,Claims Handler",
        state=state,
    )
    assert row(result, "E1")["department_id"] == 6  # stays in Customer Service
    assert row(result, "E2")["department_id"] == 4  # lowest id at the top-most level
    assert any("matches 2 departments" in m for m in messages(result, "warning"))
    assert result.counts["moved"] == 0


def test_re_planning_the_academy_as_it_is_changes_nothing():
    state = academy(
        people=[
            person(1, "E1", job_title="Data Engineer", role_id=PE),
            person(2, "E2", manager_id=1, hire_date=date(2021, 3, 4)),
        ]
    )
    result = plan(
        "E1,e1@northwind.example,Amara,Okafor,Claims,,Data Engineer,Leeds,",
        "E2,e2@northwind.example,Amara,Okafor,claims,E1,Claims Handler,Leeds,"
        "2021-03-04",
        header=HEADER + ",Location,Hire Date",
        state=state,
    )
    assert result.counts["unchanged"] == 2
    assert not result.has_changes


# --- columns present or absent ------------------------------------------------------


def test_a_missing_column_leaves_the_field_alone_and_a_blank_cell_clears_it():
    state = academy(people=[person(1, "E1", location="Leeds", status="left")])
    result = plan(
        "E1,e1@northwind.example,,",
        header="Employee ID,Email,Location,Job Title",
        state=state,
    )
    record = row(result, "E1")
    assert record["location"] == ""  # the column is there and blank
    assert record["job_title"] == ""
    assert record["status"] == "left"  # no status column: stays left
    assert record["department_id"] == 2  # no department column
    assert record["first_name"] == "Amara"
    assert set(result.examples["updated"][0]["detail"].split(", ")) == {
        "job title",
        "location",
    }


def test_new_people_without_a_status_column_are_active():
    result = plan("E9,e9@northwind.example", header="Employee ID,Email")
    assert row(result, "E9")["status"] == "active"
    assert row(result, "E9")["set_active"] is True


# --- emails and accounts ------------------------------------------------------------


def test_email_of_another_employee_in_the_academy_rejects_the_row():
    state = academy(people=[person(1, "E1", email="shared@northwind.example")])
    result = plan("E2,Shared@Northwind.example,Ben,Ade,Claims,,Clerk", state=state)
    assert result.rows.empty
    assert result.counts["rejected"] == 1
    (problem,) = result.problems
    assert (problem.row, problem.employee_id, problem.level) == (2, "E2", "error")
    assert 'already used by employee ID "E1"' in problem.message


def test_new_person_is_linked_to_an_account_with_their_email():
    state = academy(accounts=[(55, "grace@northwind.example", False)])
    result = plan("E7,grace@northwind.example,Grace,Hall,Claims,,Clerk", state=state)
    record = row(result, "E7")
    assert record["user_id"] == 55
    assert record["links_account"]
    assert record["set_active"] is None  # an existing login is not switched on


def test_existing_person_cannot_take_the_email_of_an_unlinked_account():
    state = academy(
        people=[person(1, "E1")], accounts=[(55, "grace@northwind.example", False)]
    )
    result = plan("E1,grace@northwind.example,Amara,Okafor,Claims,,Clerk", state=state)
    assert result.rows.empty
    assert "not linked to an employee" in messages(result, "error")[0]


def test_email_change_to_a_free_address_updates_the_account():
    state = academy(people=[person(1, "E1")])
    result = plan(
        "E1,amara.okafor@northwind.example", header="Employee ID,Email", state=state
    )
    record = row(result, "E1")
    assert record["email_changed"]
    assert record["user_id"] == 101
    assert result.counts["updated"] == 1


# --- managers ---------------------------------------------------------------------


def test_unknown_manager_is_a_warning_and_the_person_has_no_manager():
    result = plan("E1,e1@northwind.example,A,B,Claims,E404,Clerk")
    assert row(result, "E1")["manager_employee_id"] is None
    assert messages(result, "warning") == [
        'Manager employee ID "E404" matches nobody in this file or in the academy. '
        "Imported without a manager."
    ]


def test_manager_already_in_the_academy_is_linked():
    state = academy(people=[person(1, "M1")])
    result = plan("E1,e1@northwind.example,A,B,Claims,M1,Clerk", state=state)
    assert row(result, "E1")["manager_employee_id"] == "M1"
    assert result.learner_ids["M1"] == 1


HRIS_HEADER = "Employee ID,Email,Full Name,Department,Manager,Job Title"


def test_manager_named_by_email_or_name_is_found_among_people_already_here():
    state = academy(
        people=[
            person(1, "M1", email="grace.hopper@northwind.example"),
            person(2, "M2", first_name="Tomasz", last_name="Nowak"),
        ]
    )
    result = plan(
        "E1,e1@northwind.example,Ada Obi,Claims,Grace.Hopper@northwind.example,Clerk",
        'E2,e2@northwind.example,Ben Obi,Claims,"Nowak, Tomasz",Clerk',
        "E3,e3@northwind.example,Cy Obi,Claims,tomasz nowak,Clerk",
        state=state,
        header=HRIS_HEADER,
    )
    assert row(result, "E1")["manager_employee_id"] == "M1"
    assert row(result, "E2")["manager_employee_id"] == "M2"
    assert row(result, "E3")["manager_employee_id"] == "M2"
    assert messages(result, "warning") == []


def test_the_file_wins_over_the_academy_for_a_manager_named_in_both():
    state = academy(people=[person(1, "M1", first_name="Lena", last_name="Fischer")])
    result = plan(
        "E1,e1@northwind.example,Ada Obi,Claims,Lena Fischer,Clerk",
        "E2,e2@northwind.example,Lena Fischer,Claims,,Team Lead",
        state=state,
        header=HRIS_HEADER,
    )
    assert row(result, "E1")["manager_employee_id"] == "E2"


def test_a_name_several_people_here_share_is_a_warning_never_a_guess():
    state = academy(
        people=[
            person(1, "M1", first_name="Sam", last_name="Taylor"),
            person(2, "M2", first_name="Sam", last_name="Taylor"),
        ]
    )
    result = plan(
        "E1,e1@northwind.example,Ada Obi,Claims,Sam Taylor,Clerk",
        state=state,
        header=HRIS_HEADER,
    )
    assert row(result, "E1")["manager_employee_id"] is None
    assert messages(result, "warning") == [
        'Manager "Sam Taylor" could be any of employee IDs M1, M2 in the academy; '
        "imported without a manager. Give the manager's employee ID or email "
        "instead."
    ]


def test_a_manager_found_nowhere_is_a_warning_and_no_manager():
    result = plan(
        "E1,e1@northwind.example,Ada Obi,Claims,Grace Hopper,Clerk",
        "E2,e2@northwind.example,Ben Obi,Claims,nobody@northwind.example,Clerk",
        header=HRIS_HEADER,
    )
    assert row(result, "E1")["manager_employee_id"] is None
    assert row(result, "E2")["manager_employee_id"] is None
    assert messages(result, "warning") == [
        'Manager "Grace Hopper" matches nobody in this file or in the academy by '
        "employee ID, email or name; imported without a manager.",
        'Manager "nobody@northwind.example" matches nobody in this file or in the '
        "academy by employee ID, email or name; imported without a manager.",
    ]


def test_a_manager_found_here_can_still_close_a_loop_which_is_cut():
    # In the academy M1 reports to E1; the file says E1 reports to M1 by email.
    state = academy(
        people=[person(1, "M1", email="m1@northwind.example"), person(2, "E1")]
    )
    state.people.loc[0, "manager_id"] = 2
    result = plan(
        "E1,e1@northwind.example,Ada Obi,Claims,m1@northwind.example,Clerk",
        state=state,
        header=HRIS_HEADER,
    )
    assert row(result, "E1")["manager_employee_id"] is None
    (warning,) = messages(result, "warning")
    assert "loop" in warning


def test_manager_loop_across_the_file_and_the_academy_is_broken_in_the_file():
    # In the academy A reports to B; the file says B reports to A.
    state = academy(people=[person(1, "A"), person(2, "B"), person(3, "C")])
    state.people.loc[0, "manager_id"] = 2
    result = plan("B,b@northwind.example,B,B,Claims,A,Clerk", state=state)
    assert row(result, "B")["manager_employee_id"] is None
    (warning,) = messages(result, "warning")
    assert "(B → A → B)" in warning


def test_manager_whose_row_was_rejected_and_who_is_not_in_the_academy_is_unknown():
    state = academy(people=[person(1, "X", email="taken@northwind.example")])
    result = plan(
        "M1,taken@northwind.example,M,M,Claims,,Boss",
        "E1,e1@northwind.example,A,B,Claims,M1,Clerk",
        state=state,
    )
    assert row(result, "E1")["manager_employee_id"] is None
    assert len(messages(result, "error")) == 1
    assert len(messages(result, "warning")) == 1


# --- roles ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "AI product manager",
        "ai-product-manager",
        "AI Product Manager",
        "ai_product_manager",
    ],
)
def test_role_named_in_the_file_wins_and_is_kept_from_the_rules(text):
    state = academy(people=[person(1, "E1")])
    result = plan(
        f"E1,e1@northwind.example,{text}",
        header="Employee ID,Email,Role",
        state=state,
    )
    record = row(result, "E1")
    assert record["role_id"] == PM
    assert record["role_set_by_hand"]
    assert result.counts["role_changed"] == 1


def test_unknown_role_in_the_file_is_a_warning_and_changes_nothing():
    state = academy(people=[person(1, "E1", role_id=PE, role_set_by_hand=True)])
    result = plan(
        "E1,e1@northwind.example,Wizard", header="Employee ID,Email,Role", state=state
    )
    assert row(result, "E1")["role_id"] == PE
    assert 'Role "Wizard" is not an academy role' in messages(result, "warning")[0]
    assert not result.has_changes


def test_role_set_by_hand_is_kept_when_the_rules_say_otherwise():
    state = academy(people=[person(1, "E1", role_id=PM, role_set_by_hand=True)])
    result = plan(
        "E1,e1@northwind.example,Data Engineer",
        header="Employee ID,Email,Job Title",
        state=state,
    )
    assert row(result, "E1")["role_id"] == PM
    assert row(result, "E1")["job_title_changed"]
    assert not row(result, "E1")["role_id_changed"]


def test_rules_change_roles_of_people_already_here():
    state = academy(people=[person(1, "E1", role_id=CBU)])
    result = plan(
        "E1,e1@northwind.example,MLOps Engineer",
        header="Employee ID,Email,Job Title",
        state=state,
    )
    assert row(result, "E1")["role_id"] == PE
    assert row(result, "E1")["role_rule_id"] == 1
    assert result.examples["role_changed"][0]["detail"] == (
        "Critical business user → Production engineer"
    )


def test_without_active_rules_roles_stay_as_they_are():
    state = academy(people=[person(1, "E1", role_id=PM)], rules=())
    result = plan(
        "E1,e1@northwind.example,Data Engineer,",
        header="Employee ID,Email,Job Title,Role",
        state=state,
    )
    assert row(result, "E1")["role_id"] == PM


def test_leavers_keep_their_role():
    state = academy(people=[person(1, "E1", role_id=PM)])
    result = plan(
        "E1,e1@northwind.example,Data Engineer,left",
        header="Employee ID,Email,Job Title,Status",
        state=state,
    )
    assert row(result, "E1")["role_id"] == PM


# --- leavers and returners --------------------------------------------------------


def test_status_left_deactivates_the_account():
    state = academy(people=[person(1, "E1")])
    result = plan(
        "E1,e1@northwind.example,Terminated",
        header="Employee ID,Email,Status",
        state=state,
    )
    record = row(result, "E1")
    assert (record["status"], record["set_active"]) == ("left", False)
    assert result.counts["deactivated"] == 1
    assert result.examples["deactivated"][0]["detail"] == "Active → Left"


def test_coming_back_reactivates_the_account():
    state = academy(people=[person(1, "E1", status="left", is_active=False)])
    result = plan(
        "E1,e1@northwind.example,active", header="Employee ID,Email,Status", state=state
    )
    assert row(result, "E1")["set_active"] is True
    assert result.counts["reactivated"] == 1


def test_the_person_importing_and_superusers_are_never_locked_out():
    state = academy(
        people=[person(1, "E1"), person(2, "E2", is_superuser=True)],
    )
    result = plan(
        "E1,e1@northwind.example,left",
        "E2,e2@northwind.example,left",
        header="Employee ID,Email,Status",
        state=state,
        protected_user_ids={101},
    )
    assert row(result, "E1")["set_active"] is None
    assert row(result, "E2")["set_active"] is None
    assert row(result, "E1")["status"] == "left"
    assert len([m for m in messages(result, "warning") if "stays active" in m]) == 2


def test_a_full_roster_deactivates_people_missing_from_it_but_not_rejected_rows():
    state = academy(
        people=[
            person(1, "E1"),
            person(2, "E2"),
            person(3, "E3", status="left"),
            person(4, "E4"),
            person(5, "E5", is_superuser=True),
        ]
    )
    result = plan(
        "E1,e1@northwind.example",
        "E4,not-an-email",
        header="Employee ID,Email",
        state=state,
        deactivate_missing=True,
    )
    assert result.missing["employee_id"].tolist() == ["E2", "E5"]
    assert result.missing["keeps_account"].tolist() == [False, True]
    assert result.counts["deactivated"] == 2
    assert {p["detail"] for p in result.examples["deactivated"]} == {"Not in the file"}


def test_without_a_full_roster_nobody_is_missing():
    state = academy(people=[person(1, "E1"), person(2, "E2")])
    result = plan("E1,e1@northwind.example", header="Employee ID,Email", state=state)
    assert result.missing.empty


# --- the summary ------------------------------------------------------------------


def test_summary_is_json_ready_with_counts_columns_and_examples():
    import json

    result = plan(
        "E1,e1@northwind.example,A,B,Claims,,Clerk,x",
        header=HEADER + ",Badge",
    )
    summary = json.loads(json.dumps(result.summary()))
    assert summary["counts"]["created"] == 1
    assert summary["unknown_columns"] == ["Badge"]
    assert summary["column_map"]["Employee ID"] == "employee_id"
    assert summary["examples"]["created"][0]["employee_id"] == "E1"
