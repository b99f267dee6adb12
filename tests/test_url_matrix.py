"""Every URL of the product against every persona, with the status each should get.

Adding a named URL to one of the academy's apps without a row here fails
``test_every_named_url_has_a_row``: decide who may see it before it ships.
"""

from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import PERSONAS
from tests.learners.conftest import ALL_RIGHT, world  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db

OUR_MODULES = (
    "academy.",
    "accounts.",
    "cms.",
    "courses.",
    "learners.",
    "analytics.",
    "scorm.",
    "scim.",
)
# allauth screens a person uses directly; the rest of allauth is reached through them.
ALLAUTH_NAMES = (
    "account_login",
    "account_logout",
    "account_signup",
    "account_reset_password",
    "account_email",
    "account_change_password",
    "mfa_index",
)

ALL = dict.fromkeys(PERSONAS, 200)
SIGNED_IN = {**ALL, "anonymous": 302}
STAFF_ONLY = {
    "anonymous": 302,
    "learner": 403,
    "manager": 403,
    "ld_editor": 200,
    "ld_reviewer": 200,
    "academy_admin": 200,
    "leadership": 403,
}
# Inside the admin, Wagtail answers a screen the person's group may not use with a
# redirect to the dashboard and a "no permission" message.
ADMINS_ONLY = {**STAFF_ONLY, "ld_editor": 302, "ld_reviewer": 302}


@dataclass(frozen=True)
class Row:
    expected: dict[str, int]
    kwargs: dict = field(default_factory=dict)
    query: str = ""


# Named URLs: reverse(name, kwargs=...) + query.
NAMED: dict[str, Row] = {
    "healthz": Row(ALL),
    "search": Row(ALL, query="?q=governance"),
    # allauth: anonymous people see the entrance screens; signed-in people the rest.
    "account_login": Row({**ALL, **dict.fromkeys(PERSONAS[1:], 302)}),
    "account_logout": Row({**ALL, "anonymous": 302}),
    "account_signup": Row({**ALL, **dict.fromkeys(PERSONAS[1:], 302)}),
    "account_reset_password": Row(ALL),
    "account_email": Row(SIGNED_IN),
    "account_change_password": Row(SIGNED_IN),
    "mfa_index": Row(SIGNED_IN),
}

# The learner journey and My team. POST-only actions answer GET with 405.
POST_ONLY = {**dict.fromkeys(PERSONAS, 405), "anonymous": 302}
PROFILE_ONLY = {
    **SIGNED_IN,
    **dict.fromkeys(("ld_editor", "ld_reviewer", "academy_admin", "leadership"), 404),
}
MANAGERS_ONLY = {**dict.fromkeys(PERSONAS, 403), "anonymous": 302, "manager": 200}
MISSING_BEFORE_PERMISSION = {
    **STAFF_ONLY,
    **dict.fromkeys(("ld_editor", "ld_reviewer", "academy_admin"), 404),
}
MISSING_OWN_OBJECT = {**dict.fromkeys(PERSONAS, 404), "anonymous": 302}
NO_SUCH_CERTIFICATE = "0f8fad5b-d9cb-469f-a165-70867728950e"
NAMED.update(
    {
        "learners:my_learning": Row(SIGNED_IN),
        "learners:catalogue": Row(SIGNED_IN, query="?q=governance&role=nobody"),
        "learners:preferences": Row(PROFILE_ONLY),
        "learners:my_skills": Row(PROFILE_ONLY),
        "learners:attempt": Row(MISSING_OWN_OBJECT, {"attempt_id": 987654}),
        "learners:lesson_viewed": Row(POST_ONLY, {"lesson_id": 987654}),
        "learners:lesson_complete": Row(POST_ONLY, {"lesson_id": 987654}),
        "learners:lesson_check": Row(POST_ONLY, {"lesson_id": 987654}),
        "learners:attempt_submit": Row(POST_ONLY, {"attempt_id": 987654}),
        "learners:attempt_check": Row(
            POST_ONLY, {"attempt_id": 987654, "question_id": 987654}
        ),
        "learners:policy_confirm": Row(POST_ONLY, {"lesson_id": 987654}),
        "learners:course_start": Row(POST_ONLY, {"course_id": 987654}),
        "learners:my_team": Row(MANAGERS_ONLY),
        "learners:team_skills": Row(MANAGERS_ONLY),
        "learners:my_team_export": Row(MANAGERS_ONLY, {"fmt": "csv"}),
        # Someone outside the manager's line (or nobody at all): 404 for managers.
        "learners:team_member": Row(
            {**MANAGERS_ONLY, "manager": 404}, {"learner_id": 987654}
        ),
        "learners:nudge": Row(POST_ONLY, {"learner_id": 987654}),
        "learners:assign": Row(MANAGERS_ONLY),
        # The reminder confirmation (nobody chosen yet: it says so).
        "learners:nudge_many": Row(MANAGERS_ONLY),
        # An assignment summary and its undo: a manager's own only, else 404.
        "learners:assignment": Row(
            {**MANAGERS_ONLY, "manager": 404}, {"assignment_id": 987654}
        ),
        "learners:assignment_undo": Row(POST_ONLY, {"assignment_id": 987654}),
        # The admin's person screens (custom views: giving a role enrols).
        "people:index": Row(ADMINS_ONLY),
        "people:index_results": Row(ADMINS_ONLY),
        # Searching people to pick one (the people table's own search column):
        # open to every admin user, as Wagtail's choosers are; it shows names only.
        "learner_chooser:choose": Row(STAFF_ONLY),
        "learner_chooser:choose_results": Row(STAFF_ONLY),
        "people:add": Row(ADMINS_ONLY),
        "people:edit": Row({**ADMINS_ONLY, "academy_admin": 404}, {"pk": 987654}),
        # Deleting keeps history: refused for people with records, who can be
        # marked as left instead. (Wagtail's delete screens look the object up
        # before they check the permission.)
        "people:delete": Row(MISSING_BEFORE_PERMISSION, {"pk": 987654}),
        "people:deactivate": Row({**ADMINS_ONLY, "academy_admin": 404}, {"pk": 987654}),
        "departments:delete": Row(MISSING_BEFORE_PERMISSION, {"pk": 987654}),
        # Material changes to lessons: L&D reviewers and Academy admins see and
        # apply them (unknown ids 404); undo is for Academy admins (POST only).
        "learners:material_change": Row(
            {
                **dict.fromkeys(PERSONAS, 403),
                "anonymous": 302,
                "ld_reviewer": 404,
                "academy_admin": 404,
            },
            {"change_id": 987654},
        ),
        "learners:material_change_apply": Row(POST_ONLY, {"change_id": 987654}),
        "learners:material_change_undo": Row(POST_ONLY, {"change_id": 987654}),
        "learners:lesson_renew": Row(POST_ONLY, {"lesson_id": 987654}),
        "learners:lesson_flag": Row(POST_ONLY, {"lesson_id": 987654}),
        # Certificates are public by their unguessable id; unknown ids are 404.
        "learners:certificate": Row(
            dict.fromkeys(PERSONAS, 404), {"uuid": NO_SUCH_CERTIFICATE}
        ),
        "learners:certificate_pdf": Row(
            dict.fromkeys(PERSONAS, 404), {"uuid": NO_SUCH_CERTIFICATE}
        ),
        "learners:certificate_unknown": Row(
            dict.fromkeys(PERSONAS, 404), {"reference": "not-a-certificate-id"}
        ),
        # A certificate's Open Badge: its holder's only (the rest is 404).
        "learners:certificate_badge": Row(
            MISSING_OWN_OBJECT, {"uuid": NO_SUCH_CERTIFICATE, "fmt": "jwt"}
        ),
        # What third parties verify badges with: public, no sign-in.
        "learners:credential_issuer": Row(ALL),
        "learners:credential_jwks": Row(ALL),
        "learners:credential_status": Row(
            dict.fromkeys(PERSONAS, 404), {"uuid": NO_SUCH_CERTIFICATE}
        ),
        "learners:credential_verify": Row(ALL),
    }
)

# Paths without a name of ours: Wagtail pages and the admin.
PATHS: dict[str, dict[str, int]] = {
    "/": ALL,
    "/admin/": STAFF_ONLY,
    "/admin/people/": ADMINS_ONLY,
    "/admin/departments/": ADMINS_ONLY,
    "/admin/targets/": ADMINS_ONLY,
    "/admin/audit_trail/": ADMINS_ONLY,
    "/admin/certificates/": ADMINS_ONLY,
    "/admin/reminder_schedules/": ADMINS_ONLY,
    "/admin/snippets/courses/role/": STAFF_ONLY,
    "/this-page-does-not-exist/": dict.fromkeys(PERSONAS, 404),
}

# Curricula, courses and lessons are for signed-in people. Curriculum, course and
# lesson pages need content to exist, so their persona rows live in
# tests/courses/test_pages.py. L&D edit the taxonomy and the question bank
# (reviewers may look), Academy admins are sent away.
TAXONOMY = {**STAFF_ONLY, "academy_admin": 302}
NAMED["course_list:index"] = Row(TAXONOMY)
NAMED["course_list:index_results"] = Row(TAXONOMY)
PATHS.update(
    {
        "/curricula/": SIGNED_IN,
        "/courses/": SIGNED_IN,
        "/admin/snippets/courses/skill/": TAXONOMY,
        "/admin/snippets/courses/rolloutblocker/": TAXONOMY,
        "/admin/snippets/courses/bankquestion/": TAXONOMY,
        "/admin/snippets/courses/bankquestion/add/": {
            **TAXONOMY,
            "ld_reviewer": 302,
        },
        # The organisation profile lessons are filled from (ADR 0022): L&D editors
        # and Academy admins edit it; the default site is the second one.
        "/admin/settings/cms/organisationprofilesettings/2/": {
            **STAFF_ONLY,
            "ld_reviewer": 302,
        },
    }
)

# HR roster imports and assignment rules: Academy admins only. No import exists
# here, so an admin gets 404 for one; Apply answers GET with a redirect to the
# import. The seeded assignment rules exist, so rule 1 can be edited.
MISSING_FOR_ADMINS = {**ADMINS_ONLY, "academy_admin": 404}
NO_SUCH_IMPORT = {"pk": 987654}
NAMED.update(
    {
        "roster_imports:index": Row(ADMINS_ONLY),
        "roster_imports:index_results": Row(ADMINS_ONLY),
        "roster_imports:add": Row(ADMINS_ONLY),
        "roster_imports:detail": Row(MISSING_FOR_ADMINS, NO_SUCH_IMPORT),
        "roster_imports:progress": Row(MISSING_FOR_ADMINS, NO_SUCH_IMPORT),
        "roster_imports:report": Row(MISSING_FOR_ADMINS, NO_SUCH_IMPORT),
        "roster_imports:apply": Row(
            {**ADMINS_ONLY, "academy_admin": 302}, NO_SUCH_IMPORT
        ),
        "roster_imports:retry": Row(
            {**ADMINS_ONLY, "academy_admin": 302}, NO_SUCH_IMPORT
        ),
        # Certificates in the admin: "edit" is the revoke form (Academy admins).
        "certificates:edit": Row(MISSING_FOR_ADMINS, NO_SUCH_IMPORT),
        "assignment_rules:add": Row(ADMINS_ONLY),
        "assignment_rules:edit": Row(ADMINS_ONLY, {"pk": 1}),
        "assignment_rules:delete": Row(ADMINS_ONLY, {"pk": 1}),
    }
)
PATHS.update(
    {
        "/admin/roster-imports/": ADMINS_ONLY,
        "/admin/roster-imports/new/": ADMINS_ONLY,
        "/admin/assignment-rules/": ADMINS_ONLY,
    }
)

# Analytics: L&D editors, Academy admins and Leadership; refreshing the figures is
# for L&D editors and Academy admins; the learner × course export (individual
# data) for Academy admins only. Unknown ids, tables and departments are 404.
ANALYTICS = {
    **dict.fromkeys(PERSONAS, 403),
    "anonymous": 302,
    "ld_editor": 200,
    "academy_admin": 200,
    "leadership": 200,
}
ANALYTICS_MISSING = {
    **ANALYTICS,
    **dict.fromkeys(("ld_editor", "academy_admin", "leadership"), 404),
}
ANALYTICS_REFRESH = {**ANALYTICS, "leadership": 403}
ANALYTICS_REFRESH_MISSING = {
    **ANALYTICS_REFRESH,
    "ld_editor": 404,
    "academy_admin": 404,
}
INDIVIDUALS_ONLY = {
    **dict.fromkeys(PERSONAS, 403),
    "anonymous": 302,
    "academy_admin": 200,
}
NO_SUCH_INITIATIVE = {"initiative_id": 987654}
NAMED.update(
    {
        "analytics:dashboard": Row(ANALYTICS),
        "analytics:readiness": Row(ANALYTICS),
        "analytics:skills": Row(ANALYTICS),
        "analytics:initiatives": Row(ANALYTICS),
        "analytics:initiative": Row(ANALYTICS_MISSING, NO_SUCH_INITIATIVE),
        "analytics:initiative_export": Row(
            ANALYTICS_MISSING, {**NO_SUCH_INITIATIVE, "fmt": "csv"}
        ),
        "analytics:recommendations": Row(ANALYTICS),
        # Where completion and demonstrated skill disagree (ADR 0025).
        "analytics:disagreement": Row(ANALYTICS),
        "analytics:export": Row(ANALYTICS, {"table": "readiness", "fmt": "xlsx"}),
        "analytics:learner_courses_export": Row(INDIVIDUALS_ONLY, {"fmt": "csv"}),
        "analytics:refresh": Row(ANALYTICS_REFRESH),
        # Item analysis of the question bank: L&D editors and Academy admins.
        "analytics:items": Row(ANALYTICS_REFRESH),
        "analytics:items_export": Row(ANALYTICS_REFRESH, {"fmt": "csv"}),
        "analytics:snapshot": Row(ANALYTICS_REFRESH_MISSING, {"snapshot_id": 987654}),
    }
)
PATHS.update(
    {
        "/analytics/export/salaries.csv": ANALYTICS_MISSING,
        "/analytics/skills/?department=987654": ANALYTICS_MISSING,
        # Each skill page on either measure; an unknown measure falls back to
        # completed with a notice, never an error page.
        "/analytics/readiness/?measure=demonstrated": ANALYTICS,
        "/analytics/skills/?measure=demonstrated": ANALYTICS,
        "/analytics/initiatives/?measure=demonstrated": ANALYTICS,
        "/analytics/recommendations/?measure=demonstrated": ANALYTICS,
        "/analytics/readiness/?measure=guessed": ANALYTICS,
        "/analytics/export/disagreement.csv": ANALYTICS,
        "/analytics/export/readiness.xlsx?measure=demonstrated": ANALYTICS,
        "/admin/initiatives/": {**STAFF_ONLY, "ld_reviewer": 302},
        "/admin/initiatives/new/": {**STAFF_ONLY, "ld_reviewer": 302},
        # Edit screens for an id that does not exist: 404 for those who may edit.
        "/admin/initiatives/edit/987654/": {
            **STAFF_ONLY,
            "ld_reviewer": 302,
            "ld_editor": 404,
            "academy_admin": 404,
        },
        # (Wagtail looks the object up before it checks the permission.)
        "/admin/initiatives/inspect/987654/": {
            **STAFF_ONLY,
            "ld_reviewer": 404,
            "ld_editor": 404,
            "academy_admin": 404,
        },
        "/admin/targets/edit/987654/": MISSING_FOR_ADMINS,
        "/admin/departments/edit/987654/": MISSING_FOR_ADMINS,
        "/admin/reminder_schedules/edit/987654/": MISSING_FOR_ADMINS,
    }
)

# SCIM: a bearer token for a client opens it; a session never does, so every
# persona, signed in or not, gets 401. Its token screens are for Academy admins
# only, with a 403 (not Wagtail's redirect) for other staff.
SCIM_NO_SESSION = dict.fromkeys(PERSONAS, 401)
SCIM_ADMINS = {**STAFF_ONLY, "ld_editor": 403, "ld_reviewer": 403}
NAMED.update(
    {
        "scim:service_provider_config": Row(SCIM_NO_SESSION),
        "scim:resource_types": Row(SCIM_NO_SESSION),
        "scim:resource_type": Row(SCIM_NO_SESSION, {"name": "User"}),
        "scim:schemas": Row(SCIM_NO_SESSION),
        "scim:schema": Row(
            SCIM_NO_SESSION, {"schema_id": "urn:ietf:params:scim:schemas:core:2.0:User"}
        ),
        "scim:users": Row(SCIM_NO_SESSION),
        "scim:user": Row(SCIM_NO_SESSION, {"user_id": "987654"}),
        "scim:groups": Row(SCIM_NO_SESSION),
        "scim:group": Row(SCIM_NO_SESSION, {"group_id": "987654"}),
        "scim:search": Row(SCIM_NO_SESSION),
        "scim:not_found": Row(SCIM_NO_SESSION, {"rest": "Robots"}),
        "scim_clients:index": Row(SCIM_ADMINS),
        "scim_clients:index_results": Row(SCIM_ADMINS),
        "scim_clients:add": Row(SCIM_ADMINS),
        "scim_clients:revoke": Row(
            {**SCIM_ADMINS, "academy_admin": 404}, {"pk": 987654}
        ),
    }
)


# Single sign-on: the academy's step of a SAML sign-in is open to everyone (the
# identity provider posts before anyone is signed in); an unknown provider is 404.
# Identity providers are managed by Academy admins only (docs/sso.md).
NAMED.update(
    {
        "saml_finish_acs": Row(
            dict.fromkeys(PERSONAS, 404), {"organization_slug": "no-such-idp"}
        ),
        "identity_providers:index": Row(ADMINS_ONLY),
        "identity_providers:index_results": Row(ADMINS_ONLY),
        "identity_providers:add": Row(ADMINS_ONLY),
        "identity_providers:edit": Row(MISSING_FOR_ADMINS, {"pk": 987654}),
        "identity_providers:delete": Row(MISSING_BEFORE_PERMISSION, {"pk": 987654}),
    }
)
PATHS["/accounts/saml/no-such-idp/metadata/"] = dict.fromkeys(PERSONAS, 404)
PATHS["/accounts/saml/no-such-idp/login/"] = dict.fromkeys(PERSONAS, 404)


# SCORM package library: L&D editors upload; reviewers look; nobody else. Unknown
# packages are 404 for those who may see them (the permission is checked first).
SCORM_LIBRARY = {**STAFF_ONLY, "academy_admin": 302}
SCORM_UPLOAD = {**SCORM_LIBRARY, "ld_reviewer": 302}
NO_SUCH_PACKAGE = {"pk": 987654}
NAMED.update(
    {
        "scorm_packages:index": Row(SCORM_LIBRARY),
        "scorm_packages:index_results": Row(SCORM_LIBRARY),
        "scorm_packages:add": Row(SCORM_UPLOAD),
        "scorm_packages:detail": Row(
            {**SCORM_LIBRARY, "ld_editor": 404, "ld_reviewer": 404}, NO_SUCH_PACKAGE
        ),
        "scorm_packages:version": Row(
            {**SCORM_LIBRARY, "ld_editor": 404, "ld_reviewer": 404},
            {**NO_SUCH_PACKAGE, "number": 1},
        ),
        "scorm_packages:upload": Row(
            {**SCORM_UPLOAD, "ld_editor": 404}, NO_SUCH_PACKAGE
        ),
    }
)
PATHS["/admin/scorm-packages/"] = SCORM_LIBRARY
# Package files: only through a signed, unexpired link, whoever asks.
NAMED["scorm:package_file"] = Row(
    dict.fromkeys(PERSONAS, 404), {"token": "not-a-token", "path": "index.html"}
)
# A learner's run-time: the launcher and its script need a signed launch token;
# launching and committing are POSTs (a commit carries its own token, a beacon
# has no session-cookie-only trust).
NAMED["scorm:runtime"] = Row(dict.fromkeys(PERSONAS, 404), {"token": "not-a-token"})
NAMED["scorm:launcher"] = Row(dict.fromkeys(PERSONAS, 404), {"token": "not-a-token"})
NAMED["scorm:launch"] = Row(POST_ONLY, {"lesson_id": 987654})
# Pinned local copies of public CDN libraries that package pages load: public
# files, the same for everyone (on the content origin when there is one).
NAMED["scorm:library"] = Row(ALL, {"name": "jquery-1.12.4"})
# Learners' attempts in the admin: L&D editors and academy admins, read-only.
SCORM_ATTEMPTS = {**STAFF_ONLY, "ld_reviewer": 302}
NAMED["scorm_attempts:index"] = Row(SCORM_ATTEMPTS)
NAMED["scorm_attempts:index_results"] = Row(SCORM_ATTEMPTS)
NAMED["scorm_attempts:inspect"] = Row(
    {**SCORM_ATTEMPTS, "ld_editor": 404, "ld_reviewer": 404, "academy_admin": 404},
    {"pk": 987654},
)
NAMED["scorm:commit"] = Row(dict.fromkeys(PERSONAS, 405), {"attempt_id": 987654})


def _named_urls(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from _named_urls(entry.url_patterns, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            module = getattr(entry.callback, "__module__", "")
            yield f"{prefix}{entry.name}", module


def _as(client, persona_user, persona):
    user = persona_user[persona]
    if user is not None:
        client.force_login(user)
    return client


def test_every_named_url_has_a_row():
    ours = {
        name
        for name, module in _named_urls(get_resolver().url_patterns)
        if module.startswith(OUR_MODULES)
    }
    missing = sorted(ours - NAMED.keys())
    assert not missing, f"URLs without a row in the persona matrix: {missing}"
    for name in ALLAUTH_NAMES:
        assert name in NAMED


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(NAMED))
def test_named_url_status_per_persona(client, persona_user, name, persona):
    row = NAMED[name]
    url = reverse(name, kwargs=row.kwargs) + row.query
    response = _as(client, persona_user, persona).get(url)
    assert response.status_code == row.expected[persona], (name, persona)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("path", sorted(PATHS))
def test_path_status_per_persona(client, persona_user, path, persona):
    response = _as(client, persona_user, persona).get(path)
    assert response.status_code == PATHS[path][persona], (path, persona)


# --- Object level: real objects that belong to someone ------------------------------
#
# The rows above use ids that do not exist. Here every URL that takes an id gets a
# real object owned by Priya Raman (a learner in Tomás Álvarez's team), and two more
# personas: another learner (Jonas Eriksen) and another manager (Ingrid Solberg, who
# manages Jonas). Someone else's object answers exactly like a missing one.

OBJECT_PERSONAS = (*PERSONAS, "other_learner", "other_manager")
ADMIN_SCREEN = {
    **dict.fromkeys(OBJECT_PERSONAS, 403),
    "anonymous": 302,
    "ld_editor": 302,
    "ld_reviewer": 302,
    "academy_admin": 200,
}


@pytest.fixture
def owned(persona_user, learner, manager, academy_admin, other_learner, world):  # noqa: F811
    from django.utils import timezone

    from analytics import services as analytics_services
    from analytics.models import InitiativeStage
    from learners.models import CertificateKind, ImportStatus, RosterImport
    from learners.services.certificates import certificate_issue
    from tests.factories import LearnerFactory
    from tests.learners.checks import quiz_submit

    learner.role = world.role
    learner.save(update_fields=["role"])
    attempt, _ = quiz_submit(
        learner=learner, lesson_id=world.quiz.pk, answers=ALL_RIGHT
    )
    other_manager = LearnerFactory(
        user__first_name="Ingrid", user__last_name="Solberg", job_title="Head of Risk"
    )
    other_learner.manager = other_manager
    other_learner.save(update_fields=["manager"])
    certificate = certificate_issue(
        learner=learner,
        kind=CertificateKind.COURSE,
        item_id=world.course.pk,
        item_title=world.course.title,
        on=timezone.localdate(),
    )
    initiative, _ = analytics_services.initiative_ensure(
        name="Claims triage assistant",
        description="Suggests a priority for each incoming claim.",
        department_id=learner.department_id,
        stage=InitiativeStage.PILOT,
        owner_id=manager.pk,
        roles={world.role.pk: 1},
        member_ids=[learner.pk],
    )
    record = RosterImport.objects.create(
        created_by=academy_admin,
        file_name="hr-export.csv",
        file_sha256="0" * 64,
        status=ImportStatus.PREVIEWED,
    )
    users = {
        **persona_user,
        "other_learner": other_learner.user,
        "other_manager": other_manager.user,
    }
    return {
        "users": users,
        "attempt": attempt,
        "learner": learner,
        "certificate": certificate,
        "initiative": initiative,
        "import": record,
    }


def _object_rows(owned):
    learner = owned["learner"].pk
    initiative = owned["initiative"].pk
    record = owned["import"].pk
    own_only = {**dict.fromkeys(OBJECT_PERSONAS, 404), "anonymous": 302, "learner": 200}
    managers = {**dict.fromkeys(OBJECT_PERSONAS, 403), "anonymous": 302}
    analytics = {**ANALYTICS, "other_learner": 403, "other_manager": 403}
    return {
        ("learners:attempt", (owned["attempt"].pk,)): own_only,
        ("learners:team_member", (learner,)): {
            **managers,
            "manager": 200,
            "other_manager": 404,
        },
        ("learners:certificate", (owned["certificate"].uuid,)): dict.fromkeys(
            OBJECT_PERSONAS, 200
        ),
        ("learners:certificate_badge", (owned["certificate"].uuid, "json")): own_only,
        (
            "learners:credential_status",
            (owned["certificate"].uuid,),
        ): dict.fromkeys(OBJECT_PERSONAS, 200),
        ("certificates:edit", (owned["certificate"].pk,)): ADMIN_SCREEN,
        ("certificates:inspect", (owned["certificate"].pk,)): ADMIN_SCREEN,
        ("people:edit", (learner,)): ADMIN_SCREEN,
        ("people:deactivate", (learner,)): ADMIN_SCREEN,
        # Priya has learning records: the delete screen sends admins back to her
        # page with the reason and a "Mark as left" button.
        ("people:delete", (learner,)): {**ADMIN_SCREEN, "academy_admin": 302},
        ("analytics:initiative", (initiative,)): analytics,
        ("analytics:initiative_export", (initiative, "csv")): analytics,
        ("roster_imports:detail", (record,)): ADMIN_SCREEN,
        ("roster_imports:report", (record,)): ADMIN_SCREEN,
    }


@pytest.mark.parametrize("persona", OBJECT_PERSONAS)
def test_someone_elses_objects_per_persona(client, owned, persona):
    user = owned["users"][persona]
    if user is not None:
        client.force_login(user)
    for (name, args), expected in _object_rows(owned).items():
        response = client.get(reverse(name, args=args))
        assert response.status_code == expected[persona], (name, persona)


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("anonymous", 302),
        ("learner", 403),
        ("other_learner", 403),
        ("other_manager", 404),
        ("manager", 302),
    ],
)
def test_only_the_persons_own_manager_may_nudge_them(client, owned, persona, status):
    from django.core import mail

    user = owned["users"][persona]
    if user is not None:
        client.force_login(user)
    url = reverse("learners:nudge", args=[owned["learner"].pk])
    response = client.post(url)
    assert response.status_code == status
    assert len(mail.outbox) == (1 if persona == "manager" else 0)
