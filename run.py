"""`python run.py` serves the embedded default (SQLite under instance/)."""
from congress import create_app

app = create_app()

if __name__ == "__main__":
    if app.config["JOBS_EMBEDDED_WORKER"]:
        app.extensions["jobs"].start_worker(app.config["JOBS_WORKERS"])  # one command, all of it
    app.run(host="127.0.0.1", port=5000)
