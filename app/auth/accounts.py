"""Accounts: password hashing, verification with lockout, user creation. Domain code: takes a session."""

from datetime import datetime
from datetime import timedelta

from sqlalchemy import Integer
from sqlalchemy import bindparam
from sqlalchemy import literal
from sqlalchemy import null
from sqlalchemy import select
from sqlalchemy import union_all
from werkzeug.security import check_password_hash
from werkzeug.security import generate_password_hash

from app.kept import kept

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
    worker: the user, the role, the role's permission rows and the user's estates in one
    statement (one round trip to PostgreSQL per request), built once per registry."""
    rows = session.execute(_statement(registry, tuple(columns)), {"user_id": user_id}).all()
    users = [row for row in rows if row.part == USER_ROWS]
    if not users:
        return None, None
    n, r = len(columns), len(_role_columns(registry.metadata.tables["app_role"]))
    role = tuple(users[0][n:n + r])
    rights = tuple(sorted(tuple(row[n + r:n + r + 1 + len(ACTIONS)]) for row in users if row[n + r] is not None))
    estates = tuple(sorted(row.estate_id for row in rows if row.part == ESTATE_ROWS))
    return users[0], _shared_grants(role, rights, estates)


USER_ROWS, ESTATE_ROWS = 0, 1  # the `part` column of _statement's rows


def _statement(registry, columns):
    """The user with their role, one row per permission row (at least one), then one row per
    estate they are limited to: a UNION ALL whose `part` column tells the two kinds apart."""
    def build():
        users = registry.metadata.tables["app_user"]
        roles, perms = registry.metadata.tables["app_role"], registry.metadata.tables["role_permission"]
        user_id = bindparam("user_id", type_=Integer)
        user_columns = [*(users.c[name] for name in columns), *_role_columns(roles), perms.c.table_name,
                        *_action_columns(perms)]
        user_rows = (select(*user_columns, literal(USER_ROWS, Integer).label("part"), null().label("estate_id"))
                     .select_from(users.join(roles, roles.c.id == users.c.role_id)
                                  .outerjoin(perms, perms.c.role_id == roles.c.id))
                     .where(users.c.id == user_id))
        link = registry.metadata.tables.get("user_estate")
        if link is None:
            return user_rows
        estate_rows = (select(*(null() for _ in user_columns), literal(ESTATE_ROWS, Integer), link.c.estate_id)
                       .where(link.c.user_id == user_id))
        return union_all(user_rows, estate_rows)
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
    def make():
        code, is_admin, name_zh, name_en, may_reveal = role
        names = ("table_name",) + tuple(f"can_{a}" for a in ACTIONS)
        return grants_from_rows(code, is_admin, [dict(zip(names, r)) for r in rights],
                                may_reveal, estates, (name_zh, name_en))
    return kept(_GRANTS, (role, rights, estates), make, 1000)


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
