"""What every service's state for one (account, region) has: where it is, and its handle on
the world's directory."""

from __future__ import annotations

from dataclasses import dataclass, field

from mockgw.services._shared import arns
from mockgw.services._shared.directory import Addresses

#: A field that is derived from the rest of the state, or a handle: never part of a snapshot.
DERIVED = {"snapshot": False}


@dataclass
class RegionalState:
    account_id: str
    region: str
    #: this state's handle on the world's directory (see directory.py); bound by the world
    addresses: Addresses = field(default_factory=Addresses, metadata=DERIVED, repr=False)

    @property
    def partition(self) -> str:
        return arns.partition_of(self.region)
