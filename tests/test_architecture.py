"""The app boundaries of docs/architecture.md hold, and the checks catch a breach.

``lint-imports`` checks the contracts in pyproject.toml; here it runs on the real
tree, and on a copy with one deliberate violation to prove each kind of contract
fails when it should.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = (
    "academy",
    "core",
    "cms",
    "accounts",
    "courses",
    "learners",
    "analytics",
    "scim",
    "scorm",
)
APPS = ("core", "cms", "accounts", "courses", "learners", "analytics", "scim", "scorm")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    if not LINT_IMPORTS.exists():
        pytest.fail(f"lint-imports is not installed beside {sys.executable}")
    return subprocess.run(  # noqa: S603 - our own tool, fixed arguments
        [str(LINT_IMPORTS), "--no-cache", "--no-logo"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def tree_copy(tmp_path) -> Path:
    """The source packages and pyproject.toml, copied where they can be broken."""
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package,
            tmp_path / package,
            ignore=shutil.ignore_patterns("__pycache__", "templates", "static"),
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def _append(path: Path, line: str) -> None:
    path.write_text(path.read_text() + f"\n{line}\n")


def test_the_real_tree_keeps_every_contract():
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_the_copy_keeps_every_contract_before_it_is_broken(tree_copy):
    result = _lint_imports(tree_copy)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        # A lower app importing a higher one: the layers break.
        (
            "courses/services.py",
            "from learners import models",
            "Layers, top down (docs/architecture.md) BROKEN",
        ),
        # The shell importing the project package.
        (
            "cms/models.py",
            "import academy",
            "Nothing imports the project package academy BROKEN",
        ),
        # A higher app reaching past another app's api.py (the layers allow it).
        (
            "analytics/views.py",
            "from learners.models import Learner",
            "Other apps use learners only through learners.api BROKEN",
        ),
        (
            "learners/views.py",
            "from courses.selectors import role_list",
            "Other apps use courses only through courses.api BROKEN",
        ),
        (
            "courses/services.py",
            "from accounts.personas import LD_EDITORS",
            "Other apps use accounts only through accounts.api BROKEN",
        ),
        (
            "learners/wagtail_hooks.py",
            "from cms.models import HomePage",
            "Other apps use cms only through cms.api BROKEN",
        ),
    ],
)
def test_a_violation_fails_the_check_naming_its_contract(
    tree_copy, module, line, contract
):
    _append(tree_copy / module, line)
    result = _lint_imports(tree_copy)
    assert result.returncode != 0
    assert contract in result.stdout, result.stdout


def _imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("app", APPS)
def test_no_app_imports_the_project_package(app):
    offenders = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / app).rglob("*.py"))
        if "academy" in _imported_roots(path)
    ]
    assert offenders == []


def test_the_import_scan_sees_an_import_of_academy(tmp_path):
    module = tmp_path / "module.py"
    module.write_text("def f():\n    from academy.celery import app\n    return app\n")
    assert "academy" in _imported_roots(module)
