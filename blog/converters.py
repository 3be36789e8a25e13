"""URL converters for permalinks, archives and pages: fixed-width dates, Unicode slugs.

Registered when the app is ready (blog.apps), so that any app's URLs may use them.
"""

import datetime

from django.urls import register_converter


class YearConverter:
    """Four digits, within the years a date can be shifted by a day or a time zone.

    Years 0001 and 9999 never resolve: the date views step one day past the period,
    which would overflow Python's datetime there.
    """

    regex = "[0-9]{4}"

    def to_python(self, value):
        if not datetime.MINYEAR < int(value) < datetime.MAXYEAR:
            raise ValueError(value)
        return value

    def to_url(self, value):
        return f"{int(value):04d}"


class TwoDigitConverter:
    """A month or a day as two digits; the date views reject impossible values."""

    regex = "[0-9]{2}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return f"{int(value):02d}"


class UnicodeSlugConverter:
    """Slugs with letters of any script, as `SlugField(allow_unicode=True)` stores them."""

    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class PagePathConverter(UnicodeSlugConverter):
    """A page's slugs from the top one down, joined by "/": `about` or `about/team`."""

    regex = r"[-\w]+(?:/[-\w]+)*"


def register():
    register_converter(YearConverter, "yyyy")
    register_converter(TwoDigitConverter, "nn")
    register_converter(UnicodeSlugConverter, "uslug")
    register_converter(PagePathConverter, "pagepath")
