"""Small-group suppression, worked out by hand on small department trees."""

import pytest

from analytics.privacy import Audience, hidden_in_tree

LEADERSHIP = Audience(see_individuals=False, min_group_size=5)
ADMIN = Audience(see_individuals=True, min_group_size=5)


@pytest.mark.parametrize(
    ("people", "hidden"), [(0, False), (1, True), (4, True), (5, False), (None, False)]
)
def test_a_figure_over_one_to_four_people_is_hidden(people, hidden):
    assert LEADERSHIP.hides(people) is hidden


def test_admins_see_every_figure():
    assert not ADMIN.hides(1)
    assert hidden_in_tree({1: None}, {1: 2}, total=2, audience=ADMIN) == set()


def test_small_department_is_hidden_and_empty_one_is_not():
    parents = {1: None, 2: 1, 3: 1, 4: 1}
    sizes = {1: 30, 2: 21, 3: 4, 4: 0}
    # Claims (3) has 4 people: hidden. Operations minus Sales (21) leaves those 4
    # and Operations' own 5 people: 9, enough, so nothing more is hidden. The
    # empty department is shown (as "no data"), not hidden.
    assert hidden_in_tree(parents, sizes, total=None, audience=LEADERSHIP) == {3}


def test_a_head_placed_directly_in_a_parent_cannot_be_worked_out():
    # Claims (28) = its head (1) + Intake (20) + Settlement (7). With all three
    # figures shown, Claims - Intake - Settlement would be the head alone, so the
    # smaller child is hidden too: the remainder becomes 1 + 7 = 8 people.
    parents = {1: None, 2: 1, 3: 1}
    sizes = {1: 28, 2: 20, 3: 7}
    assert hidden_in_tree(parents, sizes, total=None, audience=LEADERSHIP) == {3}


def test_learners_without_a_department_are_protected_by_the_organisation_total():
    # 30 people, 27 in Operations: the organisation figure minus Operations would
    # give the 3 people without a department, so Operations is hidden.
    hidden = hidden_in_tree({1: None}, {1: 27}, total=30, audience=LEADERSHIP)
    assert hidden == {1}
    assert hidden_in_tree({1: None}, {1: 30}, total=30, audience=LEADERSHIP) == set()


def test_hiding_reaches_below_hidden_departments():
    # P (20, own 1) > C1 (12, own 2) > G (10); P > C2 (7).
    # P's remainder is its own 1 person: C2, the smaller part, is hidden (1 + 7).
    # C1's remainder is its own 2 people: G, its only part, is hidden (2 + 10).
    parents = {1: None, 2: 1, 3: 2, 4: 1}
    sizes = {1: 20, 2: 12, 3: 10, 4: 7}
    assert hidden_in_tree(parents, sizes, total=None, audience=LEADERSHIP) == {3, 4}


def test_a_visible_part_is_hidden_when_it_would_reveal_a_hidden_sibling():
    # P (30) = H (4, hidden) + V (26): P - V would give H away.
    parents = {1: None, 2: 1, 3: 1}
    sizes = {1: 30, 2: 4, 3: 26}
    assert hidden_in_tree(parents, sizes, total=None, audience=LEADERSHIP) == {2, 3}


def test_an_unknown_parent_is_treated_as_the_top_level():
    hidden = hidden_in_tree({5: 99}, {5: 3}, total=None, audience=LEADERSHIP)
    assert hidden == {5}
