package dev.iotpaymerchant.platform.http.boundary;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * Every /api answer is about one caller's money (payParams, an order's status): no cache, shared or
 * private, may keep it, unless its resource chose otherwise (an order's QR image: private, revalidated).
 */
@Provider
public class NoStore implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        boolean answered = response.getStatus() < 300 || response.getStatus() == 304;
        if (!answered || !response.getHeaders().containsKey("Cache-Control")) {
            response.getHeaders().putSingle("Cache-Control", "no-store");
        }
    }
}
