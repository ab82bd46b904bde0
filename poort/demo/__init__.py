"""Demo content for `manage.py seed_demo`, as plain Python data.

Facts (regions, municipalities) come from data migrations; everything here is
illustrative: desks, initiatives, schemes, providers and the course catalogue.
"""
