package dev.iotpaymerchant.platform.boundary;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** Mobile apps and IOTPay depend on everything under /api: keep its contract exactly. */
@ApplicationPath("api")
public class RestApplication extends Application {
}
