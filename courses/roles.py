"""The default role tracks, seeded by data migrations (0002; 0008 for people managers).

docs/architecture.md, "Seeded content".
"""

DEFAULT_ROLES = [
    {
        "slug": "production-engineer",
        "name": "Production engineer",
        "description": (
            "Runs AI in production: MLOps (model versioning, automated testing, drift "
            "monitoring, retraining), pipelines and data contracts, API integration, "
            "security and access controls, monitoring and incident response, cost and "
            "capacity."
        ),
    },
    {
        "slug": "ai-product-manager",
        "name": "AI product manager",
        "description": (
            "Turns pilots into products: use-case selection, workflow integration, "
            "measurement frameworks defined before deployment, phased rollout, "
            "operating models, governance and escalation paths."
        ),
    },
    {
        "slug": "critical-business-user",
        "name": "Critical business user",
        "description": (
            "Uses AI daily and judges it: when to use AI and when not, evaluating "
            "output critically (hallucination, bias, leakage), when to push back and "
            "escalate, data handling, shadow-AI risk and the company's AI policy."
        ),
    },
    {
        "slug": "people-manager",
        "name": "People manager",
        "description": (
            "Leads a team through AI adoption: choosing pilots, setting realistic "
            "targets, coaching people through changed work, and reading the team's "
            "readiness and completion figures."
        ),
    },
]
