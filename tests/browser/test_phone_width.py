"""Every page each demo role reaches, opened at a 390 px phone width: nothing is wider than the
screen. The crawl is the accessibility crawl's (same roles, same links followed from the home
page, one page per view); the check is the page's own width and every visible element that
sticks out past the screen edge without a scroll box of its own around it."""

from collections import deque
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from intan_wpl.models import Role
from learning_plans.models import LearningPlan, PlanStatus
from tests.browser.test_accessibility import NOT_A_PAGE, ROLES, links_of, page_kind, sign_in
from tests.factories import AssignmentFactory, LearningPlanFactory, PlanActivityFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}

# Elements that stick out of the screen and are not inside a box that scrolls or clips them.
# Visually hidden text (Bootstrap's .visually-hidden: 1 px, clipped) counts too: positioned outside
# its scroll box it still widens the page, which is how the plan page grew to 1,200 px.
OVERFLOW_SCRIPT = """
() => {
  const width = document.documentElement.clientWidth;
  const boxed = (el) => {
    for (let node = el.parentElement; node && node !== document.body; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (['auto', 'scroll', 'hidden', 'clip'].includes(style.overflowX)) {
        const box = node.getBoundingClientRect();
        const rect = el.getBoundingClientRect();
        // Clipped only if the box itself contains what it clips: an absolutely positioned child
        // whose containing block lies outside the box escapes it.
        if (box.right <= width + 1 && box.left >= -1) return true;
      }
    }
    return false;
  };
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const rect = el.getBoundingClientRect();
    if (rect.width === 0 && rect.height === 0) continue;
    if (getComputedStyle(el).display === 'none') continue;
    if (rect.right <= width + 1 && rect.left >= -1) continue;
    if (boxed(el)) continue;
    const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
      (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
    out.push(`${name} (${Math.round(rect.left)}–${Math.round(rect.right)} px)`);
  }
  return {scrollWidth: document.documentElement.scrollWidth, clientWidth: width, out: out.slice(0, 5)};
}
"""


def overflow_of(page):
    result = page.evaluate(OVERFLOW_SCRIPT)
    problems = []
    if result["scrollWidth"] > result["clientWidth"]:
        problems.append(f"halaman {result['scrollWidth']} px lebar (layar {result['clientWidth']} px)")
    problems += result["out"]
    return problems


@pytest.mark.parametrize("username", ROLES)
def test_no_page_a_demo_role_reaches_is_wider_than_a_phone(page, live_server, demo, username):
    page.set_viewport_size(PHONE)
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
        problems = overflow_of(page)
        failures += [f"{username} {path} [{kind}]: {problem}" for problem in problems]
        queue.extend(link for link in links_of(page, live_server) if page_kind(urlsplit(link).path) not in seen_kinds)
    assert len(checked) > 10, checked
    assert not failures, f"{len(failures)} luapan di 390 px:\n" + "\n".join(failures)


def test_widyaiswara_submits_a_plan_by_tapping_the_button_on_a_phone(browser, browser_context_args, live_server):
    widyaiswara = UserFactory(username="wi.ponsel", role=Role.WIDYAISWARA)
    widyaiswara.set_password("Rahasia-123")
    widyaiswara.save()
    plan = LearningPlanFactory(created_by=widyaiswara)
    AssignmentFactory(programme_opd=plan.programme_opd, widyaiswara=widyaiswara)
    for number in range(3):
        PlanActivityFactory(plan=plan, title=f"Kegiatan lapangan dengan judul yang cukup panjang {number + 1}")

    context = browser.new_context(**browser_context_args, viewport=PHONE, is_mobile=True, has_touch=True)
    phone = context.new_page()
    phone.set_default_timeout(10_000)
    phone.goto(f"{live_server.url}/accounts/login/")
    phone.get_by_label("Nama pengguna").fill("wi.ponsel")
    phone.get_by_label("Kata sandi").fill("Rahasia-123")
    phone.get_by_role("button", name="Masuk").tap()
    expect(phone.get_by_role("heading", level=1)).to_be_visible()
    phone.goto(f"{live_server.url}/rencana/{plan.pk}/")
    assert overflow_of(phone) == []
    button = phone.get_by_role("button", name="Ajukan rencana")
    button.scroll_into_view_if_needed()
    # The tap lands on the button itself, not on a table cell lying over it.
    box = button.bounding_box()
    hit = phone.evaluate(
        "([x, y]) => document.elementFromPoint(x, y)?.closest('button')?.textContent.trim()",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    assert hit == "Ajukan rencana"
    button.tap()
    expect(phone.locator(".alert-success")).to_contain_text("Rencana diajukan")
    expect(phone.locator(".plan-status").first).to_have_text("Diajukan")
    assert LearningPlan.objects.get(pk=plan.pk).status == PlanStatus.DIAJUKAN
    context.close()
