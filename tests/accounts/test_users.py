import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError
from django.urls import reverse

from tests.factories.people import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_user_model_has_email_login_and_no_username():
    User = get_user_model()
    assert User.USERNAME_FIELD == "email"
    assert not hasattr(User(), "username") or User().username is None
    user = User.objects.create_user(
        email="  Amara.Okafor@Northwind.Example ", password=PASSWORD
    )
    assert user.email == "amara.okafor@northwind.example"
    assert user.check_password(PASSWORD)


def test_email_is_unique_whatever_its_case():
    User = get_user_model()
    User.objects.create_user(email="chen.wei@northwind.example")
    with pytest.raises(IntegrityError):
        User.objects.create_user(email="Chen.Wei@northwind.example")


def test_create_user_without_email_is_refused():
    with pytest.raises(ValueError, match="email"):
        get_user_model().objects.create_user(email="")


def test_superuser_is_staff():
    admin = get_user_model().objects.create_superuser(
        email="root@northwind.example", password=PASSWORD
    )
    assert admin.is_staff
    assert admin.is_superuser


def test_person_signs_in_with_email_and_password(client):
    user = UserFactory(email="hannah.hughes@northwind.example")
    response = client.post(
        reverse("account_login"),
        {"login": "Hannah.Hughes@northwind.example", "password": PASSWORD},
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_wrong_password_gets_a_clear_message_and_no_session(client):
    UserFactory(email="liam.murphy@northwind.example")
    response = client.post(
        reverse("account_login"),
        {"login": "liam.murphy@northwind.example", "password": "not-the-password"},
    )
    assert response.status_code == 200
    assert "not correct" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_unknown_email_gets_the_same_message_as_a_wrong_password(client):
    response = client.post(
        reverse("account_login"),
        {"login": "nobody@northwind.example", "password": "whatever-it-is"},
    )
    assert response.status_code == 200
    assert "not correct" in response.content.decode()


def test_deactivated_person_cannot_sign_in(client):
    UserFactory(email="left.company@northwind.example", is_active=False)
    response = client.post(
        reverse("account_login"),
        {"login": "left.company@northwind.example", "password": PASSWORD},
    )
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert response["Location"] == reverse("account_inactive")


def test_logout_ends_the_session(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_an_email(client, mailoutbox):
    UserFactory(email="ines.costa@northwind.example")
    response = client.post(
        reverse("account_reset_password"), {"email": "ines.costa@northwind.example"}
    )
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "ines.costa@northwind.example" in mailoutbox[0].to


def test_expired_or_tampered_reset_link_gets_a_clear_message(client):
    UserFactory(email="omar.haddad@northwind.example")
    url = reverse(
        "account_reset_password_from_key", kwargs={"uidb36": "zz", "key": "bad-token"}
    )
    response = client.get(url, follow=True)
    assert response.status_code == 200
    assert "invalid" in response.content.decode().lower()


def test_open_signup_is_off_by_default(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "stranger@elsewhere.example",
            "password1": "a-long-pass-phrase",
            "password2": "a-long-pass-phrase",
        },
    )
    assert (
        get_user_model().objects.filter(email="stranger@elsewhere.example").count() == 0
    )
    assert "closed" in response.content.decode().lower()


def test_open_signup_respects_allowed_domains(client, settings):
    settings.ACADEMY_OPEN_SIGNUP = True
    settings.ACADEMY_SIGNUP_EMAIL_DOMAINS = ["northwind.example"]
    response = client.post(
        reverse("account_signup"),
        {
            "email": "stranger@elsewhere.example",
            "password1": "a-long-pass-phrase",
            "password2": "a-long-pass-phrase",
        },
    )
    assert response.status_code == 200
    assert "work email" in response.content.decode()
    assert (
        not get_user_model().objects.filter(email="stranger@elsewhere.example").exists()
    )
    client.post(
        reverse("account_signup"),
        {
            "email": "new.starter@northwind.example",
            "password1": "a-long-pass-phrase",
            "password2": "a-long-pass-phrase",
        },
    )
    assert (
        get_user_model().objects.filter(email="new.starter@northwind.example").exists()
    )


def test_failed_logins_are_rate_limited_with_a_human_message(client):
    UserFactory(email="freya.fischer@northwind.example")
    for _ in range(5):
        client.post(
            reverse("account_login"),
            {"login": "freya.fischer@northwind.example", "password": "wrong-guess"},
        )
    response = client.post(
        reverse("account_login"),
        {"login": "freya.fischer@northwind.example", "password": PASSWORD},
    )
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in response.content.decode()


def test_login_rate_limit_answers_429_with_a_human_page(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "3/m/ip"}
    for _ in range(3):
        client.post(reverse("account_login"), {"login": "a@b.example", "password": "x"})
    response = client.post(
        reverse("account_login"), {"login": "a@b.example", "password": "x"}
    )
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
