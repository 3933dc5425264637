"""Rendering: charts to SVG and specs, the report model to HTML, HTML to PDF."""
