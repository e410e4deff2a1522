package io.linstorcsi.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * The published LINSTOR REST v1 OpenAPI document and a validator of JSON values against its
 * schemas: field names (no field the schema does not define), JSON types, string enums, required
 * fields, array items and maps, following {@code $ref}, {@code allOf} and {@code oneOf}.
 */
final class OpenApi {
  static final Path SPEC =
      Path.of(
          System.getProperty(
              "linstor.openapi", "../../shared/reference/linstor-rest-v1-openapi.yaml"));

  private final JsonNode root;

  OpenApi() {
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(SPEC.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The response schema of an operation, or null when the document lists none for that status. */
  JsonNode responseSchema(String template, String method, int status) {
    JsonNode op = root.path("paths").path(template).path(method.toLowerCase());
    if (op.isMissingNode()) {
      return null;
    }
    JsonNode response = resolve(op.path("responses").path(String.valueOf(status)));
    if (response.isMissingNode()) {
      return null;
    }
    JsonNode schema = response.path("content").path("application/json").path("schema");
    return schema.isMissingNode() ? null : schema;
  }

  /** The success statuses the document lists for an operation. */
  List<Integer> successStatuses(String template, String method) {
    List<Integer> out = new ArrayList<>();
    JsonNode responses =
        root.path("paths").path(template).path(method.toLowerCase()).path("responses");
    responses
        .fieldNames()
        .forEachRemaining(
            s -> {
              if (s.startsWith("2")) {
                out.add(Integer.parseInt(s));
              }
            });
    return out;
  }

  JsonNode schema(String name) {
    return root.path("components").path("schemas").path(name);
  }

  JsonNode resolve(JsonNode node) {
    JsonNode current = node;
    while (current.has("$ref")) {
      String ref = current.get("$ref").asText();
      JsonNode target = root;
      for (String part : ref.substring(2).split("/")) {
        target = target.path(part);
      }
      current = target;
    }
    return current;
  }

  /**
   * Validates {@code value}; {@code excused} may excuse a finding (path, message) the recorded
   * controller also shows.
   */
  List<String> validate(JsonNode value, JsonNode schema, BiPredicate<String, String> excused) {
    List<String> errors = new ArrayList<>();
    check(value, schema, "", errors, excused);
    return errors;
  }

  private void report(
      List<String> errors, BiPredicate<String, String> excused, String path, String msg) {
    if (!excused.test(path, msg)) {
      errors.add((path.isEmpty() ? "/" : path) + ": " + msg);
    }
  }

  private void check(
      JsonNode value,
      JsonNode schemaRef,
      String path,
      List<String> errors,
      BiPredicate<String, String> excused) {
    JsonNode schema = merged(resolve(schemaRef));
    if (schema.has("oneOf")) {
      for (JsonNode alternative : schema.get("oneOf")) {
        List<String> attempt = new ArrayList<>();
        check(value, alternative, path, attempt, excused);
        if (attempt.isEmpty()) {
          return;
        }
      }
      report(errors, excused, path, "matches none of the oneOf alternatives: " + value);
      return;
    }
    String type = schema.path("type").asText(schema.has("properties") ? "object" : "");
    switch (type) {
      case "object" -> object(value, schema, path, errors, excused);
      case "array" -> {
        if (!value.isArray()) {
          report(errors, excused, path, "array expected, got " + value.getNodeType());
          return;
        }
        for (int i = 0; i < value.size(); i++) {
          check(value.get(i), schema.path("items"), path + "/" + i, errors, excused);
        }
      }
      case "string" -> {
        if (!value.isTextual()) {
          report(errors, excused, path, "string expected, got " + value);
          return;
        }
        if (schema.has("enum")) {
          boolean listed = false;
          for (JsonNode e : schema.get("enum")) {
            listed |= e.asText().equals(value.asText());
          }
          if (!listed) {
            report(
                errors,
                excused,
                path,
                "value '" + value.asText() + "' not in enum " + schema.get("enum"));
          }
        }
      }
      case "integer" -> {
        if (!value.isIntegralNumber()) {
          report(errors, excused, path, "integer expected, got " + value);
        }
      }
      case "number" -> {
        if (!value.isNumber()) {
          report(errors, excused, path, "number expected, got " + value);
        }
      }
      case "boolean" -> {
        if (!value.isBoolean()) {
          report(errors, excused, path, "boolean expected, got " + value);
        }
      }
      default -> {
        // a schema without a type admits any value
      }
    }
  }

  private void object(
      JsonNode value,
      JsonNode schema,
      String path,
      List<String> errors,
      BiPredicate<String, String> excused) {
    if (!value.isObject()) {
      report(errors, excused, path, "object expected, got " + value.getNodeType());
      return;
    }
    JsonNode properties = schema.path("properties");
    JsonNode additional = schema.path("additionalProperties");
    for (JsonNode required : schema.path("required")) {
      if (!value.has(required.asText())) {
        report(errors, excused, path + "/" + required.asText(), "required field missing");
      }
    }
    for (Map.Entry<String, JsonNode> field : value.properties()) {
      String child = path + "/" + field.getKey();
      if (properties.has(field.getKey())) {
        check(field.getValue(), properties.get(field.getKey()), child, errors, excused);
      } else if (additional.isObject()) {
        if (!field.getValue().isNull()) {
          check(field.getValue(), additional, child, errors, excused);
        }
      } else if (!additional.asBoolean(false)) {
        report(errors, excused, child, "field not defined by the schema");
      }
    }
  }

  /** Folds allOf parts into one object schema. */
  private JsonNode merged(JsonNode schema) {
    if (!schema.has("allOf")) {
      return schema;
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    ObjectNode props = out.putObject("properties");
    out.put("type", "object");
    for (JsonNode part : schema.get("allOf")) {
      JsonNode p = merged(resolve(part));
      p.path("properties").properties().forEach(e -> props.set(e.getKey(), e.getValue()));
      if (p.has("required")) {
        out.withArray("required")
            .addAll((com.fasterxml.jackson.databind.node.ArrayNode) p.get("required"));
      }
    }
    return out;
  }
}
