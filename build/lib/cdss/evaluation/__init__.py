"""`cdss eval`: the acceptance test a hospital runs before go-live, and again whenever the model changes.

One questions file measures every backend the same way: retrieval (hit@k,
MRR), whether the gold phrase is shown inside a verified quote, abstention on
unanswerable questions, quote verification, dose findings and latency.
"""

from cdss.evaluation.questions import EvalQuestion, load_questions
from cdss.evaluation.runner import EvalRun, QuestionResult, run_eval

__all__ = ["EvalQuestion", "EvalRun", "QuestionResult", "load_questions", "run_eval"]
