# The trivial service of the orchestrator benchmark: listen on 127.0.0.1:$PORT, record when (wall
# clock, ns) the script began and when the socket started listening, then accept and drop
# connections until stopped. Kept to the standard library's cheapest imports so it starts fast.
import time
began = time.time_ns()
import os, socket

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(os.environ["PORT"])))
s.listen(128)
listening = time.time_ns()

record = os.environ["BENCH_RECORD"]
with open(record + ".tmp", "w") as f:
    f.write(f"{began} {listening}\n")
os.rename(record + ".tmp", record)  # the reader never sees half a line

while True:
    conn, _ = s.accept()
    conn.close()
