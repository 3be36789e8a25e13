"""Checking that an upload is an image we take, and making what pages show of it.

Nothing here trusts a file's name or the type its sender claims: Pillow reads the
bytes. The original is kept at its size but without its metadata (a phone photo's
EXIF carries where it was taken): an upright JPEG loses its metadata segments
(medialibrary.jpeg), any other image is written again, turned upright first as its EXIF
orientation said. `process` does that at upload. Resized copies, in the original's
format and in WebP, are made afterwards from the stored original (`copies_of`, run by
the task queue: medialibrary.tasks); pages only link to them.
"""

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from medialibrary import jpeg

# Pillow's format name: (file extension, content type).
FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "GIF": ("gif", "image/gif"),
    "WEBP": ("webp", "image/webp"),
}
# Widths of the resized copies; an image is never made larger than it is.
WIDTHS = (480, 960, 1600)
# More pixels than a 50-megapixel camera makes is a decompression bomb, not a photo.
MAX_PIXELS = 50_000_000
MAX_FRAMES = 500
# Orientation, EXIF tag 0x0112: 1 is upright already.
ORIENTATION = 0x0112


class NotAcceptedImage(ValueError):
    """Why an upload was refused, in words for the person who sent it."""


@dataclass
class Rendition:
    width: int
    height: int
    extension: str
    data: bytes


@dataclass
class ProcessedImage:
    extension: str
    content_type: str
    width: int
    height: int
    data: bytes
    animated: bool


def process(file):
    """The cleaned original, or NotAcceptedImage saying why not."""
    image = open_image(file)
    extension, content_type = FORMATS[image.format]
    animated = getattr(image, "is_animated", False)
    if animated:
        data = encode_animated(image)
        upright = image
    else:
        upright, data = clean_still(image, file)
    return ProcessedImage(
        extension=extension,
        content_type=content_type,
        width=upright.width,
        height=upright.height,
        data=data,
        animated=animated,
    )


def copies_of(file):
    """The resized copies of a stored original (already upright, without metadata)."""
    image = open_image(file)
    if getattr(image, "is_animated", False):  # a resized copy would stand still
        return []
    return list(resized_copies(image, image.format))


def open_image(file):
    """The image, fully decoded: a file that only looks like one fails here."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(file, formats=list(FORMATS))
            if image.width * image.height > MAX_PIXELS:
                raise NotAcceptedImage(
                    f"The image is {image.width:,} × {image.height:,} pixels; "
                    f"the largest accepted is {MAX_PIXELS // 1_000_000} megapixels."
                )
            if getattr(image, "n_frames", 1) > MAX_FRAMES:
                raise NotAcceptedImage(f"The image has more than {MAX_FRAMES} frames.")
            image.load()
            if getattr(image, "is_animated", False):
                for frame in range(1, image.n_frames):  # every frame decodes, or none
                    image.seek(frame)
                    image.load()
                image.seek(0)
    except NotAcceptedImage:
        raise
    except UnidentifiedImageError:
        raise NotAcceptedImage(
            "This file is not an image we accept: upload a JPEG, PNG, GIF or WebP image."
        ) from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise NotAcceptedImage(
            f"The image has too many pixels: the largest accepted is "
            f"{MAX_PIXELS // 1_000_000} megapixels."
        ) from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise NotAcceptedImage("The image is damaged or incomplete (truncated).") from None
    return image


def clean_still(image, file):
    """The image turned upright, and its bytes without metadata (EXIF, XMP, text)."""
    orientation = image.getexif().get(ORIENTATION, 1)
    keep = {"icc_profile": image.info["icc_profile"]} if image.info.get("icc_profile") else {}
    if image.format == "JPEG" and orientation == 1:
        # An upright photo keeps its image data as it is: only the metadata goes.
        file.seek(0)
        try:
            return image, jpeg.without_metadata(file.read())
        except jpeg.NotJPEG:  # laid out oddly: written again, at the same quantisation
            return image, encode(image, "JPEG", quality="keep", subsampling="keep", **keep)
    upright = ImageOps.exif_transpose(image)
    if image.format == "PNG" and "transparency" in image.info:
        keep["transparency"] = image.info["transparency"]
    return upright, encode(upright, image.format, **keep, **quality_for(image.format))


def encode_animated(image):
    """An animation again, frame by frame, without the metadata of the original."""
    options = {"save_all": True, "loop": image.info.get("loop", 0)}
    if "duration" in image.info:
        options["duration"] = image.info["duration"]
    if image.format == "WEBP":
        options.update(quality=90, exif=b"", xmp=b"")
    return encode(image, image.format, **options)


def makes_copies(width, extension):
    """Whether resized_copies() makes any for a still image: all but a WebP no wider
    than the narrowest copy, which is shown as it is."""
    return not (extension == "webp" and width <= WIDTHS[0])


def resized_copies(image, image_format):
    """Copies WIDTHS wide (smaller than the image only), in its format and in WebP.

    A still GIF's copies are PNG. An image narrower than the largest width also gets
    a WebP copy at its own size, so that WebP is offered at every size.
    """
    copy_format = "PNG" if image_format == "GIF" else image_format
    widths = [width for width in WIDTHS if width < image.width]
    for width in widths:
        height = max(1, round(image.height * width / image.width))
        smaller = image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        yield rendition(smaller, copy_format)
        if copy_format != "WEBP":
            yield rendition(smaller, "WEBP")
    if image.width <= WIDTHS[-1] and image_format != "WEBP":
        yield rendition(image, "WEBP")


def rendition(image, image_format):
    data = encode(image, image_format, **quality_for(image_format, copy=True))
    return Rendition(image.width, image.height, FORMATS[image_format][0], data)


def quality_for(image_format, copy=False):
    if image_format == "JPEG":
        return {"quality": 82 if copy else 90, "optimize": True, "progressive": True}
    if image_format == "WEBP":
        return {"quality": 80 if copy else 90, "method": 4, "exif": b"", "xmp": b""}
    if image_format == "PNG":
        return {"optimize": copy}
    return {}


def encode(image, image_format, **options):
    """The image in `image_format`, converted to a mode the format can hold."""
    if image_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    elif image_format == "WEBP" and image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if has_alpha(image) else "RGB")
    elif image_format == "PNG" and image.mode == "CMYK":
        image = image.convert("RGB")
    if image_format in ("JPEG", "GIF"):
        options.setdefault("comment", b"")  # else Pillow copies the original's comment
    out = io.BytesIO()
    image.save(out, image_format, **options)
    return out.getvalue()


def has_alpha(image):
    return image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
