"""The evaluation dialogs: /nilai (rating.py, answers.py), /evaluasi (employee.py),
/predikatunit and /bukaevaluasi (units.py); buttons in keyboards.py, wording in texts.py."""

from aiogram import Router

from handlers.evaluation import answers, employee, rating, units

router = Router(name="evaluation")
router.include_routers(rating.router, answers.router, employee.router, units.router)
