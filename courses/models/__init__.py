"""Content and taxonomy of the academy."""

from .courses import CourseIndexPage, CourseLevel, CoursePage, CourseSkill, SkillLevel
from .curricula import CurriculumCourse, CurriculumIndexPage, CurriculumPage
from .lessons import LessonPage
from .taxonomy import Role, RolloutBlocker, Skill, SkillBlocker

__all__ = [
    "CourseIndexPage",
    "CourseLevel",
    "CoursePage",
    "CourseSkill",
    "CurriculumCourse",
    "CurriculumIndexPage",
    "CurriculumPage",
    "LessonPage",
    "Role",
    "RolloutBlocker",
    "Skill",
    "SkillBlocker",
    "SkillLevel",
]
