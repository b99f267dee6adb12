"""SCIM operations: parse, check the precondition, write through ``learners.api``.

Each write runs in one transaction: the current state is read with its row
locked, ``If-Match`` is compared with its version, the change is made by the
learners services (which record the audit trail and apply assignment rules), and
anything refused along the way leaves the academy exactly as it was.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from pydantic import ValidationError
from scim2_models import (
    Context,
    Error,
    Group,
    InvalidValueException,
    MutabilityException,
    NotFoundException,
    PatchOp,
    PreconditionFailedException,
    SCIMException,
    UniquenessException,
)

from learners import api as learners_api

from .models import ScimClient
from .resources import (
    group_resource,
    group_values,
    group_version,
    person_values,
    user_resource,
    user_version,
)
from .schema import ENTERPRISE_SCHEMA, POLICY, ScimUser


class ScimError(SCIMException):
    """An error with any status and scimType (e.g. 409 without a keyword)."""

    def __init__(self, status: int, detail: str, scim_type: str | None = None):
        super().__init__(detail=detail)
        self.status = status
        self.scim_type = scim_type or ""


@contextmanager
def _write():
    """One transaction per SCIM write.

    On PostgreSQL it commits without waiting for the WAL flush unless
    ``SCIM_SYNCHRONOUS_COMMIT`` is set: a flush costs a few milliseconds per
    request, which is most of an identity provider's first push of thousands of
    people. A crash can lose at most the last fraction of a second of
    provisioning, whole transactions only, which the identity provider's next
    sync sends again (docs/decisions/0012-scim-provisioning.md).
    """
    with transaction.atomic():
        if connection.vendor == "postgresql" and not getattr(
            settings, "SCIM_SYNCHRONOUS_COMMIT", False
        ):
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        yield


def _source(client: ScimClient) -> learners_api.Source:
    return learners_api.Source(
        label=f"identity provider “{client.name}” (SCIM)",
        data={
            "source": "scim",
            "scim_client": client.name,
            "scim_client_id": client.pk,
        },
    )


def _raise_from(error: learners_api.ProvisioningError) -> None:
    if error.kind == "uniqueness":
        raise UniquenessException(detail=error.message) from None
    if error.kind == "not_found":
        raise NotFoundException(detail=error.message) from None
    if error.kind == "conflict":
        raise ScimError(409, error.message) from None
    raise InvalidValueException(detail=error.message) from None


def validation_error(exc: ValidationError) -> SCIMException:
    errors = Error.from_validation_errors(exc)
    first = errors[0] if errors else Error(status=400, detail="Invalid request.")
    return SCIMException.from_error(first)


def parse(model, payload: Any, context: Context):
    if not isinstance(payload, dict):
        raise ScimError(400, "The request body must be a JSON object.", "invalidSyntax")
    try:
        return model.model_validate(payload, scim_ctx=context, scim_policy=POLICY)
    except ValidationError as exc:
        raise validation_error(exc) from None


def _check_version(if_match: str | None, current: str) -> None:
    """``If-Match`` (RFC 7644 §3.14): ``*`` or one of the listed versions."""
    if not if_match:
        return
    wanted = [part.strip() for part in if_match.split(",")]
    if "*" in wanted:
        return
    # A strong spelling of our weak version is the same version.
    bare = current.removeprefix("W/")
    if not any(tag.removeprefix("W/") == bare for tag in wanted):
        raise PreconditionFailedException(
            detail="The resource changed since this version: read it again."
        )


def _person(learner_id: str, *, for_update: bool = False):
    if not learner_id.isdigit():
        raise NotFoundException(detail=f"There is no user {learner_id}.")
    record = learners_api.person_record(
        learner_id=int(learner_id), for_update=for_update
    )
    if record is None:
        raise NotFoundException(detail=f"There is no user {learner_id}.")
    return record


def _department(group_id: str, *, for_update: bool = False):
    if not group_id.isdigit():
        raise NotFoundException(detail=f"There is no group {group_id}.")
    record = learners_api.group_record(
        department_id=int(group_id), for_update=for_update
    )
    if record is None:
        raise NotFoundException(detail=f"There is no group {group_id}.")
    return record


# --- Users -----------------------------------------------------------------------


def user_get(*, user_id: str, base_url: str) -> ScimUser:
    return user_resource(_person(user_id), base_url)


def user_create(*, payload: Any, client: ScimClient, base_url: str) -> ScimUser:
    user = parse(ScimUser, payload, Context.RESOURCE_CREATION_REQUEST)
    try:
        with _write():
            record = learners_api.person_provision(
                values=person_values(user), source=_source(client)
            )
    except learners_api.ProvisioningError as error:
        _raise_from(error)
    return user_resource(record, base_url)


def _user_replace_with(
    *, user_id: str, client: ScimClient, base_url: str, if_match, change
) -> ScimUser:
    try:
        with _write():
            current = _person(user_id, for_update=True)
            _check_version(if_match, user_version(current))
            wanted = change(user_resource(current, base_url))
            learners_api.person_replace(
                learner_id=current.learner_id,
                values=person_values(wanted),
                source=_source(client),
            )
            record = learners_api.person_record(learner_id=current.learner_id)
    except learners_api.ProvisioningError as error:
        _raise_from(error)
    return user_resource(record, base_url)


def user_replace(
    *, user_id: str, payload: Any, client: ScimClient, base_url: str, if_match=None
) -> ScimUser:
    user = parse(ScimUser, payload, Context.RESOURCE_REPLACEMENT_REQUEST)

    def change(current: ScimUser) -> ScimUser:
        try:
            user.replace(current)
        except MutabilityException:
            raise
        return user

    return _user_replace_with(
        user_id=user_id,
        client=client,
        base_url=base_url,
        if_match=if_match,
        change=change,
    )


def _entra_manager(payload: Any) -> Any:
    """Entra sends the manager as a bare id (``"value": "42"``) on the manager
    path; the schema has it as ``{"value": "42"}``."""
    if not isinstance(payload, dict):
        return payload
    operations = payload.get("Operations")
    if not isinstance(operations, list):
        return payload
    fixed = []
    for operation in operations:
        if (
            isinstance(operation, dict)
            and isinstance(operation.get("path"), str)
            and operation["path"].lower()
            in ("manager", f"{ENTERPRISE_SCHEMA}:manager".lower())
            and isinstance(operation.get("value"), str)
        ):
            operation = {**operation, "value": {"value": operation["value"]}}
        fixed.append(operation)
    return {**payload, "Operations": fixed}


def user_patch(
    *, user_id: str, payload: Any, client: ScimClient, base_url: str, if_match=None
) -> ScimUser:
    patch = parse(
        PatchOp[ScimUser], _entra_manager(payload), Context.RESOURCE_PATCH_REQUEST
    )

    def change(current: ScimUser) -> ScimUser:
        patch.patch(current, scim_policy=POLICY)
        return current

    return _user_replace_with(
        user_id=user_id,
        client=client,
        base_url=base_url,
        if_match=if_match,
        change=change,
    )


def user_delete(*, user_id: str, client: ScimClient, if_match=None) -> None:
    try:
        with _write():
            current = _person(user_id, for_update=True)
            _check_version(if_match, user_version(current))
            learners_api.person_deprovision(
                learner_id=current.learner_id, source=_source(client)
            )
    except learners_api.ProvisioningError as error:
        _raise_from(error)


def user_list(*, filter_, start_index: int, count: int, base_url: str):
    total, records = learners_api.person_records(
        filter_=filter_, start=start_index - 1, count=count
    )
    return total, [user_resource(record, base_url) for record in records]


# --- Groups ----------------------------------------------------------------------


def group_get(*, group_id: str, base_url: str) -> Group:
    return group_resource(_department(group_id), base_url)


def _group_values(group: Group) -> learners_api.GroupValues:
    try:
        return group_values(group)
    except ValueError as exc:
        raise InvalidValueException(detail=str(exc)) from None


def group_create(*, payload: Any, client: ScimClient, base_url: str) -> Group:
    group = parse(Group, payload, Context.RESOURCE_CREATION_REQUEST)
    try:
        with _write():
            department_id = learners_api.group_create(
                values=_group_values(group), source=_source(client)
            )
            record = learners_api.group_record(department_id=department_id)
    except learners_api.ProvisioningError as error:
        _raise_from(error)
    return group_resource(record, base_url)


def _group_replace_with(
    *, group_id: str, client: ScimClient, base_url: str, if_match, change
) -> Group:
    try:
        with _write():
            current = _department(group_id, for_update=True)
            _check_version(if_match, group_version(current))
            wanted = change(group_resource(current, base_url))
            learners_api.group_replace(
                department_id=current.department_id,
                values=_group_values(wanted),
                source=_source(client),
            )
            record = learners_api.group_record(department_id=current.department_id)
    except learners_api.ProvisioningError as error:
        _raise_from(error)
    return group_resource(record, base_url)


def group_replace(
    *, group_id: str, payload: Any, client: ScimClient, base_url: str, if_match=None
) -> Group:
    group = parse(Group, payload, Context.RESOURCE_REPLACEMENT_REQUEST)

    def change(current: Group) -> Group:
        group.replace(current)
        return group

    return _group_replace_with(
        group_id=group_id,
        client=client,
        base_url=base_url,
        if_match=if_match,
        change=change,
    )


def group_patch(
    *, group_id: str, payload: Any, client: ScimClient, base_url: str, if_match=None
) -> Group:
    patch = parse(PatchOp[Group], payload, Context.RESOURCE_PATCH_REQUEST)

    def change(current: Group) -> Group:
        patch.patch(current, scim_policy=POLICY)
        return current

    return _group_replace_with(
        group_id=group_id,
        client=client,
        base_url=base_url,
        if_match=if_match,
        change=change,
    )


def group_delete(*, group_id: str, client: ScimClient, if_match=None) -> None:
    try:
        with _write():
            current = _department(group_id, for_update=True)
            _check_version(if_match, group_version(current))
            learners_api.group_delete(
                department_id=current.department_id, source=_source(client)
            )
    except learners_api.ProvisioningError as error:
        _raise_from(error)


def group_list(
    *, filter_, start_index: int, count: int, base_url: str, with_members: bool
):
    total, records = learners_api.group_records(
        filter_=filter_,
        start=start_index - 1,
        count=count,
        with_members=with_members,
    )
    return total, [group_resource(record, base_url) for record in records]
