#!/usr/bin/python3
"""tests/cluster/cluster-client.py: the clients of the cluster test (check-cluster.sh).

  setup URL CA DATA_DIR...      sign in as admin (initial password from whichever
                                data directory has it), set a password, give the
                                admin company-wide scopes; prints the token
  websocket URL_A URL_B CA TOKEN   an event WebSocket on B hears an account
                                created through A
  write URL CA TOKEN SECONDS WRITERS OUT   writers create an account and a case
                                each round, retrying through the balancer with
                                the same Idempotency-Key; what was acknowledged
                                goes to OUT (JSON)
"""
import base64
import http.client
import json
import os
import socket
import ssl
import sys
import threading
import time
import urllib.parse

PASSWORD = "Cluster-test-passphrase-7"


def context(ca):
    ctx = ssl.create_default_context(cafile=ca)
    return ctx


class Client:
    """One keep-alive HTTPS connection that reconnects after any failure."""

    def __init__(self, url, ca, token=None):
        parts = urllib.parse.urlsplit(url)
        self.host, self.port = parts.hostname, parts.port
        self.ctx = context(ca)
        self.token = token
        self.conn = None

    def request(self, method, path, body=None, headers=None):
        if self.conn is None:
            self.conn = http.client.HTTPSConnection(self.host, self.port, context=self.ctx, timeout=30)
        all_headers = {"Content-Type": "application/json"}
        if self.token:
            all_headers["Authorization"] = "Bearer " + self.token
        all_headers.update(headers or {})
        try:
            self.conn.request(method, "/api/v1" + path,
                              body=json.dumps(body) if body is not None else None, headers=all_headers)
            answer = self.conn.getresponse()
            data = answer.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = None
            raise
        if answer.getheader("Connection", "").lower() == "close":
            self.conn.close()
            self.conn = None
        return answer.status, json.loads(data) if data else None


def setup(url, ca, data_dirs):
    initial = None
    for d in data_dirs:
        path = os.path.join(d, "initial-admin-password")
        if os.path.exists(path):
            initial = open(path).read().strip()
    if initial is None:
        sys.exit("no initial-admin-password in " + " ".join(data_dirs))
    client = Client(url, ca)
    status, answer = client.request("POST", "/session", {"login": "admin", "password": initial})
    if status not in (200, 201):
        sys.exit("sign-in: %s %s" % (status, answer))
    client.token = answer["token"]
    status, answer = client.request("POST", "/session/password", {"current": initial, "new": PASSWORD})
    if status not in (200, 204):
        sys.exit("password: %s %s" % (status, answer))
    for entity in ("account", "case"):
        status, answer = client.request("PUT", "/role-scopes", {"role": "admin", "entity": entity, "scope": "company"})
        if status != 200:
            sys.exit("scope %s: %s %s" % (entity, status, answer))
    print(client.token)


def ws_connect(url, ca, token, after=None):
    parts = urllib.parse.urlsplit(url)
    query = "?after=%d" % after if after is not None else ""
    raw = socket.create_connection((parts.hostname, parts.port), timeout=30)
    sock = context(ca).wrap_socket(raw, server_hostname=parts.hostname)
    key = base64.b64encode(os.urandom(16)).decode()
    sock.sendall(("GET /api/v1/events%s HTTP/1.1\r\nHost: %s:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\nAuthorization: Bearer %s\r\n\r\n"
                  % (query, parts.hostname, parts.port, key, token)).encode())
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = sock.recv(1)
        if not chunk:
            raise EOFError("websocket: closed during the handshake")
        head += chunk
    if not head.startswith(b"HTTP/1.1 101"):
        raise EOFError("websocket: " + head.decode(errors="replace"))
    return sock


def ws_read(sock):
    """The next text message (unmasked frames from the server; control frames skipped)."""
    def exactly(n):
        data = b""
        while len(data) < n:
            chunk = sock.recv(n - len(data))
            if not chunk:
                raise EOFError("websocket closed")
            data += chunk
        return data
    while True:
        first, second = exactly(2)
        length = second & 0x7F
        if length == 126:
            length = int.from_bytes(exactly(2), "big")
        elif length == 127:
            length = int.from_bytes(exactly(8), "big")
        payload = exactly(length)
        if first & 0x0F == 1:
            return payload.decode()
        if first & 0x0F == 8:
            raise EOFError("websocket closed by the server")


def websocket(url_a, url_b, ca, token):
    sock = ws_connect(url_b, ca, token)
    time.sleep(1)  # the hub of B has read the log once since the socket came
    status, answer = Client(url_a, ca, token).request("POST", "/accounts", {"name": "Heard on the other rapportd"})
    if status != 201:
        sys.exit("websocket: create through A: %s %s" % (status, answer))
    wanted = answer["id"]
    deadline = time.time() + 20
    sock.settimeout(5)
    while time.time() < deadline:
        try:
            message = json.loads(ws_read(sock))
        except socket.timeout:
            continue
        data = message.get("data", {})
        if message.get("kind") == "change" and data.get("entity") == "account" and data.get("id") == wanted:
            print("account %d created through one rapportd was told on the other's WebSocket (event %d)"
                  % (wanted, message["id"]))
            return
    sys.exit("websocket: no event for account %d on the other rapportd within 20 s" % wanted)


def writer(url, ca, token, until, number, results, lock):
    client = Client(url, ca, token)
    done = []
    errors = 0
    refused = 0
    retries = 0
    n = 0
    while time.time() < until:
        n += 1
        name = "Cluster writer %d round %d" % (number, n)
        record = {"name": name, "writer": number}
        for kind, path, body in (("account", "/accounts", lambda: {"name": name}),
                                 ("case", "/cases", lambda: {"subject": name, "account_id": record["account_id"]})):
            key = "w%d-%d-%s-%s" % (number, n, kind, os.urandom(4).hex())
            answered = False
            # the same Idempotency-Key until answered: a retry of a write that
            # committed gets its first answer, never a second record
            while not answered and time.time() < until + 60:
                try:
                    status, answer = client.request("POST", path, body(), {"Idempotency-Key": key})
                except (OSError, http.client.HTTPException):
                    retries += 1
                    time.sleep(0.2)
                    continue
                if status == 201:
                    record[kind + "_id"] = answer["id"]
                    if kind == "case":
                        record["number"] = answer["number"]
                    record[kind + "_at"] = time.time()
                    answered = True
                elif status >= 500 or (status == 409 and answer["error"]["code"] == "conflict"):
                    # the balancer found no rapportd, or a conflict outlasted
                    # rapportd's own retries: the same request again
                    errors += 1
                    time.sleep(0.2)
                else:
                    sys.stderr.write("writer %d: %s %s: %s %s\n" % (number, "POST", path, status, answer))
                    refused += 1
                    break
            if not answered:
                break
        if "case_id" in record:
            done.append(record)
    with lock:
        results["records"].extend(done)
        results["errors"] += errors
        results["retries"] += retries
        results["refused"] += refused


def listener(url, ca, token, stop, heard):
    """An event WebSocket through the balancer, as a client keeps one: when it
    drops, it comes back with ?after= the last event it heard."""
    last = None
    sock = None
    while not stop.is_set():
        try:
            if sock is None:
                sock = ws_connect(url, ca, token, last)
                sock.settimeout(1)
                heard["connections"] += 1
            message = json.loads(ws_read(sock))
        except socket.timeout:
            continue
        except (OSError, EOFError, ValueError):
            sock = None
            time.sleep(0.2)
            continue
        last = message.get("id", last)
        data = message.get("data", {})
        if message.get("kind") == "change" and data.get("entity") == "account" and data.get("action") == "create":
            heard["accounts"].add(data.get("id"))
        elif message.get("kind") == "reload":
            heard["reloads"] += 1


def write(url, ca, token, seconds, writers, out):
    until = time.time() + float(seconds)
    results = {"records": [], "errors": 0, "retries": 0, "refused": 0, "started": time.time()}
    lock = threading.Lock()
    threads = [threading.Thread(target=writer, args=(url, ca, token, until, i + 1, results, lock))
               for i in range(int(writers))]
    stop = threading.Event()
    heard = {"accounts": set(), "connections": 0, "reloads": 0}
    events = threading.Thread(target=listener, args=(url, ca, token, stop, heard))
    events.start()
    time.sleep(1)
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    results["ended"] = time.time()
    # what committed last is told within a poll or two
    time.sleep(3)
    stop.set()
    events.join()
    results["heard_accounts"] = sorted(heard["accounts"])
    results["event_connections"] = heard["connections"]
    results["event_reloads"] = heard["reloads"]
    with open(out, "w") as f:
        json.dump(results, f)


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    if command == "setup":
        setup(args[0], args[1], args[2:])
    elif command == "websocket":
        websocket(*args)
    elif command == "write":
        write(*args)
    else:
        sys.exit(__doc__)
