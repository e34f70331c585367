"""A case as a way of answering a need, registered with needs in CaseworkConfig.ready()."""

from needs.answers import AnswerKind, answer_kind_register


def register() -> None:
    answer_kind_register(
        AnswerKind(key="case", view="casework.views.need_case_open", path="case", url_name="case_open")
    )
