package dev.statewright.api.integrations.awssdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.statewright.api.ServiceConfig;
import dev.statewright.api.SfnTestClients;
import dev.statewright.api.StatewrightService;
import dev.statewright.api.integrations.CallbackWorkers;
import dev.statewright.api.integrations.ServiceCasePlan;
import dev.statewright.interpreter.conformance.ConformanceCase;
import dev.statewright.interpreter.conformance.KnownFailures;
import dev.statewright.interpreter.conformance.KnownFailuresVerdict;
import dev.statewright.interpreter.conformance.RecordedOutcome;
import dev.statewright.interpreter.engine.ExecutionResult;
import dev.statewright.interpreter.engine.ExecutionStatus;
import dev.statewright.interpreter.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The recorded executions that call SQS, SNS, DynamoDB, EventBridge or S3, run through the service
 * against local implementations of those services: ElasticMQ, s3proxy and dynalite, and stand-ins
 * for SNS and EventBridge that check requests as the API references define them. Before each case
 * the queue, topic, table, bucket and object it assumed are made ({@link CaseResources}); a
 * callback case's message is read from the real queue (or the topic) and its token answered as
 * the case's test did ({@link ServiceCasePlan}). Status, output, error, cause and history event
 * types must match AWS's; a case that cannot is named with its reason in
 * {@code test-fixtures/aws-services-known-failures.txt}, and the list must stay true both ways.
 */
class AwsServicesConformanceTest {
    private static final List<String> SERVICES = List.of("sqs", "sns", "dynamodb", "events", "s3");
    private static final Duration CASE_DEADLINE = Duration.ofSeconds(40);

    private static LocalSqs sqs;
    private static LocalS3 s3;
    private static LocalDynamoDb dynamoDb;
    private static SnsStandIn sns;
    private static EventBridgeStandIn events;
    private static StatewrightService service;
    private static SfnClient sfn;
    private static SqsClient sqsClient;
    private static S3Client s3Client;
    private static DynamoDbClient dynamoDbClient;

    @BeforeAll
    static void start() throws Exception {
        sqs = new LocalSqs();
        s3 = new LocalS3();
        dynamoDb = new LocalDynamoDb();
        sns = new SnsStandIn();
        events = new EventBridgeStandIn();
        ServiceEndpoints endpoints = new ServiceEndpoints(Map.of("sqs", sqs.endpoint(), "s3", s3.endpoint(),
                "dynamodb", dynamoDb.endpoint(), "sns", sns.endpoint(), "eventbridge", events.endpoint()), false);
        // Real time: the callback cases wait out TimeoutSeconds and HeartbeatSeconds.
        service = StatewrightService.start(ServiceConfig.defaults().withPort(0).withDataDirectory(null)
                .withWaitTimeScale(1).withEndpoints(endpoints));
        sfn = SfnTestClients.client(service.port());
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        sqsClient = SqsClient.builder().endpointOverride(sqs.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
        s3Client = S3Client.builder().endpointOverride(s3.endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
        dynamoDbClient = DynamoDbClient.builder().endpointOverride(dynamoDb.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[]{sfn, service, sqsClient, s3Client, dynamoDbClient, sqs, s3,
                dynamoDb, sns, events}) {
            if (closeable != null) {
                closeable.close();
            }
        }
    }

    @Test
    void recordedExecutionsAgainstLocalServicesMatchAws() throws Exception {
        Map<String, String> knownFailures = KnownFailures.load(ConformanceCase.fixtures()
                .resolve("aws-services-known-failures.txt"));
        Map<String, ServiceCasePlan> plans = ServiceCasePlan.load();
        List<ConformanceCase> cases = ConformanceCase.allCases().stream().filter(c -> !servicesOf(c).isEmpty()).toList();
        CaseResources resources = new CaseResources(sqsClient, s3Client, dynamoDbClient, sns);
        Map<String, ServiceCasePlan> plansByTopic = new ConcurrentHashMap<>();
        ExecutorService queueReaders = Executors.newCachedThreadPool();
        Map<String, String> failures = new LinkedHashMap<>();
        try (CallbackWorkers workers = new CallbackWorkers(() -> sfn)) {
            sns.subscribe(message -> {
                ServiceCasePlan plan = plansByTopic.get(message.topicArn());
                if (plan != null) {
                    workers.answer(plan, parsed(message.message()));
                }
            });
            // All cases run at once: the callback cases wait out real timeouts.
            Map<String, CompletableFuture<String>> outcomes = new LinkedHashMap<>();
            int index = 0;
            for (ConformanceCase c : cases) {
                String id = "case-" + index++;
                try {
                    CaseResources.Made made = resources.makeFor(c, id);
                    ServiceCasePlan plan = plans.get(c.name());
                    if (plan != null && made.topicArn() != null) {
                        plansByTopic.put(made.topicArn(), plan); // before the start: it may publish at once
                    }
                    String executionArn = start(c, made, id);
                    CompletableFuture<String> outcome = service.stepFunctions().whenFinished(executionArn)
                            .orTimeout(CASE_DEADLINE.toSeconds(), TimeUnit.SECONDS)
                            .thenApply(ended -> compare(c, executionArn));
                    if (plan != null && made.queueUrl() != null) {
                        queueReaders.submit(() -> readQueue(made.queueUrl(), plan, workers, outcome));
                    }
                    outcomes.put(c.name(), outcome);
                } catch (RuntimeException e) {
                    outcomes.put(c.name(), CompletableFuture.completedFuture("could not start: " + e));
                }
            }
            for (Map.Entry<String, CompletableFuture<String>> outcome : outcomes.entrySet()) {
                String problem;
                try {
                    problem = outcome.getValue().get();
                } catch (ExecutionException e) {
                    problem = "did not finish: " + e.getCause();
                }
                if (problem != null) {
                    failures.put(outcome.getKey(), problem);
                }
            }
            workers.problems().forEach(problem -> System.out.println("WORKER PROBLEM " + problem));
        } finally {
            queueReaders.shutdownNow();
        }

        report(cases, failures);
        List<String> notInCorpus = knownFailures.keySet().stream()
                .filter(name -> cases.stream().noneMatch(c -> c.name().equals(name))).toList();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(80);
        KnownFailuresVerdict.of(knownFailures, cases, failures).assertListIsExact();
        assertThat(notInCorpus).as("known failures that are not cases of this test").isEmpty();
    }

    /** The services of this test that a case calls. */
    private static List<String> servicesOf(ConformanceCase c) {
        List<String> services = new ArrayList<>();
        c.root().path("needsServices").forEach(service -> {
            if (SERVICES.contains(service.asText())) {
                services.add(service.asText());
            }
        });
        return services;
    }

    private static String start(ConformanceCase c, CaseResources.Made made, String id) {
        String machineArn = sfn.createStateMachine(b -> b.name(id).definition(Json.write(made.apply(c.definition())))
                .roleArn("arn:aws:iam::111111111111:role/conformance")
                .type(c.root().path("stateMachineType").asText().equals("EXPRESS")
                        ? software.amazon.awssdk.services.sfn.model.StateMachineType.EXPRESS
                        : software.amazon.awssdk.services.sfn.model.StateMachineType.STANDARD)).stateMachineArn();
        return sfn.startExecution(b -> b.stateMachineArn(machineArn).name("execution-1")
                .input(Json.write(made.apply(c.input())))).executionArn();
    }

    /** Reads the case's queue (long polls, not sleeps) and hands each message to a worker, until the case ends. */
    private static void readQueue(String queueUrl, ServiceCasePlan plan, CallbackWorkers workers,
                                  CompletableFuture<String> caseEnded) {
        while (!caseEnded.isDone() && !Thread.currentThread().isInterrupted()) {
            List<Message> messages;
            try {
                messages = sqsClient.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(1)
                        .maxNumberOfMessages(10)).messages();
            } catch (RuntimeException stopped) {
                return; // the queue service closed at the end of the test
            }
            for (Message message : messages) {
                workers.answer(plan, parsed(message.body()));
                sqsClient.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
        }
    }

    private static JsonNode parsed(String text) {
        try {
            return Json.parse(text);
        } catch (RuntimeException plainText) {
            return TextNode.valueOf(text);
        }
    }

    private static String compare(ConformanceCase c, String executionArn) {
        DescribeExecutionResponse described = sfn.describeExecution(b -> b.executionArn(executionArn));
        ExecutionResult result = new ExecutionResult(ExecutionStatus.valueOf(described.statusAsString()),
                described.output() == null ? null : Json.parse(described.output()), described.error(), described.cause(),
                List.of());
        String problem = RecordedOutcome.resultProblem(withLocalHeadersSkipped(c), result);
        if (problem == null) {
            problem = maskedCauseProblem(c, result);
        }
        if (problem != null) {
            return problem;
        }
        List<String> types = new ArrayList<>();
        sfn.getExecutionHistoryPaginator(b -> b.executionArn(executionArn)).events()
                .forEach(event -> types.add(event.typeAsString()));
        return RecordedOutcome.historyProblem(c, types);
    }

    /**
     * The corpus masks a whole error cause for the request id in it ({@code ... Request ID:
     * <request_id>; Proxy: null)}); the rest is AWS's wording, which our integrations must give.
     * So a masked cause is compared with each {@code <mask>} matching anything, and the SDK's
     * {@code (SDK Attempt Count: n)}, which AWS's later recordings show and its earlier do not, allowed.
     */
    static String maskedCauseProblem(ConformanceCase c, ExecutionResult result) {
        for (String pointer : c.placeholders()) {
            if (!pointer.endsWith("/cause") && !pointer.endsWith("/Cause")) {
                continue;
            }
            JsonNode expected = c.root().at(pointer);
            if (!expected.isTextual() || !expected.textValue().contains("<")) {
                continue;
            }
            String actual;
            if (pointer.equals("/expected/cause")) {
                actual = result.cause();
            } else if (pointer.startsWith("/expected/output/") && result.output() != null) {
                JsonNode node = result.output().at(pointer.substring("/expected/output".length()));
                actual = node.isTextual() ? node.textValue() : null;
            } else {
                continue;
            }
            String[] pieces = expected.textValue().split("<[A-Za-z0-9_:-]+>", -1);
            StringBuilder pattern = new StringBuilder(Pattern.quote(pieces[0]));
            for (int i = 1; i < pieces.length; i++) {
                pattern.append(".*?").append(Pattern.quote(pieces[i]));
            }
            pattern.append("( \\(SDK Attempt Count: \\d+\\))?");
            if (actual == null || !actual.matches(pattern.toString())) {
                return "cause at " + pointer + " \"" + actual + "\" is not AWS's \"" + expected.textValue() + "\"";
            }
        }
        return null;
    }

    /**
     * The case with the HTTP headers inside each {@code SdkHttpMetadata} of its expected output
     * skipped, and the ETags its recording masked whole ({@code <Etag-file_0.txt>}): they are the headers of whichever server answered (AWS's, or here ElasticMQ's and
     * dynalite's: Server, Content-Length, connection). The status code and the shape are still compared.
     */
    static ConformanceCase withLocalHeadersSkipped(ConformanceCase c) {
        ObjectNode root = c.root().deepCopy();
        ArrayNode placeholders = root.has("placeholders") ? (ArrayNode) root.get("placeholders") : root.putArray("placeholders");
        addHeaderPointers(root.path("expected").path("output"), "/expected/output", placeholders);
        return new ConformanceCase(c.name(), root);
    }

    private static void addHeaderPointers(JsonNode value, String pointer, ArrayNode placeholders) {
        if (value.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String inner = pointer + "/" + field.getKey().replace("~", "~0").replace("/", "~1");
                if (field.getValue().isTextual() && field.getValue().textValue().matches("<Etag-[^>]+>")) {
                    placeholders.add(inner); // an ETag the recording masked whole: s3proxy's differs
                } else if (field.getKey().equals("SdkHttpMetadata")) {
                    placeholders.add(inner + "/AllHttpHeaders");
                    placeholders.add(inner + "/HttpHeaders");
                } else {
                    addHeaderPointers(field.getValue(), inner, placeholders);
                }
            }
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                addHeaderPointers(value.get(i), pointer + "/" + i, placeholders);
            }
        }
    }

    private static void report(List<ConformanceCase> cases, Map<String, String> failures) {
        Map<String, int[]> byService = new TreeMap<>();
        for (ConformanceCase c : cases) {
            for (String service : servicesOf(c)) {
                byService.computeIfAbsent(service, s -> new int[2])[failures.containsKey(c.name()) ? 1 : 0]++;
            }
        }
        System.out.println("aws services conformance: " + (cases.size() - failures.size()) + " passed, "
                + failures.size() + " failed " + byService.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()[0] + "/" + (e.getValue()[0] + e.getValue()[1]))
                .collect(Collectors.joining(", ", "(", ")")));
        failures.forEach((name, problem) -> System.out.println("FAILED " + name + ": " + problem));
    }
}
