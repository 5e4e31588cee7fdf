"""Turn the Lighthouse JSON reports of scripts/lighthouse/run into the table of docs/lighthouse.md."""

import json
import sys
from datetime import UTC, datetime
from pathlib import Path

CATEGORIES = [
    ("performance", "Kinerja"),
    ("accessibility", "Aksesibilitas"),
    ("best-practices", "Praktik baik"),
    ("seo", "SEO"),
]


def row(label, path):
    report = json.loads(Path(path).read_text(encoding="utf-8"))
    scores = [round((report["categories"][key]["score"] or 0) * 100) for key, _name in CATEGORIES]
    audits = report["audits"]
    tbt = audits["total-blocking-time"]["numericValue"]
    lcp = audits["largest-contentful-paint"]["numericValue"] / 1000
    failed = sorted(
        audit_id
        for key, _name in CATEGORIES[1:]
        for ref in report["categories"][key]["auditRefs"]
        if ref["weight"] and (audit_id := ref["id"]) in audits and audits[audit_id]["score"] not in (None, 1)
    )
    return (
        f"| {label} | {' | '.join(str(s) for s in scores)} | {tbt:.0f} ms | {lcp:.1f} s | {', '.join(failed) or '–'} |"
    )


def main(version, pairs):
    lines = [
        f"Diukur {datetime.now(UTC):%Y-%m-%d} dengan Lighthouse {version}, profil seluler bawaan (throttling "
        "simulasi), Chromium Debian tanpa tampilan, server gunicorn dengan pengaturan produksi (DEBUG=false, "
        "whitenoise) dan data demo.",
        "",
        f"| halaman | {' | '.join(name for _key, name in CATEGORIES)} | TBT | LCP | audit yang belum lulus |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for pair in pairs:
        label, path = pair.split("=", 1)
        lines.append(row(label, path))
    print("\n".join(lines))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
