"""The only place that formats output: tables, JSON, CSV and plots."""
