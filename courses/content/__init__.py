"""Curriculum content kept as files: read, validate, then load through services.

The format (YAML for skills, courses and curricula; Markdown with front matter for
lessons) is described in ``content/README.md`` and docs/decisions/0008.
"""

from .loader import ContentSummary, content_load, content_references_check
from .reader import ContentError, ContentSet, content_read
from .schema import Problem

__all__ = [
    "ContentError",
    "ContentSet",
    "ContentSummary",
    "Problem",
    "content_load",
    "content_read",
    "content_references_check",
]
