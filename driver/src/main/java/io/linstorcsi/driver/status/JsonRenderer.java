package io.linstorcsi.driver.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.UncheckedIOException;

/** The report as one JSON document, pretty-printed, or on one line for a stream of reports. */
final class JsonRenderer {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonRenderer() {}

  static String render(StatusReport report, boolean pretty) {
    try {
      return pretty
          ? MAPPER.writeValueAsString(report)
          : MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report);
    } catch (JsonProcessingException e) {
      // Records of strings, numbers and lists always serialise; this would be a programming error.
      throw new UncheckedIOException(e);
    }
  }
}
