"""fanzha: anti-fraud publicity material whose every number is traced to its source."""

__version__ = "0.1.0"
