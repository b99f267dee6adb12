"""The persona groups and what each may do (docs/architecture.md, "People and
permissions").

Group membership is the single source of truth for personas (managers are the one
exception: anyone with direct reports manages them). ``groups_ensure`` keeps the
groups and their model permissions as listed here; it runs after every migrate.
"""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

LD_EDITORS = "L&D editors"
LD_REVIEWERS = "L&D reviewers"
ACADEMY_ADMINS = "Academy admins"
LEADERSHIP = "Leadership"

ALL_GROUPS = (LD_EDITORS, LD_REVIEWERS, ACADEMY_ADMINS, LEADERSHIP)
# Groups that see organisation analytics (aggregates only for Leadership).
ANALYTICS_GROUPS = (LD_EDITORS, ACADEMY_ADMINS, LEADERSHIP)

_CRUD = ("add", "change", "delete", "view")


def _model_perms(app_label: str, *models: str, actions=_CRUD) -> list[str]:
    return [f"{app_label}.{action}_{model}" for model in models for action in actions]


GROUP_PERMISSIONS: dict[str, list[str]] = {
    LD_EDITORS: ["wagtailadmin.access_admin"],
    LD_REVIEWERS: ["wagtailadmin.access_admin"],
    ACADEMY_ADMINS: [
        "wagtailadmin.access_admin",
        *_model_perms("learners", "department", "learner"),
        *_model_perms("courses", "role"),
    ],
    LEADERSHIP: [],
}


def register_group_permissions(group: str, perms: list[str]) -> None:
    """Other apps add the permissions their models need for a persona."""
    GROUP_PERMISSIONS.setdefault(group, [])
    for perm in perms:
        if perm not in GROUP_PERMISSIONS[group]:
            GROUP_PERMISSIONS[group].append(perm)


def groups_ensure(*, using: str = "default") -> None:
    """Create the persona groups and grant the listed permissions (idempotent)."""
    # Model permissions are normally created per app after migrate; make sure all
    # exist before granting them, whatever order the apps migrated in.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    wanted = {perm for perms in GROUP_PERMISSIONS.values() for perm in perms}
    by_name = {
        f"{p.content_type.app_label}.{p.codename}": p
        for p in Permission.objects.using(using).select_related("content_type")
        if f"{p.content_type.app_label}.{p.codename}" in wanted
    }
    missing = wanted - by_name.keys()
    if missing:
        raise LookupError(f"Unknown permissions for persona groups: {sorted(missing)}")
    for name, perms in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.using(using).get_or_create(name=name)
        group.permissions.add(*(by_name[p] for p in perms))


def _access_sql() -> str:
    """The user's group names and every permission of the user and their
    groups, as ``(kind, value)`` rows: one statement, the same on both
    databases. Table and column names come from the models."""
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    groups = user_model.groups.through._meta
    perms = user_model.user_permissions.through._meta
    group_table, group_user = groups.db_table, groups.get_field("user").column
    group_id = groups.get_field("group").column
    perm_table, perm_user = perms.db_table, perms.get_field("user").column
    return f"""
        SELECT 'group', g.name FROM auth_group g
        JOIN {group_table} ug ON ug.{group_id} = g.id
        WHERE ug.{group_user} = %s
        UNION ALL
        SELECT 'perm', ct.app_label || '.' || p.codename
        FROM auth_permission p
        JOIN django_content_type ct ON ct.id = p.content_type_id
        WHERE p.id IN (
            SELECT permission_id FROM {perm_table} WHERE {perm_user} = %s
            UNION
            SELECT gp.permission_id FROM auth_group_permissions gp
            JOIN {group_table} ug ON ug.{group_id} = gp.group_id
            WHERE ug.{group_user} = %s
        )
    """  # noqa: S608 - names from the models' metadata; the user id is a parameter


_ACCESS_SQL: list[str] = []


def load_access(user) -> None:
    """Read the user's group names and permissions together, once per request
    (both are asked on every page: the header's Admin and Analytics links, the
    staff guard). Kept where each is read: ``_academy_group_names`` here, and
    the model backend's own ``_perm_cache``, so ``has_perm`` answers as the
    backend would, without its two queries."""
    from django.db import connection

    if hasattr(user, "_academy_group_names") or user.is_superuser:
        return
    if not _ACCESS_SQL:
        _ACCESS_SQL.append(_access_sql())
    with connection.cursor() as cursor:
        cursor.execute(_ACCESS_SQL[0], [user.pk, user.pk, user.pk])
        rows = cursor.fetchall()
    user._academy_group_names = {value for kind, value in rows if kind == "group"}
    if user.is_active and not hasattr(user, "_perm_cache"):
        user._perm_cache = {value for kind, value in rows if kind == "perm"}


def user_in_groups(user, *names: str) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    load_access(user)
    return bool(user._academy_group_names.intersection(names))


def can_view_analytics(user) -> bool:
    return user_in_groups(user, *ANALYTICS_GROUPS)


def can_see_individuals(user) -> bool:
    """Academy admins may see anyone's data; everyone else sees aggregates."""
    return user_in_groups(user, ACADEMY_ADMINS)
