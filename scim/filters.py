"""SCIM filters (RFC 7644 §3.4.2.2) turned into ``learners.api`` filters.

scim2-models parses the expression; this module maps each attribute path to a
field provisioning can search by. An attribute the resource type does not know is
an ``invalidFilter`` error, as the RFC asks of an endpoint serving one type.
"""

from __future__ import annotations

from scim2_models import InvalidFilterException, ScimFilter
from scim2_models.path import (
    AttrPath,
    Comparison,
    FilterNode,
    LogicalExpr,
    Not,
    Present,
    ValuePath,
)

from learners import api as learners_api

from .schema import ENTERPRISE_SCHEMA, GROUP_SCHEMA, USER_SCHEMA

# (schema URN or None, "attr" or "attr.sub") -> provisioning field
_USER_FIELDS = {
    "id": "id",
    "externalid": "external_id",
    "username": "email",
    "emails": "email",
    "emails.value": "email",
    "name.givenname": "first_name",
    "name.familyname": "last_name",
    "title": "job_title",
    "active": "active",
    "meta.lastmodified": "updated_at",
    "employeenumber": "employee_id",
    "department": "department",
    "manager": "manager_id",
    "manager.value": "manager_id",
}
_GROUP_FIELDS = {
    "id": "id",
    "externalid": "external_id",
    "displayname": "name",
    "members": "member_id",
    "members.value": "member_id",
}
_SCHEMAS = {
    "User": (USER_SCHEMA.lower(), ENTERPRISE_SCHEMA.lower()),
    "Group": (GROUP_SCHEMA.lower(),),
}


def _field(path: AttrPath, resource_type: str, sub_attr: str | None = None) -> str:
    fields = _USER_FIELDS if resource_type == "User" else _GROUP_FIELDS
    if path.uri and path.uri.lower() not in _SCHEMAS[resource_type]:
        raise InvalidFilterException(detail=f"Unknown schema in the filter: {path}")
    name = path.attr.lower()
    sub = sub_attr or path.sub_attr
    key = f"{name}.{sub.lower()}" if sub else name
    try:
        return fields[key]
    except KeyError:
        raise InvalidFilterException(
            detail=f"{resource_type}s cannot be filtered by “{path}”."
        ) from None


def _node(node: FilterNode, resource_type: str) -> learners_api.Filter:
    if isinstance(node, Comparison):
        value = node.value
        if value is not None and not isinstance(value, (str, bool, int)):
            value = str(value)
        return learners_api.Condition(
            field=_field(node.attr_path, resource_type),
            op=str(node.op),
            value=value,
        )
    if isinstance(node, Present):
        return learners_api.Condition(
            field=_field(node.attr_path, resource_type), op="pr"
        )
    if isinstance(node, Not):
        return learners_api.Negation(operand=_node(node.expr, resource_type))
    if isinstance(node, LogicalExpr):
        terms = [_node(term, resource_type) for term in node.terms]
        combined = terms[0]
        for term in terms[1:]:
            combined = learners_api.Logical(op=str(node.op), left=combined, right=term)
        return combined
    if isinstance(node, ValuePath):
        # emails[value eq "x"], members[value eq "42"]: only the value is kept,
        # so only comparisons of it can be answered.
        inner = node.val_filter
        if isinstance(inner, Comparison) and inner.attr_path.attr.lower() == "value":
            return learners_api.Condition(
                field=_field(node.attr_path, resource_type, "value"),
                op=str(inner.op),
                value=inner.value,
            )
        raise InvalidFilterException(
            detail=f"Only “{node.attr_path}[value op ...]” can be filtered."
        )
    raise InvalidFilterException(detail="This filter is not supported.")


def parse_filter(text: str | None, *, resource_type: str) -> learners_api.Filter | None:
    """The provisioning filter for ``text``; raises InvalidFilterException."""
    if not text or not text.strip():
        return None
    try:
        parsed = ScimFilter(text)
    except (ValueError, TypeError) as exc:
        raise InvalidFilterException(detail=f"The filter is not valid: {exc}") from None
    return _node(parsed.ast, resource_type)
