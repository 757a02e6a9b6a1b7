"""The read-only link of a meeting's live view (the projector in the hall): a key that opens
the projector page and the meeting's event stream without an account. It is derived from the
app's secret key, so it needs no storage and changes when the secret key is rotated."""
import hashlib
import hmac

from flask import current_app


def projector_key(meeting):
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, f"projector:{meeting.id}".encode(), hashlib.sha256).hexdigest()[:32]


def is_projector_key(meeting, key):
    # compared as bytes: compare_digest refuses str with non-ASCII characters (a 500)
    return hmac.compare_digest(str(key).encode(), projector_key(meeting).encode())
