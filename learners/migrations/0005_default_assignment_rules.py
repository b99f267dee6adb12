"""Seed assignment rules for the three default roles (docs/architecture.md,
"Seeded content").

Only on a database without rules, so admins' own rules are never touched. Rules
apply to people on the next roster import or rule change, not here.
"""

from django.db import migrations

# (name, match type, job-title pattern, role slug), tried in this order.
DEFAULT_RULES = [
    (
        "Engineers, data scientists and MLOps",
        "regex",
        r"engineer|scientist|mlops|machine learning|site reliability|\bsre\b|"
        r"architect|devops",
        "production-engineer",
    ),
    (
        "Product managers, product owners and business analysts",
        "regex",
        r"product (manager|owner)|business analyst",
        "ai-product-manager",
    ),
    ("Everyone else", "contains", "", "critical-business-user"),
]


def seed_rules(apps, schema_editor):
    AssignmentRule = apps.get_model("learners", "AssignmentRule")
    Role = apps.get_model("courses", "Role")
    if AssignmentRule.objects.exists():
        return
    roles = {role.slug: role for role in Role.objects.all()}
    for order, (name, match_type, pattern, slug) in enumerate(DEFAULT_RULES):
        if slug in roles:
            AssignmentRule.objects.create(
                name=name,
                match_type=match_type,
                job_title_pattern=pattern,
                role=roles[slug],
                sort_order=order,
                active=True,
            )


class Migration(migrations.Migration):
    dependencies = [
        ("learners", "0004_default_target"),
        ("courses", "0002_default_roles"),
    ]

    operations = [migrations.RunPython(seed_rules, migrations.RunPython.noop)]
