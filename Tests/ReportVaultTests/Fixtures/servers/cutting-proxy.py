#!/usr/bin/env python3
"""A TCP proxy on 127.0.0.1 that cuts every connection after the client has sent a number of
bytes: a link that breaks in the middle of a push. Written for ReportVault's tests.

usage: cutting-proxy.py LISTEN_PORT TARGET_PORT CUT_AFTER_BYTES
"""
import socket
import sys
import threading

listen_port, target_port, cut = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
server = socket.socket()
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", listen_port))
server.listen(16)


def pipe(source, sink, limit):
    sent = 0
    try:
        while True:
            data = source.recv(4096)
            if not data:
                break
            sent += len(data)
            if limit and sent > limit:
                break
            sink.sendall(data)
    except OSError:
        pass
    for end in (source, sink):
        try:
            end.shutdown(socket.SHUT_RDWR)
            end.close()
        except OSError:
            pass


while True:
    client, _ = server.accept()
    upstream = socket.create_connection(("127.0.0.1", target_port))
    threading.Thread(target=pipe, args=(client, upstream, cut), daemon=True).start()
    threading.Thread(target=pipe, args=(upstream, client, 0), daemon=True).start()
