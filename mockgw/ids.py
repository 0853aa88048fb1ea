"""Identifiers and secret values in the formats AWS uses.

Two ``random.Random`` streams, both reseeded by :func:`seed`: one for the ids and values of
resources, one for request ids. They are separate so that what a test cannot control (a read
more or less, a botocore retry, an error answer: each draws a request id) never shifts the ids
of the resources made after it: with a seed, the n-th REST API of a run always gets the same id.
The generators are shared by every backend. A value is made from a single
``getrandbits`` call (one C call, atomic), so two threads never interleave the draws of one
value; the rare value that needs more draws, and seeding, take a lock.

Random strings are drawn as bytes and mapped onto the alphabet in one ``bytes.translate`` (bytes
that would bias the mapping are deleted and redrawn), which costs well under a microsecond for
an API key value where ``random.choices`` costs a draw per character.

Every draw of the resource stream goes through :func:`_bits`, so a journal can record what a
call drew and replay it (:mod:`mockgw.tape`); a new id format must draw through it too (a test
replays every operation and compares). Request ids are not state and are not recorded.
"""

from __future__ import annotations

import random
import string
import threading
from collections.abc import Callable, Container

from mockgw import tape

LOWER_ALNUM = string.ascii_lowercase + string.digits
ALNUM = string.ascii_letters + string.digits

_lock = threading.Lock()
_rng = random.Random()
_request_rng = random.Random()
_getrandbits = _rng.getrandbits  # seed() reseeds this same generator in place


def _bits(k: int) -> int:
    """``k`` random bits of the resource stream (recorded or replayed under a journal)."""
    if tape.active:
        return tape.bits(_getrandbits, k)
    return _getrandbits(k)


def seed(value: int | str | None) -> None:
    """Make every id, key value and request id generated from now on reproducible (``None``:
    random). Resource ids and request ids come from two streams seeded from ``value``."""
    with _lock:
        _rng.seed(value)
        _request_rng.seed(None if value is None else f"{value!r}/request-ids")


def unique(make: Callable[[], str], taken: Container[str]) -> str:
    """A new value from ``make`` that is not in ``taken`` (drawn again on the rare collision)."""
    while True:
        made = make()
        if made not in taken:
            return made


#: alphabet -> (translation table, bytes to delete), or None for a non-ASCII alphabet.
_tables: dict[str, tuple[bytes, bytes] | None] = {}


def _table(alphabet: str) -> tuple[bytes, bytes] | None:
    """Map byte b to ``alphabet[b % n]`` for b below the largest multiple of n that fits in a
    byte, and delete the bytes above it, so every kept byte picks a character uniformly."""
    if alphabet in _tables:
        return _tables[alphabet]
    plan: tuple[bytes, bytes] | None = None
    n = len(alphabet)
    if 0 < n <= 256 and alphabet.isascii():
        limit = 256 - 256 % n
        table = bytes(ord(alphabet[b % n]) if b < limit else 0 for b in range(256))
        plan = (table, bytes(range(limit, 256)))
    _tables[alphabet] = plan
    return plan


def _drawer(alphabet: str, length: int) -> Callable[[], str]:
    """A function that draws one random string of ``length`` characters from ``alphabet``."""
    plan = _table(alphabet)
    if plan is None or length <= 0:

        def choose() -> str:
            n = len(alphabet)
            if not n and length > 0:
                raise ValueError("cannot draw from an empty alphabet")
            width = max(1, (n - 1).bit_length())
            out: list[str] = []
            while len(out) < length:  # rejection sampling keeps every character equally likely
                drawn = _bits(width)
                if drawn < n:
                    out.append(alphabet[drawn])
            return "".join(out)

        return choose
    table, delete = plan
    size = length + (length >> 3) + 4  # enough bytes, almost always, despite the deleted ones
    bits = size * 8
    getrandbits = _bits

    def draw() -> str:
        out = getrandbits(bits).to_bytes(size, "little").translate(table, delete)
        if len(out) < length:
            with _lock:
                while len(out) < length:
                    out += getrandbits(bits).to_bytes(size, "little").translate(table, delete)
        return out[:length].decode("ascii")

    return draw


_drawers: dict[tuple[str, int], Callable[[], str]] = {}


def random_string(alphabet: str, length: int) -> str:
    draw = _drawers.get((alphabet, length))
    if draw is None:
        draw = _drawers[(alphabet, length)] = _drawer(alphabet, length)
    return draw()


_request_bits = _request_rng.getrandbits


def request_id() -> str:
    """A request id in the UUID form AWS returns in ``x-amzn-RequestId``."""
    h = _request_bits(128).to_bytes(16, "little").hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


_lower_10 = _drawer(LOWER_ALNUM, 10)
_alnum_40 = _drawer(ALNUM, 40)


def apigateway_id() -> str:
    """API key and REST API ids: 10 lowercase alphanumerics (e.g. ``c4gja270ha``)."""
    return _lower_10()


def usage_plan_id() -> str:
    """Usage plan ids: 6 lowercase alphanumerics (e.g. ``c7y23b``)."""
    return random_string(LOWER_ALNUM, 6)


def api_key_value() -> str:
    """A generated API key value: 40 mixed-case alphanumerics."""
    return _alnum_40()


#: RFC 4648 base32 in lower case: the alphabet of every AppSync id seen in the wild.
BASE32_LOWER = "abcdefghijklmnopqrstuvwxyz234567"


def _base32_128() -> str:
    """128 random bits as 26 lower-case base32 characters, unpadded: 25 full characters and a
    last one that carries 3 bits (so it is one of ``aeimquy4``). Real AppSync ids have exactly
    this form, e.g. ``wtjknhf6szh3pnnxxcijbsofk4`` and ``da2-4zf5gg2jlrfrzf5pjw77lx73yu``."""
    bits = _bits(128)
    value = bits << 2  # pad to 130 bits = 26 groups of 5, as base32 does
    return "".join(BASE32_LOWER[(value >> (5 * (25 - i))) & 31] for i in range(26))


def appsync_api_id() -> str:
    """A GraphQL API id: 26 lower-case base32 characters."""
    return _base32_128()


def appsync_api_key_id() -> str:
    """An AppSync API key id: ``da2-`` and 26 lower-case base32 characters (30 in all)."""
    return "da2-" + _base32_128()


def rest_api_id() -> str:
    """A REST API id: 10 lowercase alphanumerics (e.g. ``kgm4skl7fj``)."""
    return random_string(LOWER_ALNUM, 10)


def root_resource_id() -> str:
    """A REST API's root resource id: 10 lowercase alphanumerics (e.g. ``a2f0vzet6l``)."""
    return random_string(LOWER_ALNUM, 10)


def resource_id() -> str:
    """A child resource id: 6 lowercase alphanumerics (e.g. ``8u42yk``)."""
    return random_string(LOWER_ALNUM, 6)


def deployment_id() -> str:
    """A deployment id: 6 lowercase alphanumerics (e.g. ``aqxk2w``)."""
    return random_string(LOWER_ALNUM, 6)


def uuid4() -> str:
    """A random (version 4) UUID in its canonical lower-case form, from the seedable stream:
    AppSync's ``$util.autoId()`` / ``util.autoId()``."""
    bits = _bits(128)
    bits &= ~(0xF000 << 64) & ~(0xC000 << 48)
    bits |= (0x4000 << 64) | (0x8000 << 48)
    h = f"{bits:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def random_bits(count: int) -> int:
    """``count`` random bits from the seedable stream (the randomness of ULIDs, KSUIDs and of
    the identifiers the JavaScript runtime makes)."""
    return _bits(count)


def appsync_function_id() -> str:
    """An AppSync function id: 26 lower-case base32 characters, like an API id, but starting
    with a letter (the model's ``functionId`` pattern is ``[_A-Za-z][_0-9A-Za-z]*``)."""
    while True:
        made = _base32_128()
        if made[0].isalpha():
            return made


def appsync_association_id() -> str:
    """A source API association id. AWS's format is not recorded; mockgw uses the UUID form
    AppSync uses for its other generated identifiers."""
    return uuid4()


def cloudfront_domain() -> str:
    """The CloudFront distribution host behind an AppSync custom domain
    (``d`` and 13 lower-case alphanumerics, e.g. ``d111111abcdef8.cloudfront.net``)."""
    return f"{distribution_label()}.cloudfront.net"


def vpc_link_id() -> str:
    """A VPC link id: 6 lowercase alphanumerics (e.g. ``ox6a0g``, ``7rg6hf`` in AWS errors)."""
    return random_string(LOWER_ALNUM, 6)


def client_certificate_id() -> str:
    """A client certificate id: 6 lowercase alphanumerics (e.g. ``a1b2c3``)."""
    return random_string(LOWER_ALNUM, 6)


def domain_name_id() -> str:
    """A private custom domain name's ``domainNameId``: 10 lowercase alphanumerics (e.g.
    ``hykg7a12e7``)."""
    return random_string(LOWER_ALNUM, 10)


def regional_domain_label() -> str:
    """The first label of a regional custom domain's ``regionalDomainName``: ``d-`` and 10
    lowercase alphanumerics (e.g. ``d-j2zf4098xg.execute-api.us-east-1.amazonaws.com``)."""
    return "d-" + random_string(LOWER_ALNUM, 10)


def distribution_label() -> str:
    """The first label of an edge custom domain's CloudFront ``distributionDomainName``: ``d``
    and 13 lowercase alphanumerics (e.g. ``d9511k3l09bkd.cloudfront.net``)."""
    return "d" + random_string(LOWER_ALNUM, 13)


def certificate_serial() -> int:
    """A positive 63-bit X.509 serial number for a generated client certificate."""
    return _bits(63) | 1


def model_id() -> str:
    """A model id: 6 lowercase alphanumerics (e.g. ``etd5w5``, the AWS CLI's examples)."""
    return random_string(LOWER_ALNUM, 6)


def request_validator_id() -> str:
    """A request validator id: 6 lowercase alphanumerics (e.g. ``8kx2oq``)."""
    return random_string(LOWER_ALNUM, 6)


def authorizer_id() -> str:
    """An authorizer id: 6 lowercase alphanumerics (e.g. ``gfi4n3``)."""
    return random_string(LOWER_ALNUM, 6)


def documentation_part_id() -> str:
    """A documentation part id: 6 lowercase alphanumerics (e.g. ``s2e5xf``)."""
    return random_string(LOWER_ALNUM, 6)
