"""Downloading an attachment's file from the old site, for `import_wxr --fetch-media`.

The URLs come from the export, so they are untrusted: only http(s); the host is
resolved here and every address it has must be public (never loopback, private,
link-local, reserved or multicast) unless private hosts are allowed; the request then
goes to the address that was checked (the name is kept for the Host header and TLS), so
a second lookup cannot answer otherwise. Redirects are followed by hand, each new
host checked the same way. A timeout, a size limit (BLOG_MEDIA_MAX_BYTES, counted
while reading) and a pause between requests keep the old server and this one safe.

The body is written to a temporary file as it arrives (in memory up to IN_MEMORY bytes,
on disk beyond), so a video is never held in memory whole.
"""

import ipaddress
import socket
import tempfile
import time
from urllib.parse import urljoin, urlsplit

import httpx
from django.conf import settings
from django.core.files import File

TIMEOUT = 15  # seconds to connect, and between two reads
MAX_REDIRECTS = 5
INTERVAL = 0.2  # seconds at least between two requests: a polite rate
USER_AGENT = "FieldNotes-WordPress-import/1.0"
IN_MEMORY = 1024 * 1024  # bytes of a download kept in memory; the rest goes to disk


class FetchRefused(Exception):
    """Why a file was not downloaded, in words for the import's summary."""


def public_address(address):
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def checked_address(host, port, allow_private):
    """One address of `host` to connect to, once every address it has was checked."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise FetchRefused(f"the host {host} is not found") from None
    addresses = [info[4][0] for info in infos]
    if not addresses:
        raise FetchRefused(f"the host {host} is not found")
    if not allow_private and not all(public_address(address) for address in addresses):
        raise FetchRefused(
            f"the host {host} is a private, loopback or reserved address "
            "(--allow-private-hosts to allow it)"
        )
    return addresses[0]


class Fetcher:
    """Downloads files one at a time; use as a context manager (one HTTP client)."""

    def __init__(self, *, allow_private=False, interval=INTERVAL):
        self.allow_private, self.interval = allow_private, interval
        self.last = 0.0

    def __enter__(self):
        self.client = httpx.Client(
            timeout=TIMEOUT, follow_redirects=False, headers={"User-Agent": USER_AGENT}
        )
        return self

    def __exit__(self, *exc):
        self.client.close()

    def get(self, url, limit=None):
        """The file at `url` (at most `limit` bytes, else BLOG_MEDIA_MAX_BYTES) as a
        temporary File, which the caller closes; or FetchRefused."""
        for _ in range(MAX_REDIRECTS + 1):
            file_or_next = self._request(url, limit or settings.BLOG_MEDIA_MAX_BYTES)
            if isinstance(file_or_next, File):
                return file_or_next
            url = file_or_next
        raise FetchRefused("too many redirects")

    def _request(self, url, limit):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchRefused("not an http(s) address")
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            raise FetchRefused("not a valid address") from None
        address = checked_address(parts.hostname, port, self.allow_private)
        host = f"[{address}]" if ":" in address else address
        target = parts._replace(netloc=f"{host}:{port}").geturl()
        headers = {"Host": parts.netloc.rsplit("@", 1)[-1]}
        extensions = {"sni_hostname": parts.hostname} if parts.scheme == "https" else {}
        self._wait()
        try:
            request = self.client.build_request(
                "GET", target, headers=headers, extensions=extensions
            )
            response = self.client.send(request, stream=True)
            try:
                if response.is_redirect:
                    return urljoin(url, response.headers["location"])
                if response.status_code != 200:
                    raise FetchRefused(f"the server answered {response.status_code}")
                return self._body(response, limit, parts.path)
            finally:
                response.close()
        except httpx.HTTPError as error:
            raise FetchRefused(f"the download failed ({type(error).__name__})") from None

    def _body(self, response, limit, path):
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchRefused(f"the file is larger than {limit} bytes")
        spool = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY)  # noqa: SIM115 (returned)
        size = 0
        try:
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > limit:
                    raise FetchRefused(f"the file is larger than {limit} bytes")
                spool.write(chunk)
            spool.flush()
            spool.seek(0)
        except BaseException:
            spool.close()
            raise
        fetched = File(spool, name=path.rsplit("/", 1)[-1] or "download")
        fetched.size = size  # known: Django need not work it out from the file
        return fetched

    def _wait(self):
        pause = self.last + self.interval - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        self.last = time.monotonic()
