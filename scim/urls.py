from django.urls import path, re_path

from . import views

app_name = "scim"

urlpatterns = [
    path(
        "ServiceProviderConfig",
        views.service_provider_config_view,
        name="service_provider_config",
    ),
    path("ResourceTypes", views.resource_types_view, name="resource_types"),
    path("ResourceTypes/<str:name>", views.resource_types_view, name="resource_type"),
    path("Schemas", views.schemas_view, name="schemas"),
    path("Schemas/<str:schema_id>", views.schemas_view, name="schema"),
    path("Users", views.users_view, name="users"),
    path("Users/<str:user_id>", views.user_view, name="user"),
    path("Groups", views.groups_view, name="groups"),
    path("Groups/<str:group_id>", views.group_view, name="group"),
    path(".search", views.search_view, name="search"),
    re_path(r"^(?P<rest>.*)$", views.not_found_view, name="not_found"),
]
