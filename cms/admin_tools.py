"""Admin helpers so that no screen answers a 500: deleting what history still
refers to is refused with a message, and choosers pick existing objects only.

Wagtail registers a chooser's "create" URL even when the chooser has no creation
form, and a post to it fails; and a chooser widget re-showing a form whose posted
value is not an id (a stale page, a tampered post) fails while rendering. The
academy's choosers pick existing objects only: people come from the roster and the
People screens, departments and the taxonomy from their own screens.
"""

from django.core.exceptions import ValidationError
from django.db import router
from django.db.models import Model, ProtectedError, RestrictedError
from django.db.models.deletion import Collector
from wagtail.admin.widgets.chooser import BaseChooser
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.widgets import AdminSnippetChooser


class TolerantChooserMixin:
    """For a chooser widget: a value that is no object's id shows as empty."""

    def get_instance(self, value):
        try:
            return super().get_instance(value)
        except (ValueError, TypeError, ValidationError):
            return None


class TolerantChooser(TolerantChooserMixin, BaseChooser):
    pass


class TolerantSnippetChooser(TolerantChooserMixin, AdminSnippetChooser):
    pass


class NoCreationChooserMixin:
    """For a chooser viewset: no create tab and no create URL (404)."""

    base_widget_class = TolerantChooser

    def get_urlpatterns(self):
        return [
            pattern
            for pattern in super().get_urlpatterns()
            if getattr(pattern, "name", None) != "create"
        ]


class SnippetChooserWithoutCreation(NoCreationChooserMixin, SnippetChooserViewSet):
    base_widget_class = TolerantSnippetChooser


def delete_blockers(objects: list[Model]) -> list[str]:
    """What still refers to ``objects`` through protected keys, as plural names
    ("learners", "assignment rules"); empty when they may be deleted. Nothing is
    written: Django's delete collector only looks."""
    if not objects:
        return []
    collector = Collector(using=router.db_for_write(type(objects[0])))
    try:
        collector.collect(objects)
    except ProtectedError as error:
        found = error.protected_objects
    except RestrictedError as error:
        found = error.restricted_objects
    else:
        return []
    return sorted({str(obj._meta.verbose_name_plural) for obj in found})
