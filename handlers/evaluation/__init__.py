"""The evaluation dialogs: /nilai (rating.py, answers.py), /evaluasi (employee.py),
/predikatunit and /bukaevaluasi (units.py); buttons in keyboards.py, wording in texts.py.

`ROUTERS` are included by handlers/routers.py one by one (not nested under one router, so
the tests' detach of the tree after each dispatcher keeps them whole)."""

from handlers.evaluation import answers, employee, rating, units

ROUTERS = (rating.router, answers.router, employee.router, units.router)
