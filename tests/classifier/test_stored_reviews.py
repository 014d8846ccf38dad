"""Staff corrections kept in the database feed `regwatch train --with-reviews`."""

from __future__ import annotations

from classifier.commands import stored_reviews
from store.models import LabelledExample


def test_staff_corrections_become_training_examples(app_context):
    with app_context.session() as session:
        session.add(
            LabelledExample(
                text="ACUERDO que modifica el Anexo 24",
                lang="es",
                source="dof_daily",
                agency="SECRETARIA DE ECONOMIA",
                labels=["customs", "immex"],
                created_by="ana@example.org",
            )
        )
    examples = stored_reviews()
    assert examples == [
        {
            "text": "ACUERDO que modifica el Anexo 24",
            "lang": "es",
            "source": "dof_daily",
            "agency": "SECRETARIA DE ECONOMIA",
            "labels": ["customs", "immex"],
        }
    ]
