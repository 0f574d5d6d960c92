"""Tests of marsad.ingest."""
