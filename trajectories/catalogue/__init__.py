"""The catalogue: the search (search.py), its shared query terms and SQL fragments (terms.py),
the text-search helpers (textsearch.py), the catalogue index (index.py), the catalogue's form
(forms.py) and the importers of course feeds (importers/). It never uses the casework
(import-linter contracts in pyproject.toml, docs/architecture.md)."""
