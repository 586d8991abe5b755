"""Optional per-table tuning of the generated screens, as data. Empty for most tables."""

# table name -> Flask-Admin view attributes that override what the schema derives.
TUNING = {
    "app_user": {"column_exclude_list": ("password_hash",), "column_searchable_list": ("username", "display_name")},
    "role_permission": {"page_size": 100, "column_default_sort": [("role_id", False), ("table_name", False)]},
}


def for_table(name):
    return dict(TUNING.get(name, {}))
