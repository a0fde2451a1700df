"""Background task state, as recorded in the database."""

from flask_smorest import Blueprint

from app.api.schemas import TaskSchema
from app.auth import hr_required
from app.errors import NotFound
from app.extensions import db
from app.models import Task

blp = Blueprint("admin_tasks", __name__, url_prefix="/api/admin/v1", description="Tasks")


@blp.get("/tasks/<int:task_id>")
@hr_required()
@blp.response(200, TaskSchema)
@blp.doc(security=[{"bearerAuth": []}])
def get_task(task_id: int):
    task = db.session.get(Task, task_id)
    if task is None:
        raise NotFound(f"task {task_id} not found")
    return task
