from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NeedsConfig(AppConfig):
    name = "needs"
    verbose_name = _("Needs")

    def ready(self):
        from core.access import register_rule
        from needs.access import need_rule, task_rule

        register_rule("need", need_rule)
        register_rule("task", task_rule)

        from needs.answers import AnswerKind, answer_kind_register
        from needs.task_service import task_times_confirm_on_evaluation

        # The recipient's evaluation confirms the service times of the need's tasks (issue 12).
        answer_kind_register(
            AnswerKind(
                key="task_hours",
                on_evaluated=lambda need, by: task_times_confirm_on_evaluation(need=need, by=by),
            )
        )
        from needs import file_sections

        file_sections.register()  # visits, needs, tasks and evaluations in a recipient's file
        from needs import queues

        queues.register()  # what waits for someone on their home page
