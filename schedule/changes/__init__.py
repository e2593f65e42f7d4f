"""What a change request does to a schedule, worked out on plain data before anyone decides:
its operations are checked against the schedule (each problem names the change and the task),
applied to a copy, and both copies computed and priced, so the impact on the finish date, the
critical path and the cost is known before approval.

An operation is a dict with ``op`` (``schedule.choices.ChangeOp``) and, by op:
- ``update_task``: ``uid`` and any of ``name``, ``duration_days``, ``milestone``,
  ``constraint`` (a ``Constraint`` value), ``constraint_date``, ``deadline`` (ISO dates),
  ``fixed_cost`` (dollars);
- ``add_task``: ``name``, ``duration_days``, optional ``parent_uid``, ``milestone``;
- ``remove_task``: ``uid`` (a summary task goes with everything under it, and their
  assignments with them);
- ``add_link`` / ``update_link``: ``predecessor``, ``successor``, ``type``, ``lag_days``,
  ``lag_unit``; ``remove_link``: ``predecessor``, ``successor``;
- ``add_assignment``, ``update_assignment``, ``remove_assignment``: see ``assignments``.
"""

from .errors import ChangeError
from .impact import Impact, assess_impact
from .tasks import apply_changes

__all__ = ["ChangeError", "Impact", "apply_changes", "assess_impact"]
