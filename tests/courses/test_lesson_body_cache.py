"""A lesson's body is rendered once per content version and site, and each
request puts its own CSRF token back (ADR 0016)."""

import re

import pytest
from django.test import Client

from courses.selectors.pages import CSRF_STAND_IN
from tests.factories import LearnerFactory, LessonPageFactory
from tests.factories.courses import knowledge_check

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def lesson(db):
    return LessonPageFactory(
        title="Reading a drift report",
        blocks=[
            ("rich_text", "<p>Population stability above 0.2 is worth a look.</p>"),
            knowledge_check(),
        ],
    )


def _check_form_token(html: str) -> str:
    form = html[html.index('class="knowledge-check__form"') :]
    return TOKEN.search(form).group(1)


def test_each_person_gets_a_token_of_their_own_session(lesson, department):
    people = [
        LearnerFactory(department=department, user__first_name=name)
        for name in ("Aiko", "Bilal")
    ]
    for person in people:  # the second is served the cached body
        client = Client(enforce_csrf_checks=True)
        client.force_login(person.user)
        html = client.get(lesson.url).content.decode()
        assert "Population stability above 0.2" in html
        assert CSRF_STAND_IN not in html
        token = _check_form_token(html)
        response = client.post(
            f"/learn/lessons/{lesson.pk}/check/", {"csrfmiddlewaretoken": token}
        )
        assert response.status_code != 403, person


def test_a_published_change_shows_at_once(lesson, client, learner):
    client.force_login(learner.user)
    assert "Population stability" in client.get(lesson.url).content.decode()
    lesson.body = [
        ("rich_text", "<p>Check the baseline before the alert.</p>"),
        *[(block.block_type, block.value) for block in lesson.body][1:],
    ]
    lesson.save_revision().publish()
    html = client.get(lesson.url).content.decode()
    assert "Check the baseline before the alert." in html
    assert "Population stability" not in html


def test_a_preview_shows_the_draft_and_caches_nothing(lesson, client, learner):
    client.force_login(learner.user)
    client.get(lesson.url)  # the live body is cached
    draft = lesson.specific
    draft.body = [("rich_text", "<p>A draft paragraph nobody has approved.</p>")]
    preview = draft.make_preview_request().content.decode()
    assert "A draft paragraph nobody has approved." in preview
    live = client.get(lesson.url).content.decode()
    assert "A draft paragraph" not in live
    assert "Population stability" in live
