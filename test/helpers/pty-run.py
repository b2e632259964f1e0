"""Run a command in a real pseudo-terminal, as a person at a terminal would.

usage: pty-run.py <json>   where json = {"argv": [...], "env": {...}, "cwd": "...",
       "waitFor": "text" or ["text", ...], "send": "text", "timeout": seconds}

Waits until the terminal shows `waitFor` (every one of them, when it is a list), types `send`, then reads until the command ends.
Prints {"output": everything the terminal showed, "code": exit code} as JSON. Used by the
CLI's tests for what needs a terminal: the hidden key prompt, terminal width and colour.
"""
import json, os, pty, select, sys, time

spec = json.loads(sys.argv[1])
pid, fd = pty.fork()
if pid == 0:
    os.chdir(spec.get("cwd", "."))
    os.execvpe(spec["argv"][0], spec["argv"], {**os.environ, **spec.get("env", {})})

output = b""
deadline = time.time() + spec.get("timeout", 20)
wait_for = spec.get("waitFor", "")
wait_for = [w.encode() for w in ([wait_for] if isinstance(wait_for, str) else wait_for) if w]
sent = not wait_for and "send" not in spec

def read_some(seconds):
    global output
    ready, _, _ = select.select([fd], [], [], seconds)
    if not ready:
        return True
    try:
        chunk = os.read(fd, 4096)
    except OSError:
        return False
    if not chunk:
        return False
    output += chunk
    return True

alive = True
while alive and time.time() < deadline:
    if not sent and wait_for and all(w in output for w in wait_for):
        time.sleep(0.2)
        os.write(fd, spec["send"].encode())
        sent = True
    alive = read_some(0.1)

if alive:
    os.kill(pid, 9)
_, status = os.waitpid(pid, 0)
print(json.dumps({"output": output.decode("utf-8", "replace"), "code": os.waitstatus_to_exitcode(status), "timedOut": alive}))
