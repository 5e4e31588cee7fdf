"""The shape docs/architecture.md promises, checked on the code itself: one naming scheme, no
module too long to read, one definition of each rule, URLs in one vocabulary. Layers between
and inside apps are import-linter's (pyproject.toml, `make lint`)."""

import ast
import re
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

ROOT = Path(__file__).resolve().parent.parent
APPS = ["intan_wpl", "pilots", "learning_needs", "learning_plans", "learning_records", "insights", "demo"]
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 75


def app_modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def relative(path):
    return str(path.relative_to(ROOT))


def source_without_comments(path):
    """The code of a module with comments and docstrings removed, so prose never matches."""
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            value = body[0].value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                body[0] = ast.Pass()
    return ast.unparse(tree)


# --- Naming and size ----------------------------------------------------------------------------


OLD_STYLE = re.compile(r"(^|/)(\w+_(forms|selectors|services|filters)|(selectors|services|filters)_\w+|demo_\w+)\.py$")


def test_modules_are_named_by_their_aggregate_in_packages_not_in_the_old_mixed_way():
    offenders = [relative(path) for path in app_modules() if OLD_STYLE.search(relative(path))]
    assert offenders == []


def test_no_module_is_longer_than_600_lines():
    long_modules = {
        relative(path): count
        for path in app_modules()
        if (count := len(path.read_text().splitlines())) > MAX_MODULE_LINES
    }
    assert long_modules == {}


def test_no_function_is_so_long_that_it_does_several_jobs():
    long_functions = []
    for path in app_modules():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long_functions.append(f"{relative(path)}:{node.name} ({length} lines)")
    assert long_functions == []


def test_every_app_has_the_same_parts_in_the_same_places():
    for app in ["pilots", "learning_needs", "learning_plans", "learning_records", "insights"]:
        for part in ["models", "urls", "views", "services", "selectors", "forms"]:
            # A package, or a single module where the app's part is small.
            assert (ROOT / app / part).is_dir() or (ROOT / app / f"{part}.py").is_file(), f"{app}/{part}"
        assert (ROOT / "templates" / app).is_dir(), app
        assert (ROOT / "tests" / app).is_dir(), app


# --- One definition per rule --------------------------------------------------------------------

# Each rule is defined by exactly one function, in exactly this module (docs/architecture.md).
RULES = {
    "in_force": "learning_plans/models.py",
    "plan_in_force": "learning_plans/selectors/plans.py",
    "plan_in_force_id": "learning_plans/selectors/plans.py",
    "working_plan": "learning_plans/selectors/plans.py",
    "jp_for": "learning_records/services/realisation.py",
    "_apply_caps": "learning_records/services/realisation.py",
    "counting_period": "learning_records/services/realisation.py",
    "activity_weight": "learning_plans/selectors/mix.py",
    "plan_mix": "learning_plans/selectors/mix.py",
    "stage_expression": "insights/selectors/stages.py",
    "price_activity": "insights/selectors/cost.py",
    "price_both_ways": "insights/selectors/cost.py",
    "joint_programme_saving": "insights/selectors/joint_programmes.py",
    "needs_with_priority": "learning_needs/selectors/needs.py",
    "add_service_errors": "intan_wpl/forms.py",
    "rupiah": "intan_wpl/formatting.py",
    "percent": "intan_wpl/formatting.py",
    "local_datetime": "intan_wpl/formatting.py",
    "count_subquery": "intan_wpl/query.py",
    "sum_subquery": "intan_wpl/query.py",
    "csv_bytes": "intan_wpl/exports.py",
    "record_export": "intan_wpl/exports.py",
}


def definitions():
    found = {}
    for path in app_modules():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.ClassDef):
                found.setdefault(node.name, []).append(relative(path))
    return found


@pytest.mark.parametrize("name", sorted(RULES))
def test_each_rule_has_one_definition(name):
    places = [place for place in definitions().get(name, []) if not place.startswith("intan_wpl/templatetags/")]
    assert places == [RULES[name]]


# A pattern that re-derives a rule in place, and the only module where it may stand.
REDERIVED = {
    "the plan in force (newest approved version)": (
        r"status\s*=\s*PlanStatus\.DISETUJUI\)",
        "learning_plans/models.py",
    ),
    "the latest version of a plan": (r"order_by\(['\"]-version['\"]\)", "learning_plans/selectors/plans.py"),
    "Rupiah by hand": (r"['\"]Rp['\"]\s*\+|f['\"]Rp\{|['\"]Rp\{", "intan_wpl/formatting.py"),
    "a correlated COUNT subquery by hand": (r"\.annotate\(\w+=Count\(['\"]pk['\"]\)\)\.values\(", "intan_wpl/query.py"),
    "a spreadsheet written by hand": (r"\bWorkbook\(|\bcsv\.(writer|DictWriter)\(", "intan_wpl/exports.py"),
    "an export log entry by hand": (r"(?<!class )ExportLog\(|ExportLog\.objects\.create", "intan_wpl/exports.py"),
    "a time zone name written into code": (r"['\"]\s*(WITA|WIB|WIT)['\"]", None),
}


@pytest.mark.parametrize("rule", sorted(REDERIVED))
def test_no_rule_is_derived_a_second_time_in_place(rule):
    pattern, home = REDERIVED[rule]
    offenders = [
        relative(path)
        for path in app_modules()
        if relative(path) != home and re.search(pattern, source_without_comments(path))
    ]
    assert offenders == [], f"{rule}: {offenders}"


# --- URLs ---------------------------------------------------------------------------------------

PREFIXES = {
    # History and the audit log read every app's records in the registry's scope.
    "pilots": ("program/", "opd/", "pegawai/", "widyaiswara/", "pengguna/", "riwayat/", "keamanan/audit/"),
    "learning_needs": ("sesi/", "masalah/", "kebutuhan/"),
    "learning_plans": ("rencana/",),
    "learning_records": ("realisasi/", "jp/", "api/"),
    "insights": ("", "dasbor/"),
    "intan_wpl": ("notifikasi/", "keamanan/", "akun/", "pengaturan/", "tugas/"),
}


def app_patterns():
    """(namespace, name, route) of every URL pattern of the portal's apps."""
    rows = []

    def walk(patterns, namespace, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace, route)
            elif isinstance(pattern, URLPattern) and namespace in PREFIXES:
                rows.append((namespace, pattern.name, route))

    walk(get_resolver().url_patterns, None, "")
    return rows


def test_every_page_of_an_app_is_under_its_prefix_with_an_english_namespaced_name():
    rows = app_patterns()
    assert {namespace for namespace, _name, _route in rows} == set(PREFIXES)
    for namespace, name, route in rows:
        assert name and re.fullmatch(r"[a-z_]+", name), (namespace, route)
        prefixes = PREFIXES[namespace]
        if namespace == "insights" and route == "":
            continue
        assert route.startswith(tuple(p for p in prefixes if p)), f"{namespace}:{name} -> /{route}"


def test_every_page_that_creates_something_ends_in_baru():
    creating = [
        (namespace, name, route)
        for namespace, name, route in app_patterns()
        if name.endswith("_create") or name.endswith("_add") and "tindak-lanjut" not in route
    ]
    assert creating
    offenders = [
        f"{namespace}:{name} -> /{route}" for namespace, name, route in creating if not route.endswith("baru/")
    ]
    # follow_up_add and attachment_upload post to their session; every page that opens a form to
    # create a record ends in "baru/".
    assert offenders == []


def test_no_english_words_or_old_mixed_paths_in_user_facing_urls():
    words = re.compile(r"(programme|tambah|buat/|create|edit|delete|jam-pelajaran|impor-pegawai|unit-kerja/\d)")
    offenders = [
        f"/{route}"
        for _namespace, _name, route in app_patterns()
        if words.search(re.sub(r"<[^>]+>", "", route))  # parameter names are code, not words people read
    ]
    assert offenders == []


def test_shared_validation_rules_are_written_once():
    """Messages of the rules in intan_wpl/validators.py appear nowhere else in the code."""
    for message in ["Tanggal selesai tidak boleh sebelum tanggal mulai.", "Unit kerja ini milik OPD lain."]:
        places = [relative(path) for path in app_modules() if message in path.read_text()]
        assert places == ["intan_wpl/validators.py"], message
