"""The admin's person and department choosers, shared by every admin form.

``wagtail_hooks`` registers them; other apps' admin forms get their widgets
through ``learners.api``.
"""

from django import forms
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView
from wagtail.admin.viewsets.chooser import ChooserViewSet

from cms.api import NoCreationChooserMixin

from .models import Department, Learner
from .search import people_search


class PeopleSearchForm(BaseFilterForm):
    """The chooser's search box, answered by the people search column (a
    trigram index on PostgreSQL), not Wagtail's search index."""

    q = forms.CharField(
        label="Search term",
        widget=forms.TextInput(attrs={"placeholder": "Name, email or employee ID"}),
        required=False,
    )

    def filter(self, objects):
        objects = super().filter(objects)
        query = self.cleaned_data.get("q") if self.is_valid() else ""
        if query:
            objects = people_search(objects, query)
            self.is_searching = True
            self.search_query = query
        return objects


class PeopleChooseView(ChooseView):
    filter_form_class = PeopleSearchForm


class PeopleChooseResultsView(ChooseResultsView):
    filter_form_class = PeopleSearchForm


# People and departments are chosen, never created, in a chooser: people come from
# the roster and the People screens (where a role enrols them), departments from
# their own screen.
class LearnerChooserViewSet(NoCreationChooserMixin, ChooserViewSet):
    model = Learner
    choose_view_class = PeopleChooseView
    choose_results_view_class = PeopleChooseResultsView
    icon = "user"
    choose_one_text = "Choose a person"
    choose_another_text = "Choose another person"
    edit_item_text = "Edit this person"
    per_page = 25


class DepartmentChooserViewSet(NoCreationChooserMixin, ChooserViewSet):
    model = Department
    icon = "group"
    choose_one_text = "Choose a department"
    choose_another_text = "Choose another department"
    per_page = 25


learner_chooser_viewset = LearnerChooserViewSet("learner_chooser")
department_chooser_viewset = DepartmentChooserViewSet("department_chooser")
