package dev.statewright.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.api.service.ServiceException;
import dev.statewright.api.service.StateMachines;
import dev.statewright.api.store.StateMachineAliasRecord;
import dev.statewright.api.store.StateMachineRecord;
import dev.statewright.interpreter.json.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The operations on versions and aliases of state machines. */
final class VersionOperations {
    private VersionOperations() {
    }

    static void addTo(AwsOperations.Table table, StateMachines machines) {
        table.now("PublishStateMachineVersion", r -> {
            StateMachineRecord version = machines.publishVersion(r.required("stateMachineArn"), r.optional("revisionId"),
                    r.optional("description"));
            return Json.object().put("creationDate", AwsShapes.timestamp(version.creationDate()))
                    .put("stateMachineVersionArn", version.arn());
        });
        table.now("ListStateMachineVersions", r -> page(r, "stateMachineVersions", machines::versions,
                version -> Json.object().put("stateMachineVersionArn", version.arn())
                        .put("creationDate", AwsShapes.timestamp(version.creationDate()))));
        table.now("DeleteStateMachineVersion", r -> {
            machines.deleteVersion(r.required("stateMachineVersionArn"));
            return Json.object();
        });
        table.now("CreateStateMachineAlias", r -> {
            String description = r.optional("description");
            String name = r.required("name");
            StateMachineAliasRecord alias = machines.createAlias(name, description, routing(r.list("routingConfiguration")));
            return Json.object().put("stateMachineAliasArn", alias.arn())
                    .put("creationDate", AwsShapes.timestamp(alias.creationDate()));
        });
        table.now("DescribeStateMachineAlias", r -> alias(machines.describeAlias(r.required("stateMachineAliasArn"))));
        table.now("UpdateStateMachineAlias", r -> {
            String arn = r.required("stateMachineAliasArn");
            String description = r.optional("description");
            JsonNode routing = r.list("routingConfiguration");
            StateMachineAliasRecord alias = machines.updateAlias(arn, description,
                    routing == null ? null : routing(routing));
            return Json.object().put("updateDate", AwsShapes.timestamp(alias.updateDate()));
        });
        table.now("DeleteStateMachineAlias", r -> {
            machines.deleteAlias(r.required("stateMachineAliasArn"));
            return Json.object();
        });
        table.now("ListStateMachineAliases", r -> page(r, "stateMachineAliases", machines::aliases,
                alias -> Json.object().put("stateMachineAliasArn", alias.arn())
                        .put("creationDate", AwsShapes.timestamp(alias.creationDate()))));
    }

    static ObjectNode alias(StateMachineAliasRecord alias) {
        ObjectNode node = Json.object().put("stateMachineAliasArn", alias.arn()).put("name", alias.name());
        if (alias.description() != null) {
            node.put("description", alias.description());
        }
        ArrayNode routing = node.putArray("routingConfiguration");
        alias.routing().forEach(route -> routing.addObject().put("stateMachineVersionArn", route.stateMachineVersionArn())
                .put("weight", route.weight()));
        return node.put("creationDate", AwsShapes.timestamp(alias.creationDate()))
                .put("updateDate", AwsShapes.timestamp(alias.updateDate()));
    }

    /** A list of a machine's versions or aliases, a page at a time, as the List operations give it. */
    private static <T> JsonNode page(RequestFields r, String listName, Function<String, List<T>> all,
                                     Function<T, ObjectNode> item) {
        String machineArn = r.required("stateMachineArn");
        Integer maxResults = r.optionalInt("maxResults", 0, Pages.MAX_PAGE);
        String nextToken = r.optional("nextToken");
        Pages.Page<T> page = Pages.of(all.apply(machineArn), maxResults, nextToken, listName);
        ObjectNode response = Json.object();
        ArrayNode items = response.putArray(listName);
        page.items().forEach(each -> items.add(item.apply(each)));
        if (page.nextToken() != null) {
            response.put("nextToken", page.nextToken());
        }
        return response;
    }

    private static List<StateMachineAliasRecord.Route> routing(JsonNode list) {
        if (list == null) {
            throw ServiceException.validation("1 validation error detected: Value null at 'routingConfiguration' failed"
                    + " to satisfy constraint: Member must not be null");
        }
        List<StateMachineAliasRecord.Route> routes = new ArrayList<>();
        for (JsonNode item : list) {
            JsonNode version = item.get("stateMachineVersionArn");
            JsonNode weight = item.get("weight");
            if (version == null || !version.isTextual()) {
                throw ServiceException.validation("1 validation error detected: Value null at"
                        + " 'routingConfiguration.member.stateMachineVersionArn' failed to satisfy constraint: Member"
                        + " must not be null");
            }
            if (weight == null || !weight.isIntegralNumber()) {
                throw ServiceException.validation("1 validation error detected: Value null at"
                        + " 'routingConfiguration.member.weight' failed to satisfy constraint: Member must not be null");
            }
            routes.add(new StateMachineAliasRecord.Route(version.textValue(), weight.intValue()));
        }
        return routes;
    }
}
