"""Form validators derived from column specs; messages in the user's language."""

import re
from decimal import Decimal
from decimal import InvalidOperation

from wtforms.validators import StopValidation
from wtforms.validators import ValidationError

from app.i18n import _

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# The largest values PostgreSQL INTEGER and BIGINT accept; beyond them the driver fails.
INT_LIMIT = 2**31 - 1


class Required:
    """A value is required (InputRequired with our message); whitespace alone is not a value."""

    field_flags = {"required": True}

    def __call__(self, form, field):
        data = field.data
        if data is None or (isinstance(data, str) and not data.strip()):
            field.errors[:] = []
            raise StopValidation(_("This field is required."))


class MaxChars:
    def __init__(self, n):
        self.n = n

    def __call__(self, form, field):
        if isinstance(field.data, str) and len(field.data) > self.n:
            raise ValidationError(_("At most %(n)s characters.", n=self.n))


class NoControlChars:
    """NUL and other control characters: PostgreSQL refuses NUL, and none belong in a record."""

    def __call__(self, form, field):
        if isinstance(field.data, str) and _CONTROL.search(field.data):
            raise ValidationError(_("Control characters are not allowed."))


class InRange:
    def __init__(self, rule, is_integer=False):
        self.rule = rule
        self.is_integer = is_integer

    def __call__(self, form, field):
        value = field.data
        if value is None or value == "":
            return
        try:
            value = Decimal(str(value))
        except (InvalidOperation, ValueError):
            return
        r = self.rule
        if r.minimum is not None:
            if r.min_inclusive and value < r.minimum:
                raise ValidationError(_("Must be at least %(min)s.", min=_num(r.minimum)))
            if not r.min_inclusive and value <= r.minimum:
                raise ValidationError(_("Must be greater than %(min)s.", min=_num(r.minimum)))
        if r.maximum is not None:
            if r.max_inclusive and value > r.maximum:
                raise ValidationError(_("Must be at most %(max)s.", max=_num(r.maximum)))
            if not r.max_inclusive and value >= r.maximum:
                raise ValidationError(_("Must be less than %(max)s.", max=_num(r.maximum)))


class FitsColumn:
    """Numbers the column can store: INTEGER limits, NUMERIC(p, s) digits before the point."""

    def __init__(self, kind, precision=None, scale=None):
        self.kind = kind
        self.precision = precision
        self.scale = scale

    def __call__(self, form, field):
        value = field.data
        if value is None or value == "":
            return
        if self.kind == "integer" and abs(int(value)) > INT_LIMIT:
            raise ValidationError(_("The number is too large."))
        if self.kind == "decimal" and self.precision:
            try:
                value = Decimal(str(value))
            except InvalidOperation:
                return
            if not value.is_finite():
                raise ValidationError(_("The number is too large."))
            whole_digits = self.precision - (self.scale or 0)
            if abs(value) >= Decimal(10) ** whole_digits:
                raise ValidationError(_("The number is too large."))


def _num(value):
    return format(value.normalize(), "f") if isinstance(value, Decimal) else str(value)
