"""Put back what the migrations seed, after a transactional test flushed it all.

Transactional tests (browser journeys, concurrency) end by emptying every table,
which removes the data our migrations seed: Wagtail's root page and collection, the
home page, the default roles and blockers, schedules, the default target and rules.
Such a test starts, and is followed, by running our apps' data migrations again
(they are idempotent) and the post-migrate set-up (groups, editorial workflow).
"""

from django.apps import apps as global_apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import RunPython
from django.db.models.signals import post_migrate

OUR_APPS = ("cms", "courses", "learners", "analytics")
HOME_PAGE_MIGRATION = ("cms", "0002_create_homepage")


def _wagtail_root() -> None:
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Locale, Page

    if Page.objects.filter(depth=1).exists():
        return
    language = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    locale, _ = Locale.objects.get_or_create(language_code=language)
    Page.add_root(
        instance=Page(
            title="Root",
            slug="root",
            content_type=ContentType.objects.get_for_model(Page),
            locale=locale,
        )
    )


def _wagtail_root_collection() -> None:
    from wagtail.models import Collection

    if not Collection.objects.exists():
        Collection.add_root(name="Root")


def reseed() -> None:
    from cms.models import HomePage

    _wagtail_root()
    _wagtail_root_collection()
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    plan: list[tuple[str, str]] = []
    for app in OUR_APPS:
        leaves = loader.graph.leaf_nodes(app)
        if not leaves:
            continue
        plan.extend(
            key for key in loader.graph.forwards_plan(leaves[0]) if key not in plan
        )
    # Creating the home page is the one data migration that is not idempotent: it
    # runs only when the home page is gone. Every other one (such as the schedules)
    # always runs, so whatever state a test left, the seed comes back complete.
    home_exists = HomePage.objects.exists()
    for app_label, name in plan:
        if app_label not in OUR_APPS:
            continue
        if (app_label, name) == HOME_PAGE_MIGRATION and home_exists:
            continue
        migration = loader.graph.nodes[(app_label, name)]
        for operation in migration.operations:
            if isinstance(operation, RunPython):
                operation.code(global_apps, None)
    for app_config in global_apps.get_app_configs():
        post_migrate.send(
            sender=app_config,
            app_config=app_config,
            verbosity=0,
            interactive=False,
            using="default",
            apps=global_apps,
            plan=[],
        )
