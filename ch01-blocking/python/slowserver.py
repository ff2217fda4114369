"""A local web server that answers every request after a delay, on 127.0.0.1 only.

It stands in for the slow web page of the article's program, so the programs never go to the
internet. Chapter 2's programs import it from here.
"""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def start(delay: float) -> ThreadingHTTPServer:
    """Serve on a free loopback port, in a daemon thread; the URL is server.url."""

    class SlowHandler(BaseHTTPRequestHandler):
        def do_GET(self):
            time.sleep(delay)
            body = f"answered after {delay}s\n".encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format, *args):  # keep stderr quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), SlowHandler)
    server.daemon_threads = True
    server.url = f"http://127.0.0.1:{server.server_address[1]}/"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
