"""Tests of marsad.store."""
