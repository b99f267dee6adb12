"""People and departments as SCIM resources, and back.

``meta.version`` is a weak ETag computed from everything the resource shows, so
any change (by SCIM, the roster import or the admin) gives a new version.
"""

from __future__ import annotations

import hashlib

from scim2_models import Group, GroupMember, Meta, Name

from learners import api as learners_api

from .schema import AcademyEnterpriseUser, AcademyManager, ScimUser


def _version(*parts) -> str:
    digest = hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()[:20]
    return f'W/"{digest}"'


def user_version(record: learners_api.PersonRecord) -> str:
    return _version(
        record.learner_id,
        record.email,
        record.first_name,
        record.last_name,
        record.employee_id,
        record.external_id,
        record.job_title,
        record.department_name,
        record.manager_id,
        record.manager_name,
        record.active,
    )


def group_version(record: learners_api.GroupRecord) -> str:
    return _version(
        record.department_id,
        record.name,
        record.external_id,
        tuple((m.learner_id, m.name) for m in record.members),
    )


def user_location(base_url: str, learner_id: int) -> str:
    return f"{base_url}/Users/{learner_id}"


def user_resource(record: learners_api.PersonRecord, base_url: str) -> ScimUser:
    manager = None
    if record.manager_id is not None:
        manager = AcademyManager(
            value=str(record.manager_id),
            ref=user_location(base_url, record.manager_id),
        )
    has_name = record.first_name or record.last_name
    return ScimUser(
        id=str(record.learner_id),
        external_id=record.external_id or None,
        user_name=record.email,
        name=(
            Name(
                given_name=record.first_name or None,
                family_name=record.last_name or None,
            )
            if has_name
            else None
        ),
        display_name=record.full_name,
        title=record.job_title or None,
        active=record.active,
        meta=Meta(
            resource_type="User",
            created=record.created_at,
            last_modified=record.updated_at,
            location=user_location(base_url, record.learner_id),
            version=user_version(record),
        ),
        **{
            "AcademyEnterpriseUser": AcademyEnterpriseUser(
                employee_number=record.employee_id,
                department=record.department_name or None,
                manager=manager,
            )
        },
    )


def person_values(user: ScimUser) -> learners_api.PersonValues:
    """What a parsed (created, replaced or patched) User says about the person.

    ``userName`` is the sign-in email; ``displayName``, ``emails`` and the other
    standard attributes the academy does not keep are ignored.
    """
    enterprise = user[AcademyEnterpriseUser]
    name = user.name
    manager = enterprise.manager if enterprise else None
    return learners_api.PersonValues(
        email=user.user_name or "",
        first_name=(name.given_name if name else None) or "",
        last_name=(name.family_name if name else None) or "",
        employee_id=(enterprise.employee_number if enterprise else None) or None,
        external_id=user.external_id or "",
        job_title=user.title or "",
        department=(enterprise.department if enterprise else None) or "",
        manager=(manager.value if manager else None) or "",
        active=True if user.active is None else bool(user.active),
    )


def group_location(base_url: str, department_id: int) -> str:
    return f"{base_url}/Groups/{department_id}"


def group_resource(record: learners_api.GroupRecord, base_url: str) -> Group:
    return Group(
        id=str(record.department_id),
        external_id=record.external_id or None,
        display_name=record.name,
        members=[
            GroupMember(
                value=str(member.learner_id),
                ref=user_location(base_url, member.learner_id),
                type="User",
            )
            for member in record.members
        ]
        or None,
        meta=Meta(
            resource_type="Group",
            created=record.created_at,
            last_modified=record.updated_at,
            location=group_location(base_url, record.department_id),
            version=group_version(record),
        ),
    )


def group_values(group: Group) -> learners_api.GroupValues:
    """Raises ValueError for a member that is not a user of the academy."""
    member_ids = []
    for member in group.members or []:
        if member.type not in (None, "User"):
            raise ValueError("Only users can be members of a group (a department).")
        if not (member.value or "").isdigit():
            raise ValueError(f"“{member.value}” is not a user of the academy.")
        member_ids.append(int(member.value))
    return learners_api.GroupValues(
        name=group.display_name or "",
        external_id=group.external_id or "",
        member_ids=tuple(dict.fromkeys(member_ids)),
    )
