"""Entry point of `spark-submit` (and of `python -m marsad.batch`): the `marsad batch` command on its own.

spark-submit --master yarn .../site-packages/marsad/batch/__main__.py INPUT OUTPUT [--partitions N] ...
"""

import typer

from marsad.cli.batch import batch_command

if __name__ == "__main__":
    typer.run(batch_command)
