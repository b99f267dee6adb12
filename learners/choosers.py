"""The admin's person and department choosers, shared by every admin form.

``wagtail_hooks`` registers them; other apps' admin forms get their widgets
through ``learners.api``.
"""

from wagtail.admin.viewsets.chooser import ChooserViewSet

from .models import Department, Learner


class LearnerChooserViewSet(ChooserViewSet):
    model = Learner
    icon = "user"
    choose_one_text = "Choose a person"
    choose_another_text = "Choose another person"
    edit_item_text = "Edit this person"
    per_page = 25


class DepartmentChooserViewSet(ChooserViewSet):
    model = Department
    icon = "group"
    choose_one_text = "Choose a department"
    choose_another_text = "Choose another department"
    per_page = 25


learner_chooser_viewset = LearnerChooserViewSet("learner_chooser")
department_chooser_viewset = DepartmentChooserViewSet("department_chooser")
