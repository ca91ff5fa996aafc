/**
 * A word specs put in the message bodies (and other private texts) they send to servers that
 * log to the suite log (TEST_LOG_FILE). `.ci/run` reads both constants from this file: it fails
 * when BODY_MARKER appears anywhere in the log of the whole run (a body reached a log line), or
 * when MARKER_REQUEST_ID does not (the request that carried the marker into a failed SQL
 * statement was not logged, so the search proved nothing).
 */
export const BODY_MARKER = 'zebra-quartz-body-marker';

/** The x-request-id of that request (test/logging.test.ts). */
export const MARKER_REQUEST_ID = 'marker-probe-7c1e';
