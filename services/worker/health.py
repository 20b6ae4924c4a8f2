"""GET /health: 200 when PostgreSQL and Redis answer, else 503 naming what does not."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def serve(host, port, checks):
    """Serves /health in a daemon thread. `checks` maps a name to a function that raises when unhealthy."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path.split("?")[0] not in ("/health", "/alive"):
                self._send(404, {"error": "not found"})
                return
            if self.path.startswith("/alive"):
                self._send(200, {"status": "alive"})
                return
            results = {}
            for name, check in checks.items():
                try:
                    check()
                    results[name] = "ok"
                except Exception as e:  # any failure is an answer, not a crash
                    results[name] = f"{type(e).__name__}: {e}".strip()
            healthy = all(r == "ok" for r in results.values())
            self._send(200 if healthy else 503, {"status": "healthy" if healthy else "unhealthy", **results})

        def _send(self, status, body):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass  # polled every few seconds: one line per poll would drown the job lines

    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="health", daemon=True).start()
    return server
