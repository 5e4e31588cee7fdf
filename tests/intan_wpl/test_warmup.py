"""A new web worker compiles the templates and builds the URL resolver before its first request."""

import runpy
from pathlib import Path

import pytest
from django.conf import settings

from intan_wpl.warmup import template_names, warm_up


@pytest.mark.django_db
def test_every_template_of_the_project_is_compiled_without_touching_the_database(django_assert_num_queries):
    on_disk = list(Path(settings.BASE_DIR, "templates").rglob("*.html"))
    with django_assert_num_queries(0):
        compiled = warm_up()
    assert compiled == len(on_disk) == len(template_names())
    assert "base.html" in template_names()


@pytest.mark.django_db
def test_gunicorn_runs_the_warm_up_in_each_worker(monkeypatch):
    config = runpy.run_path(str(Path(settings.BASE_DIR, "gunicorn.conf.py")))
    calls = []
    monkeypatch.setattr("intan_wpl.warmup.warm_up", lambda: calls.append("warm") or 7)

    class Log:
        def info(self, message, *args):
            calls.append(message % args)

    class Worker:
        log = Log()

    config["post_worker_init"](Worker())
    assert calls == ["warm", "warmed up: 7 templates compiled"]
    assert config["timeout"] == 30
