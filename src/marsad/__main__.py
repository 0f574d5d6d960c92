"""`python -m marsad` runs the command line."""

from marsad.cli.main import app

app()
