"""What the learning settings announce to the apps after this one."""

from django.dispatch import Signal

# Sent with `changed` (a set of LearningSettings field names) after the admin saved new values.
learning_settings_changed = Signal()
