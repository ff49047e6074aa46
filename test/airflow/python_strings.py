"""Print, as one JSON list, every string constant of the given Python files (decoded by Python's
own parser): what a DAG file holds as data outside any templated field (callables' constants)."""

import ast
import json
import sys

found = []
for name in sys.argv[1:]:
    with open(name, encoding="utf-8") as f:
        tree = ast.parse(f.read(), filename=name)
    found += [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
sys.stdout.write(json.dumps(found, ensure_ascii=False))
