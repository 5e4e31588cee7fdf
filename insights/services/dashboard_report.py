"""The full printable dashboard report as a file (issue 12): every programme OPD of the user's
scope, which at national size (2,000 rows) is too much for a web request. The background job
(insights.jobs) writes one self-contained HTML file with the same figures, charts and tables as
/dasbor/laporan/, which shows them one page of rows at a time."""

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from insights.selectors.cost import UNIT_COST_METHOD
from insights.selectors.dashboard import MIX_RULE, chart_data, dashboard_figures
from insights.selectors.stages import STAGE_RULE
from insights.selectors.surveys import INDEX_RULE
from intan_wpl.models import Role
from intan_wpl.selectors.profile import instance_profile
from pilots.models import Programme

STYLES = ("vendor/bootstrap/bootstrap.min.css", "css/portal.css", "css/dashboard.css")
CHART_SCRIPT = "vendor/chartjs/chart.umd.min.js"
DASHBOARD_SCRIPT = "js/dashboard.js"


def _static_text(path, closing_tag):
    with open(finders.find(path), encoding="utf-8") as handle:
        # An embedded file must not end its own <script>/<style> element early.
        return handle.read().replace(f"</{closing_tag}", f"<\\/{closing_tag}")


def report_context(*, user, filters, figures, selected_programme=None):
    """What the report's article shows (the page and the file alike)."""
    return {
        "figures": figures,
        "charts": chart_data(figures),
        "page": figures["page"],
        "selected_programme": selected_programme,
        "filters": filters,
        "stage_rule": STAGE_RULE,
        "classroom_rule": UNIT_COST_METHOD,
        "culture_rule": INDEX_RULE,
        "mix_rule": MIX_RULE,
        "is_admin": user.role == Role.ADMIN,
        "report": True,
    }


def dashboard_report_build(*, user, filters, progress=None):
    """The report of every programme OPD in `user`'s scope under `filters`, as HTML bytes, and
    the number of programme OPD rows. `progress(percent, step)` hears each stage."""
    progress = progress or (lambda percent, step="": None)
    progress(5, _("Menghitung angka semua OPD program"))
    figures = dashboard_figures(user, filters, page_number="all")
    programme = Programme.objects.filter(pk=filters.programme_id).first() if filters.programme_id else None
    progress(60, _("Menyusun laporan (%(count)s OPD program)") % {"count": len(figures["rows"])})
    profile = instance_profile()
    context = report_context(user=user, filters=filters, figures=figures, selected_programme=programme)
    context.update(
        document=True,
        instance=profile,
        zone=profile.zone_label,
        styles="\n".join(_static_text(path, "style") for path in STYLES),
        chart_script=_static_text(CHART_SCRIPT, "script"),
        dashboard_script=_static_text(DASHBOARD_SCRIPT, "script"),
    )
    html = render_to_string("insights/dashboard/report_document.html", context)
    progress(95, _("Menyimpan berkas"))
    return html.encode("utf-8"), len(figures["rows"])


def dashboard_report_filename(*, filters):
    stamp = timezone.localdate().strftime("%Y%m%d")
    scope = f"-program-{filters.programme_id}" if filters.programme_id else ""
    return f"laporan-dasbor{scope}-{filters.year}-{stamp}.html"
