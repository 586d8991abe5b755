"""Masking of personal data (phone and identity numbers) for display."""

import re


def mask_phone(value):
    """138****5678 for 11+ digits; ****5678 for Hong Kong's 8 digits: the last four stay."""
    if not value:
        return value
    digits = re.sub(r"\D", "", value)
    if len(digits) >= 11:
        return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]
    if len(digits) >= 8:
        return "*" * (len(digits) - 4) + digits[-4:]
    if len(digits) >= 4:
        return "*" * (len(digits) - 2) + digits[-2:]
    return "*" * len(value)


def mask_id_no(value):
    """4401********1234 / A12****(7): keep a short head and the last four characters."""
    if not value:
        return value
    text = str(value)
    if len(text) <= 6:
        return text[0] + "*" * (len(text) - 1)
    head = 4 if len(text) >= 15 else 3
    return text[:head] + "*" * (len(text) - head - 4) + text[-4:]


MASKS = {"phone": mask_phone, "id_no": mask_id_no}


def mask(value, kind):
    fn = MASKS.get(kind)
    return fn(value) if fn and value else value
