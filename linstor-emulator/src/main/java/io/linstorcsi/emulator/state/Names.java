package io.linstorcsi.emulator.state;

import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;

/** LINSTOR object names compare case-insensitively and are listed in that order. */
public final class Names {
  public static final Comparator<String> ORDER = String.CASE_INSENSITIVE_ORDER;
  public static final int MAX_RSC_NAME = 48;

  private Names() {}

  public static <V> Map<String, V> map() {
    return new TreeMap<>(ORDER);
  }

  /**
   * LINSTOR's name rule (linstor-server server/.../Checks.nameCheck, ResourceName): ASCII letters
   * and digits, '_' anywhere, '-' inside; at least one letter; must not start with a digit. Returns
   * the reason a name is invalid, or null when it is valid.
   */
  public static String invalidReason(String name, int minLength, int maxLength) {
    if (name == null) {
      return "Given name is null";
    }
    if (name.length() < minLength) {
      return "Invalid name: Name length "
          + name.length()
          + " is less than minimum length "
          + minLength;
    }
    if (name.length() > maxLength) {
      return "Invalid name: Name length "
          + name.length()
          + " is greater than maximum length "
          + maxLength;
    }
    if (name.chars().noneMatch(Names::isAsciiLetter)) {
      return "Invalid name: Name must contain at least one character that matches [a-zA-Z]";
    }
    char first = name.charAt(0);
    if (!isAsciiLetter(first) && first != '_') {
      return "Invalid name: Cannot begin with character '" + first + "'";
    }
    for (int i = 1; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '_' || c == '-')) {
        return "Invalid name: Cannot contain character '" + c + "'";
      }
    }
    return null;
  }

  private static boolean isAsciiLetter(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
