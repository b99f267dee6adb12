"""Print what a SCORM package holds: version, organisation tree, launch URLs.

``python manage.py scorm_inspect PATH`` where PATH is a package .zip or a folder
holding imsmanifest.xml. The same checks as an upload run (a zip is not extracted);
a package the academy would refuse gives one line saying why, and exit status 2.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from scorm.manifest import ManifestError
from scorm.outline import text_lines
from scorm.package import PackageError, check_folder, check_zip
from scorm.services import limits_from_settings


class Command(BaseCommand):
    help = "Check a SCORM package (.zip or folder) and print its organisation tree."

    def add_arguments(self, parser):
        parser.add_argument("path", help="A package .zip or a folder with a manifest.")

    def handle(self, *args, path: str, **options):
        target = Path(path)
        limits = limits_from_settings()
        try:
            if target.is_dir():
                manifest, file_count = check_folder(target, limits=limits), None
            elif target.is_file():
                with target.open("rb") as source:
                    checked = check_zip(source, limits=limits)
                manifest, file_count = checked.manifest, checked.file_count
            else:
                raise PackageError(f'"{path}" is neither a file nor a folder.')
        except (PackageError, ManifestError) as exc:
            raise CommandError(f"{path}: {exc}", returncode=2) from None
        self.stdout.write("\n".join(text_lines(manifest, file_count=file_count)))
