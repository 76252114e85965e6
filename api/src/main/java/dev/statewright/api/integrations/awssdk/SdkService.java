package dev.statewright.api.integrations.awssdk;

import dev.statewright.interpreter.StatesErrors;
import dev.statewright.interpreter.StatesException;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.sync.RequestBody;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.stream.Stream;

/**
 * One AWS service as the SDK for Java v2 models it: found by Step Functions' name for it (the SDK
 * module's package, {@code software.amazon.awssdk.services.NAME}), its synchronous client
 * interface, and its actions (the client's methods that take one request object).
 *
 * @param name        Step Functions' name of the service (s3, dynamodb, ...)
 * @param client      the SDK's synchronous client interface ({@code S3Client})
 * @param errorPrefix what Step Functions puts before the names of its errors ({@code S3}, {@code DynamoDb})
 */
record SdkService(String name, Class<? extends SdkClient> client, String errorPrefix) {
    private static final String SERVICES = "software/amazon/awssdk/services/";

    /** The service of this name whose SDK module is on the class path, if any. */
    static Optional<SdkService> find(String name, ClassLoader loader) {
        if (!name.matches("[a-z0-9]+")) {
            return Optional.empty();
        }
        String folder = SERVICES + name + "/";
        try {
            Enumeration<URL> places = loader.getResources(folder);
            while (places.hasMoreElements()) {
                for (String className : classesIn(places.nextElement(), folder)) {
                    Class<?> type = Class.forName(className, false, loader);
                    if (type.isInterface() && SdkClient.class.isAssignableFrom(type)
                            && className.endsWith("Client") && !className.endsWith("AsyncClient")) {
                        @SuppressWarnings("unchecked")
                        Class<? extends SdkClient> client = (Class<? extends SdkClient>) type;
                        String simple = type.getSimpleName();
                        return Optional.of(new SdkService(name, client, simple.substring(0, simple.length() - "Client".length())));
                    }
                }
            }
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("Cannot read the SDK module of " + name, e);
        }
        return Optional.empty();
    }

    /** The names of the classes directly in a package folder, whether it lies in a jar or a directory. */
    private static List<String> classesIn(URL place, String folder) throws IOException {
        List<String> names = new ArrayList<>();
        if (place.getProtocol().equals("jar")) {
            JarURLConnection connection = (JarURLConnection) place.openConnection();
            connection.setUseCaches(false);
            try (var jar = connection.getJarFile()) {
                Enumeration<JarEntry> entries = jar.entries();
                while (entries.hasMoreElements()) {
                    String entry = entries.nextElement().getName();
                    if (entry.startsWith(folder) && entry.endsWith("Client.class")
                            && entry.indexOf('/', folder.length()) < 0) {
                        names.add(entry.substring(0, entry.length() - ".class".length()).replace('/', '.'));
                    }
                }
            }
        } else if (place.getProtocol().equals("file")) {
            try (Stream<Path> files = Files.list(Path.of(place.toURI()))) {
                files.map(file -> file.getFileName().toString()).filter(file -> file.endsWith("Client.class"))
                        .forEach(file -> names.add(folder.replace('/', '.') + file.substring(0, file.length() - 6)));
            } catch (URISyntaxException e) {
                throw new UncheckedIOException(new IOException(e));
            }
        }
        return names;
    }

    /**
     * How an action is called: the client's method for it, the request class, and whether it
     * streams a body in (S3's putObject: {@code Body} goes as a {@link RequestBody}) or out
     * (getObject: read whole with its {@code AsBytes} form).
     */
    record Action(String name, Method method, Class<? extends SdkPojo> request, boolean bodyIn, boolean bodyOut) {
    }

    /** The action of this name (Step Functions writes it in camelCase: {@code getObject}), or a States.Runtime error. */
    Action action(String action) {
        Method plain = null;
        Method withBody = null;
        Method asBytes = null;
        for (Method method : client.getMethods()) {
            if (Modifier.isStatic(method.getModifiers()) || method.getParameterCount() == 0) {
                continue;
            }
            Class<?> first = method.getParameterTypes()[0];
            if (!SdkPojo.class.isAssignableFrom(first) || !first.getSimpleName().endsWith("Request")) {
                continue;
            }
            if (method.getName().equals(action) && method.getParameterCount() == 1) {
                plain = method;
            } else if (method.getName().equals(action) && method.getParameterCount() == 2
                    && method.getParameterTypes()[1] == RequestBody.class) {
                withBody = method;
            } else if (method.getName().equals(action + "AsBytes") && method.getParameterCount() == 1) {
                asBytes = method;
            }
        }
        @SuppressWarnings("unchecked")
        Action found = withBody != null
                ? new Action(action, withBody, (Class<? extends SdkPojo>) withBody.getParameterTypes()[0], true, false)
                : asBytes != null
                ? new Action(action, asBytes, (Class<? extends SdkPojo>) asBytes.getParameterTypes()[0], false, true)
                : plain != null
                ? new Action(action, plain, (Class<? extends SdkPojo>) plain.getParameterTypes()[0], false, false)
                : null;
        if (found == null) {
            throw new StatesException(StatesErrors.RUNTIME, "The service " + name + " has no action '" + action
                    + "' (actions are named as in the AWS SDK, in camelCase, e.g. "
                    + exampleActions().stream().limit(3).toList() + ")");
        }
        return found;
    }

    private List<String> exampleActions() {
        return Stream.of(client.getMethods()).filter(m -> m.getParameterCount() == 1
                        && SdkPojo.class.isAssignableFrom(m.getParameterTypes()[0]))
                .map(Method::getName).distinct().sorted().toList();
    }

    /** Step Functions' name of an error of this service: {@code S3.NoSuchKeyException}, {@code DynamoDb.DynamoDbException}. */
    String errorName(Throwable error) {
        return errorPrefix + "." + error.getClass().getSimpleName();
    }

    String lowerName() {
        return name.toLowerCase(Locale.ROOT);
    }
}
