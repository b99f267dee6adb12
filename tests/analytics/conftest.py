"""A small organisation in the database for the analytics pages and tasks.

Operations (6 people placed directly) > Claims Intake (8); Legal (2); Finance
(3); Procurement (nobody). Everyone but the persona accounts is a critical
business user whose curriculum requires two courses: "Judging AI output"
(governance) and "Handling data safely" (data readiness). In Claims Intake 5 of 8
finished both courses and the other 3 only the first; in Operations 1 of 6
finished both; in Legal both did; in Finance all 3 have only started the first.
That is 19 people, 8 of whom completed their curriculum.
"""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from courses.models import Role, RolloutBlocker
from learners.models import CourseEnrolment, EnrolmentStatus
from tests.factories import (
    CoursePageFactory,
    CourseSkillFactory,
    CurriculumCourseFactory,
    CurriculumPageFactory,
    DepartmentFactory,
    LearnerFactory,
    SkillBlockerFactory,
    SkillFactory,
)

NAMES = [
    ("Ines", "Duarte"),
    ("Ravi", "Menon"),
    ("Amara", "Nwosu"),
    ("Lars", "Berg"),
    ("Chloé", "Martin"),
    ("Kenji", "Watanabe"),
    ("Fatima", "Zahra"),
    ("Owen", "Price"),
    ("Marta", "Kowalska"),
    ("Samuel", "Adeyemi"),
    ("Hanna", "Virtanen"),
    ("Diego", "Ferreira"),
    ("Aisha", "Rahman"),
    ("Tom", "Gallagher"),
    ("Lucía", "Moreno"),
    ("Niamh", "Byrne"),
    ("Yusuf", "Demir"),
    ("Eva", "Lindgren"),
    ("Priyanka", "Shah"),
]


@dataclass
class Org:
    operations: object
    intake: object
    legal: object
    finance: object
    procurement: object
    role: object
    judging: object
    data: object
    intake_people: list
    operations_people: list
    legal_people: list
    finance_people: list


def _complete(learner, course, days_ago: int) -> None:
    CourseEnrolment.objects.update_or_create(
        learner=learner,
        course=course,
        defaults={
            "status": EnrolmentStatus.COMPLETED,
            "progress": 1.0,
            "completed_at": timezone.now() - timedelta(days=days_ago),
        },
    )


def _started(learner, course) -> None:
    CourseEnrolment.objects.update_or_create(
        learner=learner,
        course=course,
        defaults={"status": EnrolmentStatus.IN_PROGRESS, "progress": 0.5},
    )


@pytest.fixture
def org(db):
    role = Role.objects.get(slug="critical-business-user")
    governance = RolloutBlocker.objects.get(slug="governance")
    data_readiness = RolloutBlocker.objects.get(slug="data-readiness")
    judging = CoursePageFactory(title="Judging AI output")
    data = CoursePageFactory(title="Handling data safely")
    spotting = SkillFactory(name="Spotting fabricated facts")
    classifying = SkillFactory(name="Classifying data before sharing it")
    SkillBlockerFactory(skill=spotting, blocker=governance)
    SkillBlockerFactory(skill=classifying, blocker=data_readiness)
    CourseSkillFactory(page=judging, skill=spotting)
    CourseSkillFactory(page=data, skill=classifying)
    curriculum = CurriculumPageFactory(title="Critical business user", role=role)
    CurriculumCourseFactory(page=curriculum, course=judging, required=True)
    CurriculumCourseFactory(page=curriculum, course=data, required=True)
    curriculum.save_revision().publish()

    operations = DepartmentFactory(name="Operations")
    intake = DepartmentFactory(name="Claims Intake", parent=operations)
    legal = DepartmentFactory(name="Legal")
    finance = DepartmentFactory(name="Finance")
    procurement = DepartmentFactory(name="Procurement")
    names = iter(NAMES)

    def person(department):
        first, last = next(names)
        return LearnerFactory(
            user__first_name=first,
            user__last_name=last,
            department=department,
            role=role,
        )

    intake_people = [person(intake) for _ in range(8)]
    operations_people = [person(operations) for _ in range(6)]
    legal_people = [person(legal) for _ in range(2)]
    finance_people = [person(finance) for _ in range(3)]
    for i, learner in enumerate(intake_people):
        _complete(learner, judging, days_ago=20 + i)
        if i < 5:
            _complete(learner, data, days_ago=10 + i)
        else:
            _started(learner, data)
    _complete(operations_people[0], judging, days_ago=30)
    _complete(operations_people[0], data, days_ago=25)
    for learner in legal_people:
        _complete(learner, judging, days_ago=40)
        _complete(learner, data, days_ago=35)
    for learner in finance_people:
        _started(learner, judging)
    return Org(
        operations=operations,
        intake=intake,
        legal=legal,
        finance=finance,
        procurement=procurement,
        role=role,
        judging=judging,
        data=data,
        intake_people=intake_people,
        operations_people=operations_people,
        legal_people=legal_people,
        finance_people=finance_people,
    )


@pytest.fixture
def initiative(org):
    from analytics import services
    from analytics.models import InitiativeStage

    initiative, _ = services.initiative_ensure(
        name="Claims triage assistant",
        description="Suggests a priority for each incoming claim.",
        department_id=org.intake.pk,
        stage=InitiativeStage.PILOT,
        owner_id=org.intake_people[0].pk,
        roles={org.role.pk: 6},
        member_ids=[p.pk for p in org.intake_people[:6]],
    )
    return initiative


@pytest.fixture
def snapshot(org, initiative):
    from analytics import services
    from analytics.models import SnapshotTrigger

    return services.snapshot_run(run_key="test:first", trigger=SnapshotTrigger.MANUAL)
