"""Replace the key the academy signs Open Badges with (docs/credentials.md)."""

from django.core.management.base import BaseCommand

from learners.services.credentials import signing_key_rotate


class Command(BaseCommand):
    help = (
        "Retire the badge signing key and make a new one. Badges signed with the "
        "retired key still verify: its public key stays published."
    )

    def handle(self, *args, **options):
        key = signing_key_rotate()
        self.stdout.write(f"New badge signing key {key.kid}; the old one is retired.")
