from django import template
from django.utils.safestring import mark_safe
from wagtail.embeds.templatetags.wagtailembeds_tags import embed_tag
from wagtail.models import Site

register = template.Library()


@register.simple_tag(takes_context=True)
def lesson_embed(context, url: str) -> str:
    """The embed HTML for ``url``: prefetched with the lesson when it can be
    (``lesson_embeds`` in the context), otherwise from Wagtail's embed finders."""
    prefetched = context.get("lesson_embeds") or {}
    if url in prefetched:
        return mark_safe(prefetched[url])  # noqa: S308 - the provider's embed HTML
    return embed_tag(url)


@register.filter
def duration(minutes) -> str:
    """45 -> "45 min"; 125 -> "2 h 5 min"."""
    try:
        minutes = int(minutes)
    except (TypeError, ValueError):
        return ""
    hours, rest = divmod(max(minutes, 0), 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest} min" if rest else f"{hours} h"


def _profile(context):
    """The organisation profile: the page's, else read once per request."""
    profile = context.get("org_profile")
    if profile is not None:
        return profile
    from cms.api import organisation_profile

    request = context.get("request")
    if request is None:
        # A block preview rendered without a request: the neutral defaults.
        from cms.api import OrganisationProfile

        return OrganisationProfile()
    profile = getattr(request, "_academy_org_profile", None)
    if profile is None:
        profile = organisation_profile(Site.find_for_request(request))
        request._academy_org_profile = profile
    return profile


@register.simple_tag(takes_context=True)
def org_richtext(context, value) -> str:
    """Rich text with the organisation's placeholders and the lesson's citation
    markers filled in (``courses/placeholders.py``)."""
    from wagtail.templatetags.wagtailcore_tags import richtext

    from courses.placeholders import fill_html

    return mark_safe(  # noqa: S308 - stored rich text; filled values are escaped
        fill_html(str(richtext(value)), _profile(context), context.get("citations"))
    )


@register.simple_tag(takes_context=True)
def org_text(context, value) -> str:
    """Plain text with the organisation's placeholders filled in (escaped later)."""
    from courses.placeholders import fill_text

    return fill_text(str(value or ""), _profile(context))


@register.simple_tag(takes_context=True)
def org_shows(context, jurisdiction: str) -> bool:
    """Whether the organisation works under ``jurisdiction`` (uk, eu, us)."""
    return jurisdiction in _profile(context).jurisdictions
