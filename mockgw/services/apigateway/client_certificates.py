"""Client certificates: GenerateClientCertificate, GetClientCertificate(s),
UpdateClientCertificate, DeleteClientCertificate.

``pemEncodedCertificate`` is a real X.509 certificate (``records/certificates.py``), valid for
365 days from ``createdDate`` (the AWS CLI's documented output). A stage names one by
``clientCertificateId`` (UpdateStage checks it exists).

mockgw's texts, AWS's not being recorded: an unknown id is 404 ``Invalid Client Certificate
identifier specified`` (AWS's form for its other resources); an unknown patch path is 400
``Invalid patch path  '<path>' specified for op '<op>'. Must be one of: [/description]``.
Deleting a certificate a stage still names is allowed (AWS's answer is not recorded).
"""

from __future__ import annotations

from mockgw import clock, errors, ids
from mockgw.services._shared import patch
from mockgw.services._shared.operations import Params, Result, operation
from mockgw.services.apigateway import lookups
from mockgw.services.apigateway.records.certificates import client_certificate_pem
from mockgw.services.apigateway.records.client_certificates import (
    VALIDITY_SECONDS,
    ClientCertificate,
    client_certificate_view,
)
from mockgw.services.apigateway.records.rules import DESCRIPTION, TAGS
from mockgw.services.apigateway.state import ApiGatewayState


@operation("GenerateClientCertificate")
def generate_client_certificate(state: ApiGatewayState, params: Params) -> Result:
    tags = dict(params.get("tags") or {})
    TAGS.check(tags)
    cert_id = ids.unique(ids.client_certificate_id, state.client_certificates)
    created = int(clock.now())
    expires = created + VALIDITY_SECONDS
    cert = ClientCertificate(
        id=cert_id,
        pem=client_certificate_pem(cert_id, ids.certificate_serial(), created, expires),
        created_date=created,
        expiration_date=expires,
        description=params.get("description") or None,
        tags=tags,
    )
    state.client_certificates.add(cert.id, cert)
    return client_certificate_view(cert, tags_always=False)


@operation("GetClientCertificate")
def get_client_certificate(state: ApiGatewayState, params: Params) -> Result:
    cert = lookups.client_certificate(state, params["clientCertificateId"])
    return client_certificate_view(cert, tags_always=True)


@operation("GetClientCertificates")
def get_client_certificates(state: ApiGatewayState, params: Params) -> Result:
    certs, position = lookups.oldest_first(state.client_certificates, params)
    return {
        "items": [client_certificate_view(c, tags_always=False) for c in certs],
        "position": position,
    }


@operation("UpdateClientCertificate")
def update_client_certificate(state: ApiGatewayState, params: Params) -> Result:
    cert = lookups.client_certificate(state, params["clientCertificateId"])
    draft = patch.draft(cert, "tags")
    UPDATE.apply(draft, params.get("patchOperations"))
    patch.commit(cert, draft, "description")
    return client_certificate_view(cert, tags_always=True)


@operation("DeleteClientCertificate")
def delete_client_certificate(state: ApiGatewayState, params: Params) -> Result:
    cert = lookups.client_certificate(state, params["clientCertificateId"])
    state.client_certificates.remove(cert.id)
    return None


UPDATE = patch.PatchTable(
    DESCRIPTION,
    wrong_op=lambda op, path: errors.bad_request(patch.ONLY_REPLACE),
    listed={op: ("/description",) for op in patch.ADD_REMOVE_REPLACE},
)
