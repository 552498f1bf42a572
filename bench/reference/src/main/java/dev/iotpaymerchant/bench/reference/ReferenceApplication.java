package dev.iotpaymerchant.bench.reference;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The references answer under /bench-reference/ref (the WAR's name is its context root). */
@ApplicationPath("ref")
public class ReferenceApplication extends Application {
}
