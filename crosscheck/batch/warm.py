"""Warm the pipeline once (lexicons, patterns, jieba) so that batch workers start ready.

The process engine preloads this module in its fork server: importing it runs
:func:`warm_up`, and every worker forked from the server inherits the warm
caches (shared copy-on-write) instead of building its own. Under the spawn
start method a worker calls :func:`warm_up` itself.
"""

from __future__ import annotations

from crosscheck.batch.guard import tie_server_to_caller

_warm = False


def warm_up() -> None:
    """Check the rules' own examples once: every lazy cache of the pipeline gets built."""
    global _warm
    if _warm:
        return
    from crosscheck.ingest import document_from_text
    from crosscheck.pipeline import run_check
    from crosscheck.rules import RULES

    text = "\n\n".join(example.text for rule in RULES.values() for example in rule.examples)
    run_check(document_from_text(text))
    _warm = True


# First (before the seconds of warm-up): in the fork server, die with the caller.
tie_server_to_caller()
warm_up()
