#!/usr/bin/env python3
"""Writes unified-diff-python.json: inputs and Python difflib.unified_diff(n=7) outputs (what go-difflib,
and so istioctl, prints) for test/unified-diff.test.ts. Run: python3 gen-unified-diff.py"""
import difflib
import json
import os


def lines(n):
    return [f'line {i}\n' for i in range(1, n + 1)]


SPEC_A = '''{
    "dynamicActiveClusters": [
        {
            "cluster": {
                "@type": "type.googleapis.com/envoy.config.cluster.v3.Cluster",
                "name": "outbound|9080||reviews.default.svc.cluster.local",
                "type": "EDS",
                "edsClusterConfig": {
                    "edsConfig": {
                        "ads": {

                        },
                        "initialFetchTimeout": "0s",
                        "resourceApiVersion": "V3"
                    },
                    "serviceName": "outbound|9080||reviews.default.svc.cluster.local"
                },
                "connectTimeout": "10s"
            }
        }
    ]
}
'''

cases = [('spec 7.5 example (connectTimeout)', SPEC_A, SPEC_A.replace('"10s"', '"5s"'))]
a = lines(40); b = list(a); b[2] = 'changed 3\n'; b[35] = 'changed 36\n'
cases.append(('two hunks far apart', a, b))
a = lines(30); b = list(a); b[5] = 'x\n'; b[18] = 'y\n'
cases.append(('changes 13 lines apart share one hunk', a, b))
a = lines(20)
cases.append(('insertion at the end', a, a + ['extra 1\n', 'extra 2\n']))
cases.append(('deletion in the middle', a, a[:9] + a[12:]))
cases.append(('one-line texts', ['only\n'], ['other\n']))
a = lines(10)
cases.append(('insertion at the start', a, ['new first\n'] + a))
cases.append(('deletion of the first line', a, a[1:]))

out = []
for name, a, b in cases:
    a = a if isinstance(a, str) else ''.join(a)
    b = b if isinstance(b, str) else ''.join(b)
    diff = ''.join(difflib.unified_diff(a.splitlines(True), b.splitlines(True), 'Istiod Clusters', 'Envoy Clusters', n=7))
    out.append({'name': name, 'a': a, 'b': b, 'diff': diff})
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'unified-diff-python.json'), 'w') as f:
    json.dump(out, f, indent=1)
    f.write('\n')
