package dev.iotpaymerchant.access.boundary;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;

import dev.iotpaymerchant.access.control.Caller;

/**
 * Every read of /api (orders, long-polls, QR images, checkouts, refunds, the console's) counts against
 * its caller's {@link ReadRateLimiter}, once {@link AccessFilter} has said who the caller is.
 */
@Provider
@Priority(Priorities.AUTHORIZATION)
public class ReadRateFilter implements ContainerRequestFilter {

    @Inject
    Caller caller;

    @Inject
    ReadRateLimiter limiter;

    @Override
    public void filter(ContainerRequestContext request) {
        String method = request.getMethod();
        if (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)) {
            limiter.take(caller.rateKey());
        }
    }
}
