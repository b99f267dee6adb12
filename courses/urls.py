from django.urls import path

from . import views

app_name = "courses"

urlpatterns = [
    path(
        "lessons/<int:lesson_id>/check/",
        views.lesson_check,
        name="lesson_check",
    ),
]
