"""Sign-in limits count per real client behind the TLS proxy.

The proxy in front of the academy appends the client's address to
X-Forwarded-For; with ``ACADEMY_TRUSTED_PROXY_COUNT=1`` the limits key on that
address, so a whole company signing in at nine o'clock through one proxy is many
clients, not one. ``bench/load.py`` shows the same at full size (2,000 people in
ten minutes) against the production stack; this is the scaled-down proof: four
times the per-address limit of people, all within one minute.
"""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.test import Client
from django.urls import reverse

from tests.factories.people import PASSWORD

pytestmark = pytest.mark.django_db

PER_ADDRESS = 30  # the default "login" limit: 30 a minute per client address


@pytest.fixture
def production_limits(settings):
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "login": f"{PER_ADDRESS}/m/ip",
    }
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    return settings


def _people(count: int) -> list[str]:
    User = get_user_model()
    shared = make_password(PASSWORD)
    users = User.objects.bulk_create(
        User(email=f"learner{n:04d}@northwind.example", password=shared)
        for n in range(count)
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users
    )
    return [u.email for u in users]


def _sign_in(email: str, password: str, *, forwarded_for: str | None) -> int:
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    browser = Client(headers=headers)
    response = browser.post(
        reverse("account_login"), {"login": email, "password": password}
    )
    if response.status_code == 302:
        assert "_auth_user_id" in browser.session
    return response.status_code


def test_behind_one_trusted_proxy_each_forwarded_client_has_its_own_limit(
    production_limits,
):
    production_limits.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    people = _people(4 * PER_ADDRESS)
    statuses = [
        _sign_in(email, PASSWORD, forwarded_for=f"198.18.{n // 256}.{n % 256}")
        for n, email in enumerate(people)
    ]
    assert statuses == [302] * len(people)


def test_behind_the_proxy_one_address_hammering_one_account_is_still_throttled(
    production_limits,
):
    production_limits.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    victim, bystander = _people(2)
    hammer = "203.0.113.66"
    statuses = [
        _sign_in(victim, f"guess-{n}", forwarded_for=hammer)
        for n in range(PER_ADDRESS + 1)
    ]
    assert 302 not in statuses
    assert statuses[-1] == 429
    # The right password from the same address is refused too, for now ...
    assert _sign_in(victim, PASSWORD, forwarded_for=hammer) == 429
    # ... while other people behind the same proxy sign in as usual.
    assert _sign_in(bystander, PASSWORD, forwarded_for="198.18.0.7") == 302


def test_the_proxy_appends_the_client_so_a_forged_first_entry_is_ignored(
    production_limits,
):
    production_limits.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    (victim,) = _people(1)
    # A client that sends its own X-Forwarded-For gets the proxy's entry appended:
    # only the last entry counts, so rotating the forged one changes nothing.
    statuses = [
        _sign_in(victim, "wrong", forwarded_for=f"10.0.0.{n}, 203.0.113.66")
        for n in range(PER_ADDRESS + 1)
    ]
    assert statuses[-1] == 429


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(production_limits):
    production_limits.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    people = _people(PER_ADDRESS + 1)
    # A client cannot escape the limit by inventing addresses: everyone counts
    # as the connection's address, so the limit is reached after PER_ADDRESS.
    statuses = [
        _sign_in(email, PASSWORD, forwarded_for=f"198.18.0.{n}")
        for n, email in enumerate(people)
    ]
    assert statuses[:PER_ADDRESS] == [302] * PER_ADDRESS
    assert statuses[PER_ADDRESS] == 429
