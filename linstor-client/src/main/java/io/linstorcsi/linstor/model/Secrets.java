package io.linstorcsi.linstor.model;

/** How secrets read in the {@code toString} of the records that carry them. */
final class Secrets {
  private Secrets() {}

  /** "***" when set, "<none>" when absent: shows whether a secret was given, never what it is. */
  static String mask(String secret) {
    return secret == null || secret.isEmpty() ? "<none>" : "***";
  }
}
