"""Turn database errors that slipped past form validation into a message for the user.

Flask-Admin as shipped flashes str(exception): the SQL statement and its bound values, personal
data included. Here the error is classified by its kind and only a plain sentence is shown.
"""

from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.exc import OperationalError

from app.i18n import _


def describe(exc, deleting=False):
    """One sentence for the user; never the SQL, the driver's text or the values."""
    text = str(getattr(exc, "orig", exc)).lower()
    if isinstance(exc, IntegrityError):
        if "unique" in text or "duplicate" in text:
            return _("The record could not be saved: a value is already used by another record.")
        if "foreign key" in text:
            if deleting:
                return _("The record could not be deleted: other records still refer to it.")
            return _("The record could not be saved: a linked record is missing or still in use.")
        if "not null" in text or "null value" in text:
            return _("The record could not be saved: a required value is missing.")
        if "check" in text:
            return _("The record could not be saved: a value is outside what is allowed.")
    if isinstance(exc, OperationalError) and ("locked" in text or "busy" in text):
        return _("The database is busy. Please try again.")
    if isinstance(exc, DBAPIError) and ("out of range" in text or "too long" in text):
        return _("The record could not be saved: a value is outside what is allowed.")
    return _("The record could not be saved. Please check the entries and try again.")
