from celery import shared_task


@shared_task(name="academy.health_ping")
def health_ping_task() -> str:
    """Answers /healthz?workers=1: proves a worker takes tasks and returns results."""
    return "pong"
