"""The SCORM player page passes axe-core as the learner sees it (ADR 0021).

Real packages from the shared fixtures are uploaded and played: the SCORM 1.2 golf
package (one SCO) and the SCORM 2004 4th Edition one (several SCOs, with the
player's outline). What the academy writes is checked: the lesson page around the
player, the player's frame and the launcher inside it (the frame that holds the
package and its runtime). The package's own pages, inside the launcher's
``#sco`` frame, are content written by others and are not checked; the ``<iframe>``
elements themselves (their titles) are.
"""

import pytest
from playwright.sync_api import expect

from learners.models import EnrolmentSource
from learners.services.enrolment import course_enrol
from tests.e2e.accessibility import axe_violations, describe, screenshot
from tests.e2e.conftest import sign_in
from tests.e2e.test_scorm_journey import (
    _golf,
    content_origin,  # noqa: F401 - a fixture
)
from tests.factories import CoursePageFactory, LearnerFactory
from tests.factories.people import PASSWORD
from tests.scorm.fixtures import GOLF_12, GOLF_2004_4TH
from tests.scorm.lessons import package_lesson

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(
    ("package", "slug"), [(GOLF_12, "scorm-12"), (GOLF_2004_4TH, "scorm-2004")]
)
def test_the_player_page_passes_axe_outside_the_package(
    live_server,
    page,
    content_origin,  # noqa: F811
    package,
    slug,
):
    course = CoursePageFactory(title="Golf explained")
    lesson = package_lesson(course, name=package, title="Playing golf")
    learner = LearnerFactory(
        user__email="lucia.ferreira@northwind.example",
        user__first_name="Lúcia",
        user__last_name="Ferreira",
    )
    course_enrol(learner=learner, course_id=course.pk, source=EnrolmentSource.SELF)

    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, live_server, "lucia.ferreira@northwind.example", PASSWORD)
    page.goto(live_server.url + lesson.url)
    failures = []
    found = axe_violations(page, frames=False)
    if found:
        failures.append(describe(f"the {slug} player page before it starts", found))
    page.get_by_role("button", name="Start the package").click()
    # The package has loaded and spoken to the runtime: the page is as played.
    expect(_golf(page).locator("#butNext")).to_be_visible(timeout=15_000)

    found = axe_violations(page, frames=False)
    if found:
        failures.append(describe(f"the {slug} player page", found))
    launcher = page.locator(".scorm-player__frame").element_handle().content_frame()
    found = axe_violations(launcher, frames=False)
    if found:
        failures.append(describe(f"the {slug} launcher", found))
    screenshot(page, "learner", f"scorm-player-{slug}")
    assert not failures, "WCAG A/AA violations:\n" + "\n".join(failures)
