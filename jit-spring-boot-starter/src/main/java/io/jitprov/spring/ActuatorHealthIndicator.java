package io.jitprov.spring;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.FactoryBean;
import org.springframework.util.ClassUtils;

/**
 * {@link JitHealth} as Actuator's {@code HealthIndicator}. Boot 3.5 keeps that interface in
 * {@code org.springframework.boot.actuate.health}, Boot 4 in
 * {@code org.springframework.boot.health.contributor}, with the same shape: one starter artifact
 * serves both by implementing whichever the application has, through a proxy, and building its
 * {@code Health} through the same five methods both lines have.
 */
final class ActuatorHealthIndicator implements FactoryBean<Object> {

    /** The packages of Actuator's health API, the newest first. */
    static final String[] PACKAGES = {"org.springframework.boot.health.contributor",
        "org.springframework.boot.actuate.health"};

    private final Class<?> indicatorType;
    private final Method up;
    private final Method down;
    private final Method unknown;
    private final Method withDetails;
    private final Method build;
    private final JitHealth health;

    private ActuatorHealthIndicator(String packageName, ClassLoader loader, JitHealth health)
            throws ReflectiveOperationException {
        this.indicatorType = ClassUtils.forName(packageName + ".HealthIndicator", loader);
        Class<?> healthType = ClassUtils.forName(packageName + ".Health", loader);
        Class<?> builderType = ClassUtils.forName(packageName + ".Health$Builder", loader);
        this.up = healthType.getMethod("up");
        this.down = healthType.getMethod("down");
        this.unknown = healthType.getMethod("unknown");
        this.withDetails = builderType.getMethod("withDetails", Map.class);
        this.build = builderType.getMethod("build");
        this.health = health;
    }

    /** The package of the application's Actuator health API, if it has one. */
    static Optional<String> packageIn(ClassLoader loader) {
        for (String candidate : PACKAGES) {
            if (ClassUtils.isPresent(candidate + ".HealthIndicator", loader)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    static ActuatorHealthIndicator of(ClassLoader loader, JitHealth health) {
        String packageName = packageIn(loader).orElseThrow(() -> new IllegalStateException("No Actuator health API"));
        try {
            return new ActuatorHealthIndicator(packageName, loader, health);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Actuator's health API in " + packageName + " is not the one jit knows", e);
        }
    }

    @Override
    public Object getObject() {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("health") && method.getParameterCount() == 0) {
                return health();
            }
            if (method.isDefault()) {
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            return switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                case "toString" -> "jit's health indicator";
                default -> throw new UnsupportedOperationException(method.getName());
            };
        };
        return Proxy.newProxyInstance(indicatorType.getClassLoader(), new Class<?>[] {indicatorType}, handler);
    }

    private Object health() throws ReflectiveOperationException {
        JitHealth.Report report = health.check();
        Object builder = (switch (report.status()) {
            case UP -> up;
            case DOWN -> down;
            case UNKNOWN -> unknown;
        }).invoke(null);
        withDetails.invoke(builder, report.details());
        return build.invoke(builder);
    }

    @Override
    public Class<?> getObjectType() {
        return indicatorType;
    }
}
