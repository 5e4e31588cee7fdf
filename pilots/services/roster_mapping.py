"""What a roster import reads each spreadsheet value as, said before anything is written: every
distinct value of the Status, Jenis Jabatan, Golongan/Pangkat columns (and each jabatan whose
kind is guessed from its name) with what it becomes and on how many rows. A value that names
more than one kind ("Fungsional", "Struktural", "JPT") is never guessed: the preview asks the
admin, and the import waits for the answer."""

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from pilots.domain import JabatanKind
from pilots.services.roster_reader import FIELD_LABELS, Field

FUNCTIONAL_KINDS = [
    JabatanKind.AHLI_PERTAMA, JabatanKind.AHLI_MUDA, JabatanKind.AHLI_MADYA, JabatanKind.AHLI_UTAMA,
    JabatanKind.PEMULA, JabatanKind.TERAMPIL, JabatanKind.MAHIR, JabatanKind.PENYELIA,
]  # fmt: skip
STRUCTURAL_KINDS = [
    JabatanKind.JPT_UTAMA, JabatanKind.JPT_MADYA, JabatanKind.JPT_PRATAMA, JabatanKind.ADMINISTRATOR,
    JabatanKind.PENGAWAS,
]  # fmt: skip
JPT_KINDS = [JabatanKind.JPT_UTAMA, JabatanKind.JPT_MADYA, JabatanKind.JPT_PRATAMA]
# Labels of a family of kinds, not of one kind (after ambiguity_key).
AMBIGUOUS_KINDS = {
    "fungsional": FUNCTIONAL_KINDS,
    "fungsional tertentu": FUNCTIONAL_KINDS,
    "jabatan fungsional": FUNCTIONAL_KINDS,
    "jf": FUNCTIONAL_KINDS,
    "jft": FUNCTIONAL_KINDS,
    "struktural": STRUCTURAL_KINDS,
    "jabatan struktural": STRUCTURAL_KINDS,
    "jpt": JPT_KINDS,
    "pimpinan tinggi": JPT_KINDS,
}
# The admin's explicit answer "read each row's kind from its jabatan name".
FROM_NAME = "nama"
FROM_NAME_LABEL = _("Tentukan per baris dari nama jabatan")


def ambiguity_key(raw):
    return re.sub(r"[^a-z ]", "", re.sub(r"[\s_]+", " ", str(raw or "").strip().lower())).strip()


def ambiguous_choices(key):
    """[(value, label)] the admin may answer for an ambiguous label."""
    return [(kind.value, kind.label) for kind in AMBIGUOUS_KINDS[key]] + [(FROM_NAME, FROM_NAME_LABEL)]


@dataclass
class ValueMapping:
    column: str
    value: str
    read_as: str
    note: str = ""
    count: int = 0
    asked: bool = False


@dataclass
class Question:
    key: str
    value: str
    count: int = 0

    @property
    def choices(self):
        return ambiguous_choices(self.key)

    @property
    def field_name(self):
        return "jenis_" + re.sub(r"[^a-z]", "_", self.key)


class MappingLog:
    """Collects the mappings and questions of one analysis (distinct values, rows counted)."""

    def __init__(self, answers=None):
        self.answers = dict(answers or {})
        self.mappings = {}
        self.questions = {}

    def seen(self, field, value, read_as, note=""):
        shown = " ".join(str(value).split()) if value is not None else ""
        key = (field, shown)
        if key not in self.mappings:
            self.mappings[key] = ValueMapping(str(FIELD_LABELS[field]), shown, str(read_as), str(note))
        self.mappings[key].count += 1

    def kind_for_ambiguous(self, raw, infer):
        """The kind of a row whose Jenis Jabatan is ambiguous: the admin's answer, or (until
        answered) the kind guessed from the jabatan name, shown as a question, never stored."""
        key = ambiguity_key(raw)
        answer = self.answers.get(key)
        if answer == FROM_NAME:
            kind = infer()
            self.seen(Field.JABATAN_KIND, raw, FROM_NAME_LABEL, _("jawaban Anda"))
            return kind
        if answer in {kind.value for kind in AMBIGUOUS_KINDS[key]}:
            kind = JabatanKind(answer)
            self.seen(Field.JABATAN_KIND, raw, kind.label, _("jawaban Anda"))
            return kind
        question = self.questions.setdefault(key, Question(key, " ".join(str(raw).split())))
        question.count += 1
        self.seen(Field.JABATAN_KIND, raw, _("? (belum dijawab)"), _("bisa berarti beberapa jenis jabatan"))
        self.mappings[(Field.JABATAN_KIND, question.value)].asked = True
        return infer()

    @property
    def unanswered(self):
        return list(self.questions.values())

    def rows(self):
        return sorted(self.mappings.values(), key=lambda m: (m.column, m.value.casefold()))


def is_ambiguous_kind(raw):
    return ambiguity_key(raw) in AMBIGUOUS_KINDS
