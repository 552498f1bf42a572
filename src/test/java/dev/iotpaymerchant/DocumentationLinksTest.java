package dev.iotpaymerchant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * Every relative link in the repository's Markdown ({@code README.md}, {@code CHANGELOG.md},
 * {@code docs/}, {@code bench/}, {@code server-config/}, …) leads somewhere: its file or directory
 * exists, and its {@code #anchor}, in a Markdown file, names a heading there (GitHub's anchors).
 * Links with a scheme (https:, mailto:, …) and anything inside code are not checked.
 */
class DocumentationLinksTest {

    private static final Path ROOT = Path.of("").toAbsolutePath();
    /** [text](target) and ![alt](target), the target optionally in <…> and followed by a title. */
    private static final Pattern INLINE = Pattern.compile("!?\\[(?:[^\\[\\]]|\\[[^\\[\\]]*\\])*\\]\\(\\s*(<[^>]*>|[^\\s)]*)(?:\\s+[\"'(][^)]*)?\\)");
    /** [label]: target */
    private static final Pattern DEFINITION = Pattern.compile("^ {0,3}\\[[^\\]]+\\]:\\s*(<[^>]*>|\\S+)");
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");
    private static final Pattern HEADING = Pattern.compile("^ {0,3}#{1,6}\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s+(?:name|id)=\"([^\"]+)\"");

    private final Map<Path, Set<String>> anchors = new HashMap<>();

    @Test
    void everyRelativeLinkInTheMarkdownResolves() throws IOException {
        List<Path> documents = markdownFiles();
        assertTrue(documents.contains(ROOT.resolve("README.md")), "found no README.md under " + ROOT);
        List<String> broken = new ArrayList<>();
        for (Path document : documents) {
            for (Link link : links(document)) {
                problem(document, link.target()).ifPresent(problem -> broken.add(
                        ROOT.relativize(document) + ":" + link.line() + ": (" + link.target() + ") " + problem));
            }
        }
        assertEquals(List.of(), broken, "relative links that lead nowhere");
    }

    @Test
    void anchorsAreGitHubs() {
        assertEquals("refund-query", slug("Refund query"));
        assertEquals("the-http-contract", slug("The HTTP contract"));
        assertEquals("payara-micro--postgresql", slug("Payara Micro + PostgreSQL"));
        assertEquals("the-app-integration-guide-and-apipay", slug("The app-integration guide and `/api/pay`"));
        assertEquals("see-the-docs", slug("See [the docs](docs/x.md)"));
    }

    @Test
    void linksInCodeAreNotLinks() {
        List<String> targets = linksIn(List.of("[a](one.md) `[b](two.md)`", "```", "[c](three.md)", "```",
                "![d](four.png \"title\") [e](<five six.md>)", "[f]: seven.md")).stream().map(Link::target).toList();
        assertEquals(List.of("one.md", "four.png", "five six.md", "seven.md"), targets);
    }

    /** Every *.md, leaving out build output, dependencies and tool directories (target, node_modules, .git, …). */
    private static List<Path> markdownFiles() throws IOException {
        List<Path> found = new ArrayList<>();
        Files.walkFileTree(ROOT, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                boolean skipped = !dir.equals(ROOT)
                        && (name.equals("target") || name.equals("node_modules") || name.startsWith("."));
                return skipped ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (file.getFileName().toString().endsWith(".md")) {
                    found.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        found.sort(null);
        return found;
    }

    private record Link(int line, String target) {
    }

    private static List<Link> links(Path document) {
        try {
            return linksIn(Files.readAllLines(document, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Link> linksIn(List<String> lines) {
        List<Link> links = new ArrayList<>();
        String fence = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String trimmed = line.stripLeading();
            if (fence != null) {
                if (trimmed.startsWith(fence)) {
                    fence = null;
                }
                continue;
            }
            if (trimmed.startsWith("```") || trimmed.startsWith("~~~")) {
                fence = trimmed.substring(0, 3);
                continue;
            }
            String text = line.replaceAll("`[^`]*`", "");
            Matcher inline = INLINE.matcher(text);
            while (inline.find()) {
                links.add(new Link(i + 1, unbracket(inline.group(1))));
            }
            Matcher definition = DEFINITION.matcher(text);
            if (definition.find()) {
                links.add(new Link(i + 1, unbracket(definition.group(1))));
            }
        }
        return links;
    }

    private static String unbracket(String target) {
        return target.startsWith("<") && target.endsWith(">") ? target.substring(1, target.length() - 1) : target;
    }

    /** What is wrong with {@code target} as a link in {@code document}; empty when nothing is, or it is not relative. */
    private Optional<String> problem(Path document, String target) {
        if (target.isEmpty() || SCHEME.matcher(target).find() || target.startsWith("//")) {
            return Optional.empty();
        }
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : URLDecoder.decode(target.substring(hash + 1), StandardCharsets.UTF_8);
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        Path file;
        if (path.isEmpty()) {
            file = document;
        } else {
            String decoded = URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
            file = (decoded.startsWith("/") ? ROOT.resolve(decoded.substring(1)) : document.getParent().resolve(decoded))
                    .normalize();
            if (!file.startsWith(ROOT)) {
                return Optional.of("points outside the repository");
            }
            if (!Files.exists(file)) {
                return Optional.of("no such file");
            }
        }
        if (anchor != null && !anchor.isEmpty() && file.getFileName().toString().endsWith(".md")
                && !anchorsOf(file).contains(anchor.toLowerCase(Locale.ROOT))) {
            return Optional.of("no heading for #" + anchor + " in " + ROOT.relativize(file));
        }
        return Optional.empty();
    }

    /** The anchors GitHub gives a file's headings (a repeated heading gets -1, -2, …), plus HTML anchors. */
    private Set<String> anchorsOf(Path file) {
        return anchors.computeIfAbsent(file, path -> {
            Set<String> found = new HashSet<>();
            Map<String, Integer> seen = new HashMap<>();
            String fence = null;
            List<String> lines;
            try {
                lines = Files.readAllLines(path, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (String line : lines) {
                String trimmed = line.stripLeading();
                if (fence != null) {
                    if (trimmed.startsWith(fence)) {
                        fence = null;
                    }
                    continue;
                }
                if (trimmed.startsWith("```") || trimmed.startsWith("~~~")) {
                    fence = trimmed.substring(0, 3);
                    continue;
                }
                Matcher heading = HEADING.matcher(line);
                if (heading.matches()) {
                    String slug = slug(heading.group(1));
                    int count = seen.merge(slug, 1, Integer::sum);
                    found.add(count == 1 ? slug : slug + "-" + (count - 1));
                }
                Matcher html = HTML_ANCHOR.matcher(line);
                while (html.find()) {
                    found.add(html.group(1).toLowerCase(Locale.ROOT));
                }
            }
            return found;
        });
    }

    /** GitHub's heading anchor: the text without markup, lower case, punctuation dropped, spaces as '-'. */
    static String slug(String heading) {
        String text = heading.replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1").replace("`", "").toLowerCase(Locale.ROOT);
        StringBuilder slug = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                slug.appendCodePoint(c);
            } else if (c == ' ') {
                slug.append('-');
            }
        });
        return slug.toString();
    }
}
