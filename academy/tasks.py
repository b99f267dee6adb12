from celery import shared_task


@shared_task(name="academy.health_ping")
def health_ping_task() -> str:
    """Answers a health check so /healthz?workers=1 can prove a worker is running."""
    return "pong"
