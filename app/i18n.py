"""Language selection (zh-Hant by default, English, Simplified Chinese) and the UI's translator."""

import functools

from flask import g
from flask import request
from flask import session
from flask_login import current_user
from wtforms.i18n import get_translations

from app.messages import MESSAGES
from app.schema.annotations import LANGS
from app.schema.annotations import current_lang

BABEL_LOCALES = {"zh_Hant": "zh_Hant_TW", "en": "en", "zh_Hans": "zh_Hans_CN"}
WTFORMS_LOCALES = {"zh_Hant": ["zh_TW"], "zh_Hans": ["zh"], "en": ["en"]}
HTML_LANG = {"zh_Hant": "zh-Hant", "en": "en", "zh_Hans": "zh-Hans"}
LANG_NAMES = {"zh_Hant": "繁體中文", "en": "English", "zh_Hans": "简体中文"}


def _(text, **values):
    """Translate one of our own messages into the current language."""
    lang = current_lang.get()
    if lang != "en" and text in MESSAGES:
        text = MESSAGES[text][0 if lang == "zh_Hant" else 1]
    return text % values if values else text


class LazyText:
    """A message translated when it is rendered (for labels built at start-up)."""

    def __init__(self, text):
        self.text = text

    def __str__(self):
        return _(self.text)

    def __html__(self):
        from markupsafe import escape

        return str(escape(str(self)))


def pick_lang():
    """The user's saved choice, else the session's, else zh-Hant."""
    lang = None
    if current_user and getattr(current_user, "is_authenticated", False):
        lang = current_user.locale
    lang = session.get("lang") or lang
    return lang if lang in LANGS else "zh_Hant"


def select_babel_locale():
    return BABEL_LOCALES[current_lang.get()]


class WTFormsTranslations:
    """WTForms messages in the current language; Babel's zh_Hant_TW would fall back to Simplified."""

    def gettext(self, string):
        return _catalogue(current_lang.get()).gettext(string)

    def ngettext(self, singular, plural, n):
        return _catalogue(current_lang.get()).ngettext(singular, plural, n)


@functools.cache
def _catalogue(lang):
    return get_translations(WTFORMS_LOCALES[lang])


def init_app(app):
    @app.before_request
    def _set_lang():
        g.lang_token = current_lang.set(pick_lang())

    @app.teardown_request
    def _reset_lang(_exc):
        token = g.pop("lang_token", None)
        if token is not None:
            current_lang.reset(token)

    @app.context_processor
    def _inject():
        return {"_": _, "current_lang": current_lang.get(), "html_lang": HTML_LANG[current_lang.get()],
                "lang_names": LANG_NAMES, "request_path": request.path}
