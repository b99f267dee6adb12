from django.urls import path

from . import views

app_name = "scorm"

urlpatterns = [
    path(
        "scorm/content/<str:token>/<path:path>",
        views.package_file,
        name="package_file",
    ),
    path("scorm/libraries/<str:name>.js", views.library_script, name="library"),
    path("scorm/runtime/<str:token>.js", views.runtime_script, name="runtime"),
    path("scorm/runtime/<str:token>/", views.launcher, name="launcher"),
    path("scorm/lessons/<int:lesson_id>/launch/", views.launch, name="launch"),
    path("scorm/attempts/<int:attempt_id>/commit/", views.commit, name="commit"),
]
