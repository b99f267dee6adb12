"""Column names and status values shared by the metric functions.

The metric modules take plain pandas DataFrames, built by the Django side from the
ORM (or by tests by hand). These constants are the contract between the two: the
other modules refer to columns through them, never through string literals, so a
rename happens here once.

Input frames (ids are ``int64`` unless said otherwise; statuses are strings):

``learners``
    ``learner_id``; ``department_id``, ``role_id``, ``manager_id`` (nullable
    ``Int64``: a learner may have no department, role or manager); ``status`` in
    {"active", "on_leave", "left"}. The *active population* is status "active" or
    "on_leave"; leavers never count in any metric.
``departments``
    ``department_id``; ``parent_id`` (nullable ``Int64``, empty for a root);
    ``name``.
``curriculum_courses``
    ``role_id``, ``curriculum_id``, ``course_id``, ``required`` (bool). One
    curriculum per role.
``enrolments``
    ``learner_id``, ``course_id``; ``status`` in {"not_started", "in_progress",
    "completed", "expired", "suspended"}; ``completed_at`` (datetime64, naive or
    tz-aware; NaT when not completed). "expired" is a completion whose
    certificate has expired, "suspended" one whose renewal after a material
    change is overdue (ADR 0023): both count as not completed everywhere.
``course_skills``
    ``course_id``, ``skill_id``, ``level`` (int; informational, not used by the
    coverage metrics).
``skill_blockers``
    ``skill_id``, ``blocker_id``, ``weight`` (float > 0). A skill may map to several
    blockers, and a skill may map to none.
``blockers``
    ``blocker_id``, ``name``, ``benchmark`` (float in 0..1, the industry share of
    organisations highly prepared; may be missing).
``initiatives``
    ``initiative_id``, ``name``, ``department_id`` (nullable), ``stage`` in
    {"sandbox", "pilot", "production"}.
``initiative_roles``
    ``initiative_id``, ``role_id``, ``headcount`` (int).
``initiative_members``
    ``initiative_id``, ``learner_id``.
``responses``
    ``response_id``, ``learner_id``, ``version_id`` (a question version),
    ``correct`` (bool), ``answered_at`` (datetime64, when the attempt was
    submitted): one row per scored answer.
``version_skills``
    ``version_id``, ``skill_id``: the skills each question version is tagged with.

Derived frames:

``department_paths`` (closure table, see ``department_paths()``)
    ``department_id``, ``ancestor_id``, ``depth`` (0 for the department itself,
    1 for its parent, ...).
"""

from __future__ import annotations

# -- identifiers ---------------------------------------------------------------
LEARNER_ID = "learner_id"
DEPARTMENT_ID = "department_id"
PARENT_ID = "parent_id"
ANCESTOR_ID = "ancestor_id"
DEPTH = "depth"
ROLE_ID = "role_id"
MANAGER_ID = "manager_id"
CURRICULUM_ID = "curriculum_id"
COURSE_ID = "course_id"
SKILL_ID = "skill_id"
BLOCKER_ID = "blocker_id"
INITIATIVE_ID = "initiative_id"

# -- attributes ----------------------------------------------------------------
NAME = "name"
STATUS = "status"
REQUIRED = "required"
COMPLETED_AT = "completed_at"
LEVEL = "level"
WEIGHT = "weight"
BENCHMARK = "benchmark"
STAGE = "stage"
HEADCOUNT = "headcount"
RESPONSE_ID = "response_id"
VERSION_ID = "version_id"
CORRECT = "correct"
ANSWERED_AT = "answered_at"

# -- learner statuses ----------------------------------------------------------
LEARNER_ACTIVE = "active"
LEARNER_ON_LEAVE = "on_leave"
LEARNER_LEFT = "left"
#: Statuses that make up the active population. Leavers never count.
ACTIVE_STATUSES: tuple[str, ...] = (LEARNER_ACTIVE, LEARNER_ON_LEAVE)

# -- enrolment statuses --------------------------------------------------------
ENROLMENT_NOT_STARTED = "not_started"
ENROLMENT_IN_PROGRESS = "in_progress"
ENROLMENT_EXPIRED = "expired"
ENROLMENT_SUSPENDED = "suspended"
ENROLMENT_COMPLETED = "completed"

# -- initiative stages ---------------------------------------------------------
STAGE_SANDBOX = "sandbox"
STAGE_PILOT = "pilot"
STAGE_PRODUCTION = "production"

# -- output columns ------------------------------------------------------------
CURRICULUM_COMPLETED = "curriculum_completed"
CURRICULUM_COMPLETED_AT = "curriculum_completed_at"
ANY_COMPLETED = "any_completed"
ANY_COMPLETED_AT = "any_completed_at"

POPULATION = "population"
COMPLETED = "completed"
PERCENT = "percent"
TARGET_COUNT = "target_count"
SHORTFALL = "shortfall"
GAP_POINTS = "gap_points"

WEEK_START = "week_start"
COMPLETED_CUMULATIVE = "completed_cumulative"
TARGET_LINE = "target_line"

ATTAINED = "attained"
COVERAGE = "coverage"

ANSWERED = "answered"
RIGHT = "right"
ESTIMATE = "estimate"
DEMONSTRATED = "demonstrated"
COMPLETED_ONLY = "completed_only"
DEMONSTRATED_ONLY = "demonstrated_only"

READINESS = "readiness"
GAP = "gap"
HAS_BENCHMARK = "has_benchmark"
BELOW_BENCHMARK = "below_benchmark"
REQUIRED_PAIRS = "required_pairs"
HAS_DATA = "has_data"

CURRENT_READINESS = "current_readiness"
EXPECTED_READINESS = "expected_readiness"
UPLIFT = "uplift"
LEARNERS_TO_ASSIGN = "learners_to_assign"

MEMBERS = "members"
FILLED = "filled"
COUNTED = "counted"
HAS_ROLES = "has_roles"
OPEN_BLOCKERS = "open_blockers"
OPEN_BLOCKER_COUNT = "open_blocker_count"

# -- frames and snapshot tables beyond the metric inputs -------------------------
# Loaded by ``analytics.frames`` and written by ``analytics.compute``; the metric
# functions above never read them.
TARGET_ID = "target_id"
TITLE = "title"
CATEGORY = "category"
METRIC = "metric"
TARGET_PERCENT = "target_percent"
START_DATE = "start_date"
DEADLINE = "deadline"
OWNER_ID = "owner_id"
OWNER = "owner"
PERSON = "person"
EMPLOYEE_ID = "employee_id"
PATH = "path"
PEOPLE = "people"
OWN_POPULATION = "own_population"
