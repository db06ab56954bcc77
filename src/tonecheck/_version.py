"""The package version, in a module of its own so any module can read it without importing
the package facade (which would close an import cycle through ``tonecheck/__init__``)."""

__version__ = "0.1.0"
