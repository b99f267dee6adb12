"""A small hand-made organisation whose figures are worked out by hand.

Operations (1) > Claims (2); Finance (3) has nobody. Roles: critical business user
(10) needs courses 100 and 101; production engineer (20) needs 102. Course 103 is
optional and teaches nothing.

=====  ==========  ======  =========  ===============================
who    department  role    status     completed
=====  ==========  ======  =========  ===============================
L1     Claims      10      active     100 (10 May), 101 (20 May)
L2     Claims      10      active     100 (12 May)
L3     Claims      10      on leave   -
L4     Operations  20      active     102 (15 Apr)
L5     Operations  -       active     -
L6     Claims      10      left       100, 101 (never counts)
=====  ==========  ======  =========  ===============================

Population 5; curriculum completed L1, L4 (40%); any course L1, L2, L4 (60%).
Skills: 1000 judging AI output (course 100, governance), 1001 data protection
(101, data), 1002 model monitoring (102, infrastructure), 1003 prompting (100, no
blocker). Blocker 4 "Skills" has no skill.
"""

from datetime import date

import pandas as pd

from analytics.compute import Frames

TODAY = date(2026, 6, 1)
OPERATIONS, CLAIMS, FINANCE = 1, 2, 3
CBU, PE = 10, 20
DATA, GOVERNANCE, INFRASTRUCTURE, SKILLS = 1, 2, 3, 4
INITIATIVE = 7


def _ts(day: str) -> pd.Timestamp:
    return pd.Timestamp(day)


def sample_frames() -> Frames:
    learners = pd.DataFrame(
        {
            "learner_id": [1, 2, 3, 4, 5, 6],
            "department_id": pd.array([2, 2, 2, 1, 1, 2], dtype="Int64"),
            "role_id": pd.array([10, 10, 10, 20, None, 10], dtype="Int64"),
            "manager_id": pd.array([None] * 6, dtype="Int64"),
            "status": ["active", "active", "on_leave", "active", "active", "left"],
        }
    )
    enrolments = pd.DataFrame(
        {
            "learner_id": [1, 1, 2, 2, 4, 6, 6, 3],
            "course_id": [100, 101, 100, 101, 102, 100, 101, 100],
            "status": [
                "completed",
                "completed",
                "completed",
                "in_progress",
                "completed",
                "completed",
                "completed",
                "not_started",
            ],
            "completed_at": [
                _ts("2026-05-10"),
                _ts("2026-05-20"),
                _ts("2026-05-12"),
                pd.NaT,
                _ts("2026-04-15"),
                _ts("2025-01-01"),
                _ts("2025-01-02"),
                pd.NaT,
            ],
        }
    )
    return Frames(
        learners=learners,
        departments=pd.DataFrame(
            {
                "department_id": [1, 2, 3],
                "parent_id": pd.array([None, 1, None], dtype="Int64"),
                "name": ["Operations", "Claims", "Finance"],
            }
        ),
        roles=pd.DataFrame(
            {
                "role_id": [10, 20],
                "name": ["Critical business user", "Production engineer"],
            }
        ),
        courses=pd.DataFrame(
            {
                "course_id": [100, 101, 102, 103],
                "title": ["AI at work", "Data handling", "MLOps basics", "AI history"],
            }
        ),
        skills=pd.DataFrame(
            {
                "skill_id": [1000, 1001, 1002, 1003],
                "name": [
                    "Judging AI output",
                    "Data protection",
                    "Model monitoring",
                    "Prompting",
                ],
                "category": ["Judgement", "Data", "Operations", "Use"],
            }
        ),
        blockers=pd.DataFrame(
            {
                "blocker_id": [1, 2, 3, 4],
                "name": ["Data readiness", "Governance", "Infrastructure", "Skills"],
                "benchmark": [0.40, 0.30, 0.43, 0.50],
            }
        ),
        curriculum_courses=pd.DataFrame(
            {
                "role_id": [10, 10, 10, 20],
                "curriculum_id": [50, 50, 50, 60],
                "course_id": [100, 101, 103, 102],
                "required": [True, True, False, True],
            }
        ),
        enrolments=enrolments,
        course_skills=pd.DataFrame(
            {
                "course_id": [100, 100, 101, 102],
                "skill_id": [1000, 1003, 1001, 1002],
                "level": [1, 1, 2, 2],
            }
        ),
        skill_blockers=pd.DataFrame(
            {
                "skill_id": [1000, 1001, 1002],
                "blocker_id": [2, 1, 3],
                "weight": [1.0, 1.0, 1.0],
            }
        ),
        targets=pd.DataFrame(
            {
                "target_id": [1],
                "name": ["Half of everyone"],
                "department_id": pd.array([None], dtype="Int64"),
                "role_id": pd.array([None], dtype="Int64"),
                "metric": ["curriculum"],
                "target_percent": [50.0],
                "start_date": [date(2026, 1, 1)],
                "deadline": [date(2026, 12, 31)],
            }
        ),
        initiatives=pd.DataFrame(
            {
                "initiative_id": [7],
                "name": ["Claims triage assistant"],
                "department_id": pd.array([2], dtype="Int64"),
                "stage": ["pilot"],
                "owner_id": pd.array([4], dtype="Int64"),
                "owner": ["Amara Nwosu"],
            }
        ),
        initiative_roles=pd.DataFrame(
            {"initiative_id": [7, 7], "role_id": [10, 20], "headcount": [2, 1]}
        ),
        initiative_members=pd.DataFrame(
            {
                "initiative_id": [7, 7, 7, 7],
                "learner_id": [1, 2, 4, 6],
                "person": ["Ines Duarte", "Ravi Menon", "Amara Nwosu", "Lars Berg"],
                "employee_id": ["E1", "E2", "E4", "E6"],
            }
        ),
    )
