"""Demo analytics: a few AI initiatives of Northwind Group and one snapshot.

Runs at the end of ``load_demo_data``, after the organisation, content and
progress exist. Idempotent: initiatives are created once (by name) and the demo
snapshot has a fixed run key, so a second run changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from courses import api as courses_api
from learners import api as learners_api

from . import services
from .models import InitiativeStage, Snapshot, SnapshotTrigger

DEMO_RUN_KEY = "demo"
PE, PM, CBU = "production-engineer", "ai-product-manager", "critical-business-user"


@dataclass(frozen=True)
class DemoInitiative:
    name: str
    description: str
    department: tuple[str, ...]
    stage: str
    #: role slug -> (head count, departments the team is drawn from, people named)
    team: dict[str, tuple[int, tuple[tuple[str, ...], ...], int]]


INITIATIVES: tuple[DemoInitiative, ...] = (
    DemoInitiative(
        name="Claims triage assistant",
        description="Reads incoming claims, extracts the key facts and suggests a "
        "priority and a handler queue. Handlers confirm or correct every "
        "suggestion; corrections feed the weekly evaluation.",
        department=("Operations", "Claims"),
        stage=InitiativeStage.PILOT,
        team={
            PE: (1, (("Technology", "Platform Engineering"),), 1),
            PM: (1, (("Technology", "Digital Products"),), 1),
            CBU: (
                10,
                (
                    ("Operations", "Claims", "Claims Intake"),
                    ("Operations", "Claims", "Claims Settlement"),
                ),
                10,
            ),
        },
    ),
    DemoInitiative(
        name="Contact centre reply drafting",
        description="Drafts replies to customer emails from the case history and "
        "the knowledge base; advisers edit and send. Measured on handling time "
        "and complaint rate against the pre-launch baseline.",
        department=("Customer Service", "Contact Centre"),
        stage=InitiativeStage.PRODUCTION,
        team={
            PE: (1, (("Technology", "Platform Engineering"),), 1),
            PM: (1, (("Technology", "Digital Products"),), 1),
            CBU: (8, (("Customer Service", "Contact Centre"),), 8),
        },
    ),
    DemoInitiative(
        name="Supply chain demand forecasting",
        description="Weekly demand forecasts per product line, replacing the "
        "spreadsheet model. Still in the sandbox on last year's data.",
        department=("Operations", "Supply Chain"),
        stage=InitiativeStage.SANDBOX,
        team={
            PE: (2, (("Technology", "Data and Analytics", "Data Science"),), 2),
            PM: (1, (("Technology", "Digital Products"),), 1),
            CBU: (4, (("Operations", "Supply Chain"),), 3),
        },
    ),
)


def _department_ids(paths: tuple[tuple[str, ...], ...]) -> set[int]:
    found: set[int] = set()
    for path in paths:
        department_id = learners_api.department_id_by_path(path)
        if department_id is not None:
            found |= learners_api.department_subtree_ids(department_id=department_id)
    return found


def demo_analytics_load() -> tuple[int, Snapshot]:
    """Ensure the demo initiatives and the demo snapshot; returns (created, it)."""
    roles = {role.slug: role.pk for role in courses_api.role_list()}
    created = 0
    for plan in INITIATIVES:
        required: dict[int, int] = {}
        members: list[int] = []
        owner_id = None
        for slug, (headcount, sources, named) in plan.team.items():
            role_id = roles.get(slug)
            if role_id is None:
                continue
            required[role_id] = headcount
            people = learners_api.active_learner_ids(
                department_ids=_department_ids(sources), role_id=role_id, limit=named
            )
            members.extend(people)
            if slug == PM and people:
                owner_id = people[0]
        _, is_new = services.initiative_ensure(
            name=plan.name,
            description=plan.description,
            department_id=learners_api.department_id_by_path(plan.department),
            stage=plan.stage,
            owner_id=owner_id,
            roles=required,
            member_ids=members,
        )
        created += is_new
    snapshot = services.snapshot_run(run_key=DEMO_RUN_KEY, trigger=SnapshotTrigger.DEMO)
    return created, snapshot
