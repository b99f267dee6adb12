"""Names of the Wagtail hooks through which other apps extend course pages."""

#: Wagtail hook another app registers to receive knowledge-check submissions
#: itself: ``fn(lesson_id) -> str | None``; the first URL returned wins. The form
#: posts one ``q-<question id>`` field per question, one value per chosen option.
KNOWLEDGE_CHECK_URL_HOOK = "courses_knowledge_check_url"
#: Wagtail hook for HTML shown below a lesson, such as progress or a "mark as
#: complete" button: ``fn(request, lesson_id) -> str | None`` (safe HTML).
LESSON_PANELS_HOOK = "courses_lesson_panels"
#: Wagtail hook for HTML shown in a course's header, such as the learner's
#: enrolment and a "Start this course" button: ``fn(request, course_id) -> str |
#: None`` (safe HTML). When any is given it replaces the plain "Start with" link.
COURSE_PANELS_HOOK = "courses_course_panels"
