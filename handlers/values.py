"""BerAKHLAK core values (SE MenPANRB 20/2021): official names, shown as they are."""

from __future__ import annotations

from models import CoreValue

CORE_VALUE_NAMES = {
    CoreValue.SERVICE: "Berorientasi Pelayanan",
    CoreValue.ACCOUNTABLE: "Akuntabel",
    CoreValue.COMPETENT: "Kompeten",
    CoreValue.HARMONIOUS: "Harmonis",
    CoreValue.LOYAL: "Loyal",
    CoreValue.ADAPTIVE: "Adaptif",
    CoreValue.COLLABORATIVE: "Kolaboratif",
}
