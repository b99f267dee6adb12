"""What other apps may use of ``learners``: people, teams and departments."""

from .selectors import (
    department_subtree_ids,
    learner_for_user,
    learner_is_in_subtree,
    learner_is_manager,
    learner_reporting_subtree,
    learner_reporting_subtree_ids,
    learner_reporting_subtree_sql,
)

__all__ = [
    "department_subtree_ids",
    "learner_for_user",
    "learner_is_in_subtree",
    "learner_is_manager",
    "learner_reporting_subtree",
    "learner_reporting_subtree_ids",
    "learner_reporting_subtree_sql",
]
