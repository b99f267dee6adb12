"""What the academy's SCIM server publishes and parses (RFC 7643), on scim2-models.

Requests are parsed with the full standard models (``User`` with the Enterprise
User extension, ``Group``), so attributes an identity provider sends that the
standard defines but the academy does not keep (``phoneNumbers``, ``locale``...)
are accepted and ignored, while attributes no schema defines are refused. The
schemas published at ``/Schemas`` describe only what the academy keeps, so a
client (and a conformance checker) knows exactly what round-trips.
"""

from __future__ import annotations

from functools import cache
from typing import Annotated

from pydantic import Field
from scim2_models import (
    URN,
    AuthenticationScheme,
    Bulk,
    ChangePassword,
    EnterpriseUser,
    ETag,
    Filter,
    Group,
    Manager,
    Mutability,
    Patch,
    Reference,
    Required,
    ResourceType,
    Schema,
    SchemaExtension,
    ScimPolicy,
    ServiceProviderConfig,
    Sort,
    User,
)

USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group"
ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error"
LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse"


class AcademyManager(Manager):
    """The manager, by ``value`` alone: Okta and Entra send no ``$ref``."""

    ref: Annotated[
        Reference[User] | None,  # type: ignore[type-arg]
        Required.false,
    ] = Field(None, serialization_alias="$ref", validation_alias="$ref")


class AcademyEnterpriseUser(EnterpriseUser):
    manager: AcademyManager | None = None


#: The model requests are parsed with and responses are built from.
ScimUser = User[AcademyEnterpriseUser]
ScimGroup = Group

#: Pages are at most this long, whatever ``count`` asks for.
MAX_RESULTS = 1000
DEFAULT_COUNT = 100

#: How a request may depart from the strict reading of the RFCs: the tolerances
#: Microsoft Entra needs (a ``remove`` that names the value to remove, a
#: ``replace`` on ``emails[type eq "work"].value`` that creates the entry).
POLICY = ScimPolicy(
    unknown=ScimPolicy.Unknown.forbid,
    remove_value_as_filter=ScimPolicy.RemoveValue.apply,
    unmatched_path_filter=ScimPolicy.UnmatchedPathFilter.create,
)

# Attributes kept, with the sub-attributes kept (None: a simple attribute).
_USER_KEPT = {
    "userName": None,
    "name": ("givenName", "familyName"),
    "displayName": None,
    "title": None,
    "active": None,
}
_ENTERPRISE_KEPT = {
    "employeeNumber": None,
    "department": None,
    "manager": ("value", "$ref"),
}
# Every person has these: a missing ``active`` means active, a missing employee
# number is generated (requests that leave them out are still accepted).
_REQUIRED = {"active", "employeeNumber"}
# Employee numbers are compared exactly (as stored), like externalId.
_CASE_EXACT = {"employeeNumber"}


def _kept(
    schema: Schema, kept: dict, description: str, read_only=frozenset()
) -> Schema:
    attributes = []
    for attribute in schema.attributes or []:
        if attribute.name not in kept:
            continue
        attribute = attribute.model_copy(deep=True)
        subs = kept[attribute.name]
        if subs is not None:
            attribute.sub_attributes = [
                sub for sub in attribute.sub_attributes or [] if sub.name in subs
            ]
        if attribute.name in read_only:
            attribute.mutability = Mutability.read_only
        if attribute.name in _REQUIRED:
            attribute.required = True
        if attribute.name in _CASE_EXACT:
            attribute.case_exact = True
        if attribute.name == "userName":
            attribute.description = (
                "The person's sign-in email address (unique, compared without case)."
            )
        attributes.append(attribute)
    schema = schema.model_copy(deep=True)
    schema.attributes = attributes
    schema.description = description
    return schema


@cache
def published_schemas() -> tuple[Schema, ...]:
    return (
        # displayName is derived from the name, never written by a client.
        _kept(
            User.to_schema(),
            _USER_KEPT,
            "A person in the academy.",
            read_only={"displayName"},
        ),
        _kept(
            AcademyEnterpriseUser.to_schema(),
            _ENTERPRISE_KEPT,
            "Employee number, department and manager.",
        ),
        _kept(
            Group.to_schema(),
            {"displayName": None, "members": ("value", "$ref", "type")},
            "A department of the academy and the people directly in it.",
        ),
    )


def resource_types(base_url: str) -> list[ResourceType]:
    return [
        ResourceType(
            id="User",
            name="User",
            description="A person in the academy.",
            endpoint="/Users",
            schema_=URN(USER_SCHEMA),
            schema_extensions=[
                SchemaExtension(schema_=URN(ENTERPRISE_SCHEMA), required=True)
            ],
            meta={
                "resourceType": "ResourceType",
                "location": f"{base_url}/ResourceTypes/User",
            },
        ),
        ResourceType(
            id="Group",
            name="Group",
            description="A department: its members are the people directly in it.",
            endpoint="/Groups",
            schema_=URN(GROUP_SCHEMA),
            meta={
                "resourceType": "ResourceType",
                "location": f"{base_url}/ResourceTypes/Group",
            },
        ),
    ]


def service_provider_config(base_url: str) -> ServiceProviderConfig:
    return ServiceProviderConfig(
        documentation_uri=None,
        patch=Patch(supported=True),
        bulk=Bulk(supported=False, max_operations=0, max_payload_size=0),
        filter=Filter(supported=True, max_results=MAX_RESULTS),
        change_password=ChangePassword(supported=False),
        sort=Sort(supported=False),
        etag=ETag(supported=True),
        authentication_schemes=[
            AuthenticationScheme(
                type="oauthbearertoken",
                name="Bearer token",
                description="A token created by an academy admin for one client, "
                "sent as 'Authorization: Bearer <token>'.",
                primary=True,
            )
        ],
        meta={
            "resourceType": "ServiceProviderConfig",
            "location": f"{base_url}/ServiceProviderConfig",
        },
    )
