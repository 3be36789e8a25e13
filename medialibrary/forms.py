from django import forms
from django.core.exceptions import ValidationError

from medialibrary import library
from medialibrary.models import MediaItem


class UploadForm(forms.ModelForm):
    """A new image: the file, checked by Pillow, and what is said about it."""

    upload = forms.FileField(
        label="Image",
        help_text="JPEG, PNG, GIF or WebP. Location and camera data are removed on upload.",
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/gif,image/webp"}
        ),
    )

    class Meta:
        model = MediaItem
        fields = ["upload", "title", "alt_text", "caption", "description"]

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        try:
            self.prepared = library.prepare(upload)
        except library.NotAcceptedImage as refused:
            raise ValidationError(str(refused), code="not_accepted") from None
        return upload

    def save(self, user, commit=True):
        """Adds the image to the library (always at once: files and row go together)."""
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields[1:]}
        filename = self.cleaned_data["upload"].name
        return library.store(self.prepared, filename=filename, user=user, **fields)


class MediaItemForm(forms.ModelForm):
    """What is said about an image already in the library; the file stays."""

    class Meta:
        model = MediaItem
        fields = ["title", "alt_text", "caption", "description"]
