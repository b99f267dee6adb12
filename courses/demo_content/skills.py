"""The skills the demo academy teaches, each mapped onto the rollout blockers."""

from .schema import SkillSpec

DATA = "data-readiness"
GOVERNANCE = "governance"
SKILLS = "skills"
INFRA = "infrastructure"

SKILL_SPECS: list[SkillSpec] = [
    SkillSpec(
        "data-quality-assessment",
        "Data quality assessment",
        "Data",
        "Profiling a data set for completeness, accuracy, timeliness and bias before "
        "a model depends on it, and writing down what 'good enough' means.",
        {DATA: 1.0},
    ),
    SkillSpec(
        "data-pipelines-and-contracts",
        "Data pipelines and data contracts",
        "Data",
        "Building repeatable pipelines with explicit contracts between producers and "
        "consumers: schema, freshness, ownership and what happens when they break.",
        {DATA: 0.7, INFRA: 0.3},
    ),
    SkillSpec(
        "data-lineage-and-cataloguing",
        "Data lineage and cataloguing",
        "Data",
        "Knowing where training and inference data comes from, who owns it and which "
        "models depend on it.",
        {DATA: 0.6, GOVERNANCE: 0.4},
    ),
    SkillSpec(
        "dataset-and-feature-versioning",
        "Dataset and feature versioning",
        "Data",
        "Versioning data sets and features so every model can be traced to the exact "
        "data it was trained on and rebuilt.",
        {DATA: 0.6, INFRA: 0.4},
    ),
    SkillSpec(
        "personal-data-handling",
        "Personal and confidential data handling",
        "Data",
        "Recognising personal, confidential and regulated data and keeping it out of "
        "prompts, logs and training sets that are not approved for it.",
        {DATA: 0.5, GOVERNANCE: 0.5},
    ),
    SkillSpec(
        "ai-risk-assessment",
        "AI risk assessment",
        "Governance and risk",
        "Classifying an AI use case by impact, identifying harms and choosing "
        "controls proportionate to the risk.",
        {GOVERNANCE: 1.0},
    ),
    SkillSpec(
        "ai-policy-and-acceptable-use",
        "AI policy and acceptable use",
        "Governance and risk",
        "Applying the company's AI policy: approved tools, permitted data, disclosure "
        "and the uses that are not allowed.",
        {GOVERNANCE: 1.0},
    ),
    SkillSpec(
        "model-governance-and-approvals",
        "Model governance and approvals",
        "Governance and risk",
        "Taking a model through review gates: documentation, sign-off, model cards "
        "and the evidence an approver needs.",
        {GOVERNANCE: 0.8, INFRA: 0.2},
    ),
    SkillSpec(
        "escalation-and-incident-ownership",
        "Escalation and incident ownership",
        "Governance and risk",
        "Knowing when and how to stop, escalate or roll back an AI system, and who "
        "owns the decision.",
        {GOVERNANCE: 0.7, SKILLS: 0.3},
    ),
    SkillSpec(
        "bias-and-fairness-evaluation",
        "Bias and fairness evaluation",
        "Governance and risk",
        "Testing outputs across groups, spotting biased wording or outcomes and "
        "documenting what was checked.",
        {GOVERNANCE: 0.6, SKILLS: 0.4},
    ),
    SkillSpec(
        "shadow-ai-awareness",
        "Shadow AI awareness",
        "Governance and risk",
        "Recognising unapproved AI tools and data flows, the risks they carry and the "
        "sanctioned alternatives.",
        {GOVERNANCE: 0.6, DATA: 0.4},
    ),
    SkillSpec(
        "model-versioning-and-registry",
        "Model versioning and registry",
        "Engineering",
        "Registering models with their code, data and parameters so releases are "
        "reproducible and reversible.",
        {INFRA: 1.0},
    ),
    SkillSpec(
        "automated-model-testing",
        "Automated model testing",
        "Engineering",
        "Testing models like software: evaluation suites, regression thresholds and "
        "release gates in continuous integration.",
        {INFRA: 0.7, SKILLS: 0.3},
    ),
    SkillSpec(
        "drift-monitoring-and-retraining",
        "Drift monitoring and retraining",
        "Engineering",
        "Detecting data and concept drift in production and deciding when and how to "
        "retrain safely.",
        {INFRA: 0.6, DATA: 0.4},
    ),
    SkillSpec(
        "ai-api-integration",
        "AI API integration",
        "Engineering",
        "Integrating model APIs into business systems with timeouts, retries, "
        "fallbacks and versioned contracts.",
        {INFRA: 1.0},
    ),
    SkillSpec(
        "security-and-access-control",
        "AI security and access control",
        "Engineering",
        "Protecting models, prompts and data: least privilege, secrets, prompt "
        "injection defences and audit trails.",
        {INFRA: 0.6, GOVERNANCE: 0.4},
    ),
    SkillSpec(
        "monitoring-and-incident-response",
        "Monitoring and incident response",
        "Engineering",
        "Service-level objectives, alerting and runbooks for AI systems, and a calm, "
        "practised incident response.",
        {INFRA: 1.0},
    ),
    SkillSpec(
        "cost-and-capacity-management",
        "Cost and capacity management",
        "Engineering",
        "Forecasting and controlling inference and training cost, capacity and "
        "latency as usage grows.",
        {INFRA: 1.0},
    ),
    SkillSpec(
        "use-case-selection",
        "Use-case selection",
        "Product",
        "Choosing AI use cases by value, feasibility, data availability and risk, and "
        "saying no to the ones that will not reach production.",
        {SKILLS: 1.0},
    ),
    SkillSpec(
        "kpi-measurement-frameworks",
        "KPI measurement frameworks",
        "Product",
        "Defining operational KPIs such as cycle time, error rate, throughput and "
        "adoption, with a baseline, before deployment.",
        {SKILLS: 0.8, DATA: 0.2},
    ),
    SkillSpec(
        "phased-rollout-planning",
        "Phased rollout planning",
        "Product",
        "Moving from sandbox to a small real group to wider use, with exit criteria "
        "for each phase.",
        {SKILLS: 0.7, INFRA: 0.3},
    ),
    SkillSpec(
        "operating-model-design",
        "AI operating model design",
        "Product",
        "Choosing a centralised, decentralised or hybrid operating model and the "
        "roles, forums and funding that make it work.",
        {SKILLS: 0.6, GOVERNANCE: 0.4},
    ),
    SkillSpec(
        "workflow-integration",
        "Workflow integration",
        "Product",
        "Redesigning the work around an AI capability so people actually use it: "
        "hand-offs, review steps and change management.",
        {SKILLS: 1.0},
    ),
    SkillSpec(
        "critical-evaluation-of-ai-output",
        "Critical evaluation of AI output",
        "Everyday AI use",
        "Checking AI output for fabricated facts, bias, leaked data and overconfident "
        "advice before relying on it, and pushing back when it is wrong.",
        {SKILLS: 0.7, GOVERNANCE: 0.3},
    ),
    SkillSpec(
        "effective-prompting",
        "Effective prompting for work tasks",
        "Everyday AI use",
        "Writing clear, bounded prompts with context and constraints, and knowing "
        "when AI is the wrong tool for the task.",
        {SKILLS: 1.0},
    ),
]
