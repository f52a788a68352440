"""Invented owners, captains and contacts for the simulated fleet (nobody real).

Names are drawn from Vietnam's most common family names (roughly by their frequency) and
common given names; phone numbers have the shape of Vietnamese mobile numbers (10 digits, a
mobile network prefix) but are random: they belong to the simulation, and the page marks a
simulated boat as such. Radios are the HF/VHF sets fishing boats carry (Icom IC-718 and IC-M710
HF sets, IC-M330 VHF). A separate random stream from the tracks', so adding people does not
move a single fix.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Contacts", "invent_contacts"]

# family name -> rough weight (Nguyễn is about a third of the population)
_FAMILY = {
    "Nguyễn": 36, "Trần": 11, "Lê": 9, "Phạm": 7, "Huỳnh": 5, "Phan": 4, "Võ": 4, "Đặng": 2,
    "Bùi": 2, "Đỗ": 1.5, "Hồ": 1.5, "Ngô": 1.3, "Dương": 1, "Lý": 0.5,
}  # fmt: skip
_MIDDLE_MEN = ["Văn", "Văn", "Văn", "Ngọc", "Minh", "Hữu", "Đức", "Thanh", "Tấn"]
_GIVEN_MEN = [
    "Tâm", "Hùng", "Dũng", "Sơn", "Hải", "Lộc", "Phúc", "Tài", "Thanh", "Bình", "Trung",
    "Nam", "Cường", "Minh", "Đức", "Thành", "Quang", "Tuấn", "Vinh", "Hòa", "Lợi", "Sang",
]  # fmt: skip
_GIVEN_WOMEN = ["Lan", "Hoa", "Mai", "Hương", "Thu", "Hạnh", "Liên", "Nga"]
_MOBILE_PREFIX = ["090", "093", "089", "091", "094", "088", "086", "096", "097", "098", "035",
                  "037", "039", "070", "076", "077", "079", "083", "084", "085"]  # fmt: skip
_RADIOS = ["Icom IC-718 (HF)", "Icom IC-M710 (HF)", "Icom IC-M330 (VHF)", "Icom IC-M700 (HF)"]


@dataclass(frozen=True, slots=True)
class Contacts:
    owner: str
    owner_phone: str
    captain: str
    captain_phone: str
    radio: str


def _phone(rng: np.random.Generator) -> str:
    prefix = _MOBILE_PREFIX[int(rng.integers(0, len(_MOBILE_PREFIX)))]
    digits = "".join(str(int(d)) for d in rng.integers(0, 10, 7))
    return f"{prefix[0]}{prefix[1:]}{digits[0]} {digits[1:4]} {digits[4:]}"


def _name(rng: np.random.Generator, family: str | None = None, woman: bool = False) -> str:
    names, weights = list(_FAMILY), np.array(list(_FAMILY.values()), dtype=float)
    fam = family or names[int(rng.choice(len(names), p=weights / weights.sum()))]
    if woman:
        return f"{fam} Thị {_GIVEN_WOMEN[int(rng.integers(0, len(_GIVEN_WOMEN)))]}"
    middle = _MIDDLE_MEN[int(rng.integers(0, len(_MIDDLE_MEN)))]
    return f"{fam} {middle} {_GIVEN_MEN[int(rng.integers(0, len(_GIVEN_MEN)))]}"


def invent_contacts(n: int, seed: int) -> list[Contacts]:
    """``n`` owners with their captains: often the owner skippers his own boat, or a son does.

    >>> a, b = invent_contacts(2, 7), invent_contacts(2, 7)
    >>> a == b and len(a[0].owner_phone.replace(" ", "")) == 10
    True
    """
    rng = np.random.default_rng([seed, 17])
    out = []
    for _ in range(n):
        owner = _name(rng, woman=bool(rng.random() < 0.12))
        roll = rng.random()
        if roll < 0.4 and " Thị " not in owner:  # the owner is his own captain
            captain, captain_phone = owner, None
        else:  # a relative (same family name) or a hired skipper
            family = owner.split()[0] if roll < 0.75 else None
            captain, captain_phone = _name(rng, family), _phone(rng)
        owner_phone = _phone(rng)
        radio = _RADIOS[int(rng.integers(0, len(_RADIOS)))]
        out.append(Contacts(owner, owner_phone, captain, captain_phone or owner_phone, radio))
    return out
