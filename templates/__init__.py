"""The standard report templates and stylesheets, installed as the package `reportgen.templates`.

They live in the top-level templates/ folder, where designers find them; pyproject.toml maps that
folder into the package. This file makes it a regular package, which an editable install needs
to import a folder kept outside `reportgen/` (reportgen.render.templates loads it by that name).
"""
