"""newskg: a knowledge graph builder for Chinese-language news.

The public API is in :mod:`kg.api` (``build``, ``load_graph``, ``query``, ``export``).
"""

__version__ = "0.1.0"
