"""A record form's markup kept per form class (app/admin/form_fields.py) is the markup made afresh:
for every editable table, for another record, with other values, in another language."""

import re

import pytest

from app.admin import form_fields

from .helpers import editable_tables
from .test_list_chrome import same


class Forgetful:
    """A store of kept markup that keeps nothing: every part of every form made afresh."""

    def setdefault(self, _form_class, _default):
        return {}


def form_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.get_data(as_text=True)
    return same(html[html.index('<form action="" method="POST"'):html.index("</form>", html.index(
        '<form action="" method="POST"'))])


def fresh_form_of(client, url, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr(form_fields, "_kept_markup", Forgetful())
        return form_of(client, url)


def test_kept_markup_is_the_markup_made_afresh_for_every_table(app, login_as, rows, registry, monkeypatch):
    admin = login_as("admin")
    for table in editable_tables(registry):
        first = rows.make(table)  # the markup is kept from this record's form and an earlier create form
        form_of(admin, f"/admin/{table}/edit/?id={first.id}")
        form_of(admin, f"/admin/{table}/new/")
        second = rows.make(table)  # (a table with a unique enumeration may give up `first` for it)
        for url in (f"/admin/{table}/edit/?id={second.id}", f"/admin/{table}/new/"):
            assert form_of(admin, url) == fresh_form_of(admin, url, monkeypatch), url


@pytest.mark.parametrize("lang", ["zh_Hant", "en"])
def test_an_enumeration_and_a_checkbox_show_each_records_own_value(lang, app, login_as, rows, monkeypatch):
    clerk = login_as("clerk")
    if lang != "zh_Hant":
        clerk.post(f"/lang/{lang}", data={"next": "/admin/"})
    values = ({"severity": "general", "channel": "phone", "is_valid": True},
              {"severity": "major", "channel": "email", "is_valid": False})
    for own in values:
        record = rows.make("complaint", subject="選項記錄", content="x", **own)
        url = f"/admin/complaint/edit/?id={record.id}"
        kept, fresh = form_of(clerk, url), fresh_form_of(clerk, url, monkeypatch)
        assert kept == fresh
        assert re.search(rf'<option selected value="{own["severity"]}">', kept)
        assert re.search(rf'<option selected value="{own["channel"]}">', kept)
        assert ('<input checked class="" id="is_valid"' in kept) is own["is_valid"]
    assert ("Severity" in kept) is (lang == "en") and ("嚴重程度" in kept) is (lang != "en")
