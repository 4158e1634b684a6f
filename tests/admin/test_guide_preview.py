"""The console's guide preview is the runtime's own service guide of the working copy (eight disclosures)."""
from __future__ import annotations

from console_support import record_id

from onewindow.runtime.guide.context import DISCLOSURES


def test_guide_preview_shows_the_eight_disclosures_in_order(app, login_as) -> None:
    page = login_as("auditor").get(f"/admin/items/guide/?id={record_id(app, 'items', 'SC-001')}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    positions = [html.find(heading) for _anchor, heading in DISCLOSURES]
    assert -1 not in positions, [h for (_a, h), p in zip(DISCLOSURES, positions) if p == -1]
    assert positions == sorted(positions)


def test_guide_preview_of_an_unknown_record_is_404(login_as) -> None:
    assert login_as("reform_office").get("/admin/items/guide/?id=999999").status_code == 404
