"""Silver job: bronze -> silver (+ quarantine), see job.py."""
