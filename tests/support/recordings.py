"""Small audio and video files built here: real container headers, then padding.

They carry no sound or picture (no encoder on this machine); what they have is what
medialibrary.signatures reads: an ID3 tag and MPEG frame headers, an ISO media `ftyp`
box, an Ogg page with its codec's first packet, a RIFF `fmt ` chunk, an EBML header.
"""

import struct

PADDING = bytes(range(256)) * 8  # 2 KB that is no header of anything


def mpeg_frame():
    """One MPEG-1 layer III frame: 128 kbit/s, 44.1 kHz, 417 bytes long."""
    return b"\xff\xfb\x90\x64" + b"\x00" * 413


def mp3(tagged=True):
    tag = b"ID3\x04\x00\x00" + bytes([0, 0, 0, 20]) + b"\x00" * 20 if tagged else b""
    return tag + mpeg_frame() * 3


def aac():
    """ADTS frames: AAC-LC, 44.1 kHz, stereo, 32-byte frames."""
    length = 32
    header = bytes(
        [
            0xFF,
            0xF1,
            0x50,
            0x80 | (length >> 11),
            (length >> 3) & 0xFF,
            ((length & 7) << 5) | 0x1F,
            0xFC,
        ]
    )
    return (header + b"\x00" * (length - 7)) * 4


def iso_media(major, *compatible):
    """An ftyp box (major brand, minor version, compatible brands), then a free box."""
    brands = b"".join(compatible)
    ftyp = struct.pack(">I", 16 + len(brands)) + b"ftyp" + major + b"\x00\x00\x02\x00" + brands
    return ftyp + struct.pack(">I", 8 + len(PADDING)) + b"free" + PADDING


def mp4():
    return iso_media(b"isom", b"isom", b"iso2", b"avc1", b"mp41")


def m4a():
    return iso_media(b"M4A ", b"M4A ", b"mp42", b"isom")


def ogg(first_packet):
    """The first Ogg page (beginning of stream) holding one packet."""
    header = b"OggS" + bytes([0, 0x02]) + b"\x00" * 8 + b"\x01\x00\x00\x00" * 2 + b"\x00" * 4
    return header + bytes([1, len(first_packet)]) + first_packet + PADDING


def opus():
    return ogg(b"OpusHead" + bytes([1, 2]) + struct.pack("<HIh", 312, 48000, 0) + b"\x00")


def vorbis():
    return ogg(b"\x01vorbis" + struct.pack("<IBI", 0, 2, 44100) + b"\x00" * 13 + b"\x01")


def wav():
    fmt = struct.pack("<HHIIHH", 1, 2, 44100, 44100 * 4, 4, 16)
    data = b"\x00" * 1024
    chunks = (
        b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", len(data)) + data
    )
    return b"RIFF" + struct.pack("<I", 4 + len(chunks)) + b"WAVE" + chunks


def ebml(doc_type):
    """An EBML header naming its DocType, then the start of a Segment."""
    elements = (
        b"\x42\x86\x81\x01"  # EBMLVersion 1
        + b"\x42\xf7\x81\x01"  # EBMLReadVersion 1
        + b"\x42\x82" + bytes([0x80 | len(doc_type)]) + doc_type
        + b"\x42\x87\x81\x04"  # DocTypeVersion 4
    )  # fmt: skip
    return (
        b"\x1a\x45\xdf\xa3"
        + bytes([0x80 | len(elements)])
        + elements
        + b"\x18\x53\x80\x67"
        + PADDING
    )


def webm():
    return ebml(b"webm")


SAMPLES = {
    "mp3": (mp3, "audio", "audio/mpeg"),
    "aac": (aac, "audio", "audio/aac"),
    "m4a": (m4a, "audio", "audio/mp4"),
    "ogg": (vorbis, "audio", "audio/ogg"),
    "opus": (opus, "audio", "audio/ogg"),
    "wav": (wav, "audio", "audio/wav"),
    "mp4": (mp4, "video", "video/mp4"),
    "webm": (webm, "video", "video/webm"),
}
