"""Knowledge checks: where the lesson page's "Start" button posts."""

from __future__ import annotations

from wagtail import hooks

from core.hooks import KNOWLEDGE_CHECK_URL_HOOK


def knowledge_check_url(lesson_id: int) -> str | None:
    """Where a lesson's check starts an attempt; None when no app delivers checks."""
    for fn in hooks.get_hooks(KNOWLEDGE_CHECK_URL_HOOK):
        url = fn(lesson_id)
        if url:
            return url
    return None
