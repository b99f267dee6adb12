"""The organisation tree of a parsed manifest as flat rows and as text.

Works on the stored JSON (``Manifest.to_dict()``) so the admin can show a version
without re-reading its files; ``scorm_inspect`` prints the same rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from .manifest import Manifest


@dataclass(frozen=True)
class OutlineRow:
    depth: int
    identifier: str
    title: str
    launch_url: str
    scorm_type: str
    is_visible: bool


@dataclass(frozen=True)
class OrganizationOutline:
    identifier: str
    title: str
    is_default: bool
    rows: tuple[OutlineRow, ...]


def outline(manifest: dict) -> list[OrganizationOutline]:
    """Every organisation of a stored manifest, its items depth-first."""

    def rows(items: list[dict], depth: int):
        for item in items:
            yield OutlineRow(
                depth=depth,
                identifier=item["identifier"],
                title=item["title"],
                launch_url=item["launch_url"],
                scorm_type=item["scorm_type"] or "",
                is_visible=item["is_visible"],
            )
            yield from rows(item["children"], depth + 1)

    return [
        OrganizationOutline(
            identifier=organization["identifier"],
            title=organization["title"],
            is_default=organization["identifier"] == manifest["default_org"],
            rows=tuple(rows(organization["items"], 0)),
        )
        for organization in manifest["organizations"]
    ]


def text_lines(manifest: Manifest, *, file_count: int | None = None) -> list[str]:
    """A readable report: version, each organisation's tree and launch URLs."""
    data = manifest.to_dict()
    lines = [
        f"SCORM {manifest.version}",
        f"Manifest: {manifest.identifier or '(no identifier)'}",
    ]
    for organization in outline(data):
        default = " (default)" if organization.is_default else ""
        lines.append(
            f"Organisation: {organization.title} [{organization.identifier}]{default}"
        )
        for row in organization.rows:
            indent = "  " * (row.depth + 1)
            hidden = " (hidden)" if not row.is_visible else ""
            if row.launch_url:
                lines.append(
                    f"{indent}- {row.title} [{row.identifier}] {row.scorm_type}: "
                    f"{row.launch_url}{hidden}"
                )
            else:
                lines.append(f"{indent}+ {row.title} [{row.identifier}]{hidden}")
    scos = manifest.sco_count()
    summary = f"Resources: {len(manifest.resources)}; SCOs to launch: {scos}"
    if file_count is not None:
        summary += f"; files: {file_count}"
    lines.append(summary)
    return lines
