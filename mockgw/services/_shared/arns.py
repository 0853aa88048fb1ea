"""Partitions, DNS suffixes and ARNs, as AWS forms them for every region."""

from __future__ import annotations


def partition_of(region: str) -> str:
    """The AWS partition a region belongs to, as ARNs name it."""
    if region.startswith("cn-"):
        return "aws-cn"
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    return "aws"


def dns_suffix(region: str) -> str:
    """The domain of the region's endpoints: ``amazonaws.com``, or ``amazonaws.com.cn`` in
    China."""
    return "amazonaws.com.cn" if partition_of(region) == "aws-cn" else "amazonaws.com"


def arn(service: str, region: str, account_id: str, resource: str) -> str:
    """``arn:{partition}:{service}:{region}:{account}:{resource}`` (API Gateway's ARNs pass an
    empty account)."""
    return f"arn:{partition_of(region)}:{service}:{region}:{account_id}:{resource}"
