from django.apps import AppConfig


class ScimConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "scim"
    verbose_name = "SCIM provisioning"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from .models import ScimClient
        from .tokens import client_cache_clear_signal

        for name, signal in (("saved", post_save), ("deleted", post_delete)):
            signal.connect(
                client_cache_clear_signal,
                sender=ScimClient,
                dispatch_uid=f"scim_client_cache_{name}",
            )
