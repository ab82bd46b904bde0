import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.utils import translation

from regions.models import Sector

SAMPLES = Path(__file__).parent / "samples"
EDUDEX = SAMPLES / "edudex"
OOAPI = SAMPLES / "ooapi"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def sectors(db) -> dict[str, Sector]:
    names = ["Elektrotechniek", "Installatietechniek", "Mechatronica", "Werktuigbouw"]
    return {name: Sector.objects.create(name=name, slug=name.lower()) for name in names}


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args) -> None:
        pass


@pytest.fixture
def samples_server() -> Iterator[str]:
    """The samples folder over http on 127.0.0.1; yields its base URL."""
    handler = functools.partial(QuietHandler, directory=str(SAMPLES))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
