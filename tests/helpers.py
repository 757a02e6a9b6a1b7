"""HTTP helpers shared by the tests."""
import re
import sqlite3
import threading
import time

CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def csrf_from(client, url="/login"):
    page = client.get(url).get_data(as_text=True)
    match = CSRF_RE.search(page) or re.compile(r'name="csrf_token" value="([^"]+)"').search(page)
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def login(client, account):
    response = client.post("/login", data={"username": account.username,
                                           "password": account.password,
                                           "csrf_token": csrf_from(client)})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response


def post_form(client, url, data=None, page=None):
    """POST a page form with a CSRF token taken from `page` (default: the same URL)."""
    data = dict(data or {})
    data["csrf_token"] = csrf_from(client, page or url)
    return client.post(url, data=data)


def token_for(client, account):
    response = client.post("/api/v1/tokens", json={"username": account.username,
                                                   "password": account.password})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["token"]


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


class ApiCalls:
    """Calls to the API as one account or another, for a test world (a dataclass with a
    `client` and a `tokens` dict mixes this in): one token per account, issued on first use."""

    def h(self, account):
        if account.username not in self.tokens:
            self.tokens[account.username] = token_for(self.client, account)
        return bearer(self.tokens[account.username])

    def call(self, method, url, account, json=None):
        return self.client.open(url, method=method, json=json, headers=self.h(account))

    def ok(self, method, url, account, json=None, status=(200, 201)):
        r = self.call(method, url, account, json)
        assert r.status_code in ((status,) if isinstance(status, int) else status), \
            (url, r.status_code, r.get_json())
        return r.get_json()


def english(client):
    """Switch this client's pages to English, for assertions on message text."""
    client.get("/locale/en")
    return client


def run_queued_jobs(app):
    """Run every job in the app's queue now, in this thread, as a worker would: the task
    taken from the real queue storage and executed by huey. Returns how many ran."""
    huey = app.extensions["jobs"].huey
    count = 0
    while (task := huey.dequeue()) is not None:
        huey.execute(task)
        count += 1
    return count


JOB_ON_PAGE = re.compile(r'data-job="([0-9a-f]{32})"')


def export_by_job(app, client, url, data, page):
    """An export that is a job, as a user makes it: the form posted from `page`, the job run
    as a worker would, then its file downloaded from the exports page the post led to (the
    newest job listed there). Returns the download's response."""
    posted = post_form(client, url, data, page=page)
    assert posted.status_code == 302, posted.get_data(as_text=True)[:300]
    assert run_queued_jobs(app) == 1
    listing = client.get(posted.location).get_data(as_text=True)
    job_id = JOB_ON_PAGE.search(listing).group(1)
    return client.get(f"/api/v1/jobs/{job_id}/result")


def wait_for(condition, timeout=60.0, interval=0.02):
    """Poll `condition()` until it is truthy (returned) or the deadline passes (AssertionError)."""
    import time

    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout} s")
        time.sleep(interval)


def at_once(calls):
    """Run every call at the same moment (a barrier), return their results in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        barrier.wait()
        results[index] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def read_until(chunks, needle, seconds=10.0):
    """Read an event stream's chunks until `needle` shows up (heartbeats every 0.5 s in tests)."""
    received, deadline = b"", time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            received += next(chunks)
        except StopIteration:
            break
        if needle in received:
            return received
    raise AssertionError(f"{needle!r} not in {received!r}")


def can_take_write_lock(path):
    """Whether another connection to the SQLite file could begin a write right now."""
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")  # what any other write starts with
        other.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError as error:
        assert "locked" in str(error)
        return False
    finally:
        other.close()
