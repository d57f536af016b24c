"""The daily job that forgets what is left of deleted accounts past its period."""

from celery import shared_task

from . import retention


@shared_task(name="accounts_data.tasks.forget_deleted_accounts", time_limit=600,
             soft_time_limit=570)
def forget_deleted_accounts() -> int:
    return retention.forget_deleted_accounts()
