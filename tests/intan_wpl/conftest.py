"""The scope crawl's world (OPD A and OPD B, each with a full chain of objects) for every test
of this folder that checks who reaches what."""

from tests.intan_wpl.test_scope_crawl import world  # noqa: F401 - a fixture
