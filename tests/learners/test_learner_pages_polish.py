"""Small things a learner notices: titles, headings, punctuation and labels."""

import re

import pytest
from django.urls import reverse
from wagtail.models import Site

from courses.blocks import CodeBlock
from learners.models import CourseEnrolment, EnrolmentStatus
from learners.services.enrolment import enrolments_sync_for_learners
from tests.factories import LessonPageFactory
from tests.factories.courses import judge_question, knowledge_check, lesson_body
from tests.learners.checks import quiz_submit

pytestmark = pytest.mark.django_db


def _title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


def test_the_home_page_title_names_the_academy_once(client):
    home = Site.objects.get(is_default_site=True).root_page
    html = client.get(home.url).content.decode()
    assert _title(html) == "AI Skills Academy"


def test_other_pages_keep_their_title_before_the_academy_name(client, learner):
    client.force_login(learner.user)
    html = client.get(reverse("learners:my_learning")).content.decode()
    assert _title(html) == "My learning · AI Skills Academy"


def test_courses_not_yet_started_are_listed_apart_from_those_in_progress(
    client, world, enrolled
):
    enrolments_sync_for_learners(learner_ids=[enrolled.pk])
    CourseEnrolment.objects.filter(learner=enrolled, course=world.course).update(
        status=EnrolmentStatus.IN_PROGRESS
    )
    client.force_login(enrolled.user)
    html = client.get(reverse("learners:my_learning")).content.decode()
    in_progress = html.split('id="courses-heading"')[1].split(
        'id="not-started-heading"'
    )
    assert world.course.title in in_progress[0]
    assert world.second_course.title not in in_progress[0]
    assert world.second_course.title in in_progress[1]
    assert 'class="stack-table"' in html  # one card per row on a phone


def test_a_learner_who_has_started_nothing_sees_no_in_progress_heading(
    client, world, enrolled
):
    enrolments_sync_for_learners(learner_ids=[enrolled.pk])
    client.force_login(enrolled.user)
    html = client.get(reverse("learners:my_learning")).content.decode()
    assert "Courses in progress" not in html
    assert "Not started yet" in html


def test_feedback_never_ends_an_answer_with_two_full_stops(client, world, enrolled):
    lesson = LessonPageFactory(
        parent=world.course,
        title="Judging an answer",
        blocks=lesson_body(knowledge_check(judge_question("q1")), check=False),
    )
    attempt, _ = quiz_submit(
        learner=enrolled, lesson_id=lesson.pk, answers={"q1": ["c"]}
    )
    client.force_login(enrolled.user)
    html = client.get(
        reverse("learners:attempt", kwargs={"attempt_id": attempt.pk})
    ).content.decode()
    assert "It gets the delivery date wrong." in html
    assert ".." not in html.replace("...", "")


def test_a_plain_text_listing_is_not_labelled_like_code():
    block = CodeBlock()
    text = block.render(
        block.to_python(
            {"language": "text", "code": "Keep customer data out.", "caption": ""}
        )
    )
    assert "TEXT" not in text
    assert "code-listing__language" not in text
    shell = block.render(
        block.to_python({"language": "bash", "code": "make test", "caption": ""})
    )
    assert "Shell" in shell
