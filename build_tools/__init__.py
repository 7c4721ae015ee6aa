"""Preprocessing for the newspaper archive: OCR sources to bilingual MkDocs pages.

Stages, one module each, in data-flow order: ingest, clean, segment, enrich,
link, render; `model` holds the data they pass; `pipeline` wires them to files.
"""
