"""Views of the schedule API, one module per domain area; ``schedule.api.urls`` routes to them."""
