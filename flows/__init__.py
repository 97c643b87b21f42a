"""Prefect flows: the only part of grassroots that imports prefect.

The stage logic lives in the plain `grassroots` package; tasks here are one-line
wrappers that add a retry policy, a name and a place in the DAG.
"""
