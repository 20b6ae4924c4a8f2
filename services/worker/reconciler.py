"""Finds the work Redis lost: the documents table is the truth, the queue only wakes the worker.

A row the api answered 2xx for says `queued`. Its job may never reach the worker: pushed to a Redis that then
died (it keeps no data), never pushed because Redis was down at that moment, or the api died between the row and
the push. So, at start and every few seconds, every row `queued` for longer than a few seconds whose id is in
neither documents:queue nor documents:processing gets a new job. A job that turns out to be a duplicate is
harmless: the worker only processes a row that is still `queued`.

Also swept: rows the api left `uploading` (it died between the row and the answer; the client never got a 2xx)
once they are too old to belong to an upload still running; their object, if any, is removed with them.
"""

import json

QUEUED_GRACE_SECONDS = 5  # a queued row this old without a job has lost it (the api pushes within milliseconds)
STALE_UPLOAD_SECONDS = 300  # the api stores a spooled body in one PUT; an upload row this old has no api behind it
BATCH = 1000  # rows looked at per pass: a huge backlog is caught up over several passes, memory stays bounded


def job_ids(raw_jobs):
    """The document ids of jobs as Redis holds them (JSON strings or bytes); unreadable ones are skipped."""
    ids = set()
    for raw in raw_jobs:
        try:
            ids.add(str(json.loads(raw)["id"]))
        except (ValueError, KeyError, TypeError):
            continue
    return ids


def make_job(document_id, key, bucket):
    """A job in the api's format; no traceparent (the upload's trace is over), so the worker starts a new one."""
    return json.dumps({"id": str(document_id), "key": key, "bucket": bucket})


def jobs_to_requeue(rows, queued, processing, bucket):
    """Jobs for the (id, object_key) rows whose id has no job in either list, oldest row first."""
    present = job_ids(queued) | job_ids(processing)
    return [make_job(document_id, key, bucket) for document_id, key in rows if str(document_id) not in present]


def is_pending(status):
    """Whether a job for a row in this status is work to do: processed and failed rows are done (a duplicate job),
    an uploading row has no accepted object yet (the api pushes only once it says queued)."""
    return status == "queued"


class Reconciler:
    def __init__(self, redis, s3, bucket, queue, processing, log):
        self.redis, self.s3, self.bucket = redis, s3, bucket
        self.queue, self.processing, self.log = queue, processing, log

    def requeue_lost(self, db):
        """Pushes a job for every queued row that has none; returns how many."""
        rows = db.execute(
            "SELECT id, object_key FROM documents WHERE status = 'queued' "
            "AND created_at < now() - make_interval(secs => %s) ORDER BY created_at LIMIT %s",
            (QUEUED_GRACE_SECONDS, BATCH)).fetchall()
        if not rows:
            return 0
        # Both lists in one transaction: a job moving from one to the other is seen in exactly one of them.
        with self.redis.pipeline(transaction=True) as tx:
            queued, processing = tx.lrange(self.queue, 0, -1).lrange(self.processing, 0, -1).execute()
        jobs = jobs_to_requeue(rows, queued, processing, self.bucket)
        if jobs:
            self.redis.lpush(self.queue, *jobs)
            self.log(f"requeued {len(jobs)} queued document{'s' if len(jobs) != 1 else ''} whose job was not in Redis")
        return len(jobs)

    def sweep_abandoned_uploads(self, db):
        """Removes uploads the api never finished (and never answered 2xx for): object first, then the row."""
        rows = db.execute(
            "SELECT id, object_key FROM documents WHERE status = 'uploading' "
            "AND created_at < now() - make_interval(secs => %s) ORDER BY created_at LIMIT %s",
            (STALE_UPLOAD_SECONDS, BATCH)).fetchall()
        for document_id, key in rows:
            self.s3.delete_object(Bucket=self.bucket, Key=key)  # the row goes only once its object is gone
            db.execute("DELETE FROM documents WHERE id = %s AND status = 'uploading'", (document_id,))
        if rows:
            self.log(f"swept {len(rows)} upload{'s' if len(rows) != 1 else ''} the api never finished")
        return len(rows)
