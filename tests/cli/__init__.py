"""Tests of the marsad commands (ingest, export, stats)."""
