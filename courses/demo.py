"""Load the academy's shipped content: blockers, skills, courses, lessons, curricula.

The content lives as files in the repository's ``content/`` folder (or
``settings.ACADEMY_CONTENT_DIR``); this module reads and validates all of it, then
loads it through the services, matching everything by slug. A second run finds
every item unchanged and writes nothing (no new revisions either).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from django.conf import settings

from .blockers import DEFAULT_BLOCKERS
from .content import ContentSummary, content_load, content_read
from .content.reader import BlockerSpec


def content_dir() -> Path:
    return Path(settings.ACADEMY_CONTENT_DIR)


def demo_content_load() -> ContentSummary:
    """Read the shipped content folder and load it; raises ``ContentError`` if bad."""
    content = content_read(path=content_dir())
    # The four blockers of DESIGN.md come with the academy (a data migration seeds
    # them); ensuring them here keeps a demo database whole even if one was deleted.
    defaults = tuple(BlockerSpec(**spec) for spec in DEFAULT_BLOCKERS)
    content = dataclasses.replace(content, blockers=defaults + content.blockers)
    return content_load(content=content)
