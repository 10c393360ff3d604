"""A real SMTP server for the integration tests: aiosmtpd on loopback, writing each
message it accepts to DIR as one `.eml` file (the envelope recipients in an
`X-Envelope-To` header first). Recipients whose address starts with `bounce` are refused
with a permanent 550, as a real server refuses an unknown mailbox.

usage: smtp_sink.py DIR [PORT]   (prints the port it listens on, then serves until killed)
"""

import asyncio
import pathlib
import sys
import time
import uuid

from aiosmtpd.smtp import SMTP


class Maildir:
    def __init__(self, directory):
        self.directory = pathlib.Path(directory)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("bounce"):
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        name = f"{time.time_ns()}-{uuid.uuid4().hex}"
        header = f"X-Envelope-To: {', '.join(envelope.rcpt_tos)}\r\n".encode()
        partial = self.directory / f"{name}.part"
        partial.write_bytes(header + envelope.original_content)
        # Renamed once complete, so a reader never sees half a message.
        partial.rename(self.directory / f"{name}.eml")
        return "250 Message accepted"


async def main():
    directory = sys.argv[1]
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(Maildir(directory)), host="127.0.0.1", port=port
    )
    print(server.sockets[0].getsockname()[1], flush=True)
    await asyncio.Event().wait()


asyncio.run(main())
