"""Item analysis of the question bank from the shell.

python manage.py item_analysis                 # a table on standard output
python manage.py item_analysis --csv items.csv # the same rows as CSV
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.exports import write_csv

from ...item_analysis import item_report

COLUMNS = [
    "id",
    "check",
    "skill",
    "attempts",
    "difficulty",
    "discrimination",
    "mean_seconds",
    "flags",
]


class Command(BaseCommand):
    help = (
        "One row per bank question and knowledge check: attempts, difficulty (share "
        "right), discrimination (point-biserial with the rest score), mean seconds "
        "spent on the question and flags."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--csv", metavar="OUT", help="Write the rows as CSV to OUT."
        )

    def handle(self, *args, **options):
        questions, _checks = item_report()
        table = questions[COLUMNS]
        if options["csv"]:
            out = Path(options["csv"])
            if not out.parent.is_dir():
                raise CommandError(f"No such folder: {out.parent}")
            with out.open("w", encoding="utf-8", newline="") as fileobj:
                write_csv(table, fileobj)
            self.stdout.write(f"Wrote {len(table)} rows to {out}.")
            return
        if table.empty:
            self.stdout.write("No submitted attempts yet.")
            return
        self.stdout.write(table.to_string(index=False))
