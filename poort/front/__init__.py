"""The front door: the home page, the orientation intake, "ik heb interesse", the status and
check-in pages, the funding check page, the statements, and the demo content.

It uses every app and the base of `poort`; nothing imports it (import-linter contracts in
pyproject.toml, docs/architecture.md).
"""
