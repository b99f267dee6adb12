"""The SCIM 2.0 endpoints (RFC 7644) under ``/scim/v2/``.

Thin views: authenticate the client's bearer token, apply its rate limit, parse
the query, call one operation of ``scim.services``, render SCIM JSON. Sessions
play no part: a signed-in admin's cookie does not open SCIM, and a SCIM token
opens nothing else (it is checked here only, never by an authentication backend).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from pydantic import ValidationError
from scim2_models import (
    Context,
    Group,
    InvalidValueException,
    ListResponse,
    NotFoundException,
    ResponseParameters,
    SCIMException,
)

from learners import api as learners_api

from . import services
from .filters import parse_filter
from .schema import (
    DEFAULT_COUNT,
    ERROR_SCHEMA,
    MAX_RESULTS,
    ScimUser,
    published_schemas,
    resource_types,
    service_provider_config,
)
from .throttle import scim_request_allowed
from .tokens import client_for_token

CONTENT_TYPE = "application/scim+json"
#: The largest request body read, in bytes (a group with thousands of members).
MAX_BODY = 2 * 1024 * 1024


def _json(data, status: int = 200, *, version: str | None = None, location=None):
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False), status=status, content_type=CONTENT_TYPE
    )
    if version:
        response["ETag"] = version
    if location:
        response["Location"] = location
    return response


def error_response(status: int, detail: str, scim_type: str | None = None):
    data = {"schemas": [ERROR_SCHEMA], "status": str(status), "detail": detail}
    if scim_type:
        data["scimType"] = scim_type
    return _json(data, status)


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/scim/v2").rstrip("/")


def _bearer(request: HttpRequest) -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def scim_view(view: Callable) -> Callable:
    """Token authentication, rate limit and SCIM errors around a view."""

    @csrf_exempt
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        client = client_for_token(_bearer(request) or "")
        if client is None:
            response = error_response(
                401, "A valid SCIM bearer token is required for this client."
            )
            response["WWW-Authenticate"] = 'Bearer realm="scim"'
            return response
        # Every method counts, GETs too (scim/throttle.py).
        verdict = scim_request_allowed(client.pk)
        if not verdict.allowed:
            response = error_response(
                429, "Too many requests for this client: slow down and retry."
            )
            response["Retry-After"] = str(verdict.retry_after)
            return response
        request.scim_client = client
        try:
            return view(request, *args, **kwargs)
        except SCIMException as exc:
            return error_response(exc.status, exc.detail, exc.scim_type or None)
        except ValidationError as exc:
            error = services.validation_error(exc)
            return error_response(error.status, error.detail, error.scim_type or None)
        except learners_api.UnsupportedFilter as exc:
            return error_response(400, str(exc), "invalidFilter")

    return wrapped


def _body(request: HttpRequest):
    if len(request.body) > MAX_BODY:
        raise services.ScimError(413, "The request body is too large.")
    try:
        return json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        raise services.ScimError(
            400, "The request body is not valid JSON.", "invalidSyntax"
        ) from None


def _response_parameters(request: HttpRequest) -> ResponseParameters | None:
    attributes = request.GET.get("attributes")
    excluded = request.GET.get("excludedAttributes")
    if not attributes and not excluded:
        return None
    try:
        return ResponseParameters.model_validate(
            {
                "attributes": attributes.split(",") if attributes else None,
                "excludedAttributes": excluded.split(",") if excluded else None,
            }
        )
    except ValidationError as exc:
        raise services.validation_error(exc) from None


def _dump(resource, context: Context, parameters=None) -> dict:
    return resource.model_dump(scim_ctx=context, response_parameters=parameters)


def _not_allowed(request) -> HttpResponse:
    return error_response(405, f"{request.method} is not supported here.")


def _paging(request: HttpRequest) -> tuple[int, int]:
    def number(name: str, default: int) -> int:
        text = request.GET.get(name)
        if text in (None, ""):
            return default
        try:
            return int(text)
        except ValueError:
            raise InvalidValueException(
                detail=f"{name} must be a whole number."
            ) from None

    # RFC 7644 §3.4.2.4: startIndex below 1 is 1; count below 0 is 0.
    start_index = max(1, number("startIndex", 1))
    count = min(MAX_RESULTS, max(0, number("count", DEFAULT_COUNT)))
    return start_index, count


def _list(request, model, resources, total: int, start_index: int) -> HttpResponse:
    parameters = _response_parameters(request)
    listing = ListResponse[model](
        total_results=total,
        start_index=start_index,
        items_per_page=len(resources),
        resources=resources or None,
    )
    data = listing.model_dump(
        scim_ctx=Context.SEARCH_RESPONSE, response_parameters=parameters
    )
    data.setdefault("Resources", [])
    return _json(data)


# --- discovery ---------------------------------------------------------------------


@scim_view
def service_provider_config_view(request):
    if request.method != "GET":
        return _not_allowed(request)
    config = service_provider_config(_base_url(request))
    return _json(_dump(config, Context.RESOURCE_QUERY_RESPONSE))


@scim_view
def resource_types_view(request, name: str | None = None):
    if request.method != "GET":
        return _not_allowed(request)
    types = resource_types(_base_url(request))
    if name is None:
        items = [_dump(t, Context.RESOURCE_QUERY_RESPONSE) for t in types]
        return _list_plain(items)
    for item in types:
        if item.id == name:
            return _json(_dump(item, Context.RESOURCE_QUERY_RESPONSE))
    raise NotFoundException(detail=f"There is no resource type {name}.")


def _schema_dump(schema, base_url: str) -> dict:
    data = _dump(schema, Context.RESOURCE_QUERY_RESPONSE)
    data["meta"] = {
        "resourceType": "Schema",
        "location": f"{base_url}/Schemas/{schema.id}",
    }
    return data


def _list_plain(items: list[dict]) -> HttpResponse:
    return _json(
        {
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
            "totalResults": len(items),
            "startIndex": 1,
            "itemsPerPage": len(items),
            "Resources": items,
        }
    )


@scim_view
def schemas_view(request, schema_id: str | None = None):
    if request.method != "GET":
        return _not_allowed(request)
    base_url = _base_url(request)
    schemas = published_schemas()
    if schema_id is None:
        return _list_plain([_schema_dump(s, base_url) for s in schemas])
    for schema in schemas:
        if str(schema.id).lower() == schema_id.lower():
            return _json(_schema_dump(schema, base_url))
    raise NotFoundException(detail=f"There is no schema {schema_id}.")


# --- Users -------------------------------------------------------------------------


@scim_view
def users_view(request):
    base_url = _base_url(request)
    if request.method == "GET":
        start_index, count = _paging(request)
        total, users = services.user_list(
            filter_=parse_filter(request.GET.get("filter"), resource_type="User"),
            start_index=start_index,
            count=count,
            base_url=base_url,
        )
        return _list(request, ScimUser, users, total, start_index)
    if request.method == "POST":
        user = services.user_create(
            payload=_body(request), client=request.scim_client, base_url=base_url
        )
        return _json(
            _dump(
                user,
                Context.RESOURCE_CREATION_RESPONSE,
                _response_parameters(request),
            ),
            201,
            version=user.meta.version,
            location=user.meta.location,
        )
    return _not_allowed(request)


@scim_view
def user_view(request, user_id: str):
    base_url = _base_url(request)
    client = request.scim_client
    if_match = request.headers.get("If-Match")
    if request.method == "GET":
        user = services.user_get(user_id=user_id, base_url=base_url)
        if_none_match = request.headers.get("If-None-Match")
        if if_none_match and user.meta.version in if_none_match:
            return HttpResponse(status=304)
        context = Context.RESOURCE_QUERY_RESPONSE
    elif request.method == "PUT":
        user = services.user_replace(
            user_id=user_id,
            payload=_body(request),
            client=client,
            base_url=base_url,
            if_match=if_match,
        )
        context = Context.RESOURCE_REPLACEMENT_RESPONSE
    elif request.method == "PATCH":
        user = services.user_patch(
            user_id=user_id,
            payload=_body(request),
            client=client,
            base_url=base_url,
            if_match=if_match,
        )
        context = Context.RESOURCE_PATCH_RESPONSE
    elif request.method == "DELETE":
        services.user_delete(user_id=user_id, client=client, if_match=if_match)
        return HttpResponse(status=204)
    else:
        return _not_allowed(request)
    return _json(
        _dump(user, context, _response_parameters(request)),
        version=user.meta.version,
        location=user.meta.location,
    )


# --- Groups ------------------------------------------------------------------------


def _wants_members(request) -> bool:
    excluded = (request.GET.get("excludedAttributes") or "").lower()
    return "members" not in [part.strip() for part in excluded.split(",")]


@scim_view
def groups_view(request):
    base_url = _base_url(request)
    if request.method == "GET":
        start_index, count = _paging(request)
        total, groups = services.group_list(
            filter_=parse_filter(request.GET.get("filter"), resource_type="Group"),
            start_index=start_index,
            count=count,
            base_url=base_url,
            with_members=_wants_members(request),
        )
        return _list(request, Group, groups, total, start_index)
    if request.method == "POST":
        group = services.group_create(
            payload=_body(request), client=request.scim_client, base_url=base_url
        )
        return _json(
            _dump(
                group,
                Context.RESOURCE_CREATION_RESPONSE,
                _response_parameters(request),
            ),
            201,
            version=group.meta.version,
            location=group.meta.location,
        )
    return _not_allowed(request)


@scim_view
def group_view(request, group_id: str):
    base_url = _base_url(request)
    client = request.scim_client
    if_match = request.headers.get("If-Match")
    if request.method == "GET":
        group = services.group_get(group_id=group_id, base_url=base_url)
        context = Context.RESOURCE_QUERY_RESPONSE
    elif request.method == "PUT":
        group = services.group_replace(
            group_id=group_id,
            payload=_body(request),
            client=client,
            base_url=base_url,
            if_match=if_match,
        )
        context = Context.RESOURCE_REPLACEMENT_RESPONSE
    elif request.method == "PATCH":
        group = services.group_patch(
            group_id=group_id,
            payload=_body(request),
            client=client,
            base_url=base_url,
            if_match=if_match,
        )
        context = Context.RESOURCE_PATCH_RESPONSE
    elif request.method == "DELETE":
        services.group_delete(group_id=group_id, client=client, if_match=if_match)
        return HttpResponse(status=204)
    else:
        return _not_allowed(request)
    return _json(
        _dump(group, context, _response_parameters(request)),
        version=group.meta.version,
        location=group.meta.location,
    )


@scim_view
def search_view(request):
    """``POST /.search`` across resource types is not offered (RFC 7644 §3.4.3)."""
    return error_response(
        501, "Searching several resource types at once is not supported."
    )


@scim_view
def not_found_view(request, rest: str = ""):
    return error_response(404, f"There is no SCIM endpoint /{rest}.")
