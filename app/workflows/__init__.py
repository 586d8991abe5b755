"""Approval workflows: declared in workflows.toml, run by the engine, shown on record pages."""

from pathlib import Path

from app.config import ROOT

from . import definitions


def load(app, registry):
    """Parse and check workflows.toml against the schema; keep the flows on the app."""
    path = Path(app.config.get("WORKFLOWS_PATH") or ROOT / "workflows.toml")
    flows = definitions.parse(path.read_text(encoding="utf-8")) if path.exists() else definitions.Flows()
    from app.seeding import ROLES

    definitions.check(flows, registry.specs, {role[0] for role in ROLES})
    app.extensions["propertydesk_flows"] = flows
    return flows


def flows_of(app):
    return app.extensions["propertydesk_flows"]
