"""A JPEG without its metadata, the image data untouched: no second loss of quality, and
a thousand times faster than encoding it again (what an import of thousands of photos
waits for).

A JPEG is a list of segments, each a marker (0xFF and a code) and, for most, a length;
after each start of scan (SOS) comes the compressed image data, which runs to the next
marker (there 0xFF is followed by 0x00, or by a restart marker). EXIF, XMP, IPTC and the
like live in the application segments (APP0-APP15) and in comments (COM); a second
picture may follow the end of the image (EOI). All of it goes, but for what decoding
needs: the JFIF header (without its thumbnail), the colour profile (APP2 ICC_PROFILE)
and Adobe's colour transform (APP14).
"""

EOI, SOS, COM = 0xD9, 0xDA, 0xFE
APP0, APP2, APP14, APP15 = 0xE0, 0xE2, 0xEE, 0xEF
STANDALONE = {0x01, *range(0xD0, 0xD8)}  # TEM and RST0-7 have no length
# Application segments kept, by their marker and how their payload starts, and how much
# of the payload is kept (None: all).
KEPT = {APP0: (b"JFIF\x00", 12), APP2: (b"ICC_PROFILE\x00", None), APP14: (b"Adobe", 12)}


class NotJPEG(ValueError):
    """The bytes are not laid out as a JPEG's segments."""


def without_metadata(data):
    """`data` (a JPEG that Pillow decoded) without its metadata segments."""
    if data[:2] != b"\xff\xd8":
        raise NotJPEG("no start of image")
    out, at, size = [b"\xff\xd8"], 2, len(data)
    while at < size:
        if data[at] != 0xFF:
            raise NotJPEG("a segment without its marker")
        while at < size and data[at] == 0xFF:  # fill bytes before a marker
            at += 1
        if at == size:
            break
        marker = data[at]
        at += 1
        if marker == EOI:
            out.append(b"\xff\xd9")
            return b"".join(out)
        if marker in STANDALONE:
            out.append(bytes((0xFF, marker)))
            continue
        length = int.from_bytes(data[at : at + 2], "big")
        end = at + length
        if length < 2 or end > size:
            raise NotJPEG("a segment runs past the end")
        out.append(kept_segment(marker, data[at + 2 : end]))
        at = end
        if marker == SOS:
            start, at = at, end_of_scan(data, at)
            out.append(data[start:at])
    raise NotJPEG("no end of image")


def kept_segment(marker, payload):
    """The segment as written again, or b"" when it is metadata."""
    if marker == COM:
        return b""
    if APP0 <= marker <= APP15:
        name, keep = KEPT.get(marker, (None, None))
        if name is None or not payload.startswith(name):
            return b""
        if keep is not None:
            if len(payload) < keep:
                return b""
            payload = payload[:keep] + (b"\x00\x00" if marker == APP0 else b"")  # no thumbnail
    return bytes((0xFF, marker)) + (len(payload) + 2).to_bytes(2, "big") + payload


def end_of_scan(data, at):
    """Where the compressed data starting at `at` ends: the next real marker."""
    while True:
        at = data.find(b"\xff", at)
        if at < 0 or at + 1 >= len(data):
            raise NotJPEG("the image data has no end")
        following = data[at + 1]
        if following == 0xFF:  # a fill byte: the marker comes after it
            at += 1
        elif following == 0x00 or 0xD0 <= following <= 0xD7:  # stuffed 0xFF, or RSTn
            at += 2
        else:
            return at
