package io.linstorcsi.linstor;

import java.io.IOException;
import java.io.StringReader;
import java.security.PrivateKey;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * PKCS#1 ("RSA PRIVATE KEY") and SEC1 ("EC PRIVATE KEY") keys, as openssl and cert-manager write
 * them. Kept apart so BouncyCastle is loaded only for such keys.
 */
final class TraditionalKeys {
  private TraditionalKeys() {}

  static PrivateKey read(String pem, String what) {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object parsed = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (parsed instanceof PEMKeyPair pair) {
        // the public half is optional in SEC1 keys; the private key info alone is enough
        return converter.getPrivateKey(pair.getPrivateKeyInfo());
      }
      if (parsed instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      throw new IllegalArgumentException(what + " holds no private key");
    } catch (IOException e) {
      throw new IllegalArgumentException(what + " is not a valid PEM key: " + e.getMessage(), e);
    }
  }
}
