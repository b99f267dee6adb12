"""The admin's person and department choosers, shared by every admin form.

``wagtail_hooks`` registers them; other apps' admin forms get their widgets
through ``learners.api``.
"""

from wagtail.admin.viewsets.chooser import ChooserViewSet

from cms.api import NoCreationChooserMixin

from .models import Department, Learner


# People and departments are chosen, never created, in a chooser: people come from
# the roster and the People screens (where a role enrols them), departments from
# their own screen.
class LearnerChooserViewSet(NoCreationChooserMixin, ChooserViewSet):
    model = Learner
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
