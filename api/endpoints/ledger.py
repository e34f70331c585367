"""The hours ledger, read only: every entry the owner may see (their own; a volunteer's for those who may see
the volunteer)."""

from ninja import Query, Router

from api.auth import read
from api.paging import Page, page_of
from api.schemas import LedgerEntryOut, ledger_entry_out
from core.access import get_for_user
from ledger.models import LedgerEntry

router = Router(tags=["ledger"], auth=read("ledger"))


def _entries(user):
    return LedgerEntry.objects.visible_to(user).select_related("volunteer__user")


@router.get("/ledger", response=Page[LedgerEntryOut])
def entry_list(
    request,
    volunteer: int = None,
    after: int = Query(None, ge=1),
    limit: int = Query(50, ge=1, le=100),
):
    entries = _entries(request.user)
    if volunteer is not None:
        entries = entries.filter(volunteer_id=volunteer)
    return page_of(request, entries, ledger_entry_out, limit=limit)


@router.get("/ledger/{entry_id}", response=LedgerEntryOut)
def entry_read(request, entry_id: int):
    return ledger_entry_out(get_for_user(_entries(request.user), request.user, entry_id))
