import pytest
from django.urls import reverse

from tests.conftest import give_totp
from tests.factories.people import UserFactory

pytestmark = pytest.mark.django_db


def test_anonymous_admin_visit_goes_to_the_academy_login(client):
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "next=%2Fadmin%2Fpages%2F" in response["Location"]


def test_wagtail_login_screen_redirects_to_the_rate_limited_allauth_login(client):
    response = client.get("/admin/login/?next=/admin/reports/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "next=%2Fadmin%2Freports%2F" in response["Location"]


def test_learner_reaching_admin_gets_a_clear_403(client, learner):
    client.force_login(learner.user)
    response = client.get("/admin/")
    assert response.status_code == 403
    assert "The admin is for academy staff" in response.content.decode()


def test_staff_without_mfa_are_sent_to_set_up_an_authenticator(client, academy_admin):
    academy_admin.authenticator_set.all().delete()
    client.force_login(academy_admin)
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[0][0] == reverse("mfa_activate_totp")
    # allauth asks for the password again before adding a second factor.
    assert "two-factor authentication" in response.content.decode()


def test_staff_with_mfa_reach_the_admin(client, academy_admin):
    client.force_login(academy_admin)
    response = client.get("/admin/")
    assert response.status_code == 200


def test_superuser_without_mfa_is_also_stopped(client):
    from django.contrib.auth import get_user_model

    root = get_user_model().objects.create_superuser(
        email="root@northwind.example", password="a-long-pass-phrase"
    )
    client.force_login(root)
    assert client.get("/admin/")["Location"] == reverse("mfa_activate_totp")
    give_totp(root)
    client.force_login(root)  # This time with the code from the new app.
    assert client.get("/admin/").status_code == 200


def test_mfa_requirement_can_be_switched_off(client, settings, academy_admin):
    settings.ACADEMY_STAFF_MFA_REQUIRED = False
    academy_admin.authenticator_set.all().delete()
    client.force_login(academy_admin)
    assert client.get("/admin/").status_code == 200


def test_login_with_mfa_asks_for_the_code(client):
    user = UserFactory(email="kofi.owusu@northwind.example")
    give_totp(user)
    response = client.post(
        reverse("account_login"),
        {
            "login": "kofi.owusu@northwind.example",
            "password": "correct-horse-battery-staple",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
