package io.linstorcsi.driver;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The logging used until the command line has been parsed (then {@link LogSetup} applies the level
 * and format flags): text lines at INFO on stderr. Set up in code, found by logback through the
 * service loader, because the XML file it replaces made logback load and run its XML configurator
 * (some 300 classes) on every start. A {@code logback-test.xml} on the class path, or the {@code
 * logback.configurationFile} property, still wins.
 */
public final class StartupLogConfigurator extends ContextAwareBase implements Configurator {
  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null
        || StartupLogConfigurator.class.getClassLoader().getResource("logback-test.xml") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    LogSetup.apply(context, "info", LogSetup.Format.TEXT);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
