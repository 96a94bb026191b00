#!/usr/bin/env python3
# Pastes text into a real interactive shell on a pseudo-terminal, the way a terminal emulator
# does: wrapped in ESC[200~ ... ESC[201~ when the shell turned bracketed paste on (it writes
# ESC[?2004h), raw otherwise; then Enter; waits for `until` in the output, then exits the shell.
# Usage: pty_paste.py JSON  with {"argv": [...], "env": {...}, "paste": "...", "until": "...",
#        "bracketed": "auto" | "never"}. Prints JSON {"output", "bracketed", "found"}.
import json, os, pty, select, sys, time

spec = json.loads(sys.argv[1])
pid, fd = pty.fork()
if pid == 0:
    os.execvpe(spec["argv"][0], spec["argv"], spec["env"])

out = b""
def pump(seconds, stop=None):
    global out
    end = time.time() + seconds
    quiet_since = time.time()
    while time.time() < end:
        r, _, _ = select.select([fd], [], [], 0.05)
        if r:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                return
            if not chunk:
                return
            out += chunk
            quiet_since = time.time()
            if stop and stop.encode() in out:
                return
        elif stop is None and time.time() - quiet_since > 0.5:
            return

pump(10)  # the shell starts and prints its prompt
bracketed = b"\x1b[?2004h" in out and spec.get("bracketed", "auto") == "auto"
data = spec["paste"].encode()
os.write(fd, (b"\x1b[200~" + data + b"\x1b[201~") if bracketed else data)
os.write(fd, b"\r")
pump(30, spec["until"])
found = spec["until"].encode() in out
os.write(fd, b"exit\r")
pump(5)
try:
    os.kill(pid, 9)
except ProcessLookupError:
    pass
os.waitpid(pid, 0)
print(json.dumps({"output": out.decode("utf-8", "replace"), "bracketed": bracketed, "found": found}))
