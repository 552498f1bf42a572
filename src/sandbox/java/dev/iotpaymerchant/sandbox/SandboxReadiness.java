package dev.iotpaymerchant.sandbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Readiness says this is the sandbox build, and DOWN while {@link SandboxGuard} refuses its settings. */
@Readiness
@ApplicationScoped
public class SandboxReadiness implements HealthCheck {

    @Inject
    SandboxGuard guard;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("sandbox").withData("sandbox", "this build fakes IOTPay");
        return guard.refusal().map(why -> response.withData("refused", why).down()).orElseGet(response::up).build();
    }
}
