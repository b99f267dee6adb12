from django.apps import AppConfig


class LearnersConfig(AppConfig):
    name = "learners"
    verbose_name = "People and progress"

    def ready(self) -> None:
        from wagtail.signals import page_published, page_unpublished

        from accounts.api import ACADEMY_ADMINS, register_group_permissions

        from .signals import on_page_published

        register_group_permissions(
            ACADEMY_ADMINS,
            [
                "learners.view_auditevent",
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
