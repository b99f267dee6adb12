from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "analytics"
    verbose_name = "Analytics"

    def ready(self) -> None:
        from accounts.api import (
            ACADEMY_ADMINS,
            LD_EDITORS,
            register_group_permissions,
        )

        # Both personas run initiatives; the analytics pages themselves are
        # guarded by group (accounts.personas), not by model permissions.
        initiative_perms = [
            f"analytics.{action}_initiative"
            for action in ("add", "change", "delete", "view")
        ]
        register_group_permissions(ACADEMY_ADMINS, initiative_perms)
        register_group_permissions(LD_EDITORS, initiative_perms)
