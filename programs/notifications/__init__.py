"""Notifications of events as they happen (the shared notifications block).

Events come from the audit log: every write records an ``AuditEvent``; once its transaction
commits, ``dispatch`` finds the kinds registered for it (``registry``: each app registers
its own kinds in its ``AppConfig.ready``) and creates one ``Notification`` per recipient,
as each person chose for that kind (``NotificationPreference``): at once (in the portal and
by email), in the digest (in the portal, and in the next digest email) or not at all. A
second delivery of the same event creates and sends nothing (a unique key per event,
recipient and kind; each email is claimed once).

Recipients follow the access model: each kind says who (its ``recipients`` and docstring),
and only members of the event's program who may view the item are notified; the person who
acted is never notified of their own act.
"""
