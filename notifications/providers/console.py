import json
import sys
from pathlib import Path

from notifications.providers.base import Outgoing, Provider


def _masked(address: str) -> str:
    return f"{address[:3]}****{address[-4:]}" if len(address) == 11 and address.isdigit() else address


class ConsoleProvider(Provider):
    """Writes each message to standard output (the default: the demo and the tests need no account)."""

    def __init__(self, channel: str):
        self.channel = channel
        self.name = f"console-{channel}"

    def send(self, outgoing: Outgoing) -> str:
        sys.stdout.write(f"[{self.channel}] to {_masked(outgoing.address)} ({outgoing.kind}): {outgoing.text}\n")
        sys.stdout.flush()
        return f"console-{outgoing.message_id}"


class FileProvider(Provider):
    """Appends each message as one JSON line to <NOTIFY_FILE_DIR>/<channel>.jsonl."""

    def __init__(self, channel: str, directory):
        self.channel = channel
        self.name = f"file-{channel}"
        self.path = Path(directory) / f"{channel}.jsonl"

    def send(self, outgoing: Outgoing) -> str:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        line = {"id": outgoing.message_id, "to": outgoing.address, "kind": outgoing.kind, "text": outgoing.text}
        with self.path.open("a", encoding="utf-8") as out:
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
        return f"file-{outgoing.message_id}"
