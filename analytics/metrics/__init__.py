"""Pure, vectorised metric functions of the analytics app.

Every function takes pandas DataFrames (schemas in ``analytics.metrics.columns``)
and returns new DataFrames or frozen dataclasses. Nothing here touches Django, the
database, settings or files, and no input frame is modified.

Each function can be called on the raw frames alone. A page or task that needs
several metrics should compute the two expensive intermediates once and pass them
on: ``completion=learner_completion(...)`` to ``target_progress``,
``department_completion`` and ``initiative_readiness``, and
``state=skill_state(...)`` to the coverage, readiness and recommendation
functions. On 100,000 learners and 600,000 enrolments that cuts the full set
from about 1.1 s to about 0.45 s.
"""

from analytics.metrics.completion import (
    ExpiredCompletions,
    department_completion,
    expired_completions,
    learner_completion,
)
from analytics.metrics.coverage import (
    SkillState,
    department_skill_coverage,
    skill_coverage,
    skill_state,
)
from analytics.metrics.departments import department_paths
from analytics.metrics.initiatives import InitiativeReadiness, initiative_readiness
from analytics.metrics.readiness import (
    DEFAULT_BENCHMARK,
    blocker_readiness,
    department_readiness,
    largest_gaps,
    organisation_readiness,
)
from analytics.metrics.recommendations import recommend_courses
from analytics.metrics.targets import (
    AT_RISK_GRACE_WEEKS,
    TargetProgress,
    completion_history,
    target_progress,
)

__all__ = [
    "completion_history",
    "AT_RISK_GRACE_WEEKS",
    "DEFAULT_BENCHMARK",
    "ExpiredCompletions",
    "InitiativeReadiness",
    "SkillState",
    "TargetProgress",
    "blocker_readiness",
    "department_completion",
    "department_paths",
    "department_readiness",
    "department_skill_coverage",
    "expired_completions",
    "initiative_readiness",
    "largest_gaps",
    "learner_completion",
    "organisation_readiness",
    "recommend_courses",
    "skill_coverage",
    "skill_state",
    "target_progress",
]
