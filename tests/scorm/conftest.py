from pathlib import Path

import pytest


@pytest.fixture
def media(settings, tmp_path) -> Path:
    """A private MEDIA_ROOT, so a test can see exactly what was stored."""
    root = tmp_path / "media"
    settings.MEDIA_ROOT = str(root)
    return root


def stored_files(root: Path) -> list[str]:
    if not root.exists():
        return []
    return sorted(
        str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()
    )
