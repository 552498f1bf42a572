package dev.iotpaymerchant.platform.boundary;

/** Shared pieces of the OpenAPI documentation: the problem document and its examples. */
public final class ApiDocs {

    public static final String PROBLEM_SCHEMA = "An RFC 9457 problem: type, title, status, detail, and where useful "
            + "mchOrderNo (the order to poll), iotpayCode (IOTPay's error code) or reference (to quote to support).";

    public static final String BAD_REQUEST = """
            {"type":"urn:iotpay-merchant:problem:invalid-request","title":"The request is not valid","status":400,\
            "detail":"The amount must be written like 19.99: digits, optionally a dot and one or two decimals, with no sign, spaces or other characters."}""";

    public static final String REJECTED = """
            {"type":"urn:iotpay-merchant:problem:gateway-rejected","title":"IOTPay refused the payment","status":502,\
            "detail":"IOTPay refused to create the order: 0111 third party exception.","mchOrderNo":"MOq3Zk1V7xJ0aN2bL5cR8tYw","iotpayCode":"0111"}""";

    public static final String UNKNOWN = """
            {"type":"urn:iotpay-merchant:problem:gateway-outcome-unknown","title":"Payment outcome unknown","status":504,\
            "detail":"IOTPay did not answer within 15000 ms. The order is kept as UNKNOWN and will be settled by asking IOTPay; poll GET /api/orders/MOq3Zk1V7xJ0aN2bL5cR8tYw for its status.","mchOrderNo":"MOq3Zk1V7xJ0aN2bL5cR8tYw"}""";

    public static final String NOT_FOUND = """
            {"type":"urn:iotpay-merchant:problem:not-found","title":"Not found","status":404,"detail":"There is no order with this number."}""";

    public static final String TOO_LARGE = """
            {"type":"urn:iotpay-merchant:problem:payload-too-large","title":"Request body too large","status":413,"detail":"Request bodies are limited to 16384 bytes."}""";

    public static final String UNAVAILABLE = """
            {"type":"urn:iotpay-merchant:problem:storage-unavailable","title":"Storage unavailable","status":503,\
            "detail":"The order database cannot be reached right now. Please retry; an order already sent to IOTPay is settled with IOTPay once the database is back.","reference":"6c69b68f-02d2-42e2-adc5-3be958be198c"}""";

    private ApiDocs() {
    }
}
