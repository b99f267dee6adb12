"""A page's query count must not grow with the number of things it shows."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail_factories import ImageFactory

from courses.models import CurriculumIndexPage
from tests.factories import (
    CoursePageFactory,
    CourseSkillFactory,
    CurriculumCourseFactory,
    CurriculumPageFactory,
    LessonPageFactory,
    SkillBlockerFactory,
)
from tests.factories.courses import knowledge_check

pytestmark = pytest.mark.django_db

BLOCK_CYCLE = [
    ("heading", "Reading a drift report"),
    ("rich_text", "<p>Population stability above 0.2 is worth a look.</p>"),
    ("callout", {"kind": "tip", "title": "Start small", "text": "<p>One model.</p>"}),
    ("code", {"language": "sql", "code": "select 1;", "caption": "A query"}),
    ("key_takeaways", ["Baseline first.", "Alert on trends."]),
]


def _queries(client, url) -> tuple[int, int]:
    """Queries of a first view (nothing cached: the first visitor after a
    publication) and of the view after it (content cache filled, ADR 0016)."""
    counts = []
    cache.clear()
    for _ in range(2):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(captured))
    return tuple(counts)


@pytest.fixture
def signed_in(client, learner):
    client.force_login(learner.user)
    client.get("/")  # warm per-process caches (site root paths, settings)
    return client


def _lesson_with_blocks(count: int):
    blocks = [BLOCK_CYCLE[i % len(BLOCK_CYCLE)] for i in range(count - 1)]
    return LessonPageFactory(blocks=[*blocks, knowledge_check()])


def test_lesson_page_queries_do_not_grow_with_blocks(signed_in):
    small, large = _lesson_with_blocks(3), _lesson_with_blocks(30)
    assert _queries(signed_in, small.url) == _queries(signed_in, large.url)


def _lesson_with_media(count: int):
    blocks = []
    for i in range(count):
        url = f"https://video.example/watch/drift-{count}-{i}"
        Embed.objects.create(
            url=url,
            hash=get_embed_hash(url),
            type="video",
            html=f'<iframe title="Drift alert {i}" src="{url}/embed"></iframe>',
        )
        blocks.append(
            (
                "video",
                {
                    "title": f"Drift alert, part {i + 1}",
                    "video": url,
                    "transcript": "<p>We open the drift dashboard.</p>",
                },
            )
        )
        blocks.append(
            (
                "image",
                {"image": ImageFactory().pk, "alt_text": "A drift chart"},
            )
        )
    return LessonPageFactory(blocks=[*blocks, knowledge_check()])


def test_lesson_page_queries_do_not_grow_with_images_and_videos(signed_in):
    small, large = _lesson_with_media(1), _lesson_with_media(6)
    for lesson in (small, large):  # the first view makes the image renditions
        _queries(signed_in, lesson.url)
    # Wagtail keeps renditions in the cache: compare the views with it filled.
    assert _queries(signed_in, small.url)[1] == _queries(signed_in, large.url)[1]
    html = signed_in.get(large.url).content.decode()
    assert html.count("<iframe") == 6
    assert 'src="https://video.example/watch/drift-6-5/embed"' in html


def _course_with_lessons(count: int):
    course = CoursePageFactory()
    for _ in range(count):
        LessonPageFactory(parent=course)
    for _ in range(3):
        SkillBlockerFactory(skill=CourseSkillFactory(page=course).skill)
    prerequisite = CoursePageFactory()
    course.prerequisites = [prerequisite]
    course.save_revision().publish()
    CurriculumCourseFactory(course=course)
    return course


def test_course_page_queries_do_not_grow_with_lessons(signed_in):
    small, large = _course_with_lessons(2), _course_with_lessons(20)
    assert _queries(signed_in, small.url) == _queries(signed_in, large.url)


def _curricula(count: int) -> None:
    for _ in range(count):
        curriculum = CurriculumPageFactory()
        for _ in range(2):
            course = CoursePageFactory()
            LessonPageFactory(parent=course)
            CurriculumCourseFactory(page=curriculum, course=course)


def test_curricula_index_queries_do_not_grow_with_curricula(signed_in):
    url = CurriculumIndexPage.objects.get().url
    _curricula(1)
    one = _queries(signed_in, url)
    _curricula(9)
    assert _queries(signed_in, url) == one


def test_curriculum_page_queries_do_not_grow_with_courses(signed_in):
    small, large = CurriculumPageFactory(), CurriculumPageFactory()
    for curriculum, count in ((small, 1), (large, 8)):
        for _ in range(count):
            course = CoursePageFactory()
            LessonPageFactory(parent=course)
            SkillBlockerFactory(skill=CourseSkillFactory(page=course).skill)
            CurriculumCourseFactory(page=curriculum, course=course)
    assert _queries(signed_in, small.url) == _queries(signed_in, large.url)
