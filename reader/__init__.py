"""cablereader: a terminal reader for press coverage of the leaked US diplomatic cables."""

__version__ = "0.1.0"
