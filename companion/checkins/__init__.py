"""Check-ins: the schedule, the guided check-in, and their records."""
