"""The ``pemEncodedCertificate`` of a generated client certificate: a real X.509 certificate,
PEM-encoded, that ``cryptography``, ``openssl x509`` or ``ssl`` parse.

It is self-signed, valid from its ``createdDate`` to its ``expirationDate``, with a serial
number drawn from :mod:`mockgw.ids` (seedable) and the subject and issuer
``CN={clientCertificateId}, OU=ApiGateway, O=mockgw`` (AWS's subject is not recorded: this one
is mockgw's and says so). AWS never hands out the private key, so the certificates of one
process share one 2048-bit RSA key, made on first use: making one per certificate would cost
25-200 ms a call. ``cryptography`` is imported then too, so ``import mockgw`` stays cheap.

freezegun: ``cryptography`` remembers the ``datetime.datetime`` class of the first certificate it
builds, which is freezegun's ``FakeDatetime`` if that happens under ``freeze_time``; from then on
it refuses plain datetimes. The validity dates are therefore made as ``FakeDatetime`` whenever
freezegun is loaded: a subclass of ``datetime``, it is accepted whichever class was remembered.
"""

from __future__ import annotations

import datetime as dt
import sys
import threading
from typing import Any

_lock = threading.Lock()
_key: Any = None


def _signing_key() -> Any:
    global _key
    with _lock:
        if _key is None:
            from cryptography.hazmat.primitives.asymmetric import rsa

            _key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        return _key


def client_certificate_pem(cert_id: str, serial: int, not_before: int, not_after: int) -> str:
    """The PEM of client certificate ``cert_id``, valid from ``not_before`` to ``not_after``
    (epoch seconds)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    key = _signing_key()
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "mockgw"),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "ApiGateway"),
            x509.NameAttribute(NameOID.COMMON_NAME, cert_id),
        ]
    )
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(serial)
        .not_valid_before(_utc(not_before))
        .not_valid_after(_utc(not_after))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
        .sign(key, hashes.SHA256())
    )
    pem: bytes = certificate.public_bytes(serialization.Encoding.PEM)
    return pem.decode("ascii")


def _utc(seconds: int) -> dt.datetime:
    """``seconds`` as an aware UTC datetime of the class ``cryptography`` accepts (docstring)."""
    fake: Any = getattr(sys.modules.get("freezegun.api"), "FakeDatetime", None)
    cls: Any = fake if isinstance(fake, type) else dt.datetime
    when = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc) + dt.timedelta(seconds=seconds)
    made: dt.datetime = cls(*when.timetuple()[:6], tzinfo=dt.timezone.utc)
    return made
