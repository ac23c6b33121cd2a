"""Enter the sandbox, then exec its command. Run as a script with the standard library only
(`python -I launch.py SPEC`), single-threaded, before any student code exists.

SPEC (JSON): `cgroups` (cgroup.procs files to join), `rlimits` ({name: bytes or count}),
`stage` ([[source, mountpoint]]: bind mounts made in a private mount namespace, so that a
non-root sandbox user can reach paths such as /root/.pyenv without changing their modes),
`user` ([uid, gid] or null), `parent` (the grader's pid: the command dies with it), `argv` and
`env` of the command.
"""

import ctypes
import json
import os
import resource
import sys

CLONE_NEWNS = 0x00020000
MS_BIND, MS_REC, MS_PRIVATE = 4096, 16384, 1 << 18
PR_SET_PDEATHSIG, PR_SET_NO_NEW_PRIVS = 1, 38


def main(spec_text: str) -> None:
    spec = json.loads(spec_text)
    for procs in spec["cgroups"]:
        with open(procs, "w") as f:
            f.write(str(os.getpid()))
    for name, value in spec["rlimits"].items():
        limit = getattr(resource, name)
        resource.setrlimit(limit, (value, value))
    libc = ctypes.CDLL(None, use_errno=True)
    if spec["stage"]:
        _check(libc.unshare(CLONE_NEWNS), "unshare")
        _check(libc.mount(b"none", b"/", None, MS_REC | MS_PRIVATE, None), "mount private")
        for source, target in spec["stage"]:
            _check(libc.mount(source.encode(), target.encode(), None, MS_BIND | MS_REC, None),
                   f"bind {source}")
    if spec["user"]:
        uid, gid = spec["user"]
        os.setgroups([])
        os.setgid(gid)
        os.setuid(uid)
    # After the user change (which clears it): if the grader dies, so does the sandbox, even on
    # the degraded path where no bwrap --die-with-parent stands between them.
    _check(libc.prctl(PR_SET_PDEATHSIG, 9, 0, 0, 0), "pdeathsig")
    if os.getppid() != spec["parent"]:
        os._exit(1)  # the grader died before the line above
    _check(libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no_new_privs")
    os.execvpe(spec["argv"][0], spec["argv"], spec["env"])


def _check(result: int, what: str) -> None:
    if result != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"{what}: {os.strerror(errno)}")


if __name__ == "__main__":
    main(sys.argv[1])
