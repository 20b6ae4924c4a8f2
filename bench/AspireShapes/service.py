# The side-by-side benchmark's service, the same for both runtimes: listen on 127.0.0.1:<port> (the first
# argument) and answer every request "200 OK". Only the socket module: the issue's own harness measured
# services this light, so the figures compare the orchestrators, not Python's import time.
import socket, sys

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.listen(128)
while True:
    conn, _ = s.accept()
    try:
        conn.recv(4096)
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
    except OSError:
        pass
    conn.close()
