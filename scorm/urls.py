from django.urls import path

from . import views

app_name = "scorm"

urlpatterns = [
    path(
        "scorm/content/<str:token>/<path:path>",
        views.package_file,
        name="package_file",
    ),
]
