"""Per call: ``create_api_key`` through boto3, against botocore's floor and against moto.

The floor is a client whose ``before-send`` handler returns a constant, valid CreateApiKey
answer: botocore still serializes, signs, emits its events and parses the response, but no mock
does any work. That is the least any wire-level mock can cost.
"""

from __future__ import annotations

from typing import Any

from benchmarks._common import (
    Figure,
    alternate,
    clean_session,
    median,
    moto_missing,
    moto_session,
    us,
)

TARGET = 1.15

_FLOOR_BODY = (
    b'{"id":"c4gja270ha","value":"Xn7Ghm2bXW2uPqzX9Yf6a1CnXkMv8eQd3sLr0tYw",'
    b'"name":"bench","enabled":true,"createdDate":1700000000,'
    b'"lastUpdatedDate":1700000000,"stageKeys":[]}'
)
_FLOOR_HEADERS = {
    "x-amzn-RequestId": "4c0a7c0e-6a5e-4f8b-9d35-2f5a4e0f1a11",
    "Content-Type": "application/json",
    "Content-Length": str(len(_FLOOR_BODY)),
}


class _Raw:
    def __init__(self, body: bytes) -> None:
        self._body = body

    def stream(self, **_: Any) -> Any:
        yield self._body

    def read(self, *_: Any) -> bytes:
        body, self._body = self._body, b""
        return body


def floor_client() -> Any:
    """An API Gateway client answered by a constant ``before-send`` response."""
    from botocore.awsrequest import AWSResponse

    def constant(request: Any, **_: Any) -> Any:
        response = AWSResponse(request.url, 201, dict(_FLOOR_HEADERS), _Raw(_FLOOR_BODY))
        response._content = _FLOOR_BODY
        return response

    client = clean_session().client("apigateway")
    client.meta.events.register("before-send.api-gateway.CreateApiKey", constant)
    return client


def _call(client: Any) -> Any:
    return lambda: client.create_api_key(name="bench", enabled=True)


def run(rounds: int = 30, calls: int = 60) -> list[Figure]:
    import mockgw

    floor, mine = _call(floor_client()), _call(clean_session().client("apigateway"))

    def round_mockgw() -> tuple[float, float]:
        with mockgw.mock_apigateway():  # the floor's hook answers before mockgw's seam
            return alternate(floor, mine, calls)

    rounds_of: dict[str, Any] = {"mockgw": round_mockgw}
    why_not_moto = moto_missing()
    if why_not_moto is None:
        from moto import mock_aws

        theirs = _call(moto_session().client("apigateway"))

        def round_moto() -> tuple[float, float]:
            with mock_aws():
                return alternate(floor, theirs, calls)

        rounds_of["moto"] = round_moto

    floors: dict[str, list[float]] = {name: [] for name in rounds_of}
    times: dict[str, list[float]] = {name: [] for name in rounds_of}
    for name in rounds_of:  # warm-up
        rounds_of[name]()
    for r in range(rounds):
        for name in list(rounds_of)[r % 2 :] + list(rounds_of)[: r % 2]:
            base, measured = rounds_of[name]()
            floors[name].append(base)
            times[name].append(measured)
    all_floors = floors["mockgw"] + floors.get("moto", [])

    def ratio_of(name: str) -> float:
        return median([t / f for t, f in zip(times[name], floors[name], strict=True)])

    mine_ratio = ratio_of("mockgw")
    figures = [
        Figure("create_api_key: floor (constant before-send)", us(median(all_floors)), "", None),
        Figure(
            "create_api_key: mockgw / floor",
            f"{mine_ratio:.3f}x ({us(median(times['mockgw']))})",
            f"≤ {TARGET}x",
            mine_ratio <= TARGET,
        ),
    ]
    if "moto" in times:
        figures.append(
            Figure(
                "create_api_key: moto / floor",
                f"{ratio_of('moto'):.3f}x ({us(median(times['moto']))})",
                "(reference, ≈ 2.2x)",
                None,
            )
        )
    else:
        figures.append(
            Figure("create_api_key: moto / floor", "-", "", None, f"NOT MEASURED: {why_not_moto}")
        )
    return figures
