"""grassroots: Chinese local news about Shanghai's community initiatives, into DuckDB."""

__version__ = "0.1.0"
