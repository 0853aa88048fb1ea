"""Starting and stopping a mock, after warm-up (the first start loads nothing either way: the
models load on the first request, not on start)."""

from __future__ import annotations

import time

from benchmarks._common import Figure, interleave, median, moto_missing, ms, us

TARGET_SECONDS = 0.1e-3


def run(rounds: int = 7, mockgw_pairs: int = 2000, moto_pairs: int = 20) -> list[Figure]:
    import mockgw

    def measure_mockgw() -> float:
        mock = mockgw.mock()
        start = time.perf_counter()
        for _ in range(mockgw_pairs):
            mock.start()
            mock.stop()
        return (time.perf_counter() - start) / mockgw_pairs

    variants = {"mockgw": measure_mockgw}
    why_not_moto = moto_missing()
    if why_not_moto is None:
        from moto import mock_aws

        def measure_moto() -> float:
            mock = mock_aws()
            start = time.perf_counter()
            for _ in range(moto_pairs):
                mock.start()
                mock.stop()
            return (time.perf_counter() - start) / moto_pairs

        variants["moto"] = measure_moto

    samples = interleave(variants, rounds)
    mine = median(samples["mockgw"])
    figures = [Figure("start + stop: mockgw.mock()", us(mine), "≤ 0.1 ms", mine <= TARGET_SECONDS)]
    if "moto" in samples:
        figures.append(
            Figure(
                "start + stop: moto.mock_aws()",
                ms(median(samples["moto"])),
                "(reference, ≈ 5 ms)",
                None,
            )
        )
    else:
        figures.append(
            Figure("start + stop: moto.mock_aws()", "-", "", None, f"NOT MEASURED: {why_not_moto}")
        )
    return figures
