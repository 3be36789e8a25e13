"""What an audio or video file is, read from its first bytes (never its name or the
type its sender claims).

Accepted: MP3 (an ID3 tag or MPEG audio frames), AAC (ADTS frames), M4A and MP4 (an
ISO media `ftyp` box and its brand), Ogg Vorbis and Opus (the first page's codec),
WAV (RIFF with a `fmt ` chunk) and WebM (an EBML header of DocType "webm"). Each
check reads the whole header it relies on: a header cut short is refused as
truncated, and a container we do not take (QuickTime, Matroska, AVI, Ogg Theora) is
refused by its name.
"""

import struct
from dataclasses import dataclass

from medialibrary.images import NotAcceptedImage

HEAD = 4096  # bytes read to decide; a header that needs more is not one we take
ACCEPTED = "MP3, M4A, AAC, OGG, Opus, WAV, MP4 or WebM"


class NotAcceptedRecording(NotAcceptedImage):
    """Why an audio or video upload was refused, in words for the person who sent it."""


@dataclass(frozen=True)
class AudioVideoFormat:
    kind: str  # "audio" or "video"
    extension: str
    content_type: str


MP3 = AudioVideoFormat("audio", "mp3", "audio/mpeg")
AAC = AudioVideoFormat("audio", "aac", "audio/aac")
M4A = AudioVideoFormat("audio", "m4a", "audio/mp4")
OGG = AudioVideoFormat("audio", "ogg", "audio/ogg")
OPUS = AudioVideoFormat("audio", "opus", "audio/ogg")
WAV = AudioVideoFormat("audio", "wav", "audio/wav")
MP4 = AudioVideoFormat("video", "mp4", "video/mp4")
WEBM = AudioVideoFormat("video", "webm", "video/webm")
FORMATS = (MP3, AAC, M4A, OGG, OPUS, WAV, MP4, WEBM)

AUDIO_BRANDS = {b"M4A ", b"M4B "}
VIDEO_BRANDS = {
    b"isom", b"iso2", b"iso3", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1",
    b"M4V ", b"M4VP", b"dash", b"mmp4", b"MSNV",
}  # fmt: skip
IMAGE_BRANDS = {b"heic", b"heix", b"mif1", b"msf1", b"avif", b"avis"}

# MPEG audio layer III: kbit/s by bitrate index, for MPEG-1 and for MPEG-2/2.5.
BITRATES = {
    1: (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    2: (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
}
SAMPLE_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}


def truncated(name):
    return NotAcceptedRecording(f"The {name} file is truncated: its header is incomplete.")


def not_taken(what, instead):
    return NotAcceptedRecording(f"{what} is not accepted: {instead}.")


def identify(file):
    """The AudioVideoFormat of `file`, None if it is no audio or video container at all,
    or NotAcceptedRecording when it is one that is cut short or that we do not take."""
    head = read_at(file, 0, HEAD)
    if head.startswith(b"ID3"):
        return mp3_after_tag(file, head)
    if head[4:8] == b"ftyp":
        return iso_media(head)
    if head.startswith(b"OggS"):
        return ogg(head)
    if head.startswith(b"RIFF") and head[8:12] in (b"WAVE", b"AVI "):
        return wav(head)
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return webm(head)
    if head[:1] == b"\xff" and len(head) > 1 and head[1] & 0xE0 == 0xE0:
        return mpeg_frames(head)
    return None


def read_at(file, offset, size):
    file.seek(offset)
    data = file.read(size)
    file.seek(0)
    return data


# MP3 and AAC


def mp3_after_tag(file, head):
    """An ID3v2 tag (its size in "syncsafe" bytes), then an MPEG audio frame."""
    if len(head) < 10:
        raise truncated("MP3")
    size_bytes = head[6:10]
    if head[3] not in (2, 3, 4) or any(byte & 0x80 for byte in size_bytes):
        raise NotAcceptedRecording("The file's ID3 tag is damaged: it is not an MP3 we accept.")
    size = 10 + sum(byte << (7 * (3 - index)) for index, byte in enumerate(size_bytes))
    if head[5] & 0x10:  # a footer repeats the header at the end of the tag
        size += 10
    after = read_at(file, size, HEAD)
    after = after[len(after) - len(after.lstrip(b"\0")) :]  # padding after the tag
    if len(after) < 4:
        raise truncated("MP3")
    if frame_length(after) is None:
        raise NotAcceptedRecording("The file has an ID3 tag but no MP3 audio after it.")
    return MP3


def mpeg_frames(head):
    """MP3 frames (two in a row, so a chance 0xFFE is not taken for one) or AAC's ADTS."""
    if len(head) >= 2 and head[1] & 0xF6 == 0xF0:
        return adts(head)
    length = frame_length(head)
    if length is None:
        return None
    if len(head) < length + 4:
        raise truncated("MP3")
    if frame_length(head[length:]) is None:
        return None
    return MP3


def frame_length(data):
    """The byte length of the MPEG audio layer III frame at the start of data, or None."""
    if len(data) < 4 or data[0] != 0xFF or data[1] & 0xE0 != 0xE0:
        return None
    version, layer = (data[1] >> 3) & 3, (data[1] >> 1) & 3
    bitrate_index, rate_index = data[2] >> 4, (data[2] >> 2) & 3
    if version == 1 or layer != 1 or bitrate_index in (0, 15) or rate_index == 3:
        return None
    bitrate = BITRATES[1 if version == 3 else 2][bitrate_index] * 1000
    rate = SAMPLE_RATES[version][rate_index]
    padding = (data[2] >> 1) & 1
    return (144 if version == 3 else 72) * bitrate // rate + padding


def adts(head):
    """An AAC ADTS frame header: 12 sync bits, a known sample rate, a frame length."""
    if len(head) < 7:
        raise truncated("AAC")
    rate_index = (head[2] >> 2) & 0xF
    length = ((head[3] & 3) << 11) | (head[4] << 3) | (head[5] >> 5)
    if rate_index > 12 or length < 7:
        return None
    return AAC


# MP4 and M4A


def iso_media(head):
    """An ISO media file's `ftyp` box: its major brand, minor version and brands."""
    size = struct.unpack(">I", head[:4])[0]
    if size < 16 or size % 4:
        raise NotAcceptedRecording("The file's MP4 header is damaged: it is not one we accept.")
    if size + 8 > len(head):  # the box, and the header of the box after it
        if size + 8 > HEAD:
            raise NotAcceptedRecording("The file's MP4 header is damaged: it is too long.")
        raise truncated("MP4")
    brands = {head[8:12]} | {head[i : i + 4] for i in range(16, size, 4)}
    major = head[8:12]
    if major == b"qt  ":
        raise not_taken("QuickTime video (.mov)", "convert it to MP4 or WebM")
    if major in IMAGE_BRANDS:
        raise not_taken("A HEIC or AVIF image", "upload a JPEG, PNG, GIF or WebP image")
    if major in AUDIO_BRANDS:
        return M4A
    if brands & VIDEO_BRANDS:
        return MP4
    if brands & AUDIO_BRANDS:
        return M4A
    raise not_taken(f"An MP4-family file of brand “{major.decode('latin-1').strip()}”", ACCEPTED)


# Ogg, WAV, WebM


def ogg(head):
    """The first Ogg page (version 0, beginning of a stream) and the codec it starts."""
    if len(head) < 27:
        raise truncated("Ogg")
    if head[4] != 0 or not head[5] & 0x02:
        raise NotAcceptedRecording("The file's Ogg header is damaged: it is not one we accept.")
    start = 27 + head[26]
    packet = head[start : start + 8]
    if len(packet) < 8:
        raise truncated("Ogg")
    if packet.startswith(b"\x01vorbis"):
        return OGG
    if packet.startswith(b"OpusHead"):
        return OPUS
    if packet.startswith(b"\x80theora"):
        raise not_taken("Ogg Theora video", "convert it to MP4 or WebM")
    raise not_taken("An Ogg file of another codec than Vorbis or Opus", ACCEPTED)


def wav(head):
    """RIFF WAVE chunks up to its `fmt `: channels and sample rate must be there."""
    if head[8:12] == b"AVI ":
        raise not_taken("AVI video", "convert it to MP4 or WebM")
    position = 12
    while position + 8 <= len(head):
        name = head[position : position + 4]
        (size,) = struct.unpack("<I", head[position + 4 : position + 8])
        if name == b"fmt ":
            body = head[position + 8 : position + 8 + 16]
            if size < 16 or len(body) < 16:
                raise truncated("WAV")
            channels, rate = struct.unpack("<HI", body[2:8])
            if not channels or not rate:
                raise NotAcceptedRecording("The WAV file's format says no channels or no rate.")
            return WAV
        position += 8 + size + (size & 1)
    raise truncated("WAV")


def webm(head):
    """The EBML header, read element by element, must name its DocType "webm"."""
    header = read_vint(head, 4)
    if header is None:
        raise truncated("WebM")
    size, position = header
    end = position + size
    if end > len(head):
        raise truncated("WebM")
    while position < end:
        element = read_element_id(head, position)
        length = read_vint(head, element[1]) if element else None
        if length is None or length[1] + length[0] > end:
            raise truncated("WebM")
        if element[0] == 0x4282:  # DocType
            doc_type = head[length[1] : length[1] + length[0]].rstrip(b"\0")
            if doc_type == b"webm":
                return WEBM
            if doc_type == b"matroska":
                raise not_taken("Matroska video (.mkv)", "convert it to WebM or MP4")
            raise not_taken("This EBML file", ACCEPTED)
        position = length[1] + length[0]
    raise truncated("WebM")


def read_vint(data, position):
    """(value, position after) of the EBML variable-length integer there, or None."""
    if position >= len(data) or data[position] == 0:
        return None
    length = 9 - data[position].bit_length()
    if position + length > len(data):
        return None
    value = data[position] & (0xFF >> length)
    for byte in data[position + 1 : position + length]:
        value = (value << 8) | byte
    return value, position + length


def read_element_id(data, position):
    """(id with its marker bits, position after) of an EBML element id, or None."""
    if position >= len(data) or data[position] < 0x10:
        return None
    length = 9 - data[position].bit_length()
    if position + length > len(data):
        return None
    return int.from_bytes(data[position : position + length], "big"), position + length


# What a refused file looks like


SIGNATURES = (
    (b"\x7fELF", "a program (ELF executable)"),
    (b"MZ", "a Windows program"),
    (b"#!", "a script"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"%PDF", "a PDF document"),
    (b"II*\0", "a TIFF image"),
    (b"MM\0*", "a TIFF image"),
)
IMAGE_SIGNATURES = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a")


def looks_like_image(head):
    return head.startswith(IMAGE_SIGNATURES) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")


def describe(head):
    """What a file that is neither an image nor audio or video we take seems to be, or None."""
    for signature, what in SIGNATURES:
        if head.startswith(signature):
            return what
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"<") and b"<svg" in text:
        return "an SVG image, which can carry script"
    if text.startswith((b"<!doctype html", b"<html")) or b"<script" in text:
        return "an HTML page"
    if text.startswith(b"<"):
        return "an XML or HTML text"
    return None
