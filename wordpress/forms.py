from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

from wordpress.reading import wxr

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
NOT_XML = (
    "This is not a WordPress export: it is not an XML file (export it from WordPress "
    "under Tools → Export). Nothing was imported."
)


def max_upload_bytes():
    """WORDPRESS_IMPORT_MAX_BYTES, read at call time (50 MB unless set)."""
    return getattr(settings, "WORDPRESS_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)


def too_large_message():
    return (
        f"The file is larger than {filesizeformat(max_upload_bytes())}; import it with "
        "`manage.py import_wxr FILE` on the server instead."
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label="WordPress export (WXR)",
        help_text="The .xml file from WordPress's Tools → Export → All content.",
    )
    dry_run = forms.BooleanField(
        required=False, label="Dry run: show what would be imported, save nothing"
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > max_upload_bytes():
            raise ValidationError(too_large_message(), code="too_large")
        # Obviously wrong files are refused here; the worker reads the file through.
        head = upload.read(1024)
        upload.seek(0)
        if not wxr.looks_like_xml(head):
            raise ValidationError(NOT_XML, code="not_xml")
        return upload
