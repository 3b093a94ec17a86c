#!/usr/bin/env python3
"""Independent answers for a few workload queries (stdlib only): ego reach,
shortest paths (plain BFS), military paths, simple node paths <= 3 edges,
PageRank top-10 at 20 fixed iterations (networkx conventions)."""
import sys, collections, json
d = sys.argv[1]; nq = int(sys.argv[2]) if len(sys.argv) > 2 else 3
n = sum(1 for _ in open(d + "/nodes.csv")) - 1
und = [set() for _ in range(n)]; mil = [set() for _ in range(n)]
out_deg = [0] * n; ins = [[] for _ in range(n)]
q = [l.split() for l in open(d + "/queries.txt") if l.strip() and not l.startswith("#")]
milset = set(q[0][1].split(","))
with open(d + "/edges.csv") as f:
    next(f)
    for line in f:
        s, t, r, _, _ = line.split(",")
        s = int(s); t = int(t)
        und[s].add(t); und[t].add(s)
        if r in milset:
            mil[s].add(t); mil[t].add(s)
        out_deg[s] += 1; ins[t].append(s)
def ball(c, k):
    seen = {c}; fr = [c]
    for _ in range(k):
        nx = []
        for u in fr:
            for v in und[u]:
                if v not in seen:
                    seen.add(v); nx.append(v)
        fr = nx
    return len(seen)
def bfs(adj, s, t):
    if s == t: return 0
    dist = {s: 0}; fr = [s]
    while fr:
        nx = []
        for u in fr:
            for v in adj[u]:
                if v not in dist:
                    dist[v] = dist[u] + 1
                    if v == t: return dist[v]
                    nx.append(v)
        fr = nx
    return None
def simple(s, t, k):
    cnt = 0
    def go(u, depth, on):
        nonlocal cnt
        for v in und[u]:
            if v == t: cnt += 1
            elif depth + 1 < k and v not in on:
                on.add(v); go(v, depth + 1, on); on.discard(v)
    go(s, 0, {s})
    return cnt
ego = [int(x[1]) for x in q if x[0] == "ego"][:nq]
paths = [(int(x[1]), int(x[2])) for x in q if x[0] == "path"][:nq]
fpaths = [(int(x[1]), int(x[2])) for x in q if x[0] == "fpath"][:nq]
simples = [(int(x[1]), int(x[2])) for x in q if x[0] == "simple"][:nq]
res = {"a_ego2": [ball(c, 2) for c in ego], "a_ego3": [ball(c, 3) for c in ego],
       "b_path": [bfs(und, s, t) for s, t in paths], "c_fpath": [bfs(mil, s, t) for s, t in fpaths],
       "d_simple": [simple(s, t, 3) for s, t in simples]}
pr = [1.0 / n] * n
for _ in range(20):
    dang = sum(pr[i] for i in range(n) if out_deg[i] == 0)
    new = [0.0] * n
    for v in range(n):
        acc = 0.0
        for u in ins[v]:
            acc += pr[u] / out_deg[u]
        new[v] = 0.85 * (acc + dang / n) + 0.15 / n
    pr = new
res["e_pagerank"] = sorted(range(n), key=lambda i: -pr[i])[:10]
print(json.dumps(res))
