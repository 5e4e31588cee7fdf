"""axe-core (axe-playwright-python, which bundles it) over every page each demo role reaches by
following the portal's own links from its home page, at a phone and a desktop width: no
violation of any rule axe checks (WCAG 2.x A/AA and best practices, colour contrast included)."""

from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import Resolver404, resolve, reverse
from playwright.sync_api import expect

from demo.builders.registry import DEMO_PASSWORD
from pilots.models import Assignment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLES = ["admin.bpsdm", "wi.andi", "kepala.dkp"]
WIDTHS = {"ponsel": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
# Not pages: files (PDF, XLSX, CSV, images), the sign-out, Django's own admin site (not the portal's
# UI: no portal page links to it), and the web app's manifest and worker.
NOT_A_PAGE = (
    "pdf",
    "export",
    "ekspor",
    "download",
    "decree",
    "data_pack",
    "logo",
    "manifest",
    "service_worker",
    "api_schema",
)
SKIPPED_PREFIXES = ("/admin/", "/accounts/logout/", "/static/", "/media/")


def sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{live_server.url}/")


def page_kind(path):
    """One page per view: a second session's detail page is the same template as the first."""
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


def links_of(page, live_server):
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map((a) => a.href)")
    origin = urlsplit(live_server.url)
    found = []
    for href in hrefs:
        url, _fragment = urldefrag(href)
        parts = urlsplit(url)
        if (parts.scheme, parts.netloc) != (origin.scheme, origin.netloc):
            continue
        if parts.path.startswith(SKIPPED_PREFIXES):
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def describe(violation):
    targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
    return f"{violation['id']} ({violation['impact']}, {len(violation['nodes'])}×): {targets}"


@pytest.mark.parametrize("username", ROLES)
def test_every_page_a_demo_role_reaches_passes_axe_at_phone_and_desktop_widths(page, live_server, demo, username):
    axe = Axe()
    sign_in(page, live_server, username)
    queue, seen_kinds, checked, failures = deque(["/"]), set(), [], []
    while queue:
        path = queue.popleft()
        kind = page_kind(urlsplit(path).path)
        if kind is None or kind in seen_kinds or any(word in kind for word in NOT_A_PAGE):
            continue
        seen_kinds.add(kind)
        response = page.goto(live_server.url + path)
        if response is None or "text/html" not in (response.headers.get("content-type") or ""):
            continue
        assert response.status < 400, f"{username} {path}: {response.status}"
        checked.append(path)
        for width, viewport in WIDTHS.items():
            page.set_viewport_size(viewport)
            results = axe.run(page)
            failures += [f"{username} {width} {path} [{kind}] {describe(v)}" for v in results.response["violations"]]
        queue.extend(link for link in links_of(page, live_server) if page_kind(urlsplit(link).path) not in seen_kinds)
    assert len(checked) > 10, checked  # the crawl really went through the portal
    assert not failures, f"{len(failures)} pelanggaran axe:\n" + "\n".join(failures)


def test_keyboard_user_skips_to_content_and_lands_on_the_first_error(page, live_server, demo):
    sign_in(page, live_server, "wi.andi")
    assignment = Assignment.objects.filter(widyaiswara__username="wi.andi").first()
    form_url = reverse("learning_needs:session_create", args=[assignment.programme_opd_id])
    page.goto(f"{live_server.url}{form_url}")
    # The first Tab reaches the skip link, shown while it has focus.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Lewati ke konten utama")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}{form_url}#konten")
    # Sent empty: the error is announced and focus lands on the first field to fix, whose
    # error message is linked to it.
    page.get_by_role("button", name="Simpan sesi").click()
    expect(page.get_by_role("alert").first).to_contain_text("Sesi belum tersimpan")
    date_field = page.get_by_label("Tanggal")
    expect(date_field).to_be_focused()
    expect(date_field).to_have_attribute("aria-invalid", "true")
    error_id = date_field.get_attribute("aria-describedby").split()[0]
    expect(page.locator(f"#{error_id}")).to_contain_text("Bidang ini tidak boleh kosong.")
    # Focus is visible: a keyboard outline, not only a colour change.
    outline = date_field.evaluate("el => getComputedStyle(el).outlineStyle + ' ' + getComputedStyle(el).boxShadow")
    assert outline != "none none"
