"""measure_pages compares each page with the bare view measured beside it (issue 12, item 4)."""

import io

from insights.management.commands.measure_pages import Command


def _row(page, kind, warm, bare, cold=0.05):
    return {
        "role": "admin",
        "page": page,
        "url": f"/{page}/",
        "kind": kind,
        "status": 200,
        "cold": cold,
        "warm": warm,
        "bare": bare,
    }


def test_ratio_uses_the_bare_view_measured_beside_the_page():
    command = Command(stdout=io.StringIO())
    # Both pages take 5x their own bare view; the second was measured while the machine was slow.
    rows = [_row("quiet", "list", [0.050, 0.050, 0.050], 0.010), _row("busy", "list", [0.200, 0.200], 0.040)]
    command._report(rows)
    output = command.stdout.getvalue()
    assert "| admin | quiet | list | 200 | 50 | 50 | 50 | 10.0 | 5.0 | held |" in output
    assert "| admin | busy | list | 200 | 50 | 200 | 200 | 40.0 | 5.0 | held |" in output
    assert "2 pages; 0 over budget." in output


def test_a_page_over_its_ratio_or_cold_budget_is_named():
    command = Command(stdout=io.StringIO())
    command._report([_row("slow", "detail", [0.070], 0.010, cold=1.2)])
    output = command.stdout.getvalue()
    assert "| admin | slow | detail | 200 | 1200 | 70 | 1200 | 10.0 | 7.0 | cold ≥ 1 s; > 6x |" in output
    assert "admin slow: cold ≥ 1 s; > 6x" in output
