"""Unit tests of the parsing and digest rules: python -m unittest (from this folder, in the venv)."""

import hashlib
import json
import unittest
import uuid

from psycopg.conninfo import conninfo_to_dict

import reconciler
import settings
from digest import digest


class ConnectionStrings(unittest.TestCase):
    def test_npgsql_becomes_a_conninfo(self):
        conninfo = settings.postgres_conninfo("Host=127.0.0.1;Port=54321;Username=postgres;Password=p'a ss;Database=app;Pooling=true")
        self.assertEqual(conninfo_to_dict(conninfo), {"host": "127.0.0.1", "port": "54321", "user": "postgres",
                                                      "password": "p'a ss", "dbname": "app", "connect_timeout": "5"})

    def test_npgsql_quoted_values_and_synonyms(self):
        values = settings.parse_keyvalues('Server=db; User ID="a;b""c"; SSL Mode=VerifyFull')
        self.assertEqual(values, {"server": "db", "user id": 'a;b"c', "ssl mode": "VerifyFull"})
        self.assertIn("sslmode=verify-full", settings.postgres_conninfo('Server=db;SSL Mode=VerifyFull'))

    def test_stackexchange_redis(self):
        self.assertEqual(settings.redis_options("127.0.0.1:6380,password=secret,abortConnect=false"),
                         {"host": "127.0.0.1", "port": 6380, "password": "secret"})
        self.assertEqual(settings.redis_options("[::1]:7000,ssl=true,defaultDatabase=2"),
                         {"host": "::1", "port": 7000, "ssl": True, "db": 2})
        self.assertEqual(settings.redis_options("cache"), {"host": "cache", "port": 6379})

    def test_s3(self):
        s3 = settings.s3_settings("Endpoint=http://127.0.0.1:9000;AccessKey=AK;SecretKey=SK;Bucket=documents")
        self.assertEqual(s3, settings.S3Settings("http://127.0.0.1:9000", "AK", "SK", "documents"))
        with self.assertRaisesRegex(settings.ConfigError, "secretkey"):
            settings.s3_settings("Endpoint=http://h:1;AccessKey=a;Bucket=b")

    def test_missing_variable_is_named(self):
        with self.assertRaisesRegex(settings.ConfigError, "ConnectionStrings__app is not set"):
            settings.from_environment({})


class Digest(unittest.TestCase):
    def test_line_rule(self):
        for data, lines in [(b"", 0), (b"a", 1), (b"a\n", 1), (b"a\nb", 2), (b"\n", 1), (b"\n\n", 2), (b"a\r\nb\r\n", 2)]:
            self.assertEqual(digest([data]).lines, lines, data)

    def test_chunks_do_not_matter(self):
        data = b"line one\nline two\nthree" * 1000
        whole = digest([data])
        pieces = digest(data[i:i + 7] for i in range(0, len(data), 7))
        self.assertEqual(whole, pieces)
        self.assertEqual(whole.sha256, hashlib.sha256(data).hexdigest())
        self.assertEqual(whole.size, len(data))


class Reconciling(unittest.TestCase):
    """The rows whose job Redis lost get a new one; a row with a job in either list does not get a second."""

    ROWS = [("11111111-1111-7111-8111-111111111111", "documents/1"),
            ("22222222-2222-7222-8222-222222222222", "documents/2"),
            ("33333333-3333-7333-8333-333333333333", "documents/3")]

    def job(self, index, **extra):
        document_id, key = self.ROWS[index]
        return json.dumps({"id": document_id, "key": key, "bucket": "documents", "traceparent": "00-" + "a" * 32 + "-" + "b" * 16 + "-01", **extra}).encode()

    def test_rows_without_a_job_in_either_list_are_requeued_oldest_first(self):
        jobs = reconciler.jobs_to_requeue(self.ROWS, queued=[self.job(1)], processing=[], bucket="documents")
        self.assertEqual([json.loads(j) for j in jobs], [
            {"id": self.ROWS[0][0], "key": "documents/1", "bucket": "documents"},
            {"id": self.ROWS[2][0], "key": "documents/3", "bucket": "documents"}])

    def test_a_job_being_processed_is_not_duplicated(self):
        jobs = reconciler.jobs_to_requeue(self.ROWS, queued=[self.job(0)], processing=[self.job(1), self.job(2)], bucket="documents")
        self.assertEqual(jobs, [])

    def test_redis_lost_everything(self):
        jobs = reconciler.jobs_to_requeue(self.ROWS, queued=[], processing=[], bucket="b")
        self.assertEqual([json.loads(j)["id"] for j in jobs], [r[0] for r in self.ROWS])

    def test_unreadable_jobs_do_not_hide_a_row(self):
        garbage = [b"not json", b'{"key": "documents/1"}', b"[1, 2]", b'"a string"']
        self.assertEqual(reconciler.job_ids(garbage + [self.job(2)]), {self.ROWS[2][0]})

    def test_ids_compare_as_text_whatever_the_row_type(self):
        document_id = uuid.UUID(self.ROWS[0][0])  # psycopg returns uuid.UUID, jobs hold strings
        self.assertEqual(reconciler.jobs_to_requeue([(document_id, "documents/1")], [self.job(0)], [], "documents"), [])

    def test_a_made_job_is_one_the_worker_reads(self):
        job = json.loads(reconciler.make_job(uuid.UUID(self.ROWS[0][0]), "documents/1", "documents"))
        self.assertEqual((job["id"], job["key"], job["bucket"], job.get("traceparent")), (self.ROWS[0][0], "documents/1", "documents", None))

    def test_only_queued_rows_are_work(self):
        self.assertTrue(reconciler.is_pending("queued"))
        for done in ("processed", "failed", "uploading"):
            self.assertFalse(reconciler.is_pending(done), done)


if __name__ == "__main__":
    unittest.main()
