"""The taxonomy in the Wagtail admin, grouped under one menu item."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Role


class RoleViewSet(SnippetViewSet):
    model = Role
    icon = "user"
    menu_label = "Roles"
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    copy_view_enabled = False


class TaxonomyViewSetGroup(SnippetViewSetGroup):
    menu_label = "Taxonomy"
    menu_icon = "tag"
    menu_order = 250
    items = (RoleViewSet,)


register_snippet(TaxonomyViewSetGroup)
