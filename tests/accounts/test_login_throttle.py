"""Failed sign-ins are throttled per address and per (account, address) with
backoff; a stranger's failures never stop the owner's right password
(docs/decisions/0014-sign-in-throttling.md)."""

import logging
import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts import throttle
from tests.conftest import give_totp
from tests.factories.people import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

OWNER = "ines.moreau@northwind.example"
ATTACKER_IP = "203.0.113.66"
OWNER_IP = "198.51.100.7"


def sign_in(client, password, ip, login=OWNER):
    return client.post(
        reverse("account_login"),
        {"login": login, "password": password},
        REMOTE_ADDR=ip,
    )


@pytest.fixture
def owner():
    return UserFactory(email=OWNER)


@pytest.fixture
def clock(monkeypatch):
    """A clock the test moves by hand."""

    class Clock:
        now = 1_800_000_000.0

        def advance(self, seconds):
            self.now += seconds

    c = Clock()
    monkeypatch.setattr(throttle, "_now", lambda: c.now)
    return c


def test_fifty_failures_from_one_address_do_not_stop_the_owner_elsewhere(
    client, django_user_model, owner, settings
):
    # The per-address rate is loosened so every one of the 50 guesses is checked.
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "login_failed": "1000/m/ip",
    }
    for _ in range(50):
        response = sign_in(client, "wrong-guess", ATTACKER_IP)
        assert "_auth_user_id" not in client.session

    response = sign_in(client, PASSWORD, OWNER_IP)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(owner.pk)


def test_the_attacking_address_is_refused_even_with_the_right_password(client, owner):
    for _ in range(5):
        sign_in(client, "wrong-guess", ATTACKER_IP)
    response = sign_in(client, PASSWORD, ATTACKER_IP)
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in response.content.decode()


def test_backoff_doubles_after_the_free_failures_and_reopens_when_it_ends(
    client, owner, clock, settings
):
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "login_failed": "1000/m/ip",
    }
    for _ in range(4):
        sign_in(client, "wrong-guess", ATTACKER_IP)
    assert throttle.retry_after(login=OWNER, ip=ATTACKER_IP) == 0

    sign_in(client, "wrong-guess", ATTACKER_IP)  # the fifth: shut for 30 s
    assert throttle.retry_after(login=OWNER, ip=ATTACKER_IP) == 30
    sign_in(client, "wrong-guess", ATTACKER_IP)  # refused, not counted
    clock.advance(30)
    assert throttle.retry_after(login=OWNER, ip=ATTACKER_IP) == 0

    sign_in(client, "wrong-guess", ATTACKER_IP)  # the sixth: 60 s
    assert throttle.retry_after(login=OWNER, ip=ATTACKER_IP) == 60
    clock.advance(60)
    sign_in(client, "wrong-guess", ATTACKER_IP)  # the seventh: 120 s
    assert throttle.retry_after(login=OWNER, ip=ATTACKER_IP) == 120
    clock.advance(119)
    response = sign_in(client, PASSWORD, ATTACKER_IP)
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in response.content.decode()

    clock.advance(1)
    response = sign_in(client, PASSWORD, ATTACKER_IP)
    assert client.session["_auth_user_id"] == str(owner.pk)
    # Success from an address starts it afresh.
    assert throttle.retry_after(login=OWNER, ip=ATTACKER_IP) == 0


def test_backoff_stops_doubling_at_its_ceiling(settings):
    settings.ACADEMY_LOGIN_BACKOFF_MAX_SECONDS = 3600
    assert throttle.backoff_seconds(4) == 0
    assert throttle.backoff_seconds(5) == 30
    assert throttle.backoff_seconds(11) == 1920
    assert throttle.backoff_seconds(12) == 3600
    assert throttle.backoff_seconds(10_000) == 3600


def test_one_address_guessing_many_accounts_hits_the_per_address_limit(client):
    for n in range(10):
        sign_in(client, "wrong-guess", ATTACKER_IP, login=f"p{n}@northwind.example")
    UserFactory(email="zoe.adeyemi@northwind.example")
    response = sign_in(
        client, PASSWORD, ATTACKER_IP, login="zoe.adeyemi@northwind.example"
    )
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in response.content.decode()
    # The same account from another address is fine.
    sign_in(client, PASSWORD, OWNER_IP, login="zoe.adeyemi@northwind.example")
    assert "_auth_user_id" in client.session


def test_the_per_address_login_limit_stays_configurable(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "2/m/ip"}
    for _ in range(2):
        sign_in(client, "wrong-guess", ATTACKER_IP)
    assert sign_in(client, "wrong-guess", ATTACKER_IP).status_code == 429


def test_behind_a_trusted_proxy_the_forwarded_client_is_throttled(
    client, owner, settings
):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    for _ in range(5):
        client.post(
            reverse("account_login"),
            {"login": OWNER, "password": "wrong-guess"},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=ATTACKER_IP,
        )
    assert throttle.retry_after(login=OWNER, ip=ATTACKER_IP) == 30
    # The owner arrives through the same proxy from their own address.
    client.post(
        reverse("account_login"),
        {"login": OWNER, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR=OWNER_IP,
    )
    assert client.session["_auth_user_id"] == str(owner.pk)


def test_every_failure_is_logged_without_the_password(client, owner, caplog):
    with caplog.at_level(logging.WARNING, logger="accounts.login"):
        sign_in(client, "hunter2-wrong-guess", ATTACKER_IP)
    [record] = [r for r in caplog.records if r.name == "accounts.login"]
    assert record.event == "login_failed"
    assert record.login == OWNER
    assert record.ip == ATTACKER_IP
    assert record.failures_from_ip == 1
    assert record.account_failures == 1
    message = record.getMessage()
    assert f"login={OWNER}" in message
    assert f"ip={ATTACKER_IP}" in message
    assert "hunter2" not in message
    assert "hunter2" not in repr(record.__dict__)


def test_refused_attempts_are_logged_with_their_wait(client, owner, caplog):
    for _ in range(5):
        sign_in(client, "wrong-guess", ATTACKER_IP)
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="accounts.login"):
        sign_in(client, PASSWORD, ATTACKER_IP)
    [record] = [r for r in caplog.records if r.name == "accounts.login"]
    assert record.event == "login_throttled"
    assert record.retry_after == 30
    assert PASSWORD not in record.getMessage()


def test_unknown_accounts_are_counted_and_logged_like_real_ones(client, caplog):
    with caplog.at_level(logging.WARNING, logger="accounts.login"):
        for _ in range(5):
            sign_in(client, "x", ATTACKER_IP, login="nobody@northwind.example")
    assert len([r for r in caplog.records if r.name == "accounts.login"]) == 5
    assert throttle.retry_after(login="nobody@northwind.example", ip=ATTACKER_IP)


def _many_addresses_fail(client, count):
    for n in range(count):
        sign_in(client, "wrong-guess", f"192.0.2.{n + 1}")


def test_past_the_account_ceiling_the_right_password_needs_an_emailed_code(
    client, owner, settings
):
    settings.ACADEMY_LOGIN_ACCOUNT_CEILING = 20
    _many_addresses_fail(client, 20)
    assert throttle.account_needs_extra_step(OWNER)

    mail.outbox.clear()
    response = sign_in(client, PASSWORD, OWNER_IP)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_confirm_login_code")
    assert "_auth_user_id" not in client.session
    [message] = mail.outbox
    assert message.to == [OWNER]

    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", message.body, re.M).group(1)
    response = client.post(
        reverse("account_confirm_login_code"), {"code": code}, REMOTE_ADDR=OWNER_IP
    )
    assert client.session["_auth_user_id"] == str(owner.pk)


def test_under_the_ceiling_no_extra_step_is_asked(client, owner, settings):
    settings.ACADEMY_LOGIN_ACCOUNT_CEILING = 20
    _many_addresses_fail(client, 19)
    mail.outbox.clear()
    sign_in(client, PASSWORD, OWNER_IP)
    assert client.session["_auth_user_id"] == str(owner.pk)
    assert mail.outbox == []


def test_past_the_ceiling_people_with_an_authenticator_get_its_step_only(
    client, owner, settings
):
    give_totp(owner)
    settings.ACADEMY_LOGIN_ACCOUNT_CEILING = 20
    _many_addresses_fail(client, 20)
    mail.outbox.clear()
    response = sign_in(client, PASSWORD, OWNER_IP)
    assert response["Location"] == reverse("mfa_authenticate")
    assert mail.outbox == []
    assert "_auth_user_id" not in client.session


def test_a_ceiling_of_zero_turns_the_extra_step_off(client, owner, settings):
    settings.ACADEMY_LOGIN_ACCOUNT_CEILING = 0
    _many_addresses_fail(client, 30)
    sign_in(client, PASSWORD, OWNER_IP)
    assert client.session["_auth_user_id"] == str(owner.pk)
