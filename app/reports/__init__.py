"""Reports: the manager's KPIs, the supervisor's day, survey analysis, charts and exports.

Domain code (STYLE.md layer 1): SQLAlchemy Core aggregate queries over the reflected tables, a
session passed in, no Flask. The web adapter is app/admin/views/dashboards.py.
"""
