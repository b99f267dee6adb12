"""Admin forms of the site shell."""

from wagtail.admin.forms import WagtailAdminModelForm


class JunkTolerantStreamForm(WagtailAdminModelForm):
    """A settings form whose list fields (StreamFields) survive a junk POST.

    Wagtail reads a StreamField's ``<name>-count`` with ``int()``, so a tampered
    count would answer 500; here it counts as no items, and the form then says
    what is missing instead.
    """

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            from wagtail.fields import StreamField

            data = data.copy()
            for field in self._meta.model._meta.get_fields():
                key = f"{field.name}-count"
                if (
                    isinstance(field, StreamField)
                    and not str(data.get(key, "")).isdigit()
                ):
                    data[key] = "0"
        super().__init__(data, *args, **kwargs)
