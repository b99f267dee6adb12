from django.db import DEFAULT_DB_ALIAS, connections

from cms.api import content_changed

from .services import editorial_setup_ensure


def ensure_editorial_setup_after_migrate(
    sender, using=DEFAULT_DB_ALIAS, **kwargs
) -> None:
    # Page trees live in the default database; after migrating backwards the
    # tables may not exist yet, and then there is nothing to set up.
    if using != DEFAULT_DB_ALIAS:
        return
    tables = set(connections[using].introspection.table_names())
    if {"courses_courseindexpage", "wagtailcore_workflowpage"} <= tables:
        editorial_setup_ensure()


def taxonomy_changed(sender, **kwargs) -> None:
    """A skill or blocker renamed, mapped or removed changes what cached course
    pages and My skills show (their names, categories, blockers): rebuild them."""
    content_changed()
