"""What is worked out once and kept in a dict: a statement, a user's grants, a menu, a form's markup."""


def kept(store, key, make, limit):
    """`store[key]`, made by `make()` the first time it is asked for.

    A store that holds `limit` entries is emptied whole before the next one goes in: its keys may
    name users' estates or a field's values, so they have no natural bound, and emptying costs no
    more than making again what is still in use."""
    value = store.get(key)
    if value is None:
        if len(store) >= limit:
            store.clear()
        value = store[key] = make()
    return value
