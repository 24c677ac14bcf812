#!/usr/bin/env bash
# A local DynamoDB for the tests of shared/store/dynamo: moto_server (pip
# package moto[server]) on a free port of 127.0.0.1, in the background.
#
#   eval "$(scripts/moto.sh)"   # start; prints export HOTLINE_DYNAMODB_ENDPOINT=http://127.0.0.1:PORT
#   scripts/moto.sh stop        # stop the server this script started
#
# The pid and the log are kept in $HOTLINE_MOTO_DIR (default: a folder of
# ${TMPDIR:-/tmp} named after this checkout, so that checkouts sharing a
# machine do not stop each other's server). Starting again while this
# checkout's server runs stops it first.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${HOTLINE_MOTO_DIR:-${TMPDIR:-/tmp}/hotline-moto-$(printf %s "$PWD" | cksum | cut -d' ' -f1)}
pidfile=$dir/moto.pid
logfile=$dir/moto.log

stop() {
  if [ -f "$pidfile" ]; then
    pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid"
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -f "$pidfile"
  fi
}

case "${1:-start}" in
stop)
  stop
  exit 0
  ;;
start) ;;
*)
  echo "usage: $0 [start|stop]" >&2
  exit 2
  ;;
esac

command -v python3 >/dev/null || { echo "python3 not found" >&2; exit 1; }
python3 -c 'import moto.server' 2>/dev/null || { echo "moto is not installed for python3: python3 -m pip install 'moto[server]'" >&2; exit 1; }
stop
mkdir -p "$dir"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
nohup python3 - 127.0.0.1 "$port" >"$logfile" 2>&1 <<'PY' &
# moto_server, with three fixes for tests that write concurrently and at volume:
#  1. requests are served one at a time: moto's backends are not thread-safe
#     (concurrent transactions fail with "dictionary changed size during
#     iteration" and roll back each other's writes);
#  2. a TransactWriteItems keeps a copy of the items it touches to roll back
#     to, instead of a deep copy of the whole table: the copy made each
#     transaction cost time and memory in proportion to the table (a 4,000-
#     event test took minutes and 24 GB).
#  3. TransactWriteItems honours ClientRequestToken as DynamoDB does: a
#     transaction that succeeded, sent again with the same token and items
#     within 10 minutes (an SDK retry after a lost answer or a timeout), is
#     answered success without being applied again. moto ignores the token,
#     so a retried transaction failed its conditions on its own writes and
#     new events came back `duplicate` (a flaky conformance test under load);
#  4. a Query reads the items of its partition key, as DynamoDB does, instead of
#     walking every item of the table once a page: the items of the table's own
#     key straight from moto's map of them, an index's from a map of the index's
#     key values built on the first query after a write (any request other than
#     a read) and kept until the next. The same candidates go through moto's own
#     matching, sorting, paging and projection, so what a query returns is
#     unchanged; only its cost is the partition's, not the table's (a district's
#     month end took 10 minutes of walks).
# What a transaction does and returns is otherwise unchanged. Should moto's internals
# differ from what this expects, the server starts unpatched, with a warning.
import copy, sys, threading
import moto.server as server
from werkzeug.serving import run_simple

lock = threading.Lock()
writes = [0]  # requests that may have changed an item, for fix 4
READS = {"Query", "GetItem", "BatchGetItem", "Scan", "DescribeTable", "ListTables", "DescribeTimeToLive"}

def serialized(app):
    def wsgi(environ, start_response):
        with lock:
            if environ.get("HTTP_X_AMZ_TARGET", "").rpartition(".")[2] not in READS:
                writes[0] += 1
            return list(app(environ, start_response))
    return wsgi

server.run_simple = lambda host, port, app, **kw: run_simple(host, port, serialized(app), **kw)

try:
    from moto.dynamodb import models
    from moto.dynamodb.models.table import Table

    original = models.DynamoDBBackend.transact_write_items

    class TablesNotCopied:
        @staticmethod
        def deepcopy(x, memo=None):
            return x if isinstance(x, Table) else copy.deepcopy(x, memo)

    def transact_write_items(self, transact_items):
        saved = []
        try:
            for entry in transact_items:
                (kind, op), = entry.items()
                table = self.get_table(op["TableName"])
                if kind == "Put":
                    key = {a: op["Item"][a] for a in (table.hash_key_attr, table.range_key_attr) if a}
                else:
                    key = op["Key"]
                old = self.get_item(table.name, key)
                saved.append((table.name, key, copy.deepcopy(old.to_json()["Attributes"]) if old else None))
        except Exception:
            return original(self, transact_items)  # let moto report what is wrong
        models.copy = TablesNotCopied
        try:
            return original(self, transact_items)
        except Exception:
            for name, key, attrs in reversed(saved):
                if attrs is None:
                    self.delete_item(name, key)
                else:
                    self.put_item(name, attrs)
            raise
        finally:
            models.copy = copy

    models.DynamoDBBackend.transact_write_items = transact_write_items
except Exception as e:
    print(f"moto.sh: TransactWriteItems not patched ({e!r}); large tests will be slow", file=sys.stderr)

try:
    import hashlib, json, time
    from moto.dynamodb import responses

    handle = responses.DynamoHandler.transact_write_items
    tokens = {}  # ClientRequestToken -> (expiry, digest of the items)

    def transact_write_items_once(self):
        token = self.body.get("ClientRequestToken")
        digest = hashlib.sha256(json.dumps(self.body["TransactItems"], sort_keys=True).encode()).hexdigest()
        now = time.monotonic()
        seen = tokens.get(token) if token else None
        if seen and seen[0] > now and seen[1] == digest:
            return responses.ActionResult({"ConsumedCapacity": [], "ItemCollectionMetrics": {}})
        result = handle(self)
        if token:
            if len(tokens) > 100000:
                for t in [t for t, (exp, _) in tokens.items() if exp <= now]:
                    del tokens[t]
            tokens[token] = (now + 600, digest)
        return result

    responses.DynamoHandler.transact_write_items = transact_write_items_once
except Exception as e:
    print(f"moto.sh: ClientRequestToken not honoured ({e!r}); a retried transaction may report duplicate", file=sys.stderr)

try:
    from moto.dynamodb.models.table import Table as QueriedTable

    query = QueriedTable.query
    built = {}  # (table, index attribute) -> (writes, {value: [items]})

    def partition(table, index_name, hash_key, conditions):
        if not index_name:
            if not table.range_key_attr:
                return None
            items = table.items.get(hash_key)
            return list(items.values()) if items else []
        if not conditions:
            return None
        attr, value = conditions[0]
        key = (id(table), attr)
        seen = built.get(key)
        if seen is None or seen[0] != writes[0]:
            for stale in [k for k, (w, _) in built.items() if w != writes[0]]:
                del built[stale]
            by_value = {}
            for item in table.all_items():
                v = item.attrs.get(attr) if hasattr(item, "attrs") else None
                if v:
                    by_value.setdefault(v, []).append(item)
            seen = built[key] = (writes[0], by_value)
        return seen[1].get(value, [])

    def partition_query(self, hash_key, *args, **kw):
        index_name = args[6] if len(args) > 6 else kw.get("index_name")
        candidates = partition(self, index_name, hash_key, kw.get("hash_key_conditions"))
        if candidates is None:
            return query(self, hash_key, *args, **kw)
        self.all_items = lambda: candidates
        try:
            return query(self, hash_key, *args, **kw)
        finally:
            del self.all_items

    QueriedTable.query = partition_query
except Exception as e:
    print(f"moto.sh: Query walks the table ({e!r}); large reads will be slow", file=sys.stderr)

sys.argv = ["moto_server", "-H", sys.argv[1], "-p", sys.argv[2]]
server.main()
PY
echo $! >"$pidfile"
url=http://127.0.0.1:$port
for _ in $(seq 100); do
  if python3 -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=1)" "$url/moto-api/" 2>/dev/null; then
    echo "export HOTLINE_DYNAMODB_ENDPOINT=$url"
    echo "# moto_server pid $(cat "$pidfile") in $pidfile, log $logfile; stop with: $0 stop"
    exit 0
  fi
  if ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    echo "moto_server exited; its log:" >&2
    cat "$logfile" >&2
    rm -f "$pidfile"
    exit 1
  fi
  sleep 0.1
done
echo "moto_server did not answer on $url within 10s; its log is $logfile" >&2
stop
exit 1
