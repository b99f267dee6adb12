"""Build the demo academy: organisation, persona accounts, content and progress."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from analytics import demo as analytics_demo
from courses import demo as courses_demo
from learners import demo as learners_demo


class Command(BaseCommand):
    help = (
        "Load the Northwind Group demo: departments, learners, persona accounts, "
        "curricula and courses. Idempotent: running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--learners",
            type=int,
            default=300,
            help="How many people the organisation has (default 300).",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=2026,
            help="Random seed: the same seed gives the same organisation.",
        )
        parser.add_argument(
            "--load-users",
            type=int,
            default=0,
            help=(
                "Also let this many ordinary learners sign in with the demo "
                "password (verified emails), for load tests (default 0)."
            ),
        )

    def handle(self, *args, learners: int, seed: int, load_users: int, **options):
        if not settings.ACADEMY_ALLOW_DEMO_DATA:
            raise CommandError(
                "Demo data creates accounts with a published password and is refused "
                "here. Set ACADEMY_ALLOW_DEMO_DATA=true only on a development machine."
            )
        if learners < len(learners_demo.PERSONAS) + len(learners_demo.DEPARTMENTS):
            raise CommandError(
                f"--learners must be at least "
                f"{len(learners_demo.PERSONAS) + len(learners_demo.DEPARTMENTS)} "
                "(one head per department plus the persona accounts)."
            )
        # Content first: the organisation's people are enrolled in its curricula.
        content = courses_demo.demo_content_load()
        self.stdout.write(content.line())
        if courses_demo.demo_profile_load():
            self.stdout.write("Organisation profile: filled in for the demo company.")
        org = learners_demo.demo_org_load(learners=learners, seed=seed)
        people = org.people
        self.stdout.write(
            f"Organisation: {org.departments} departments; people created "
            f"{people.created}, updated {people.updated}, unchanged {people.unchanged}."
        )
        progress = learners_demo.demo_progress_load(seed=seed)
        self.stdout.write(
            f"Learning: {progress.enrolled_curricula} curriculum and "
            f"{progress.enrolled_courses} course enrolments added; "
            f"{progress.completions} course completions played back."
        )
        # Last: the initiatives' teams and the figures need everything above.
        initiatives, snapshot = analytics_demo.demo_analytics_load()
        self.stdout.write(
            f"Analytics: {initiatives} AI initiatives added; figures as of "
            f"{snapshot.as_of:%d %b %Y}."
        )
        if load_users:
            emails = learners_demo.demo_load_users_ensure(count=load_users)
            self.stdout.write(
                f"Load-test accounts: {len(emails)} learners can sign in with the "
                "demo password."
            )
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
        self.stdout.write("")
        self.stdout.write("Demo logins (development only) - password for all:")
        self.stdout.write(f"  {learners_demo.DEMO_PASSWORD}")
        for persona, email in org.personas:
            self.stdout.write(f"  {persona:<14} {email}")
        self.stdout.write(
            "Staff accounts (L&D editor, L&D reviewer, Academy admin, Leadership) "
            "set up an authenticator app on their first visit to a staff page (the "
            "admin, analytics); in development the code 000000 is accepted."
        )
