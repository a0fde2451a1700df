"""Background task state, as recorded in the database."""

from flask_smorest import Blueprint

from app.api.schemas import TaskSchema
from app.auth import current_hr_user, hr_required
from app.errors import NotFound
from app.extensions import db
from app.models import Answer, Candidate, Interview, Job, Resume, Task

blp = Blueprint("admin_tasks", __name__, url_prefix="/api/admin/v1", description="Tasks")


def task_departments(task: Task) -> set[int]:
    """The departments a task's work belongs to (empty: system work, no department)."""
    from app.services.candidates import candidate_departments

    args = task.args or {}
    interview = None
    if isinstance(args.get("resume_id"), int):
        resume = db.session.get(Resume, args["resume_id"])
        if resume is not None and resume.job_id:
            return {db.session.get(Job, resume.job_id).department_id}
        if resume is not None and resume.candidate_id:
            args = {"candidate_id": resume.candidate_id}
    if isinstance(args.get("answer_id"), int):
        answer = db.session.get(Answer, args["answer_id"])
        interview = answer.interview if answer else None
    if isinstance(args.get("interview_id"), int):
        interview = db.session.get(Interview, args["interview_id"])
    if interview is not None:
        return {interview.invitation.job.department_id}
    if isinstance(args.get("candidate_id"), int):
        candidate = db.session.get(Candidate, args["candidate_id"])
        return candidate_departments(candidate) if candidate else set()
    return set()


@blp.get("/tasks/<int:task_id>")
@hr_required()
@blp.response(200, TaskSchema)
@blp.doc(security=[{"bearerAuth": []}])
def get_task(task_id: int):
    """A manager sees only tasks of their departments' work; others are simply not found."""
    task = db.session.get(Task, task_id)
    user = current_hr_user()
    if task is None or (
        user.role == "manager" and not (task_departments(task) & user.department_ids)
    ):
        raise NotFound(f"task {task_id} not found")
    return task
