"""The public and partner API at /api/v1/ (docs/api.md): one more client of the apps' model
methods, querysets and forms, with no logic of its own. A room like the front door: it may use
every app, and nothing imports it (the root URL conf and the dashboard include its URL
modules by name)."""
