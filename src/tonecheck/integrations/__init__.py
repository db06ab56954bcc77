"""Bridges to other tools' data models; each module needs its extra (``tonecheck[dask]``)."""
