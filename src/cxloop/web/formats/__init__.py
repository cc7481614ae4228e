"""Date and time formats of the dashboard, one per language (FORMAT_MODULE_PATH).

Each language has one way to write a date and one to write a date with a
time, day first: the long and short names (DATE_FORMAT, SHORT_DATE_FORMAT…)
are the same, so a template may use either. Numbers keep Django's formats.
"""
