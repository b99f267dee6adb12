"""The names of the Wagtail hooks the apps offer one another, in one place.

A lower app calls ``wagtail.hooks.get_hooks(NAME)`` and a higher app registers a
function under that name in its own ``wagtail_hooks.py``: that is how the site
shell and the content pages show what higher apps add without importing them.
Every hook, with who fills it and what it returns: docs/architecture.md, "Hooks".
"""

from __future__ import annotations

from dataclasses import dataclass

# --- Offered by cms (the site shell) -------------------------------------------------

#: Sections other apps add to the home page below its introduction, such as
#: progress against the organisation's targets: ``fn(request) -> str | None``
#: (safe HTML), shown in hook order.
HOME_SECTIONS_HOOK = "cms_home_sections"

#: Links other apps add to the header navigation:
#: ``fn(request) -> Iterable[NavigationLink]`` (empty for a person who may not use
#: the section). The header shows them by ``NavigationLink.order``.
NAVIGATION_HOOK = "cms_navigation_links"

# --- Offered by learners -------------------------------------------------------------

#: How a material change would move the organisation's figures if nobody renews:
#: ``fn(request, *, course_id, learner_ids) -> str | None`` (safe HTML), shown on
#: the change's preview page.
CHANGE_IMPACT_HOOK = "learners_change_impact"

# --- Offered by courses (the content pages) -------------------------------------------

#: Another app registers to receive knowledge-check submissions itself:
#: ``fn(lesson_id) -> str | None``; the first URL returned wins. The form posts one
#: ``q-<question id>`` field per question, one value per chosen option.
KNOWLEDGE_CHECK_URL_HOOK = "courses_knowledge_check_url"
#: HTML shown below a lesson, such as progress or a "mark as complete" button:
#: ``fn(request, lesson_id) -> str | None`` (safe HTML).
LESSON_PANELS_HOOK = "courses_lesson_panels"
#: HTML shown in a course's header, such as the learner's enrolment and a "Start
#: this course" button: ``fn(request, course_id) -> str | None`` (safe HTML). When
#: any is given it replaces the plain "Start with" link.
COURSE_PANELS_HOOK = "courses_course_panels"
#: The signed-in person's status in each lesson of a course, for the course
#: outline beside a lesson: ``fn(request, course_id) -> Mapping[int, str] | None``
#: (lesson id to ``"in_progress"`` or ``"completed"``; a lesson left out is not
#: started). The first mapping returned wins; ``None`` means "not tracked", and
#: the outline then shows no statuses.
LESSON_PROGRESS_HOOK = "courses_lesson_progress"
#: A reviewer approved a lesson revision as a *material* change:
#: ``fn(*, lesson_id, revision_id, reason, user, check_changed) -> str | None``,
#: called after the approval (``check_changed``: the lesson's knowledge check asks
#: other questions now); a URL returned is where the reviewer goes next.
MATERIAL_CHANGE_HOOK = "courses_material_change"


@dataclass(frozen=True)
class NavigationLink:
    """One header link a ``NAVIGATION_HOOK`` function offers.

    ``order`` places it among the others (Home is 0); the header marks the link
    whose URL the current path starts with as the current page.
    """

    label: str
    url: str
    order: int


#: Where each app's header link sits, left to right.
NAV_ORDER_HOME = 0
NAV_ORDER_CURRICULA = 10
NAV_ORDER_COURSES = 15
NAV_ORDER_MY_LEARNING = 20
NAV_ORDER_MY_TEAM = 30
NAV_ORDER_ANALYTICS = 40
NAV_ORDER_ADMIN = 90
