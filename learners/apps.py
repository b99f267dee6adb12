from django.apps import AppConfig
from django.conf import settings


class LearnersConfig(AppConfig):
    name = "learners"
    verbose_name = "People and progress"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import page_published, page_unpublished

        from accounts.api import ACADEMY_ADMINS, register_group_permissions
        from courses.api import Role

        from .models import AssignmentRule
        from .provisioning.services import rules_cache_clear
        from .signals import on_account_saved, on_page_published

        register_group_permissions(
            ACADEMY_ADMINS,
            [
                "learners.view_auditevent",
                "learners.view_certificate",
                "learners.change_certificate",
                "learners.add_target",
                "learners.change_target",
                "learners.delete_target",
                "learners.view_target",
                "django_celery_beat.view_periodictask",
                "django_celery_beat.change_periodictask",
            ],
        )

        page_published.connect(on_page_published, dispatch_uid="learners_published")
        page_unpublished.connect(on_page_published, dispatch_uid="learners_unpublished")
        # Provisioning caches the active rules and their roles' names.
        for model in (AssignmentRule, Role):
            for name, signal in (("saved", post_save), ("deleted", post_delete)):
                signal.connect(
                    rules_cache_clear,
                    sender=model,
                    dispatch_uid=f"learners_rules_cache_{model.__name__}_{name}",
                )
        # People search keeps each learner's name and email in their own row.
        post_save.connect(
            on_account_saved,
            sender=settings.AUTH_USER_MODEL,
            dispatch_uid="learners_account_search_text",
        )
