"""Handouts for demo databases: some demo plans printed and recorded as handed over.

``wristcare demo`` calls it after the demo patients are written, with the current plans the
demo made; it prints through export/ as the app does.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, time

from wristcare.clinic.documents.care_plan import care_plan_facts
from wristcare.clinic.plans import get_plan, record_handout
from wristcare.clinic.practitioners import context_for
from wristcare.db.engine import Database
from wristcare.export.handouts import render_handout

# Every so many current plans has its handout recorded; a few, not all: rendering takes
# tens of milliseconds each and the demo should stay quick.
EVERY = 3
AT_MOST = 12


def add_demo_handouts(database: Database, plan_ids: Sequence[int]) -> int:
    """Print and record the handout of some of these plans, as their practitioner on the
    day each plan started (one in large print); how many were recorded."""
    chosen = list(plan_ids)[::EVERY][:AT_MOST]
    for number, plan_id in enumerate(chosen):
        plan = get_plan(database, plan_id)
        ctx = context_for(database, plan.practitioner_id)
        day = plan.details.started_on or ctx.today()
        moment = min(datetime.combine(day, time(17, 30), tzinfo=ctx.tz).astimezone(UTC), ctx.now())
        acting = context_for(database, plan.practitioner_id, clock=lambda moment=moment: moment)
        rendered = render_handout(care_plan_facts(database, acting, plan_id),
                                  large_print=number % 4 == 1)  # fmt: skip
        record_handout(database, acting, plan_id, snapshot=rendered.snapshot,
                       sha256=rendered.sha256, large_print=rendered.large_print)  # fmt: skip
    return len(chosen)
