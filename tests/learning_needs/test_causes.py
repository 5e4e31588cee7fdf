"""The why-why cause tree under a problem: adding causes (htmx inline and full page), editing,
moving, deleting, bounded queries for a big tree, and hostile input."""

import pytest
from django.urls import reverse

from learning_needs.models import Cause, CauseNature, Problem
from learning_needs.selectors.problems import cause_tree
from tests.factories import (
    CauseFactory,
    LearningNeedFactory,
    ProblemFactory,
    RecommendationFactory,
    make_field_session,
)

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def problem(programme_opd_a, widyaiswara_a):
    return ProblemFactory(programme_opd=programme_opd_a, created_by=widyaiswara_a, title="Arsip lambat ditemukan")


def add_url(problem):
    return reverse("learning_needs:cause_create", args=[problem.pk])


# --- Adding -------------------------------------------------------------------------------


def test_full_page_add_of_a_root_cause_redirects_to_its_node(client_for, widyaiswara_a, problem):
    response = client_for(widyaiswara_a).post(
        add_url(problem), {"text": "Arsip belum dialihmediakan", "category": "sarana", "nature": "non_kompetensi"}
    )
    cause = Cause.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#penyebab-{cause.pk}")
    assert (cause.parent, cause.category, cause.nature) == (None, "sarana", CauseNature.NON_KOMPETENSI)


def test_full_page_form_preselects_the_parent_from_the_query(client_for, widyaiswara_a, problem):
    parent = CauseFactory(problem=problem, text="Petugas tidak paham klasifikasi")
    response = client_for(widyaiswara_a).get(f"{add_url(problem)}?parent={parent.pk}")
    assert response.status_code == 200
    assert response.context["form"].initial["parent"] == parent.pk
    assert "Mengapa “Petugas tidak paham klasifikasi”?" in response.content.decode()
    assert "<html" in response.content.decode()


def test_htmx_get_returns_only_the_inline_form_under_the_node(client_for, widyaiswara_a, problem):
    parent = CauseFactory(problem=problem, text="Petugas tidak paham klasifikasi")
    response = client_for(widyaiswara_a).get(f"{add_url(problem)}?parent={parent.pk}", **HTMX)
    content = response.content.decode()
    assert "<html" not in content
    assert 'hx-post="' in content
    assert f'name="parent" value="{parent.pk}"' in content
    assert "Mengapa “Petugas tidak paham klasifikasi”?" in content


def test_htmx_add_under_a_cause_answers_with_the_refreshed_tree(client_for, widyaiswara_a, problem):
    root = CauseFactory(problem=problem, text="Petugas tidak paham klasifikasi")
    response = client_for(widyaiswara_a).post(
        add_url(problem),
        {"parent": root.pk, "text": "Belum pernah ada bimbingan teknis", "category": "manusia", "nature": "kompetensi"},
        **HTMX,
    )
    child = Cause.objects.get(parent=root)
    content = response.content.decode()
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#cause-tree"
    assert response["HX-Reswap"] == "outerHTML"
    assert content.lstrip().startswith('<div id="cause-tree"')
    assert "<html" not in content
    assert f'id="penyebab-{child.pk}" data-added="true"' in content
    assert "Petugas tidak paham klasifikasi" in content  # the whole tree, not just the new node
    assert child.text == "Belum pernah ada bimbingan teknis"


def test_htmx_add_with_errors_returns_the_form_with_messages_and_keeps_the_text(client_for, widyaiswara_a, problem):
    root = CauseFactory(problem=problem)
    response = client_for(widyaiswara_a).post(
        add_url(problem), {"parent": root.pk, "text": "Teks yang diketik", "category": "bukan-kategori"}, **HTMX
    )
    content = response.content.decode()
    assert "HX-Retarget" not in response
    assert "Pilih kategori dari daftar." in content
    assert "Teks yang diketik" in content
    assert Cause.objects.count() == 1


def test_a_parent_from_another_problem_is_rejected(client_for, widyaiswara_a, problem, programme_opd_a):
    other_problem = ProblemFactory(programme_opd=programme_opd_a)
    foreign_parent = CauseFactory(problem=other_problem)
    response = client_for(widyaiswara_a).post(
        add_url(problem), {"parent": foreign_parent.pk, "text": "Menyusup", "category": "metode"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["parent"] == ["Penyebab induk tidak ditemukan pada masalah ini."]
    assert not Cause.objects.filter(text="Menyusup").exists()


def test_a_parent_from_another_opd_is_rejected(client_for, widyaiswara_a, problem, programme_opd_b):
    foreign_parent = CauseFactory(problem__programme_opd=programme_opd_b)
    response = client_for(widyaiswara_a).post(
        add_url(problem), {"parent": foreign_parent.pk, "text": "Menyusup", "category": "metode"}, **HTMX
    )
    assert "Penyebab induk tidak ditemukan pada masalah ini." in response.content.decode()
    assert not Cause.objects.filter(text="Menyusup").exists()


def test_sessions_of_another_opd_are_rejected_for_a_cause(
    client_for, widyaiswara_a, widyaiswara_b, problem, programme_opd_b
):
    foreign = make_field_session(programme_opd_b, widyaiswara_b)
    response = client_for(widyaiswara_a).post(
        add_url(problem), {"text": "Penyebab", "category": "metode", "sessions": [foreign.pk]}
    )
    assert "sessions" in response.context["form"].errors
    assert not Cause.objects.exists()


def test_cause_cites_the_sessions_that_found_it(client_for, widyaiswara_a, problem, programme_opd_a):
    session = make_field_session(programme_opd_a, widyaiswara_a, topic="Observasi ruang arsip")
    client = client_for(widyaiswara_a)
    client.post(add_url(problem), {"text": "Rak penuh", "category": "sarana", "sessions": [session.pk]})
    cause = Cause.objects.get()
    assert list(cause.sessions.all()) == [session]
    detail = client.get(reverse("learning_needs:problem_detail", args=[problem.pk])).content.decode()
    assert "Observasi ruang arsip" in detail


@pytest.mark.parametrize(
    "data",
    [
        {"text": "x" * 100_000, "category": "metode"},
        {"text": "   ", "category": "metode"},
        {"text": "Penyebab", "category": "metode", "nature": "setengah"},
        {"text": "Penyebab", "category": "metode", "parent": "abc"},
        {"text": "Penyebab", "category": "metode", "parent": "99999999999999999999999"},
        {},
    ],
)
def test_hostile_cause_input_saves_nothing(client_for, widyaiswara_a, problem, data):
    response = client_for(widyaiswara_a).post(add_url(problem), data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Cause.objects.exists()


# --- The tree -----------------------------------------------------------------------------


def test_tree_nests_three_levels_with_why_numbers(client_for, widyaiswara_a, problem):
    a = CauseFactory(problem=problem, text="Penyebab A")
    a1 = CauseFactory(problem=problem, parent=a, text="Penyebab A1")
    CauseFactory(problem=problem, parent=a1, text="Penyebab A1a")
    CauseFactory(problem=problem, text="Penyebab B")
    nodes = cause_tree(problem)
    assert [(n.cause.text, n.depth, n.number) for n in nodes] == [
        ("Penyebab A", 0, "1"),
        ("Penyebab A1", 1, "1.1"),
        ("Penyebab A1a", 2, "1.1.1"),
        ("Penyebab B", 0, "2"),
    ]
    content = (
        client_for(widyaiswara_a).get(reverse("learning_needs:problem_detail", args=[problem.pk])).content.decode()
    )
    tree = content[content.index('<ul class="cause-tree"') :]
    # A1a sits inside A1's list, which sits inside A's list; B is back at the top.
    assert tree.index("Penyebab A") < tree.index("Penyebab A1") < tree.index("Penyebab A1a") < tree.index("Penyebab B")
    between = tree[tree.index("Penyebab A1a") : tree.index("Penyebab B")]
    assert between.count("</ul>") == 2
    assert tree.count("<ul") == tree.count("</ul>")
    assert tree.count("<li") == tree.count("</li>")


def test_tree_shows_needs_and_recommendations_under_their_causes(client_for, kepala_a, problem):
    need = LearningNeedFactory(cause__problem=problem, cause__text="Kurang paham retensi arsip")
    recommendation = RecommendationFactory(cause__problem=problem, action="Tambah rak arsip bergerak")
    content = client_for(kepala_a).get(reverse("learning_needs:problem_detail", args=[problem.pk])).content.decode()
    assert reverse("learning_needs:need_detail", args=[need.pk]) in content
    assert "M.03 Komunikasi" in content
    assert "Tambah rak arsip bergerak" in content
    assert content.index(f'id="penyebab-{need.cause_id}"') < content.index("M.03 Komunikasi")
    assert content.index(f'id="penyebab-{recommendation.cause_id}"') < content.index("Tambah rak arsip bergerak")


def _build_tree(problem, total, branching=3):
    """`total` causes, breadth-first, each with up to `branching` children: many levels."""
    causes = [Cause.objects.create(problem=problem, text="Akar 0", category="metode")]
    while len(causes) < total:
        parent = causes[(len(causes) - 1) // branching]
        causes.append(
            Cause.objects.create(problem=problem, parent=parent, text=f"Akar {len(causes)}", category="manusia")
        )
    return causes


@pytest.mark.parametrize("size", [10, 200])
def test_tree_page_loads_in_bounded_queries(client_for, widyaiswara_a, problem, django_assert_max_num_queries, size):
    causes = _build_tree(problem, size)
    for cause in causes[::20]:
        LearningNeedFactory(cause=cause)
    session = make_field_session(problem.programme_opd, widyaiswara_a)
    for cause in causes[::7]:
        cause.sessions.add(session)
    client = client_for(widyaiswara_a)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("learning_needs:problem_detail", args=[problem.pk]))
    assert response.content.decode().count('class="cause-node"') == size
    assert max(node.depth for node in response.context["nodes"]) >= (4 if size == 200 else 2)


def test_a_very_deep_chain_renders_without_recursion(client_for, widyaiswara_a, problem):
    parent = None
    for depth in range(400):
        parent = Cause.objects.create(problem=problem, parent=parent, text=f"Tingkat {depth}", category="metode")
    response = client_for(widyaiswara_a).get(reverse("learning_needs:problem_detail", args=[problem.pk]))
    assert response.status_code == 200
    assert "Tingkat 399" in response.content.decode()


# --- Editing, moving, nature ----------------------------------------------------------------


def test_editing_a_cause_marks_its_nature_and_records_history(client_for, widyaiswara_a, problem):
    cause = CauseFactory(problem=problem, nature="")
    client = client_for(widyaiswara_a)
    response = client.post(
        reverse("learning_needs:cause_update", args=[cause.pk]),
        {"text": cause.text, "category": "manusia", "nature": "kompetensi", "lock_version": 0},
    )
    assert response.status_code == 302
    cause.refresh_from_db()
    assert cause.nature == CauseNature.KOMPETENSI
    history = client.get(reverse("learning_needs:cause_history", args=[cause.pk])).content.decode()
    assert "Penyebab kompetensi" in history
    assert "Widyaiswara A" in history


def test_a_cause_cannot_move_under_its_own_descendant(client_for, widyaiswara_a, problem):
    top = CauseFactory(problem=problem)
    child = CauseFactory(problem=problem, parent=top)
    response = client_for(widyaiswara_a).post(
        reverse("learning_needs:cause_update", args=[top.pk]),
        {"parent": child.pk, "text": top.text, "category": "metode", "lock_version": 0},
    )
    assert "parent" in response.context["form"].errors
    top.refresh_from_db()
    assert top.parent is None


def test_a_cause_can_move_under_a_sibling(client_for, widyaiswara_a, problem):
    first, second = CauseFactory(problem=problem), CauseFactory(problem=problem)
    client_for(widyaiswara_a).post(
        reverse("learning_needs:cause_update", args=[second.pk]),
        {"parent": first.pk, "text": second.text, "category": "metode", "lock_version": 0},
    )
    second.refresh_from_db()
    assert second.parent == first


def test_nature_cannot_leave_kompetensi_while_needs_hang_on_it(client_for, widyaiswara_a, problem):
    need = LearningNeedFactory(cause__problem=problem)
    response = client_for(widyaiswara_a).post(
        reverse("learning_needs:cause_update", args=[need.cause_id]),
        {"text": "Ubah", "category": "metode", "nature": "non_kompetensi", "lock_version": 0},
    )
    assert "kebutuhan belajar" in response.context["form"].errors["nature"][0]
    need.cause.refresh_from_db()
    assert need.cause.nature == CauseNature.KOMPETENSI
    assert need.cause.text != "Ubah"


def test_nature_cannot_leave_non_kompetensi_while_recommendations_hang_on_it(client_for, widyaiswara_a, problem):
    recommendation = RecommendationFactory(cause__problem=problem)
    response = client_for(widyaiswara_a).post(
        reverse("learning_needs:cause_update", args=[recommendation.cause_id]),
        {"text": "Ubah", "category": "metode", "nature": "kompetensi", "lock_version": 0},
    )
    assert "rekomendasi" in response.context["form"].errors["nature"][0]


# --- Deleting -----------------------------------------------------------------------------


def test_deleting_a_cause_with_children_confirms_and_removes_the_branch(client_for, widyaiswara_a, problem):
    top = CauseFactory(problem=problem, nature="")
    child = CauseFactory(problem=problem, parent=top, nature="")
    CauseFactory(problem=problem, parent=child, nature="")
    keep = CauseFactory(problem=problem, nature="")
    client = client_for(widyaiswara_a)
    confirm = client.get(reverse("learning_needs:cause_delete", args=[top.pk])).content.decode()
    assert "2 sub-penyebab di bawahnya ikut terhapus" in confirm
    assert Cause.objects.count() == 4
    response = client.post(reverse("learning_needs:cause_delete", args=[top.pk]))
    assert response.status_code == 302
    assert list(Cause.objects.all()) == [keep]


@pytest.mark.parametrize("outcome", ["need", "recommendation"])
def test_deleting_is_refused_when_a_need_or_recommendation_depends_below(client_for, widyaiswara_a, problem, outcome):
    top = CauseFactory(problem=problem, nature="")
    if outcome == "need":
        LearningNeedFactory(cause__problem=problem, cause__parent=top)
    else:
        RecommendationFactory(cause__problem=problem, cause__parent=top)
    client = client_for(widyaiswara_a)
    confirm = client.get(reverse("learning_needs:cause_delete", args=[top.pk])).content.decode()
    assert "tidak dapat dihapus" in confirm
    assert "Ya, hapus" not in confirm
    response = client.post(reverse("learning_needs:cause_delete", args=[top.pk]))
    assert response.status_code == 200
    assert "tidak dapat dihapus" in response.content.decode()
    assert Cause.objects.count() == 2
    assert Problem.objects.count() == 1


@pytest.mark.parametrize("value", ["99999999999999999999999999", "-1", "abc", ""])
def test_hostile_query_parameters_never_fail(client_for, widyaiswara_a, problem, value):
    client = client_for(widyaiswara_a)
    po = problem.programme_opd_id
    for url, params in [
        (add_url(problem), {"parent": value}),
        (reverse("learning_needs:need_create", args=[po]), {"cause": value}),
        (reverse("learning_needs:recommendation_create", args=[po]), {"cause": value}),
        (reverse("learning_needs:problem_list", args=[po]), {"page": value}),
        (reverse("learning_needs:need_list", args=[po]), {"page": value, "kelompok": value, "prioritas": value}),
        (reverse("learning_needs:recommendation_list", args=[po]), {"page": value, "status": value}),
    ]:
        assert client.get(url, params).status_code == 200
    response = client.get(add_url(problem), {"parent": value}, **HTMX)
    assert 'name="parent"' in response.content.decode()


def test_large_ids_are_not_localised_in_links_and_htmx_targets(client_for, widyaiswara_a, problem):
    # With USE_THOUSAND_SEPARATOR an id of 12345 would print as "12.345" and break the links.
    cause = Cause.objects.create(
        pk=12345, problem=problem, text="Penyebab besar", category="manusia", nature="kompetensi"
    )
    LearningNeedFactory(cause=cause)
    content = (
        client_for(widyaiswara_a).get(reverse("learning_needs:problem_detail", args=[problem.pk])).content.decode()
    )
    assert 'id="penyebab-12345"' in content
    assert 'hx-target="#slot-12345"' in content
    assert 'id="slot-12345"' in content
    assert "?parent=12345" in content
    assert "?cause=12345" in content
    assert "12.345" not in content
    po = problem.programme_opd_id
    needs = client_for(widyaiswara_a).get(reverse("learning_needs:need_list", args=[po])).content.decode()
    assert "#penyebab-12345" in needs
