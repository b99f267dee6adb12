"""Content and taxonomy of the academy."""

from .taxonomy import Role

__all__ = ["Role"]
