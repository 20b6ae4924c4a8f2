"""Configuration from the environment the AppHost injects (ConnectionStrings__*, PORT)."""

import os
from dataclasses import dataclass
from urllib.parse import urlsplit

from psycopg.conninfo import make_conninfo


class ConfigError(Exception):
    """A setting is missing or unreadable; the message says which and what it should look like."""


def parse_keyvalues(text):
    """Parses `Key=Value;Key2="quoted; value"` (the .NET connection string grammar): keys are
    case-insensitive, values may be quoted with ' or " (a doubled quote inside is a quote)."""
    pairs, i, n = {}, 0, len(text)
    while i < n:
        while i < n and text[i] in " ;":
            i += 1
        if i >= n:
            break
        eq = text.find("=", i)
        if eq < 0:
            raise ConfigError(f"'{text[i:]}' has no '='")
        key = text[i:eq].strip().lower()
        i = eq + 1
        while i < n and text[i] == " ":
            i += 1
        if i < n and text[i] in "'\"":
            quote, value = text[i], []
            i += 1
            while i < n:
                if text[i] == quote:
                    if i + 1 < n and text[i + 1] == quote:
                        value.append(quote)
                        i += 2
                        continue
                    i += 1
                    break
                value.append(text[i])
                i += 1
            value = "".join(value)
            end = text.find(";", i)
            i = n if end < 0 else end + 1
        else:
            end = text.find(";", i)
            value = text[i:] if end < 0 else text[i:end]
            i = n if end < 0 else end + 1
            value = value.strip()
        pairs[key] = value
    return pairs


_NPGSQL_KEYS = {
    "host": "host", "server": "host",
    "port": "port",
    "username": "user", "user id": "user", "userid": "user", "user name": "user", "user": "user",
    "password": "password", "pwd": "password",
    "database": "dbname", "db": "dbname",
    "timeout": "connect_timeout",
    "ssl mode": "sslmode", "sslmode": "sslmode",
}
_SSL_MODES = {"disable": "disable", "allow": "allow", "prefer": "prefer", "require": "require",
              "verifyca": "verify-ca", "verify-ca": "verify-ca", "verifyfull": "verify-full", "verify-full": "verify-full"}


def postgres_conninfo(npgsql):
    """`Host=h;Port=p;Username=u;Password=x;Database=d` (Npgsql) -> a libpq conninfo for psycopg."""
    params = {}
    for key, value in parse_keyvalues(npgsql).items():
        name = _NPGSQL_KEYS.get(key)
        if name is None:
            continue  # Npgsql-only settings (pooling, command timeout, ...) mean nothing to libpq
        if name == "sslmode":
            value = _SSL_MODES.get(value.lower().replace(" ", ""), value.lower())
        params[name] = value
    if "host" not in params:
        raise ConfigError("the PostgreSQL connection string has no Host")
    params.setdefault("connect_timeout", "5")
    return make_conninfo(**params)


def redis_options(stackexchange):
    """`host:port,password=x,ssl=true,defaultDatabase=0` (StackExchange.Redis) -> redis.Redis() arguments."""
    options = {}
    for part in filter(None, (p.strip() for p in stackexchange.split(","))):
        key, sep, value = part.partition("=")
        if not sep:
            if "host" in options:
                continue  # more endpoints (a cluster or sentinel set): the first one serves us
            if key.startswith("["):  # [::1]:6379
                host, _, port = key[1:].partition("]")
                port = port.lstrip(":")
            elif key.count(":") == 1:
                host, _, port = key.partition(":")
            else:
                host, port = key, ""
            options["host"], options["port"] = host, int(port) if port else 6379
            continue
        key = key.strip().lower()
        if key == "password":
            options["password"] = value
        elif key == "user":
            options["username"] = value
        elif key == "ssl":
            options["ssl"] = value.strip().lower() == "true"
        elif key == "defaultdatabase":
            options["db"] = int(value)
    if "host" not in options:
        raise ConfigError("the Redis connection string has no host:port")
    return options


@dataclass(frozen=True)
class S3Settings:
    endpoint: str
    access_key: str
    secret_key: str
    bucket: str


def s3_settings(text):
    """`Endpoint=http://h:p;AccessKey=a;SecretKey=s;Bucket=b` -> S3Settings."""
    values = parse_keyvalues(text)
    missing = [k for k in ("endpoint", "accesskey", "secretkey", "bucket") if not values.get(k)]
    if missing:
        raise ConfigError(f"the S3 connection string lacks {', '.join(missing)}")
    if urlsplit(values["endpoint"]).scheme not in ("http", "https"):
        raise ConfigError(f"the S3 endpoint '{values['endpoint']}' is not an http(s) URL")
    return S3Settings(values["endpoint"], values["accesskey"], values["secretkey"], values["bucket"])


@dataclass(frozen=True)
class Settings:
    postgres: str
    redis: dict
    s3: S3Settings
    port: int
    host: str


def _required(environ, name, example):
    value = environ.get(name)
    if not value:
        raise ConfigError(f"{name} is not set (expected something like {example}); "
                          "the AppHost sets it through WithReference")
    return value


def from_environment(environ=os.environ):
    try:
        return Settings(
            postgres=postgres_conninfo(_required(environ, "ConnectionStrings__app", "Host=127.0.0.1;Port=5432;Username=postgres;Password=...;Database=app")),
            redis=redis_options(_required(environ, "ConnectionStrings__redis", "127.0.0.1:6379,password=...")),
            s3=s3_settings(_required(environ, "ConnectionStrings__documents", "Endpoint=http://127.0.0.1:9000;AccessKey=...;SecretKey=...;Bucket=documents")),
            port=int(environ.get("PORT") or 8080),
            # Loopback unless told otherwise (HOST=0.0.0.0 in a container).
            host=environ.get("HOST") or "127.0.0.1",
        )
    except ValueError as e:
        raise ConfigError(str(e)) from None
