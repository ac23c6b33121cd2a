"""How a sandboxed zygote's child becomes a submission's sandbox before any student code runs:
namespaces of its own, a fresh home, /tmp and /dev/shm, its submission's cgroups, the rlimits,
and no capability left.

The zygote runs inside bubblewrap's layout (`sandbox.zygote_command`) with CAP_SYS_ADMIN in its
own user namespace only; what these functions undo or create never reaches outside it.
"""

from __future__ import annotations

import ctypes
import os
import resource

CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC = 0x00020000, 0x04000000, 0x08000000
CLONE_NEWPID, CLONE_NEWNET = 0x20000000, 0x40000000
MS_NOSUID, MS_NODEV, MS_REC, MS_PRIVATE = 2, 4, 16384, 1 << 18
PR_SET_PDEATHSIG, PR_SET_DUMPABLE, PR_SET_NO_NEW_PRIVS = 1, 4, 38
PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL = 47, 4
CAPABILITY_VERSION_3 = 0x20080522

_libc = ctypes.CDLL(None, use_errno=True)


def _check(result: int, what: str) -> None:
    if result != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"{what}: {os.strerror(errno)}")


def prctl(option: int, value: int) -> None:
    _check(_libc.prctl(option, value, 0, 0, 0), f"prctl {option}")


def unshare() -> None:
    """New mount, pid, ipc, network and uts namespaces: the next child is pid 1 of its own."""
    _check(_libc.unshare(CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWNET
                         | CLONE_NEWUTS), "unshare")


def join_cgroups(procs_fds: list[int]) -> None:
    """Move this process into its submission's cgroups, through `cgroup.procs` files the grader
    opened (0: the writer itself)."""
    for fd in procs_fds:
        os.write(fd, b"0")
        os.close(fd)


def fresh_mounts(home: str, tmpfs_bytes: int) -> None:
    """Size-capped empty tmpfs over the home, /tmp and /dev/shm, seen by this namespace only."""
    _check(_libc.mount(b"none", b"/", None, MS_REC | MS_PRIVATE, None), "mount private")
    for target, mode in ((home, "0755"), ("/tmp", "1777"), ("/dev/shm", "1777")):
        options = f"size={tmpfs_bytes},mode={mode}".encode()
        _check(_libc.mount(b"tmpfs", target.encode(), b"tmpfs", MS_NOSUID | MS_NODEV,
                           options), f"tmpfs {target}")


def set_rlimits(limits: dict[str, int]) -> None:
    for name, value in limits.items():
        resource.setrlimit(getattr(resource, name), (value, value))


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                ("inheritable", ctypes.c_uint32)]


def drop_capabilities() -> None:
    """No capability, none to regain (no_new_privs); refuse to go on if one is left."""
    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL)
    _check(_libc.capset(ctypes.byref(_CapHeader(CAPABILITY_VERSION_3, 0)), (_CapData * 2)()),
           "capset")
    prctl(PR_SET_NO_NEW_PRIVS, 1)
    with open("/proc/self/status") as f:
        left = {k: v.strip() for k, _, v in (line.partition(":") for line in f)
                if k in {"CapEff", "CapPrm", "CapInh", "CapAmb"}}
    if set(left.values()) != {"0000000000000000"}:
        raise OSError(f"capabilities left after dropping them: {left}")
