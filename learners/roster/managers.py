"""Manager links: finding and breaking reporting loops.

Every employee has at most one manager, so the links form a "functional graph": each
connected part holds at most one loop, and one walk per employee finds them all in
linear time. Python dicts are the right tool here; there is nothing to vectorise.
"""

from __future__ import annotations

from collections.abc import Mapping


def manager_cycles(managers: Mapping[str, str | None]) -> list[list[str]]:
    """Return each reporting loop as a list of employee ids, following manager links.

    Each loop starts at its smallest employee id (plain ``str`` ordering), so
    ``["A", "B", "C"]`` means A reports to B, B to C and C back to A. Loops are sorted
    by that first id; an employee who manages themselves is a loop of one. A blank or
    None manager, or a manager id that is not a key, ends a chain.
    """
    # Walk number on which each employee was first reached: equal to the current
    # walk's number means "on this path", smaller means "finished earlier".
    walk_of: dict[str, int] = {}
    cycles: list[list[str]] = []
    # Dict order is fine: loops are disjoint and each is reported from its smallest
    # id, then sorted, so the result does not depend on where a walk starts.
    for walk, start in enumerate(managers):
        if start in walk_of:
            continue
        path: list[str] = []
        node: str | None = start
        while node and node in managers and node not in walk_of:
            walk_of[node] = walk
            path.append(node)
            node = managers[node]
        # Reaching a node of this very walk closes a loop; reaching one from an
        # earlier walk means the chain merely runs into known territory.
        if node and walk_of.get(node) == walk:
            loop = path[path.index(node) :]
            smallest = loop.index(min(loop))
            cycles.append(loop[smallest:] + loop[:smallest])
    cycles.sort(key=lambda loop: loop[0])
    return cycles


def break_manager_cycles(
    managers: dict[str, str | None],
) -> tuple[dict[str, str | None], list[tuple[str, str]]]:
    """Cut every reporting loop once, deterministically.

    ``managers`` maps employee id -> manager employee id (None or "" for none). The
    link leaving the smallest employee id of each loop is removed (that employee's
    manager becomes None), so the result does not depend on dict order. Returns a new
    mapping (the input is not modified) and the ``(employee_id, removed_manager_id)``
    links cut, one per loop, sorted by employee id. Self-management is a loop of one.
    """
    fixed = dict(managers)
    cut: list[tuple[str, str]] = []
    for loop in manager_cycles(managers):
        employee_id = loop[0]
        removed = managers[employee_id]
        if removed:  # Always true for a loop member; the check narrows the type.
            cut.append((employee_id, removed))
        fixed[employee_id] = None
    return fixed, cut
