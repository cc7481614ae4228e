"""Date formats of the dashboard per language (settings.FORMAT_MODULE_PATH).

Dates are written short, with the month abbreviated (`3 Dec 2025`). Django's
`M` capitalises the abbreviation, which English wants and Estonian, Latvian,
Finnish and Lithuanian do not (`3. dets 2025`), so those languages use `b`,
the abbreviation as their own catalogue writes it. Only the formats named
here change; the rest come from Django's locale formats.
"""
