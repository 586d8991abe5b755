"""Verification of printed goods-release passes: the QR code's token and the pass's state.

The QR code on a pass holds ``<base>/verify/pass/<doc_no>.<mac>``: the document number and an
HMAC of it with the application's secret key, so a guard's scan cannot be forged by typing a
neighbour's number, and nothing personal is in the code. The page then reads the pass's live
state: valid, used, expired, revoked (cancelled, refused at the gate, or replaced by a newer
print), or not yet issued.
Pure domain code: no Flask.
"""

import base64
import hashlib
import hmac
import re
from datetime import date

from . import archive

_TOKEN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9-]{0,39})\.([A-Za-z0-9_-]{20})$")

VALID, USED, EXPIRED, REVOKED, NOT_ISSUED, UNKNOWN = "valid", "used", "expired", "revoked", "not_issued", "unknown"


def _mac(secret, doc_no):
    digest = hmac.new(secret.encode() if isinstance(secret, str) else secret,
                      b"goods-release-pass:" + doc_no.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:15]).decode()


def token_for(secret, doc_no):
    return f"{doc_no}.{_mac(secret, doc_no)}"


def doc_no_of(secret, token):
    """The document number a genuine token names, or None."""
    match = _TOKEN.match(token or "")
    if not match or not hmac.compare_digest(match.group(2), _mac(secret, match.group(1))):
        return None
    return match.group(1)


def verify_url(base_url, secret, doc_no):
    return f"{base_url.rstrip('/')}/verify/pass/{token_for(secret, doc_no)}"


def pass_state(session, registry, doc_no, today=None):
    """(state, pass record or None, archived document or None) for a printed pass number."""
    today = today or date.today()
    document = archive.by_number(session, registry, doc_no)
    if document is None or document.subject_table != "goods_release_pass":
        return UNKNOWN, None, None
    record = session.get(registry.model("goods_release_pass"), document.subject_id)
    if record is None:
        return REVOKED, None, document
    newest = archive.latest_for(session, registry, document.doc_type, "goods_release_pass", record.id)
    if newest is not None and newest.id != document.id:
        return REVOKED, record, document  # a newer print replaced this paper
    status = record.status
    if status in ("released", "archived"):
        return USED, record, document
    if status in ("cancelled", "rejected_at_gate"):
        return REVOKED, record, document
    if status == "expired" or (status == "issued" and record.valid_until and record.valid_until < today):
        return EXPIRED, record, document
    if status == "issued":
        return VALID, record, document
    return NOT_ISSUED, record, document
