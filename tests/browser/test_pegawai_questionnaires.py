"""Issue 14 item 4 in Chromium on a phone viewport: a Pegawai answers the learning-culture
questionnaire of their OPD and the reaction form of an activity they attended; the Widyaiswara
first reads "di bawah batas minimum", then, once enough colleagues have answered (created in
the test database), the aggregate."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from insights.models import CultureQuestion, SurveyDimension
from insights.services.culture_questionnaire import culture_response_submit, culture_round_open
from intan_wpl.models import Role
from learning_plans.models import LearningSettings
from learning_records.models import ReactionQuestion
from learning_records.services.reaction import reaction_submit
from tests.factories import PegawaiFactory, UserFactory, approved_activity, realise

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Belajar-Di-Kantor-2026"


def sign_in(page, url, username, password):
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_a_pegawai_answers_and_the_widyaiswara_reads_only_aggregates_from_the_minimum(
    browser, browser_context_args, phone_context_args, live_server, programme_opd_a, widyaiswara_a
):
    settings = LearningSettings.load()
    settings.culture_min_respondents = 3
    settings.save()
    round_ = culture_round_open(programme_opd=programme_opd_a, phase="sebelum", opened_by=widyaiswara_a)
    siti = PegawaiFactory(opd=programme_opd_a.opd, name="Siti Aminah")
    siti.account = UserFactory(username=siti.nip, role=Role.PEGAWAI, full_name=siti.name, password=PASSWORD)
    siti.save(update_fields=["account"])
    questions = list(CultureQuestion.objects.filter(active=True))
    colleagues = [PegawaiFactory(opd=programme_opd_a.opd) for _ in range(2)]
    activity = approved_activity(programme_opd_a, participants=[siti, *colleagues], title="Coaching telaahan staf")
    realise(activity, [siti, *colleagues], recorded_by=widyaiswara_a)

    phone = browser.new_context(**browser_context_args, **phone_context_args)
    page = phone.new_page()
    sign_in(page, live_server.url, siti.nip, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Pembelajaran Saya")
    page.get_by_role("link", name="Kuesioner budaya belajar (Sebelum pendampingan)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kuesioner budaya belajar")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # All items but the last, then send: the missing one is named at its item, the rest kept.
    for question in questions[:-1]:
        page.locator(f"input[name='item_{question.pk}'][value='4']").check()
    page.get_by_role("button", name="Kirim jawaban").click()
    last = page.locator(f"input[name='item_{questions[-1].pk}'][value='5']")
    expect(page.get_by_text("Pilih salah satu jawaban 1–5.")).to_be_visible()
    expect(page.locator(f"input[name='item_{questions[0].pk}'][value='4']")).to_be_checked()
    last.check()
    page.get_by_role("button", name="Kirim jawaban").click()
    expect(page.locator(".alert-success")).to_contain_text("jawaban Anda tersimpan tanpa nama")
    expect(page.get_by_role("link", name="Kuesioner budaya belajar (Sebelum pendampingan)")).to_have_count(0)

    # The reaction form of the activity she attended, with a comment.
    page.get_by_role("link", name="Evaluasi kegiatan: Coaching telaahan staf").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Evaluasi kegiatan")
    reaction_items = list(ReactionQuestion.objects.filter(active=True))
    for item in reaction_items:
        page.locator(f"input[name='item_{item.pk}'][value='5']").check()
    page.get_by_label("Komentar atau saran (boleh dikosongkan)").fill("Contoh kasusnya dekat dengan pekerjaan.")
    page.get_by_role("button", name="Kirim evaluasi").click()
    expect(page.locator(".alert-success")).to_contain_text("evaluasi Anda tersimpan tanpa nama")
    expect(page.locator("[data-reaction-awaiting]")).to_have_count(0)

    survey_url = live_server.url + reverse("insights:survey_results", args=[programme_opd_a.pk])
    desk = browser.new_context(**browser_context_args, **phone_context_args).new_page()
    sign_in(desk, live_server.url, widyaiswara_a.username, "Rahasia-123")
    desk.goto(survey_url)
    card = desk.locator("#kuesioner-pegawai [data-phase='sebelum']")
    expect(card.locator("[data-culture='below-minimum']")).to_have_text(
        "n = 1, di bawah batas minimum 3: hasil tidak ditampilkan"
    )
    expect(card.locator("[data-culture='index']")).to_have_count(0)
    desk.goto(live_server.url + reverse("learning_records:activity_evaluations", args=[activity.pk]))
    expect(desk.locator("[data-reaction='below-minimum']")).to_have_text(
        "n = 1, di bawah batas minimum 3: hasil tidak ditampilkan"
    )
    expect(desk.get_by_text("Contoh kasusnya dekat dengan pekerjaan.")).to_have_count(0)

    for colleague in colleagues:
        reaction_submit(
            realisation=activity.realisation, pegawai=colleague, values={item.pk: 4 for item in reaction_items}
        )
        culture_response_submit(
            round=round_,
            pegawai=colleague,
            values={q.pk: 3 if q.dimension != SurveyDimension.INISIATIF else 5 for q in questions},
        )
    desk.reload()
    # By hand: (5 + 4 + 4) / 3 = 4.33 for every item and overall.
    expect(desk.locator("[data-reaction='overall']")).to_have_text("4,33")
    expect(desk.get_by_text("Contoh kasusnya dekat dengan pekerjaan.")).to_be_visible()
    desk.goto(survey_url)
    expect(card.locator("[data-culture='source']")).to_contain_text("kuesioner yang diisi Pegawai (n = 3)")
    # By hand: four dimensions (4 + 3 + 3) / 3 = 3.33; initiative (4 + 5 + 5 + 5 + 5 + 5) / 6 = 4.83;
    # index (4 × 3.33 + 4.83) / 5 = 3.63.
    expect(card.locator("[data-culture='index']")).to_have_text("3,63")
    expect(card.locator("[data-culture='below-minimum']")).to_have_count(0)
