"""{% picture item %}: a media item as a responsive <picture>, as blog.figures writes one."""

from django import template

register = template.Library()

WIDE = "(min-width: 44rem) 40rem, 100vw"


@register.inclusion_tag("medialibrary/picture.html")
def picture(item, eager=False, sizes=WIDE, css_class=""):
    return {"item": item, "eager": eager, "sizes": sizes, "css_class": css_class}
