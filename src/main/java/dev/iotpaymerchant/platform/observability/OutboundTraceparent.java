package dev.iotpaymerchant.platform.observability;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;

/**
 * Passes the current trace on to the server we call (IOTPay), as W3C {@code traceparent}, unless the
 * server's own telemetry has already put one on the request.
 */
public class OutboundTraceparent implements ClientRequestFilter {

    @Override
    public void filter(ClientRequestContext request) {
        if (request.getHeaderString("traceparent") == null) {
            Traces.traceparent().ifPresent(traceparent -> request.getHeaders().putSingle("traceparent", traceparent));
        }
    }
}
