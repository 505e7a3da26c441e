package io.cameliothub.emulator.service;

import io.cameliothub.emulator.core.AccessPolicy;
import io.cameliothub.emulator.core.Urls;
import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The service REST API's route table: method + path template ({@code /devices/{id}/modules/{moduleId}}) + the
 * shared-access-policy right the operation needs + its handler. Literal segments match case-insensitively; a
 * {@code {name}} segment matches one non-empty, percent-decoded segment. Routes can be added at any time (heads register
 * their resources when the emulator starts).
 */
public final class ServiceRoutes {

    /** One route. */
    public record Route(HttpMethod method, String template, AccessPolicy.Right right, ServiceHandler handler) {
    }

    /** A path that matched a template: the route (if the method matched too), and the path parameters. */
    record Match(Route route, Map<String, String> params, List<HttpMethod> allowed) {
    }

    private final List<Route> routes = new CopyOnWriteArrayList<>();

    /** Adds a route. @return this */
    public ServiceRoutes add(HttpMethod method, String template, AccessPolicy.Right right, ServiceHandler handler) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(right, "right");
        Objects.requireNonNull(handler, "handler");
        if (!template.startsWith("/")) {
            throw new IllegalArgumentException("a route template starts with '/': " + template);
        }
        routes.add(new Route(method, template, right, handler));
        return this;
    }

    /** Registers every route of a resource. @return this */
    public ServiceRoutes add(ServiceResource resource) {
        resource.register(this);
        return this;
    }

    public List<Route> routes() {
        return List.copyOf(routes);
    }

    /**
     * @return empty when no template matches the path; otherwise the params and the route for {@code method} (null when
     *         the path is served but not with this method)
     */
    Optional<Match> match(HttpMethod method, String path) {
        String[] segments = split(path);
        if (segments == null) {
            return Optional.empty();
        }
        List<HttpMethod> allowed = new ArrayList<>();
        Route found = null;
        Map<String, String> foundParams = null;
        for (Route r : routes) {
            Map<String, String> params = bind(split(r.template()), segments);
            if (params == null) {
                continue;
            }
            allowed.add(r.method());
            if (found == null && r.method().equals(method)) {
                found = r;
                foundParams = params;
            }
        }
        if (allowed.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Match(found, found == null ? Map.of() : foundParams, allowed));
    }

    private static Map<String, String> bind(String[] template, String[] segments) {
        if (template.length != segments.length) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < template.length; i++) {
            String t = template[i];
            if (t.startsWith("{") && t.endsWith("}")) {
                String value;
                try {
                    value = Urls.decode(segments[i]);
                } catch (IllegalArgumentException e) {
                    return null;
                }
                if (value.isEmpty()) {
                    return null;
                }
                params.put(t.substring(1, t.length() - 1), value);
            } else if (!t.toLowerCase(Locale.ROOT).equals(segments[i].toLowerCase(Locale.ROOT))) {
                return null;
            }
        }
        return params;
    }

    /** Segments of a path; a trailing slash is ignored. Null for a path that is not absolute. */
    private static String[] split(String path) {
        if (path == null || !path.startsWith("/")) {
            return null;
        }
        String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return p.substring(1).split("/", -1);
    }
}
