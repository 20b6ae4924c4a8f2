"""The document worker: takes jobs from Redis, digests each document in S3, records the result in PostgreSQL.

The job contract with the api:
  - table documents(id uuid primary key, name, size, content_type, object_key, status, sha256, lines,
    error, created_at, processed_at), created by the api;
  - Redis list documents:queue, LPUSHed JSON {"id", "key", "bucket", "traceparent"}.

The row is the truth, the job only a wake-up. A reliable queue: BLMOVE moves a job from documents:queue
into documents:processing, and it leaves there only once its row is updated. A job in flight when a
worker died is still in processing; the next worker to start moves it back to the queue. A job Redis
lost (Redis died, or was down when the api pushed) is made again from its row by the reconciler
(reconciler.py), at start and every few seconds. Processing is idempotent: a job whose row is no longer
`queued` is dropped, so a job seen twice is harmless.

On SIGTERM (or SIGINT) the current job is finished, then the worker exits 0.
"""

import json
import signal
import sys
import threading
import time

import boto3
import psycopg
import redis
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

import health
import reconciler
import settings as settings_module
import tracing
from digest import digest

QUEUE = "documents:queue"
PROCESSING = "documents:processing"
CHUNK = 1 << 20  # bytes held in memory at once, whatever the object's size
MISSING_OBJECT = {"NoSuchKey", "NoSuchBucket", "404", "NotFound"}
RECONCILE_EVERY = 5  # seconds between passes looking for queued rows whose job Redis lost
MAX_BACKOFF = 5  # seconds: a dependency back from an outage is used again within this


def log(message):
    print(message, flush=True)


def describe(error):
    """An exception in one line: its type and the first line of its message."""
    return f"{type(error).__name__}: {(str(error).strip().splitlines() or [''])[0]}"


class Transient(Exception):
    """A dependency is down or not ready (no table yet): the job goes back to the queue for later."""


class Worker:
    def __init__(self, settings):
        self.settings = settings
        self.stopping = threading.Event()
        self.redis = redis.Redis(**settings.redis, socket_timeout=10, socket_connect_timeout=5, health_check_interval=30)
        self.s3 = boto3.client(
            "s3",
            endpoint_url=settings.s3.endpoint,
            aws_access_key_id=settings.s3.access_key,
            aws_secret_access_key=settings.s3.secret_key,
            region_name="us-east-1",
            config=Config(s3={"addressing_style": "path"}, connect_timeout=5, read_timeout=30,
                          retries={"max_attempts": 2, "mode": "standard"}),
        )
        self.reconciler = reconciler.Reconciler(self.redis, self.s3, settings.s3.bucket, QUEUE, PROCESSING, log)
        self.next_reconcile = 0.0
        self.db = None
        self.health_db = None
        self.health_lock = threading.Lock()

    # --- connections -------------------------------------------------------------------------

    def connection(self):
        if self.db is None or self.db.closed or self.db.broken:
            self.db = psycopg.connect(self.settings.postgres, autocommit=True)
        return self.db

    def check_postgres(self):
        with self.health_lock:  # the health server is threaded; one probe connection serves all
            try:
                if self.health_db is None or self.health_db.closed or self.health_db.broken:
                    self.health_db = psycopg.connect(self.settings.postgres, autocommit=True, connect_timeout=2)
                self.health_db.execute("SELECT 1")
            except psycopg.Error:
                if self.health_db is not None:
                    self.health_db.close()
                self.health_db = None
                raise

    def check_redis(self):
        self.redis.ping()

    # --- startup -----------------------------------------------------------------------------

    def wait_until_ready(self):
        """Waits for Redis, PostgreSQL and the documents table (the api creates it), saying what it waits for."""
        waiting_for = None
        while not self.stopping.is_set():
            try:
                self.redis.ping()
                try:
                    row = self.connection().execute("SELECT to_regclass('documents') IS NOT NULL").fetchone()
                except psycopg.Error as e:
                    self.db = None
                    reason = f"postgres ({describe(e)})"
                else:
                    if row[0]:
                        if waiting_for:
                            log("ready: redis, postgres and the documents table answer")
                        return True
                    reason = "the documents table (the api creates it)"
            except redis.RedisError as e:
                reason = f"redis ({describe(e)})"
            if reason != waiting_for:
                log(f"waiting for {reason}")
                waiting_for = reason
            self.stopping.wait(1)
        return False

    def requeue_abandoned(self):
        """Moves jobs left in processing (their worker died) back to the queue's consuming end, oldest next."""
        moved = 0
        while self.redis.lmove(PROCESSING, QUEUE, "LEFT", "RIGHT") is not None:
            moved += 1
        if moved:
            log(f"requeued {moved} job{'s' if moved != 1 else ''} left in {PROCESSING} by a worker that stopped mid-job")

    def reconcile(self):
        """Re-queues queued rows whose job is not in Redis, and sweeps uploads the api never finished. Any failure
        (a dependency down) only postpones the pass: the loop must keep serving the jobs it has."""
        now = time.monotonic()
        if now < self.next_reconcile:
            return
        self.next_reconcile = now + RECONCILE_EVERY
        try:
            db = self.connection()
            self.reconciler.requeue_lost(db)
            self.reconciler.sweep_abandoned_uploads(db)
        except psycopg.errors.UndefinedTable:
            pass  # the api has not created the table yet: nothing to reconcile
        except psycopg.Error as e:
            self.db = None
            log(f"reconcile postponed: postgres: {describe(e)}")
        except redis.RedisError as e:
            log(f"reconcile postponed: redis: {describe(e)}")
        except (BotoCoreError, ClientError) as e:
            log(f"reconcile postponed: s3: {describe(e)}")

    # --- the loop ----------------------------------------------------------------------------

    def run(self):
        if not self.wait_until_ready():
            return
        self.requeue_abandoned()
        log(f"waiting for jobs on {QUEUE}")
        backoff = 1
        while not self.stopping.is_set():
            self.reconcile()
            try:
                raw = self.redis.blmove(QUEUE, PROCESSING, 1, "RIGHT", "LEFT")
                if raw is None:
                    continue
                self.handle(raw)
                backoff = 1
            except Transient as e:
                log(f"retrying later: {e}")
                self.stopping.wait(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF)
            except redis.RedisError as e:
                log(f"redis: {describe(e)}; retrying in {backoff} s")
                self.stopping.wait(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF)

    def handle(self, raw):
        try:
            job = json.loads(raw)
            job_id, key = str(job["id"]), job["key"]
            bucket = job.get("bucket") or self.settings.s3.bucket
        except (ValueError, KeyError, TypeError) as e:
            log(f"dropped an unreadable job {raw[:200]!r}: {describe(e)}")
            self.redis.lrem(PROCESSING, 1, raw)
            return
        traceparent = job.get("traceparent")
        try:
            with tracing.job_span(traceparent, **{"document.id": job_id, "messaging.system": "redis",
                                                  "messaging.destination.name": QUEUE}):
                self.process(job_id, bucket, key, traceparent)
        except Transient:
            # Back to the far end of the queue, atomically: never lost, never in both lists, and
            # never in the way of the jobs behind it should only this one keep failing.
            with self.redis.pipeline(transaction=True) as tx:
                tx.lrem(PROCESSING, 1, raw).lpush(QUEUE, raw).execute()
            raise
        except Exception as e:  # a bug or a document we cannot handle: fail this job, never crash-loop on it
            try:
                self.fail(job_id, describe(e), time.monotonic(), tracing.trace_id(traceparent))
            except Exception:
                log(f"failed id={job_id} error={describe(e)}; dropped")
        self.redis.lrem(PROCESSING, 1, raw)

    def process(self, job_id, bucket, key, traceparent):
        started = time.monotonic()
        trace = tracing.trace_id(traceparent)
        try:
            db = self.connection()
            row = db.execute("SELECT status FROM documents WHERE id = %s", (job_id,)).fetchone()
        except psycopg.errors.InvalidTextRepresentation:
            log(f"failed id={job_id} error=not a uuid; dropped trace={trace}")
            return
        except psycopg.errors.UndefinedTable as e:
            raise Transient("the documents table does not exist yet") from e
        except psycopg.Error as e:
            self.db = None
            raise Transient(f"postgres: {describe(e)}") from e
        if row is None:
            log(f"failed id={job_id} error=no documents row with this id; dropped trace={trace}")
            return
        if not reconciler.is_pending(row[0]):
            log(f"skipped id={job_id}: already {row[0]} (a duplicate job) trace={trace}")
            return

        try:
            body = self.s3.get_object(Bucket=bucket, Key=key)["Body"]
            try:
                result = digest(body.iter_chunks(CHUNK))
            finally:
                body.close()
        except ClientError as e:
            code = str(e.response.get("Error", {}).get("Code", ""))
            if code not in MISSING_OBJECT:
                raise Transient(f"s3: {code}: {e}") from e
            self.fail(job_id, f"object s3://{bucket}/{key} not found ({code})", started, trace)
            return
        except BotoCoreError as e:
            raise Transient(f"s3: {describe(e)}") from e

        try:
            self.connection().execute(
                "UPDATE documents SET status = 'processed', sha256 = %s, lines = %s, error = NULL, processed_at = now() "
                "WHERE id = %s AND status = 'queued'",
                (result.sha256, result.lines, job_id))
        except psycopg.Error as e:
            self.db = None
            raise Transient(f"postgres: {describe(e)}") from e
        log(f"processed id={job_id} size={result.size} sha256={result.sha256} lines={result.lines} "
            f"ms={(time.monotonic() - started) * 1000:.0f} trace={trace}")

    def fail(self, job_id, error, started, trace):
        try:
            self.connection().execute(
                "UPDATE documents SET status = 'failed', error = %s, processed_at = now() WHERE id = %s", (error, job_id))
        except psycopg.Error as e:
            self.db = None
            raise Transient(f"postgres: {describe(e)}") from e
        log(f"failed id={job_id} error={error} ms={(time.monotonic() - started) * 1000:.0f} trace={trace}")


def main():
    try:
        config = settings_module.from_environment()
    except settings_module.ConfigError as e:
        log(f"configuration error: {e}")
        return 2
    worker = Worker(config)

    def stop(signum, _frame):
        # Only a flag: the job in hand finishes, the loop ends at its next turn (within the 1 s BLMOVE).
        log(f"{signal.Signals(signum).name}: stopping after the current job")
        worker.stopping.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    server = health.serve(config.host, config.port, {"postgres": worker.check_postgres, "redis": worker.check_redis})
    log(f"health on http://{config.host}:{config.port}/health")
    worker.run()
    server.shutdown()
    log("stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
