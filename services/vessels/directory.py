"""Resolve feed identifiers (MMSI, VMS device id, loosely typed registration) to vessel ids.

Loaded once from the registry and then consulted per fix: plain dict lookups, no query per
fix (a replay or a live feed resolves tens of thousands of fixes a second).
"""

from __future__ import annotations

from collections.abc import Iterable

from services.vessels.model import (
    VesselRecord,
    normalise_registration,
    unregistered_id_for_device,
    unregistered_id_for_mmsi,
)

__all__ = ["VesselDirectory"]


class VesselDirectory:
    """In-memory index of the registry: MMSI → id, device id → id, folded registration → id."""

    def __init__(self, records: Iterable[VesselRecord] = ()) -> None:
        self._by_mmsi: dict[int, str] = {}
        self._by_device: dict[str, str] = {}
        self._by_reg: dict[str, str] = {}
        self._vms_memo: dict[tuple[str | None, str | None], str] = {}
        for record in records:
            self.add(record)

    def add(self, record: VesselRecord) -> None:
        """Index one vessel (later records win, as a re-imported registry should)."""
        self._vms_memo.clear()
        self._by_reg[record.vessel_id.casefold()] = record.vessel_id
        if record.mmsi is not None:
            self._by_mmsi[record.mmsi] = record.vessel_id
        if record.vms_device_id:
            self._by_device[record.vms_device_id.strip().casefold()] = record.vessel_id

    def __len__(self) -> int:
        return len(self._by_reg)

    def for_mmsi(self, mmsi: int) -> str:
        """The registered vessel broadcasting ``mmsi``, else ``MMSI-<mmsi>``."""
        found = self._by_mmsi.get(mmsi)
        return found if found is not None else unregistered_id_for_mmsi(mmsi)

    def for_vms(self, registration: str | None, device_id: str | None) -> str:
        """Vessel id of a VMS report: its registration number, else its linked device.

        The registration is matched case-insensitively against the registry so that
        ``QNG-90123-TS`` from a provider's export lands on the registry's ``QNg-90123-TS``.
        Raises ``ValueError`` when neither identifier is usable.
        """
        key = (registration, device_id)
        cached = self._vms_memo.get(key)
        if cached is not None:
            return cached
        if registration and registration.strip():
            canonical = normalise_registration(registration)
            found = self._by_reg.get(canonical.casefold(), canonical)
        elif device_id and device_id.strip():
            linked = self._by_device.get(device_id.strip().casefold())
            found = linked if linked is not None else unregistered_id_for_device(device_id)
        else:
            raise ValueError("thiếu số đăng ký và mã thiết bị")
        if len(self._vms_memo) >= 100_000:  # a feed's ids repeat; an attack's would not
            self._vms_memo.clear()
        self._vms_memo[key] = found
        return found

    def is_known(self, vessel_id: str) -> bool:
        return vessel_id.casefold() in self._by_reg

    def known_ids(self) -> set[str]:
        """Ids of every vessel in the directory (registered or placeholder)."""
        return set(self._by_reg.values())
