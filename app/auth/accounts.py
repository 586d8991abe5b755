"""Accounts: password hashing, verification with lockout, user creation. Domain code: takes a session."""

from datetime import datetime
from datetime import timedelta

from sqlalchemy import Integer
from sqlalchemy import bindparam
from sqlalchemy import literal
from sqlalchemy import select
from werkzeug.security import check_password_hash
from werkzeug.security import generate_password_hash

from .policy import ACTIONS
from .policy import grants_from_rows

MAX_FAILED_LOGINS = 5
LOCKOUT_MINUTES = 15
MIN_PASSWORD_LENGTH = 10
# Checked against when the username is unknown, so both failures cost the same time.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


class AccountError(Exception):
    pass


class AccountLocked(AccountError):
    def __init__(self, minutes):
        super().__init__(f"locked for {minutes} minutes")
        self.minutes = minutes


def hash_password(password):
    return generate_password_hash(password)  # scrypt, werkzeug's default


def check_password_policy(password):
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"The password must have at least {MIN_PASSWORD_LENGTH} characters.")


def authenticate(session, registry, username, password, now=None):
    """Return the app_user row for a correct username and password, or None.

    Failed attempts are counted in the database (shared by every worker); after
    MAX_FAILED_LOGINS the account is locked for LOCKOUT_MINUTES and AccountLocked is raised.
    """
    now = now or datetime.now()
    User = registry.model("app_user")
    user = session.execute(select(User).where(User.username == username)).scalar_one_or_none()
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if user.locked_until and user.locked_until > now:
        raise AccountLocked(max(1, int((user.locked_until - now).total_seconds() // 60) + 1))
    if not user.is_active or not check_password_hash(user.password_hash, password):
        user.failed_logins = (user.failed_logins or 0) + 1
        if user.failed_logins >= MAX_FAILED_LOGINS:
            user.locked_until = now + timedelta(minutes=LOCKOUT_MINUTES)
            user.failed_logins = 0
            session.flush()
            raise AccountLocked(LOCKOUT_MINUTES)
        session.flush()
        return None
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    session.flush()
    return user


def load_grants(session, registry, role_id, user_id=None):
    """The role's rights, its reveal right, and the estates the user is limited to (none: all)."""
    roles, perms = registry.metadata.tables["app_role"], registry.metadata.tables["role_permission"]
    role = session.execute(select(*_role_columns(roles)).where(roles.c.id == role_id)).one()
    rights = session.execute(select(perms.c.table_name, *_action_columns(perms))
                             .where(perms.c.role_id == role_id).order_by(perms.c.table_name)).tuples()
    return _shared_grants(tuple(role), tuple(rights), _estates(session, registry, user_id))


def user_with_grants(session, registry, user_id, columns):
    """(the user's row with `columns` of app_user, its Grants), or (None, None).

    Read on every request, so a permission change or a deactivation applies at once in every
    worker: the user, the role and the role's permission rows in one statement, the estates in
    a second. Both statements are built once per registry (see _statements)."""
    user_query, estates_query = _statements(registry, tuple(columns))
    rows = session.execute(user_query, {"user_id": user_id}).all()
    if not rows:
        return None, None
    n, r = len(columns), len(_role_columns(registry.metadata.tables["app_role"]))
    role = tuple(rows[0][n:n + r])
    rights = tuple(tuple(row[n + r:]) for row in rows if row[n + r] is not None)
    estates = () if estates_query is None else tuple(
        sorted(session.execute(estates_query, {"user_id": user_id}).scalars()))
    return rows[0], _shared_grants(role, rights, estates)


def _statements(registry, columns):
    """The statements user_with_grants runs, made once per registry (Registry.statement)."""
    def build():
        users = registry.metadata.tables["app_user"]
        roles, perms = registry.metadata.tables["app_role"], registry.metadata.tables["role_permission"]
        user_id = bindparam("user_id", type_=Integer)
        user_query = (select(*(users.c[name] for name in columns), *_role_columns(roles), perms.c.table_name,
                             *_action_columns(perms))
                      .select_from(users.join(roles, roles.c.id == users.c.role_id)
                                   .outerjoin(perms, perms.c.role_id == roles.c.id))
                      .where(users.c.id == user_id).order_by(perms.c.table_name))
        link = registry.metadata.tables.get("user_estate")
        estates_query = None if link is None else select(link.c.estate_id).where(link.c.user_id == user_id)
        return user_query, estates_query
    return registry.statement(("user_with_grants", columns), build)


def _role_columns(roles):
    reveal = roles.c.get("reveal_personal_data")
    return (roles.c.code, roles.c.is_admin, roles.c.name_zh, roles.c.name_en,
            reveal if reveal is not None else literal(False))


def _action_columns(perms):
    return [perms.c[f"can_{a}"] for a in ACTIONS]


def _estates(session, registry, user_id):
    link = registry.metadata.tables.get("user_estate")
    if user_id is None or link is None:
        return ()
    return tuple(sorted(session.execute(select(link.c.estate_id).where(link.c.user_id == user_id)).scalars()))


_GRANTS = {}


def _shared_grants(role, rights, estates):
    """Equal rows give the one shared Grants object, so what is derived from it (the menu's key)
    is worked out once per distinct set of rights."""
    key = (role, rights, estates)
    grants = _GRANTS.get(key)
    if grants is None:
        if len(_GRANTS) >= 1000:
            _GRANTS.clear()
        code, is_admin, name_zh, name_en, may_reveal = role
        names = ("table_name",) + tuple(f"can_{a}" for a in ACTIONS)
        grants = _GRANTS[key] = grants_from_rows(code, is_admin, [dict(zip(names, r)) for r in rights],
                                                 may_reveal, estates, (name_zh, name_en))
    return grants


def create_user(session, registry, username, password, role_code, display_name=None):
    """Create (or reset the password of) a user with the given role."""
    check_password_policy(password)
    Role = registry.model("app_role")
    User = registry.model("app_user")
    role = session.execute(select(Role).where(Role.code == role_code)).scalar_one_or_none()
    if role is None:
        raise AccountError(f"Unknown role: {role_code}")
    user = session.execute(select(User).where(User.username == username)).scalar_one_or_none()
    if user is None:
        user = User(username=username, display_name=display_name or username)
        session.add(user)
    user.password_hash = hash_password(password)
    user.role_id = role.id
    user.is_active = True
    user.session_epoch = (user.session_epoch or 0) + 1
    session.flush()
    return user
