#!/usr/bin/env python3
"""claim-port.py - a TCP port on 127.0.0.1 that stays this test's own.

Usage: claim-port.py OWNER_PID

Prints a port that a test may bind later, and keeps it claimed until the
process OWNER_PID (the test script) exits.  Tests pick a port first and
bind it seconds later, after the certificates that name it are made, so
a port that was merely free a moment ago is not enough:

- the kernel hands out the same ports to every bind(0) and connect() on
  the machine, so another program (dirmngr fetching a CRL, a second copy
  of the test suite) may take it in between;
- two tests running side by side may be handed the same one.

So the port comes from outside the kernel's ephemeral range
(/proc/sys/net/ipv4/ip_local_port_range), which neither bind(0) nor
connect() ever hands out, and is claimed with an flock on
/tmp/gsmime-ports/PORT that every test on the machine respects.  A small
holder process keeps the lock until OWNER_PID is gone; the lock then goes
by itself, with no stale claim to clean up, however the test ended.
"""

import fcntl
import os
import random
import socket
import sys
import time

CLAIMS = "/tmp/gsmime-ports"


def candidates():
    """The ports below (or, failing that, above) the ephemeral range."""
    try:
        with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
            low, high = (int(x) for x in f.read().split())
    except (OSError, ValueError):
        low, high = 32768, 60999
    if low - 10000 >= 4096:
        return range(10000, low)
    return range(high + 1, 65536)


def bindable(port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", port))
        return True
    except OSError:
        return False
    finally:
        s.close()


def claim(port):
    """An open, locked claim file for PORT, or None when it is taken."""
    fd = os.open(os.path.join(CLAIMS, str(port)),
                 os.O_WRONLY | os.O_CREAT | os.O_CLOEXEC, 0o666)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


def hold(fd, owner):
    """Detaches a child that keeps FD (and so the lock) until OWNER ends."""
    if os.fork() != 0:
        return
    os.setsid()
    devnull = os.open(os.devnull, os.O_RDWR)
    for std in (0, 1, 2):
        os.dup2(devnull, std)
    # Nothing else the test had open may be kept alive by the holder: a
    # pipe held here would keep its reader waiting for the end.
    os.closerange(3, fd)
    os.closerange(fd + 1, 65536)
    while True:
        try:
            os.kill(owner, 0)
        except ProcessLookupError:
            os._exit(0)
        except PermissionError:
            pass
        time.sleep(1)


def main():
    if len(sys.argv) != 2 or not sys.argv[1].isdigit():
        sys.exit("usage: claim-port.py OWNER_PID")
    owner = int(sys.argv[1])
    os.makedirs(CLAIMS, exist_ok=True)
    try:
        os.chmod(CLAIMS, 0o1777)
    except PermissionError:
        pass  # another user made it; it is shared all the same
    ports = candidates()
    for _ in range(500):
        port = random.choice(ports)
        fd = claim(port)
        if fd is None:
            continue
        if not bindable(port):
            os.close(fd)
            continue
        hold(fd, owner)
        os.close(fd)
        print(port)
        return
    sys.exit("claim-port.py: no free port on 127.0.0.1 after 500 tries")


if __name__ == "__main__":
    main()
