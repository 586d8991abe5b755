"""WSGI entry point: `gunicorn wsgi:app`; `flask --app wsgi ...` finds the app here."""

from app import create_app

app = create_app()
