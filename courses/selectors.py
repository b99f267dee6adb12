"""Reads about content and taxonomy."""

from django.db.models import QuerySet

from .models import Role


def role_list() -> QuerySet[Role]:
    return Role.objects.order_by("name")


def curricula_index_url() -> str | None:
    """URL of the live curricula index, once L&D has published one."""
    return None
