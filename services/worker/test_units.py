"""Unit tests of the parsing and digest rules: python -m unittest (from this folder, in the venv)."""

import hashlib
import unittest

from psycopg.conninfo import conninfo_to_dict

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


if __name__ == "__main__":
    unittest.main()
