"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py wsgi:app` (README, "Production").

The app is built once in the master (preload) and the workers are forked from it, so a new or
restarted worker starts in milliseconds instead of reflecting the schema and building ~100
screens again. Each worker then drops the database connections it inherited: a connection
shared across processes would interleave their conversations.
"""

import gc
import multiprocessing
import os

bind = os.environ.get("PROPERTYDESK_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("PROPERTYDESK_WORKERS", 2 * multiprocessing.cpu_count() + 1))
worker_class = "sync"
preload_app = True
timeout = int(os.environ.get("PROPERTYDESK_TIMEOUT", 120))  # a 1,000-notice PDF batch runs in its own job
graceful_timeout = 30
max_requests = 5000  # recycle workers now and then (memory held by a large export is given back)
max_requests_jitter = 500
accesslog = os.environ.get("PROPERTYDESK_ACCESS_LOG", "-")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(D)sus'  # D: time spent in the app
errorlog = "-"
loglevel = os.environ.get("PROPERTYDESK_LOG_LEVEL", "info")
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def when_ready(server):
    # WeasyPrint is imported on the first print (about 1 s); in the master, every worker has it.
    import app.documents.render  # noqa: F401
    from app.template_cache import compile_templates
    from wsgi import app

    compile_templates(app)  # about half a second here, instead of in each worker's first pages

    # The app's start-up objects (the reflected schema, ~100 screens, the templates: about 300,000)
    # live as long as the process. Frozen, the garbage collector stops walking them in every full
    # collection, and forked workers stop copying the pages it would touch.
    gc.collect()
    gc.freeze()


def post_fork(server, worker):
    from app.extensions import db
    from wsgi import app

    with app.app_context():
        db.engine.dispose(close=False)  # the master's pooled connections stay the master's
