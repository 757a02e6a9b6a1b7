"""HTTP helpers shared by the tests."""
import re

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
