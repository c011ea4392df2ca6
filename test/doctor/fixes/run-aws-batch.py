# Runs many AWS CLI commands in one Python process, through the CLI's own entry point (what
# /usr/bin/aws runs): the CLI takes about 2 s to start, so one process per command is too slow.
# argv[1]: JSON file with a list of argument lists; argv[2]: where to write [{rc, stderr}].
import io
import json
import sys

import awscli.clidriver

jobs = json.load(open(sys.argv[1]))
results = []
for args in jobs:
    err = io.StringIO()
    out = io.StringIO()
    saved = sys.stderr, sys.stdout
    sys.stderr, sys.stdout = err, out
    try:
        rc = awscli.clidriver.AWSCLIEntryPoint().main(args)
    except SystemExit as e:
        rc = e.code if isinstance(e.code, int) else 1
    finally:
        sys.stderr, sys.stdout = saved
    results.append({"rc": rc, "stderr": err.getvalue()})
json.dump(results, open(sys.argv[2], "w"))
