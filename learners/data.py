"""Plain values that ``learners.api`` hands to other apps (no model instances)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

# --- provisioning (an identity provider pushing people and groups) ------------------


@dataclass(frozen=True)
class PersonRecord:
    """One person as provisioning sees them: their account and learner profile."""

    learner_id: int
    email: str
    first_name: str
    last_name: str
    employee_id: str
    external_id: str
    job_title: str
    department_id: int | None
    department_name: str
    manager_id: int | None
    manager_name: str
    active: bool
    created_at: datetime
    updated_at: datetime

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or self.email


@dataclass(frozen=True)
class PersonValues:
    """Everything an identity provider says about a person (a full replacement).

    ``employee_id`` None keeps the person's employee ID (a new person gets a
    generated one); ``department`` is a department's name or HR code (empty: no
    department); ``manager`` is the manager's learner id or employee ID (empty:
    no manager).
    """

    email: str
    first_name: str = ""
    last_name: str = ""
    employee_id: str | None = None
    external_id: str = ""
    job_title: str = ""
    department: str = ""
    manager: str = ""
    active: bool = True


@dataclass(frozen=True)
class GroupMember:
    learner_id: int
    name: str


@dataclass(frozen=True)
class GroupRecord:
    """A department as a provisioning group, with its direct members."""

    department_id: int
    name: str
    external_id: str
    members: tuple[GroupMember, ...]
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class GroupValues:
    name: str
    external_id: str = ""
    member_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class Source:
    """Who is provisioning, for the audit trail (e.g. the SCIM client's name)."""

    label: str
    data: dict


@dataclass(frozen=True)
class Condition:
    """``field op value``; fields are ``PERSON_FILTER_FIELDS``/``GROUP_FILTER_FIELDS``
    of the selectors; ``op`` eq (equal), co (contains), sw (starts with) or pr
    (has a value, ``value`` unused)."""

    field: str
    op: Literal["eq", "ne", "co", "sw", "ew", "pr"]
    value: str | int | bool | None = None


@dataclass(frozen=True)
class Logical:
    op: Literal["and", "or"]
    left: Filter
    right: Filter


@dataclass(frozen=True)
class Negation:
    operand: Filter


Filter = Condition | Logical | Negation


class ProvisioningError(Exception):
    """A provisioning request the academy refuses; nothing was written.

    ``kind``: ``uniqueness`` (an email or employee ID already in use),
    ``invalid_value`` (a value the academy cannot take: a manager loop, an unknown
    manager), ``not_found``, ``conflict`` (the change is impossible as things are).
    """

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind
        self.message = message
