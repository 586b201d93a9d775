#!/usr/bin/env python3
"""A server that accepts connections on 127.0.0.1:PORT and never answers (the timeout tests).

usage: silent-server.py PORT"""
import socket
import sys

server = socket.socket()
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", int(sys.argv[1])))
server.listen(16)
held = []
while True:
    held.append(server.accept())
