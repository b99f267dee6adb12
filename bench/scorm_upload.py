"""SCORM package upload: time and peak memory, request body to committed rows.

Two packages, each run in a fresh process so peak RSS is its own:

1. the largest shared fixture (Rustici's SCORM 2004 3rd Edition golf package);
2. a generated 200 MiB package: the SCORM 1.2 golf package plus eight 25 MiB files
   of random (incompressible) data listed in its manifest, written deflated the
   way authoring tools write video and audio.

Each run writes the package as a multipart/form-data request body on disk, then
times, in one go: Django's ``MultiPartParser`` reading that body from a stream (files
over ``FILE_UPLOAD_MAX_MEMORY_SIZE`` go to a temporary file), and
``scorm.services.package_upload`` checking the zip, hashing it, extracting every
file into ``default_storage`` and committing the rows. It prints wall seconds, the
peak of Python allocations (``tracemalloc``) and the peak RSS of the process
(``resource.getrusage``, which includes Django itself). Usage::

    .venv/bin/python bench/scorm_upload.py [--size-mib 200]

Everything lives in a temporary folder (SQLite database, media), removed at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FIXTURES = Path(
    os.environ.get("SCORM_FIXTURES_DIR")
    or ROOT.parent / "shared" / "fixtures" / "scorm"
)
LARGEST_FIXTURE = FIXTURES / "golf_scorm2004_3rd_single_sco_runtime_basic.zip"
BASE_PACKAGE = FIXTURES / "golf_scorm12_single_sco_runtime_basic.zip"
MIB = 1024 * 1024
BOUNDARY = "scormbenchboundary7d1a"


def generate(path: Path, size_mib: int, files: int = 8) -> None:
    """The golf package plus ``files`` random files, ``size_mib`` MiB in all."""
    per_file = size_mib * MIB // files
    with zipfile.ZipFile(BASE_PACKAGE) as base:
        members = {
            info.filename: base.read(info)
            for info in base.infolist()
            if not info.is_dir()
        }
    names = [f"media/clip-{n:02d}.bin" for n in range(files)]
    listing = "".join(f'<file href="{name}"/>' for name in names).encode()
    members["imsmanifest.xml"] = re.sub(
        rb"</resource>", listing + b"</resource>", members["imsmanifest.xml"], count=1
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
        for name, data in members.items():
            out.writestr(name, data)
        for name in names:
            with out.open(name, "w", force_zip64=True) as stream:
                left = per_file
                while left:
                    chunk = os.urandom(min(MIB, left))
                    stream.write(chunk)
                    left -= len(chunk)


def request_body(package: Path, body: Path) -> None:
    """The multipart/form-data body a browser sends for the upload form."""
    with body.open("wb") as out, package.open("rb") as source:
        out.write(
            (
                f"--{BOUNDARY}\r\n"
                'Content-Disposition: form-data; name="title"\r\n\r\n'
                "Benchmark package\r\n"
                f"--{BOUNDARY}\r\n"
                'Content-Disposition: form-data; name="file"; '
                f'filename="{package.name}"\r\n'
                "Content-Type: application/zip\r\n\r\n"
            ).encode()
        )
        while chunk := source.read(MIB):
            out.write(chunk)
        out.write(f"\r\n--{BOUNDARY}--\r\n".encode())


def run_one(body: Path) -> dict:
    """In this process: parse the request body, then accept the package."""
    import django

    django.setup()
    from django.conf import settings
    from django.core.files.uploadhandler import load_handler
    from django.http.multipartparser import MultiPartParser

    from scorm.models import ScormPackageVersion
    from scorm.services import package_upload

    size = body.stat().st_size
    meta = {
        "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
        "CONTENT_LENGTH": str(size),
    }
    tracemalloc.start()
    started = time.perf_counter()
    with body.open("rb") as stream:
        # Django's own upload handlers, as a request would use them.
        handlers = [load_handler(path) for path in settings.FILE_UPLOAD_HANDLERS]
        _post, files = MultiPartParser(meta, stream, handlers).parse()
        upload = files["file"]
        parsed = time.perf_counter()
        version = package_upload(
            source=upload, file_name=upload.name, actor=None, title="Benchmark"
        )
    finished = time.perf_counter()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    version = ScormPackageVersion.objects.get(pk=version.pk)
    return {
        "upload_mib": round(version.upload_bytes / MIB, 1),
        "extracted_mib": round(version.size_bytes / MIB, 1),
        "files": version.file_count,
        "temporary_file": hasattr(upload, "temporary_file_path"),
        "parse_s": round(parsed - started, 2),
        "accept_s": round(finished - parsed, 2),
        "total_s": round(finished - started, 2),
        "tracemalloc_peak_mib": round(peak / MIB, 1),
        "peak_rss_mib": round(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mib", type=int, default=200)
    parser.add_argument("--run", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        print(json.dumps(run_one(Path(args.run))))
        return

    with tempfile.TemporaryDirectory(prefix="scorm-bench-") as tmp:
        work = Path(tmp)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "academy.settings.base",
            "DATABASE_URL": f"sqlite:///{work / 'bench.sqlite3'}",
            "MEDIA_ROOT": str(work / "media"),
            "PYTHONPATH": str(ROOT),
        }
        subprocess.run(  # noqa: S603 - our own manage.py
            [sys.executable, str(ROOT / "manage.py"), "migrate", "-v", "0"],
            env=env,
            check=True,
        )
        generated = work / f"generated-{args.size_mib}mib.zip"
        started = time.perf_counter()
        generate(generated, args.size_mib)
        print(
            f"generated {generated.name}: {generated.stat().st_size / MIB:.1f} MiB "
            f"in {time.perf_counter() - started:.1f} s"
        )
        for package in (LARGEST_FIXTURE, generated):
            body = work / "body.bin"
            request_body(package, body)
            result = subprocess.run(  # noqa: S603 - this script, fixed arguments
                [sys.executable, __file__, "--run", str(body)],
                env=env,
                check=False,
                capture_output=True,
                text=True,
            )
            if result.returncode:
                sys.exit(f"{package.name} failed:\n{result.stderr}")
            figures = json.loads(result.stdout.strip().splitlines()[-1])
            print(f"{package.name}: {json.dumps(figures)}")
            body.unlink()
        print(f"load average: {' '.join(f'{n:.2f}' for n in os.getloadavg())}")


if __name__ == "__main__":
    main()
