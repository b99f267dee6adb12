"""The persona matrix again, for staff who have not passed their second factor.

Every URL of ``tests/test_url_matrix.py`` is opened by each staff persona signed in
with a password alone, once without an authenticator app and once with an app not
confirmed in this session. Their own learning (and signing in and out) answers as
in the matrix; everything else sends them to set up or confirm the app, or is a
403. With the second factor passed, ``tests/test_url_matrix.py`` itself holds.
"""

import pytest
from django.urls import reverse

from tests.learners.conftest import world  # noqa: F401 - a fixture
from tests.test_url_matrix import NAMED, PATHS, _object_rows, owned  # noqa: F401

pytestmark = pytest.mark.django_db

STAFF = ("ld_editor", "ld_reviewer", "academy_admin", "leadership")

# What every learner has: published content, their own learning and certificates,
# and the screens for signing in and out and for the second factor itself.
LEARNER_NAMES = {
    "healthz",
    "search",
    "account_login",
    "account_logout",
    "account_signup",
    "account_reset_password",
    "mfa_index",
    "learners:my_learning",
    "learners:catalogue",
    "learners:preferences",
    "learners:my_skills",
    "learners:attempt",
    "learners:lesson_viewed",
    "learners:lesson_complete",
    "learners:lesson_check",
    "learners:course_start",
    "learners:certificate",
    "learners:certificate_pdf",
    "learners:certificate_badge",
    "learners:certificate_unknown",
    "learners:credential_issuer",
    "learners:credential_jwks",
    "learners:credential_status",
    "learners:credential_verify",
    "learners:attempt_submit",
    "learners:attempt_check",
    "learners:policy_confirm",
    "learners:lesson_renew",
    "learners:lesson_flag",
    # Single sign-on: an identity provider posts here before anyone is signed in.
    "saml_finish_acs",
}
LEARNER_PATHS = {
    "/",
    "/curricula/",
    "/courses/",
    "/this-page-does-not-exist/",
    "/accounts/saml/no-such-idp/metadata/",
    "/accounts/saml/no-such-idp/login/",
}


@pytest.fixture(params=["no_app", "app_not_confirmed"])
def how(request):
    return request.param


def _sign_in_without_second_factor(client, user, how):
    if how == "no_app":
        user.authenticator_set.all().delete()
    client.force_login(user, second_factor=False)


def _assert_refused(response, how, matrix_status, where):
    if response.status_code == 403 and matrix_status == 403:
        # Not theirs even with the second factor (the admin, for Leadership).
        return
    assert response.status_code == 302, where
    location = response["Location"]
    if how == "no_app":
        assert location == reverse("mfa_activate_totp"), where
    else:
        assert location.startswith(reverse("mfa_reauthenticate") + "?next="), where


@pytest.mark.parametrize("persona", STAFF)
def test_staff_without_second_factor_reach_only_their_own_learning(
    client, persona_user, persona, how
):
    _sign_in_without_second_factor(client, persona_user[persona], how)
    assert not LEARNER_NAMES - NAMED.keys()
    assert not LEARNER_PATHS - PATHS.keys()
    for name, row in sorted(NAMED.items()):
        url = reverse(name, kwargs=row.kwargs) + row.query
        response = client.get(url)
        expected = row.expected[persona]
        if name in LEARNER_NAMES:
            assert response.status_code == expected, (name, persona)
        else:
            _assert_refused(response, how, expected, (name, persona))
    for path, expected in sorted(PATHS.items()):
        response = client.get(path)
        if path in LEARNER_PATHS:
            assert response.status_code == expected[persona], (path, persona)
        else:
            _assert_refused(response, how, expected[persona], (path, persona))


@pytest.mark.parametrize("persona", STAFF)
def test_staff_without_second_factor_open_courses_but_not_others_records(
    client,
    owned,  # noqa: F811
    world,  # noqa: F811
    persona,
    how,
):
    _sign_in_without_second_factor(client, owned["users"][persona], how)
    for page in (world.curriculum, world.course, world.reading, world.quiz):
        assert client.get(page.url).status_code == 200, page.title
    for (name, args), expected in _object_rows(owned).items():
        response = client.get(reverse(name, args=args))
        if name in LEARNER_NAMES:
            assert response.status_code == expected[persona], (name, persona)
        else:
            _assert_refused(response, how, expected[persona], (name, persona))


@pytest.mark.parametrize("persona", STAFF)
def test_staff_without_second_factor_can_set_it_up_or_confirm_it(
    client, persona_user, persona, how
):
    _sign_in_without_second_factor(client, persona_user[persona], how)
    first = client.get("/analytics/")
    response = client.get(first["Location"], follow=True)
    assert response.status_code == 200
    # Setting up starts with the password again; confirming asks for the code.
    final = response.redirect_chain[-1][0] if response.redirect_chain else ""
    if how == "no_app":
        assert final.startswith(reverse("account_reauthenticate"))
    else:
        assert "code" in response.context["form"].fields
