"""The four rollout blockers AI pilots meet on the way to production, seeded by a
data migration (docs/architecture.md, "Seeded content").

The benchmark is the share of enterprises that say they are highly prepared on
that front; L&D can edit it (and its source) in the admin as newer surveys appear.
The seeds record no source: the survey behind these figures is not known, and the
dashboards say "Source not recorded" until L&D adds one.
"""

DEFAULT_BLOCKERS = [
    {
        "slug": "data-readiness",
        "name": "Data readiness",
        "description": (
            "Whether the data an AI system needs exists, is good enough, is owned and "
            "documented, and may lawfully be used for that purpose. Pilots run on a "
            "hand-cleaned extract; production needs pipelines, contracts, lineage "
            "and quality checks that keep working after the pilot team has left."
        ),
        "benchmark_percent": 40,
    },
    {
        "slug": "governance",
        "name": "Governance",
        "description": (
            "Clear ownership, risk classification, approvals and escalation paths, "
            "so a production gate can be passed predictably. Without them a working "
            "pilot waits for months because nobody can say who signs off the risk "
            "or who stops the system when it goes wrong."
        ),
        "benchmark_percent": 30,
    },
    {
        "slug": "skills",
        "name": "Skills",
        "description": (
            "People who can choose, build, run and judge AI: engineers who operate "
            "it, product managers who measure and roll it out, and business users "
            "who know when to trust its output and when to push back."
        ),
        "benchmark_percent": 50,
    },
    {
        "slug": "infrastructure",
        "name": "Infrastructure",
        "description": (
            "The platform that takes a model from a notebook to a dependable "
            "service: versioned releases, automated testing, monitoring, secure "
            "access, and capacity and cost that hold up as usage grows."
        ),
        "benchmark_percent": 43,
    },
]
