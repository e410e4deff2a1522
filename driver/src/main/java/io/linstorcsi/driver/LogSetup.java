package io.linstorcsi.driver;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import org.slf4j.LoggerFactory;

/** Configures logging from the command line: level and plain text or JSON lines on stderr. */
public final class LogSetup {
  public enum Format {
    TEXT,
    JSON
  }

  private LogSetup() {}

  public static void apply(String level, Format format) {
    apply((LoggerContext) LoggerFactory.getILoggerFactory(), level, format);
  }

  static void apply(LoggerContext context, String level, Format format) {
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.detachAndStopAllAppenders();

    Encoder<ILoggingEvent> encoder;
    if (format == Format.JSON) {
      JsonEncoder json = new JsonEncoder();
      json.setWithArguments(false);
      json.setWithMessage(false);
      json.setWithFormattedMessage(true);
      json.setWithContext(false);
      json.setWithSequenceNumber(false);
      json.setWithNanoseconds(false);
      encoder = json;
    } else {
      PatternLayoutEncoder text = new PatternLayoutEncoder();
      text.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{20} - %msg%n");
      encoder = text;
    }
    encoder.setContext(context);
    encoder.start();

    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName("stderr");
    console.setTarget("System.err");
    console.setEncoder(encoder);
    console.start();

    root.addAppender(console);
    root.setLevel(Level.toLevel(level, Level.INFO));
    // Netty and gRPC are chatty at debug; their internals rarely help an operator.
    context.getLogger("io.grpc.netty").setLevel(Level.INFO);
    context.getLogger("okhttp3").setLevel(Level.INFO);
    // Netty warns that a Unix socket has no SO_KEEPALIVE on every connection; it is harmless.
    context.getLogger("io.grpc.netty.shaded.io.netty.bootstrap").setLevel(Level.ERROR);
  }

  static void validateLevel(String level) {
    if (!level.matches("(?i)trace|debug|info|warn|warning|error|off")) {
      throw new IllegalArgumentException(
          "--log-level must be one of trace, debug, info, warn, error, got '" + level + "'");
    }
  }

  static String normalise(String level) {
    return level.equalsIgnoreCase("warning") ? "warn" : level.toLowerCase(java.util.Locale.ROOT);
  }
}
