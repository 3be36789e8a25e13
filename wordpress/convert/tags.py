"""One HTML start tag as a small editable object, for the block conversions.

Only tags that change are written again (`str(tag)`), so the rest of a body stays
exactly as WordPress wrote it.
"""

import html
import re

START_TAG_RE = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
ATTRIBUTE_RE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")


class Tag:
    """A start tag's name and attributes (decoded values, in their order)."""

    def __init__(self, name, raw_attributes=""):
        self.name = name.lower()
        self.attributes = {}
        for match in ATTRIBUTE_RE.finditer(raw_attributes.rstrip("/")):
            value = next((v for v in match.groups()[1:] if v is not None), None)
            self.attributes.setdefault(
                match[1].lower(), None if value is None else html.unescape(value)
            )

    @classmethod
    def from_match(cls, match):
        return cls(match[1], match[2])

    def get(self, name, default=""):
        value = self.attributes.get(name, default)
        return default if value is None else value

    def set(self, name, value):
        self.attributes[name] = value

    def remove(self, name):
        self.attributes.pop(name, None)

    @property
    def classes(self):
        return self.get("class").split()

    def add_class(self, *names):
        classes = self.classes
        self.set("class", " ".join([*classes, *(n for n in names if n not in classes)]))

    def __str__(self):
        parts = [self.name]
        for name, value in self.attributes.items():
            parts.append(name if value is None else f'{name}="{html.escape(value)}"')
        return f"<{' '.join(parts)}>"


def css_declarations(style):
    """{property: value} of a style attribute, properties in lower case."""
    declarations = {}
    for declaration in style.split(";"):
        name, _, value = declaration.partition(":")
        if value.strip():
            declarations[name.strip().lower()] = value.strip()
    return declarations
