"""Import curriculum content from files: a whole content folder or one course."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from courses.content import ContentError, content_load, content_read
from courses.services import Change

#: Exit status for content that does not validate (nothing was loaded).
INVALID_INPUT = 2


class Command(BaseCommand):
    help = (
        "Load curriculum content from files: PATH is a content folder (skills.yaml, "
        "courses.yaml, curricula.yaml, courses/) or one course folder (course.yaml "
        "and its lessons). Every file is validated first; any problem is reported "
        "as file:line: message, nothing is loaded and the exit status is 2. "
        "Idempotent: loading the same files again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="A content or course folder.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Validate and list what would be created or updated; write nothing.",
        )

    def handle(self, *args, path: Path, dry_run: bool, verbosity: int, **options):
        try:
            summary = content_load(content=content_read(path=path), dry_run=dry_run)
        except ContentError as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            count = len(error.problems)
            raise CommandError(
                f"{count} problem{'s' if count != 1 else ''} in the content; "
                "nothing was loaded.",
                returncode=INVALID_INPUT,
            ) from error
        if summary.skipped:
            raise CommandError(summary.line())
        for item in summary.items:
            if item.change != Change.UNCHANGED or verbosity > 1:
                prefix = (
                    "would be " if dry_run and item.change != Change.UNCHANGED else ""
                )
                self.stdout.write(f"  {prefix}{item.line()}")
        self.stdout.write(summary.line())
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
