"""Content and taxonomy of the academy."""

from .bank import (
    BankQuestion,
    QuestionDifficulty,
    QuestionStatus,
    QuestionVersion,
)
from .courses import CourseIndexPage, CourseLevel, CoursePage, CourseSkill, SkillLevel
from .curricula import CurriculumCourse, CurriculumIndexPage, CurriculumPage
from .lessons import LessonPage
from .review import ReviewApprovalForm, ReviewTask
from .reviews import LessonReviewReminder
from .taxonomy import Role, RolloutBlocker, Skill, SkillBlocker

__all__ = [
    "BankQuestion",
    "QuestionDifficulty",
    "QuestionStatus",
    "QuestionVersion",
    "CourseIndexPage",
    "CourseLevel",
    "CoursePage",
    "CourseSkill",
    "CurriculumCourse",
    "CurriculumIndexPage",
    "CurriculumPage",
    "LessonPage",
    "LessonReviewReminder",
    "ReviewApprovalForm",
    "ReviewTask",
    "Role",
    "RolloutBlocker",
    "Skill",
    "SkillBlocker",
    "SkillLevel",
]
