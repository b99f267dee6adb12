from django import template

register = template.Library()


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
