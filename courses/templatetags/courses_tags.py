from django import template
from django.utils.safestring import mark_safe
from wagtail.embeds.templatetags.wagtailembeds_tags import embed_tag

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
