"""What the project knows about text itself, shared by ingest, extraction, citation and linking.

A bottom layer: its modules import only the standard library and third-party packages, never
another part of ``reader``.

- `reader.text.fold`: case and accent folding (three strengths).
- `reader.text.months`: month names in English, Spanish, Portuguese and French.
- `reader.text.names`: titles, abbreviations, particles and connectors around and inside names.
- `reader.text.plural`: counts with their nouns, singular or plural ("1 mention").
- `reader.text.cables`: the cable format: reference ids, release years, classification,
  routing and date-time-group lines, header fields.
"""
