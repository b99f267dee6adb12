"""SCORM 2004 rollup: a package's status worked out from its SCOs'. No Django here.

An organisation is a tree of activities; the learner's SCOs report completion,
success and a score, and rollup (SCORM 2004 4th Edition SN 4.6) gives each
cluster, up to the root, its status from its children's. This module implements
what the academy needs to decide a package lesson's outcome:

- the *default* rollup of the Sequencing and Navigation book, used when an
  activity has no ``imsss:rollupRule``: a cluster is satisfied when every
  contributing child is, not satisfied when every contributing child's status is
  known and one is not satisfied, otherwise unknown; completion likewise
  (completed / incomplete / unknown);
- ``imsss:rollupRules`` ``rollupObjectiveSatisfied="false"`` and
  ``rollupProgressCompletion="false"``: the child does not contribute;
- measure rollup: the cluster's score is the children's scores weighted by
  ``objectiveMeasureWeight`` (only children with a score count);
- progress-measure rollup (4th Edition): the children's progress weighted by
  ``adlcp:completionThreshold progressWeight``.

Explicit ``imsss:rollupRule`` conditions (e.g. "any child satisfied") are not
interpreted: an activity that has them falls back to the default rules above.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

COMPLETED = "completed"
INCOMPLETE = "incomplete"
PASSED = "passed"
FAILED = "failed"
UNKNOWN = "unknown"


@dataclass(frozen=True)
class Activity:
    """One node of the activity tree and how it contributes to its parent."""

    identifier: str
    title: str = ""
    children: tuple[Activity, ...] = ()
    rollup_satisfied: bool = True
    rollup_completion: bool = True
    measure_weight: float = 1.0
    progress_weight: float = 1.0

    @property
    def is_leaf(self) -> bool:
        return not self.children

    def leaves(self) -> Iterator[Activity]:
        if self.is_leaf:
            yield self
        for child in self.children:
            yield from child.leaves()


@dataclass(frozen=True)
class Status:
    """What an activity reports (a SCO) or rolls up to (a cluster)."""

    completion: str = UNKNOWN  # completed | incomplete | unknown
    success: str = UNKNOWN  # passed | failed | unknown
    #: Normalised measure (score scaled), -1..1, or None when unknown.
    measure: float | None = None
    #: Progress 0..1, or None when unknown.
    progress: float | None = None
    attempted: bool = False


@dataclass(frozen=True)
class Rolled:
    """The rolled-up status of every activity, by identifier."""

    by_id: dict[str, Status] = field(default_factory=dict)

    def __getitem__(self, identifier: str) -> Status:
        return self.by_id[identifier]


def leaf_status(
    completion: str, success: str, measure: float | None, progress: float | None
) -> Status:
    """A SCO's status from its stored attempt values (SCORM 2004 vocabulary;
    "not attempted" counts as incomplete-unknown, as the SN's tracking model)."""
    attempted = completion not in ("not attempted", UNKNOWN, "")
    if completion == COMPLETED:
        done = COMPLETED
    elif completion == INCOMPLETE:
        done = INCOMPLETE
    else:
        done = UNKNOWN
    result = success if success in (PASSED, FAILED) else UNKNOWN
    return Status(
        completion=done,
        success=result,
        measure=measure,
        progress=progress,
        attempted=attempted,
    )


def rollup(root: Activity, leaves: Mapping[str, Status]) -> Rolled:
    """Every activity's status: leaves as given (absent ones unknown), clusters
    rolled up from their children, bottom up."""
    out: dict[str, Status] = {}

    def visit(activity: Activity) -> Status:
        if activity.is_leaf:
            status = leaves.get(activity.identifier, Status())
        else:
            status = _cluster([(child, visit(child)) for child in activity.children])
        out[activity.identifier] = status
        return status

    visit(root)
    return Rolled(out)


def _cluster(children: list[tuple[Activity, Status]]) -> Status:
    satisfied = [s.success for a, s in children if a.rollup_satisfied]
    completed = [s.completion for a, s in children if a.rollup_completion]
    return Status(
        completion=_default(completed, COMPLETED, INCOMPLETE),
        success=_default(satisfied, PASSED, FAILED),
        measure=_weighted(
            [(a.measure_weight, s.measure) for a, s in children if a.measure_weight > 0]
        ),
        progress=_weighted(
            [
                (a.progress_weight, _progress(s))
                for a, s in children
                if a.progress_weight > 0
            ],
            all_count=True,
        ),
        attempted=any(s.attempted for _, s in children),
    )


def _default(values: list[str], good: str, bad: str) -> str:
    """SN default rollup: "all good" wins; else "all known" is bad; else unknown.
    No contributing child means unknown."""
    if not values:
        return UNKNOWN
    if all(v == good for v in values):
        return good
    if all(v != UNKNOWN for v in values):
        return bad
    return UNKNOWN


def _progress(status: Status) -> float | None:
    if status.progress is not None:
        return status.progress
    if status.completion == COMPLETED:
        return 1.0
    if status.attempted or status.completion == INCOMPLETE:
        return 0.0
    return None


def _weighted(
    pairs: list[tuple[float, float | None]], *, all_count: bool = False
) -> float | None:
    """Weighted mean of the known values. With ``all_count`` an unknown value
    counts as 0 (progress: an unseen SCO adds nothing), unless none is known."""
    known = [(w, v) for w, v in pairs if v is not None]
    if not known:
        return None
    counted = pairs if all_count else known
    total = sum(w for w, _ in counted)
    if total <= 0:
        return None
    return sum(w * (v or 0.0) for w, v in counted) / total


# --- the activity tree from a stored manifest -------------------------------------


def _find(node: dict | None, tag: str) -> dict | None:
    for child in (node or {}).get("children", []):
        if child.get("tag") == tag:
            return child
    return None


def _rollup_attributes(sequencing: dict | None, collection: Mapping) -> dict:
    """``imsss:rollupRules`` attributes: the shared set named by ``IDRef`` first,
    the item's own on top (SCORM 2004 CAM: local overrides the collection)."""
    attributes: dict = {}
    if sequencing:
        shared = collection.get((sequencing.get("attributes") or {}).get("IDRef", ""))
        for source in (shared, sequencing):
            rules = _find(source, "rollupRules")
            if rules:
                attributes.update(rules.get("attributes") or {})
    return attributes


def _flag(value: str | None) -> bool:
    return (value or "true").strip().lower() != "false"


def _weight(value: str | None, default: float) -> float:
    try:
        number = float(value) if value not in (None, "") else default
    except ValueError:
        return default
    return min(max(number, 0.0), 1.0)


def activity_tree(manifest: dict) -> Activity:
    """The default organisation of a stored manifest (``Manifest.to_dict()``) as
    an activity tree whose root is the organisation."""
    collection = manifest.get("sequencing_collection") or {}
    organization = next(
        o
        for o in manifest["organizations"]
        if o["identifier"] == manifest["default_org"]
    )

    def node(item: dict) -> Activity:
        rules = _rollup_attributes(item.get("sequencing"), collection)
        threshold = item.get("completion_threshold") or {}
        return Activity(
            identifier=item["identifier"],
            title=item.get("title", ""),
            children=tuple(node(child) for child in item.get("children", [])),
            rollup_satisfied=_flag(rules.get("rollupObjectiveSatisfied")),
            rollup_completion=_flag(rules.get("rollupProgressCompletion")),
            measure_weight=_weight(rules.get("objectiveMeasureWeight"), 1.0),
            progress_weight=_weight(threshold.get("progress_weight"), 1.0),
        )

    return Activity(
        identifier=organization["identifier"],
        title=organization.get("title", ""),
        children=tuple(node(item) for item in organization["items"]),
    )


def control_mode(manifest: dict) -> dict[str, bool]:
    """The organisation's ``imsss:controlMode`` choice/flow (defaults: choice
    true, flow false, as SCORM 2004 SN; the academy treats a missing
    controlMode as both allowed so a package without sequencing stays usable)."""
    organization = next(
        o
        for o in manifest["organizations"]
        if o["identifier"] == manifest["default_org"]
    )
    sequencing = organization.get("sequencing")
    collection = manifest.get("sequencing_collection") or {}
    mode: dict = {}
    if sequencing:
        shared = collection.get((sequencing.get("attributes") or {}).get("IDRef", ""))
        for source in (shared, sequencing):
            found = _find(source, "controlMode")
            if found:
                mode.update(found.get("attributes") or {})
    return {
        "choice": _flag(mode.get("choice")),
        "flow": _flag(mode.get("flow")),
    }
