package io.metricsstreamer.loadgen.http;

/** Why a request got no HTTP response (a timeout is reported apart: {@link Outcomes#timedOut}). */
public enum FailureKind {
    /** The number in flight was at its bound when the request was due: it was never sent (nor delayed). */
    OVER_LIMIT,
    /** No connection could be opened (refused, unreachable, or no answer within the timeout). */
    CONNECT,
    /** The connection failed or closed before the whole response arrived, or the response was not HTTP. */
    IO
}
