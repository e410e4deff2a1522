package io.linstorcsi.driver.demo;

import java.lang.reflect.Method;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * An S3 server inside the walkthrough's process, when its class path has s3proxy (the driver's
 * tests put it there). It is not a dependency of the driver: s3proxy brings Jetty and the Google
 * Cloud and Azure storage SDKs, tens of megabytes the driver image should not carry for a demo.
 * Reached by reflection for that reason; without it the backup step needs {@code --s3-endpoint}.
 */
final class InProcessS3 implements AutoCloseable {
  static final String PROXY_CLASS = "org.gaul.s3proxy.S3Proxy";

  private final Object proxy;
  private final S3Target target;

  private InProcessS3(Object proxy, S3Target target) {
    this.proxy = proxy;
    this.target = target;
  }

  static boolean available() {
    try {
      Class.forName(PROXY_CLASS, false, InProcessS3.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /** Starts a server on a free loopback port, storing below {@code dir}, with one bucket. */
  static InProcessS3 start(Path dir, String bucket) throws Exception {
    Files.createDirectories(dir);
    ClassLoader cl = InProcessS3.class.getClassLoader();
    Class<?> blobStoreType = Class.forName("org.gaul.s3proxy.blobstore.BlobStore", true, cl);
    Object store =
        Class.forName("org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore", true, cl)
            .getConstructor(String.class)
            .newInstance(dir.toString());
    blobStoreType.getMethod("createContainer", String.class).invoke(store, bucket);
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    String accessKey = "demo-" + UUID.randomUUID().toString().substring(0, 8);
    String secretKey = UUID.randomUUID().toString();
    Class<?> authType = Class.forName("org.gaul.s3proxy.auth.AuthenticationType", true, cl);
    Object builder = Class.forName(PROXY_CLASS, true, cl).getMethod("builder").invoke(null);
    Class<?> builderType = builder.getClass();
    builderType.getMethod("blobStore", blobStoreType).invoke(builder, store);
    builderType
        .getMethod("endpoint", java.net.URI.class)
        .invoke(builder, java.net.URI.create("http://127.0.0.1:" + port));
    builderType
        .getMethod("awsAuthentication", authType, String.class, String.class)
        .invoke(builder, enumValue(authType, "AWS_V2_OR_V4"), accessKey, secretKey);
    Object proxy = builderType.getMethod("build").invoke(builder);
    proxy.getClass().getMethod("start").invoke(proxy);
    Method state = proxy.getClass().getMethod("getState");
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!"STARTED".equals(state.invoke(proxy))) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the in-process S3 server did not start");
      }
      Thread.sleep(10);
    }
    return new InProcessS3(
        proxy, new S3Target("http://127.0.0.1:" + port, bucket, "us-east-1", accessKey, secretKey));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object enumValue(Class<?> type, String name) {
    return Enum.valueOf((Class) type, name);
  }

  S3Target target() {
    return target;
  }

  @Override
  public void close() throws Exception {
    proxy.getClass().getMethod("stop").invoke(proxy);
  }
}
