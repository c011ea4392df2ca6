# Runs many AWS CLI commands through the CLI's own entry point (what /usr/bin/aws runs), fast.
# Starting the CLI costs ~2 s, and building its driver (every service's command table) ~0.8 s
# more, so: import once, build one driver, then fork a child per command that runs it on its
# copy of that driver. A driver must not be reused in one process: its customizations register
# event handlers per command that leak into the next (`ec2 modify-vpc-attribute`'s handler then
# breaks `ec2 modify-vpc-endpoint`: "'Namespace' object has no attribute 'enable_dns_hostnames'").
# fork gives each command a pristine driver. The parent also builds, before forking, the command
# table and a client of every service the jobs use (parsing the service model and the endpoint
# rules is most of a command's cost), and keeps two children running at a time (the machines have two cores).
# Measured on the 121 commands of fix-commands.test.ts (2-core machine, load ~25): a fresh
# driver per command took 15.8 s of CPU and 81 s; this takes 5.0 s of CPU and 26 s.
# argv[1]: JSON file with a list of argument lists; argv[2]: where to write [{rc, stderr}].
import io
import json
import os
import sys

import awscli.clidriver

jobs = json.load(open(sys.argv[1]))
driver = awscli.clidriver.create_clidriver([])
for service in sorted({a[0] for a in jobs if a}):
    # Warm-up only (a name the CLI does not know is reported by the command's own run). It stops
    # at the service's command table: building an operation's argument table fires customization
    # events that register handlers on the session, which leak into other operations' runs.
    try:
        service_command = driver._get_command_table().get(service)
        if service_command is not None:
            service_command._get_command_table()
            # A client of it: parses the endpoint rules and partitions into the loader's cache.
            driver.session.create_client(service_command.service_model.service_name, region_name="us-east-1")
    except Exception:
        pass


def run(args):
    err = io.StringIO()
    out = io.StringIO()
    sys.stderr, sys.stdout = err, out
    try:
        rc = awscli.clidriver.AWSCLIEntryPoint(driver).main(args)
    except SystemExit as e:
        rc = e.code if isinstance(e.code, int) else 1
    except BaseException as e:  # the entry point handles its own; this is a last resort
        rc, err = 255, io.StringIO(repr(e))
    return {"rc": rc, "stderr": err.getvalue()}


def start(args):
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        try:
            data = json.dumps(run(args)).encode()
        except BaseException as e:
            data = json.dumps({"rc": 255, "stderr": repr(e)}).encode()
        with os.fdopen(write_end, "wb") as w:
            w.write(data)
        os._exit(0)
    os.close(write_end)
    return pid, read_end


def finish(child):
    pid, read_end = child
    # Read to the end before reaping: a child blocks on a full pipe until it is read.
    with os.fdopen(read_end, "rb") as r:
        data = r.read()
    os.waitpid(pid, 0)
    return json.loads(data) if data else {"rc": 255, "stderr": "the AWS CLI child process died"}


results = []
running = []
for args in jobs:
    running.append(start(args))
    if len(running) == 2:
        results.append(finish(running.pop(0)))
while running:
    results.append(finish(running.pop(0)))
json.dump(results, open(sys.argv[2], "w"))
