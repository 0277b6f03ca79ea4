#!/usr/bin/env python3
"""Validates deploy/compose.yaml without a container engine (compose-test.sh also runs it with podman-compose).

Parses the file (anchors and merge keys resolved, as compose does) and fails, naming the service and key, unless:
a bootstrap node plus 4 nodes join through it; every node has a named volume on /data, cpus/mem_limit/pids_limit,
cap_drop [ALL], no-new-privileges, read_only with only a tmpfs /tmp, the identity passphrase as a compose secret and
no secret-looking environment variable; every service has limits and the hardening keys; Prometheus scrapes every
node; the Grafana dashboard JSON exists and queries only metric names the nodes export (deploy/test/metric-names.txt).
Usage: check-compose.py [deploy/compose.yaml]. Exit 0 when valid, 1 with the list of problems otherwise."""
import json
import os
import re
import sys

import yaml

here = os.path.dirname(os.path.abspath(__file__))
deploy = os.path.dirname(here)
path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(deploy, "compose.yaml")
problems = []


def need(cond, msg):
    if not cond:
        problems.append(msg)


with open(path, encoding="utf-8") as f:
    doc = yaml.safe_load(f)
services = doc.get("services", {})
volumes = doc.get("volumes", {}) or {}
secrets = doc.get("secrets", {}) or {}
nodes = {n: s for n, s in services.items() if "node" in (s.get("command") or [])}
need("bootstrap" in nodes, "no 'bootstrap' node service")
joining = [n for n in nodes if n != "bootstrap"]
need(len(joining) == 4, f"expected 4 nodes joining the bootstrap node, found {len(joining)}: {joining}")

for name, s in services.items():
    where = f"services.{name}"
    for key in ("cpus", "mem_limit", "pids_limit"):
        need(s.get(key) not in (None, 0, "0"), f"{where}: no {key}")
    need(s.get("cap_drop") == ["ALL"], f"{where}: cap_drop must be [ALL], was {s.get('cap_drop')}")
    need("no-new-privileges:true" in (s.get("security_opt") or []), f"{where}: security_opt lacks no-new-privileges:true")
    need(s.get("read_only") is True, f"{where}: read_only must be true")
    need(str(s.get("user", "0")).split(":")[0] not in ("0", "root"), f"{where}: runs as root (set user)")
    for port in s.get("ports") or []:
        need(str(port).startswith("127.0.0.1:"), f"{where}: port {port} is published beyond loopback")
    env = s.get("environment") or {}
    env = env if isinstance(env, dict) else dict(e.split("=", 1) for e in env)
    for key, value in env.items():
        if re.search(r"PASSPHRASE|PASSWORD|TOKEN|SECRET", key) and not key.endswith("__FILE"):
            problems.append(f"{where}: secret-looking environment variable {key} (use a compose secret)")
    for v in s.get("volumes") or []:
        source = str(v).split(":")[0]
        if not source.startswith("."):
            need(source in volumes, f"{where}: volume {source} is not a declared named volume")
    for sec in s.get("secrets") or []:
        need(sec in secrets, f"{where}: secret {sec} is not declared")

for name, s in nodes.items():
    where = f"services.{name}"
    env = s.get("environment") or {}
    need(any(str(v).split(":")[0] in volumes and str(v).split(":")[1] == "/data" for v in s.get("volumes") or []),
         f"{where}: no named volume on /data")
    need([t.split(":")[0] for t in s.get("tmpfs") or []] == ["/tmp"], f"{where}: tmpfs must be exactly /tmp")
    need("zhtp_identity_passphrase" in (s.get("secrets") or []), f"{where}: no zhtp_identity_passphrase secret")
    need(any(k.startswith("ZHTP__") for k in env), f"{where}: not configured by ZHTP__ variables")
    if name != "bootstrap":
        need(env.get("ZHTP__BOOTSTRAP__0") == "bootstrap:4000", f"{where}: ZHTP__BOOTSTRAP__0 must be bootstrap:4000")
    need("healthcheck" in s, f"{where}: no healthcheck")
for name, sec in secrets.items():
    need("file" in sec or "external" in sec, f"secrets.{name}: must be a file or external secret")

with open(os.path.join(deploy, "prometheus.yml"), encoding="utf-8") as f:
    prom = yaml.safe_load(f)
targets = {t for job in prom["scrape_configs"] for sc in job.get("static_configs", []) for t in sc["targets"]}
for name in nodes:
    need(f"{name}:5080" in targets, f"prometheus.yml does not scrape {name}:5080")

known = {w for line in open(os.path.join(here, "metric-names.txt"), encoding="utf-8") if not line.startswith("#") for w in line.split()}
dash_dir = os.path.join(deploy, "grafana", "dashboards")
dashboards = [f for f in os.listdir(dash_dir) if f.endswith(".json")] if os.path.isdir(dash_dir) else []
need(dashboards, "no Grafana dashboard JSON in deploy/grafana/dashboards")
functions = {"sum", "by", "rate", "histogram_quantile", "le", "instance", "irate", "increase", "avg", "max", "min", "count"}
for d in dashboards:
    board = json.load(open(os.path.join(dash_dir, d), encoding="utf-8"))
    for panel in board["panels"]:
        for target in panel["targets"]:
            expr = re.sub(r"\{[^}]*\}|\[[^]]*\]|\([a-z_, ]*\)(?=\s*\()", " ", target["expr"])
            for word in re.findall(r"[a-zA-Z_:][a-zA-Z0-9_:]*", expr):
                if word in functions or not ("_" in word):
                    continue
                if word not in known:
                    problems.append(f"{d}: panel '{panel['title']}' queries {word}, which no node exports")
    for topic in ("Peers", "lookups", "Storage", "contracts", "Audits", "API"):
        need(any(topic.lower() in p["title"].lower() for p in board["panels"]), f"{d}: no panel about {topic}")

if problems:
    print("deploy/compose.yaml is not valid:\n  " + "\n  ".join(problems))
    sys.exit(1)
print(f"deploy/compose.yaml valid: {len(services)} services, {len(nodes)} nodes, hardening keys on all; "
      f"{len(targets)} Prometheus targets; {len(dashboards)} dashboard(s) on known metrics")
