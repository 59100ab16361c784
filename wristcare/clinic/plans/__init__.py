"""Treatment plans: the editor's details, the use cases, the home-care library a plan
chooses from, starting a session from a plan, and the record of handouts given.

The plan editor imports from here; each module has one job (see their docstrings).
Rendering a handout is export/'s job (export.handouts).
"""

from wristcare.clinic.plans.details import (
    GoalDetails,
    HomeCareDetails,
    PhaseDetails,
    PlanDetails,
    PlanPointDetails,
)
from wristcare.clinic.plans.editing import (
    copy_plan,
    create_plan,
    make_current,
    save_plan,
    set_plan_status,
)
from wristcare.clinic.plans.from_plan import start_session_from_plan
from wristcare.clinic.plans.handouts import get_handout, get_handout_snapshot, record_handout
from wristcare.clinic.plans.library import (
    HomeCareItemDetails,
    add_homecare_item,
    find_homecare_item,
    homecare_details_from,
    list_homecare_items,
    save_homecare_item,
    validate_homecare_item,
)
from wristcare.clinic.plans.reading import current_plan, get_plan, list_plans
from wristcare.clinic.plans.validation import validate_new_plan, validate_plan
from wristcare.clinic.plans.views import HandoutRow, PlanRow, PlanView

__all__ = [
    "GoalDetails",
    "HandoutRow",
    "HomeCareDetails",
    "HomeCareItemDetails",
    "PhaseDetails",
    "PlanDetails",
    "PlanPointDetails",
    "PlanRow",
    "PlanView",
    "copy_plan",
    "create_plan",
    "current_plan",
    "find_homecare_item",
    "get_handout",
    "get_handout_snapshot",
    "get_plan",
    "homecare_details_from",
    "list_homecare_items",
    "list_plans",
    "make_current",
    "record_handout",
    "add_homecare_item",
    "save_homecare_item",
    "save_plan",
    "set_plan_status",
    "start_session_from_plan",
    "validate_homecare_item",
    "validate_new_plan",
    "validate_plan",
]
