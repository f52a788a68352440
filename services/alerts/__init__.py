"""Alerts after they are stored: routing to desks, signed webhook delivery, acknowledgement.

Modules: ``routing`` (pure rules, ``visible_to``), ``webhooks`` (pure signing/verification),
``outbox`` and ``dispatcher`` (delivery; ``delivery`` is the surface the stack uses), ``ack``
(acknowledgement, escalation), ``recipients`` and ``log`` (stored desks, delivery log),
``store`` (persisting alerts). Nothing is imported here, so importing one pure module does not
pull in SQLAlchemy or httpx.
"""
