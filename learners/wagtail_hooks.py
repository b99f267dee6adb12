"""People in the Wagtail admin, for Academy admins: departments and learners."""

from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

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


class DepartmentViewSet(ModelViewSet):
    model = Department
    icon = "group"
    menu_label = "Departments"
    list_display = ["name", "parent", "hr_code", "updated_at"]
    list_filter = ["parent"]
    search_fields = ["name", "hr_code"]
    list_export = ["name", "parent", "hr_code"]
    export_filename = "departments"
    copy_view_enabled = False
    inspect_view_enabled = True
    panels = [
        FieldPanel("name"),
        FieldPanel("parent", widget=department_chooser_viewset.widget_class),
        FieldPanel("hr_code"),
    ]


class LearnerViewSet(ModelViewSet):
    model = Learner
    icon = "user"
    menu_label = "Learners"
    list_display = ["__str__", "employee_id", "department", "role", "status"]
    list_filter = ["status", "role", "department"]
    search_fields = ["employee_id", "job_title", "user__first_name", "user__last_name"]
    list_export = [
        "employee_id",
        "__str__",
        "department",
        "job_title",
        "role",
        "status",
    ]
    export_filename = "learners"
    copy_view_enabled = False
    inspect_view_enabled = True
    panels = [
        FieldPanel("user"),
        FieldRowPanel([FieldPanel("employee_id"), FieldPanel("status")]),
        MultiFieldPanel(
            [
                FieldPanel(
                    "department", widget=department_chooser_viewset.widget_class
                ),
                FieldPanel("manager", widget=learner_chooser_viewset.widget_class),
                FieldPanel("job_title"),
                FieldPanel("role"),
            ],
            heading="Organisation",
        ),
        FieldRowPanel([FieldPanel("location"), FieldPanel("hire_date")]),
    ]

    def get_queryset(self, request):
        return Learner.objects.select_related("user", "department", "role")


class PeopleViewSetGroup(ModelViewSetGroup):
    menu_label = "People"
    menu_icon = "group"
    menu_order = 300
    items = (DepartmentViewSet("departments"), LearnerViewSet("learners"))


@hooks.register("register_admin_viewset")
def register_people_viewsets():
    return [PeopleViewSetGroup(), learner_chooser_viewset, department_chooser_viewset]
