from django.apps import AppConfig


class ScormConfig(AppConfig):
    name = "scorm"
    verbose_name = "SCORM packages"

    def ready(self) -> None:
        from accounts.api import (
            ACADEMY_ADMINS,
            LD_EDITORS,
            LD_REVIEWERS,
            register_group_permissions,
        )

        # L&D upload packages and their new versions; reviewers look at what a
        # lesson under review will play. Versions are kept, never deleted here.
        register_group_permissions(
            LD_EDITORS,
            [f"scorm.{action}_scormpackage" for action in ("add", "change", "view")],
        )
        register_group_permissions(LD_REVIEWERS, ["scorm.view_scormpackage"])
        # Learners' attempts (CMI values, times): read-only, for L&D and admins.
        for group in (LD_EDITORS, ACADEMY_ADMINS):
            register_group_permissions(group, ["scorm.view_scormattempt"])
