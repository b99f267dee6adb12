"""Learner-facing views: thin — parse input, call one service or selector, render."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.exports import csv_lines_response, download_response
from courses import api as courses_api

from . import catalogue as catalogue_reads
from . import renewal_permissions, renewal_selectors, selectors, skills, team
from .attempts import attempt_view
from .forms import AssignCourseForm, PreferencesForm
from .models import Assignment, AttemptStatus, EnrolmentSource, QuizAttempt
from .services import enrolment as enrolment_services
from .services import flags as flag_services
from .services import progress as progress_services
from .services import renewals as renewal_services
from .services import team_actions

HTMX_SCRIPT = "vendor/htmx/htmx.min.js"


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


# --- The course catalogue ----------------------------------------------------------


@login_required
@require_GET
def catalogue(request):
    learner = selectors.learner_for_user(user=request.user)
    courses = courses_api.catalogue()
    filters = catalogue_reads.CatalogueFilters.from_query(
        request.GET, catalogue=courses
    )
    results = catalogue_reads.catalogue_results(
        catalogue=courses, filters=filters, learner=learner
    )
    page_obj = Paginator(results.cards, catalogue_reads.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "learner": learner,
        "catalogue": courses,
        "filters": filters,
        "results": results,
        "page_obj": page_obj,
        "lengths": catalogue_reads.LENGTHS,
        "statuses": catalogue_reads.STATUSES,
        "extra_query": (query.urlencode() + "&") if query else "",
        "htmx_script": HTMX_SCRIPT,
        "suggestion": (
            catalogue_reads.next_course_suggestion(learner=learner, catalogue=courses)
            if not page_obj.object_list
            else None
        ),
    }
    if getattr(request, "htmx", False) and request.htmx.target == "catalogue-results":
        return render(request, "learners/includes/catalogue_results.html", context)
    return render(request, "learners/catalogue.html", context)


@login_required
@require_GET
def my_skills(request):
    learner = _learner_or_404(request)
    return render(
        request,
        "learners/my_skills.html",
        {"learner": learner, "skills": skills.my_skills(learner=learner)},
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
    """Start (or resume) an attempt at the lesson's knowledge check."""
    learner = _learner_or_404(request)
    try:
        attempt = progress_services.attempt_start(learner=learner, lesson_id=lesson_id)
    except progress_services.LessonUnavailable as exc:
        raise Http404 from exc
    except progress_services.AttemptRefused as exc:
        return _refusal(request, exc, status=409)
    except progress_services.ProgressError as exc:
        return _refusal(request, exc, status=400)
    return redirect("learners:attempt", attempt_id=attempt.pk)


@login_required
@require_POST
def policy_confirm(request, lesson_id: int):
    """The learner confirms the version of the lesson's policy they were shown."""
    learner = _learner_or_404(request)
    version = request.POST.get("version", "")[:40]
    try:
        confirmation, event = progress_services.policy_confirm(
            learner=learner, lesson_id=lesson_id, version=version
        )
    except progress_services.LessonUnavailable as exc:
        raise Http404 from exc
    except progress_services.AttemptRefused as exc:
        return _refusal(request, exc, status=409)
    except progress_services.ProgressError as exc:
        return _refusal(request, exc, status=400)
    messages.success(
        request,
        f"Confirmed: {confirmation.policy}, version {confirmation.version}.",
    )
    _completion_messages(request, event)
    lesson = courses_api.lesson_context(lesson_id)
    return redirect(lesson.url if lesson else "learners:my_learning")


def _refusal(request, exc, *, status: int):
    return render(
        request, "learners/bad_request.html", {"message": str(exc)}, status=status
    )


def _attempt_page(
    request,
    attempt,
    *,
    error="",
    selected=None,
    status=200,
    check_question="",
    check_error="",
):
    lesson = courses_api.lesson_context(attempt.lesson_id)
    if lesson is None:
        raise Http404
    return render(
        request,
        "learners/attempt.html",
        {
            "view": attempt_view(attempt, selected=selected),
            "attempt": attempt,
            "lesson": lesson,
            "error": error,
            "check_question": check_question,
            "check_error": check_error,
            "htmx_script": HTMX_SCRIPT,
        },
        status=status,
    )


@login_required
@require_GET
def attempt_detail(request, attempt_id: int):
    learner = _learner_or_404(request)
    attempt = get_object_or_404(QuizAttempt, pk=attempt_id, learner=learner)
    return _attempt_page(request, attempt)


@login_required
@require_POST
def attempt_submit(request, attempt_id: int):
    learner = _learner_or_404(request)
    answers: dict = {}
    try:
        answers = courses_api.parse_answers(request.POST)
        attempt, event = progress_services.attempt_submit(
            learner=learner, attempt_id=attempt_id, answers=answers, timing=request.POST
        )
    except (progress_services.AttemptNotFound, progress_services.LessonUnavailable):
        raise Http404 from None
    except progress_services.AttemptRefused as exc:
        return _refusal(request, exc, status=409)
    except courses_api.SubmissionError as exc:
        attempt = get_object_or_404(QuizAttempt, pk=attempt_id, learner=learner)
        return _attempt_page(
            request, attempt, error=exc.message, selected=answers, status=400
        )
    _completion_messages(request, event)
    return redirect("learners:attempt", attempt_id=attempt.pk)


def _own_answer(post, question_id: int) -> QueryDict:
    """Only the fields of one question: another question's half-placed ordering
    must not stop this one from being checked."""
    own = QueryDict(mutable=True)
    for key in post:
        if key == f"q-{question_id}" or key.startswith(f"o-{question_id}-"):
            own.setlist(key, post.getlist(key))
    return own


def _posted_answers(post) -> dict | None:
    try:
        return courses_api.parse_answers(post)
    except courses_api.SubmissionError:
        return None


def _check_result(request, learner, attempt_id, question_id, *, error="", status=200):
    """The checked question: its fragment for htmx, else the attempt page at it.

    A refusal on an attempt that is no longer an open practice attempt has no
    question to show: htmx gets the message in its place, a form post the
    refusal page.
    """
    attempt = get_object_or_404(QuizAttempt, pk=attempt_id, learner=learner)
    key = str(question_id)
    if (
        attempt.status != AttemptStatus.OPEN
        or attempt.mode == courses_api.CheckMode.ASSESSMENT
    ):
        if request.htmx:
            return render(
                request,
                "learners/includes/attempt_check_refused.html",
                {"message": error, "attempt": attempt, "question_id": key},
                status=status,
            )
        return _refusal(request, error, status=status)
    if request.htmx:
        view = attempt_view(attempt, only=key)
        return render(
            request,
            "learners/includes/attempt_question.html",
            {
                "question": view.questions[0],
                "total": len(attempt.question_versions),
                "attempt": attempt,
                "can_check": True,
                "error": error,
            },
            status=status,
        )
    return _attempt_page(
        request,
        attempt,
        selected=_posted_answers(request.POST),
        status=status,
        check_question=key,
        check_error=error,
    )


@login_required
@require_POST
def attempt_check(request, attempt_id: int, question_id: int):
    """Check one practice question: store, lock and reveal its answer."""
    learner = _learner_or_404(request)
    try:
        answers = courses_api.parse_answers(_own_answer(request.POST, question_id))
        progress_services.attempt_check(
            learner=learner,
            attempt_id=attempt_id,
            question_id=question_id,
            answers=answers,
            timing=request.POST,
        )
    except progress_services.AttemptNotFound:
        raise Http404 from None
    except progress_services.CheckNotOffered as exc:
        return _check_result(
            request, learner, attempt_id, question_id, error=str(exc), status=400
        )
    except progress_services.AttemptRefused as exc:
        return _check_result(
            request, learner, attempt_id, question_id, error=str(exc), status=409
        )
    except courses_api.SubmissionError as exc:
        return _check_result(
            request, learner, attempt_id, question_id, error=exc.message, status=400
        )
    return _check_result(request, learner, attempt_id, question_id)


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


def _chosen_people(manager, ids):
    """The people chosen on My team, for a confirmation page (one query)."""
    return list(
        selectors.learner_reporting_subtree(manager_id=manager.pk)
        .filter(pk__in=ids[: team_actions.BULK_LIMIT + 1])
        .select_related("user")
        .order_by("user__last_name", "user__first_name")
    )


def _chosen_ids(params) -> list[int]:
    return [int(i) for i in params.getlist("learners") if i.isdigit()]


@login_required
@require_http_methods(["GET", "POST"])
@manager_required
def assign_course(request, *, manager):
    chosen = _chosen_ids(request.GET if request.method == "GET" else request.POST)
    people = _chosen_people(manager, chosen) if chosen else []
    if request.method == "GET" and chosen:
        # Leavers and people on leave are shown with the reason, never included.
        chosen = [p.pk for p in people if not team_actions.unavailable_reason(p.status)]
    form = AssignCourseForm(
        request.POST if request.method == "POST" else None,
        manager=manager,
        initial_learner=request.GET.get("learner"),
        chosen=chosen,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                assignment, _ = team_actions.assignment_create(
                    manager=manager,
                    actor=request.user,
                    learner_ids=form.cleaned_data["learner_ids"],
                    course_id=form.cleaned_data["course"],
                    due_date=form.cleaned_data["due_date"],
                    token=form.cleaned_data["token"] or team_actions.new_token(),
                )
            except team_actions.TeamActionRefused as exc:
                form.add_error(None, str(exc))
                status = 400
            else:
                return redirect("learners:assignment", assignment_id=assignment.pk)
        elif form.outside_subtree:
            return render(request, "403.html", status=403)
    return render(
        request,
        "learners/assign.html",
        {
            "form": form,
            "people": people,
            "limit": team_actions.BULK_LIMIT,
            "too_many": len(chosen) > team_actions.BULK_LIMIT,
        },
        status=status,
    )


@login_required
@require_GET
@manager_required
def assignment_detail(request, assignment_id: int, *, manager):
    try:
        assignment = team_actions.assignment_for_manager(
            manager=manager, assignment_id=assignment_id
        )
    except Assignment.DoesNotExist as exc:
        raise Http404("No such assignment of yours.") from exc
    return render(
        request,
        "learners/assignment.html",
        {"summary": team_actions.assignment_summary(assignment=assignment)},
    )


@login_required
@require_POST
@manager_required
def assignment_undo(request, assignment_id: int, *, manager):
    try:
        result = team_actions.assignment_undo(
            manager=manager, assignment_id=assignment_id, actor=request.user
        )
    except Assignment.DoesNotExist as exc:
        raise Http404("No such assignment of yours.") from exc
    except team_actions.TeamActionRefused as exc:
        messages.error(request, str(exc))
    else:
        text = (
            f"Assignment undone: {result.removed} new enrolment"
            f"{'' if result.removed == 1 else 's'} removed"
        )
        if result.restored:
            dates = "date" if result.restored == 1 else "dates"
            text += f", {result.restored} due {dates} put back"
        if result.kept_started:
            text += (
                f"; {result.kept_started} kept because the person had already "
                "started the course"
            )
        messages.success(request, text + ".")
    return redirect("learners:assignment", assignment_id=assignment_id)


@login_required
@require_http_methods(["GET", "POST"])
@manager_required
def nudge_many(request, *, manager):
    """Confirm (GET), then nudge (POST) the people chosen on My team."""
    if request.method == "POST":
        try:
            result = team_actions.learners_nudge(
                manager=manager,
                learner_ids=_chosen_ids(request.POST),
                sender=request.user,
            )
        except team_actions.TeamActionRefused as exc:
            people = _chosen_people(manager, _chosen_ids(request.POST))
            return render(
                request,
                "learners/nudge_confirm.html",
                {"people": people, "error": str(exc)},
                status=400,
            )
        if result.sent:
            messages.success(
                request,
                f"Reminder sent to {len(result.sent)} "
                f"{'person' if len(result.sent) == 1 else 'people'}: "
                f"{', '.join(result.sent)}.",
            )
        if result.already_today:
            messages.warning(
                request,
                "Already reminded today, so no email was sent (try again tomorrow): "
                f"{', '.join(result.already_today)}.",
            )
        return redirect(_back(request, reverse("learners:my_team")))
    ids = _chosen_ids(request.GET)
    people = _chosen_people(manager, ids)
    error = ""
    if not ids:
        error = "Choose at least one person on My team first."
    elif len(ids) > team_actions.BULK_LIMIT:
        error = (
            f"You chose {len(ids)} people; one action can include at most "
            f"{team_actions.BULK_LIMIT}."
        )
    return render(
        request,
        "learners/nudge_confirm.html",
        {"people": people, "error": error},
    )


# --- My team -----------------------------------------------------------------------

TEAM_PAGE_SIZE = 25


@login_required
@require_GET
@manager_required
def my_team(request, *, manager):
    filters = team.TeamFilters.from_query(request.GET)
    people = team.team_queryset(manager=manager, filters=filters)
    overview = team.team_overview(manager=manager)
    paginator = Paginator(people.values_list("pk", flat=True), TEAM_PAGE_SIZE)
    if not filters.narrows:
        paginator.count = overview.totals.people  # everyone: counted already
    page_obj = paginator.get_page(request.GET.get("page"))
    page_obj.object_list = team.team_rows(list(page_obj.object_list))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "learners/my_team.html",
        {
            "manager": manager,
            "filters": filters,
            "page_obj": page_obj,
            "totals": overview.totals,
            "departments": overview.departments,
            "roles": overview.roles,
            "sorts": team.SORTS,
            "extra_query": (query.urlencode() + "&") if query else "",
            "today": timezone.localdate(),
        },
    )


@login_required
@require_GET
@manager_required
def team_skills(request, *, manager):
    return render(
        request,
        "learners/team_skills.html",
        {"skills": skills.team_skills(manager=manager)},
    )


@login_required
@require_GET
@manager_required
def my_team_export(request, fmt: str, *, manager):
    filters = team.TeamFilters.from_query(request.GET)
    filename = f"my-team-{timezone.localdate().isoformat()}"
    if fmt == "csv":
        return csv_lines_response(
            team.team_export_lines(manager=manager, filters=filters),
            columns=team.EXPORT_COLUMNS,
            filename=filename,
        )
    frame = team.team_export_frame(manager=manager, filters=filters)
    return download_response(frame, filename=filename, fmt=fmt, sheet="My team")


@login_required
@require_POST
@manager_required
def nudge(request, learner_id: int, *, manager):
    if not selectors.learner_is_in_subtree(
        manager_id=manager.pk, learner_id=learner_id
    ):
        raise Http404("Not in your reporting line.")
    try:
        result = team_actions.learners_nudge(
            manager=manager, learner_ids=[learner_id], sender=request.user
        )
    except team_actions.TeamActionRefused as exc:
        messages.error(request, str(exc))
        return redirect(_back(request, reverse("learners:my_team")))
    if result.sent:
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


# --- Material changes and renewals (ADR 0023) -------------------------------------


def change_reviewers_only(view):
    """L&D reviewers (who approve changes) and Academy admins; anyone else 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not renewal_permissions.can_review_changes(request.user):
            return render(request, "403.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


def _change_or_404(change_id: int):
    change = renewal_selectors.material_change_get(change_id=change_id)
    if change is None:
        raise Http404("No such material change.")
    return change


@login_required
@require_GET
@change_reviewers_only
def material_change(request, change_id: int):
    change = _change_or_404(change_id)
    context = renewal_selectors.material_change_page(request=request, change=change)
    if getattr(request, "htmx", False):
        return render(request, "learners/includes/material_change_status.html", context)
    return render(request, "learners/material_change.html", context)


@login_required
@require_POST
@change_reviewers_only
def material_change_apply(request, change_id: int):
    change = _change_or_404(change_id)
    if renewal_services.material_change_apply_request(change=change):
        messages.success(request, "The change is being applied.")
    else:
        messages.info(request, "This change was applied already.")
    return redirect("learners:material_change", change_id=change.pk)


@login_required
@require_POST
def material_change_undo(request, change_id: int):
    if not renewal_permissions.can_undo_changes(request.user):
        return render(request, "403.html", status=403)
    change = _change_or_404(change_id)
    try:
        renewal_services.material_change_undo(change=change, actor=request.user)
    except renewal_services.RenewalError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, "The change is undone: nobody is asked to renew the lesson."
        )
    return redirect("learners:material_change", change_id=change.pk)


@login_required
@require_POST
def lesson_renew(request, lesson_id: int):
    learner = _learner_or_404(request)
    back = _back(request, reverse("learners:my_learning"))
    try:
        closed = renewal_services.lesson_renew(learner=learner, lesson_id=lesson_id)
    except renewal_services.RenewalError as exc:
        messages.error(request, str(exc))
    else:
        if closed:
            messages.success(
                request, "Lesson renewed: your certificate counts as current."
            )
        else:
            messages.info(request, "There is nothing to renew in this lesson.")
    return redirect(back)


@login_required
@require_POST
def lesson_flag(request, lesson_id: int):
    learner = _learner_or_404(request)
    back = _back(request, reverse("learners:my_learning"))
    try:
        flag_services.lesson_flag(
            learner=learner,
            lesson_id=lesson_id,
            reason=request.POST.get("reason", ""),
            text=request.POST.get("text", ""),
        )
    except flag_services.FlagRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, "Thank you: the lesson's owner and the L&D team will look at it."
        )
    return redirect(back)
