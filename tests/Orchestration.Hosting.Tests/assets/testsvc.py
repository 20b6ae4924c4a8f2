#!/usr/bin/env python3
"""A small real service for the orchestrator tests.

Listens on 127.0.0.1:$PORT (HTTP), answers /health with 503 for the first --unhealthy requests and
200 after, records what happens to it in --record, and can misbehave on request: exit with a code,
fail its first N runs, ignore SIGTERM, leave a child process behind.
"""
import argparse
import http.server
import json
import os
import signal
import subprocess
import sys
import threading
import time

p = argparse.ArgumentParser()
p.add_argument("--name", default=os.environ.get("SVC_NAME", "svc"))
p.add_argument("--port-env", default="PORT")
p.add_argument("--no-listen", action="store_true")
p.add_argument("--delay", type=float, default=0.0, help="seconds before listening")
p.add_argument("--unhealthy", type=int, default=0, help="first N /health answers are 503")
p.add_argument("--exit-code", type=int, default=None)
p.add_argument("--exit-after", type=float, default=0.0)
p.add_argument("--fail-runs", type=int, default=0, help="exit 1 on the first N runs (counted in --state)")
p.add_argument("--state", default=None)
p.add_argument("--record", default=None)
p.add_argument("--dump-env", default=None)
p.add_argument("--ignore-term", action="store_true")
p.add_argument("--crash-after", type=float, default=None, help="listen, then exit 1 after this many seconds")
p.add_argument("--child", action="store_true", help="start a grandchild that sleeps (pid recorded)")
p.add_argument("--sick-lock", default=None,
               help="the first copy to create this file answers /health with 503 while the file exists (one sick replica)")
a = p.parse_args()


def record(event, extra=""):
    if a.record:
        with open(a.record, "a") as f:
            f.write(f"{event} {a.name} {time.time_ns()} {os.getpid()} {extra}\n".rstrip() + "\n")


record("start")
print(f"{a.name} starting", flush=True)
print(f"{a.name} says hello on stderr", file=sys.stderr, flush=True)

if a.dump_env:
    with open(a.dump_env, "w") as f:
        json.dump({**dict(os.environ), "__argv__": sys.argv[1:]}, f)

if a.fail_runs and a.state:
    runs = int(open(a.state).read()) if os.path.exists(a.state) else 0
    with open(a.state, "w") as f:
        f.write(str(runs + 1))
    if runs < a.fail_runs:
        print(f"{a.name} failing run {runs + 1}", flush=True)
        record("fail")
        sys.exit(1)


def on_term(signum, frame):
    record("stop")
    print(f"{a.name} stopping", flush=True)
    sys.exit(0)


if a.ignore_term:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
else:
    signal.signal(signal.SIGTERM, on_term)

if a.child:
    child = subprocess.Popen(["sleep", "600"])
    record("child", str(child.pid))

if a.exit_code is not None:
    time.sleep(a.exit_after)
    print(f"{a.name} exiting with {a.exit_code}", flush=True)
    record("exit")
    sys.exit(a.exit_code)

time.sleep(a.delay)
if a.no_listen:
    while True:
        time.sleep(3600)

health_calls = 0
lock = threading.Lock()
sick = False
if a.sick_lock:
    try:
        os.close(os.open(a.sick_lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        sick = True
        record("sick")
    except FileExistsError:
        pass


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        global health_calls
        if self.path == "/health":
            with lock:
                health_calls += 1
                ok = health_calls > a.unhealthy and not (sick and os.path.exists(a.sick_lock))
            self.send_response(200 if ok else 503)
            self.who()
            self.end_headers()
            self.wfile.write(b"ok" if ok else b"not yet")
        else:
            self.send_response(200)
            self.who()
            self.end_headers()
            self.wfile.write(a.name.encode())

    def who(self):
        # Which copy answered: replicas share a name, not a process or a port.
        self.send_header("X-Pid", str(os.getpid()))
        self.send_header("X-Port", str(self.server.server_address[1]))

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", int(os.environ[a.port_env])), Handler)
record("listen")
if a.crash_after is not None:
    def crash():
        print(f"{a.name} crashing", flush=True)
        record("crash")
        os._exit(1)
    threading.Timer(a.crash_after, crash).start()
server.serve_forever()
