package io.linstorcsi.linstor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * LINSTOR's published OpenAPI document, and a small validator for what a client sends: field names,
 * types, enums, required fields, read-only fields, query parameter names.
 */
final class OpenApi {
  private final JsonNode root;

  private OpenApi(JsonNode root) {
    this.root = root;
  }

  static OpenApi load() {
    String file =
        System.getProperty(
            "linstor.openapi", "../../shared/reference/linstor-rest-v1-openapi.yaml");
    try {
      return new OpenApi(new YAMLMapper().readTree(Path.of(file).toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the OpenAPI document " + file, e);
    }
  }

  /** The operation for a concrete request path, and its path template. */
  record Operation(String template, JsonNode pathItem, JsonNode operation) {

    Optional<JsonNode> requestSchema() {
      return Optional.ofNullable(operation.at("/requestBody/content/application~1json/schema"))
          .filter(n -> !n.isMissingNode());
    }
  }

  Optional<Operation> operation(String method, String path) {
    Operation best = null;
    for (Map.Entry<String, JsonNode> entry : root.get("paths").properties()) {
      String template = entry.getKey();
      String regex = "\\Q" + template.replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q") + "\\E";
      JsonNode op = entry.getValue().get(method.toLowerCase());
      if (op != null && Pattern.matches(regex, path)) {
        // a literal segment beats a parameter: /resources/properties/info over /resources/{node}
        if (best == null || literalLength(template) > literalLength(best.template())) {
          best = new Operation(template, entry.getValue(), op);
        }
      }
    }
    return Optional.ofNullable(best);
  }

  private static int literalLength(String template) {
    return template.replaceAll("\\{[^}]+}", "").length();
  }

  /** Names of the query parameters the operation declares. */
  Set<String> queryParameters(Operation op) {
    Set<String> names = new HashSet<>();
    for (JsonNode params :
        List.of(op.pathItem().path("parameters"), op.operation().path("parameters"))) {
      for (JsonNode p : params) {
        JsonNode param = resolve(p);
        if ("query".equals(param.path("in").asText())) {
          names.add(param.get("name").asText());
        }
      }
    }
    return names;
  }

  /** Every way {@code value} breaks {@code schema}, as readable strings; empty when it fits. */
  List<String> violations(JsonNode schema, JsonNode value) {
    List<String> out = new ArrayList<>();
    check(schema, value, "$", out);
    return out;
  }

  private void check(JsonNode schemaOrRef, JsonNode value, String at, List<String> out) {
    JsonNode schema = resolve(schemaOrRef);
    if (schema.has("allOf")) {
      checkObject(mergeAllOf(schema), value, at, out);
      return;
    }
    if (schema.has("oneOf")) {
      for (JsonNode option : schema.get("oneOf")) {
        if (violations(option, value).isEmpty()) {
          return;
        }
      }
      out.add(at + ": matches none of oneOf");
      return;
    }
    String type = schema.path("type").asText(schema.has("properties") ? "object" : "");
    switch (type) {
      case "object" -> checkObject(schema, value, at, out);
      case "array" -> {
        if (!value.isArray()) {
          out.add(at + ": expected array, got " + value.getNodeType());
          return;
        }
        for (int i = 0; i < value.size(); i++) {
          check(schema.get("items"), value.get(i), at + "[" + i + "]", out);
        }
      }
      case "string" -> {
        if (!value.isTextual()) {
          out.add(at + ": expected string, got " + value);
        } else if (schema.has("enum") && !contains(schema.get("enum"), value.asText())) {
          out.add(at + ": '" + value.asText() + "' is not one of " + schema.get("enum"));
        }
      }
      case "integer" -> {
        if (!value.isIntegralNumber()) {
          out.add(at + ": expected integer, got " + value);
        } else if ("int32".equals(schema.path("format").asText()) && !value.canConvertToInt()) {
          out.add(at + ": " + value + " does not fit int32");
        }
      }
      case "number" -> {
        if (!value.isNumber()) {
          out.add(at + ": expected number, got " + value);
        }
      }
      case "boolean" -> {
        if (!value.isBoolean()) {
          out.add(at + ": expected boolean, got " + value);
        }
      }
      default -> {
        // a schema without a type accepts anything
      }
    }
  }

  private void checkObject(JsonNode schema, JsonNode value, String at, List<String> out) {
    if (!value.isObject()) {
      out.add(at + ": expected object, got " + value.getNodeType());
      return;
    }
    JsonNode properties = schema.path("properties");
    JsonNode additional = schema.get("additionalProperties");
    for (Map.Entry<String, JsonNode> field : value.properties()) {
      String where = at + "." + field.getKey();
      JsonNode property = properties.get(field.getKey());
      if (property != null) {
        if (resolve(property).path("readOnly").asBoolean(false)) {
          out.add(where + ": read-only field sent");
        }
        check(property, field.getValue(), where, out);
      } else if (additional != null && additional.isObject()) {
        check(additional, field.getValue(), where, out);
      } else {
        out.add(where + ": unknown field (LINSTOR rejects it)");
      }
    }
    for (JsonNode required : schema.path("required")) {
      if (!value.has(required.asText())) {
        out.add(at + ": required field '" + required.asText() + "' missing");
      }
    }
  }

  private JsonNode mergeAllOf(JsonNode schema) {
    var merged =
        new com.fasterxml.jackson.databind.node.ObjectNode(
            com.fasterxml.jackson.databind.node.JsonNodeFactory.instance);
    var properties = merged.putObject("properties");
    for (JsonNode part : schema.get("allOf")) {
      JsonNode resolved = resolve(part);
      if (resolved.has("allOf")) {
        resolved = mergeAllOf(resolved);
      }
      for (Map.Entry<String, JsonNode> f : resolved.path("properties").properties()) {
        properties.set(f.getKey(), f.getValue());
      }
    }
    return merged;
  }

  JsonNode resolve(JsonNode node) {
    JsonNode current = node;
    while (current.has("$ref")) {
      String ref = current.get("$ref").asText();
      current = root.at(ref.substring(1));
      if (current.isMissingNode()) {
        throw new IllegalStateException("dangling $ref " + ref);
      }
    }
    return current;
  }

  private static boolean contains(JsonNode array, String text) {
    for (JsonNode n : array) {
      if (n.asText().equals(text)) {
        return true;
      }
    }
    return false;
  }
}
