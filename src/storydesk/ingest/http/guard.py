"""Which URLs and addresses a fetch may reach (SSRF defence).

URLs in feeds are written by strangers. A feed entry pointing at
`http://10.0.0.5/admin` or `http://169.254.169.254/` (cloud metadata) must not make
storydesk fetch from the user's own network. The check is made on the *resolved*
addresses of every hop (a public-looking name can resolve to 127.0.0.1), and the
connection then goes to the address that was checked, so a second DNS answer cannot
swap in another one (DNS rebinding).
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable

import httpx

# Resolves (host, port) to IP address strings; injectable so tests can map fictional
# names without touching the system resolver.
Resolver = Callable[[str, int], Awaitable[list[str]]]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class Refused(Exception):
    """The URL may not be fetched; the message is the one-line reason for the user."""


def check_url(url: str) -> httpx.URL:
    """Parse `url`, refusing anything but plain http(s) URLs with a host."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError) as error:
        raise Refused(f"refused: not a valid URL ({error})") from None
    if parsed.scheme not in ("http", "https"):
        raise Refused(
            f"refused: only http and https URLs are fetched, not {parsed.scheme or '(none)'}"
        )
    if not parsed.host:
        raise Refused("refused: URL has no host")
    if parsed.userinfo:
        # Credentials in a URL from a feed are either a leak or a trick
        # (http://trusted.example@evil.example/); never send them.
        raise Refused("refused: URL carries a user name or password")
    return parsed


async def system_resolve(host: str, port: int) -> list[str]:
    """All addresses getaddrinfo gives for host (in a thread: it blocks)."""
    infos = await asyncio.to_thread(socket.getaddrinfo, host, port, 0, socket.SOCK_STREAM)
    seen: list[str] = []
    for _family, _type, _proto, _canon, sockaddr in infos:
        address = str(sockaddr[0]).split("%", 1)[0]  # drop an IPv6 zone id
        if address not in seen:
            seen.append(address)
    return seen


# NAT64 (RFC 6052) prefixes: the last 32 bits are an IPv4 address a gateway reaches.
NAT64 = (ipaddress.IPv6Network("64:ff9b::/96"), ipaddress.IPv6Network("64:ff9b:1::/48"))


def is_public(address: IPAddress) -> bool:
    """Routable on the public internet: not private, loopback, link-local, ...

    IPv6 forms that carry an IPv4 address (mapped, 6to4, Teredo, NAT64) are judged by
    that address too, so ::ffff:10.0.0.5 or 2002:a00:5:: is no way around the check.
    """
    if isinstance(address, ipaddress.IPv6Address):
        embedded = [address.ipv4_mapped, address.sixtofour]
        if address.teredo is not None:
            embedded.extend(address.teredo)
        if any(address in network for network in NAT64):
            embedded.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
        if any(inner is not None and not is_public(inner) for inner in embedded):
            return False
    return not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or not address.is_global
    )


async def resolve_checked(
    host: str, port: int, resolver: Resolver, allow_private: bool, timeout: float
) -> list[str]:
    """The addresses to connect to for host (at least one), after checking every one.

    Refusing when *any* address is private (not just the first) closes the trick of a
    name with one public and one private record, where the connection could land on
    either.
    """
    try:
        literal: IPAddress | None = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    if literal is not None:
        addresses = [literal]
    else:
        try:
            async with asyncio.timeout(timeout):
                names = await resolver(host, port)
        except TimeoutError:
            raise Refused(f"could not resolve {host} (no answer in {timeout:g} s)") from None
        except (OSError, UnicodeError) as error:
            raise Refused(f"could not resolve {host} ({_short(error)})") from None
        addresses = []
        for name in names:
            try:
                addresses.append(ipaddress.ip_address(name))
            except ValueError:
                raise Refused(f"could not resolve {host} (bad address {name!r})") from None
        if not addresses:
            raise Refused(f"could not resolve {host} (no address)")
    if not allow_private:
        for address in addresses:
            if not is_public(address):
                raise Refused(f"refused: private address {address} (allow with --allow-private)")
    return [str(address) for address in addresses]


def _short(error: BaseException) -> str:
    text = str(error) or type(error).__name__
    return text.splitlines()[0][:200]


class CachedResolver:
    """Remembers answers for a minute: a poll fetching hundreds of pages from one site
    resolves its name once, not once per page (each lookup is a thread and, without a
    local cache, a DNS round trip). Safe against rebinding because the connection goes
    to the address that was checked, whatever a later lookup says; failures are not
    cached, so a name that starts resolving is used at once."""

    # Most news sites publish DNS records with TTLs of minutes; a minute is well within.
    TTL = 60.0

    def __init__(self, resolver: Resolver, clock: Callable[[], float]) -> None:
        self._resolver = resolver
        self._clock = clock
        self._answers: dict[tuple[str, int], tuple[float, list[str]]] = {}

    async def __call__(self, host: str, port: int) -> list[str]:
        key = (host.lower(), port)
        cached = self._answers.get(key)
        now = self._clock()
        if cached is not None and cached[0] > now:
            return cached[1]
        addresses = await self._resolver(host, port)
        self._answers[key] = (now + self.TTL, addresses)
        return addresses
