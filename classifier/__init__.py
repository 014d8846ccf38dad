"""Bilingual topic classifier: customs, labor, tax and immex for maquiladora operators."""

LABELS: tuple[str, ...] = ("customs", "labor", "tax", "immex")
