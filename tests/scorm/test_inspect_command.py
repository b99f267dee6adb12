"""``manage.py scorm_inspect PATH``: the tree and launch URLs, or one error line."""

import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from .fixtures import (
    ADL_DIR,
    GOLF_12,
    GOLF_2004_4TH,
    REPO_ROOT,
    fixture,
    fixtures_dir,
    golf_members,
)


def _inspect(path) -> str:
    out = StringIO()
    call_command("scorm_inspect", str(path), stdout=out)
    return out.getvalue()


def test_a_multi_sco_zip_prints_version_tree_and_launch_urls():
    output = _inspect(fixture(GOLF_2004_4TH))
    lines = output.splitlines()
    assert lines[0] == "SCORM 2004 4th Edition"
    assert lines[2] == (
        "Organisation: Golf Explained - 4th Edition Features "
        "[golf_sample_default_org] (default)"
    )
    assert (
        "  - Quiz [assessment_item] sco: shared/launchpage.html?content=assessment"
        in lines
    )
    assert lines[-1] == "Resources: 6; SCOs to launch: 5; files: 59"


def test_a_folder_holding_a_manifest_is_inspected(tmp_path):
    for name, data in golf_members(GOLF_12).items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    output = _inspect(tmp_path)
    assert output.startswith("SCORM 1.2\n")
    assert "Golf Explained [item_1] sco: shared/launchpage.html" in output


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("README.md", "not a zip archive"),
        ("adl-2004-4th-manifests/LMSTestPackage_CM-01", "does not contain"),
        ("no-such-package.zip", "neither a file nor a folder"),
    ],
)
def test_a_bad_package_is_one_error_with_exit_status_2(path, message):
    target = fixtures_dir() / path
    with pytest.raises(CommandError, match=message) as caught:
        call_command("scorm_inspect", str(target))
    assert caught.value.returncode == 2
    assert "\n" not in str(caught.value)


def test_the_exit_status_and_single_error_line_from_the_shell():
    fixtures_dir()
    result = subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
        [sys.executable, "manage.py", "scorm_inspect", str(ADL_DIR / "ADL_README.md")],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={
            **os.environ,
            "PYTHONPATH": os.pathsep.join(
                filter(None, [os.environ.get("PYTHONPATH"), str(REPO_ROOT)])
            ),
        },
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert "not a zip archive" in result.stderr
