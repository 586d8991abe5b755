"""Find an owner, tenant or unit by phone (any part), name or unit code; gather a party's record.

Domain code: takes a session and the registry, never request state.
"""

import re
import unicodedata
from dataclasses import dataclass
from dataclasses import field

from sqlalchemy import or_
from sqlalchemy import select

from app.auth import scope

from . import search

OPEN_COMPLAINT_STATES_EXCLUDED = ("closed", "invalid", "cancelled")
UNPAID_CHARGE_STATES = ("billed", "partially_paid", "overdue")
MAX_RESULTS = 30


def normalize(query):
    """NFKC (full-width digits and letters to ASCII), trimmed, inner whitespace collapsed."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", query or "")).strip()


@dataclass
class LookupResult:
    query: str
    parties: list = field(default_factory=list)
    units: list = field(default_factory=list)

    @property
    def single_party(self):
        if len(self.parties) == 1 and not self.units:
            return self.parties[0]
        return None


def lookup(session, registry, query, estate_ids=None):
    """Parties and units matching `query`; phone digits match any part of either phone.
    Units (and parties' linked records) are limited to `estate_ids` when given."""
    q = normalize(query)
    result = LookupResult(q)
    if len(q) < 2 and not (q and ord(q[0]) >= 0x2E80):  # one Chinese character (a surname) is enough
        return result
    Party = registry.model("party")
    Unit = registry.model("unit")
    dialect = session.get_bind().dialect.name
    digits = re.sub(r"[\s\-+()]", "", q)
    is_phone = digits.isdigit() and len(digits) >= 3
    cond = search.party_by_phone(dialect, Party, digits) if is_phone else search.party_by_name(dialect, Party, q)
    result.parties = session.execute(
        select(Party).where(cond).order_by(Party.name, Party.id).limit(MAX_RESULTS)).scalars().all()
    if len(q) >= 2 and not (digits.isdigit() and len(digits) >= 7):  # a long number is a phone
        query = select(Unit).where(search.unit_by_code(dialect, Unit, q))
        unit_scope = scope.condition(registry, registry.estate_paths, "unit", estate_ids)
        if unit_scope is not None:
            query = query.where(unit_scope)
        result.units = session.execute(query.order_by(Unit.code, Unit.id).limit(MAX_RESULTS)).scalars().all()
    return result


def indexed_condition(dialect, registry, table, query):
    """The lookup indexes' condition for `query` on parties or units (None for other tables):
    the FK pickers and filters of every form search the 100,000 owners and units through them,
    as the front desk does, instead of reading every row with LIKE."""
    q = normalize(query)
    if not q:
        return None
    if table == "party":
        Party = registry.model("party")
        digits = re.sub(r"[\s\-+()]", "", q)
        if digits.isdigit() and len(digits) >= 3:
            return search.party_by_phone(dialect, Party, digits)
        return search.party_by_name(dialect, Party, q)
    if table == "unit":
        return search.unit_by_code(dialect, registry.model("unit"), q)
    return None


@dataclass
class PartyRecord:
    party: object
    links: list  # (unit, unit_party) pairs
    open_complaints: list
    recent_contacts: list
    unpaid_charges: list

    @property
    def unpaid_total(self):
        return sum((c.amount_due or 0) for c in self.unpaid_charges)


def party_record(session, registry, party_id, recent=10, estate_ids=None):
    """A party with their units, open complaints, recent visits/calls and unpaid charges,
    limited to `estate_ids` when given."""
    Party = registry.model("party")
    party = session.get(Party, party_id)
    if party is None:
        return None
    UnitParty = registry.model("unit_party")
    Unit = registry.model("unit")
    def scoped(query, table):
        cond = scope.condition(registry, registry.estate_paths, table, estate_ids)
        return query if cond is None else query.where(cond)

    links = session.execute(scoped(
        select(Unit, UnitParty).join(UnitParty, UnitParty.unit_id == Unit.id)
        .where(UnitParty.party_id == party_id), "unit").order_by(Unit.id)).all()
    unit_ids = [u.id for u, _ in links]
    Complaint = registry.model("complaint")
    complaint_cond = Complaint.complainant_party_id == party_id
    if unit_ids:
        complaint_cond = or_(complaint_cond, Complaint.unit_id.in_(unit_ids))
    complaints = session.execute(scoped(
        select(Complaint).where(complaint_cond, Complaint.status.notin_(OPEN_COMPLAINT_STATES_EXCLUDED)),
        "complaint").order_by(Complaint.received_at.desc()).limit(50)).scalars().all()
    Contact = registry.model("contact_record")
    contacts = session.execute(scoped(
        select(Contact).where(Contact.party_id == party_id), "contact_record")
        .order_by(Contact.received_at.desc()).limit(recent)).scalars().all()
    Charge = registry.model("charge")
    charge_cond = Charge.payer_party_id == party_id
    if unit_ids:
        charge_cond = or_(charge_cond, Charge.unit_id.in_(unit_ids))
    charges = session.execute(scoped(
        select(Charge).where(charge_cond, Charge.status.in_(UNPAID_CHARGE_STATES)), "charge")
        .order_by(Charge.due_date)).scalars().all()
    return PartyRecord(party, links, complaints, contacts, charges)
