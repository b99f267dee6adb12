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

from collections.abc import Iterable, Mapping
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
    size = {node: int(sizes.get(node, 0)) for node in parents}
    children: dict[int | None, list[int]] = {}
    for node, parent in parents.items():
        key = parent if parent in parents else ORGANISATION
        children.setdefault(key, []).append(node)

    def own(node: int | None) -> int:
        whole = (total or 0) if node is ORGANISATION else size[node]
        inside = sum(size[kid] for kid in children.get(node, ()))
        return max(whole - inside, 0)

    hidden = {node for node in parents if 0 < size[node] < minimum}

    def mass(node: int) -> int:
        """People under a hidden ``node`` not covered by a visible figure."""
        return own(node) + sum(
            mass(kid) for kid in children.get(node, ()) if kid in hidden
        )

    def visible_parts(node: int | None) -> Iterable[int]:
        """The topmost visible departments below ``node`` (through hidden ones)."""
        for kid in children.get(node, ()):
            if kid not in hidden:
                yield kid
            else:
                yield from visible_parts(kid)

    roots: list[int | None] = [n for n in parents if n not in hidden]
    if total is not None:
        roots.append(ORGANISATION)
    changed = True
    while changed:
        changed = False
        for node in roots:
            if node is not ORGANISATION and node in hidden:
                continue
            remainder = own(node) + sum(
                mass(kid) for kid in children.get(node, ()) if kid in hidden
            )
            if not 0 < remainder < minimum:
                continue
            parts = [p for p in visible_parts(node) if size[p] > 0]
            if not parts:
                continue
            smallest = min(parts, key=lambda p: (size[p], p))
            hidden.add(smallest)
            changed = True
    return hidden
