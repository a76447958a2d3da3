"""All of redline's output: the analysis layers return data, and these modules show it.

One module per command — ``compare``, ``framing``, ``license``, ``trace``, ``lineage`` — each with
``render_text`` (terminal, rich) and ``render_html`` (a self-contained page) where the command has
them. Under them: ``page`` (the one Jinja environment, ``base.html`` and its Content-Security-Policy),
``views`` (the pieces pages are built from), ``safe`` (untrusted text made safe for a terminal),
``json`` and ``files`` (the one file writer, atomic).
"""
