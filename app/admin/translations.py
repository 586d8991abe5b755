"""Flask-Admin's catalogues compiled from its .po files (the shipped zh_Hant_TW .mo lacks strings)."""

from pathlib import Path

import flask_admin
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALES = ("zh_Hant_TW", "zh_Hans_CN")


def compile_admin_catalogues(target_dir):
    """Write <target>/<locale>/LC_MESSAGES/admin.mo for our locales, once; return target_dir."""
    source = Path(flask_admin.__file__).parent / "translations"
    for locale in LOCALES:
        out = Path(target_dir) / locale / "LC_MESSAGES" / "admin.mo"
        if out.exists():
            continue
        out.parent.mkdir(parents=True, exist_ok=True)
        with open(source / locale / "LC_MESSAGES" / "admin.po", "rb") as po:
            catalog = read_po(po, locale=locale)
        tmp = out.with_suffix(".tmp")
        with open(tmp, "wb") as mo:
            write_mo(mo, catalog)
        tmp.replace(out)
    return str(target_dir)
