"""The roster reader recognises the common HR systems' exports
(tests/learners/hris/: fictional people, each system's usual headers)."""

from pathlib import Path

import pytest

from learners.roster.problems import RosterFileError
from learners.roster.reader import read_roster

SAMPLES = Path(__file__).parent / "hris"


def read(name, **kwargs):
    path = SAMPLES / name
    return read_roster(path.read_bytes(), filename=path.name, **kwargs)


def people(result):
    frame = result.frame.set_index("employee_id")
    return {
        employee_id: (row.first_name, row.last_name, row.manager_employee_id)
        for employee_id, row in frame.iterrows()
    }


def test_workday_worker_names_business_titles_and_managers_by_name_or_email():
    result = read("workday.csv")
    assert result.column_map["Worker"] == "full_name"
    assert result.column_map["Business Title"] == "job_title"
    assert result.column_map["Supervisory Organization"] == "department"
    assert result.column_map["Manager"] == "manager"
    assert people(result) == {
        "WD1001": ("Amara", "Okafor", None),
        "WD1002": ("Tomás", "Álvarez", "WD1001"),  # "Okafor, Amara"
        "WD1003": ("Priya", "Raman", "WD1002"),  # "Tomás Álvarez"
        "WD1004": ("Jonas", "Berg", "WD1002"),  # by email
    }
    assert result.frame.set_index("employee_id").loc["WD1003", "job_title"] == (
        "Claims Handler"
    )
    assert result.unknown_columns == ["Worker Type"]
    assert result.problems == []


def test_successfactors_manager_column_holds_employee_ids():
    result = read("successfactors.csv")
    assert result.column_map["Person ID External"] == "employee_id"
    assert people(result)["SF201"] == ("Kofi", "Mensah", "SF200")
    statuses = dict(
        zip(result.frame["employee_id"], result.frame["status"], strict=True)
    )
    assert statuses["SF202"] == "on_leave"


def test_bamboohr_reporting_to_by_full_name_in_either_order():
    result = read("bamboohr.csv")
    assert result.column_map["Employee #"] == "employee_id"
    assert result.column_map["Reporting to"] == "manager"
    assert people(result)["B-18"] == ("Noor", "Haddad", "B-17")
    assert people(result)["B-19"] == ("Lars", "Nilsen", "B-17")


def test_hibob_display_names_split_or_kept_whole():
    result = read("hibob.csv")
    assert result.column_map["Display name"] == "full_name"
    found = people(result)
    assert found["HB01"] == ("Sofia", "Lindqvist", None)
    assert found["HB02"] == ("Ludwig", "van Beethoven", "HB01")
    # One word cannot be split: kept whole so the display name is still "Cher".
    assert found["HB03"] == ("Cher", "", "HB01")
    assert (
        dict(zip(result.frame["employee_id"], result.frame["location"], strict=True))[
            "HB03"
        ]
        == "Remote"
    )


def test_personio_needs_a_mapping_for_its_bare_id_column():
    with pytest.raises(RosterFileError, match="no column for Employee ID"):
        read("personio.csv")
    result = read("personio.csv", mapping={"ID": "employee_id"})
    assert people(result)["9003"] == ("Yusuf", "Demir", "9002")
    assert result.column_map["Supervisor"] == "manager"
    assert result.column_map["Position"] == "job_title"


def test_adp_legal_names_associate_ids_and_reports_to_name():
    result = read("adp.csv")
    assert result.column_map["Associate ID"] == "employee_id"
    assert result.column_map["Reports To Associate ID"] == "manager_employee_id"
    assert result.column_map["Reports To Name"] == "manager"
    found = people(result)
    assert found["ADP502"] == ("Alan", "Turing", "ADP501")  # the id column wins
    assert found["ADP503"] == ("Katherine", "Johnson", "ADP501")  # by name
    assert (
        dict(zip(result.frame["employee_id"], result.frame["status"], strict=True))[
            "ADP503"
        ]
        == "left"
    )
    assert "Position ID" in result.unknown_columns


def csv(*lines):
    return ("\n".join(lines) + "\n").encode()


def test_a_name_shared_by_two_people_is_a_warning_per_row_never_a_guess():
    result = read_roster(
        csv(
            "Employee ID,Full Name,Email,Manager",
            "E1,Sam Taylor,sam.taylor1@nw.example,",
            "E2,Sam Taylor,sam.taylor2@nw.example,",
            "E3,Ada Obi,ada.obi@nw.example,Sam Taylor",
            "E4,Ben Obi,ben.obi@nw.example,Sam Taylor",
            "E5,Cy Obi,cy.obi@nw.example,sam.taylor2@nw.example",
        )
    )
    managers = dict(
        zip(
            result.frame["employee_id"],
            result.frame["manager_employee_id"],
            strict=True,
        )
    )
    assert managers["E3"] is None
    assert managers["E4"] is None
    assert managers["E5"] == "E2"  # an email is never ambiguous
    warned = {(p.employee_id, p.level) for p in result.problems}
    assert warned == {("E3", "warning"), ("E4", "warning")}
    message = next(p.message for p in result.problems if p.employee_id == "E3")
    assert "E1, E2" in message
    assert "imported without a manager" in message


def test_a_manager_the_file_does_not_hold_is_left_for_the_academy_to_find():
    result = read_roster(
        csv(
            "Employee ID,Name,Email,Reports To",
            "E1,Ada Obi,ada.obi@nw.example,Grace Hopper",
            "E2,Ben Obi,ben.obi@nw.example,nobody@nw.example",
        )
    )
    assert list(result.frame["manager_employee_id"]) == [None, None]
    assert list(result.frame["manager_lookup"]) == [
        "Grace Hopper",
        "nobody@nw.example",
    ]
    assert result.problems == []


def test_managers_named_in_a_loop_are_cut_like_employee_ids():
    result = read_roster(
        csv(
            "Employee ID,Full Name,Email,Manager",
            "E1,Ada Obi,ada.obi@nw.example,Ben Obi",
            "E2,Ben Obi,ben.obi@nw.example,Ada Obi",
        )
    )
    managers = list(result.frame["manager_employee_id"])
    assert managers.count(None) == 1
    assert any("loop" in p.message for p in result.problems)


def test_first_and_last_name_columns_beat_a_full_name_column():
    result = read_roster(
        csv(
            "Employee ID,Email,First Name,Last Name,Full Name",
            "E1,a@nw.example,Ada,Obi,Someone Else",
            "E2,b@nw.example,,,Ben Obi",
        )
    )
    assert people(result) == {"E1": ("Ada", "Obi", None), "E2": ("Ben", "Obi", None)}


def test_a_mapping_to_an_unknown_field_is_a_clear_error():
    with pytest.raises(RosterFileError, match="not a roster field"):
        read("workday.csv", mapping={"Worker": "nickname"})


# --- department paths build the hierarchy (a database is needed) ----------------------


def _import(data, **options):
    from learners.roster.services import ImportOptions, roster_import_run

    return roster_import_run(
        data=data, file_name="hr.csv", options=ImportOptions(**options), actor=None
    )


def _tree():
    from learners.models import Department

    names = dict(Department.objects.values_list("id", "name"))
    return sorted(
        (names[parent] if parent else "", name)
        for name, parent in Department.objects.values_list("name", "parent_id")
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "Technology > Data > Platform",
        "Technology / Data / Platform",
        "Technology | Data | Platform",
        "technology>data> PLATFORM",
    ],
)
def test_a_department_path_builds_three_departments(path):
    from learners.models import Learner

    _import(csv("Employee ID,Email,Department", f'E1,a@nw.example,"{path}"'))
    tree = _tree()
    assert sorted(name.casefold() for _, name in tree) == [
        "data",
        "platform",
        "technology",
    ]
    assert {(p or "").casefold() for p, _ in tree} == {"", "technology", "data"}
    assert Learner.objects.get(employee_id="E1").department.name.casefold() == (
        "platform"
    )


@pytest.mark.django_db
def test_the_same_paths_twice_find_the_same_departments():
    from learners.models import Department, Learner

    data = (SAMPLES / "workday.csv").read_bytes()
    _import(data)
    first = _tree()
    ids = set(Department.objects.values_list("id", flat=True))
    _import(data)
    assert _tree() == first
    assert set(Department.objects.values_list("id", flat=True)) == ids
    assert first == [
        ("", "Operations"),
        ("Claims", "Analytics"),
        ("Operations", "Claims"),
    ]
    jonas = Learner.objects.get(employee_id="WD1004")
    assert jonas.department.name == "Analytics"
    assert jonas.department.parent.name == "Claims"
    # A plain name matches the department anywhere in the tree.
    _import(
        csv("Employee ID,Email,Department", "E9,e9@nw.example,analytics"),
    )
    assert Learner.objects.get(employee_id="E9").department_id == jonas.department_id


@pytest.mark.django_db
def test_every_sample_export_imports_with_its_managers_and_names():
    from learners.models import Learner

    for name, mapping in (
        ("workday.csv", None),
        ("successfactors.csv", None),
        ("bamboohr.csv", None),
        ("hibob.csv", None),
        ("personio.csv", {"ID": "employee_id"}),
        ("adp.csv", None),
    ):
        _import((SAMPLES / name).read_bytes(), mapping=mapping or {})
    assert Learner.objects.count() == 19
    noor = Learner.objects.select_related("user", "manager__user").get(
        employee_id="B-18"
    )
    assert noor.user.get_full_name() == "Noor Haddad"
    assert noor.manager.user.get_full_name() == "Ines Moreau"
    yusuf = Learner.objects.get(employee_id="9003")
    assert [yusuf.department.parent.parent.name, yusuf.department.parent.name] == [
        "Technology",
        "Data",
    ]
    assert Learner.objects.get(employee_id="HB03").user.get_full_name() == "Cher"
