"""A person's groups and permissions are read together, in one query, and
answer as Django's model backend does."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts import personas
from accounts.access import can_access_admin
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _fresh(user):
    return get_user_model().objects.get(pk=user.pk)


def test_groups_and_permissions_in_one_query(ld_editor):
    direct = Permission.objects.get(codename="view_learner")
    ld_editor.user_permissions.add(direct)
    user = _fresh(ld_editor)
    with CaptureQueriesContext(connection) as queries:
        assert personas.user_in_groups(user, personas.LD_EDITORS)
        assert not personas.user_in_groups(user, personas.LEADERSHIP)
        assert can_access_admin(user)
        assert user.has_perm("learners.view_learner")
    assert len(queries) == 1
    expected = ModelBackend().get_all_permissions(_fresh(ld_editor))
    assert user._perm_cache == expected


def test_a_person_in_no_group_has_nothing(db):
    user = _fresh(UserFactory())
    assert not personas.user_in_groups(user, *personas.ALL_GROUPS)
    assert not can_access_admin(user)
    assert user._perm_cache == set()


def test_an_inactive_person_is_refused_whatever_their_groups(ld_editor):
    ld_editor.is_active = False
    ld_editor.save()
    user = _fresh(ld_editor)
    assert not can_access_admin(user)
    assert not user.has_perm("wagtailadmin.access_admin")
