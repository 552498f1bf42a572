package dev.iotpaymerchant.platform.http.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import org.junit.jupiter.api.Test;

/**
 * Every string, array and map the contract describes has its limit (issue #32): what a client may
 * send, and what it must be ready to receive, is bounded in {@code openapi.yaml}, so that a client
 * can size its columns and LargestRequestsIT can build the largest request of every operation from
 * the contract alone. Walks every operation's parameters, request bodies, responses and response
 * headers, through every {@code $ref}, {@code allOf}/{@code oneOf}, property, item and map value.
 */
class ContractLimitsTest {

    private static final Path CONTRACT = Path.of("src/main/resources/META-INF/openapi.yaml");

    @Test
    void everyStringArrayAndMapOfTheContractHasItsLimit() {
        OpenAPI contract = new OpenAPIV3Parser().read(CONTRACT.toString());
        assertNotNull(contract, "the contract parses");
        List<String> missing = new ArrayList<>();
        new Walk(contract, missing).operations();
        assertEquals(List.of(), missing, "strings without maxLength, arrays without maxItems, maps without maxProperties");
    }

    /** One walk over the contract, collecting where a limit is missing. */
    private record Walk(OpenAPI contract, List<String> missing, Set<String> seen) {

        Walk(OpenAPI contract, List<String> missing) {
            this(contract, missing, new HashSet<>());
        }

        void operations() {
            contract.getPaths().forEach((path, item) -> {
                if (item.getParameters() != null) {
                    item.getParameters().forEach(p -> parameter(path, p));
                }
                item.readOperationsMap().forEach((method, operation) -> {
                    String at = method + " " + path;
                    if (operation.getParameters() != null) {
                        operation.getParameters().forEach(p -> parameter(at, p));
                    }
                    RequestBody body = operation.getRequestBody();
                    if (body != null && body.get$ref() != null) {
                        body = contract.getComponents().getRequestBodies().get(name(body.get$ref()));
                    }
                    if (body != null) {
                        content(at + " request", body.getContent());
                    }
                    operation.getResponses().forEach((status, response) -> response(at + " " + status, response));
                });
            });
        }

        private void parameter(String at, Parameter parameter) {
            if (parameter.get$ref() != null) {
                parameter = contract.getComponents().getParameters().get(name(parameter.get$ref()));
            }
            String where = at + " " + parameter.getIn() + " " + parameter.getName();
            schema(where, parameter.getSchema());
            content(where, parameter.getContent());
        }

        private void response(String at, ApiResponse response) {
            if (response.get$ref() != null) {
                response = contract.getComponents().getResponses().get(name(response.get$ref()));
            }
            if (response.getHeaders() != null) {
                response.getHeaders().forEach((name, header) -> header(at + " header " + name, header));
            }
            content(at, response.getContent());
        }

        private void header(String at, Header header) {
            if (header.get$ref() != null) {
                header = contract.getComponents().getHeaders().get(name(header.get$ref()));
            }
            schema(at, header.getSchema());
            content(at, header.getContent());
        }

        private void content(String at, Content content) {
            if (content != null) {
                content.forEach((type, media) -> schema(at + " " + type, media.getSchema()));
            }
        }

        @SuppressWarnings("rawtypes")
        private void schema(String at, Schema schema) {
            if (schema == null) {
                return;
            }
            if (schema.get$ref() != null) {
                String name = name(schema.get$ref());
                if (seen.add(name)) {
                    schema("#/components/schemas/" + name, contract.getComponents().getSchemas().get(name));
                }
                return;
            }
            for (List<Schema> composed : composedOf(schema)) {
                if (composed != null) {
                    composed.forEach(part -> schema(at, part));
                }
            }
            String type = schema.getType();
            boolean untyped = type == null && composedOf(schema).stream().allMatch(c -> c == null);
            if (("string".equals(type) || untyped) && schema.getMaxLength() == null) {
                missing.add(at + ": string without maxLength");
            }
            if ("array".equals(type)) {
                if (schema.getMaxItems() == null) {
                    missing.add(at + ": array without maxItems");
                }
                schema(at + "[]", schema.getItems());
            }
            boolean map = schema.getAdditionalProperties() instanceof Schema
                    || Boolean.TRUE.equals(schema.getAdditionalProperties());
            if ((map || untyped) && schema.getMaxProperties() == null) {
                missing.add(at + ": " + (map ? "map" : "untyped value") + " without maxProperties");
            }
            if (schema.getAdditionalProperties() instanceof Schema values) {
                schema(at + "{}", values);
            }
            if (schema.getProperties() != null) {
                ((Map<String, Schema>) schema.getProperties()).forEach((name, property) -> schema(at + "." + name, property));
            }
        }

        @SuppressWarnings("rawtypes")
        private static List<List<Schema>> composedOf(Schema schema) {
            List<List<Schema>> composed = new ArrayList<>();
            composed.add(schema.getAllOf());
            composed.add(schema.getOneOf());
            composed.add(schema.getAnyOf());
            return composed;
        }

        private static String name(String ref) {
            return ref.substring(ref.lastIndexOf('/') + 1);
        }
    }
}
