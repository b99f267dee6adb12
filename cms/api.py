"""What other apps may use of the site shell.

The shell's hook names live in ``core.hooks``; here are the admin helpers every
app's screens share, so that no admin screen answers a 500.
"""

from .admin_tools import (
    NoCreationChooserMixin,
    SnippetChooserWithoutCreation,
    delete_blockers,
)

__all__ = [
    "NoCreationChooserMixin",
    "SnippetChooserWithoutCreation",
    "delete_blockers",
]
