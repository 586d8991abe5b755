"""Command-line operations: init-db, seed, create-user. Thin wrappers over domain functions."""

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from app.auth import accounts
from app.extensions import db
from app.schema import ddl
from app.schema import registry_of


@click.command("init-db")
@click.option("--drop", is_flag=True, help="Drop every table first (all data is lost).")
@with_appcontext
def init_db_command(drop):
    """Create the database from schema.sql (only when it is empty, unless --drop)."""
    engine = db.engine
    if drop:
        ddl.drop_all(engine)
    if ddl.is_empty(engine):
        ddl.apply_schema(engine, Path(current_app.config["SCHEMA_PATH"]).read_text(encoding="utf-8"))
        click.echo("Database created from schema.sql.")
        if drop:
            click.echo("Restart the application to reflect the new schema.")
    else:
        click.echo("Database already has tables; nothing done (use --drop to rebuild).")


@click.command("seed")
@click.option("--no-demo", is_flag=True, help="Only roles, permissions and demo users.")
@with_appcontext
def seed_command(no_demo):
    """Load roles, default permissions, one demo user per role and demo data. Safe to run twice."""
    from app.seeding import load_all
    from app.workflows import flows_of

    counts = load_all(db.session, registry_of(current_app), demo=not no_demo,
                      attachments_dir=current_app.config["ATTACHMENTS_DIR"], flows=flows_of(current_app))
    db.session.commit()
    for table, n in counts.items():
        click.echo(f"{table}: {n} new")


@click.command("create-user")
@click.argument("username")
@click.option("--role", required=True, help="Role code: clerk, supervisor, manager, director, engineer, guard, admin.")
@click.option("--name", "display_name", default=None, help="Display name (default: the username).")
@with_appcontext
def create_user_command(username, role, display_name):
    """Create a user (or reset their password). The password comes from the prompt or stdin."""
    if sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\n")
    try:
        accounts.create_user(db.session, registry_of(current_app), username, password, role, display_name)
    except accounts.AccountError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(f"User {username} ({role}) saved.")


@click.command("workflow-tick")
@with_appcontext
def workflow_tick_command():
    """Fire the clock's transitions: escalate overdue items, expire passes. Run it from cron."""
    from app.workflows import engine
    from app.workflows import flows_of

    fired = engine.tick(db.session, registry_of(current_app), flows_of(current_app))
    db.session.commit()
    for table, record_id, name in fired:
        click.echo(f"{table} {record_id}: {name}")
    click.echo(f"{len(fired)} transitions fired.")


@click.command("backup")
@click.option("--dir", "target_dir", default=None, help="Folder for the backup (default: instance/backups).")
@with_appcontext
def backup_command(target_dir):
    """Make an online, consistent backup of the database, and copy the attachment files beside it."""
    from app.operations import backup

    folder = Path(target_dir or Path(current_app.instance_path) / "backups")
    try:
        path = backup.backup(current_app.config["SQLALCHEMY_DATABASE_URI"], folder)
        copied = backup.backup_files(current_app.config["ATTACHMENTS_DIR"], folder)
    except (backup.BackupError, OSError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Attachments: {copied} new files in {folder / backup.FILES}")
    click.echo(str(path))


@click.command("restore")
@click.argument("source")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(source, yes):
    """Replace the database with a backup and bring back its attachment files (stop the application first)."""
    from app.operations import backup

    if not yes:
        click.confirm("Replace the current database with this backup?", abort=True)
    db.session.remove()
    db.engine.dispose()
    try:
        # Files first: a restored row must never name a file that is not there yet.
        copied = backup.restore_files(Path(source).parent, current_app.config["ATTACHMENTS_DIR"])
        backup.restore(current_app.config["SQLALCHEMY_DATABASE_URI"], source)
    except (backup.BackupError, OSError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Attachments: {copied} files brought back.")
    click.echo("Restored.")


def init_app(app):
    for command in (init_db_command, seed_command, create_user_command, workflow_tick_command, backup_command,
                    restore_command):
        app.cli.add_command(command)
