"""Demo content for `manage.py seed_demo`, as plain Python data.

Facts (regions, municipalities) come from data migrations; everything here is
illustrative: desks, initiatives, schemes, providers, the course catalogue and the
fictional people of the demo queue (docs/demo.md).
"""
