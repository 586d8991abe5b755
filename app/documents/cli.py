"""`flask print-notice`: print a notice from a record to a file, or list the notice types."""

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from app.extensions import db
from app.schema import registry_of

from . import printing


@click.command("print-notice")
@click.argument("notice_type", required=False)
@click.argument("record_id", required=False, type=int)
@click.option("--out", "out", type=click.Path(dir_okay=False, writable=True), help="Where to write the PDF.")
@click.option("--list", "list_types", is_flag=True, help="List the notice types: the type, then its table.")
@click.option("--user", "username", default=None, help="Print as this user (default: the system).")
@with_appcontext
def print_notice_command(notice_type, record_id, out, list_types, username):
    """Print NOTICE_TYPE for record RECORD_ID of its table into --out (archived and numbered)."""
    catalogue = current_app.extensions["propertydesk_documents"]
    if list_types:
        for t in catalogue:
            click.echo(f"{t.code}\t{t.table}")
        return
    if not notice_type or record_id is None or not out:
        raise click.UsageError("give NOTICE_TYPE RECORD_ID --out FILE.pdf, or --list")
    ntype = catalogue.get(notice_type)
    if ntype is None:
        raise click.ClickException(f"unknown notice type {notice_type!r}; known: {', '.join(catalogue.types)}")
    registry = registry_of(current_app)
    actor = printing.SYSTEM
    if username:
        User, Role = registry.model("app_user"), registry.model("app_role")
        row = db.session.execute(select(User).where(User.username == username)).scalar_one_or_none()
        if row is None:
            raise click.ClickException(f"no user {username!r}")
        role = db.session.get(Role, row.role_id)
        actor = printing.Actor(row.id, row.username, role.code, bool(role.is_admin), row.display_name)
    from .render import get_renderer  # WeasyPrint loads only when a notice is printed

    cfg = current_app.config
    settings = printing.Settings(cfg["DOCUMENTS_DIR"], cfg.get("DOCUMENTS_BASE_URL") or "http://127.0.0.1:5000",
                                 cfg["SECRET_KEY"])
    try:
        printed = printing.print_notice(db.session, registry, catalogue, notice_type, record_id, actor=actor,
                                        settings=settings,
                                        renderer=get_renderer(cfg["DOCUMENTS_TEMPLATES"], cfg["DOCUMENTS_FONT_DIR"]))
        db.session.commit()
    except printing.UnknownRecord:
        db.session.rollback()
        raise click.ClickException(f"no {ntype.table} record with id {record_id}") from None
    except printing.NotAllowed:
        db.session.rollback()
        raise click.ClickException(f"user {username!r} may not print {notice_type}") from None
    except printing.NotPrintable as exc:
        db.session.rollback()
        state = exc.value.en if hasattr(exc.value, "en") else exc.value
        raise click.ClickException(f"{notice_type} is not printed for this record ({exc.reason}: {state})") from None
    except printing.MissingData as exc:
        db.session.rollback()
        raise click.ClickException(f"{notice_type}: required data is missing: "
                                   + ", ".join(f"{lab.zh_Hant} ({lab.en})" for lab in exc.labels)) from None
    with open(out, "wb") as fh:
        fh.write(printed.pdf)
    doc = printed.document
    click.echo(f"{doc.doc_no} {'reprinted from the archive' if printed.reused else 'printed'}: {out} "
               f"({doc.page_count} pages, sha256 {doc.sha256})")
