package io.linstorcsi.emulator.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.linstorcsi.emulator.rc.ApiException;
import io.linstorcsi.emulator.rc.Rc;
import io.linstorcsi.emulator.rc.RetCode;
import java.util.List;
import java.util.function.Supplier;

/**
 * The emulator's one JSON mapper. Like the controller's generated types it leaves out null and
 * empty fields (but keeps empty strings inside property maps) and rejects unknown request fields.
 */
public final class Json {
  public static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .defaultPropertyInclusion(
              JsonInclude.Value.construct(
                  JsonInclude.Include.NON_EMPTY, JsonInclude.Include.ALWAYS))
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .build();

  private Json() {}

  public static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass(), e);
    }
  }

  public static JsonNode tree(Object value) {
    return MAPPER.valueToTree(value);
  }

  /**
   * Parses a request body. A body that does not parse is LINSTOR's API_CALL_PARSE_ERROR with
   * Jackson's message in {@code details}: HTTP 400 on the synchronous endpoints, 500 on the others
   * (whose replies go through the generic error-to-status rule).
   */
  public static <T> T read(String body, Class<T> type, Supplier<String> badRequestReportId) {
    try {
      return MAPPER.readValue(body == null ? "" : body, type);
    } catch (JsonProcessingException e) {
      Rc.Builder rc =
          Rc.of(RetCode.API_CALL_PARSE_ERROR, "Unable to parse input json.")
              .details(e.getOriginalMessage() + locationSuffix(e));
      if (badRequestReportId != null) {
        rc.report(badRequestReportId.get());
      }
      throw new ApiException(List.of(rc.build()), badRequestReportId != null ? 400 : 500);
    }
  }

  private static String locationSuffix(JsonProcessingException e) {
    String full = e.getMessage();
    String original = e.getOriginalMessage();
    return full != null && original != null && full.startsWith(original)
        ? full.substring(original.length())
        : "";
  }
}
