"""The report's language as the stages use it: the spec's `[locale]` turned into word sets
and compiled patterns, each built once per locale (None: the built-in spec's).

    numbers.py   printed numbers: "ca. 2 284 127", "1,2 mill. kr", "(x 1000)"
    periods.py   a report's statement of its period: "per 1. halvår 2016"
    words.py     letters, years, the words of tables and headers, page numbers, the title

Shared by every stage; imports only the model and the spec's locale (spec/locale.py).
"""
