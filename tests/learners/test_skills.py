"""My skills and Team skills: figures against hand-built people, empty states,
permissions and fixed query counts."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from learners.models import CourseEnrolment, EnrolmentStatus, LearnerStatus
from learners.services.enrolment import course_enrol
from tests.factories import (
    CoursePageFactory,
    CourseSkillFactory,
    LearnerFactory,
    RoleFactory,
    SkillFactory,
)

pytestmark = pytest.mark.django_db

MY_SKILLS = reverse("learners:my_skills")
TEAM_SKILLS = reverse("learners:team_skills")


@pytest.fixture
def skills(world):
    """Judging AI output teaches hallucination spotting (working knowledge); an
    extra course outside the curriculum teaches it to expert level; Handling data
    safely teaches data classification (awareness); prompt design is taught only
    by a course no curriculum requires."""
    hallucinations = SkillFactory(name="Spotting hallucinations", category="Judgement")
    classification = SkillFactory(name="Data classification", category="Data")
    prompts = SkillFactory(name="Prompt design", category="Everyday AI use")
    advanced = CoursePageFactory(title="Advanced output review")
    elective = CoursePageFactory(title="Prompt patterns")
    CourseSkillFactory(page=world.course, skill=hallucinations, level=2)
    CourseSkillFactory(page=advanced, skill=hallucinations, level=3)
    CourseSkillFactory(page=world.second_course, skill=classification, level=1)
    CourseSkillFactory(page=elective, skill=prompts, level=2)
    return {
        "hallucinations": hallucinations,
        "classification": classification,
        "prompts": prompts,
        "advanced": advanced,
        "elective": elective,
    }


def _complete(learner, course) -> None:
    course_enrol(learner=learner, course_id=course.pk, source="self")
    CourseEnrolment.objects.filter(learner=learner, course_id=course.pk).update(
        status=EnrolmentStatus.COMPLETED, completed_at=timezone.now()
    )


def _rows(response) -> dict[str, list[str]]:
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    return {
        row.th.get_text(" ", strip=True).split(" · ")[0]: [
            cell.get_text(" ", strip=True) for cell in row.find_all("td")
        ]
        for row in html.select("table.skills-table tbody tr")
    }


# --- My skills ---------------------------------------------------------------------


def test_my_skills_shows_required_skills_completed_ones_and_courses_closing_gaps(
    client, world, skills, enrolled
):
    _complete(enrolled, world.course)
    client.force_login(enrolled.user)
    response = client.get(MY_SKILLS)

    rows = _rows(response)
    # Prompt design is taught by no required course: the role does not require it.
    assert list(rows) == ["Data classification", "Spotting hallucinations"]
    assert rows["Spotting hallucinations"][:2] == [
        "Working knowledge",
        "Yes Working knowledge",
    ]
    assert rows["Spotting hallucinations"][2] == "No evidence"
    assert rows["Spotting hallucinations"][3] == "—"
    assert rows["Data classification"][:2] == ["Awareness", "Not yet"]
    html = BeautifulSoup(response.content, "html.parser")
    gap = html.select_one('tr[data-skill="data-classification"]')
    assert [a["href"] for a in gap.select("a")] == [world.second_course.url]
    assert "required for your role" in gap.get_text()
    assert html.select_one("[data-skills-completed]").get_text() == "1 of 2"


def test_the_level_reached_is_the_highest_a_completed_course_teaches(
    client, world, skills, enrolled
):
    _complete(enrolled, world.course)
    _complete(enrolled, skills["advanced"])
    client.force_login(enrolled.user)
    rows = _rows(client.get(MY_SKILLS))
    assert rows["Spotting hallucinations"][1] == "Yes Expert"


def test_a_gap_lists_every_published_course_teaching_it_required_ones_first(
    client, world, skills, enrolled
):
    client.force_login(enrolled.user)
    html = BeautifulSoup(client.get(MY_SKILLS).content, "html.parser")
    gap = html.select_one('tr[data-skill="spotting-hallucinations"]')
    assert [a.get_text() for a in gap.select("a")] == [
        "Judging AI output",
        "Advanced output review",
    ]


def test_my_skills_without_a_role_says_so(client, learner):
    client.force_login(learner.user)
    response = client.get(MY_SKILLS)
    assert response.status_code == 200
    assert "You have no role yet." in response.content.decode()
    assert b"skills-table" not in response.content


def test_my_skills_for_a_role_without_mapped_skills_says_so(client, world, enrolled):
    client.force_login(enrolled.user)
    response = client.get(MY_SKILLS)
    assert "No skills are mapped to your role (Claims analyst) yet." in (
        response.content.decode()
    )


def test_my_skills_is_linked_from_my_learning(client, enrolled):
    client.force_login(enrolled.user)
    assert MY_SKILLS in client.get(reverse("learners:my_learning")).content.decode()


def _count(client, url) -> int:
    client.get("/")  # the site's settings row is created on the very first view
    client.get(url)  # fills the content cache
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_my_skills_queries_do_not_grow_with_skills_and_courses(
    client, world, skills, enrolled
):
    client.force_login(enrolled.user)
    _complete(enrolled, world.course)
    few = _count(client, MY_SKILLS)
    for i in range(5):
        course = CoursePageFactory(title=f"Data course {i}")
        course.save_revision().publish()  # moves the content version
        skill = SkillFactory(name=f"Data lineage {i}", category="Data")
        CourseSkillFactory(page=world.second_course, skill=skill, level=2)
        CourseSkillFactory(page=course, skill=skill, level=3)
        _complete(enrolled, course)
    many = _count(client, MY_SKILLS)
    assert len(_rows(client.get(MY_SKILLS))) == 7
    assert many == few


# --- Team skills -------------------------------------------------------------------


@pytest.fixture
def team(world, skills, manager, enrolled, department):
    """Amara (role, completed Judging AI output), Kofi (role, nothing completed)
    reporting to Amara, Lena (no role), and Jonas outside the line."""
    _complete(enrolled, world.course)
    kofi = LearnerFactory(
        user__first_name="Kofi",
        user__last_name="Mensah",
        manager=enrolled,
        department=department,
        role=world.role,
    )
    LearnerFactory(
        user__first_name="Lena", user__last_name="Vogel", manager=manager, role=None
    )
    left = LearnerFactory(
        user__first_name="Ruth",
        user__last_name="Adeyemi",
        manager=manager,
        role=world.role,
        status=LearnerStatus.LEFT,
    )
    _complete(left, world.second_course)
    outsider = LearnerFactory(
        user__first_name="Jonas", user__last_name="Eriksen", role=world.role
    )
    _complete(outsider, world.second_course)
    return kofi


def test_team_skills_counts_the_whole_reporting_line_and_no_one_else(
    client, manager, team
):
    client.force_login(manager.user)
    response = client.get(TEAM_SKILLS)
    rows = _rows(response)
    # Skill: required level, people who need it, completed, demonstrated, share,
    # gap, courses.
    assert rows["Spotting hallucinations"][:6] == [
        "Working knowledge",
        "2",
        "1",
        "0",
        "50%",
        "1",
    ]
    # Jonas (outside the line) and Ruth (left) completed it: neither counts.
    assert rows["Data classification"][:6] == ["Awareness", "2", "0", "0", "0%", "2"]
    text = response.content.decode()
    assert "1 person has no role yet" in text


def test_team_skills_chart_shows_the_same_figures_as_its_table(client, manager, team):
    client.force_login(manager.user)
    html = BeautifulSoup(client.get(TEAM_SKILLS).content, "html.parser")
    chart = html.select_one(".hbars[role=img]")
    bars = {
        row.select_one(".hbars__label").get_text(): row.select_one(
            ".hbars__value"
        ).get_text()
        for row in chart.select(".hbars__row")
    }
    assert bars == {"Data classification": "0%", "Spotting hallucinations": "50%"}
    assert "Spotting hallucinations 50% (1 of 2)" in chart["aria-label"]


def test_a_manager_lower_in_the_line_sees_only_their_own_reports(
    client, team, enrolled
):
    client.force_login(enrolled.user)
    rows = _rows(client.get(TEAM_SKILLS))
    assert rows["Spotting hallucinations"][1:5] == ["1", "0", "0", "0%"]


def test_a_learner_without_reports_may_not_see_team_skills(client, team):
    client.force_login(team.user)  # Kofi reports to Amara; nobody reports to him
    assert client.get(TEAM_SKILLS).status_code == 403


def test_team_skills_when_nobody_has_a_role_says_so(client, manager, learner):
    client.force_login(manager.user)
    response = client.get(TEAM_SKILLS)
    assert response.status_code == 200
    assert "Nobody in your line has a role yet." in response.content.decode()


def test_team_skills_is_linked_from_my_team(client, manager, learner):
    client.force_login(manager.user)
    assert TEAM_SKILLS in client.get(reverse("learners:my_team")).content.decode()


def test_team_skills_queries_do_not_grow_with_the_team(
    client, world, manager, team, department
):
    client.force_login(manager.user)
    few = _count(client, TEAM_SKILLS)
    other_role = RoleFactory(name="Underwriter", slug="underwriter")
    for i in range(6):
        person = LearnerFactory(
            manager=manager,
            department=department,
            role=world.role if i % 2 else other_role,
        )
        _complete(person, world.course)
    many = _count(client, TEAM_SKILLS)
    assert _rows(client.get(TEAM_SKILLS))["Spotting hallucinations"][1] == "5"
    assert many == few


def test_renaming_a_skill_shows_at_once_on_my_skills(client, world, skills, enrolled):
    client.force_login(enrolled.user)
    assert "Data classification" in _rows(client.get(MY_SKILLS))
    skills["classification"].name = "Classifying data"
    skills["classification"].save()
    assert "Classifying data" in _rows(client.get(MY_SKILLS))


def test_team_figures_agree_with_the_analytics_skill_coverage_of_the_same_people(
    manager, team
):
    """Team skills reads one line directly; analytics computes coverage from its
    organisation-wide frames. For the same people both must give the same counts."""
    from analytics.frames import (
        load_course_skills,
        load_curriculum_courses,
        load_enrolments,
        load_learners,
    )
    from analytics.metrics.coverage import skill_coverage
    from learners.selectors import learner_reporting_subtree_ids
    from learners.skills import team_skills

    line = learner_reporting_subtree_ids(manager_id=manager.pk)
    learners = load_learners()
    coverage = skill_coverage(
        learners.loc[learners["learner_id"].isin(line)],
        load_enrolments(),
        load_curriculum_courses(),
        load_course_skills(),
        by=None,
    )
    expected = {
        int(row.skill_id): (int(row.required), int(row.attained))
        for row in coverage.itertuples()
    }
    ours = {
        row.skill.id: (row.required, row.completed)
        for row in team_skills(manager=manager).rows
    }
    assert ours == expected
    assert sum(completed for _, completed in ours.values()) == 1


# --- Demonstrated skill (ADR 0025) -------------------------------------------------


def _answer_check(learner, skills, *, right: int, course="Practice: data and output"):
    """Three questions on data classification and one on spotting hallucinations;
    the learner gets the first ``right`` classification questions right and the
    hallucination question right."""
    from tests.factories import LessonPageFactory
    from tests.factories.courses import bank_questions, knowledge_check, single_question
    from tests.learners.checks import quiz_submit

    classification = bank_questions(
        single_question("c1"),
        single_question("c2"),
        single_question("c3"),
        skills=[skills["classification"]],
    )
    hallucination = bank_questions(
        single_question("h1"), skills=[skills["hallucinations"]]
    )
    lesson = LessonPageFactory(
        parent=CoursePageFactory(title=course),
        title="Practice questions",
        blocks=[
            knowledge_check(
                pools=[
                    {
                        "skill": None,
                        "questions": classification + hallucination,
                        "draw": 4,
                    }
                ]
            )
        ],
    )
    answers = {f"c{i}": ["a" if i <= right else "b"] for i in (1, 2, 3)}
    quiz_submit(learner=learner, lesson_id=lesson.pk, answers={**answers, "h1": ["a"]})


def test_my_skills_shows_demonstrated_not_yet_and_no_evidence(
    client, world, skills, enrolled
):
    _answer_check(enrolled, skills, right=2)
    client.force_login(enrolled.user)
    rows = _rows(client.get(MY_SKILLS))
    # Data classification at awareness: 2 of 3 right, (2 + 1) / (3 + 2) = 0.6.
    assert rows["Data classification"][2] == "Demonstrated"
    # Spotting hallucinations: one answer is too few, estimate (1 + 1) / 3.
    assert rows["Spotting hallucinations"][2] == "Not yet (1 answer, estimate 67%)"


def test_my_skills_short_of_the_threshold_is_not_yet(client, world, skills, enrolled):
    _answer_check(enrolled, skills, right=1)
    client.force_login(enrolled.user)
    rows = _rows(client.get(MY_SKILLS))
    # (1 + 1) / (3 + 2) = 0.4 < 0.6.
    assert rows["Data classification"][2] == "Not yet (3 answers, estimate 40%)"


def test_team_skills_counts_demonstrated_people(client, manager, team, skills):
    _answer_check(team, skills, right=3)  # Kofi: 3 of 3, (3 + 1) / 5 = 0.8
    client.force_login(manager.user)
    rows = _rows(client.get(TEAM_SKILLS))
    assert rows["Data classification"][:4] == ["Awareness", "2", "0", "1"]
    assert rows["Spotting hallucinations"][3] == "0"


def test_skill_pages_queries_do_not_grow_with_answers(
    client, world, manager, team, skills, enrolled
):
    client.force_login(manager.user)
    few_team = _count(client, TEAM_SKILLS)
    client.force_login(enrolled.user)
    few_mine = _count(client, MY_SKILLS)
    _answer_check(team, skills, right=3)
    _answer_check(enrolled, skills, right=2, course="Practice: second round")
    client.force_login(enrolled.user)
    assert _count(client, MY_SKILLS) == few_mine
    client.force_login(manager.user)
    assert _count(client, TEAM_SKILLS) == few_team


def test_evidence_windows_keep_the_latest_ten_answers_per_skill():
    from datetime import UTC, datetime, timedelta

    from learners.skills import evidence_windows

    start = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    # Learner 1: twelve answers on skill 7, the two oldest (wrong) fall out of
    # the window. Learner 2: two answers tagged with skills 7 and 8 count for
    # both; an answer to a version tagged with nothing counts for none.
    rows = [(1, [7], i > 2, start + timedelta(days=i), i) for i in range(1, 13)]
    rows += [(2, [7, 8], True, start, 50), (2, [7, 8], False, start, 51)]
    rows += [(2, None, True, start, 52)]  # a version tagged with nothing
    windows = evidence_windows(rows)
    assert windows == {(1, 7): (10, 10), (2, 7): (2, 1), (2, 8): (2, 1)}
