"""The extractor (``crosscheck.extract()`` is the public entry point): amounts, percentages, 个百分点, counts, scores and physical measures in free text."""

from crosscheck.extractor.quantities import Found, find_quantities

__all__ = ["Found", "find_quantities"]
