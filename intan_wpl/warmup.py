"""Warm a fresh web worker before it takes its first request (gunicorn.conf.py, post_worker_init).

Without it the first person a new worker serves pays for what Django does lazily once per process:
importing every view module while building the URL resolver, and compiling each template the
first time it is used (the cached loader keeps it afterwards). That was most of a "cold" request
at national size: the home page took 593 ms first and 60 ms after, with 34 ms in the database
(docs/performance.md). Nothing here touches the database."""

import logging
from pathlib import Path

from django.conf import settings
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import get_template
from django.urls import get_resolver

logger = logging.getLogger(__name__)


def template_names():
    """Every template of the project's templates/ folder, by the name views use."""
    names = []
    for folder in settings.TEMPLATES[0]["DIRS"]:
        root = Path(folder)
        names.extend(str(path.relative_to(root)) for path in sorted(root.rglob("*.html")))
    return names


def warm_up():
    """Build the URL resolver and compile every template; returns how many were compiled."""
    get_resolver().url_patterns  # noqa: B018 - imports every urls and views module
    get_resolver()._populate()
    compiled = 0
    for name in template_names():
        try:
            get_template(name)
        except (TemplateDoesNotExist, TemplateSyntaxError):  # a broken template fails its own page, not the boot
            logger.exception("template %s could not be compiled while warming up", name)
            continue
        compiled += 1
    return compiled
