"""Running a check: `checker` (one message through the detectors to a report), `resources`
(what a Checker loads once) and `batch` (many messages on a process pool)."""
