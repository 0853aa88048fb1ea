"""Client certificates: the record and the ``ClientCertificate`` shape. The certificate itself
(``pemEncodedCertificate``) is made once, when the record is, by ``records/certificates.py``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: How long a generated client certificate is valid: 365 days (the AWS CLI's documented
#: get-client-certificates output: createdDate 1452020561, expirationDate 1483556561).
VALIDITY_SECONDS = 365 * 24 * 3600


@dataclass
class ClientCertificate:
    id: str
    pem: str
    created_date: int
    expiration_date: int
    description: str | None = None
    tags: dict[str, str] = field(default_factory=dict)


def client_certificate_view(cert: ClientCertificate, *, tags_always: bool) -> dict[str, Any]:
    return {
        "clientCertificateId": cert.id,
        "description": cert.description,
        "pemEncodedCertificate": cert.pem,
        "createdDate": cert.created_date,
        "expirationDate": cert.expiration_date,
        "tags": dict(cert.tags) if (cert.tags or tags_always) else None,
    }
