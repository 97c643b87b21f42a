"""URL keys and the address policy (pure apart from DNS look-ups in `check_url`).

`canonicalize` gives one story one key: the same article reached through a feed
with `utm_*` parameters and through a list page without them is the same row.
`check_url` is the SSRF guard: only http(s), and never an address on this
machine or its private networks unless the source's allowlist names the host.
`fetch.Fetcher` calls it before every request and every redirect hop, and also
checks the address it actually connected to (DNS rebinding).
"""

from __future__ import annotations

import contextlib
import ipaddress
import posixpath
import re
import socket
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from urllib.parse import parse_qsl, quote, urlencode, urljoin, urlsplit, urlunsplit

from grassroots.models import RejectError

ALLOWED_SCHEMES = ("http", "https")
_DEFAULT_PORTS = {"http": 80, "https": 443}

# Query parameters that only say how a reader arrived, never which story it is.
# Collected from the share links of Chinese portals and apps (spm: Alibaba/Taobao
# family; from, isappinstalled, scene, clicktime, wxshare: WeChat shares;
# share_token, share_source, sharer_*: app share sheets) plus the usual web ones.
TRACKING_PARAMS = frozenset(
    {
        "spm", "from", "isappinstalled", "scene", "clicktime", "enterid", "wxshare", "wxfrom",
        "share_token", "share_source", "sharer_sharetime", "sharer_shareid", "sharer_shareinfo",
        "sharer_shareinfo_first", "share_from", "shareid", "subscene", "sessionid", "srcid",
        "fbclid", "gclid", "dclid", "msclkid", "yclid", "mc_cid", "mc_eid", "_hsenc", "_hsmi",
        "ref", "ref_src", "igshid", "vd_source", "timestamp", "tt_from", "utm",
    }
)
_TRACKING_PREFIXES = ("utm_", "pk_", "hmsr", "hmpl", "hmcu", "hmkw", "hmci")


@dataclass(frozen=True, slots=True)
class LinkEntry:
    """A link found by discovery: canonical URL, its title and date if the page said."""

    url: str
    title: str | None = None
    published: date | None = None


def _is_tracking(name: str) -> bool:
    n = name.lower()
    return n in TRACKING_PARAMS or n.startswith(_TRACKING_PREFIXES)


def _remove_dot_segments(path: str) -> str:
    if not path:
        return "/"
    trailing = path.endswith(("/", "/.", "/.."))
    norm = posixpath.normpath(path)
    # normpath keeps a leading '//' (POSIX) and turns '/..' into '/'; that is what we want
    if norm.startswith("//"):
        norm = "/" + norm.lstrip("/")
    if trailing and norm != "/":
        norm += "/"
    return norm


# Characters left as they are in paths and query values (RFC 3986 unreserved,
# sub-delims, ':' and '@', plus '%' so existing escapes are not escaped twice).
_PATH_SAFE = "/:@!$&'()*+,;=-._~%"
_QUERY_SAFE = ":@!$'()*,;/?-._~%"


def join_url(base: str, ref: str) -> str:
    """``ref`` resolved against ``base``; ``ref`` as written when it cannot be parsed (an
    unclosed IPv6 bracket, `http://[bad/…`), so that ``check_url`` refuses it with a reason
    instead of the page or the redirect that carried it failing as a whole."""
    try:
        return urljoin(base, ref.strip())
    except ValueError:
        return ref.strip()


def canonicalize(url: str) -> str:
    """Lower-case scheme and host, drop default port, userinfo, fragment and tracking
    parameters, resolve dot segments, sort the remaining query. Non-http URLs come
    back with only the scheme lower-cased and the fragment dropped (check_url refuses them).
    """
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:  # left as written (minus fragment): check_url refuses it
        rest = url.split("#", 1)[0]
        return scheme + rest[len(scheme):] if scheme else rest
    host = (parts.hostname or "").rstrip(".")
    try:
        port = parts.port
    except ValueError:  # a port that is not a number: keep the URL recognisable, check_url refuses it
        return urlunsplit((scheme, parts.netloc.lower(), parts.path, parts.query, ""))
    if host and not host.isascii():
        with contextlib.suppress(UnicodeError):  # keep the host as written when IDNA refuses it
            host = host.encode("idna").decode("ascii")
    host = host.lower()
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = quote(_remove_dot_segments(parts.path), safe=_PATH_SAFE)
    pairs = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)]
    pairs.sort()
    query = urlencode(pairs, quote_via=quote, safe=_QUERY_SAFE)
    return urlunsplit((scheme, netloc, path, query, ""))


def url_host(url: str) -> str:
    """Lower-case host of a URL ('' when there is none)."""
    try:
        return (urlsplit(url).hostname or "").rstrip(".").lower()
    except ValueError:
        return ""


def _legacy_ipv4(host: str) -> ipaddress.IPv4Address | None:
    """inet_aton spellings that resolvers and browsers still accept: 2130706433,
    0x7f000001, 0177.0.0.1, 127.1. `ipaddress` rejects them, the C resolver does not."""
    if not re.fullmatch(r"[0-9a-fA-Fx.]+", host):
        return None
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except OSError:
        return None


def _literal_ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    h = host.strip("[]")
    if "%" in h:  # IPv6 zone id (fe80::1%eth0)
        h = h.split("%", 1)[0]
    try:
        return ipaddress.ip_address(h)
    except ValueError:
        return _legacy_ipv4(h)


def resolve_host(host: str, port: int | None) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    """Every address the resolver gives for host ([] when it cannot resolve).
    Module-level so a test can stand in a rebinding resolver."""
    try:
        infos = socket.getaddrinfo(host, port or 80, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return []
    out = []
    for info in infos:
        try:
            out.append(ipaddress.ip_address(info[4][0].split("%", 1)[0]))
        except ValueError:
            continue
    return out


def is_public_address(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """True only for globally routable unicast addresses (IPv4-mapped IPv6 unwrapped).
    `is_global` already excludes loopback, RFC 1918, link-local (169.254/16, the cloud
    metadata address), CGNAT 100.64/10, unspecified, fc00::/7, fe80::/10 and reserved."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        elif ip.sixtofour is not None:
            ip = ip.sixtofour
    return ip.is_global and not ip.is_multicast and not ip.is_unspecified


def host_allowed(host: str, allow_hosts: Collection[str]) -> bool:
    h = host.strip("[]").rstrip(".").lower()
    return any(h == a.strip("[]").rstrip(".").lower() for a in allow_hosts)


def check_url(url: str, allow_hosts: Collection[str] = ()) -> None:
    """Refuse what grassroots must never fetch; return None when the URL may be fetched.

    Raises RejectError("unsupported_scheme") for anything but http/https (file:, ftp:,
    data:, javascript:, a bare path) and RejectError("blocked_address") when the host is,
    or resolves to, a non-public address, unless the host is named in allow_hosts.
    A host that does not resolve is let through: the connection will fail on its own.
    """
    try:
        parts = urlsplit(url.strip())
    except ValueError as e:
        raise RejectError("unsupported_scheme", f"not a URL: {url[:200]!r} ({e})") from None
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        shown = f"'{scheme}:'" if scheme else "no scheme"
        raise RejectError("unsupported_scheme", f"{shown} in {url[:200]!r}: only http and https are fetched")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise RejectError("unsupported_scheme", f"no host in {url[:200]!r}")
    try:
        port = parts.port
    except ValueError:
        raise RejectError("unsupported_scheme", f"bad port in {url[:200]!r}") from None
    if host_allowed(host, allow_hosts):
        return
    literal = _literal_ip(host)
    addrs = [literal] if literal is not None else resolve_host(host, port)
    for ip in addrs:
        if not is_public_address(ip):
            how = "is" if literal is not None else "resolves to"
            raise RejectError(
                "blocked_address",
                f"host {host!r} {how} {ip}, a private/loopback/link-local address; "
                f"allow it explicitly (allow_hosts / --allow-host) to fetch it",
            )
