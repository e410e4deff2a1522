package io.linstorcsi.driver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;

/** The version stamped into the jar at build time. */
public final class BuildInfo implements CommandLine.IVersionProvider {
  public static final String DRIVER_NAME = "linstor.csi.linbit.com";

  private static final Properties PROPS = load();

  private static Properties load() {
    Properties props = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream("/linstor-csi-version.properties")) {
      if (in != null) {
        props.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return props;
  }

  public static String version() {
    return PROPS.getProperty("version", "unknown");
  }

  @Override
  public String[] getVersion() {
    return new String[] {
      DRIVER_NAME + " " + version(),
      "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
    };
  }
}
