"""The roster's target fields, their limits, and the header aliases HR exports use.

Everything here is data, kept apart from the reading code so the upload page can show
the same field list and aliases that the reader accepts.
"""

from __future__ import annotations

import re
from typing import Final

#: Target fields, in the column order of :attr:`RosterReadResult.frame`.
FIELDS: Final[tuple[str, ...]] = (
    "employee_id",
    "email",
    "first_name",
    "last_name",
    "department",
    "manager_employee_id",
    "job_title",
    "role",
    "location",
    "hire_date",
    "status",
)

#: Columns read but not stored as such: ``full_name`` is split into first and last
#: names where those are blank; ``manager`` names the manager by employee ID,
#: email or full name, resolved against the file, then against the people already
#: in the academy (an ambiguous name is a warning, never a guess) where
#: ``manager_employee_id`` is blank.
SOURCE_ONLY_FIELDS: Final[tuple[str, ...]] = ("full_name", "manager")

#: Everything a column can be mapped to.
SOURCE_FIELDS: Final[tuple[str, ...]] = (*FIELDS, *SOURCE_ONLY_FIELDS)

#: Fields a file must have a column for; a row with either blank is rejected.
REQUIRED: Final[tuple[str, ...]] = ("employee_id", "email")

#: Maximum lengths, matching the database columns the apply step writes into.
MAX_LENGTHS: Final[dict[str, int]] = {
    "employee_id": 64,
    "email": 254,
    "first_name": 150,
    "last_name": 150,
    "department": 200,
    "manager_employee_id": 64,
    "job_title": 200,
    "role": 100,
    "location": 120,
}

#: Human names for messages shown to the HR person who uploaded the file.
LABELS: Final[dict[str, str]] = {
    "employee_id": "Employee ID",
    "email": "Email",
    "first_name": "First name",
    "last_name": "Last name",
    "department": "Department",
    "manager_employee_id": "Manager employee ID",
    "job_title": "Job title",
    "role": "Role",
    "location": "Location",
    "hire_date": "Hire date",
    "status": "Status",
    "full_name": "Full name",
    "manager": "Manager (employee ID, email or name)",
}

# Header aliases seen in HR exports: Workday, SAP SuccessFactors, BambooHR, HiBob,
# Personio, ADP Workforce Now and plain Excel sheets (tests/learners/hris/ holds a
# sample of each). The field name itself always matches too. Deliberately absent,
# because they are ambiguous and a wrong guess silently imports the wrong data:
#   "Team" (a squad, a cost centre or a department, depending on the company),
#   "ID" (often a system row id; Personio's export needs a saved mapping for it),
#   "Preferred Name" (clashes with the legal name), "Division" (above departments).
# Such columns can still be imported with an explicit (saved) ``mapping``.
ALIASES: Final[dict[str, tuple[str, ...]]] = {
    "employee_id": (
        "Employee ID",
        "Employee Number",
        "Employee No",
        "Employee Code",
        "Emp ID",
        "Emp No",
        "Staff ID",
        "Staff Number",
        "Personnel Number",
        "Worker ID",
        "Employee #",
        "Person ID External",
        "Associate ID",
        "File Number",
    ),
    "email": (
        "Email",
        "Work Email",
        "Work Email Address",
        "Business Email",
        "Primary Work Email",
        "E-mail",
        "Email Address",
        "Email - Primary Work",
        "Work Contact: Work Email",
        "Business Email Address",
    ),
    "first_name": (
        "First Name",
        "Given Name",
        "Forename",
        "First",
        "Legal First Name",
        "Legal Name - First Name",
    ),
    "last_name": (
        "Last Name",
        "Surname",
        "Family Name",
        "Last",
        "Legal Last Name",
        "Legal Name - Last Name",
    ),
    "department": (
        "Department",
        "Department Name",
        "Dept",
        "Org Unit",
        "Organisational Unit",
        "Organizational Unit",
        "Supervisory Organization",
        "Supervisory Organisation",
        "Home Department Description",
        "Home Department",
        "Department Path",
    ),
    "manager_employee_id": (
        "Manager ID",
        "Manager Employee ID",
        "Manager Employee Number",
        "Manager Number",
        "Line Manager ID",
        "Reports To ID",
        "Supervisor ID",
        "Reports To Associate ID",
        "Manager User ID",
    ),
    "job_title": (
        "Job Title",
        "Position",
        "Position Title",
        "Title",
        "Business Title",
        "Job Title Description",
        "Job Profile",
    ),
    "role": ("Academy Role",),
    "location": (
        "Office",
        "Office Location",
        "Work Location",
        "Location",
        "Site",
        "Location Description",
    ),
    "hire_date": (
        "Hire Date",
        "Start Date",
        "Date of Joining",
        "Joining Date",
        "Date Hired",
        "Employment Start Date",
    ),
    "status": (
        "Status",
        "Employment Status",
        "Employee Status",
        "Worker Status",
        "Position Status",
    ),
    "full_name": (
        "Full Name",
        "Name",
        "Employee Name",
        "Worker",
        "Legal Name",
        "Display Name",
        "Employee Full Name",
    ),
    "manager": (
        "Manager",
        "Manager Name",
        "Manager Email",
        "Line Manager",
        "Reports To",
        "Reporting To",
        "Reports To Name",
        "Supervisor",
        "Supervisor Name",
        "Supervisor Email",
        "Direct Manager",
    ),
}

# Status words, compared after casefolding and turning "_"/"-"/space runs into one
# space, so "On-Leave", "ON_LEAVE" and "on  leave" are the same word.
STATUS_WORDS: Final[dict[str, str]] = {
    **dict.fromkeys(("active", "employed", "current"), "active"),
    **dict.fromkeys(
        (
            "on leave",
            "leave",
            "loa",
            "leave of absence",
            "parental leave",
            "maternity leave",
            "paternity leave",
            "sick leave",
        ),
        "on_leave",
    ),
    **dict.fromkeys(
        ("left", "terminated", "leaver", "inactive", "resigned", "retired"),
        "left",
    ),
}
STATUSES: Final[tuple[str, ...]] = ("active", "on_leave", "left")

_NOT_ALNUM = re.compile(r"[\W_]+")


def header_key(text: str) -> str:
    """Reduce a header to lower-case letters and digits, for insensitive matching.

    "Employee ID", "employee_id", "EMPLOYEE-ID" and " Employee  I.D " all become
    ``"employeeid"``; accented letters survive, so non-English headers still differ.
    """
    return _NOT_ALNUM.sub("", text.casefold())


def _alias_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for field in SOURCE_FIELDS:
        for name in (field, *ALIASES.get(field, ())):
            key = header_key(name)
            if index.get(key, field) != field:
                # A key claimed by two fields would make matching order-dependent.
                raise ValueError(f"roster header alias {name!r} is ambiguous")
            index[key] = field
    return index


#: header_key(alias) -> field, including each field's own name.
ALIAS_INDEX: Final[dict[str, str]] = _alias_index()
