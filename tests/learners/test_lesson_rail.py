"""The course outline beside a lesson, its statuses and time left, and where
"resume" takes a learner (the course page and My learning)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from courses.api import LessonOutline
from learners.models import LessonProgress
from learners.selectors import resume_lesson
from learners.services.enrolment import course_enrol
from learners.services.progress import lesson_mark_complete, lesson_view
from tests.factories import CoursePageFactory, LessonPageFactory
from tests.factories.courses import lesson_body

pytestmark = pytest.mark.django_db


def _rail(response) -> BeautifulSoup:
    assert response.status_code == 200
    rail = BeautifulSoup(response.content, "html.parser").select_one(".lesson-rail")
    assert rail is not None, "no course outline on the lesson page"
    return rail


def _statuses(rail) -> list[tuple[str, str]]:
    return [
        (item.a.get_text(strip=True), item["data-status"])
        for item in rail.select(".lesson-rail__lesson")
    ]


def test_the_outline_shows_each_lessons_status_and_marks_the_current_one(
    client, world, enrolled
):
    lesson_mark_complete(learner=enrolled, lesson_id=world.reading.pk)
    lesson_view(learner=enrolled, lesson_id=world.quiz.pk)
    client.force_login(enrolled.user)

    rail = _rail(client.get(world.extra.url))

    assert _statuses(rail) == [
        ("Spotting fabricated facts", "completed"),
        ("Bias and leaked data", "in_progress"),
        ("Further reading", "not_started"),
    ]
    current = rail.select('[aria-current="page"]')
    assert [link.get_text(strip=True) for link in current] == ["Further reading"]
    text = rail.get_text(" ", strip=True)
    assert "Completed" in text
    assert "In progress" in text
    assert "Not started" in text


def test_the_outline_is_a_details_drawer_with_a_summary_and_labelled_navigation(
    client, world, enrolled
):
    client.force_login(enrolled.user)
    rail = _rail(client.get(world.quiz.url))

    assert rail.name == "aside"
    heading = rail.select_one("#" + rail["aria-labelledby"])
    assert heading.get_text(strip=True) == "Course outline"
    drawer = rail.find("details")
    assert drawer is not None
    assert not drawer.has_attr("open")
    assert (
        drawer.find("summary")
        .get_text(" ", strip=True)
        .startswith("Course outline Lesson 2 of 3")
    )
    nav = drawer.find("nav")
    assert nav["aria-label"] == "Outline of Judging AI output"
    assert [a["href"] for a in nav.select("ol a")] == [
        world.reading.url,
        world.quiz.url,
        world.extra.url,
    ]


def test_time_left_adds_up_the_minutes_of_lessons_not_completed(
    client, world, enrolled
):
    # Three lessons of 15 minutes each (the factory's default), then one done.
    client.force_login(enrolled.user)
    rail = _rail(client.get(world.reading.url))
    assert rail.select_one("[data-minutes-left]").get_text(strip=True) == "45 min left"

    lesson_mark_complete(learner=enrolled, lesson_id=world.reading.pk)
    rail = _rail(client.get(world.quiz.url))
    assert rail.select_one("[data-minutes-left]").get_text(strip=True) == "30 min left"
    assert "1 completed" in rail.summary.get_text(" ", strip=True)


def test_time_left_counts_each_lessons_own_minutes_and_says_when_nothing_is_left(
    client, enrolled
):
    course = CoursePageFactory(title="Prompt patterns")
    first = LessonPageFactory(
        parent=course,
        title="Roles",
        estimated_minutes=50,
        blocks=lesson_body(check=False),
    )
    second = LessonPageFactory(
        parent=course,
        title="Examples",
        estimated_minutes=25,
        blocks=lesson_body(check=False),
    )
    client.force_login(enrolled.user)
    rail = _rail(client.get(second.url))
    assert rail.select_one("[data-minutes-left]").get_text(strip=True) == (
        "1 h 15 min left"
    )

    lesson_mark_complete(learner=enrolled, lesson_id=first.pk)
    lesson_mark_complete(learner=enrolled, lesson_id=second.pk)
    rail = _rail(client.get(second.url))
    assert rail.select_one("[data-minutes-left]").get_text(strip=True) == (
        "Nothing left"
    )


def test_previous_and_next_links_stop_at_the_ends_of_the_course(
    client, world, enrolled
):
    client.force_login(enrolled.user)

    def pager(url):
        html = BeautifulSoup(client.get(url).content, "html.parser")
        return (
            html.select_one('.pager a[rel="prev"]'),
            html.select_one('.pager a[rel="next"]'),
        )

    previous, nxt = pager(world.reading.url)
    assert previous is None
    assert nxt["href"] == world.quiz.url
    previous, nxt = pager(world.quiz.url)
    assert previous["href"] == world.reading.url
    assert nxt["href"] == world.extra.url
    previous, nxt = pager(world.extra.url)
    assert previous["href"] == world.quiz.url
    assert nxt is None


def test_someone_without_a_learner_profile_sees_the_outline_without_statuses(
    client, world, ld_editor
):
    from tests.conftest import record_second_factor

    client.force_login(ld_editor)
    session = client.session
    record_second_factor(session, ld_editor)
    session.save()
    rail = _rail(client.get(world.quiz.url))
    assert len(rail.select(".lesson-rail__lesson")) == 3
    assert rail.select_one("[data-minutes-left]") is None
    assert "Not started" not in rail.get_text()


def test_a_lesson_of_another_course_shows_that_courses_outline_only(
    client, world, enrolled
):
    client.force_login(enrolled.user)
    rail = _rail(client.get(world.second_lesson.url))
    assert _statuses(rail) == [("Data classes", "not_started")]


# --- Resume -----------------------------------------------------------------------


def _outline(*ids):
    return type(
        "Outline",
        (),
        {
            "lessons": tuple(
                LessonOutline(i, f"Lesson {i}", f"/l/{i}/", True, False, 10)
                for i in ids
            )
        },
    )()


def test_resume_is_the_first_lesson_when_nothing_was_touched():
    assert resume_lesson(_outline(1, 2, 3), {}).id == 1


def test_resume_is_the_unfinished_lesson_touched_last():
    now = timezone.now()
    progress = {
        1: (None, now - timedelta(days=2)),
        3: (None, now - timedelta(hours=1)),
    }
    assert resume_lesson(_outline(1, 2, 3), progress).id == 3


def test_resume_after_completing_a_lesson_is_the_next_unfinished_one_after_it():
    now = timezone.now()
    progress = {
        1: (None, now - timedelta(days=3)),  # opened, not finished
        2: (now - timedelta(minutes=5), now - timedelta(minutes=20)),  # just done
        3: (now - timedelta(days=1), now - timedelta(days=1)),
    }
    assert resume_lesson(_outline(1, 2, 3, 4), progress).id == 4


def test_resume_wraps_to_the_first_unfinished_lesson_when_none_is_after():
    now = timezone.now()
    progress = {3: (now, now)}
    assert resume_lesson(_outline(1, 2, 3), progress).id == 1


def test_resume_is_none_when_every_lesson_is_done():
    now = timezone.now()
    assert resume_lesson(_outline(1, 2), {1: (now, now), 2: (now, now)}) is None


def _touch(learner, lesson, *, minutes_ago: int) -> None:
    lesson_view(learner=learner, lesson_id=lesson.pk)
    LessonProgress.objects.filter(learner=learner, lesson_id=lesson.pk).update(
        last_viewed_at=timezone.now() - timedelta(minutes=minutes_ago)
    )


def test_the_course_page_and_my_learning_resume_at_the_lesson_last_touched(
    client, world, enrolled
):
    course_enrol(learner=enrolled, course_id=world.course.pk, source="self")
    _touch(enrolled, world.reading, minutes_ago=90)
    _touch(enrolled, world.extra, minutes_ago=5)
    client.force_login(enrolled.user)

    course_page = client.get(world.course.url).content.decode()
    assert f'href="{world.extra.url}"' in course_page
    assert f'href="{world.reading.url}"' in course_page  # the outline still lists it
    html = BeautifulSoup(course_page, "html.parser")
    resume_links = [a["href"] for a in html.select("a") if "Resume" in a.get_text()]
    assert resume_links == [world.extra.url]

    my_learning = BeautifulSoup(
        client.get(reverse("learners:my_learning")).content, "html.parser"
    )
    resume = [
        a["href"]
        for a in my_learning.select("a[href]")
        if a["href"] in (world.reading.url, world.quiz.url, world.extra.url)
    ]
    assert resume == [world.extra.url]


def test_opening_a_lesson_again_moves_the_resume_point(client, world, enrolled):
    _touch(enrolled, world.quiz, minutes_ago=60)
    _touch(enrolled, world.reading, minutes_ago=30)
    client.force_login(enrolled.user)
    client.post(reverse("learners:lesson_viewed", kwargs={"lesson_id": world.quiz.pk}))
    row = LessonProgress.objects.get(learner=enrolled, lesson_id=world.quiz.pk)
    assert timezone.now() - row.last_viewed_at < timedelta(minutes=1)
    my_learning = client.get(reverse("learners:my_learning")).content.decode()
    assert world.quiz.url in my_learning
