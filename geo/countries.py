"""Country codes and Vietnamese names: the domain vocabulary's, re-exported for geo/.

The one table lives in :mod:`services.vocabulary.countries` (a leaf package geo/ may import).
"""

from __future__ import annotations

from services.vocabulary.countries import (
    COUNTRY_NAMES_VI,
    HOME_COUNTRY,
    country_name_vi,
    to_alpha2,
)

__all__ = ["COUNTRY_NAMES_VI", "HOME_COUNTRY", "country_name_vi", "to_alpha2"]
