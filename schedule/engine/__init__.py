"""The scheduling engine: plain Python, no Django. ``compute(project)`` gives a ``Result``."""
