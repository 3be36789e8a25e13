"""Compressed answers: brotli where the client accepts it, else gzip.

CompressionMiddleware compresses every rendered HTML, feed and sitemap answer (static
files come compressed from whitenoise, which answers before it). A page-cache hit is
not compressed again: the cache keeps each page compressed (`pack`) and a hit joins
the stored bytes with its own fresh values (`join`), which costs no compression of
the page. For gzip each stored piece is its own raw deflate stream ended by a sync
flush, so pieces and the values (as stored blocks) concatenate into one deflate stream;
for brotli, whose streams do not concatenate, the part before the first per-visitor
value is kept compressed and flushed, and the rest follows as uncompressed meta-blocks.

BREACH: Django's GZipMiddleware pads each gzip answer with 0-99 random bytes (in the
header's file name), so that its length gives away less of a secret in the page; both
encodings here are padded the same way (brotli in a metadata meta-block), for the pages
of signed-in users and the admin. The CSRF token would need none of it: Django masks
it afresh in every answer (since 1.10), and a cached page gets a fresh one on every
hit; the comment form's token (a signed timestamp, anyone's for a GET) is no secret.

Measured on the 100-comment post (132.5 KB of HTML; 2-core Xeon VM, Python 3.11, timeit):
compressing it per request costs gzip 6: 1.20 ms (15.2 KB), brotli 4: 0.55 ms (11.1 KB),
brotli 5: 1.09 ms (10.2 KB), brotli 11: 150 ms (9.0 KB), while a whole cache hit
through the test client takes 0.66-0.76 ms: per-request compression would about halve
the hits served. Joined from the stored forms instead: gzip 28 us (15.4 KB, of which
the CRC-32 of the page is most), brotli 3 us (12.4 KB: the 3 KB after the form's first
token go uncompressed); a compressed hit is then 0.54-0.59 ms (br) and 0.59-0.67 ms
(gzip), less than an uncompressed one (0.67-0.76 ms), as fewer bytes are copied.
Storing a page costs 2.5 ms more (pack), once. Rendered answers use brotli 4, nearly
all of brotli's gain for the price of gzip 1-4; stored pages are compressed once, at
gzip 6 and brotli 6 (the feed, 46.6 KB, is 10.0 KB at brotli 6, 10.4 KB at 5, 11.3
KB at 4, against gzip's 10.0 KB).
A page-cache miss is sent from the entry it has just stored, compressed once too.
The 1,000-comment post (1.2 MB): br 42.5 KB, gzip 113 KB, joined in 4 and 260 us.
"""

import re
import secrets
import struct
import zlib
from functools import lru_cache

import brotli
from django.utils.text import compress_string

from pagecache import vary

MIN_SIZE = 200
GZIP_LEVEL = 6
BROTLI_QUALITY = 4  # per request
STORED_BROTLI_QUALITY = 6  # once per stored page
MAX_PADDING = 100  # as django.middleware.gzip.GZipMiddleware.max_random_bytes
TEXT_TYPES = re.compile(r"text/|application/(xml|[a-z+.-]+\+xml|json|javascript)|image/svg")


def negotiate(request):
    """The encoding this client is sent: "br", "gzip" or None (q=0 refuses one)."""
    return _negotiated(request.META.get("HTTP_ACCEPT_ENCODING", ""))


@lru_cache(maxsize=256)
def _negotiated(accept_encoding):
    """negotiate() of an Accept-Encoding value: browsers send a handful of them, each
    parsed once (a hit asks three times)."""
    weights = {}
    for part in accept_encoding.lower().split(","):
        name, _, params = part.partition(";")
        weight = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        weights[name.strip()] = weight
    return next(
        (name for name in ("br", "gzip") if weights.get(name, weights.get("*", 0.0)) > 0), None
    )


def compressible(content_type, size):
    return size >= MIN_SIZE and bool(TEXT_TYPES.match(content_type))


def _brotli_padding():
    """A metadata meta-block of 0-99 random bytes: read and skipped by every decoder."""
    size = secrets.randbelow(MAX_PADDING)
    if not size:
        return b""
    # ISLAST 0, MNIBBLES 3 (metadata), reserved 0, MSKIPBYTES 1, MSKIPLEN - 1; to a byte.
    return struct.pack("<H", 0b0110 | 1 << 4 | (size - 1) << 6) + b"\0" * size


def _brotli(content):
    compressor = brotli.Compressor(quality=BROTLI_QUALITY)
    # A flush ends on a meta-block boundary, where the padding block may go.
    return compressor.process(content) + compressor.flush() + _brotli_padding() + b"\x03"


def compress(content, encoding):
    if encoding == "br":
        return _brotli(content)
    return compress_string(content, max_random_bytes=MAX_PADDING)


def mark(response, encoding):
    """Headers of a response whose body was compressed with `encoding`."""
    response.headers["Content-Encoding"] = encoding
    response.headers["Content-Length"] = str(len(response.content))
    vary.vary_on(response, ["Accept-Encoding"])


def apply(request, response):
    """Compress the response in place for this client; the encoding used, or None."""
    if response.streaming or response.has_header("Content-Encoding"):
        return None
    if not compressible(response.get("Content-Type", ""), len(response.content)):
        return None
    vary.vary_on(response, ["Accept-Encoding"])
    encoding = negotiate(request)
    if encoding is not None:
        response.content = compress(response.content, encoding)
        mark(response, encoding)
    return encoding


class CompressionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        apply(request, response)
        return response


# Kept pages: pieces between per-visitor values, stored compressed once.


def _deflated(piece):
    compressor = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(piece) + compressor.flush(zlib.Z_SYNC_FLUSH)


def pack(pieces):
    """The stored forms of a page cut in pieces: deflated pieces, and a brotli start."""
    compressor = brotli.Compressor(quality=STORED_BROTLI_QUALITY)
    return {
        "gzip": [_deflated(piece) for piece in pieces],
        "br": compressor.process(pieces[0]) + compressor.flush(),
    }


def _stored_blocks(data):
    """Deflate stored blocks (at a byte boundary) holding `data` as it is."""
    blocks = []
    for start in range(0, len(data), 0xFFFF):
        chunk = data[start : start + 0xFFFF]
        blocks += [struct.pack("<BHH", 0, len(chunk), len(chunk) ^ 0xFFFF), chunk]
    return blocks


def _uncompressed_meta_blocks(data):
    """Brotli uncompressed meta-blocks (at a byte boundary) holding `data` as it is."""
    blocks = []
    for start in range(0, len(data), 0x10000):
        chunk = data[start : start + 0x10000]
        # ISLAST 0, MNIBBLES 0 (four), MLEN - 1, ISUNCOMPRESSED 1; to a byte.
        blocks += [((len(chunk) - 1) << 3 | 1 << 19).to_bytes(3, "little"), chunk]
    return blocks


def _gzip_join(deflated, pieces, values):
    padding = b"a" * secrets.randbelow(MAX_PADDING)
    parts = [b"\x1f\x8b\x08\x08\0\0\0\0\0\xff", padding, b"\0", deflated[0]]
    crc, size = zlib.crc32(pieces[0]), len(pieces[0])
    for value, piece, packed in zip(values, pieces[1:], deflated[1:], strict=True):
        parts += [*_stored_blocks(value), packed]
        crc = zlib.crc32(piece, zlib.crc32(value, crc))
        size += len(value) + len(piece)
    parts += [b"\x03\0", struct.pack("<II", crc, size & 0xFFFFFFFF)]
    return b"".join(parts)


def _brotli_join(start, pieces, values):
    rest = b"".join(part for pair in zip(values, pieces[1:], strict=True) for part in pair)
    return b"".join([start, _brotli_padding(), *_uncompressed_meta_blocks(rest), b"\x03"])


def join(packed, encoding, pieces, values):
    """The page compressed with `encoding`, `values` (bytes) between its pieces."""
    if encoding == "br":
        return _brotli_join(packed["br"], pieces, values)
    return _gzip_join(packed["gzip"], pieces, values)
