"""Tests of marsad.text."""
