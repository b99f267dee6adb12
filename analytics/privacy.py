"""Who may see which figure: small-group suppression (pure, no Django).

Aggregates over fewer than ``ANALYTICS_MIN_GROUP_SIZE`` people are hidden from
anyone who may not see those people individually (everyone but Academy admins;
docs/architecture.md, "People and permissions"). Two rules apply:

1. **Primary**: a figure resting on 1 to ``minimum - 1`` people is hidden. A
   figure over nobody is not hidden; it is shown as "no data".
2. **Complementary** (department trees only): department figures cover their
   whole subtree, so a parent minus its visible children would give away the
   people who are not in any visible child (typically a department head placed
   directly in the parent). Whenever that remainder is 1 to ``minimum - 1``
   people, the smallest visible part below is hidden too, until every visible
   figure's remainder is 0 or at least ``minimum`` people. The organisation as a
   whole counts as the root, so learners without a department are protected too.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

#: Marker of the organisation in a tree (the parent of top-level departments).
ORGANISATION = None


@dataclass(frozen=True)
class Audience:
    """What the person looking at a page may see."""

    see_individuals: bool
    min_group_size: int

    def hides(self, people: int | None) -> bool:
        """Whether a figure over ``people`` people is hidden from this audience."""
        if self.see_individuals or people is None:
            return False
        return 0 < int(people) < self.min_group_size


@dataclass(frozen=True)
class _Tree:
    """A department tree with the people behind each department's figure."""

    children: dict[int | None, list[int]]
    size: dict[int, int]
    total: int

    @classmethod
    def build(
        cls,
        parents: Mapping[int, int | None],
        sizes: Mapping[int, int],
        total: int | None,
    ) -> _Tree:
        children: dict[int | None, list[int]] = {}
        for node, parent in parents.items():
            key = parent if parent in parents else ORGANISATION
            children.setdefault(key, []).append(node)
        size = {node: int(sizes.get(node, 0)) for node in parents}
        return cls(children=children, size=size, total=total or 0)

    def own(self, node: int | None) -> int:
        """People in ``node``'s figure but in none of its children's."""
        whole = self.total if node is ORGANISATION else self.size[node]
        inside = sum(self.size[kid] for kid in self.children.get(node, ()))
        return max(whole - inside, 0)

    def uncovered(self, node: int | None, hidden: set[int]) -> int:
        """People under ``node`` that no visible figure below it covers."""
        return self.own(node) + sum(
            self.uncovered(kid, hidden)
            for kid in self.children.get(node, ())
            if kid in hidden
        )

    def visible_parts(self, node: int | None, hidden: set[int]) -> Iterator[int]:
        """The topmost visible departments below ``node`` (through hidden ones)."""
        for kid in self.children.get(node, ()):
            if kid not in hidden:
                yield kid
            else:
                yield from self.visible_parts(kid, hidden)


def _part_to_hide(
    tree: _Tree, node: int | None, hidden: set[int], minimum: int
) -> int | None:
    """The smallest visible part below a visible ``node`` to hide when ``node``
    minus its visible parts would leave 1 to ``minimum - 1`` people; else None."""
    if node is not ORGANISATION and node in hidden:
        return None
    if not 0 < tree.uncovered(node, hidden) < minimum:
        return None
    parts = [p for p in tree.visible_parts(node, hidden) if tree.size[p] > 0]
    if not parts:
        return None
    return min(parts, key=lambda p: (tree.size[p], p))


def hidden_in_tree(
    parents: Mapping[int, int | None],
    sizes: Mapping[int, int],
    *,
    total: int | None,
    audience: Audience,
) -> set[int]:
    """Departments whose figures must be hidden from ``audience``.

    ``parents`` maps every department to its parent (None for a top-level one);
    ``sizes`` gives the people behind each department's figure, subtree included
    (missing means 0); ``total`` is the organisation-wide count, or None when no
    organisation-wide figure is shown.
    """
    if audience.see_individuals:
        return set()
    minimum = audience.min_group_size
    tree = _Tree.build(parents, sizes, total)
    hidden = {node for node in parents if 0 < tree.size[node] < minimum}
    roots: list[int | None] = [n for n in parents if n not in hidden]
    if total is not None:
        roots.append(ORGANISATION)
    changed = True
    while changed:
        changed = False
        for node in roots:
            smallest = _part_to_hide(tree, node, hidden, minimum)
            if smallest is not None:
                hidden.add(smallest)
                changed = True
    return hidden
