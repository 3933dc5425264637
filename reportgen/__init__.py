"""reportgen: the quarterly service-quality report from complaint tickets and surveys."""

__version__ = "0.1.0"
