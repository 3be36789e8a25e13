"""Who sent a request: the client's IP address and user agent, as stored with a comment."""

import ipaddress

from django.conf import settings

USER_AGENT_LENGTH = 255


def _valid_ip(text):
    """The address in canonical form; None for anything else (a scoped IPv6 address too)."""
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    return None if getattr(address, "scope_id", None) else str(address)


def client_ip(request):
    """The client's IP address, or None when it is not a valid address.

    X-Forwarded-For is read only when BLOG_TRUSTED_PROXIES says how many proxies in
    front of the site append to it: each appends the address it saw, so the client is
    that many entries from the right. Anything further left may be forged.
    """
    proxies = settings.BLOG_TRUSTED_PROXIES
    if proxies > 0:
        header = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop for hop in header.split(",") if hop.strip()]
        if hops:
            return _valid_ip(hops[-min(proxies, len(hops))])
    return _valid_ip(request.META.get("REMOTE_ADDR", ""))


def network(address):
    """The flood check's unit for an address: itself (IPv4), or its /64 network (IPv6)."""
    if not address:
        return ""
    ip = ipaddress.ip_address(address)
    if ip.version == 4:
        return str(ip)
    return str(ipaddress.ip_network(f"{ip}/64", strict=False))


def user_agent(request):
    """The User-Agent header, cut to what the database keeps and without NUL bytes."""
    return request.META.get("HTTP_USER_AGENT", "").replace("\x00", "")[:USER_AGENT_LENGTH]
