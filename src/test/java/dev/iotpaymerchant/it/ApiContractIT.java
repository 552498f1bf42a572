package dev.iotpaymerchant.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openapitools.codegen.validation.ValidationResult;
import org.openapitools.codegen.validations.oas.OpenApiEvaluator;
import org.openapitools.codegen.validations.oas.RuleConfiguration;

import dev.iotpaymerchant.it.client.ApiClient;
import dev.iotpaymerchant.it.client.ApiException;
import dev.iotpaymerchant.it.client.ApiResponse;
import dev.iotpaymerchant.it.client.api.CheckoutsApi;
import dev.iotpaymerchant.it.client.api.PaymentsApi;
import dev.iotpaymerchant.it.client.api.RefundsApi;
import dev.iotpaymerchant.it.client.model.Channel;
import dev.iotpaymerchant.it.client.model.Checkout;
import dev.iotpaymerchant.it.client.model.CheckoutAttempt;
import dev.iotpaymerchant.it.client.model.CheckoutList;
import dev.iotpaymerchant.it.client.model.CheckoutStatus;
import dev.iotpaymerchant.it.client.model.CreatedOrder;
import dev.iotpaymerchant.it.client.model.IotPayCreateOrderAnswer;
import dev.iotpaymerchant.it.client.model.NewCheckout;
import dev.iotpaymerchant.it.client.model.NewCheckoutPayment;
import dev.iotpaymerchant.it.client.model.NewOrder;
import dev.iotpaymerchant.it.client.model.NewRefund;
import dev.iotpaymerchant.it.client.model.NextActionQr;
import dev.iotpaymerchant.it.client.model.Order;
import dev.iotpaymerchant.it.client.model.OrderList;
import dev.iotpaymerchant.it.client.model.OrderStatus;
import dev.iotpaymerchant.it.client.model.Problem;
import dev.iotpaymerchant.it.client.model.Refund;
import dev.iotpaymerchant.it.client.model.RefundStatus;

/**
 * The published contract, as mobile teams use it: {@code /openapi} serves exactly the committed
 * {@code META-INF/openapi.yaml} (YAML by default or when asked for by name, JSON on request), which
 * swagger-parser and openapi-generator's validator accept without an error; and a Java client generated from it
 * (openapi-generator, library native) pays, follows, lists and refunds against the deployment and
 * its sandbox without one hand-written API call.
 */
@ExtendWith(ArquillianExtension.class)
class ApiContractIT {

    private static final Path COMMITTED = Path.of("src/main/resources/META-INF/openapi.yaml");
    private static final Set<String> OPENAPI_3_0_MEMBERS = Set.of("openapi", "info", "servers", "paths", "components",
            "security", "tags", "externalDocs");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Backend.war();
    }

    @Test
    void servesTheCommittedContractAsYamlByDefault() throws Exception {
        HttpResponse<String> yaml = Backend.get("/openapi");
        assertEquals(200, yaml.statusCode(), yaml.body());
        assertTrue(yaml.body().replaceFirst("^---\\s*", "").startsWith("openapi: 3.0.3"), // WildFly starts with ---
                "YAML, not JSON: " + yaml.body().lines().findFirst());
        assertServesTheCommittedContract(YAML.readTree(yaml.body()));
        assertValid(yaml.body());
    }

    @Test
    void servesTheSameContractAsJsonOnRequest() throws Exception {
        HttpResponse<String> byAccept = Backend.send(HttpRequest.newBuilder(URI.create(Backend.BASE + "/openapi"))
                .header("Accept", "application/json").GET());
        HttpResponse<String> byQuery = Backend.get("/openapi?format=JSON");
        for (HttpResponse<String> json : List.of(byAccept, byQuery)) {
            assertEquals(200, json.statusCode(), json.body());
            assertTrue(json.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                    json.headers().toString());
            assertServesTheCommittedContract(JSON.readTree(json.body()));
            assertValid(json.body());
        }
    }

    /**
     * A client that asks for YAML by name gets it, labelled as it asked: application/yaml on every server;
     * application/x-yaml and text/yaml too on Payara (WildFly's own endpoint answers those 406).
     * A client that prefers JSON still gets JSON.
     */
    @Test
    void servesYamlToClientsThatAskForItByName() throws Exception {
        List<String> types = Backend.ON_WILDFLY ? List.of("application/yaml")
                : List.of("application/yaml", "application/x-yaml", "text/yaml");
        for (String type : types) {
            HttpResponse<String> yaml = Backend.send(HttpRequest.newBuilder(URI.create(Backend.BASE + "/openapi"))
                    .header("Accept", type).GET());
            assertEquals(200, yaml.statusCode(), type + ": " + yaml.body());
            assertTrue(yaml.headers().firstValue("Content-Type").orElse("").startsWith(type),
                    type + ": " + yaml.headers());
            assertTrue(yaml.body().replaceFirst("^---\\s*", "").startsWith("openapi: 3.0.3"),
                    type + ": YAML, not JSON: " + yaml.body().lines().findFirst());
            assertServesTheCommittedContract(YAML.readTree(yaml.body()));
        }
        HttpResponse<String> json = Backend.send(HttpRequest.newBuilder(URI.create(Backend.BASE + "/openapi"))
                .header("Accept", "application/json, application/yaml;q=0.5").GET());
        assertEquals(200, json.statusCode(), json.body());
        assertTrue(json.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                json.headers().toString());
        assertServesTheCommittedContract(JSON.readTree(json.body()));
    }

    @Test
    void theCommittedContractIsValid() throws Exception {
        assertValid(Files.readString(COMMITTED));
    }

    /** What the server serves is the committed file, member for member: nothing added, dropped or changed. */
    private static void assertServesTheCommittedContract(JsonNode served) throws Exception {
        List<String> nonStandard = new ArrayList<>();
        served.fieldNames().forEachRemaining(name -> {
            if (!OPENAPI_3_0_MEMBERS.contains(name)) {
                nonStandard.add(name);
            }
        });
        assertEquals(List.of(), nonStandard, "top-level members that are not OpenAPI 3.0");
        assertEquals(YAML.readTree(COMMITTED.toFile()), served,
                "/openapi must serve src/main/resources/META-INF/openapi.yaml exactly");
    }

    /**
     * No error from the parser that client generators use (with references resolved, as
     * openapi-generator-cli validate does), nor from openapi-generator's own evaluator.
     */
    private static void assertValid(String document) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIParser().readContents(document, null, options);
        List<String> errors = new ArrayList<>(parsed.getMessages() == null ? List.of() : parsed.getMessages());
        assertNotNull(parsed.getOpenAPI(), "not OpenAPI at all: " + errors);
        ValidationResult evaluated = new OpenApiEvaluator(new RuleConfiguration()).validate(parsed.getOpenAPI());
        evaluated.getErrors().forEach(error -> errors.add(error.getMessage() + ": " + error.getDetails()));
        assertEquals(List.of(), errors, "validation errors");
    }

    @Test
    void aGeneratedClientPaysFollowsListsAndRefundsAnOrder() throws Exception {
        ApiClient client = new ApiClient();
        client.updateBaseUri(Backend.BASE);
        // What an app sends with api.auth=jwt; this deployment trusts every caller (api.auth=none) and ignores it.
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer app-token"));
        PaymentsApi payments = new PaymentsApi(client);
        RefundsApi refunds = new RefundsApi(client);

        CreatedOrder created = payments.createOrder(new NewOrder().channelId(Channel.WX_NATIVE).amount(2199L).subject("Tea")
                .productId("SKU-TEA"), UUID.randomUUID().toString());
        String number = created.getMchOrderNo();
        assertEquals(OrderStatus.PENDING, created.getStatus());
        assertEquals(2199L, created.getAmount());
        NextActionQr qr = created.getNextAction().getNextActionQr(); // the discriminator picked the QR variant
        assertEquals("/api/orders/" + number + "/qr.svg", qr.getImage());
        assertEquals(qr, payments.getOrder(number, null, null).getNextAction().getNextActionQr());
        assertEquals(200, Backend.get(qr.getImage()).statusCode());

        // The payer scans the code: the sandbox's code is its wallet page, where the payer pays; IOTPay notifies.
        assertEquals(200, Backend.postTo(qr.getContent(), "/pay", "application/x-www-form-urlencoded", "").statusCode());
        Order paid = payments.getOrder(number, 10, OrderStatus.PENDING); // the long-poll answers once it is paid
        assertEquals(OrderStatus.PAID, paid.getStatus());
        assertNull(paid.getNextAction(), "nothing is left to do");
        assertNotNull(paid.getPaidAt());
        assertEquals(2199L, paid.getRefundable());

        OrderList page = payments.listOrders(100, null, OrderStatus.PAID, null, null, null, Channel.WX_NATIVE, null);
        assertTrue(page.getOrders().stream().anyMatch(order -> order.getMchOrderNo().equals(number)), page.toString());
        OrderList byPayOrderId = payments.listOrders(null, null, null, null, null, null, null, paid.getPayOrderId());
        assertEquals(List.of(number), byPayOrderId.getOrders().stream().map(Order::getMchOrderNo).toList());

        Refund refund = refunds.createRefund(number, UUID.randomUUID().toString(),
                new NewRefund().amount(500L).reason("one item returned"));
        assertEquals(RefundStatus.SUCCEEDED, refund.getStatus());
        assertEquals(refund, refunds.getRefund(number, refund.getRefundNo()));
        assertEquals(List.of(refund), refunds.listRefunds(number).getRefunds());
        Order refunded = payments.getOrder(number, null, null);
        assertEquals(500L, refunded.getRefundedAmount());
        assertEquals(1699L, refunded.getRefundable());

        IotPayCreateOrderAnswer answer = payments.pay(Channel.WX_APP, null, "19.99", null, null, null, null, null);
        assertEquals("SUCCESS", answer.getRetCode());
        assertEquals(1999L, Backend.json(Backend.get("/api/orders/" + answer.getMchOrderNo())).getInt("amount"));

        try {
            payments.getOrder("MOnosuchorder000000000", null, null);
            fail("an unknown order is 404");
        } catch (ApiException notFound) {
            assertEquals(404, notFound.getCode());
            Problem problem = client.getObjectMapper().readValue(notFound.getResponseBody(), Problem.class);
            assertEquals(Integer.valueOf(404), problem.getStatus());
            assertEquals(URI.create("urn:iotpay-merchant:problem:not-found"), problem.getType());
        }
    }

    /**
     * The merchant's server sets the price in a checkout, the app pays it with the generated client,
     * the payer pays in the wallet, and the checkout reads back PAID by that attempt; a checkout
     * paid through /api/pay?checkout= and one cancelled say so in the same types.
     */
    @Test
    void aGeneratedClientCreatesPaysAndFollowsACheckout() throws Exception {
        ApiClient client = new ApiClient();
        client.updateBaseUri(Backend.BASE);
        CheckoutsApi checkouts = new CheckoutsApi(client);
        PaymentsApi payments = new PaymentsApi(client);

        String reference = "it-" + UUID.randomUUID();
        NewCheckout request = new NewCheckout().amount(2599L).subject("Premium").reference(reference)
                .putMetadataItem("sku", "PREMIUM-1Y");
        ApiResponse<Checkout> made = checkouts.createCheckoutWithHttpInfo(request, UUID.randomUUID().toString());
        assertEquals(201, made.getStatusCode());
        Checkout open = made.getData();
        String checkoutId = open.getCheckoutId();
        assertEquals(CheckoutStatus.OPEN, open.getStatus());
        assertEquals(2599L, open.getAmount());
        assertEquals(Map.of("sku", "PREMIUM-1Y"), open.getMetadata());
        assertEquals(List.of(), open.getPayments());
        ApiResponse<Checkout> again = checkouts.createCheckoutWithHttpInfo(request, null);
        assertEquals(200, again.getStatusCode(), "the same reference and request: the checkout made first");
        assertEquals(checkoutId, again.getData().getCheckoutId());

        CreatedOrder attempt = checkouts.payCheckout(checkoutId, new NewCheckoutPayment().channelId(Channel.WX_APP),
                UUID.randomUUID().toString());
        String number = attempt.getMchOrderNo();
        assertEquals(checkoutId, attempt.getCheckoutId());
        assertEquals(2599L, attempt.getAmount(), "the checkout's price, not the app's");
        assertEquals(OrderStatus.PENDING, attempt.getStatus());
        assertNotNull(attempt.getPayParams(), "what the WeChat SDK needs");

        Backend.payAtGateway(number, true);
        assertEquals(checkoutId, awaitStatus(payments, number, OrderStatus.PAID).getCheckoutId());
        Checkout paid = checkouts.getCheckout(checkoutId);
        assertEquals(CheckoutStatus.PAID, paid.getStatus(), paid.toString());
        assertEquals(number, paid.getPaidOrder());
        assertNotNull(paid.getSettledAt());
        assertEquals(List.of(number), paid.getPayments().stream().map(CheckoutAttempt::getMchOrderNo).toList());
        assertEquals(OrderStatus.PAID, paid.getPayments().get(0).getStatus());
        assertEquals(List.of(), paid.getExtraPayments());
        CheckoutList byReference = checkouts.listCheckouts(reference, CheckoutStatus.PAID, null, null);
        assertEquals(List.of(paid), byReference.getCheckouts());
        assertProblem(client, 409, "checkout-not-open", CheckoutStatus.PAID,
                () -> checkouts.payCheckout(checkoutId, new NewCheckoutPayment().channelId(Channel.WX_APP), null));

        String other = checkouts.createCheckout(new NewCheckout().amount(1299L).subject("Tea"), null).getCheckoutId();
        IotPayCreateOrderAnswer answer = payments.pay(Channel.WX_APP, other, null, null, null, null, null, null);
        assertEquals("SUCCESS", answer.getRetCode());
        Order viaPay = payments.getOrder(answer.getMchOrderNo(), null, null);
        assertEquals(other, viaPay.getCheckoutId());
        assertEquals(1299L, viaPay.getAmount());
        Checkout cancelled = checkouts.cancelCheckout(other);
        assertEquals(CheckoutStatus.CANCELLED, cancelled.getStatus());
        assertEquals(List.of(answer.getMchOrderNo()),
                cancelled.getPayments().stream().map(CheckoutAttempt::getMchOrderNo).toList());
        assertProblem(client, 409, "checkout-not-open", CheckoutStatus.CANCELLED, () -> checkouts.cancelCheckout(other));
        assertProblem(client, 404, "not-found", null, () -> checkouts.getCheckout("COnosuchcheckout0000000"));
    }

    private interface Call {
        void run() throws ApiException;
    }

    /** The call fails with this problem, read with the generated Problem type. */
    private static void assertProblem(ApiClient client, int status, String type, CheckoutStatus checkoutStatus, Call call)
            throws Exception {
        try {
            call.run();
            fail("expected " + status + " " + type);
        } catch (ApiException refused) {
            assertEquals(status, refused.getCode(), refused.getResponseBody());
            Problem problem = client.getObjectMapper().readValue(refused.getResponseBody(), Problem.class);
            assertEquals(Integer.valueOf(status), problem.getStatus());
            assertEquals(URI.create("urn:iotpay-merchant:problem:" + type), problem.getType());
            assertEquals(checkoutStatus, problem.getCheckoutStatus());
        }
    }

    /** How an app follows its order: read it again until the status is the one it waits for. */
    private static Order awaitStatus(PaymentsApi payments, String number, OrderStatus expected) throws ApiException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        Order order = payments.getOrder(number, null, null);
        while (order.getStatus() != expected && System.nanoTime() < deadline) {
            Backend.pause(250);
            order = payments.getOrder(number, null, null);
        }
        assertEquals(expected, order.getStatus(), order.toString());
        return order;
    }
}
