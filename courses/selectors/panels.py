"""HTML other apps add to course and lesson pages through the panel hooks."""

from __future__ import annotations

from wagtail import hooks

from core.hooks import COURSE_PANELS_HOOK, LESSON_PANELS_HOOK


def course_panels(request, course_id: int) -> list[str]:
    """HTML fragments other apps add to a course's header, in hook order."""
    return [
        html
        for fn in hooks.get_hooks(COURSE_PANELS_HOOK)
        if (html := fn(request, course_id))
    ]


def lesson_panels(request, lesson_id: int) -> list[str]:
    """HTML fragments other apps add below a lesson, in hook order."""
    panels = []
    for fn in hooks.get_hooks(LESSON_PANELS_HOOK):
        html = fn(request, lesson_id)
        if html:
            panels.append(html)
    return panels
