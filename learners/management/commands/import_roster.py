"""Import an HR roster file (CSV or .xlsx) from the command line."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from learners.roster.files import describe_size
from learners.roster.plan import COUNT_LABELS
from learners.roster.problems import RosterFileError
from learners.roster.report import report_write
from learners.roster.services import (
    MAX_BYTES,
    ImportOptions,
    mapping_parse,
    roster_import_run,
)

# Exit status when the file cannot be read at all (0: processed, even with
# rejected rows; 1: Django's usual status for a usage error).
UNREADABLE = 2


class Command(BaseCommand):
    help = (
        "Import people from an HR roster export (CSV or .xlsx): create and update "
        "learners, departments and managers, apply assignment rules, and deactivate "
        "leavers. Exits 0 when the file was processed (even with rejected rows) and "
        "2 when it cannot be read."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The roster file: CSV (UTF-8) or .xlsx.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Show what would change and write nothing.",
        )
        parser.add_argument(
            "--report",
            metavar="OUT.csv",
            help="Write one line per problem: row, employee id, level, message.",
        )
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar='"Source header=field"',
            help=(
                'Read a column as a roster field, e.g. --map "Worker=employee_id". '
                "Repeat for several columns."
            ),
        )
        parser.add_argument(
            "--deactivate-missing",
            action="store_true",
            help="The file lists everyone: people missing from it have left.",
        )
        parser.add_argument(
            "--dayfirst",
            action="store_true",
            help="Read 01/02/2024 as 1 February (default: 2 January).",
        )

    def handle(self, *args, **options):
        source = Path(options["path"])
        dry_run = options["dry_run"]
        report = Path(options["report"]) if options["report"] else None
        if report is not None:
            # Fail before importing, not after, when the report cannot be written.
            try:
                report.touch()
            except OSError as exc:
                raise CommandError(
                    f"Cannot write the report to {report}: {exc.strerror}."
                ) from None
        try:
            import_options = ImportOptions(
                mapping=mapping_parse(options["map"]),
                dayfirst=options["dayfirst"],
                deactivate_missing=options["deactivate_missing"],
            )
            data = self._read(source)
            result = roster_import_run(
                data=data,
                file_name=source.name,
                options=import_options,
                dry_run=dry_run,
            )
        except RosterFileError as exc:
            raise CommandError(str(exc), returncode=UNREADABLE) from None

        plan = result.plan
        counts = plan.counts
        used = ", ".join(
            f"{header} → {name}" for header, name in plan.column_map.items()
        )
        self.stdout.write(f"Read {plan.total_rows:,} rows from {source.name}.")
        self.stdout.write(f"Columns used: {used}.")
        if plan.unknown_columns:
            self.stdout.write(
                "Columns ignored: " + ", ".join(plan.unknown_columns) + "."
            )
        width = max(len(label) for label in COUNT_LABELS.values())
        for name, label in COUNT_LABELS.items():
            self.stdout.write(f"  {label:<{width}}  {counts[name]:>9,}")
        if report is not None:
            with report.open("wb") as out:
                report_write(plan.problems, out)
            self.stdout.write(f"{len(plan.problems):,} problems written to {report}.")
        elif plan.problems:
            self.stdout.write("Use --report OUT.csv to list every problem.")
        if dry_run:
            self.stdout.write(self.style.WARNING("Dry run: nothing was changed."))
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Applied as roster import #{result.roster_import.pk}."
                )
            )

    def _read(self, source: Path) -> bytes:
        try:
            size = source.stat().st_size
        except OSError as exc:
            raise RosterFileError(
                f"{source} cannot be opened: {exc.strerror}."
            ) from None
        if size > MAX_BYTES:
            # Refused before reading, let alone parsing, a huge file.
            raise RosterFileError(
                f'"{source.name}" is {describe_size(size)}, more than the '
                f"{describe_size(MAX_BYTES)} allowed. Remove columns the academy does "
                "not need, or split the file."
            )
        try:
            return source.read_bytes()
        except OSError as exc:
            raise RosterFileError(f"{source} cannot be read: {exc.strerror}.") from None
