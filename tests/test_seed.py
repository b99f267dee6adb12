"""tests/seed.py puts back everything the migrations seed after a flush."""

import pytest
from django.core.management import call_command
from django_celery_beat.models import PeriodicTask

from cms.models import HomePage
from tests.seed import reseed


@pytest.mark.django_db(transaction=True)
def test_reseed_after_a_flush_restores_the_home_page_and_every_schedule():
    schedules = set(PeriodicTask.objects.values_list("name", flat=True))
    assert "Publish scheduled pages" in schedules
    call_command("flush", interactive=False, verbosity=0)
    assert not PeriodicTask.objects.exists()

    reseed()

    assert HomePage.objects.count() == 1
    assert set(PeriodicTask.objects.values_list("name", flat=True)) == schedules


@pytest.mark.django_db
def test_reseed_restores_a_missing_schedule_while_the_home_page_is_kept():
    home = HomePage.objects.get()
    PeriodicTask.objects.filter(task="cms.publish_scheduled").delete()

    reseed()

    assert PeriodicTask.objects.filter(task="cms.publish_scheduled").count() == 1
    assert list(HomePage.objects.all()) == [home]  # not created a second time
