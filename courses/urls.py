"""Courses serves its pages through Wagtail; knowledge checks post to learners."""

app_name = "courses"

urlpatterns: list = []
