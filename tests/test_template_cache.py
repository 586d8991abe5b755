"""Page templates are compiled ahead of the first request (gunicorn's master does it before
forking): every one of them compiles, and they are then in the environment's cache."""

from app.template_cache import compile_templates


def test_every_page_template_compiles_and_is_kept(app):
    env = app.jinja_env
    count = compile_templates(app)
    pages = {n for n in env.list_templates() if n.endswith(".html") and not n.startswith("notices/")}
    cached = {key[1] for key in env.cache.keys()}
    assert count == len(pages) and count > 50
    assert pages <= cached
    assert "admin/pd_list.html" in cached and "admin/pd_edit.html" in cached
    assert not any(name.startswith("notices/") for name in cached)  # the notice printer's own templates

