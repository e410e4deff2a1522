package io.linstorcsi.linstor;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;
import java.util.Map;

/** The JSON settings every LINSTOR exchange uses. */
final class Json {
  private Json() {}

  static final ObjectMapper MAPPER = create();

  static ObjectMapper create() {
    ObjectMapper mapper =
        JsonMapper.builder()
            // newer controllers add fields; reading must not break on them
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // LINSTOR rejects unknown fields and treats an absent value as "keep"; send only
            // what the caller set
            .defaultPropertyInclusion(
                JsonInclude.Value.construct(
                    JsonInclude.Include.NON_NULL, JsonInclude.Include.USE_DEFAULTS))
            .build();
    // records turn absent lists and maps into empty ones; leave those out again when writing
    JsonInclude.Value nonEmpty = JsonInclude.Value.construct(JsonInclude.Include.NON_EMPTY, null);
    mapper.configOverride(List.class).setInclude(nonEmpty);
    mapper.configOverride(Map.class).setInclude(nonEmpty);
    return mapper;
  }
}
