"""What the registry announces to the apps after it (ENGINEERING.md: an earlier app never imports
a later one). Receivers run inside the transaction of the change, so what they write commits or
rolls back with it."""

from django.dispatch import Signal

# Sent with `pegawai_ids` (a set) after the employment facts of these people changed (PNS <-> PPPK,
# the start of a PPPK's perjanjian kerja), by an edit of one person or by a roster import.
# The JP ledger re-applies its rules to them.
employment_changed = Signal()
