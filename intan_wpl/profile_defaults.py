"""The instance profile this installation starts with: the one place where a province's names
live in the code (the data migration and `manage.py instance_profile` read it). Another province
changes every value on /pengaturan/profil-instansi/ or loads its own JSON at install
(docs/replication.md); nothing else in code or templates names a province (tests/intan_wpl/
test_instance_profile.py greps for it)."""

DEFAULT_PROFILE = {
    "province_name": "Sulawesi Selatan",
    "government_name": "Pemerintah Provinsi Sulawesi Selatan",
    "agency_name": "Badan Pengembangan Sumber Daya Manusia",
    "agency_short_name": "BPSDM Sulsel",
    "address": "Makassar, Sulawesi Selatan",
    "city": "Makassar",
    "time_zone": "Asia/Makassar",
    "regencies": "\n".join(
        [
            "Kabupaten Kepulauan Selayar",
            "Kabupaten Bulukumba",
            "Kabupaten Bantaeng",
            "Kabupaten Jeneponto",
            "Kabupaten Takalar",
            "Kabupaten Gowa",
            "Kabupaten Sinjai",
            "Kabupaten Maros",
            "Kabupaten Pangkajene dan Kepulauan",
            "Kabupaten Barru",
            "Kabupaten Bone",
            "Kabupaten Soppeng",
            "Kabupaten Wajo",
            "Kabupaten Sidenreng Rappang",
            "Kabupaten Pinrang",
            "Kabupaten Enrekang",
            "Kabupaten Luwu",
            "Kabupaten Tana Toraja",
            "Kabupaten Luwu Utara",
            "Kabupaten Luwu Timur",
            "Kabupaten Toraja Utara",
            "Kota Makassar",
            "Kota Parepare",
            "Kota Palopo",
        ]
    ),
    "decree_issuer_title": "Gubernur Sulawesi Selatan",
    "head_title": "Kepala Badan Pengembangan Sumber Daya Manusia Provinsi Sulawesi Selatan",
    "head_name": "",
    "head_nip": "",
}
