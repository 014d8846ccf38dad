"""Staff routes for translation: the glossary page and re-translating one change."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from alerts import glossary_store
from alerts.errors import AlertsError
from alerts.translate import glossary_version, make_translator, retranslate_change
from store.errors import StaleChange
from web import queries
from web.pages import (
    STAFF_ROLES,
    db,
    flash,
    form_data,
    int_or_none,
    now,
    redirect,
    render,
    requires,
    settings,
    staff_lang,
    staff_text,
)

router = APIRouter()
staff = [Depends(requires(STAFF_ROLES))]


@router.get("/glossary", dependencies=staff)
def glossary_page(request: Request) -> Response:
    """The staff glossary entries, a form to add one, and the termbase version."""
    with db(request) as session:
        return _render(request, glossary_store.list_entries(session))


def _render(
    request: Request,
    entries: list,  # type: ignore[type-arg]
    status: int = 200,
    error: str | None = None,
    draft: dict | None = None,  # type: ignore[type-arg]
) -> Response:
    return render(
        request,
        "glossary.html",
        status=status,
        lang=staff_lang(request),
        entries=entries,
        version=glossary_version(),
        error=error,
        draft=draft or {},
    )


def _values(form: FormData) -> dict[str, object]:
    return glossary_store.checked_values(
        str(form.get("es", "")),
        str(form.get("en", "")),
        str(form.get("only", "")),
        form.get("keep") == "1",
    )


@router.post("/glossary", dependencies=staff)
def add_term(request: Request, form: FormData = Depends(form_data)) -> Response:
    """Add a glossary entry; it applies to every translation from now on."""
    try:
        values = _values(form)
    except glossary_store.GlossaryInputError as error:
        with db(request) as session:
            entries = glossary_store.list_entries(session)
            draft = {k: str(form.get(k, "")) for k in ("es", "en", "only", "note")}
            return _render(request, entries, 400, str(error), draft)
    with db(request) as session:
        actor = request.state.user.email
        note = str(form.get("note", "")).strip()
        row = glossary_store.add_entry(session, values, actor, now(request), note)
        flash(request, staff_text(request, "glossary_added", id=row.id, es=row.es, en=row.en))
    return redirect("/glossary")


@router.post("/glossary/{entry_id}", dependencies=staff)
def correct_term(request: Request, entry_id: int, form: FormData = Depends(form_data)) -> Response:
    """Correct a glossary entry, or switch it off."""
    try:
        values = _values(form)
        with db(request) as session:
            active = form.get("active") == "1"
            actor = request.state.user.email
            glossary_store.update_entry(session, entry_id, values, active, actor, now(request))
    except glossary_store.GlossaryInputError as error:
        flash(request, str(error), "error")
        return redirect("/glossary")
    flash(request, staff_text(request, "glossary_saved", id=entry_id))
    return redirect("/glossary")


@router.post("/changes/{change_id}/retranslate", dependencies=staff)
def retranslate(request: Request, change_id: int, form: FormData = Depends(form_data)) -> Response:
    """Write the change's machine translations again with the current glossary."""
    back = f"/changes/{change_id}"
    try:
        translator = make_translator(settings(request))
    except AlertsError as error:
        translator, reason = None, str(error)
    else:
        reason = staff_text(request, "retranslate_none_configured")
    if translator is None:
        flash(request, staff_text(request, "retranslate_unavailable", reason=reason), "error")
        return redirect(back)
    try:
        with db(request) as session:
            change = queries.get_change(session, change_id)
            if change is None:
                raise HTTPException(404, f"Change {change_id} does not exist; check the number.")
            _check_version(change, int_or_none(form.get("version")))
            actor = f"{request.state.user.email} (retranslate)"
            changed = retranslate_change(session, change, translator, actor, now(request))
    except StaleChange as error:
        flash(request, str(error), "error")
        return redirect(back)
    texts = [key for key in changed if not key.endswith("_origin")]
    message = (
        staff_text(request, "retranslated", count=len(texts))
        if texts
        else staff_text(request, "retranslate_nothing")
    )
    flash(request, message)
    return redirect(back)


def _check_version(change, version: int | None) -> None:  # type: ignore[no-untyped-def]
    if version is not None and change.version != version:
        raise StaleChange(
            f"change {change.id} was saved by someone else (version {change.version}); "
            "reload the page and try again"
        )
