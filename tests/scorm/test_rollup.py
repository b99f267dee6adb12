"""SCORM 2004 rollup on hand-built trees and on the 4th Edition golf package."""

import zipfile

import pytest

from scorm.manifest import parse
from scorm.rollup import (
    Activity,
    Status,
    activity_tree,
    control_mode,
    leaf_status,
    rollup,
)

from .fixtures import GOLF_2004_3RD, GOLF_2004_4TH, fixture

DONE_PASSED = Status("completed", "passed", 0.9, None, True)
DONE = Status("completed", "unknown", None, None, True)
HALF = Status("incomplete", "unknown", None, 0.5, True)
FAILED = Status("completed", "failed", 0.2, None, True)


def _tree(*children):
    return Activity("root", children=tuple(children))


def test_default_rollup_needs_every_child_for_completed_and_passed():
    tree = _tree(Activity("a"), Activity("b"))
    both = rollup(tree, {"a": DONE_PASSED, "b": DONE_PASSED})["root"]
    assert (both.completion, both.success) == ("completed", "passed")
    assert both.measure == pytest.approx(0.9)
    one = rollup(tree, {"a": DONE_PASSED})["root"]
    assert (one.completion, one.success) == ("unknown", "unknown")
    assert one.attempted


def test_all_known_but_one_bad_rolls_up_incomplete_and_failed():
    tree = _tree(Activity("a"), Activity("b"))
    root = rollup(tree, {"a": DONE_PASSED, "b": FAILED})["root"]
    assert root.success == "failed"
    assert root.completion == "completed"
    assert root.measure == pytest.approx(0.55)
    root = rollup(tree, {"a": DONE_PASSED, "b": HALF})["root"]
    assert root.completion == "incomplete"


def test_children_that_do_not_contribute_are_left_out():
    tree = _tree(
        Activity(
            "a", rollup_satisfied=False, rollup_completion=False, measure_weight=0
        ),
        Activity("test"),
    )
    root = rollup(tree, {"test": DONE_PASSED})["root"]
    assert (root.completion, root.success, root.measure) == ("completed", "passed", 0.9)
    root = rollup(tree, {"a": DONE_PASSED, "test": FAILED})["root"]
    assert (root.success, root.measure) == ("failed", 0.2)


def test_no_contributing_child_is_unknown():
    tree = _tree(Activity("a", rollup_satisfied=False, rollup_completion=False))
    root = rollup(tree, {"a": DONE_PASSED})["root"]
    assert (root.completion, root.success) == ("unknown", "unknown")


def test_measure_and_progress_are_weighted():
    tree = _tree(
        Activity("a", measure_weight=0.25, progress_weight=0.75),
        Activity("b", measure_weight=0.75, progress_weight=0.25),
    )
    root = rollup(
        tree,
        {
            "a": Status("completed", "passed", 1.0, None, True),
            "b": Status("incomplete", "failed", 0.0, 0.4, True),
        },
    )["root"]
    assert root.measure == pytest.approx(0.25)
    assert root.progress == pytest.approx(0.75 * 1.0 + 0.25 * 0.4)


def test_nested_clusters_roll_up_bottom_up():
    tree = _tree(Activity("module", children=(Activity("a"), Activity("b"))))
    rolled = rollup(tree, {"a": DONE, "b": DONE})
    assert rolled["module"].completion == "completed"
    assert rolled["root"].completion == "completed"


def test_leaf_status_maps_stored_attempt_values():
    assert leaf_status("not attempted", "unknown", None, None) == Status()
    status = leaf_status("completed", "passed", 0.85, None)
    assert (status.completion, status.success, status.attempted) == (
        "completed",
        "passed",
        True,
    )
    assert leaf_status("incomplete", "bogus", None, 0.2).success == "unknown"


def _manifest(name):
    with zipfile.ZipFile(fixture(name)) as archive:
        return parse(archive.read("imsmanifest.xml")).to_dict()


def test_the_golf_post_test_alone_decides_the_4th_edition_package():
    manifest = _manifest(GOLF_2004_4TH)
    tree = activity_tree(manifest)
    assert [leaf.identifier for leaf in tree.leaves()] == [
        "playing_item",
        "etuqiette_item",
        "handicapping_item",
        "havingfun_item",
        "assessment_item",
    ]
    content = tree.children[0]
    assert (content.rollup_satisfied, content.rollup_completion) == (False, False)
    assert content.measure_weight == 0
    assert content.progress_weight == pytest.approx(0.5)
    quiz = tree.children[-1]
    assert (quiz.rollup_satisfied, quiz.rollup_completion, quiz.measure_weight) == (
        True,
        True,
        1.0,
    )
    # Reading the content without the test decides nothing.
    seen = {leaf.identifier: DONE for leaf in tree.children[:-1]}
    assert rollup(tree, seen)["golf_sample_default_org"].success == "unknown"
    passed = Status("completed", "passed", 0.85, None, True)
    root = rollup(tree, {"assessment_item": passed})["golf_sample_default_org"]
    assert (root.completion, root.success, root.measure) == (
        "completed",
        "passed",
        0.85,
    )
    failed = Status("completed", "failed", 0.4, None, True)
    root = rollup(tree, {**seen, "assessment_item": failed})["golf_sample_default_org"]
    assert root.success == "failed"
    assert control_mode(manifest) == {"choice": True, "flow": True}


def test_a_single_sco_package_rolls_up_its_one_sco():
    tree = activity_tree(_manifest(GOLF_2004_3RD))
    (leaf,) = tree.leaves()
    root = rollup(tree, {leaf.identifier: DONE_PASSED})[tree.identifier]
    assert (root.completion, root.success) == ("completed", "passed")


def _org_manifest(sequencing):
    return {
        "default_org": "org",
        "sequencing_collection": {
            "shared": {
                "tag": "sequencing",
                "children": [{"tag": "controlMode", "attributes": {"choice": "false"}}],
            }
        },
        "organizations": [
            {
                "identifier": "org",
                "title": "Org",
                "sequencing": sequencing,
                "items": [
                    {"identifier": "a", "title": "A", "children": []},
                    {"identifier": "b", "title": "B", "children": []},
                ],
            }
        ],
    }


def test_control_mode_reads_the_organisation_and_its_shared_rules():
    assert control_mode(_org_manifest(None)) == {"choice": True, "flow": True}
    own = {
        "tag": "sequencing",
        "children": [{"tag": "controlMode", "attributes": {"flow": "false"}}],
    }
    assert control_mode(_org_manifest(own)) == {"choice": True, "flow": False}
    shared = {"tag": "sequencing", "attributes": {"IDRef": "shared"}}
    assert control_mode(_org_manifest(shared)) == {"choice": False, "flow": True}


def test_an_activity_without_rollup_rules_contributes_fully():
    tree = activity_tree(_org_manifest(None))
    assert [(a.rollup_satisfied, a.measure_weight) for a in tree.children] == [
        (True, 1.0),
        (True, 1.0),
    ]
