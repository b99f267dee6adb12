"""A believable demo organisation, generated from a seed.

Northwind Group: about 15 departments up to three levels deep, a chief executive,
department heads, team leads and staff, with job titles that imply the academy's
three default roles. The same seed and size always give the same organisation, and
loading it twice changes nothing (``people_upsert`` compares before it writes).
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts import api as accounts_api
from courses import api as courses_api

from .models import AssignmentRule, LearnerStatus, RuleMatch
from .services import PersonSpec, UpsertCounts, department_ensure_path, people_upsert

EMAIL_DOMAIN = "northwind.example"
# Development-only password of the persona accounts; documented in the README.
DEMO_PASSWORD = "northwind-demo-2026"  # noqa: S105

PE, PM, CBU = "production-engineer", "ai-product-manager", "critical-business-user"
PEOPLE_MANAGER = "people-manager"

# The demo's assignment rule for people managers, tried after the seeded rules for
# engineers and product people and before "Everyone else" (a head of engineering
# stays a production engineer; a head of claims manages people). Real
# installations write their own; the demo people's roles follow the same order.
PEOPLE_MANAGERS_RULE = "People managers: heads, managers and team leads"
PEOPLE_MANAGERS_PATTERN = r"\bhead of\b|\bmanager\b|\bteam lead\b"
_EARLIER_RULES = re.compile(
    r"engineer|scientist|mlops|machine learning|site reliability|\bsre\b|"
    r"architect|devops|product (manager|owner)|business analyst",
    re.IGNORECASE,
)
_PEOPLE_MANAGERS = re.compile(PEOPLE_MANAGERS_PATTERN, re.IGNORECASE)


@dataclass(frozen=True)
class DepartmentPlan:
    path: tuple[str, ...]
    weight: int  # share of staff
    staff_titles: tuple[tuple[str, str | None], ...]  # (job title, role slug)
    head_title: str


DEPARTMENTS: tuple[DepartmentPlan, ...] = (
    DepartmentPlan(
        ("Executive Office",), 1, (("Executive Assistant", CBU),), "Chief Executive"
    ),
    DepartmentPlan(
        ("Technology",), 1, (("Solutions Architect", PE),), "Chief Technology Officer"
    ),
    DepartmentPlan(
        ("Technology", "Platform Engineering"),
        6,
        (
            ("Platform Engineer", PE),
            ("Site Reliability Engineer", PE),
            ("MLOps Engineer", PE),
        ),
        "Head of Platform Engineering",
    ),
    DepartmentPlan(
        ("Technology", "Data and Analytics"),
        3,
        (("Data Analyst", CBU), ("Analytics Engineer", PE)),
        "Head of Data and Analytics",
    ),
    DepartmentPlan(
        ("Technology", "Data and Analytics", "Data Engineering"),
        4,
        (("Data Engineer", PE), ("Senior Data Engineer", PE)),
        "Data Engineering Lead",
    ),
    DepartmentPlan(
        ("Technology", "Data and Analytics", "Data Science"),
        4,
        (("Data Scientist", PE), ("Machine Learning Engineer", PE)),
        "Data Science Lead",
    ),
    DepartmentPlan(
        ("Technology", "Digital Products"),
        5,
        (
            ("Product Manager", PM),
            ("AI Product Manager", PM),
            ("Product Owner", PM),
            ("Business Analyst", PM),
            ("UX Researcher", CBU),
        ),
        "Head of Digital Products",
    ),
    DepartmentPlan(
        ("Technology", "Information Security"),
        3,
        (("Security Engineer", PE), ("Security Analyst", CBU)),
        "Chief Information Security Officer",
    ),
    DepartmentPlan(
        ("Operations",), 1, (("Operations Analyst", CBU),), "Chief Operating Officer"
    ),
    DepartmentPlan(
        ("Operations", "Claims"),
        3,
        (("Claims Quality Analyst", CBU),),
        "Head of Claims",
    ),
    DepartmentPlan(
        ("Operations", "Claims", "Claims Intake"),
        9,
        (("Claims Handler", CBU), ("Senior Claims Handler", CBU)),
        "Claims Intake Manager",
    ),
    DepartmentPlan(
        ("Operations", "Claims", "Claims Settlement"),
        7,
        (("Claims Settlement Specialist", CBU), ("Loss Adjuster", CBU)),
        "Claims Settlement Manager",
    ),
    DepartmentPlan(
        ("Operations", "Supply Chain"),
        5,
        (("Supply Chain Planner", CBU), ("Procurement Specialist", CBU)),
        "Head of Supply Chain",
    ),
    DepartmentPlan(
        ("Customer Service",),
        3,
        (("Customer Experience Analyst", CBU),),
        "Director of Customer Service",
    ),
    DepartmentPlan(
        ("Customer Service", "Contact Centre"),
        10,
        (("Customer Service Advisor", CBU), ("Senior Customer Service Advisor", CBU)),
        "Contact Centre Manager",
    ),
    DepartmentPlan(
        ("Finance",),
        6,
        (
            ("Financial Analyst", CBU),
            ("Management Accountant", CBU),
            ("Accounts Payable Specialist", CBU),
        ),
        "Chief Financial Officer",
    ),
    DepartmentPlan(
        ("Sales and Marketing",),
        6,
        (
            ("Account Executive", CBU),
            ("Marketing Manager", CBU),
            ("Commercial Product Manager", PM),
        ),
        "Chief Commercial Officer",
    ),
    DepartmentPlan(
        ("People",),
        3,
        (("HR Business Partner", CBU), ("People Operations Advisor", CBU)),
        "Chief People Officer",
    ),
    DepartmentPlan(
        ("People", "Learning and Development"),
        2,
        (("Learning Designer", CBU),),
        "Head of Learning and Development",
    ),
    DepartmentPlan(
        ("Legal and Compliance",),
        3,
        (
            ("Compliance Analyst", CBU),
            ("Paralegal", CBU),
            ("Data Protection Officer", CBU),
        ),
        "General Counsel",
    ),
)


@dataclass(frozen=True)
class PersonaAccount:
    persona: str
    employee_id: str
    first_name: str
    last_name: str
    department: tuple[str, ...]
    job_title: str
    role: str | None
    groups: tuple[str, ...]
    # Whose place in the org chart this persona takes (head of this department) or,
    # for plain learners, the department head they report to.
    is_head: bool


PERSONAS: tuple[PersonaAccount, ...] = (
    PersonaAccount(
        "Learner",
        "NW90001",
        "Priya",
        "Raman",
        ("Operations", "Claims", "Claims Intake"),
        "Claims Handler",
        CBU,
        (),
        False,
    ),
    PersonaAccount(
        "Manager",
        "NW90002",
        "Tomás",
        "Álvarez",
        ("Operations", "Claims"),
        "Head of Claims",
        CBU,
        (),
        True,
    ),
    PersonaAccount(
        "L&D editor",
        "NW90003",
        "Grace",
        "Whitfield",
        ("People", "Learning and Development"),
        "Senior Learning Designer",
        CBU,
        (accounts_api.LD_EDITORS,),
        False,
    ),
    PersonaAccount(
        "L&D reviewer",
        "NW90004",
        "Kwame",
        "Mensah",
        ("People", "Learning and Development"),
        "Head of Learning and Development",
        CBU,
        (accounts_api.LD_REVIEWERS,),
        True,
    ),
    PersonaAccount(
        "Academy admin",
        "NW90005",
        "Sofia",
        "Lindqvist",
        ("People",),
        "People Systems Manager",
        CBU,
        (accounts_api.ACADEMY_ADMINS,),
        False,
    ),
    PersonaAccount(
        "Leadership",
        "NW90006",
        "Daniel",
        "Okafor",
        ("Operations",),
        "Chief Operating Officer",
        None,
        (accounts_api.LEADERSHIP,),
        True,
    ),
)


FIRST_NAMES = (
    "Aisha",
    "Ben",
    "Carmen",
    "Dmitri",
    "Elif",
    "Femi",
    "Grace",
    "Hiro",
    "Isla",
    "Jonas",
    "Kavya",
    "Liam",
    "Mei",
    "Nadia",
    "Oscar",
    "Paolo",
    "Qing",
    "Rosa",
    "Samir",
    "Tara",
    "Uma",
    "Victor",
    "Wen",
    "Xavier",
    "Yara",
    "Zoe",
    "Amara",
    "Bilal",
    "Chloe",
    "Diego",
    "Eva",
    "Farah",
    "Gareth",
    "Hannah",
    "Ibrahim",
    "Julia",
    "Kofi",
    "Lucia",
    "Mateo",
    "Niamh",
    "Omar",
    "Priyanka",
    "Rhys",
    "Sanne",
    "Tomasz",
    "Ulla",
    "Vikram",
    "Wiktoria",
    "Yusuf",
    "Zainab",
    "Anders",
    "Bronwen",
    "Chidi",
    "Dalia",
    "Emeka",
    "Freya",
    "Gabriel",
    "Harriet",
    "Ines",
    "Jamal",
    "Katarzyna",
    "Leon",
    "Maryam",
    "Nikolai",
    "Olivia",
    "Rahul",
)
LAST_NAMES = (
    "Adeyemi",
    "Bergström",
    "Chen",
    "Dubois",
    "Evans",
    "Fernández",
    "Gupta",
    "Hughes",
    "Ivanova",
    "Jensen",
    "Kowalski",
    "Lopez",
    "Murphy",
    "Nakamura",
    "O'Brien",
    "Patel",
    "Quinn",
    "Rossi",
    "Schmidt",
    "Tanaka",
    "Usman",
    "Van Dijk",
    "Williams",
    "Xu",
    "Yilmaz",
    "Zielinski",
    "Ahmed",
    "Brennan",
    "Costa",
    "Das",
    "Eriksen",
    "Fischer",
    "Green",
    "Haddad",
    "Iqbal",
    "Jones",
    "Khan",
    "Lewis",
    "Mensah",
    "Novak",
    "Owusu",
    "Popescu",
    "Reyes",
    "Singh",
    "Thompson",
    "Walsh",
    "Young",
    "Mahmoud",
    "Kaur",
    "Byrne",
)
LOCATIONS = ("London", "Manchester", "Leeds", "Glasgow", "Cardiff", "Remote")


@dataclass(frozen=True)
class DemoOrgResult:
    departments: int
    people: UpsertCounts
    personas: list[tuple[str, str]]  # (persona, email)


def _email(first: str, last: str, taken: set[str]) -> str:
    base = "".join(
        ch
        for ch in f"{first}.{last}".lower().replace(" ", "")
        if ch.isalnum() or ch == "."
    )
    base = base.encode("ascii", "ignore").decode() or "person"
    email, n = f"{base}@{EMAIL_DOMAIN}", 2
    while email in taken:
        email, n = f"{base}{n}@{EMAIL_DOMAIN}", n + 1
    taken.add(email)
    return email


def _ascii_email(first: str, last: str) -> str:
    # Persona emails are typed by people: keep them plain ASCII.
    translit = str.maketrans("áéíóúÁÉÍÓÚñÑ", "aeiouAEIOUnN")
    local = f"{first}.{last}".translate(translit).lower().replace(" ", "")
    return f"{local}@{EMAIL_DOMAIN}"


class _PeopleBuilder:
    """Makes the PersonSpecs of one plan: ids, unique emails, tenures, locations.

    Every random draw goes through ``rng`` in a fixed order, so the same seed
    always gives the same organisation.
    """

    TODAY = date(2026, 1, 1)

    def __init__(
        self,
        *,
        rng: random.Random,
        role_ids: dict[str, int],
        department_ids: dict[tuple[str, ...], int],
    ) -> None:
        self.rng = rng
        self.role_ids = role_ids
        self.department_ids = department_ids
        self.taken = {_ascii_email(p.first_name, p.last_name) for p in PERSONAS}
        self._seq = iter(range(1, 10**6))

    def new_id(self) -> str:
        return (
            f"NW{next(self._seq):05d}"  # leading zeros: ids are strings, never numbers
        )

    def random_name(self) -> tuple[str, str]:
        return self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)

    def person(
        self,
        emp_id: str,
        first: str,
        last: str,
        path: tuple[str, ...],
        manager: str | None,
        title: str,
        role: str | None,
        *,
        email: str | None = None,
        status: str = LearnerStatus.ACTIVE,
        tenure_days: int | None = None,
    ) -> PersonSpec:
        hire = self.TODAY - timedelta(
            days=tenure_days if tenure_days is not None else self.rng.randint(60, 4000)
        )
        return PersonSpec(
            employee_id=emp_id,
            email=email or _email(first, last, self.taken),
            first_name=first,
            last_name=last,
            department_id=self.department_ids[path],
            manager_employee_id=manager,
            job_title=title,
            role_id=self.role_ids.get(role) if role else None,
            status=status,
            hire_date=hire,
            location=self.rng.choice(LOCATIONS),
        )

    def persona(
        self,
        persona: PersonaAccount,
        *,
        manager: str | None,
        tenure_days: int,
    ) -> PersonSpec:
        return self.person(
            persona.employee_id,
            persona.first_name,
            persona.last_name,
            persona.department,
            manager,
            persona.job_title,
            persona.role,
            email=_ascii_email(persona.first_name, persona.last_name),
            tenure_days=tenure_days,
        )


def _role_by_title(title: str, role: str | None) -> str | None:
    """The role the demo's rules give ``title``: people managers are the heads,
    managers and team leads whom no earlier rule gives a role."""
    if _PEOPLE_MANAGERS.search(title) and not _EARLIER_RULES.search(title):
        return PEOPLE_MANAGER
    return role


def _parent_head(
    path: tuple[str, ...], head_of: dict[tuple[str, ...], str]
) -> str | None:
    """Whom the head of ``path`` reports to: the chief executive runs the
    Executive Office and reports to nobody; top-level heads report to the chief
    executive; the others to the head of the parent department."""
    if path == ("Executive Office",):
        return None
    if len(path) == 1:
        return head_of[("Executive Office",)]
    return head_of.get(path[:-1])


def _department_heads(
    builder: _PeopleBuilder,
) -> tuple[list[PersonSpec], dict[tuple[str, ...], str]]:
    """Each department's head, top-down, and the head's employee id by path.

    A persona who heads a department takes that place in the org chart.
    """
    persona_heads = {p.department: p for p in PERSONAS if p.is_head}
    heads: list[PersonSpec] = []
    head_of: dict[tuple[str, ...], str] = {}
    for plan in sorted(DEPARTMENTS, key=lambda d: len(d.path)):
        parent_head = _parent_head(plan.path, head_of)
        persona = persona_heads.get(plan.path)
        if persona is not None:
            spec = builder.persona(persona, manager=parent_head, tenure_days=2200)
        else:
            first, last = builder.random_name()
            spec = builder.person(
                builder.new_id(),
                first,
                last,
                plan.path,
                parent_head,
                plan.head_title,
                _role_by_title(plan.head_title, None),
            )
        head_of[plan.path] = spec.employee_id
        heads.append(spec)
    return heads, head_of


def _staff_counts(staff: int) -> list[int]:
    """``staff`` people shared among the departments by weight, the remainder
    one each from the first department on."""
    total_weight = sum(d.weight for d in DEPARTMENTS)
    counts = [staff * d.weight // total_weight for d in DEPARTMENTS]
    for i in range(staff - sum(counts)):
        counts[i % len(counts)] += 1
    return counts


def _staff_status(rng: random.Random) -> str:
    """About 3% have left and 4% are on leave; everyone else is active."""
    roll = rng.random()
    if roll < 0.03:
        return LearnerStatus.LEFT
    if roll < 0.07:
        return LearnerStatus.ON_LEAVE
    return LearnerStatus.ACTIVE


def _department_staff(
    builder: _PeopleBuilder, *, plan: DepartmentPlan, count: int, head: str
) -> list[PersonSpec]:
    """``count`` staff of one department under its ``head``.

    In a department of more than four, every eighth person leads a team that the
    next seven report to; the others report to the head.
    """
    rng = builder.rng
    staff: list[PersonSpec] = []
    lead_id = None
    for i in range(count):
        first, last = builder.random_name()
        title, role = rng.choice(plan.staff_titles)
        if i % 8 == 0 and count > 4:
            spec = builder.person(
                builder.new_id(),
                first,
                last,
                plan.path,
                head,
                f"Team Lead, {title}",
                _role_by_title(f"Team Lead, {title}", role),
            )
            lead_id = spec.employee_id
        else:
            status = _staff_status(rng)
            spec = builder.person(
                builder.new_id(),
                first,
                last,
                plan.path,
                lead_id or head,
                title,
                _role_by_title(title, role) if rng.random() > 0.05 else None,
                status=status,
            )
        staff.append(spec)
    return staff


def plan_people(
    *,
    learners: int,
    seed: int,
    role_ids: dict[str, int],
    department_ids: dict[tuple[str, ...], int],
) -> list[PersonSpec]:
    """The whole organisation as PersonSpecs; deterministic for (learners, seed).

    Heads first, top-down, so each reports to the head of the parent department;
    then the personas who are not heads; then staff up to ``learners`` people.
    """
    builder = _PeopleBuilder(
        rng=random.Random(seed),  # noqa: S311 - demo data, not security
        role_ids=role_ids,
        department_ids=department_ids,
    )
    people, head_of = _department_heads(builder)
    for persona in PERSONAS:
        if not persona.is_head:
            people.append(
                builder.persona(
                    persona, manager=head_of[persona.department], tenure_days=900
                )
            )
    counts = _staff_counts(max(learners - len(people), 0))
    for plan, count in zip(DEPARTMENTS, counts, strict=True):
        people += _department_staff(
            builder, plan=plan, count=count, head=head_of[plan.path]
        )
    return people


@transaction.atomic
def demo_org_load(*, learners: int = 300, seed: int = 2026) -> DemoOrgResult:
    """Build (or confirm) the demo organisation and the persona accounts."""
    role_ids = {r.slug: r.pk for r in courses_api.role_list()}
    department_ids = {
        plan.path: department_ensure_path(path=plan.path).pk for plan in DEPARTMENTS
    }
    people = plan_people(
        learners=learners, seed=seed, role_ids=role_ids, department_ids=department_ids
    )
    counts = people_upsert(people=people)
    _people_managers_rule_ensure(role_ids)
    accounts = _persona_accounts_ensure()
    return DemoOrgResult(
        departments=len(department_ids), people=counts, personas=accounts
    )


def _people_managers_rule_ensure(role_ids: dict[str, int]) -> None:
    """Add the demo's people-manager rule once, just before "Everyone else"."""
    if PEOPLE_MANAGER not in role_ids:
        return
    if AssignmentRule.objects.filter(name=PEOPLE_MANAGERS_RULE).exists():
        return
    catch_all = (
        AssignmentRule.objects.filter(name="Everyone else")
        .order_by("sort_order")
        .first()
    )
    if catch_all is None:
        last = AssignmentRule.objects.order_by("-sort_order").first()
        order = last.sort_order + 1 if last else 0
    else:
        order = catch_all.sort_order
        AssignmentRule.objects.filter(sort_order__gte=order).update(
            sort_order=F("sort_order") + 1
        )
    AssignmentRule.objects.create(
        name=PEOPLE_MANAGERS_RULE,
        match_type=RuleMatch.REGEX,
        job_title_pattern=PEOPLE_MANAGERS_PATTERN,
        role_id=role_ids[PEOPLE_MANAGER],
        sort_order=order,
        active=True,
    )


def _persona_accounts_ensure() -> list[tuple[str, str]]:
    User = get_user_model()
    result = []
    groups = {g.name: g for g in Group.objects.filter(name__in=accounts_api.ALL_GROUPS)}
    for persona in PERSONAS:
        email = _ascii_email(persona.first_name, persona.last_name)
        user = User.objects.get(email=email)
        if not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        wanted = [groups[name] for name in persona.groups]
        if wanted:
            user.groups.add(*wanted)
        result.append((persona.persona, email))
    return result


def demo_load_users_ensure(*, count: int) -> list[str]:
    """Let the first ``count`` active learners sign in, for load tests.

    They get the demo password and a verified primary email address, as people do
    after their first sign-in. The password is hashed once and shared (hashing it
    per person would take minutes at this size); only accounts without a usable
    password are touched, so running it again changes nothing. Returns their emails
    in employee-id order.
    """
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX, make_password

    from .models import ACTIVE_STATUSES, Learner

    if count <= 0:
        return []
    persona_ids = {p.employee_id for p in PERSONAS}
    rows = list(
        Learner.objects.filter(status__in=ACTIVE_STATUSES)
        .exclude(employee_id__in=persona_ids)
        .order_by("employee_id")
        .values_list("user_id", "user__email")[:count]
    )
    user_ids = [user_id for user_id, _ in rows]
    User = get_user_model()
    User.objects.filter(
        pk__in=user_ids, password__startswith=UNUSABLE_PASSWORD_PREFIX
    ).update(password=make_password(DEMO_PASSWORD))
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(user_id=user_id, email=email, verified=True, primary=True)
            for user_id, email in rows
        ],
        ignore_conflicts=True,
        batch_size=2000,
    )
    return [email for _, email in rows]


# --- Demo progress -------------------------------------------------------------------


@dataclass(frozen=True)
class DemoProgressResult:
    enrolled_curricula: int
    enrolled_courses: int
    completions: int


#: How many tries a simulated learner takes at most before answering everything
#: right (an assessment stops earlier, at its attempt limit).
SIMULATED_TRIES = 4


def _ability(seed: int, learner) -> float:
    """A demo learner's ability on the logit scale (most are fairly able)."""
    rng = random.Random(f"{seed}:ability:{learner.employee_id}")  # noqa: S311 - demo
    return rng.gauss(0.8, 1.0)


def _difficulty(seed: int, key: str) -> float:
    """A bank question's difficulty on the same scale: spread wide, so a few are
    much easier or harder than the rest. One per question, whatever its version."""
    return random.Random(f"{seed}:difficulty:{key}").gauss(0.0, 2.0)  # noqa: S311


def _attractiveness(seed: int, key: str, option_id: str) -> float:
    """How tempting a wrong option is; about one in five is tempting to nobody."""
    rng = random.Random(f"{seed}:distractor:{key}:{option_id}")  # noqa: S311 - demo
    return 0.0 if rng.random() < 0.2 else rng.random() + 0.1


def _wrong_answer(question, rng: random.Random, seed: int) -> list[str]:
    """A plausible wrong answer: the option ids a learner who misses it picks."""
    right = list(question.correct_option_ids)
    if question.kind == courses_api.QuestionKind.ORDERING:
        wrong = right[:]
        at = rng.randrange(len(wrong) - 1)
        wrong[at], wrong[at + 1] = wrong[at + 1], wrong[at]
        return wrong
    distractors = [o for o in question.answer_option_ids if o not in right]
    if not distractors:
        return right[:-1] or right
    weights = [_attractiveness(seed, question.key, o) for o in distractors]
    if not any(weights):
        weights = [1.0] * len(distractors)
    pick = rng.choices(distractors, weights=weights)[0]
    one_answer = question.kind in (
        courses_api.QuestionKind.SINGLE,
        courses_api.QuestionKind.TRUE_FALSE,
    )
    if one_answer or pick == courses_api.ACCEPTABLE_ID:
        return [pick]
    if courses_api.ACCEPTABLE_ID in right:
        return [pick]
    return [*right, pick]


def _try_seed(learner, lesson, number: int) -> int:
    """The seed a simulated try draws and shuffles with, the same both ways.

    Keyed by the lesson's URL, never its id: page ids depend on what the
    database held before, and the demo must answer the same whatever they are.
    """
    return random.Random(  # noqa: S311 - demo data
        f"{learner.employee_id}:{lesson.url}:{number}"
    ).randrange(courses_api.SEED_MAX)


def _tries(check) -> int:
    if check.is_assessment:
        return max(1, min(SIMULATED_TRIES, check.max_attempts))
    return SIMULATED_TRIES


def _simulated_try(
    questions, *, learner, lesson_key: str, number: int, last: bool, seed: int
):
    """Answers and seconds per question for one try, from a one-parameter
    logistic (Rasch) model: P(right) = 1 / (1 + exp(difficulty - ability)).

    Each question draws from a generator of its own (learner, lesson, try and
    question), so the result does not depend on the order shown; the last
    allowed try is answered right, as the person did complete the lesson.
    """
    ability = _ability(seed, learner)
    answers, seconds = {}, {}
    for question in questions:
        key = question.key or question.id
        rng = random.Random(  # noqa: S311 - demo data
            f"{seed}:answer:{learner.employee_id}:{lesson_key}:{number}:{key}"
        )
        difficulty = _difficulty(seed, key)
        p_right = 1 / (1 + math.exp(difficulty - ability))
        if last or rng.random() < p_right:
            answers[question.id] = list(question.correct_option_ids)
        else:
            answers[question.id] = _wrong_answer(question, rng, seed)
        typical = 20 + 6 * max(difficulty, 0.0)
        seconds[question.id] = round(rng.lognormvariate(math.log(typical), 0.4), 1)
    return answers, seconds


def _check_passed(learner, lesson, *, seed: int) -> None:
    """Take the lesson's check as a learner of the demo's ability would: answers
    drawn from the Rasch model, tried again until passed (waiting out an
    assessment's cooldown, its times moved back), the last allowed try right."""
    from .models import QuizAttempt
    from .services.progress import attempt_start, attempt_submit

    check = lesson.check
    tries = _tries(check)
    for number in range(1, tries + 1):
        attempt = attempt_start(learner=learner, lesson_id=lesson.id)
        # The demo fixes the draw from a known seed (the bulk writer uses the
        # same), so both ways leave the same history.
        seed_of_try = _try_seed(learner, lesson, number)
        versions = courses_api.check_draw(check=check, seed=seed_of_try)
        questions = courses_api.questions_by_version(versions)
        answers, seconds = _simulated_try(
            [questions[v] for v in versions],
            learner=learner,
            lesson_key=lesson.url,
            number=number,
            last=number == tries,
            seed=seed,
        )
        # The attempt began as long ago as its questions took.
        started = timezone.now() - timedelta(seconds=sum(seconds.values()) + 5)
        QuizAttempt.objects.filter(pk=attempt.pk).update(
            started_at=started, seed=seed_of_try, question_versions=versions
        )
        done, _event = attempt_submit(
            learner=learner,
            attempt_id=attempt.pk,
            answers=answers,
            timing={f"t-{key}": str(value) for key, value in seconds.items()},
        )
        if done.passed:
            return
        if check.cooldown_minutes:
            waited = timedelta(minutes=check.cooldown_minutes + 1)
            QuizAttempt.objects.filter(pk=done.pk).update(
                started_at=F("started_at") - waited,
                submitted_at=F("submitted_at") - waited,
            )


#: The organisation-wide target the migrations seed (learners 0004).
SEEDED_TARGET_NAME = "Half of the organisation through its role curriculum"


#: From this many people on, the history is written in bulk (see
#: ``_progress_write_bulk``); smaller demos play it back through the services.
BULK_PROGRESS_FROM = 500
#: ``bulk_update`` writes one ``CASE WHEN id = …`` per field and row, which the
#: database evaluates for every row of the batch: small batches keep it linear.
UPDATE_BATCH = 250


def demo_progress_load(
    *, seed: int = 2026, weeks: int = 16, bulk: bool | None = None
) -> DemoProgressResult:
    """Enrol everyone by role and play back a believable history of completions.

    About half of the people finish one or more of their required courses, and the
    completion dates are then spread deterministically over the last ``weeks``
    weeks so targets have a pace to forecast from. People who already have
    progress are left alone, so running it again changes nothing. The persona
    accounts start fresh, to be explored by hand.

    A small demo goes through the same services a learner's clicks use. From
    ``BULK_PROGRESS_FROM`` people on (or with ``bulk=True``) the same rows are
    written set-based: one service call per lesson event would take an hour for
    20,000 people.
    """
    from django.utils import timezone

    from .models import (
        ACTIVE_STATUSES,
        CourseEnrolment,
        Learner,
        LessonProgress,
        Target,
    )
    from .services.enrolment import enrolments_sync_for_learners

    learner_ids = list(
        Learner.objects.filter(status__in=ACTIVE_STATUSES).values_list("id", flat=True)
    )
    sync = enrolments_sync_for_learners(learner_ids=learner_ids)
    persona_ids = {p.employee_id for p in PERSONAS}
    touched = set(
        LessonProgress.objects.values_list("learner_id", flat=True).distinct()
    )
    candidates = (
        Learner.objects.filter(id__in=learner_ids)
        .exclude(employee_id__in=persona_ids)
        .exclude(id__in=touched)
        .order_by("employee_id")
    )
    enrolments: dict[int, list[int]] = {}
    for learner_id, course_id in (
        CourseEnrolment.objects.filter(learner__in=candidates)
        .order_by("due_date", "course_id")
        .values_list("learner_id", "course_id")
    ):
        enrolments.setdefault(learner_id, []).append(course_id)
    outlines = courses_api.course_outlines(
        {c for courses in enrolments.values() for c in courses}
    )
    # Who finishes which courses: one seeded draw per person, in either mode.
    finishing: list[tuple[Learner, list[int]]] = []
    for learner in candidates.select_related("user"):
        rng = random.Random(f"{seed}:{learner.employee_id}")  # noqa: S311 - demo data
        courses = enrolments.get(learner.pk, [])
        finished = rng.choices([0, 1, 2, len(courses)], weights=[45, 20, 15, 20])[0]
        chosen = [c for c in courses[:finished] if c in outlines]
        if chosen:
            finishing.append((learner, chosen))
    completions = sum(len(courses) for _, courses in finishing)
    lesson_ids = {
        item.id
        for course_id in {c for _, courses in finishing for c in courses}
        for item in outlines[course_id].lessons
        if item.required
    }
    lessons = {
        lesson_id: courses_api.lesson_context(lesson_id) for lesson_id in lesson_ids
    }
    if bulk is None:
        bulk = len(finishing) >= BULK_PROGRESS_FROM
    if bulk:
        _progress_write_bulk(finishing, outlines=outlines, lessons=lessons, seed=seed)
    else:
        _progress_play_back(finishing, outlines=outlines, lessons=lessons, seed=seed)
    # Spread the completions over past weeks (deterministic per person and course).
    now = timezone.now()
    backdated = []
    for enrolment in CourseEnrolment.objects.filter(
        learner__in=candidates, status="completed"
    ).only("id", "learner_id", "course_id"):
        rng = random.Random(f"{seed}:{enrolment.learner_id}:{enrolment.course_id}")  # noqa: S311
        when = now - timedelta(days=rng.uniform(1, weeks * 7))
        enrolment.completed_at = when
        enrolment.started_at = when - timedelta(days=rng.uniform(1, 14))
        enrolment.last_activity_at = when
        backdated.append(enrolment)
    CourseEnrolment.objects.bulk_update(
        backdated,
        ["completed_at", "started_at", "last_activity_at"],
        batch_size=UPDATE_BATCH,
    )
    _certificates_backdate(backdated, outlines=outlines, seed=seed)
    # What the daily task would have done by now: expired certificates have their
    # renewals open (idempotent, like the task).
    from .services.expiry import certificate_expiry_renewals_open

    certificate_expiry_renewals_open()
    # The seeded organisation-wide target starts on the day the academy was
    # installed; in the demo it starts with the history, so its burn-up has a past.
    history_start = timezone.localdate() - timedelta(weeks=weeks)
    Target.objects.filter(name=SEEDED_TARGET_NAME, start_date__gt=history_start).update(
        start_date=history_start
    )
    return DemoProgressResult(
        sync.curriculum_enrolments_created, sync.course_enrolments_created, completions
    )


def _progress_play_back(finishing, *, outlines, lessons, seed: int) -> None:
    """Each person completes each required lesson through the services: confirms
    its policy, passes its knowledge check (after failed tries, as their
    simulated ability gives) or marks it complete."""
    from .services.progress import lesson_mark_complete, policy_confirm

    for learner, course_ids in finishing:
        for course_id in course_ids:
            for item in outlines[course_id].lessons:
                if not item.required:
                    continue
                lesson = lessons[item.id]
                if lesson.attestation is not None:
                    policy_confirm(
                        learner=learner,
                        lesson_id=lesson.id,
                        version=lesson.attestation.version,
                    )
                if lesson.has_knowledge_check:
                    _check_passed(learner, lesson, seed=seed)
                elif lesson.attestation is None:
                    lesson_mark_complete(learner=learner, lesson_id=lesson.id)


_ENROLMENT_FIELDS = [
    "status",
    "progress",
    "started_at",
    "completed_at",
    "completion_reason",
    "last_activity_at",
]


#: Share of certificates with a validity period that the demo dates a cycle back,
#: so they expire (or have just expired) around the day the demo is loaded.
EXPIRING_SHARE = 0.2


def _certificates_backdate(enrolments, *, outlines, seed: int) -> None:
    """Date each course certificate like its (backdated) completion.

    Of the courses with a validity period (the governance course: 12 months),
    about one certificate in five was earned a cycle ago: it expires between two
    weeks ago and six weeks from now, so the demo shows expired certificates
    (with their renewals open), renewals due and the 30- and 7-day reminders.
    Their completions move back with them.
    """
    from django.utils import timezone

    from .models import Certificate, CertificateKind, CourseEnrolment
    from .services.certificates import certificate_expiry

    today = timezone.localdate()
    valid_for = {
        course_id: outline.validity_months
        for course_id, outline in outlines.items()
        if outline.validity_months
    }
    if not valid_for:
        return
    completions = {
        (e.learner_id, e.course_id): e for e in enrolments if e.course_id in valid_for
    }
    certificates = list(
        Certificate.objects.filter(
            kind=CertificateKind.COURSE,
            course_id__in=valid_for,
            learner_id__in={learner_id for learner_id, _ in completions},
        ).only("id", "learner_id", "course_id", "issued_on", "expires_on")
    )
    moved = []
    for certificate in certificates:
        enrolment = completions.get((certificate.learner_id, certificate.course_id))
        if enrolment is None:
            continue
        months = valid_for[certificate.course_id]
        rng = random.Random(  # noqa: S311 - demo data
            f"{seed}:cycle:{certificate.learner_id}:{certificate.course_id}"
        )
        issued = timezone.localdate(enrolment.completed_at)
        if rng.random() < EXPIRING_SHARE:
            expires = today + timedelta(days=rng.randint(-14, 42))
            issued = expires - relativedelta(months=months)
            when = enrolment.completed_at - timedelta(
                days=(timezone.localdate(enrolment.completed_at) - issued).days
            )
            enrolment.completed_at = enrolment.last_activity_at = when
            enrolment.started_at = when - timedelta(days=3)
            moved.append(enrolment)
        certificate.issued_on = issued
        certificate.expires_on = certificate_expiry(
            issued_on=issued, validity_months=months
        )
    Certificate.objects.bulk_update(
        certificates, ["issued_on", "expires_on"], batch_size=UPDATE_BATCH
    )
    CourseEnrolment.objects.bulk_update(
        moved,
        ["completed_at", "started_at", "last_activity_at"],
        batch_size=UPDATE_BATCH,
    )


@transaction.atomic
def _progress_write_bulk(finishing, *, outlines, lessons, seed: int) -> None:
    """The rows ``_progress_play_back`` would leave, written set-based.

    Lesson progress, passed knowledge-check attempts, course enrolments completed
    (or counted) with the services' reasons, curriculum enrolments advanced and
    completed, certificates and audit events: a few bulk statements per table
    whatever the number of people. ``tests/test_demo_data.py`` checks both ways
    leave the same history.
    """
    from .models import AuditEvent, Certificate

    history = _BulkHistory(finishing, outlines=outlines, lessons=lessons, seed=seed)
    history.lessons_complete()
    history.courses_complete()
    history.curricula_advance()
    Certificate.objects.bulk_create(
        history.certificates, ignore_conflicts=True, batch_size=2000
    )
    AuditEvent.objects.bulk_create(history.events, batch_size=2000)


class _BulkHistory:
    def __init__(self, finishing, *, outlines, lessons, seed: int) -> None:
        from django.utils import timezone

        self.finishing, self.outlines, self.lessons = finishing, outlines, lessons
        self.seed = seed
        # Each check's draw by seed, its candidates read once (not per try).
        self.drawers: dict[int, Callable[[int], list[int]]] = {}
        self.people = {learner.pk: learner for learner, _ in finishing}
        self.now = timezone.now()
        self.today = timezone.localdate(self.now)
        self.done: dict[tuple[int, int], int] = {}  # (learner, course) -> lessons
        # (learner, lesson) -> score of the passed attempt
        self.best: dict[tuple[int, int], float] = {}
        self.completed: dict[int, list[int]] = {}  # learner -> courses completed
        self.certificates: list = []
        self.events: list = []
        self.seconds: dict[int, dict[str, float]] = {}  # id(attempt) -> seconds

    def lessons_complete(self) -> None:
        """Every required lesson of each finished course: policies confirmed, checks
        passed at the first attempt with every answer right."""
        from .models import (
            AttemptStatus,
            LessonProgress,
            PolicyConfirmation,
            QuizAttempt,
            QuizResponse,
        )

        progress_rows, attempt_rows, confirmations = [], [], []
        questions: dict[int, object] = {}
        now = self.now
        for learner, course_ids in self.finishing:
            for course_id in course_ids:
                required = [i for i in self.outlines[course_id].lessons if i.required]
                self.done[learner.pk, course_id] = len(required)
                for item in required:
                    lesson = self.lessons[item.id]
                    progress_rows.append(
                        LessonProgress(
                            learner_id=learner.pk,
                            lesson_id=lesson.id,
                            course_id=lesson.course_id,
                            first_viewed_at=now,
                            last_viewed_at=now,
                            completed_at=now,
                        )
                    )
                    if lesson.attestation is not None:
                        policy = lesson.attestation
                        confirmations.append(
                            PolicyConfirmation(
                                learner_id=learner.pk,
                                policy=policy.policy,
                                version=policy.version,
                                statement=policy.statement,
                                lesson_id=lesson.id,
                                confirmed_at=now,
                            )
                        )
                    if lesson.has_knowledge_check:
                        attempt_rows.extend(
                            self._attempts(learner, lesson, questions, AttemptStatus)
                        )
        LessonProgress.objects.bulk_create(progress_rows, batch_size=5000)
        PolicyConfirmation.objects.bulk_create(
            confirmations, ignore_conflicts=True, batch_size=2000
        )
        QuizAttempt.objects.bulk_create(attempt_rows, batch_size=2000)
        QuizResponse.objects.bulk_create(
            (
                QuizResponse(
                    attempt_id=attempt.pk,
                    question_version_id=int(row["question_id"]),
                    position=position,
                    selected=row["selected"],
                    correct=row["correct"],
                    seconds=self.seconds[id(attempt)][row["question_id"]],
                )
                for attempt in attempt_rows
                for position, row in enumerate(attempt.feedback, start=1)
            ),
            batch_size=5000,
        )

    def _attempts(self, learner, lesson, questions, statuses):
        """The tries ``_check_passed`` makes, each drawn with a seed of its own
        as the services draw it: failed ones first (an assessment's spaced by
        its cooldown), then the passed one."""
        from .models import QuizAttempt

        check = lesson.check
        tries = _tries(check)
        gap = timedelta(minutes=(check.cooldown_minutes or 0) + 1)
        rows = []
        for number in range(1, tries + 1):
            seed = _try_seed(learner, lesson, number)
            if lesson.id not in self.drawers:
                self.drawers[lesson.id] = courses_api.check_drawer(check)
            versions = self.drawers[lesson.id](seed)
            missing = [v for v in versions if v not in questions]
            if missing:
                questions.update(courses_api.questions_by_version(missing))
            shown = [questions[v] for v in versions]
            answers, seconds = _simulated_try(
                shown,
                learner=learner,
                lesson_key=lesson.url,
                number=number,
                last=number == tries,
                seed=self.seed,
            )
            result = courses_api.score_submission(
                questions=shown, answers=answers, pass_mark=lesson.pass_mark
            )
            rows.append(
                QuizAttempt(
                    learner_id=learner.pk,
                    lesson_id=lesson.id,
                    number=number,
                    mode=check.mode,
                    status=statuses.SUBMITTED,
                    seed=seed,
                    question_versions=versions,
                    pass_mark=lesson.pass_mark,
                    started_at=self.now - timedelta(seconds=sum(seconds.values())),
                    submitted_at=self.now,
                    answers={str(k): list(v) for k, v in answers.items()},
                    feedback=_feedback_rows(result),
                    score_percent=result.score_percent,
                    passed=result.passed,
                )
            )
            self.seconds[id(rows[-1])] = seconds
            if result.passed:
                self.best[learner.pk, lesson.id] = result.score_percent
                break
        # Earlier tries happened earlier: one cooldown (and a minute) apart.
        for back, attempt in enumerate(reversed(rows)):
            attempt.started_at -= gap * back
            attempt.submitted_at -= gap * back
        return rows

    def courses_complete(self) -> None:
        from .models import CourseEnrolment
        from .services.progress import course_completion_reason

        rows = []
        for enrolment in CourseEnrolment.objects.filter(
            learner_id__in=self.people, course_id__in=self.outlines
        ):
            count = self.done.get((enrolment.learner_id, enrolment.course_id))
            if not count:
                continue  # A course without required lessons stays as it was.
            rows.append(enrolment)
            enrolment.required_lessons_completed += count
            done, total = (
                enrolment.required_lessons_completed,
                enrolment.required_lessons_total,
            )
            self._touch(enrolment)
            if enrolment.is_completed or not total or done < total:
                if not enrolment.is_completed and total:
                    enrolment.progress = min(done / total, 1.0)
                continue
            outline = self.outlines[enrolment.course_id]
            reason = course_completion_reason(
                total=total,
                best_scores=[
                    self.best[enrolment.learner_id, item.id]
                    for item in outline.lessons
                    if item.has_knowledge_check
                    and (enrolment.learner_id, item.id) in self.best
                ],
                pass_mark=outline.pass_mark,
            )
            self._complete(enrolment, reason)
            self._record(
                enrolment.learner_id,
                course_id=enrolment.course_id,
                title=outline.title,
                summary=f"Completed “{outline.title}”: {reason}",
            )
            self.completed.setdefault(enrolment.learner_id, []).append(
                enrolment.course_id
            )
        CourseEnrolment.objects.bulk_update(
            rows,
            [*_ENROLMENT_FIELDS, "required_lessons_completed"],
            batch_size=UPDATE_BATCH,
        )

    def curricula_advance(self) -> None:
        """Each completed course counts once towards every live curriculum that
        requires it, until the curriculum completes."""
        from .models import CurriculumEnrolment, EnrolmentStatus
        from .services.progress import curriculum_completion_reason

        requiring = {
            course_id: set(courses_api.curricula_requiring_course(course_id))
            for course_id in {c for courses in self.completed.values() for c in courses}
        }
        curricula: dict = {}
        rows = []
        for enrolment in CurriculumEnrolment.objects.filter(
            learner_id__in=self.completed
        ).exclude(status=EnrolmentStatus.COMPLETED):
            count = sum(
                enrolment.curriculum_id in requiring[course_id]
                for course_id in self.completed[enrolment.learner_id]
            )
            if not count:
                continue
            rows.append(enrolment)
            total, before = (
                enrolment.required_courses_total,
                enrolment.required_courses_completed,
            )
            # One at a time, the services stop counting once it completes.
            done = (
                min(before + count, max(total, before + 1)) if total else before + count
            )
            enrolment.required_courses_completed = done
            self._touch(enrolment)
            if not total or done < total:
                enrolment.progress = min(done / total, 1.0) if total else 0.0
                continue
            if enrolment.curriculum_id not in curricula:
                curricula[enrolment.curriculum_id] = courses_api.curriculum_by_id(
                    enrolment.curriculum_id
                )
            curriculum = curricula[enrolment.curriculum_id]
            titles = (
                [c.title for c in curriculum.courses if c.required]
                if curriculum
                else []
            )
            title = curriculum.title if curriculum else str(enrolment.curriculum_id)
            reason = curriculum_completion_reason(total=total, titles=titles)
            self._complete(enrolment, reason)
            self._record(
                enrolment.learner_id,
                curriculum_id=enrolment.curriculum_id,
                title=title,
                summary=f"Completed the curriculum “{title}”: {reason}",
            )
        CurriculumEnrolment.objects.bulk_update(
            rows,
            [*_ENROLMENT_FIELDS, "required_courses_completed"],
            batch_size=UPDATE_BATCH,
        )

    def _touch(self, enrolment) -> None:
        from .models import EnrolmentStatus

        enrolment.last_activity_at = self.now
        if enrolment.status == EnrolmentStatus.NOT_STARTED:
            enrolment.status = EnrolmentStatus.IN_PROGRESS
            enrolment.started_at = self.now

    def _complete(self, enrolment, reason: str) -> None:
        from .models import EnrolmentStatus

        enrolment.status = EnrolmentStatus.COMPLETED
        enrolment.completed_at = self.now
        enrolment.progress = 1.0
        enrolment.completion_reason = reason

    def _record(
        self,
        learner_id: int,
        *,
        title: str,
        summary: str,
        course_id: int | None = None,
        curriculum_id: int | None = None,
    ) -> None:
        """The certificate and audit event ``course_check_completion`` and
        ``curriculum_check_completion`` leave."""
        from .models import AuditAction, AuditEvent, Certificate, CertificateKind

        learner = self.people[learner_id]
        if course_id is not None:
            kind, action, data = (
                CertificateKind.COURSE,
                AuditAction.COURSE_COMPLETED,
                {"course_id": course_id},
            )
        else:
            kind, action, data = (
                CertificateKind.CURRICULUM,
                AuditAction.CURRICULUM_COMPLETED,
                {"curriculum_id": curriculum_id},
            )
        self.certificates.append(
            Certificate(
                learner_id=learner_id,
                kind=kind,
                course_id=course_id,
                curriculum_id=curriculum_id,
                learner_name=learner.full_name,
                item_title=title,
                issued_on=self.today,
            )
        )
        self.events.append(
            AuditEvent(
                learner_id=learner_id, action=action, summary=summary[:500], data=data
            )
        )


def _feedback_rows(result) -> list[dict]:
    return [
        {
            "question_id": f.question_id,
            "correct": f.correct,
            "selected": list(f.selected),
            "correct_option_ids": list(f.correct_option_ids),
            "explanation": f.explanation,
        }
        for f in result.feedback
    ]
