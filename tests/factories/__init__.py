from .courses import (
    CoursePageFactory,
    CourseSkillFactory,
    CurriculumCourseFactory,
    CurriculumPageFactory,
    LessonPageFactory,
    RoleFactory,
    RolloutBlockerFactory,
    SkillBlockerFactory,
    SkillFactory,
)
from .people import DepartmentFactory, LearnerFactory, UserFactory

__all__ = [
    "CoursePageFactory",
    "CourseSkillFactory",
    "CurriculumCourseFactory",
    "CurriculumPageFactory",
    "DepartmentFactory",
    "LearnerFactory",
    "LessonPageFactory",
    "RoleFactory",
    "RolloutBlockerFactory",
    "SkillBlockerFactory",
    "SkillFactory",
    "UserFactory",
]
