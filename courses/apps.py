from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = "Courses and curricula"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_migrate, post_save

        from accounts.api import (
            ACADEMY_ADMINS,
            LD_EDITORS,
            LD_REVIEWERS,
            register_group_permissions,
        )

        from .models import RolloutBlocker, Skill
        from .signals import ensure_editorial_setup_after_migrate, taxonomy_changed

        taxonomy = ("skill", "rolloutblocker", "role")
        register_group_permissions(
            LD_EDITORS,
            [
                f"courses.{action}_{model}"
                for model in taxonomy
                for action in ("add", "change", "view")
            ],
        )
        # Bank questions are retired, never deleted: attempts refer to them.
        register_group_permissions(
            LD_EDITORS,
            [f"courses.{action}_bankquestion" for action in ("add", "change", "view")],
        )
        register_group_permissions(
            LD_REVIEWERS,
            [f"courses.view_{model}" for model in (*taxonomy, "bankquestion")],
        )
        # The organisation profile lessons are filled from (ADR 0022).
        for group in (LD_EDITORS, ACADEMY_ADMINS):
            register_group_permissions(
                group, ["cms.change_organisationprofilesettings"]
            )
        post_migrate.connect(ensure_editorial_setup_after_migrate, sender=self)
        for model in (Skill, RolloutBlocker):
            for name, signal in (("saved", post_save), ("deleted", post_delete)):
                signal.connect(
                    taxonomy_changed,
                    sender=model,
                    dispatch_uid=f"courses.taxonomy.{model.__name__}.{name}",
                )
