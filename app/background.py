"""Work a request starts and does not wait for: a daemon thread with the app's context and a
database session of its own, reading only (on SQLite a plain BEGIN, so a computation of some
seconds never holds the write lock that the front desk's saves wait for)."""

import logging
import threading

log = logging.getLogger(__name__)


def runner(app):
    """run_later(fn) for `app`: fn runs soon in its own thread (returned, started); a failure is
    logged, not raised."""
    from app.extensions import db
    from app.schema import pragmas

    def run_later(fn):
        def job():
            pragmas.write_intent.set(False)  # a new thread starts with fresh context variables
            with app.app_context():
                try:
                    fn()
                except Exception:  # noqa: BLE001 - nobody waits for this thread to report back
                    log.exception("background work failed")
                finally:
                    db.session.remove()

        thread = threading.Thread(target=job, name="propertydesk-background", daemon=True)
        thread.start()
        return thread

    return run_later
