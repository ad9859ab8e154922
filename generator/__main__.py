"""`python -m generator` runs the same CLI as the `fanzha` console script."""

from generator.cli import cli

if __name__ == "__main__":
    cli(prog_name="fanzha")
