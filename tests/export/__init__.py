"""Tests of marsad.export."""
