"""The yardstick for bench/live_fanout.py: a bare Flask app under gunicorn's gevent worker that
holds Server-Sent-Events streams and pushes one message to all of them when poked.

It shares with Congress's stream process what is not Congress itself: Flask and werkzeug's
streaming response, gunicorn's gevent worker with the same settings, the same SSE framing
(`retry:` and a `: connected` comment first, `event:`/`data:` messages, a heartbeat comment every
15 s) and the same load generator. It has no database, no authentication, no outbox and no
broker: a poke appends the message to a list in memory and sets one gevent Event that every
stream waits on — about the least work a broadcast can do.

  GET  /events          the stream
  POST /poke            body = the `data:` JSON; answers 202 once every stream has been woken
  GET  /__bench_stream  {"pid", "subscribers"} (the bench counts held streams with it)

Served by:  gunicorn -k gevent 'bench.bare_broadcast:server_app()'  (cwd = the repository)
"""
import json
import os

from flask import Flask, Response, request

HEARTBEAT_SECONDS = 15.0


def create_bare_app():
    import gevent.event

    app = Flask(__name__)
    messages = []                           # every message pushed so far
    state = {"event": gevent.event.Event(), "subscribers": 0}

    @app.get("/events")
    def events():
        def generate():
            seen = len(messages)
            state["subscribers"] += 1
            try:
                yield "retry: 3000\n: connected\n\n"
                while True:
                    if seen == len(messages):
                        woken = state["event"]
                        if not woken.wait(HEARTBEAT_SECONDS):
                            yield ": heartbeat\n\n"
                            continue
                    while seen < len(messages):
                        yield messages[seen]
                        seen += 1
            finally:
                state["subscribers"] -= 1

        return Response(generate(), mimetype="text/event-stream",
                        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})

    @app.post("/poke")
    def poke():
        data = request.get_json(force=True, silent=True) or {}
        body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        messages.append(f"id: {len(messages) + 1}\nevent: queue\ndata: {body}\n\n")
        woken, state["event"] = state["event"], gevent.event.Event()
        woken.set()
        return {"subscribers": state["subscribers"]}, 202

    @app.get("/__bench_stream")
    def bench_stream():
        return {"pid": os.getpid(), "subscribers": state["subscribers"]}

    return app


def server_app():
    from bench.baseline_app import pid_middleware

    app = create_bare_app()
    app.wsgi_app = pid_middleware(app.wsgi_app)
    return app
