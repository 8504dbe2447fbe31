package dev.sluice.server.secrets;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/** Where the secret store keeps its keys, wrapped: never the key material itself. */
public interface SecretRepository {

  /** A stored key: its algorithm and its material wrapped with the master key (base64). */
  record WrappedKey(String algorithm, String wrapped) {}

  void insert(String name, String algorithm, String wrapped, String author, OffsetDateTime at);

  List<SecretStore.KeyInfo> list();

  boolean exists(String name);

  /** Returns whether a key of that name was there. */
  boolean delete(String name);

  Optional<WrappedKey> find(String name);
}
