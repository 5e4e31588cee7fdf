"""Writes for the pilots app, one module per topic: keyword-only `<noun>_<verb>` functions,
each atomic and calling full_clean() before save."""
