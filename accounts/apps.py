from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from .signals import ensure_groups_after_migrate

        post_migrate.connect(ensure_groups_after_migrate, sender=self)
