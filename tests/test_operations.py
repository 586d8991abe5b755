"""Operations: backup and restore round trip; concurrent writers lose nothing."""

import os
import subprocess
import sys
import textwrap

from sqlalchemy import create_engine
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import text

from app.extensions import db
from app.schema import registry_of
from app.seeding import load_all

from .conftest import ROOT
from .conftest import fresh_database
from .conftest import is_postgres
from .conftest import make_app


def _url(app):
    return app.config["SQLALCHEMY_DATABASE_URI"]


def test_backup_and_restore_round_trip(tmp_path):
    """Back up, change the data, restore: the data is as it was, and the app still serves it."""
    with fresh_database(tmp_path) as url:
        app = make_app(url)
        registry = registry_of(app)
        runner = app.test_cli_runner()
        with app.app_context():
            load_all(db.session, registry, demo=False)
            db.session.commit()
            Estate = registry.model("estate")
            db.session.add(Estate(code="BK", name="備份前"))
            db.session.commit()
        result = runner.invoke(args=["backup", "--dir", str(tmp_path / "backups")])
        assert result.exit_code == 0, result.output
        backup_file = result.output.strip().splitlines()[-1]
        with app.app_context():
            estate = db.session.execute(select(Estate).where(Estate.code == "BK")).scalar_one()
            estate.name = "備份後被改"
            db.session.add(Estate(code="NEW", name="備份後新增"))
            db.session.commit()
        result = runner.invoke(args=["restore", backup_file, "--yes"])
        assert result.exit_code == 0, result.output
        with app.app_context():
            db.session.remove()
            names = db.session.execute(select(Estate.name).order_by(Estate.code)).scalars().all()
            assert names == ["備份前"]
            db.session.remove()
            db.engine.dispose()
        from .conftest import Client

        client = Client(app.test_client())
        assert client.login("admin").status_code == 302
        assert "備份前" in client.get("/admin/estate/").get_data(as_text=True)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()  # before the database is dropped


WRITER = textwrap.dedent("""
    import sys
    from sqlalchemy import select
    from app import create_app
    from app.extensions import db
    from app.schema import registry_of
    app = create_app({"DATABASE_URL": sys.argv[1], "SECRET_KEY": "w" * 40})
    Seq = registry_of(app).model("doc_sequence")
    for _ in range(int(sys.argv[2])):
        with app.app_context():
            row = db.session.execute(select(Seq).where(Seq.doc_type == "RACE")).scalar_one()
            row.next_no = row.next_no + 1      # read, then write: the lost-update pattern
            db.session.commit()
""")


def test_concurrent_writers_lose_nothing(tmp_path):
    """Four processes x 50 read-then-write updates: with BEGIN IMMEDIATE none is lost or locked out."""
    if is_postgres():
        import pytest

        pytest.skip("SQLite's locking is what this checks; PostgreSQL rows are locked by the database")
    url = "sqlite:///" + str(tmp_path / "race.db")
    app = make_app(url)
    with app.app_context():
        Seq = registry_of(app).model("doc_sequence")
        db.session.add(Seq(doc_type="RACE", seq_year=2026, next_no=1))
        db.session.commit()
        db.engine.dispose()
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    procs = [subprocess.Popen([sys.executable, str(script), url, "50"], cwd=ROOT, stderr=subprocess.PIPE,
                              text=True, env=env) for _ in range(4)]
    errors = [p.communicate(timeout=300)[1] for p in procs]
    assert all(p.returncode == 0 for p in procs), errors
    engine = create_engine(url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT next_no FROM doc_sequence WHERE doc_type='RACE'")).scalar() == 201
    engine.dispose()


KILLED = textwrap.dedent("""
    import sys, time
    from app import create_app
    from app.audit import recorder
    from app.extensions import db
    from app.schema import registry_of
    from app.workflows import engine, flows_of
    app = create_app({"DATABASE_URL": sys.argv[1], "SECRET_KEY": "k" * 40})
    original = recorder.record

    def slow_record(*args, **kwargs):
        original(*args, **kwargs)
        print("inside", flush=True)
        time.sleep(60)  # killed here, in the middle of the transition's transaction

    recorder.record = slow_record
    with app.app_context():
        engine.fire(db.session, registry_of(app), flows_of(app), "notice", int(sys.argv[2]), "submit",
                    engine.Actor(None, "clerk"))
        db.session.commit()
""")


def test_worker_killed_mid_transition_leaves_the_database_consistent(tmp_path):
    """SIGKILL inside a transition: the record keeps its state, no history or audit rows are
    left half-written, the database is intact, and the transition then succeeds."""
    if is_postgres():
        import pytest

        pytest.skip("SQLite file recovery is what this checks; PostgreSQL rolls back a killed backend")
    import signal

    url = "sqlite:///" + str(tmp_path / "kill.db")
    app = make_app(url)
    registry = registry_of(app)
    with app.app_context():
        load_all(db.session, registry, demo=False)
        from tests.factories import RowFactory

        notice = RowFactory(registry, db.session).make("notice", status="draft")
        db.session.commit()
        notice_id = notice.id
        db.session.remove()
        db.engine.dispose()
    script = tmp_path / "killed.py"
    script.write_text(KILLED)
    proc = subprocess.Popen([sys.executable, str(script), url, str(notice_id)], cwd=ROOT, stdout=subprocess.PIPE,
                            text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert proc.stdout.readline().strip() == "inside"
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    proc.stdout.close()
    engine = create_engine(url)
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        assert conn.execute(text("PRAGMA foreign_key_check")).fetchall() == []
        assert conn.execute(text(f"SELECT status FROM notice WHERE id = {notice_id}")).scalar() == "draft"
        assert conn.execute(text("SELECT count(*) FROM status_history WHERE subject_table = 'notice'")).scalar() == 0
        assert conn.execute(text("SELECT count(*) FROM audit_log WHERE action = 'transition'")).scalar() == 0
    engine.dispose()
    from app.workflows import engine as wf
    from app.workflows import flows_of

    with app.app_context():
        wf.fire(db.session, registry, flows_of(app), "notice", notice_id, "submit", wf.Actor(None, "clerk"))
        db.session.commit()
        assert db.session.get(registry.model("notice"), notice_id).status == "pending_approval"
        db.session.remove()
        db.engine.dispose()
