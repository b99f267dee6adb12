"""Learner-facing views: thin — parse input, call one service or selector, render."""

from __future__ import annotations

from functools import wraps

import pandas as pd
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.exports import download_response
from courses import api as courses_api

from . import selectors, team
from .forms import AssignCourseForm, PreferencesForm
from .models import Certificate, EnrolmentSource, QuizAttempt
from .services import certificates as certificate_services
from .services import enrolment as enrolment_services
from .services import progress as progress_services
from .services import reminders as reminder_services


def _learner_or_404(request):
    learner = selectors.learner_for_user(user=request.user)
    if learner is None:
        raise Http404("There is no learner profile for this account.")
    return learner


def manager_required(view):
    """Only for people with reports: anyone else gets 403. The view receives the
    signed-in person's learner profile as ``manager``. Goes below
    ``login_required`` and the method check, so those answer first."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        manager = selectors.learner_for_user(user=request.user)
        if manager is None or not selectors.learner_has_reports(manager):
            return render(request, "403.html", status=403)
        return view(request, *args, manager=manager, **kwargs)

    return wrapper


def _back(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or fallback
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return fallback
    return target


@login_required
@require_GET
def my_learning(request):
    learner = selectors.learner_for_user(user=request.user)
    dashboard = selectors.my_learning(learner=learner) if learner else None
    return render(
        request,
        "learners/my_learning.html",
        {"learner": learner, "dashboard": dashboard},
    )


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    learner = _learner_or_404(request)
    form = PreferencesForm(
        request.POST if request.method == "POST" else None, instance=learner
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your reminder preferences are saved.")
        return redirect("learners:preferences")
    return render(request, "learners/preferences.html", {"form": form})


@login_required
@require_POST
def lesson_viewed(request, lesson_id: int):
    learner = _learner_or_404(request)
    try:
        progress_services.lesson_view(learner=learner, lesson_id=lesson_id)
    except progress_services.LessonUnavailable as exc:
        raise Http404 from exc
    return HttpResponse(status=204)


@login_required
@require_POST
def lesson_complete(request, lesson_id: int):
    learner = _learner_or_404(request)
    try:
        event = progress_services.lesson_mark_complete(
            learner=learner, lesson_id=lesson_id
        )
    except progress_services.LessonUnavailable as exc:
        raise Http404 from exc
    except progress_services.ProgressError as exc:
        return render(
            request, "learners/bad_request.html", {"message": str(exc)}, status=400
        )
    lesson = courses_api.lesson_context(lesson_id)
    _completion_messages(request, event)
    # On to the next lesson, or back to the course when this was the last one.
    return redirect(lesson.next_url or lesson.course_url)


def _completion_messages(request, event) -> None:
    if event is None:
        return
    if event.course_completed:
        messages.success(
            request,
            "Course complete — well done. Your certificate is in My learning.",
        )
    elif event.lesson_newly_completed:
        messages.success(request, "Lesson complete.")


@login_required
@require_POST
def lesson_check(request, lesson_id: int):
    learner = _learner_or_404(request)
    try:
        attempt, event = progress_services.quiz_submit(
            learner=learner,
            lesson_id=lesson_id,
            answers=courses_api.parse_answers(request.POST),
        )
    except progress_services.LessonUnavailable as exc:
        raise Http404 from exc
    except (courses_api.SubmissionError, progress_services.ProgressError) as exc:
        return render(
            request, "learners/bad_request.html", {"message": str(exc)}, status=400
        )
    _completion_messages(request, event)
    return redirect("learners:attempt", attempt_id=attempt.pk)


@login_required
@require_GET
def attempt_detail(request, attempt_id: int):
    learner = _learner_or_404(request)
    attempt = get_object_or_404(QuizAttempt, pk=attempt_id, learner=learner)
    lesson = courses_api.lesson_context(attempt.lesson_id)
    if lesson is None:
        raise Http404
    questions = courses_api.feedback_with_questions(
        questions=lesson.questions, feedback=attempt.feedback
    )
    return render(
        request,
        "learners/attempt.html",
        {"attempt": attempt, "lesson": lesson, "questions": questions},
    )


@login_required
@require_POST
def course_start(request, course_id: int):
    learner = _learner_or_404(request)
    try:
        enrolment, created = enrolment_services.course_enrol(
            learner=learner,
            course_id=course_id,
            source=EnrolmentSource.SELF,
            actor=request.user,
        )
    except enrolment_services.EnrolmentError as exc:
        raise Http404(str(exc)) from exc
    outline = courses_api.course_outline(course_id)
    if created:
        messages.success(request, f"You have started “{outline.title}”.")
    else:
        messages.info(request, f"You are already enrolled in “{outline.title}”.")
    first = next((lesson.url for lesson in outline.lessons), outline.url)
    return redirect(_back(request, first))


@login_required
@require_http_methods(["GET", "POST"])
@manager_required
def assign_course(request, *, manager):
    form = AssignCourseForm(
        request.POST if request.method == "POST" else None,
        manager=manager,
        initial_learner=request.GET.get("learner"),
    )
    if request.method == "POST":
        if form.is_valid():
            person = form.cleaned_data["learner"]
            try:
                enrolment_services.course_enrol(
                    learner=person,
                    course_id=form.cleaned_data["course"],
                    source=EnrolmentSource.MANAGER,
                    actor=request.user,
                    due_date=form.cleaned_data["due_date"],
                )
            except enrolment_services.EnrolmentError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    f"Assigned to {person.full_name}, due "
                    f"{form.cleaned_data['due_date']:%-d %B %Y}.",
                )
                return redirect(_back(request, reverse("learners:assign")))
        elif form.outside_subtree:
            return render(request, "403.html", status=403)
    return render(request, "learners/assign.html", {"form": form})


@require_GET
def certificate_verify(request, uuid):
    certificate = get_object_or_404(Certificate, uuid=uuid)
    return render(request, "learners/certificate.html", {"certificate": certificate})


@require_GET
def certificate_download(request, uuid):
    certificate = get_object_or_404(Certificate, uuid=uuid)
    verify_url = request.build_absolute_uri(
        reverse("learners:certificate", kwargs={"uuid": certificate.uuid})
    )
    data = certificate_services.certificate_pdf(
        certificate=certificate, verify_url=verify_url
    )
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="certificate-{certificate.uuid}.pdf"'
    )
    return response


# --- My team -----------------------------------------------------------------------

TEAM_PAGE_SIZE = 25
EXPORT_COLUMNS = [
    "Employee ID",
    "Name",
    "Email",
    "Department",
    "Job title",
    "Role",
    "Status",
    "Courses assigned",
    "Courses completed",
    "Courses overdue",
    "Role curriculum complete",
    "Last activity",
]


@login_required
@require_GET
@manager_required
def my_team(request, *, manager):
    filters = team.TeamFilters.from_query(request.GET)
    people = team.team_queryset(manager=manager, filters=filters)
    page_obj = Paginator(people, TEAM_PAGE_SIZE).get_page(request.GET.get("page"))
    departments, roles = team.team_departments_and_roles(manager=manager)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "learners/my_team.html",
        {
            "manager": manager,
            "filters": filters,
            "page_obj": page_obj,
            "totals": team.team_totals(manager=manager),
            "departments": departments,
            "roles": roles,
            "sorts": team.SORTS,
            "extra_query": (query.urlencode() + "&") if query else "",
            "today": timezone.localdate(),
        },
    )


@login_required
@require_GET
@manager_required
def my_team_export(request, fmt: str, *, manager):
    filters = team.TeamFilters.from_query(request.GET)
    rows = [
        (
            p.employee_id,
            p.full_name,
            p.user.email,
            p.department.name if p.department else "",
            p.job_title,
            p.role.name if p.role else "",
            p.get_status_display(),
            p.assigned,
            p.completed,
            p.overdue,
            "yes" if p.curriculum_done else "no",
            timezone.localtime(p.last_activity).strftime("%Y-%m-%d %H:%M")
            if p.last_activity
            else "",
        )
        for p in team.team_queryset(manager=manager, filters=filters)
    ]
    frame = pd.DataFrame(rows, columns=EXPORT_COLUMNS)
    stamp = timezone.localdate().isoformat()
    return download_response(
        frame, filename=f"my-team-{stamp}", fmt=fmt, sheet="My team"
    )


@login_required
@require_POST
@manager_required
def nudge(request, learner_id: int, *, manager):
    try:
        sent = reminder_services.learner_nudge(
            manager=manager, learner_id=learner_id, sender=request.user
        )
    except reminder_services.NotInTeam as exc:
        raise Http404 from exc
    if sent:
        messages.success(request, "Reminder sent.")
    else:
        messages.warning(
            request,
            "This person already had a reminder today, so no email was sent. "
            "You can nudge them again tomorrow.",
        )
    return redirect(_back(request, reverse("learners:my_team")))


@login_required
@require_GET
@manager_required
def team_member(request, learner_id: int, *, manager):
    if not selectors.learner_is_in_subtree(
        manager_id=manager.pk, learner_id=learner_id
    ):
        raise Http404("Not in your reporting line.")
    person = selectors.learner_detail(learner_id=learner_id)
    return render(
        request,
        "learners/team_member.html",
        {
            "person": person,
            "dashboard": selectors.my_learning(learner=person),
            "manager": manager,
        },
    )
