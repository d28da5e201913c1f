"""The query workers' second wall against SSRF: a seccomp filter that leaves a process without network.

SERVICE (and LOAD) are refused from the parsed query before any work; this module makes sure that
even a query the screen let through cannot reach another machine. :func:`deny_network` installs a
seccomp filter (classic BPF, through ``prctl``, with ``ctypes`` only) on the calling thread, which
every process it forks and every thread it starts inherits, and which cannot be removed:

- ``socket()`` and ``socketpair()`` fail with EACCES for every address family but ``AF_UNIX``, so
  no TCP, UDP, raw, netlink, TIPC… socket can exist (and DNS cannot be asked either);
- ``io_uring_setup``/``enter``/``register`` fail with EACCES (io_uring could open sockets without
  the ``socket()`` system call);
- on x86_64 the x32 system-call numbers are refused the same way, and a process running code of
  another architecture (``int 0x80`` i386 calls) is killed: the filter only understands x86_64 and
  aarch64 numbers.

The zygote calls it before it forks any worker (``kg/query/worker.py``), unless ``allow_service`` is set or
``worker_sandbox`` is ``off``. It imports nothing but the standard library, so the worker, which is
run by path without the ``kg`` package, can import it. When the filter cannot be installed (another
operating system or architecture, a kernel without seccomp) it raises :class:`SandboxError`: the
caller must refuse to run queries rather than run them unprotected.
"""

from __future__ import annotations

import ctypes
import errno
import platform
import socket
import sys

PR_SET_NO_NEW_PRIVS = 38
PR_SET_SECCOMP = 22
SECCOMP_MODE_FILTER = 2
SECCOMP_RET_KILL_PROCESS = 0x80000000
SECCOMP_RET_ERRNO = 0x00050000
SECCOMP_RET_ALLOW = 0x7FFF0000
AUDIT_ARCH_X86_64 = 0xC000003E
AUDIT_ARCH_AARCH64 = 0xC00000B7
X32_SYSCALL_BIT = 0x40000000

# Offsets in struct seccomp_data: int nr; __u32 arch; __u64 instruction_pointer; __u64 args[6].
_NR, _ARCH, _ARG0 = 0, 4, 16  # args[0]'s low 32 bits (both architectures are little-endian)

# System-call numbers: (socket, socketpair) whose first argument is checked, and those always refused.
_SYSCALLS = {
    AUDIT_ARCH_X86_64: ((41, 53), (425, 426, 427)),
    AUDIT_ARCH_AARCH64: ((198, 199), (425, 426, 427)),
}
_MACHINES = {"x86_64": AUDIT_ARCH_X86_64, "amd64": AUDIT_ARCH_X86_64, "aarch64": AUDIT_ARCH_AARCH64,
             "arm64": AUDIT_ARCH_AARCH64}

# Classic BPF opcodes.
_LD_W_ABS = 0x20  # BPF_LD | BPF_W | BPF_ABS
_JEQ_K = 0x15  # BPF_JMP | BPF_JEQ | BPF_K
_JGE_K = 0x35  # BPF_JMP | BPF_JGE | BPF_K
_RET_K = 0x06  # BPF_RET | BPF_K


class SandboxError(OSError):
    """The network filter could not be installed here."""


class _Filter(ctypes.Structure):
    _fields_ = [("code", ctypes.c_ushort), ("jt", ctypes.c_ubyte), ("jf", ctypes.c_ubyte), ("k", ctypes.c_uint32)]


class _Program(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_Filter))]


def program() -> list[tuple[int, int, int, int]]:
    """The filter as (code, jt, jf, k) instructions; jumps are resolved from labels."""
    ops: list[tuple[int, str | int, str | int, int] | str] = [
        (_LD_W_ABS, 0, 0, _ARCH),
        (_JEQ_K, "x86_64", 0, AUDIT_ARCH_X86_64),
        (_JEQ_K, "aarch64", "kill", AUDIT_ARCH_AARCH64),
    ]
    for arch, name in ((AUDIT_ARCH_X86_64, "x86_64"), (AUDIT_ARCH_AARCH64, "aarch64")):
        checked, refused = _SYSCALLS[arch]
        ops += [name, (_LD_W_ABS, 0, 0, _NR)]
        if arch == AUDIT_ARCH_X86_64:
            ops.append((_JGE_K, "deny", 0, X32_SYSCALL_BIT))
        ops += [(_JEQ_K, "family", 0, number) for number in checked]
        ops += [(_JEQ_K, "deny", 0, number) for number in refused]
        ops.append((_RET_K, 0, 0, SECCOMP_RET_ALLOW))
    ops += ["family", (_LD_W_ABS, 0, 0, _ARG0), (_JEQ_K, "allow", "deny", socket.AF_UNIX),
            "allow", (_RET_K, 0, 0, SECCOMP_RET_ALLOW),
            "deny", (_RET_K, 0, 0, SECCOMP_RET_ERRNO | errno.EACCES),
            "kill", (_RET_K, 0, 0, SECCOMP_RET_KILL_PROCESS)]
    labels: dict[str, int] = {}
    position = 0
    for op in ops:
        if isinstance(op, str):
            labels[op] = position
        else:
            position += 1
    resolved: list[tuple[int, int, int, int]] = []
    for op in ops:
        if isinstance(op, str):
            continue
        code, jt, jf, k = op
        here = len(resolved) + 1  # jumps count from the next instruction
        resolved.append((code, labels[jt] - here if isinstance(jt, str) else jt,
                         labels[jf] - here if isinstance(jf, str) else jf, k))
    return resolved


def deny_network() -> None:
    """Install the filter on this thread (and everything it starts later); SandboxError if impossible."""
    if not sys.platform.startswith("linux"):
        raise SandboxError(f"seccomp is a Linux feature; this is {sys.platform}")
    if _MACHINES.get(platform.machine().lower()) is None:
        raise SandboxError(f"the network filter knows x86_64 and aarch64, not {platform.machine()}")
    instructions = program()
    filters = (_Filter * len(instructions))(*(_Filter(*op) for op in instructions))
    prog = _Program(len(instructions), filters)
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise SandboxError(ctypes.get_errno(), f"prctl(PR_SET_NO_NEW_PRIVS): {errno.errorcode.get(ctypes.get_errno())}")
    if libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.addressof(prog), 0, 0) != 0:
        code = ctypes.get_errno()
        raise SandboxError(code, f"prctl(PR_SET_SECCOMP) failed ({errno.errorcode.get(code, code)}): "
                                 "the kernel has no seccomp filter support")


def network_denied() -> bool:
    """Whether this process can no longer open an Internet socket (the filter, or anything else, stops it)."""
    try:
        probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    except PermissionError:
        return True
    probe.close()
    return False


__all__ = ["SandboxError", "deny_network", "network_denied", "program"]
