"""Create, revoke and list SCIM client tokens from the command line."""

from django.core.management.base import BaseCommand, CommandError

from scim.tokens import TokenError, client_create, client_list, client_revoke_by_name


class Command(BaseCommand):
    help = (
        "Manage the tokens identity providers use for SCIM provisioning: "
        "'create NAME' prints a new client's token once, 'revoke NAME' stops it "
        "working at once, 'list' shows every client."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="Create a client and its token.")
        create.add_argument("name", help="The client's name, e.g. Okta.")
        revoke = actions.add_parser("revoke", help="Revoke a client's token.")
        revoke.add_argument("name")
        actions.add_parser("list", help="List clients and their state.")

    def handle(self, *args, action: str, **options):
        try:
            if action == "create":
                issued = client_create(name=options["name"])
                self.stdout.write(
                    f"Created SCIM client “{issued.client.name}”. Its token is shown "
                    "only now; store it in the identity provider:"
                )
                self.stdout.write(issued.token)
            elif action == "revoke":
                client = client_revoke_by_name(name=options["name"])
                self.stdout.write(f"Revoked the token of “{client.name}”.")
            else:
                self._list()
        except TokenError as exc:
            raise CommandError(str(exc)) from exc

    def _list(self) -> None:
        clients = list(client_list())
        if not clients:
            self.stdout.write("No SCIM clients yet.")
            return
        for client in clients:
            state = (
                f"revoked {client.revoked_at:%Y-%m-%d %H:%M}"
                if client.revoked_at
                else "active"
            )
            used = (
                f"last used {client.last_used_at:%Y-%m-%d %H:%M}"
                if client.last_used_at
                else "never used"
            )
            self.stdout.write(
                f"{client.name}\t{client.token_prefix}…\t{state}\t{used}\t"
                f"created {client.created_at:%Y-%m-%d %H:%M}"
            )
