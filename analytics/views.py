"""Analytics pages and downloads: thin — check access, read, build, render.

Who may see what (docs/architecture.md, "People and permissions"):

- the pages and their tables: L&D editors, Academy admins and Leadership;
  everyone else gets 403, anonymous people the login page;
- refreshing the figures: L&D editors and Academy admins;
- individual data (initiative team members, the learner × course export):
  Academy admins only. Everyone else sees aggregates, with small groups hidden.
"""

from __future__ import annotations

from datetime import date
from functools import cache, wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accounts import api as accounts_api
from core.exports import download_response
from learners import api as learners_api

from . import compute, exports, frames, item_analysis, pages, selectors, services
from .permissions import audience_for, can_refresh

HTMX_SCRIPT = "vendor/htmx/htmx.min.js"


def _guard(check):
    """login_required, then 403 unless ``check(user)``."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


analytics_required = _guard(accounts_api.can_view_analytics)
refresh_required = _guard(can_refresh)
individuals_required = _guard(accounts_api.can_see_individuals)


@cache
def _empty_tables() -> dict:
    """Tables with their columns and no rows: what an export is before any run."""
    return compute.snapshot_compute(
        compute.Frames.empty(), today=date(2000, 1, 1)
    ).tables


def _inputs(
    request, snapshot, page: str, measure: str = pages.COMPLETED
) -> pages.Inputs:
    needs = pages.NEEDS.get(page) or pages.EXPORTS[page].needs
    names = pages.stored_names(needs, measure)
    if snapshot is None:
        tables = {name: _empty_tables()[stored] for name, stored in names.items()}
        summary: dict = {}
    else:
        stored = selectors.snapshot_tables(
            snapshot=snapshot, names=tuple(dict.fromkeys(names.values()))
        )
        missing = {table for table, frame in stored.items() if not len(frame.columns)}
        if missing and measure != pages.COMPLETED:
            # A snapshot taken before demonstrated skill was measured.
            return _inputs(request, snapshot, page)
        tables = {
            name: _empty_tables()[table] if table in missing else stored[table]
            for name, table in names.items()
        }
        summary = snapshot.summary
    return pages.Inputs(
        tables=tables,
        summary=summary,
        audience=audience_for(request.user),
        measure=measure,
    )


def _measure(request) -> tuple[str, str]:
    """The measure asked for in ``?measure=``, and a notice when it is unknown."""
    raw = request.GET.get("measure", "")
    if raw in ("", pages.COMPLETED, pages.DEMONSTRATED):
        return raw or pages.COMPLETED, ""
    return pages.COMPLETED, (
        f"“{raw[:40]}” is not a measure; showing completed skills. "
        "Choose completed or demonstrated."
    )


def _measure_context(request, asked: str, shown: str, notice: str) -> dict:
    """The measure switch: links keeping the page's other filters."""
    if asked == pages.DEMONSTRATED and shown != asked:
        notice = (
            "These figures were computed before demonstrated skill was measured; "
            "showing completed skills. Refresh the figures to see both."
        )
    links = []
    for key, label in pages.MEASURES.items():
        query = request.GET.copy()
        query["measure"] = key
        links.append(
            {"url": f"?{query.urlencode()}", "label": label, "current": key == shown}
        )
    return {
        "measure": shown,
        "measure_links": links,
        "measure_notice": notice,
        "export_query": "?measure=demonstrated" if shown == pages.DEMONSTRATED else "",
    }


def _context(request, section: str, snapshot) -> dict:
    summary = snapshot.summary if snapshot else {}
    return {
        "section": section,
        "snapshot": snapshot,
        "summary": summary,
        "missing": summary.get("missing", {}),
        "in_progress": selectors.snapshot_in_progress(),
        "can_refresh": can_refresh(request.user),
        "see_individuals": accounts_api.can_see_individuals(request.user),
        "min_group_size": settings.ANALYTICS_MIN_GROUP_SIZE,
        "xlsx_max_rows": exports.XLSX_MAX_ROWS,
    }


def _page(request, section: str, template: str, build=None, **kwargs):
    snapshot = selectors.snapshot_current()
    context = _context(request, section, snapshot)
    asked, notice = pages.COMPLETED, ""
    if section in pages.MEASURED:
        asked, notice = _measure(request)
    shown = pages.COMPLETED
    if snapshot is not None and build is not None:
        inputs = _inputs(request, snapshot, section, asked)
        shown = inputs.measure
        context["page"] = build(inputs, **kwargs)
    if section in pages.MEASURED:
        context.update(_measure_context(request, asked, shown, notice))
    return render(request, template, context)


@analytics_required
@require_GET
def dashboard(request):
    return _page(request, "overview", "analytics/dashboard.html", pages.overview)


@analytics_required
@require_GET
def readiness(request):
    return _page(request, "readiness", "analytics/readiness.html", pages.readiness)


@analytics_required
@require_GET
def skills(request):
    department_id = None
    raw = request.GET.get("department", "")
    if raw:
        if not raw.isdigit() or not selectors.department_exists(department_id=int(raw)):
            raise Http404("Unknown department.")
        department_id = int(raw)
    return _page(
        request,
        "skills",
        "analytics/skills.html",
        pages.skills,
        department_id=department_id,
    )


@analytics_required
@require_GET
def initiatives(request):
    return _page(
        request, "initiatives", "analytics/initiatives.html", pages.initiatives
    )


def _checklist(request, initiative_id: int):
    initiative = selectors.initiative_get(initiative_id=initiative_id)
    if initiative is None:
        raise Http404("Unknown initiative.")
    snapshot = selectors.snapshot_current()
    checklist = pages.initiative(
        _inputs(request, snapshot, "initiative"),
        initiative_id=initiative.id,
        owner=initiative.owner,
        live_roles=[
            {"role": r.role, "headcount": r.headcount} for r in initiative.roles
        ],
        sources=frames.blocker_sources(),
    )
    return initiative, snapshot, checklist


@analytics_required
@require_GET
def initiative(request, initiative_id: int):
    initiative, snapshot, checklist = _checklist(request, initiative_id)
    context = _context(request, "initiatives", snapshot)
    context.update(initiative=initiative, page=checklist)
    return render(request, "analytics/initiative.html", context)


@analytics_required
@require_GET
def initiative_export(request, initiative_id: int, fmt: str):
    initiative, snapshot, checklist = _checklist(request, initiative_id)
    return exports.table_response(
        checklist.export,
        filename=f"go-live-checklist-{initiative.id}-{_stamp(snapshot)}",
        fmt=fmt,
    )


@analytics_required
@require_GET
def recommendations(request):
    return _page(
        request,
        "recommendations",
        "analytics/recommendations.html",
        pages.recommendations,
    )


@analytics_required
@require_GET
def disagreement(request):
    return _page(
        request, "disagreement", "analytics/disagreement.html", pages.disagreement
    )


@analytics_required
@require_GET
def export(request, table: str, fmt: str):
    spec = pages.EXPORTS.get(table)
    if spec is None:
        raise Http404("Unknown table.")
    measure = pages.COMPLETED
    if table in pages.MEASURED_EXPORTS:
        measure, notice = _measure(request)
        if notice:
            return HttpResponseBadRequest(notice, content_type="text/plain")
    snapshot = selectors.snapshot_current()
    inputs = _inputs(request, snapshot, table, measure)
    suffix = "-demonstrated" if inputs.measure == pages.DEMONSTRATED else ""
    return exports.table_response(
        spec.build(inputs), filename=f"{table}{suffix}-{_stamp(snapshot)}", fmt=fmt
    )


@refresh_required
@require_GET
def items(request):
    """Item analysis of the question bank, for L&D editors and Academy admins."""
    questions, checks = item_analysis.item_report()
    return render(
        request,
        "analytics/items.html",
        {
            "questions": questions.to_dict("records"),
            "checks": checks.to_dict("records"),
        },
    )


@refresh_required
@require_GET
def items_export(request, fmt: str):
    questions, _checks = item_analysis.item_report()
    return download_response(
        questions,
        filename=f"item-analysis-{timezone.localdate().isoformat()}",
        fmt=fmt,
        sheet="Items",
    )


def _stamp(snapshot) -> str:
    when = snapshot.as_of if snapshot and snapshot.as_of else timezone.localdate()
    return when.isoformat()


@individuals_required
@require_GET
def learner_courses_export(request, fmt: str):
    """Every learner × course with status and timestamps: individual data."""
    rows = learners_api.course_enrolment_count()
    if fmt == "xlsx" and rows > exports.XLSX_MAX_ROWS:
        messages.error(
            request,
            f"The learner × course table has {rows:,} rows, too many to build as an "
            f"Excel workbook here (the limit is {exports.XLSX_MAX_ROWS:,}). Download "
            "it as CSV instead: Excel and every analysis tool open it.",
        )
        return redirect("analytics:dashboard")
    frame = exports.long_export_frame(frames.load_enrolment_export())
    return exports.frame_response(
        frame,
        filename=f"learner-courses-{timezone.localdate().isoformat()}",
        fmt=fmt,
        sheet="Learner courses",
    )


@refresh_required
@require_http_methods(["GET", "POST"])
def snapshot_refresh(request):
    if request.method == "POST":
        snapshot, queued = services.snapshot_request(requested_by=request.user)
        if queued:
            messages.success(request, "The figures are being refreshed.")
        else:
            messages.info(request, "A refresh is already running; here it is.")
        return redirect("analytics:snapshot", snapshot_id=snapshot.pk)
    context = _context(request, "refresh", selectors.snapshot_current())
    return render(request, "analytics/refresh.html", context)


@cache
def _htmx_available() -> bool:
    return finders.find(HTMX_SCRIPT) is not None


@refresh_required
@require_GET
def snapshot(request, snapshot_id: int):
    snapshot = selectors.snapshot_get(snapshot_id=snapshot_id)
    if snapshot is None:
        raise Http404("Unknown snapshot.")
    context = {
        "run": snapshot,
        "htmx": _htmx_available(),
        "htmx_script": HTMX_SCRIPT,
        "section": "refresh",
    }
    if getattr(request, "htmx", False):
        return render(request, "analytics/includes/snapshot_progress.html", context)
    return render(request, "analytics/snapshot.html", context)
