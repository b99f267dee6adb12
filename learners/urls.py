from django.urls import path, re_path

from . import credential_views, views

app_name = "learners"

urlpatterns = [
    path("courses/", views.catalogue, name="catalogue"),
    path("my-learning/", views.my_learning, name="my_learning"),
    path("my-learning/preferences/", views.preferences, name="preferences"),
    path("my-learning/skills/", views.my_skills, name="my_skills"),
    path(
        "my-learning/attempts/<int:attempt_id>/",
        views.attempt_detail,
        name="attempt",
    ),
    path(
        "my-learning/attempts/<int:attempt_id>/questions/<int:question_id>/check/",
        views.attempt_check,
        name="attempt_check",
    ),
    path(
        "my-learning/attempts/<int:attempt_id>/submit/",
        views.attempt_submit,
        name="attempt_submit",
    ),
    path(
        "learn/lessons/<int:lesson_id>/viewed/",
        views.lesson_viewed,
        name="lesson_viewed",
    ),
    path(
        "learn/lessons/<int:lesson_id>/complete/",
        views.lesson_complete,
        name="lesson_complete",
    ),
    path(
        "learn/lessons/<int:lesson_id>/check/", views.lesson_check, name="lesson_check"
    ),
    path(
        "learn/lessons/<int:lesson_id>/confirm-policy/",
        views.policy_confirm,
        name="policy_confirm",
    ),
    path(
        "learn/courses/<int:course_id>/start/", views.course_start, name="course_start"
    ),
    path("my-team/", views.my_team, name="my_team"),
    path("my-team/skills/", views.team_skills, name="team_skills"),
    path("my-team/people/<int:learner_id>/", views.team_member, name="team_member"),
    re_path(
        r"^my-team/export\.(?P<fmt>csv|xlsx)$",
        views.my_team_export,
        name="my_team_export",
    ),
    path("my-team/nudge/<int:learner_id>/", views.nudge, name="nudge"),
    path("my-team/nudge/", views.nudge_many, name="nudge_many"),
    path("my-team/assign/", views.assign_course, name="assign"),
    path(
        "my-team/assignments/<int:assignment_id>/",
        views.assignment_detail,
        name="assignment",
    ),
    path(
        "my-team/assignments/<int:assignment_id>/undo/",
        views.assignment_undo,
        name="assignment_undo",
    ),
    path(
        "certificates/<uuid:uuid>/",
        credential_views.certificate_verify,
        name="certificate",
    ),
    path(
        "material-changes/<int:change_id>/",
        views.material_change,
        name="material_change",
    ),
    path(
        "material-changes/<int:change_id>/apply/",
        views.material_change_apply,
        name="material_change_apply",
    ),
    path(
        "material-changes/<int:change_id>/undo/",
        views.material_change_undo,
        name="material_change_undo",
    ),
    path(
        "my-learning/flag/<int:lesson_id>/",
        views.lesson_flag,
        name="lesson_flag",
    ),
    path(
        "my-learning/renew/<int:lesson_id>/",
        views.lesson_renew,
        name="lesson_renew",
    ),
    path(
        "certificates/<uuid:uuid>/pdf/",
        credential_views.certificate_download,
        name="certificate_pdf",
    ),
    # Anything else under certificates/ (a mistyped or altered id): the same
    # "cannot be verified" page as an unknown id, not the site's generic 404.
    re_path(
        r"^certificates/(?P<reference>[^/]{1,100})/$",
        credential_views.certificate_unknown,
        name="certificate_unknown",
    ),
    re_path(
        r"^certificates/(?P<uuid>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/badge\.(?P<fmt>json|jwt)$",
        credential_views.certificate_badge,
        name="certificate_badge",
    ),
    path(
        "credentials/issuer/",
        credential_views.credential_issuer,
        name="credential_issuer",
    ),
    path(
        "credentials/jwks.json",
        credential_views.credential_jwks,
        name="credential_jwks",
    ),
    path(
        "credentials/status/<uuid:uuid>/",
        credential_views.credential_status,
        name="credential_status",
    ),
    path(
        "credentials/verify/",
        credential_views.credential_verify,
        name="credential_verify",
    ),
]
