"""`kg serve`: Oxigraph's own SPARQL server on the store, rebuilt under it safely.

Oxigraph says a read-only open beside a writer is undefined behaviour, and
`kg build` never writes the generation in use (see kg.store).  So serving is:

* `oxigraph serve-read-only --location STORE/gen-N` on a private loopback
  port, with the union of all graphs as the default graph;
* in front of it, a plain TCP forwarder on the public address (bytes only:
  every HTTP request and answer is Oxigraph's, but for the graph page at /viz,
  which asks /query for its rows: kg.viz);
* when CURRENT names a new generation, a second Oxigraph starts on it, and
  once it answers, new connections go to it; the old one is stopped when its
  last connection closes.  Clients see the old graph or the new one, never a
  half-built one, and no request fails during the switch.

A `gen-N.serving-PID` marker keeps `kg build` from deleting a generation
still being served.
"""
from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from kg import store as kgstore
from kg import viz
from kg.errors import StoreError


def oxigraph_binary() -> str:
    """The server binary that the `oxigraph` wheel installs beside this Python."""
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.is_file() else shutil.which("oxigraph")
    if not found:
        raise StoreError("the Oxigraph server is not installed (pip install oxigraph)")
    return found


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


@dataclass
class Options:
    store: Path
    host: str = "127.0.0.1"
    port: int = 7878
    cors: bool = False
    timeout_s: int | None = None
    writable: bool = False
    poll_s: float = 0.5
    max_connections: int = 64          # open client connections; more get 503
    header_timeout_s: float = 10.0     # for a request's head to arrive
    idle_timeout_s: float = 60.0       # a connection with no bytes either way is closed
    max_request_bytes: int = 1 << 20   # a larger query body gets 413
    max_connection_s: float = 600.0    # a connection open longer is cut (answers that stream without end)
    max_memory_mb: int | None = 4096   # an Oxigraph process over this RSS is replaced (its queries get 503)
    buffer_bytes: int = 1 << 20        # answers up to this size are held until complete (see _answer)


@dataclass
class Backend:
    generation: Path
    port: int
    process: subprocess.Popen
    marker: Path
    connections: int = 0
    retiring_since: float | None = None
    overran: bool = False              # a query outlived the timeout: replace this process
    over_memory: bool = False          # stopped for going over max_memory_mb

    def rss_mb(self) -> float:
        try:
            with open(f"/proc/{self.process.pid}/statm") as fh:
                return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
        except (OSError, ValueError, IndexError):
            return 0.0

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.marker.unlink(missing_ok=True)


def start_backend(options: Options, generation: Path) -> Backend:
    port = free_port()
    command = [oxigraph_binary(), "serve" if options.writable else "serve-read-only",
               "--location", str(generation), "--bind", f"127.0.0.1:{port}", "--union-default-graph"]
    if options.cors:
        command.append("--cors")
    if options.timeout_s:
        command += ["--timeout-s", str(options.timeout_s)]
    marker = generation.parent / f"{generation.name}.serving-{port}-{_pid()}"
    marker.touch()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    backend = Backend(generation, port, process, marker)
    if not _wait_ready(backend):
        message = process.stderr.read().decode(errors="replace").strip() if process.poll() is not None else ""
        backend.stop()
        raise StoreError(f"{generation}: the Oxigraph server did not start {message}".strip())
    return backend


def _pid() -> int:
    return os.getpid()


def _wait_ready(backend: Backend, seconds: float = 20.0) -> bool:
    url = f"http://127.0.0.1:{backend.port}/query?query=ASK%7B%7D"
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if backend.process.poll() is not None:
            return False
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(url, timeout=1) as answer:
                if answer.status == 200:
                    return True
        time.sleep(0.05)
    return False


@dataclass
class Server:
    options: Options
    current: Backend | None = None
    retiring: list[Backend] = field(default_factory=list)
    clients: set = field(default_factory=set)
    viz_page: bytes = b""          # /viz: the graph page, asking this endpoint for its rows (kg.viz)

    async def run(self, ready: callable | None = None) -> None:
        generation = kgstore.current_generation(self.options.store)
        if generation is None:
            raise StoreError(f"{self.options.store}: no kg store here (run 'kg build SOURCES --store "
                             f"{self.options.store}' first)")
        try:
            listener = await asyncio.start_server(self._forward, self.options.host, self.options.port)
        except OSError as exc:        # before any Oxigraph starts: nothing is left behind
            reason = os.strerror(exc.errno) if exc.errno else str(exc)
            raise StoreError(f"cannot listen on {self.options.host}:{self.options.port} ({reason})") from None
        self.current = await asyncio.to_thread(start_backend, self.options, generation)
        self.viz_page = viz.page(None, endpoint="/query").encode("utf-8")
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        if ready:
            ready(self)
        try:
            async with listener:
                watcher = asyncio.create_task(self._watch(stop))
                await stop.wait()
                watcher.cancel()
                listener.close()
                for task in list(self.clients):
                    task.cancel()
                await asyncio.gather(watcher, *self.clients, return_exceptions=True)
        finally:
            for backend in [self.current, *self.retiring]:
                if backend:
                    backend.stop()

    async def _watch(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            await asyncio.sleep(self.options.poll_s)
            generation = kgstore.current_generation(self.options.store)
            if generation is not None and self.current and generation != self.current.generation:
                await self._replace(generation)
            elif self.current and self.current.overran:
                await self._replace(self.current.generation)     # stops the runaway query's process
            limit = self.options.max_memory_mb
            for backend in [b for b in (self.current, *self.retiring) if b and limit and b.rss_mb() > limit]:
                print(f"kg: the Oxigraph server went over {limit} MB; its queries are stopped (503) and "
                      "a fresh one serves", file=sys.stderr, flush=True)
                backend.over_memory = True
                if backend is self.current and not await self._replace(backend.generation):
                    continue
                await asyncio.to_thread(backend.stop)
                self.retiring = [b for b in self.retiring if b is not backend]
            for backend in list(self.retiring):
                if backend.connections == 0 or time.monotonic() - backend.retiring_since > 60:
                    await asyncio.to_thread(backend.stop)
                    self.retiring.remove(backend)

    async def _replace(self, generation: Path) -> bool:
        """New connections go to a fresh Oxigraph on `generation`; the old one retires."""
        try:
            fresh = await asyncio.to_thread(start_backend, self.options, generation)
        except StoreError:
            return False                  # keep serving the old one; try again on the next tick
        old, self.current = self.current, fresh
        old.retiring_since = time.monotonic()
        self.retiring.append(old)
        return True

    async def _forward(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """One client connection: its request head checked, then bytes both ways to Oxigraph."""
        task = asyncio.current_task()
        if len(self.clients) >= self.options.max_connections:
            await _refuse(writer, 503, "too many connections; try again shortly")
            return
        self.clients.add(task)
        try:
            await self._relay(reader, writer)
        except asyncio.CancelledError:
            pass
        finally:
            self.clients.discard(task)
            with contextlib.suppress(Exception):
                writer.close()

    async def _relay(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), self.options.header_timeout_s)
        except asyncio.LimitOverrunError:
            await _refuse(writer, 431, "request head too large")
            return
        except (asyncio.TimeoutError, asyncio.IncompleteReadError, ConnectionError):
            return                              # nothing sent in time: close, hold no slot
        if _content_length(head) > self.options.max_request_bytes:
            await _refuse(writer, 413, f"request body over {self.options.max_request_bytes} bytes")
            return
        if _path(head) in ("/viz", "/viz/"):
            await _send(writer, 200, "OK", "text/html; charset=utf-8", self.viz_page)
            return
        backend = self.current
        backend.connections += 1
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", backend.port)
        except OSError:
            backend.connections -= 1
            return
        try:
            up_writer.write(_one_request_only(head))
            upward = asyncio.create_task(_pipe(reader, up_writer, self.options.idle_timeout_s))
            try:
                await asyncio.wait_for(self._answer(up_reader, writer, backend), self.options.max_connection_s)
            finally:
                upward.cancel()
        except (asyncio.TimeoutError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
            pass
        finally:
            backend.connections -= 1
            with contextlib.suppress(Exception):
                up_writer.close()

    async def _answer(self, up_reader: asyncio.StreamReader, writer: asyncio.StreamWriter, backend: Backend) -> None:
        """Oxigraph's answer, told to the client as the last on this connection.

        Oxigraph sends `200 OK` before it knows whether the query will finish, and a cancelled
        query's body then ends in the middle with a sentence of text; its ORDER BY does not
        even heed the timeout.  So an answer up to buffer_bytes is held until it is complete:
        cancelled, it becomes a 504 the client can recognise; not complete within the timeout
        (plus 5 s), a 504 too, and the process running it is replaced; cut short because its
        process went over the memory limit, a 503.  Larger answers stream as they come."""
        deadline = time.monotonic() + (self.options.timeout_s + 5 if self.options.timeout_s else
                                       self.options.max_connection_s)
        held = bytearray()
        try:
            held += await asyncio.wait_for(up_reader.readuntil(b"\r\n\r\n"), deadline - time.monotonic())
            head_end = len(held)
            while len(held) - head_end <= self.options.buffer_bytes:
                data = await asyncio.wait_for(up_reader.read(65536), max(deadline - time.monotonic(), 0.01))
                if not data:
                    break
                held += data
            else:
                writer.write(_relayed(held, head_end))
                await writer.drain()
                await _pipe(up_reader, writer, self.options.idle_timeout_s)
                return
        except asyncio.TimeoutError:
            backend.overran = True
            await self._timed_out(writer)
            return
        except (asyncio.IncompleteReadError, ConnectionError):
            head_end = 0
        if backend.over_memory:
            await _send(writer, 503, "Service Unavailable", "text/plain; charset=utf-8",
                        f"query stopped: the SPARQL server went over its memory limit ({self.options.max_memory_mb} MB)\n".encode())
        elif _CANCELLED in held[-200:]:
            await self._timed_out(writer)
        elif head_end:
            writer.write(_relayed(held, head_end))
            await writer.drain()
            writer.write_eof()

    async def _timed_out(self, writer: asyncio.StreamWriter) -> None:
        await _send(writer, 504, "Gateway Timeout", "text/plain; charset=utf-8",
                    f"query cancelled: it ran longer than the server's timeout ({self.options.timeout_s} s)\n".encode())


_CANCELLED = b"The SPARQL operation has been cancelled"


def _relayed(held: bytearray, head_end: int) -> bytes:
    """A held answer as the client gets it: its head saying `Connection: close`, then its body."""
    return _one_request_only(bytes(held[:head_end])) + bytes(held[head_end:])


def _one_request_only(head: bytes) -> bytes:
    """A request's or an answer's head with `Connection: close`: one request per
    connection, so that every request passes the checks above (a kept-alive one would not)."""
    lines = [line for line in head.rstrip(b"\r\n").split(b"\r\n")
             if line.split(b":", 1)[0].strip().lower() not in (b"connection", b"keep-alive")]
    return b"\r\n".join(lines + [b"Connection: close"]) + b"\r\n\r\n"


def _content_length(head: bytes) -> int:
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            try:
                return int(value.strip())
            except ValueError:
                return 0
    return 0


def _path(head: bytes) -> str:
    """The path of a request's target, without its query string."""
    parts = head.split(b"\r\n", 1)[0].split(b" ")
    return parts[1].split(b"?", 1)[0].decode("latin-1") if len(parts) >= 2 else ""


async def _refuse(writer: asyncio.StreamWriter, status: int, message: str) -> None:
    reasons = {413: "Content Too Large", 431: "Request Header Fields Too Large", 503: "Service Unavailable"}
    await _send(writer, status, reasons[status], "text/plain; charset=utf-8", (message + "\n").encode())


async def _send(writer: asyncio.StreamWriter, status: int, reason: str, content_type: str, body: bytes) -> None:
    """A whole answer of the forwarder's own, the last on its connection."""
    with contextlib.suppress(Exception):
        writer.write(f"HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\n"
                     f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode() + body)
        await writer.drain()
        writer.close()


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, idle_s: float) -> None:
    try:
        while data := await asyncio.wait_for(reader.read(65536), idle_s):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.TimeoutError, asyncio.CancelledError):
        pass
    finally:
        with contextlib.suppress(Exception):
            writer.write_eof()


def serve(options: Options, ready: callable | None = None) -> None:
    """Serve until SIGINT/SIGTERM; every Oxigraph process is stopped on the way out."""
    asyncio.run(Server(options).run(ready))
