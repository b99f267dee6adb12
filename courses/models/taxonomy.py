"""The taxonomy L&D maintains: roles (and, with the curricula, skills and blockers)."""

from django.db import models
from wagtail.search import index


class Role(index.Indexed, models.Model):
    """A role track such as "Production engineer"; each has one curriculum."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)

    search_fields = [
        index.SearchField("name"),
        index.SearchField("description"),
        index.AutocompleteField("name"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
