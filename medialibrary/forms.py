from django import forms
from django.core.exceptions import ValidationError

from medialibrary import uploads
from medialibrary.images import NotAcceptedImage
from medialibrary.models import MediaItem

# What the browser's file picker offers; the file's bytes decide all the same.
ACCEPT = (
    "image/jpeg,image/png,image/gif,image/webp,"
    "audio/mpeg,audio/mp4,audio/aac,audio/ogg,audio/wav,video/mp4,video/webm,"
    ".mp3,.m4a,.aac,.ogg,.oga,.opus,.wav,.mp4,.m4v,.webm"
)


class UploadForm(forms.ModelForm):
    """A new image, audio or video file, checked by its bytes, and what is said about it."""

    upload = forms.FileField(
        label="File",
        help_text="An image (JPEG, PNG, GIF or WebP: location and camera data are removed "
        "on upload), or audio or video (MP3, M4A, AAC, OGG, Opus, WAV, MP4 or WebM, kept "
        "as it is).",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )

    class Meta:
        model = MediaItem
        fields = ["upload", "title", "alt_text", "caption", "description"]

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        try:
            self.prepared = uploads.prepare(upload)
        except NotAcceptedImage as refused:
            raise ValidationError(str(refused), code="not_accepted") from None
        return upload

    def save(self, user, commit=True):
        """Adds the file to the library (always at once: files and row go together)."""
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields[1:]}
        filename = self.cleaned_data["upload"].name
        return uploads.store(self.prepared, filename=filename, user=user, **fields)


class MediaItemForm(forms.ModelForm):
    """What is said about a file already in the library; the file stays."""

    class Meta:
        model = MediaItem
        fields = ["title", "alt_text", "caption", "description"]
