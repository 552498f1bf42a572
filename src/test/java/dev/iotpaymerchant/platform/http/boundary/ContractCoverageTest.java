package dev.iotpaymerchant.platform.http.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.HttpMethod;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import org.junit.jupiter.api.Test;

/**
 * The contract ({@code META-INF/openapi.yaml}, served as written) and the JAX-RS resources name the
 * same operations: an endpoint added, moved or removed without its contract entry fails here,
 * before any server starts.
 */
class ContractCoverageTest {

    private static final Path CLASSES = Path.of("target/classes");
    private static final Path CONTRACT = CLASSES.resolve("META-INF/openapi.yaml");

    @Test
    void everyResourceMethodIsInTheContractAndTheContractHasNothingElse() throws IOException {
        assertEquals(documented(), implemented(),
                "operations in src/main/resources/META-INF/openapi.yaml vs. the JAX-RS resources");
    }

    /** "GET /api/orders/{mchOrderNo}" for each operation of the contract. */
    private static Set<String> documented() {
        OpenAPI contract = new OpenAPIV3Parser().read(CONTRACT.toString());
        assertNotNull(contract, "the contract parses");
        Set<String> operations = new TreeSet<>();
        contract.getPaths().forEach((path, item) -> item.readOperationsMap().keySet()
                .forEach(method -> operations.add(method.name() + " " + path)));
        return operations;
    }

    /** The same for each resource method: the application path, the class's @Path, the method's @Path. */
    private static Set<String> implemented() throws IOException {
        String applicationPath = RestApplication.class.getAnnotation(ApplicationPath.class).value();
        Set<String> operations = new TreeSet<>();
        for (Class<?> resource : resourceClasses()) {
            String classPath = resource.getAnnotation(jakarta.ws.rs.Path.class).value();
            for (Method method : resource.getMethods()) {
                String httpMethod = httpMethod(method);
                if (httpMethod == null) {
                    continue;
                }
                jakarta.ws.rs.Path methodPath = method.getAnnotation(jakarta.ws.rs.Path.class);
                operations.add(httpMethod + " " + join(applicationPath, classPath, methodPath == null ? "" : methodPath.value()));
            }
        }
        return operations;
    }

    private static String httpMethod(Method method) {
        return Arrays.stream(method.getAnnotations())
                .map(annotation -> annotation.annotationType().getAnnotation(HttpMethod.class))
                .filter(java.util.Objects::nonNull)
                .map(http -> http.value().toUpperCase(Locale.ROOT))
                .findFirst().orElse(null);
    }

    /** "/a/b/{c}" from the pieces, without regular expressions in templates ({@code {c: [0-9]+}}). */
    private static String join(String... pieces) {
        String path = "/" + String.join("/", pieces);
        return path.replaceAll("\\{\\s*(\\w+)\\s*:[^}]*}", "{$1}").replaceAll("/+", "/").replaceAll("(.)/$", "$1");
    }

    private static Set<Class<?>> resourceClasses() throws IOException {
        Set<Class<?>> resources = new java.util.HashSet<>();
        try (Stream<Path> files = Files.walk(CLASSES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class") && !f.toString().contains("$")).toList()) {
                String name = CLASSES.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                try {
                    Class<?> type = Class.forName(name, false, ContractCoverageTest.class.getClassLoader());
                    if (type.isAnnotationPresent(jakarta.ws.rs.Path.class)) {
                        resources.add(type);
                    }
                } catch (ClassNotFoundException | LinkageError e) {
                    throw new AssertionError("cannot load " + name, e);
                }
            }
        }
        return resources;
    }
}
