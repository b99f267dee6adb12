from .personas import groups_ensure


def ensure_groups_after_migrate(sender, using="default", **kwargs) -> None:
    groups_ensure(using=using)
