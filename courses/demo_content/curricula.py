"""Role curricula: the ordered courses each role works through, with due dates."""

from .schema import CurriculumCourseSpec, CurriculumSpec

CURRICULA: list[CurriculumSpec] = [
    CurriculumSpec(
        role_slug="production-engineer",
        slug="production-engineer-track",
        title="Production engineer: running AI reliably in production",
        intro=(
            "For the engineers who turn a promising model into a service Northwind "
            "can depend on. The track starts with the governance and data "
            "foundations every production system needs, then builds the engineering "
            "practice: versioned, tested releases, pipelines with data contracts, "
            "security and access control, drift monitoring and retraining. It ends "
            "with the day-to-day work of running AI at scale: incidents, capacity "
            "and cost."
        ),
        outcomes=[
            "Version, test and release models through a registry and automated "
            "release gates, so every deployment is reproducible and reversible.",
            "Build data pipelines with explicit contracts for schema, freshness and "
            "ownership, and handle a broken contract safely.",
            "Secure AI systems with least-privilege access, managed secrets, prompt "
            "injection defences and audit trails.",
            "Detect data and concept drift in production and decide when and how to "
            "retrain without putting the service at risk.",
            "Run AI services with service-level objectives, alerting, runbooks and "
            "a practised incident response, while keeping cost and capacity under "
            "control.",
        ],
        courses=[
            CurriculumCourseSpec("ai-governance-essentials", due_in_days=14),
            CurriculumCourseSpec("data-readiness-for-ai", due_in_days=30),
            CurriculumCourseSpec("mlops-foundations", due_in_days=45),
            CurriculumCourseSpec("data-pipelines-and-contracts", due_in_days=45),
            CurriculumCourseSpec("securing-ai-systems", due_in_days=60),
            CurriculumCourseSpec("drift-monitoring-and-retraining", due_in_days=75),
            CurriculumCourseSpec("ai-operations-and-cost", due_in_days=90),
            CurriculumCourseSpec("judging-ai-output", required=False, due_in_days=90),
        ],
    ),
    CurriculumSpec(
        role_slug="ai-product-manager",
        slug="ai-product-manager-track",
        title="AI product manager: from use case to production",
        intro=(
            "For the people who decide which AI ideas Northwind pursues and who are "
            "accountable for getting them into everyday use. The track covers the "
            "whole path: choosing use cases that can reach production, defining "
            "KPIs and baselines before anything is deployed, rolling out in phases "
            "with clear exit criteria, and designing the operating model, "
            "governance and escalation paths that keep AI working after launch."
        ),
        outcomes=[
            "Score AI use cases on value, feasibility, data readiness and risk, and "
            "stop pilots that will not reach production.",
            "Define operational KPIs such as cycle time, error rate, throughput and "
            "adoption, with baselines recorded before deployment.",
            "Design a fair measurement and report pilot results honestly enough to "
            "support a scale, adjust or stop decision.",
            "Plan a phased rollout from sandbox to a small real group to wider use, "
            "with exit criteria, a redesigned workflow and a tested rollback.",
            "Set up an operating model with named roles, decision forums, staged "
            "funding and clear escalation paths.",
        ],
        courses=[
            CurriculumCourseSpec("ai-governance-essentials", due_in_days=14),
            CurriculumCourseSpec("choosing-ai-use-cases", due_in_days=30),
            CurriculumCourseSpec("data-readiness-for-ai", due_in_days=45),
            CurriculumCourseSpec("measuring-ai-impact", due_in_days=45),
            CurriculumCourseSpec("phased-rollout", due_in_days=60),
            CurriculumCourseSpec("ai-operating-models", due_in_days=75),
            CurriculumCourseSpec("judging-ai-output", required=False, due_in_days=90),
            CurriculumCourseSpec("mlops-foundations", required=False, due_in_days=90),
        ],
    ),
    CurriculumSpec(
        role_slug="critical-business-user",
        slug="critical-business-user-track",
        title="Critical business user: using AI well at work",
        intro=(
            "For everyone at Northwind who uses AI tools in their daily work, from "
            "finance and operations to customer service, sales and HR. The track "
            "shows when AI is the right tool and when it is not, how to check its "
            "output before relying on it, and when to push back or escalate. It "
            "also covers how to keep personal and confidential data safe and why "
            "unapproved tools put the company at risk."
        ),
        outcomes=[
            "Decide whether AI is the right tool for a task, and recognise the "
            "tasks where it is not.",
            "Check AI output for fabricated facts, bias, leaked data and "
            "overconfident advice before relying on it.",
            "Push back on a wrong or harmful output and escalate it to the right "
            "person.",
            "Keep personal and confidential data out of prompts and tools that are "
            "not approved for it, and recognise shadow AI.",
            "Apply Northwind's AI policy: approved tools, permitted data and when "
            "to disclose AI use.",
        ],
        courses=[
            CurriculumCourseSpec("ai-governance-essentials", due_in_days=14),
            CurriculumCourseSpec("when-to-use-ai", due_in_days=30),
            CurriculumCourseSpec("judging-ai-output", due_in_days=45),
            CurriculumCourseSpec("safe-data-and-shadow-ai", due_in_days=45),
            CurriculumCourseSpec(
                "data-readiness-for-ai", required=False, due_in_days=60
            ),
        ],
    ),
]
