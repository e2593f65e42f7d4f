"""Serializers of the schedule API, one module per domain area. Rules are the services' to check;
these only check the shape of a payload."""
